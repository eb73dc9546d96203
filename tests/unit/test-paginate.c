/* test-paginate.c — pages from measured units: reading order, each page as full as it can be,
 * spread evenly when the last would be a leftover, and, when even spreading cannot be done,
 * units pulled back onto the last page rather than leave it one unit of a tenth of a page. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "compose/paginate.h"

static double
run(gpointer units, guint from, guint to, gpointer data)
{
	double h = 0;
	for (guint i = from; i < to; i++)
		h += ((const double *)units)[i];
	return h;
}

static double
unit(gpointer units, guint i, gpointer data)
{
	return ((const double *)units)[i];
}

/* The first unit of each page, as "0 2 3". */
static char *
pages(double *heights, guint n, double capacity)
{
	pb_paginate p = {heights, n, capacity, run, unit, NULL};
	g_autoptr(GArray) starts = pb_paginate_run(&p);
	GString *s = g_string_new(NULL);
	for (guint i = 0; i < starts->len; i++)
		g_string_append_printf(s, "%s%u", i ? " " : "", g_array_index(starts, guint, i));
	return g_string_free(s, FALSE);
}

static void
test_full_pages(void **state)
{
	double u[] = {40, 40, 40, 40, 60};
	g_autofree char *got = pages(u, G_N_ELEMENTS(u), 100);
	assert_string_equal(got, "0 2 4"); /* the last page is 60 % full: left as filled */
}

static void
test_spread_evenly(void **state)
{
	double u[] = {40, 40, 40, 40, 40};
	g_autofree char *got = pages(u, G_N_ELEMENTS(u), 100);
	assert_string_equal(got, "0 2 3"); /* 80, 40, 80 rather than 80, 80, 40 */
}

/* 50 30 | 90 10 | 10 cannot be spread over three pages without one overflowing; the 10 before
 * the last page comes back to it: 50 30 | 90 | 10 10. */
static void
test_pull_back(void **state)
{
	double u[] = {50, 30, 90, 10, 10};
	g_autofree char *got = pages(u, G_N_ELEMENTS(u), 100);
	assert_string_equal(got, "0 2 3");
}

static void
test_too_tall_and_empty(void **state)
{
	double u[] = {150, 10};
	g_autofree char *got = pages(u, G_N_ELEMENTS(u), 100);
	assert_string_equal(got, "0 1"); /* a unit taller than a page still gets its own */
	g_autofree char *none = pages(NULL, 0, 100);
	assert_string_equal(none, "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_full_pages),
	    cmocka_unit_test(test_spread_evenly),
	    cmocka_unit_test(test_pull_back),
	    cmocka_unit_test(test_too_tall_and_empty),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
