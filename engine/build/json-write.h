/* json-write.h — the members paiban writes in its JSON (build.json, proof.json, --json
 * reports) and the document as text, beside json-read.h's typed reads.
 */
#ifndef PB_JSON_WRITE_H
#define PB_JSON_WRITE_H

#include <json-glib/json-glib.h>

/* A member `name` of the object being built: a string (null for NULL), a whole number, a
 * number. */
void pb_json_member_string(JsonBuilder *b, const char *name, const char *value);
void pb_json_member_int(JsonBuilder *b, const char *name, gint64 value);
void pb_json_member_double(JsonBuilder *b, const char *name, double value);
void pb_json_member_boolean(JsonBuilder *b, const char *name, gboolean value);

/* The builder's document, pretty-printed: a new string. */
char *pb_json_finish(JsonBuilder *b);

#endif
