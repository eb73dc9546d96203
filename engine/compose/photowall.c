/* photowall.c — justified rows of photos; see photowall.h.
 *
 * A wall (pb_photowall_rows): a greedy filler makes good rows early and a bad one at the end;
 * choosing every break at once spreads the compromise over the wall (the idea of Knuth–Plass
 * line breaking and of Flickr's justified-layout).  n is a college's photos, tens at most, so
 * O(n²) is nothing.
 *
 * A region (pb_photowall_fill): for one way of breaking, the rows' common width W fixes every
 * row's height, and the total height is linear in W, so the widest W that fits the region is
 * solved directly and the area the photos cover follows (an arrangement whose later rows stand
 * taller than the first is worth a little less: the first photos lead).  With the honor page's 3 to
 * 5 photos there are at most 16 ways of breaking, and all are weighed; past 12 pieces (2048 ways)
 * only one way for each number of rows is, the one whose rows hold alike shares of the aspect.
 */
#include "photowall.h"

#include <math.h>
#include <string.h>

/* The aspect ratios and the photos of pieces[i..j), and so the gutters inside a row of them. */
static void
row_sums(const pb_wall_piece *p, guint i, guint j, double *aspect, guint *photos)
{
	*aspect = 0, *photos = 0;
	for (guint k = i; k < j; k++) {
		*aspect += p[k].aspect;
		*photos += p[k].members;
	}
}

/* Height at which pieces[i..j) exactly fill the measure. */
static double
row_height(const pb_wall_piece *p, guint i, guint j, double measure, double gutter)
{
	double aspect;
	guint photos;
	row_sums(p, i, j, &aspect, &photos);
	return (measure - (photos - 1) * gutter) / aspect;
}

static double
row_width(const pb_wall_piece *p, guint i, guint j, double h, double gutter)
{
	double aspect;
	guint photos;
	row_sums(p, i, j, &aspect, &photos);
	return aspect * h + (photos - 1) * gutter;
}

GArray *
pb_photowall_rows(const pb_wall_piece *pieces, guint n, double measure, double gutter, double min,
		  double target, double max)
{
	GArray *rows = g_array_new(FALSE, FALSE, sizeof(pb_wall_row));
	if (n == 0)
		return rows;
	/* cost[j]: the best wall of pieces[0..j); from[j]: where its last row starts. */
	double *cost = g_new(double, n + 1);
	guint *from = g_new(guint, n + 1);
	cost[0] = 0;
	for (guint j = 1; j <= n; j++) {
		cost[j] = INFINITY;
		from[j] = j - 1;
		for (guint i = j; i-- > 0;) {
			double h = row_height(pieces, i, j, measure, gutter);
			if (h < min && i < j - 1)
				break; /* more pieces only make the row lower */
			double c;
			if (j == n && h > target) {
				/* A short last row is set at the target, not stretched; the emptier
				 * it is, the more it costs, so a lone orphan photo is a last
				 * resort. */
				double gap =
				    (measure - row_width(pieces, i, j, target, gutter)) / measure;
				c = 0.5 * gap * gap;
			} else if (h < min || h > max)
				c = 1e6 + fabs(h - target); /* allowed only when nothing else is */
			else
				c = pow((h - target) / target, 2);
			if (cost[i] + c < cost[j]) {
				cost[j] = cost[i] + c;
				from[j] = i;
			}
		}
	}
	/* Walk the breaks back from the end. */
	GArray *starts = g_array_new(FALSE, FALSE, sizeof(guint));
	for (guint j = n; j > 0; j = from[j])
		g_array_prepend_val(starts, from[j]);
	for (guint r = 0; r < starts->len; r++) {
		guint i = g_array_index(starts, guint, r);
		guint j = r + 1 < starts->len ? g_array_index(starts, guint, r + 1) : n;
		double h = row_height(pieces, i, j, measure, gutter);
		if (j == n && h > target)
			h = target;
		h = MIN(h, max);
		pb_wall_row row = {i, j - i, h, row_width(pieces, i, j, h, gutter)};
		g_array_append_val(rows, row);
	}
	g_array_unref(starts);
	g_free(cost);
	g_free(from);
	return rows;
}

/* ---- a region -------------------------------------------------------------------------------- */

/* The most pieces for which every way of breaking is weighed. */
#define PB_FILL_EXHAUSTIVE 12

/* A row may stand taller than the row above it by this much before the arrangement loses a
 * tenth of its worth: the eye reads the first photos first, so they lead (a strip of three
 * small photos over a large one reads upside down). */
#define PB_FILL_RISE 1.15
#define PB_FILL_RISE_COST 0.9

/* What rows starting at starts[0..rows) are worth in a width × height region: the area their
 * photos cover (less a tenth when a row rises above the one before), and the rows' common width
 * in *w_out; -1 when the rows cannot be set (a group's gutters alone wider than the region). */
static double
fill_score(const pb_wall_piece *p, guint n, const guint *starts, guint rows, double width,
	   double height, double gutter, double *w_out)
{
	/* Row r at width W is (W - g_r) / a_r tall, g_r its gutters: the total height is
	 * W·Σ1/a_r - Σg_r/a_r + (rows - 1)·gutter, so the W that fills the height is direct. */
	double inv = 0, gaps = 0, widest_gaps = 0;
	g_autofree double *aspect = g_new(double, rows), *g = g_new(double, rows);
	for (guint r = 0; r < rows; r++) {
		guint photos;
		row_sums(p, starts[r], r + 1 < rows ? starts[r + 1] : n, &aspect[r], &photos);
		g[r] = (photos - 1) * gutter;
		inv += 1 / aspect[r];
		gaps += g[r] / aspect[r];
		widest_gaps = MAX(widest_gaps, g[r]);
	}
	double w = MIN(width, (height - (rows - 1) * gutter + gaps) / inv);
	if (w <= widest_gaps)
		return -1;
	double area = 0, cost = 1;
	for (guint r = 0; r < rows; r++) {
		area += (w - g[r]) * (w - g[r]) / aspect[r];
		if (r && (w - g[r]) / aspect[r] > PB_FILL_RISE * (w - g[r - 1]) / aspect[r - 1])
			cost = PB_FILL_RISE_COST;
	}
	*w_out = w;
	return area * cost;
}

/* `rows` rows over the pieces, breaking where the running aspect crosses k·total/rows: the rows
 * hold alike shares, so they come out alike in height.  FALSE when there are too few pieces. */
static gboolean
balanced_starts(const pb_wall_piece *p, guint n, guint rows, guint *starts)
{
	double total = 0, run = 0;
	for (guint k = 0; k < n; k++)
		total += p[k].aspect;
	guint r = 0;
	for (guint k = 0; k < n && r < rows; k++) {
		/* a piece starts row r when the rows before have their share, or when the pieces
		 * left are only enough for the rows left */
		if (k == 0 || run + p[k].aspect / 2 > total * r / rows || n - k == rows - r)
			starts[r++] = k;
		run += p[k].aspect;
	}
	return r == rows;
}

GArray *
pb_photowall_fill(const pb_wall_piece *pieces, guint n, double width, double height, double gutter,
		  double *used)
{
	GArray *rows = g_array_new(FALSE, FALSE, sizeof(pb_wall_row));
	if (used)
		*used = 0;
	if (n == 0)
		return rows;
	g_autofree guint *starts = g_new(guint, n), *best = g_new(guint, n);
	double best_area = -1, best_w = 0;
	guint best_rows = 0;
	gboolean every = n <= PB_FILL_EXHAUSTIVE;
	/* every way: bit k of `ways` breaks after piece k; else one way for each count of rows */
	guint64 ways = every ? (guint64)1 << (n - 1) : MIN(n, 64u);
	for (guint64 way = 0; way < ways; way++) {
		guint count = 0;
		if (every) {
			starts[count++] = 0;
			for (guint k = 0; k + 1 < n; k++)
				if (way & ((guint64)1 << k))
					starts[count++] = k + 1;
		} else if (balanced_starts(pieces, n, (guint)way + 1, starts)) {
			count = (guint)way + 1;
		} else {
			continue;
		}
		double w;
		double area = fill_score(pieces, n, starts, count, width, height, gutter, &w);
		/* strictly more: of two alike arrangements the one weighed first stays */
		if (area > 0 && area > best_area * (1 + 1e-9)) {
			best_area = area, best_w = w, best_rows = count;
			memcpy(best, starts, count * sizeof *starts);
		}
	}
	double total = 0;
	for (guint r = 0; r < best_rows; r++) {
		guint end = r + 1 < best_rows ? best[r + 1] : n;
		pb_wall_row row = {best[r], end - best[r],
				   row_height(pieces, best[r], end, best_w, gutter), best_w};
		total += row.height + (r ? gutter : 0);
		g_array_append_val(rows, row);
	}
	if (used)
		*used = total;
	return rows;
}
