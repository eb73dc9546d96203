/* test-hash.c — the frame hash (build/hash.c): what it tells apart and what it does not.  A
 * shared children array is hashed once per series and its placements feed its digest, so the
 * digests must follow the arrays' contents, never their addresses, and a series' cache must give
 * what a document's own would.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "build/hash.h"

#include <string.h>

/* A card of one rectangle `w` mm wide, placed at each of `at` (x positions) on one page. */
static pb_doc *
doc_placing(GPtrArray *card, const double *at, guint n)
{
	pb_doc *doc = pb_doc_new("t", "school", "2022-06-21");
	pb_page *page = pb_doc_add_page(doc, 100, 100, 3, 0);
	for (guint i = 0; i < n; i++)
		pb_frame_add_shared(page->items, card, at[i], 0, 1, 0, 0, 1, 20, 20,
				    pb_loc_make("", 0, 0));
	return doc;
}

static GPtrArray *
card_of(double w)
{
	GPtrArray *card = pb_frame_items_new();
	pb_paint paint = {.fill = TRUE, .fill_color = {0.7, 0.1, 0.1}};
	pb_frame_add_rect(card, 1, 1, w, 10, &paint, pb_loc_make("", 0, 0));
	return card;
}

static char *
hash_of(const pb_doc *doc, pb_frame_digests *digests)
{
	return pb_hash_frames(doc, "salt", NULL, digests);
}

static void
test_shared_by_content(void **state)
{
	(void)state;
	const double two[] = {0, 30};
	g_autoptr(GPtrArray) a = card_of(10), b = card_of(10), c = card_of(12);
	g_autoptr(pb_doc) on_a = doc_placing(a, two, 2);
	g_autoptr(pb_doc) on_b = doc_placing(b, two, 2);
	g_autoptr(pb_doc) on_c = doc_placing(c, two, 2);
	g_autoptr(pb_frame_digests) series = pb_frame_digests_new();
	g_autofree char *ha = hash_of(on_a, series);
	g_autofree char *hb = hash_of(on_b, series);
	g_autofree char *hc = hash_of(on_c, series);
	assert_int_equal(strlen(ha), 64);
	/* two arrays of the same items are the same card, wherever they are in memory */
	assert_string_equal(ha, hb);
	/* and a card 2 mm wider is another */
	assert_string_not_equal(ha, hc);
	/* the series' digests give what the document's own do */
	g_autofree char *own = hash_of(on_a, NULL);
	assert_string_equal(ha, own);
}

static void
test_placements_count(void **state)
{
	(void)state;
	const double one[] = {0}, two[] = {0, 30}, moved[] = {0, 31};
	g_autoptr(GPtrArray) card = card_of(10);
	g_autoptr(pb_doc) once = doc_placing(card, one, 1);
	g_autoptr(pb_doc) twice = doc_placing(card, two, 2);
	g_autoptr(pb_doc) elsewhere = doc_placing(card, moved, 2);
	g_autoptr(pb_frame_digests) series = pb_frame_digests_new();
	g_autofree char *h1 = hash_of(once, series);
	g_autofree char *h2 = hash_of(twice, series);
	g_autofree char *h3 = hash_of(elsewhere, series);
	/* a card placed once more, or 1 mm further, is another page */
	assert_string_not_equal(h1, h2);
	assert_string_not_equal(h2, h3);
}

static void
test_nested_change(void **state)
{
	(void)state;
	/* a card inside a sheet's shared group: the sheet's digest follows the card's items */
	const double one[] = {0};
	g_autoptr(GPtrArray) card = card_of(10), other = card_of(10);
	g_autoptr(GPtrArray) sheet = pb_frame_items_new(), sheet2 = pb_frame_items_new();
	pb_frame_add_shared(sheet, card, 5, 5, 1, 0, 0, 1, 20, 20, pb_loc_make("", 0, 0));
	pb_frame_add_shared(sheet2, other, 5, 5, 1, 0, 0, 1, 20, 20, pb_loc_make("", 0, 0));
	g_autoptr(pb_doc) d1 = doc_placing(sheet, one, 1);
	g_autoptr(pb_doc) d2 = doc_placing(sheet2, one, 1);
	g_autofree char *before = hash_of(d1, NULL);
	g_autofree char *same = hash_of(d2, NULL);
	assert_string_equal(before, same);
	((pb_item *)other->pdata[0])->rect.w = 11;
	g_autofree char *after = hash_of(d2, NULL);
	assert_string_not_equal(before, after);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_shared_by_content),
	    cmocka_unit_test(test_placements_count),
	    cmocka_unit_test(test_nested_change),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
