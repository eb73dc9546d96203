/* rules.h — the rule table of DESIGN.md (annex 1 of the notice) and its overrides.
 *
 * A rule is an id, a default severity and up to four numeric parameters.  The manifest may
 * change any of them under `rules:`:
 *
 *     rules:
 *       college.testimonials: {min: 15}
 *       blessing.length: {severity: error, long: 120}
 *       image.pixels: off
 */
#ifndef PB_RULES_H
#define PB_RULES_H

#include "load/schema.h"

typedef enum pb_rule_id {
	PB_RULE_IMAGE_READABLE,
	PB_RULE_IMAGE_PIXELS,
	PB_RULE_COLLEGE_PHOTOS,
	PB_RULE_COLLEGE_TESTIMONIALS,
	PB_RULE_BLESSING_LENGTH,
	PB_RULE_BLESSING_PORTRAIT,
	PB_RULE_STAR_STORY,
	PB_RULE_STAR_PHOTOS,
	PB_RULE_HONOREE_PHOTO,
	PB_RULE_TEXT_GLYPHS,
	PB_RULE_TEXT_FIT,
	PB_RULE_IMAGE_PPI,
	PB_RULE_IMAGE_DUPLICATE,
	PB_RULE_COUNT
} pb_rule_id;

typedef struct pb_rule_def {
	const char *id;        /* "image.pixels" */
	pb_severity severity;  /* default */
	const char *params[4]; /* parameter names, NULL-terminated when fewer */
	double defaults[4];
	const char *summary; /* one line, for --help and the README */
} pb_rule_def;

const pb_rule_def *pb_rule_def_lookup(pb_rule_id id);

/* Fills `out` (PB_RULE_COUNT entries) with the defaults. */
void pb_rules_init(pb_rule_setting *out);

/* Applies the overrides of a `rules:` mapping; errors for unknown rules, parameters or
 * severities.  FALSE when any was wrong. */
gboolean pb_rules_load(pb_schema *s, const pb_node *map, pb_rule_setting *out);

/* Parameter `name` of rule `id` (g_assert on a name the table lacks). */
double pb_rule_param(const pb_rule_setting *rules, pb_rule_id id, const char *name);

#endif
