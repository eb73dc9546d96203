/* json-read.h — typed reads of a JSON document paiban wrote itself (build.json, proof.json),
 * that a person may have edited, truncated or replaced since.
 *
 * Each getter returns the member only when it has the type wanted, else NULL or 0: json-glib's
 * own getters print a critical on stderr for a member of another type, and turn a double into
 * an integer by a C cast (undefined for 1e300).  A record that reads as nothing is not reused,
 * and what it stood for is built again.
 */
#ifndef PB_JSON_READ_H
#define PB_JSON_READ_H

#include <json-glib/json-glib.h>

/* Parses `path` into `parser` only when it is what paiban writes: a regular file (opened
 * without waiting, so a FIFO put in its place does not block; its type read from the opened
 * file) of at most 64 MiB, in strict JSON nested at most 64 deep.  json-glib also accepts
 * comments and single-quoted strings, and its parser recurses: 100,000 brackets would overflow
 * the stack.  FALSE with `error` otherwise; a missing file is G_FILE_ERROR_NOENT. */
gboolean pb_json_load_file(JsonParser *parser, const char *path, GError **error);

const char *pb_json_string(JsonObject *o, const char *name); /* NULL unless a string */
gint64 pb_json_int(JsonObject *o, const char *name);         /* 0 unless a whole number */
double pb_json_double(JsonObject *o, const char *name);      /* 0 unless a number */
gboolean pb_json_boolean(JsonObject *o, const char *name);   /* FALSE unless true */
JsonArray *pb_json_array(JsonObject *o, const char *name);   /* NULL unless a list */
JsonObject *pb_json_object(JsonObject *o, const char *name); /* NULL unless an object */

/* Element `i` of `a` as a number, an object or a string; 0 or NULL when of another type. */
double pb_json_element_double(JsonArray *a, guint i);
gint64 pb_json_element_int(JsonArray *a, guint i);
JsonObject *pb_json_element_object(JsonArray *a, guint i);
const char *pb_json_element_string(JsonArray *a, guint i);

#endif
