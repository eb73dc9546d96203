/* schema.h — reading typed values out of YAML nodes, with a diagnostic for every mismatch.
 *
 * Shared by the manifest and layout loaders so that both speak of unknown keys, wrong types
 * and missing fields in the same words.  Each getter returns FALSE after recording an error,
 * TRUE otherwise (including "absent and optional", where the output is left untouched).
 */
#ifndef PB_SCHEMA_H
#define PB_SCHEMA_H

#include "keys.h"
#include "model.h"
#include "yamltree.h"

/* Longest text value, in characters. */
#define PB_SCHEMA_TEXT_MAX 10000

typedef struct pb_schema {
	pb_diags *diags;
	GStringChunk *strings; /* where the copied strings live */
} pb_schema;

/* The node is a mapping, else an error "`what` must be a mapping, not ...". */
gboolean pb_schema_map(pb_schema *s, const pb_node *node, const char *what);
gboolean pb_schema_seq(pb_schema *s, const pb_node *node, const char *what);

/* Every key of `map` is in the NULL-terminated `allowed` list; each other key is an error
 * ("unknown key 'titel' in event; did you mean 'title'?").  FALSE when one was unknown. */
gboolean pb_schema_keys(pb_schema *s, const pb_node *map, const char *const *allowed,
			const char *what);
/* The same, with the keys of a keyset of the key table (keys.h), in its order. */
gboolean pb_schema_keyset(pb_schema *s, const pb_node *map, const pb_keyset *set, const char *what);

/* The value under `key` when present.  When `required` and absent: an error at the map. */
const pb_node *pb_schema_field(pb_schema *s, const pb_node *map, const char *key, gboolean required,
			       const char *what);

/* Text under `key` (any scalar; numbers stay as written).  Empty text counts as absent. */
gboolean pb_schema_text(pb_schema *s, const pb_node *map, const char *key, gboolean required,
			const char *what, pb_text *out);
/* A whole number in [min, max]. */
gboolean pb_schema_uint(pb_schema *s, const pb_node *map, const char *key, guint min, guint max,
			const char *what, guint *out, pb_loc *loc);
/* A number, for rule thresholds and the like. */
gboolean pb_schema_number(pb_schema *s, const pb_node *node, const char *what, double *out);
gboolean pb_schema_bool(pb_schema *s, const pb_node *node, const char *what, gboolean *out);
/* One of the NULL-terminated `choices`; its index in *out. */
gboolean pb_schema_enum(pb_schema *s, const pb_node *map, const char *key,
			const char *const *choices, const char *what, int *out);

/* Copies into the schema's string chunk. */
const char *pb_schema_intern(pb_schema *s, const char *text);

#endif
