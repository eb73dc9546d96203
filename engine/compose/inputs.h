/* inputs.h — what a series is made from, as named parts with hashes.
 *
 * Each composer says what one of its series reads from the model (composer.h: the `inputs`
 * entry); the build adds what every series depends on (its layout, the resolved fonts, the
 * paiban version, the options and rules that change bytes) and compares the parts with the
 * previous build's: equal parts, nothing to compose; a changed part is named in the report
 * ("examples/graduation-2022/manifest.yaml:88 testimonial of 张明").
 *
 * A part's key identifies it across builds ("testimonial 张明", "photo photos/05.jpg"), so
 * that an item added before it does not change it; its label names it for people, with the
 * line it is on now.  Files (photos, the roster) are parts of their own, by the sum of their
 * bytes (base/filesum.h), so a photo swapped under the same name is found, and a photo merely
 * touched is not.
 */
#ifndef PB_INPUTS_H
#define PB_INPUTS_H

#include "base/filesum.h"
#include "load/model.h"

typedef struct pb_part {
	char *key;     /* stable identity */
	char *label;   /* for the report */
	char hash[65]; /* of its values */
} pb_part;

typedef struct pb_inputs pb_inputs;

pb_inputs *pb_inputs_new(pb_filesums *sums);
void pb_inputs_free(pb_inputs *in);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(pb_inputs, pb_inputs_free)

/* Starts a part; the values that follow (until the next part) are its.  A key used twice in
 * one series gets " #2", " #3". */
void pb_inputs_part(pb_inputs *in, const char *key, const char *what, pb_loc loc);
void pb_inputs_str(pb_inputs *in, const char *s); /* NULL is a value too */
void pb_inputs_text(pb_inputs *in, const pb_text *t);
void pb_inputs_num(pb_inputs *in, double v);
void pb_inputs_status(pb_inputs *in, pb_status status);

/* A file's bytes, as a part of its own ("photo photos/05.jpg").  A file that cannot be read
 * counts as such (its finding is the check's). */
void pb_inputs_file(pb_inputs *in, const char *fs, const char *shown, const char *what);

/* The file sums the parts use (for the build's own parts). */
pb_filesums *pb_inputs_sums(pb_inputs *in);

/* The event's values and the logo: every product shows them. */
void pb_inputs_event(pb_inputs *in, const pb_manifest *m);

/* The parts, in the order they were added (of pb_part*, borrowed). */
const GPtrArray *pb_inputs_parts(pb_inputs *in);

/* The hash of all parts, 64 hex digits.  Caller frees. */
char *pb_inputs_hash(pb_inputs *in);

#endif
