/* composer.h — the table of composers: which output kind makes which files.
 *
 * Each entry is one kind of product: the series it makes from the model (the opening board;
 * each college's boards; each college's honor page; the roll; the insert) and the function that
 * composes one series into its files.  The build iterates this table and knows no kind: file
 * names, the error test, stale removal, the records and the report all work from what the
 * entries return.  Adding a kind is one compose-KIND.c and one line in composers.c.
 *
 * File names: a composer names its files relative to the output's folder, without extension,
 * and each name is its series' id or starts with the series' id and "-" (jianzhu-01), so that
 * `--only OUTPUT/FILE` finds the series to compose from the name alone.
 */
#ifndef PB_COMPOSER_H
#define PB_COMPOSER_H

#include "compose.h"
#include "inputs.h"

/* One unit of work: a part of an output that is composed as a whole and may make several
 * files (a college's boards paginate together). */
typedef struct pb_series {
	const char *id;            /* "cover", a college's id, "roll", "insert"; borrowed */
	const pb_college *college; /* the college it shows, or NULL */
	pb_loc whole;              /* a finding here stops every file of the series (the college's
				    * own line: "college jixie has 9 photos" under --strict) */
	const char *whole_file;    /* any finding in this file stops the series (roster.csv); or
				    * NULL */
	const char *layout_file;   /* the output's layout, set by the build: a finding in it (a
				    * font family not installed) stops the series too */
} pb_series;

/* One file a composer made. */
typedef struct pb_file {
	char *name;     /* e.g. "jianzhu-01", relative to the output's folder, no extension */
	pb_doc *doc;    /* owned */
	guint quantity; /* copies of each page to print */
	char *paper;    /* the press sheet it is printed on ("SRA3 320 × 450 mm"); NULL when the
			 * file is printed at its own size */
} pb_file;

pb_file *pb_file_new(const char *name, pb_doc *doc, guint quantity);
void pb_file_free(pb_file *f);

typedef struct pb_composer {
	pb_output_kind kind;
	/* Appends the series `o` makes from `m` to `out` (a GArray of pb_series), in order. */
	void (*series)(const pb_manifest *m, const pb_output *o, GArray *out);
	/* Composes series `s` into its files, appended to `files` (of pb_file*) in order.  No
	 * files is fine (a college with nothing approved); `empty` then says why. */
	void (*compose)(pb_compose *c, const pb_series *s, GPtrArray *files);
	const char *empty; /* "nothing approved to show" */
	/* Adds to `in` every value of the model that series `s` reads (inputs.h); the build adds
	 * the layout, fonts, version and options.  NULL: the whole manifest is its input, so
	 * any edit rebuilds it. */
	void (*inputs)(const pb_manifest *m, const pb_series *s, pb_inputs *in);
	/* How tall its proofs are (`paiban proof`), px: enough to read its smallest text on a
	 * screen.  0: 1600, an A3 page's. */
	guint proof_px;
} pb_composer;

/* The table, in the order outputs of one kind are built; NULL-terminated by compose == NULL. */
extern const pb_composer pb_composers[];

/* The composers (compose-*.c): each kind's series and compose functions. */
void pb_cover_series(const pb_manifest *m, const pb_output *o, GArray *out);
void pb_compose_cover(pb_compose *c, const pb_series *s, GPtrArray *files);
void pb_cover_inputs(const pb_manifest *m, const pb_series *s, pb_inputs *in);
void pb_board_series(const pb_manifest *m, const pb_output *o, GArray *out);
void pb_compose_boards(pb_compose *c, const pb_series *s, GPtrArray *files);
void pb_board_inputs(const pb_manifest *m, const pb_series *s, pb_inputs *in);
void pb_insert_series(const pb_manifest *m, const pb_output *o, GArray *out);
void pb_compose_insert(pb_compose *c, const pb_series *s, GPtrArray *files);
void pb_insert_inputs(const pb_manifest *m, const pb_series *s, pb_inputs *in);
void pb_honor_series(const pb_manifest *m, const pb_output *o, GArray *out);
void pb_compose_honor(pb_compose *c, const pb_series *s, GPtrArray *files);
void pb_honor_inputs(const pb_manifest *m, const pb_series *s, pb_inputs *in);
void pb_roll_series(const pb_manifest *m, const pb_output *o, GArray *out);
void pb_compose_roll(pb_compose *c, const pb_series *s, GPtrArray *files);
void pb_roll_inputs(const pb_manifest *m, const pb_series *s, pb_inputs *in);

#endif
