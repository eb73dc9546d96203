/* furniture.h — the page furniture every product of the exhibition shares: the red header band
 * with the school's logo, name, theme, edition and motto; the page title under it with its gold
 * rule; section headings; the footer with the date and "n / N"; the logo in a box; the date as
 * a reader writes it.
 *
 * One vocabulary for boards, honor pages and the roll, so the exhibition reads as one family.
 * Every measure is a multiple of the page's design unit `u` (a hundredth of the width on
 * boards), so the same furniture serves a 2.4 m board and an A3 page.
 */
#ifndef PB_FURNITURE_H
#define PB_FURNITURE_H

#include "compose.h"

/* The measures the furniture is laid out by, in mm. */
typedef struct pb_furn {
	double W, H;                 /* trim */
	double u;                    /* the design unit */
	double left, right, measure; /* the content column, inside the layout's margins */
	double band;                 /* the header band's height (from the trim's top) */
} pb_furn;

/* The measures of a page of `layout` with design unit `u` and a header band `band` mm tall. */
pb_furn pb_furn_measures(const pb_layout *layout, double u, double band);

/* The header band: red, run into the bleed, with a gold rule near its foot; the logo on a light
 * disc, the school and the theme (display face) beside it, the edition and the motto in gold
 * at the right.  A logo that cannot be read is recorded (image.readable), so no page goes out
 * without it. */
void pb_furn_header(pb_compose *c, pb_page *page, const pb_furn *f);

/* The page's title (a college's name, 光荣榜) under the band, in the title face and red, with a
 * gold rule across the measure.  Returns the rule's y, mm. */
double pb_furn_title(pb_compose *c, pb_page *page, const pb_furn *f, const char *title, pb_loc loc);

/* The height a section heading takes: 5.5 units. */
double pb_furn_section_height(const pb_furn *f);

/* A section heading at y: a red diamond, the title in the heading face, a gold hairline to the
 * right edge of the measure. */
void pb_furn_section(pb_compose *c, pb_page *page, const pb_furn *f, double y, const char *title);

/* The footer above the bottom margin: a gold rule, the school, edition and date at the left,
 * `right` (the page's name and "n / N") at the right. */
void pb_furn_footer(pb_compose *c, pb_page *page, const pb_furn *f, const char *right,
		    pb_loc right_loc);

/* The top of the footer's rule: content ends above it. */
double pb_furn_footer_top(const pb_furn *f, const pb_layout *layout);

/* "2022年6月21日" for "2022-06-21"; NULL for NULL. */
char *pb_furn_date(const char *iso);

/* The school's logo, whole, as large as fits the box (x, y, w, h), centred across it and
 * `valign` down it (0 top, 0.5 middle); the placed box to `out` (may be NULL).  FALSE when
 * there is no logo or it could not be read (the latter recorded as image.readable). */
gboolean pb_furn_logo(pb_compose *c, GPtrArray *parent, double x, double y, double w, double h,
		      double valign, double out[4]);

#endif
