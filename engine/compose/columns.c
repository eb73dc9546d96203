/* columns.c — testimonial cards in balanced columns; see columns.h. */
#include "columns.h"
#include "card.h"
#include "check/rules.h"

static double
column_width(const pb_columns *cols)
{
	return (cols->measure - (cols->columns - 1) * cols->gutter) / cols->columns;
}

double
pb_columns_span_width(const pb_columns *cols, guint span)
{
	return span * column_width(cols) + (span - 1) * cols->gutter;
}

static int
compare_doubles(gconstpointer a, gconstpointer b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double
median_of(const GArray *values)
{
	if (!values->len)
		return 0;
	g_autoptr(GArray) sorted = g_array_copy((GArray *)values);
	g_array_sort(sorted, compare_doubles);
	return g_array_index(sorted, double, sorted->len / 2);
}

/* A testimonial far taller than its neighbours would be one narrow card running down a whole
 * column beside empty ones (a 3000-character text is 1.5 m at a column's width): it gets a wide
 * card instead, across the fewest columns that bring it to at most two fifths of a board.
 * "Far taller": over a third of a board, or over two and a half times the college's median
 * card and a sixth of a board. */
#define PB_WIDE_OF_BOARD 0.3
#define PB_WIDE_OF_MEDIAN 2.5
#define PB_WIDE_TARGET 0.4

static guint
span_of(pb_compose *c, const pb_columns *cols, const pb_testimonial *t, double size, double narrow,
	double median)
{
	double room = cols->room;
	gboolean far = narrow > PB_WIDE_OF_BOARD * room ||
		       (narrow > PB_WIDE_OF_MEDIAN * median && narrow > room / 6);
	if (cols->columns < 2 || !far)
		return 1;
	for (guint span = 2; span < cols->columns; span++)
		if (pb_card_testimonial_height(c, t, size, pb_columns_span_width(cols, span)) <=
		    PB_WIDE_TARGET * room)
			return span;
	return cols->columns;
}

void
pb_columns_measure(pb_compose *c, const pb_columns *cols, GPtrArray *cards, double size,
		   guint *spans, double *heights)
{
	g_autoptr(GArray) narrow = g_array_new(FALSE, FALSE, sizeof(double));
	for (guint i = 0; i < cards->len; i++) {
		double h = pb_card_testimonial_height(c, cards->pdata[i], size, column_width(cols));
		g_array_append_val(narrow, h);
	}
	double median = median_of(narrow);
	for (guint i = 0; i < cards->len; i++) {
		double h1 = g_array_index(narrow, double, i);
		spans[i] = span_of(c, cols, cards->pdata[i], size, h1, median);
		heights[i] = spans[i] > 1
				 ? pb_card_testimonial_height(c, cards->pdata[i], size,
							      pb_columns_span_width(cols, spans[i]))
				 : h1;
	}
}

/* The masonry of a board's testimonial cards at `size`: each card, in order, goes where the
 * columns it spans are lowest (a narrow card to the shortest column, the leftmost on a tie; a
 * wide one across the `span` adjacent columns whose tallest is lowest, starting below that
 * tallest).  The first column, top (mm from the block's top) and height of each card go to
 * the arrays when given; returns the tallest column. */
static double
masonry(pb_compose *c, const pb_columns *cols, GPtrArray *cards, const guint *spans, double size,
	guint *col_of, double *top_of, double *height_of)
{
	double col_h[PB_COLUMNS_MAX] = {0}, tallest = 0;
	for (guint i = 0; i < cards->len; i++) {
		guint span = MIN(MAX(spans[i], 1), cols->columns), best = 0;
		double best_top = G_MAXDOUBLE;
		for (guint j = 0; j + span <= cols->columns; j++) {
			double top = 0;
			for (guint k = j; k < j + span; k++)
				top = MAX(top, col_h[k]);
			if (top < best_top - 0.001)
				best_top = top, best = j;
		}
		double h = pb_card_testimonial_height(c, cards->pdata[i], size,
						      pb_columns_span_width(cols, span));
		for (guint k = best; k < best + span; k++)
			col_h[k] = best_top + h + cols->gutter;
		if (col_of)
			col_of[i] = best, top_of[i] = best_top, height_of[i] = h;
	}
	for (guint j = 0; j < cols->columns; j++)
		tallest = MAX(tallest, col_h[j] - cols->gutter);
	return tallest;
}

/* The testimonial cards of one board, in `columns` balanced columns (wide cards across their
 * span), at the largest size in the layout's bounds at which they fit `avail`. */
void
pb_columns_set(pb_compose *c, const pb_columns *cols, GPtrArray *parent, double y, double avail,
	       GPtrArray *cards, const guint *spans)
{
	const double cw = column_width(cols);
	double lo = cols->text_min, hi = cols->text_max, size = lo;
	if (masonry(c, cols, cards, spans, lo, NULL, NULL, NULL) > avail) {
		const pb_testimonial *last = cards->pdata[cards->len - 1];
		pb_diag_add(c->diags, last->text.loc, c->m->rules[PB_RULE_TEXT_FIT].severity,
			    "text.fit", "the testimonials of this board do not fit even at %.1f pt",
			    lo);
	} else {
		/* The largest size, to 0.25 pt, whose columns fit. */
		while (hi - lo >= 0.25) {
			double mid = (lo + hi) / 2;
			if (masonry(c, cols, cards, spans, mid, NULL, NULL, NULL) <= avail)
				size = lo = mid;
			else
				hi = mid;
		}
	}
	g_autofree guint *col_of = g_new(guint, cards->len);
	g_autofree double *top_of = g_new(double, cards->len);
	g_autofree double *height = g_new(double, cards->len);
	masonry(c, cols, cards, spans, size, col_of, top_of, height);
	/* The slack each column has left, spread between its cards (up to two gutters a gap) so
	 * that the columns end together.  A wide card ties its columns together, so a board with
	 * one keeps its cards where the masonry put them. */
	gboolean all_narrow = TRUE;
	for (guint i = 0; i < cards->len; i++)
		all_narrow &= spans[i] <= 1;
	double col_end[PB_COLUMNS_MAX] = {0}, slack_gap[PB_COLUMNS_MAX] = {0},
	       shift[PB_COLUMNS_MAX] = {0};
	guint count[PB_COLUMNS_MAX] = {0};
	for (guint i = 0; i < cards->len; i++) {
		col_end[col_of[i]] = MAX(col_end[col_of[i]], top_of[i] + height[i]);
		count[col_of[i]]++;
	}
	for (guint k = 0; all_narrow && k < cols->columns; k++)
		if (count[k] > 1)
			slack_gap[k] =
			    MIN(MAX(0, avail - col_end[k]) / (count[k] - 1), 2 * cols->gutter);
	for (guint i = 0; i < cards->len; i++) {
		const pb_testimonial *t = cards->pdata[i];
		guint k = col_of[i];
		double x = cols->left + k * (cw + cols->gutter);
		double w = pb_columns_span_width(cols, MAX(spans[i], 1));
		pb_card_testimonial(c, parent, t, x, y + top_of[i] + shift[k], w, height[i], size,
				    cols->u);
		shift[k] += slack_gap[k];
	}
}
