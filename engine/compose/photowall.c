/* photowall.c — justified rows of photos by dynamic programming; see photowall.h.
 *
 * A greedy filler makes good rows early and a bad one at the end; choosing every break at
 * once spreads the compromise over the wall (the idea of Knuth–Plass line breaking and of
 * Flickr's justified-layout).  n is a college's photos, tens at most, so O(n²) is nothing.
 */
#include "photowall.h"

#include <math.h>

/* Height at which pieces[i..j) exactly fill the measure. */
static double
row_height(const pb_wall_piece *p, guint i, guint j, double measure, double gutter)
{
	double aspect = 0;
	guint photos = 0;
	for (guint k = i; k < j; k++) {
		aspect += p[k].aspect;
		photos += p[k].members;
	}
	return (measure - (photos - 1) * gutter) / aspect;
}

static double
row_width(const pb_wall_piece *p, guint i, guint j, double h, double gutter)
{
	double w = 0;
	guint photos = 0;
	for (guint k = i; k < j; k++) {
		w += p[k].aspect * h;
		photos += p[k].members;
	}
	return w + (photos - 1) * gutter;
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
