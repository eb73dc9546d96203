/* keys.h — every key a manifest or a layout may hold, as one declarative table.
 *
 * The loaders ask this table which keys a mapping may have (pb_schema_keyset, schema.h), so a
 * key is known to paiban exactly when it is written here; tools/mkschema.c renders the same
 * table as the JSON Schemas in schema/ that editors use (completion, each key's meaning, a typo
 * flagged before paiban runs), so the schema cannot drift from the loader.  A key's type,
 * whether it is required, its meaning and an example are written once, here.
 *
 * What the table does not hold: how a value is turned into the model (manifest.c,
 * layoutspec.c), and the rules under `rules:`, which come from the rule table (check/rules.c).
 * tests/unit/test-keys.c holds the loaders to the table: every key is read (a value of the
 * wrong type is an error at that value), every required key is required and no other.
 */
#ifndef PB_KEYS_H
#define PB_KEYS_H

#include <glib.h>

/* What a value is, as the loaders read it. */
typedef enum pb_value_type {
	PB_VALUE_TEXT,        /* any scalar, kept as written; empty counts as absent */
	PB_VALUE_NOTE,        /* text for the reader of the file, which paiban does not read */
	PB_VALUE_ID,          /* lowercase ASCII letters, digits, - and _: it names files */
	PB_VALUE_PATH,        /* a file inside the manifest's folder */
	PB_VALUE_PATHS,       /* a list of such files */
	PB_VALUE_DATE,        /* a day, YYYY-MM-DD */
	PB_VALUE_UINT,        /* a whole number from min to max */
	PB_VALUE_NUMBER,      /* a number from min to max */
	PB_VALUE_BOOL,        /* true or false (yes/no, on/off) */
	PB_VALUE_CHOICE,      /* one of `choices` */
	PB_VALUE_VERSION,     /* the manifest's schema version: 1 */
	PB_VALUE_FOCUS,       /* [x, y], both from 0 to 1 */
	PB_VALUE_LENGTH,      /* a length with its unit: 5mm, 0.5in, 12pt (at most max mm) */
	PB_VALUE_LENGTHS,     /* a list of exactly `min` lengths, not decreasing */
	PB_VALUE_MARGIN,      /* a length, or a list of 1, 2 or 4 (top, right, bottom, left) */
	PB_VALUE_SIZE,        /* WIDTH x HEIGHT with units */
	PB_VALUE_COLOR,       /* #rrggbb */
	PB_VALUE_COLORS,      /* a mapping of names to #rrggbb colours */
	PB_VALUE_MAP,         /* a mapping with the keys of `children` */
	PB_VALUE_LIST,        /* a list of mappings with the keys of `children` */
	PB_VALUE_RULES,       /* rule id -> severity or {severity, parameters} (check/rules.h) */
	PB_VALUE_PATH_OR_MAP, /* a file, or a mapping with the keys of `children` (graduates) */
	PB_VALUE_PAINT,       /* #rrggbb, or an image file in the layout's folder (background) */
	PB_VALUE_POINT,       /* [x, y]: two lengths, from the top-left corner */
} pb_value_type;

typedef struct pb_keyset pb_keyset;

typedef struct pb_key {
	const char *name;
	pb_value_type type;
	gboolean required;
	const char *meaning;       /* one line, shown by editors; English, with the notice's term */
	const char *example;       /* a valid value as JSON (also valid YAML); NULL for maps */
	const pb_keyset *children; /* MAP, LIST */
	const char *const *choices; /* CHOICE: NULL-terminated */
	double min, max;            /* UINT, NUMBER: bounds; LENGTHS: min is the count;
				       PATHS: min is the fewest files */
} pb_key;

struct pb_keyset {
	const char *name;     /* the definition's name in the JSON Schema: "photo" */
	const char *meaning;  /* what one such mapping is */
	const pb_key *keys;   /* in the order the loaders list them; ends with {NULL} */
	const char *one_of_a; /* when set: exactly one of one_of_a and one_of_b is given */
	const char *one_of_b;
};

/* The most keys a keyset holds (pb_schema_keyset's bound). */
#define PB_KEYSET_MAX 24

/* The roots: a manifest, a layout. */
extern const pb_keyset pb_manifest_keys;
extern const pb_keyset pb_layout_keys;

/* The keysets the loaders check, by the mapping they describe. */
extern const pb_keyset pb_event_keys, pb_college_keys, pb_photo_keys, pb_testimonial_keys,
    pb_blessing_keys, pb_star_keys, pb_honoree_keys, pb_output_keys, pb_font_keys,
    pb_graduates_keys, pb_window_keys;

/* The encodings a roster may declare, lower case (read case-insensitively): utf-8, gb18030, and
 * gbk and gb2312, GB18030's subsets, read as it. */
extern const char *const pb_encoding_choices[];

/* Enumerations, NULL-terminated, in the order of their enum types in model.h. */
extern const char *const pb_status_choices[]; /* approved, pending, rejected */
extern const char *const pb_role_choices[];   /* dean, secretary, counselor, officer, deputy */
extern const char *const pb_level_choices[];  /* provincial, school */
extern const char *const pb_kind_choices[];   /* board, honor, honor-roll, insert */

/* The key `name` of `set`, or NULL. */
const pb_key *pb_keyset_lookup(const pb_keyset *set, const char *name);

#endif
