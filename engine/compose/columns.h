/* columns.h — testimonial cards in balanced columns, as the boards set them.
 *
 * Two steps.  Measuring, over a college's testimonials: each card's height at one column's
 * width, and which ones get a wide card (a text far taller than its neighbours would run down
 * a whole column beside empty ones, so it spans the fewest columns that bring it to two fifths
 * of a board).  Setting, for the cards of one board: the largest type size (to 0.25 pt, in the
 * layout's bounds) at which they fit the height left, each card to the column(s) that are
 * lowest, and the slack of each column spread between its cards so the columns end together.
 */
#ifndef PB_COLUMNS_H
#define PB_COLUMNS_H

#include "compose.h"

/* At most this many columns (a layout asks for fewer). */
#define PB_COLUMNS_MAX 8

typedef struct pb_columns {
	double left, measure, gutter; /* mm: the columns' left edge, their total width, the gap */
	guint columns;                /* 1 .. PB_COLUMNS_MAX */
	double room;                  /* mm: a board's height for material */
	double text_min, text_max;    /* pt: the testimonials' type size bounds */
	double u;                     /* mm: the board's design unit, for the cards */
} pb_columns;

/* The width of a card spanning `span` columns, the gutters between them included. */
double pb_columns_span_width(const pb_columns *cols, guint span);

/* For each testimonial of `cards` (pb_testimonial*), measured at `size`: the columns its card
 * spans (1, or more for a wide card) into spans[i], and its height at that width into
 * heights[i] (mm). */
void pb_columns_measure(pb_compose *c, const pb_columns *cols, GPtrArray *cards, double size,
			guint *spans, double *heights);

/* The cards of one board placed into `parent` from y (mm) down, in at most `avail` mm, at the
 * largest size that fits; a text.fit finding at the last card when even the smallest does
 * not. */
void pb_columns_set(pb_compose *c, const pb_columns *cols, GPtrArray *parent, double y,
		    double avail, GPtrArray *cards, const guint *spans);

#endif
