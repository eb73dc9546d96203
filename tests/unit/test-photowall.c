/* test-photowall.c — justified rows: exact measure, heights within bounds, groups whole, and
 * breaks chosen over the whole wall rather than greedily; rows that fill a region: every row
 * as wide as the others, nothing past the region, the arrangement that covers most of it, the
 * first photos leading. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "compose/photowall.h"

#include <math.h>

static const double measure = 1040, gutter = 19.2, lo = 180, target = 264, hi = 360;

/* Every row but a short last one fills the measure exactly, within the height bounds. */
static void
assert_rows(const pb_wall_piece *p, guint n, GArray *rows)
{
	guint covered = 0;
	for (guint r = 0; r < rows->len; r++) {
		const pb_wall_row *row = &g_array_index(rows, pb_wall_row, r);
		assert_int_equal(row->first, covered);
		covered += row->count;
		assert_true(row->height >= lo - 1e-9 && row->height <= hi + 1e-9);
		double w = 0;
		guint photos = 0;
		for (guint k = row->first; k < row->first + row->count; k++) {
			w += p[k].aspect * row->height;
			photos += p[k].members;
		}
		w += (photos - 1) * gutter;
		assert_float_equal(w, row->width, 1e-6);
		if (r + 1 < rows->len)
			assert_float_equal(row->width, measure, 1e-6);
		else
			assert_true(row->width <= measure + 1e-6);
	}
	assert_int_equal(covered, n);
}

static void
test_mixed_wall(void **state)
{
	/* landscape 3:2, portrait 2:3, a group of three 3:2 photos, a square */
	pb_wall_piece p[] = {{1.5, 1}, {1.5, 1},   {0.667, 1}, {1.5, 1}, {4.5, 3},   {1.0, 1},
			     {1.5, 1}, {0.667, 1}, {1.5, 1},   {1.5, 1}, {1.333, 1}, {0.667, 1}};
	guint n = G_N_ELEMENTS(p);
	g_autoptr(GArray) rows = pb_photowall_rows(p, n, measure, gutter, lo, target, hi);
	assert_rows(p, n, rows);
	assert_true(rows->len >= 4);
}

/* Greedy filling (take photos while the row stays above the target) leaves a last row of
 * one photo stretched or a row far from the target; the optimum keeps every row near it. */
static void
test_better_than_greedy(void **state)
{
	pb_wall_piece p[7];
	for (int i = 0; i < 7; i++)
		p[i] = (pb_wall_piece){1.5, 1};
	g_autoptr(GArray) rows = pb_photowall_rows(p, 7, measure, gutter, lo, target, hi);
	assert_rows(p, 7, rows);
	/* 7 landscape photos: 2 + 2 + 3 or 3 + 2 + 2 rows, never 3 + 3 + 1 */
	const pb_wall_row *last = &g_array_index(rows, pb_wall_row, rows->len - 1);
	assert_true(last->count >= 2);
	double worst = 0;
	for (guint r = 0; r + 1 < rows->len; r++)
		worst =
		    MAX(worst, fabs(g_array_index(rows, pb_wall_row, r).height - target) / target);
	assert_true(worst < 0.35);
}

static void
test_single_tall_photo(void **state)
{
	pb_wall_piece p[] = {{0.5, 1}};
	g_autoptr(GArray) rows = pb_photowall_rows(p, 1, measure, gutter, lo, target, hi);
	assert_int_equal(rows->len, 1);
	assert_float_equal(g_array_index(rows, pb_wall_row, 0).height, target, 1e-9);
}

static void
test_empty(void **state)
{
	g_autoptr(GArray) rows = pb_photowall_rows(NULL, 0, measure, gutter, lo, target, hi);
	assert_int_equal(rows->len, 0);
}

/* The rows of a filled region: in order, every photo once, all rows one width (at most the
 * region's), each row's photos and gutters exactly that width, the total within the height. */
static double
assert_fill(const pb_wall_piece *p, guint n, GArray *rows, double w, double h, double g)
{
	guint covered = 0;
	double total = 0;
	for (guint r = 0; r < rows->len; r++) {
		const pb_wall_row *row = &g_array_index(rows, pb_wall_row, r);
		assert_int_equal(row->first, covered);
		covered += row->count;
		double width = (row->count - 1) * g;
		for (guint k = row->first; k < row->first + row->count; k++)
			width += p[k].aspect * row->height;
		assert_float_equal(width, row->width, 1e-6);
		assert_float_equal(row->width, g_array_index(rows, pb_wall_row, 0).width, 1e-6);
		assert_true(row->width <= w + 1e-6);
		total += row->height + (r ? g : 0);
	}
	assert_int_equal(covered, n);
	assert_true(total <= h + 1e-6);
	return total;
}

/* Three landscape photos in a wide, low band: one row across the whole width. */
static void
test_fill_wide_band(void **state)
{
	pb_wall_piece p[] = {{1.5, 1}, {1.5, 1}, {1.5, 1}};
	double used;
	g_autoptr(GArray) rows = pb_photowall_fill(p, 3, 250, 80, 4, &used);
	assert_fill(p, 3, rows, 250, 80, 4);
	assert_int_equal(rows->len, 1);
	assert_float_equal(g_array_index(rows, pb_wall_row, 0).width, 250, 1e-6);
	assert_float_equal(used, (250 - 8) / 4.5, 1e-6);
}

/* The same photos in a tall narrow column: one a row, the height filled, narrower than it. */
static void
test_fill_tall_column(void **state)
{
	pb_wall_piece p[] = {{1.5, 1}, {1.5, 1}, {1.5, 1}};
	double used;
	g_autoptr(GArray) rows = pb_photowall_fill(p, 3, 100, 300, 4, &used);
	assert_fill(p, 3, rows, 100, 300, 4);
	assert_int_equal(rows->len, 3);
	assert_float_equal(used, 3 * 100 / 1.5 + 8, 1e-6);
}

/* Where the height binds, the rows are narrower than the region and fill its height. */
static void
test_fill_height_binds(void **state)
{
	pb_wall_piece p[] = {{0.667, 1}, {0.667, 1}};
	double used;
	g_autoptr(GArray) rows = pb_photowall_fill(p, 2, 250, 100, 4, &used);
	assert_fill(p, 2, rows, 250, 100, 4);
	assert_int_equal(rows->len, 1);
	assert_float_equal(used, 100, 1e-6);
	assert_true(g_array_index(rows, pb_wall_row, 0).width < 250);
}

/* Four photos beside a story (the landscape page's column): the first leads, large, over the
 * other three, rather than three small ones over a large last one, which covers more. */
static void
test_fill_first_leads(void **state)
{
	pb_wall_piece p[] = {{1.333, 1}, {1.5, 1}, {1.5, 1}, {1.5, 1}};
	g_autoptr(GArray) rows = pb_photowall_fill(p, 4, 187, 160, 4, NULL);
	assert_fill(p, 4, rows, 187, 160, 4);
	assert_int_equal(rows->len, 2);
	assert_int_equal(g_array_index(rows, pb_wall_row, 0).count, 1);
	assert_true(g_array_index(rows, pb_wall_row, 0).height >
		    g_array_index(rows, pb_wall_row, 1).height);
}

/* Many photos (past the exhaustive search): rows alike, everything inside the region. */
static void
test_fill_many(void **state)
{
	pb_wall_piece p[40];
	for (guint i = 0; i < 40; i++)
		p[i] = (pb_wall_piece){i % 3 ? 1.5 : 0.667, 1};
	double used;
	g_autoptr(GArray) rows = pb_photowall_fill(p, 40, 250, 300, 3, &used);
	assert_fill(p, 40, rows, 250, 300, 3);
	assert_true(rows->len > 3 && used > 0.9 * 300);
	g_autoptr(GArray) none = pb_photowall_fill(NULL, 0, 250, 300, 3, &used);
	assert_int_equal(none->len, 0);
	assert_float_equal(used, 0, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_mixed_wall),        cmocka_unit_test(test_better_than_greedy),
	    cmocka_unit_test(test_single_tall_photo), cmocka_unit_test(test_empty),
	    cmocka_unit_test(test_fill_wide_band),    cmocka_unit_test(test_fill_tall_column),
	    cmocka_unit_test(test_fill_height_binds), cmocka_unit_test(test_fill_first_leads),
	    cmocka_unit_test(test_fill_many),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
