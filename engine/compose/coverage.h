/* coverage.h — every text the composers set, by layout and font role, for `paiban fonts`.
 *
 * Which role sets which text is the composers' decision (a testimonial's words in quote, its
 * name in name, a photo's title in caption), so the only faithful answer comes from composing:
 * pb_compose_coverage composes every output of the manifest as `check` does, writes nothing,
 * and records each text that reaches pb_compose_check_glyphs under its layout and role.  The
 * coverage `paiban fonts` prints is then of exactly the texts that text.glyphs checks in
 * `check` and `build`, so the three agree.
 */
#ifndef PB_COVERAGE_H
#define PB_COVERAGE_H

#include "compose.h"

/* One text as set (the composer's string: "院长　李华", a testimonial in its quotation marks),
 * and the position of the manifest value it shows. */
typedef struct pb_set_text {
	char *text; /* owned by the coverage */
	pb_loc loc;
} pb_set_text;

typedef struct pb_coverage pb_coverage;

/* Composes every output of `m` whose kind has a composer, with the check's image probes and
 * `fonts`, and gathers the texts set.  Findings of the composition are dropped (`check`
 * reports them). */
pb_coverage *pb_compose_coverage(const pb_manifest *m, const pb_images *images, pb_fonts *fonts);
void pb_coverage_free(pb_coverage *cov);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(pb_coverage, pb_coverage_free)

/* The texts `layout` set in `role`, each (text, position) once, in the order first set; NULL
 * when it set none.  Borrowed. */
const GPtrArray *pb_coverage_texts(const pb_coverage *cov, const pb_layout *layout,
				   const char *role);

/* TRUE when some composer made files for outputs with this layout (FALSE: a kind without a
 * composer yet, whose roles set nothing). */
gboolean pb_coverage_composed(const pb_coverage *cov, const pb_layout *layout);

#endif
