/* test-text.c — the text service: characters counted as the rules count them; counters spelt
 * from a sample's glyphs set exactly as shaping sets them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "fonts-fixture.h"
#include "text/text.h"

#include <string.h>

static void
test_count_chinese(void **state)
{
	assert_int_equal(pb_text_count_chars("青春不散场，奋进新征程"), 11);
	assert_int_equal(pb_text_count_chars(""), 0);
	assert_int_equal(pb_text_count_chars(NULL), 0);
}

static void
test_whitespace_not_counted(void **state)
{
	/* ASCII spaces, newlines, the ideographic space U+3000 and tabs are not characters. */
	assert_int_equal(pb_text_count_chars(" 王\u3000芳 \n\t好"), 3);
}

static void
test_grapheme_clusters(void **state)
{
	/* e + combining acute is one; a thumbs-up with a skin tone is one; a flag is one. */
	assert_int_equal(pb_text_count_chars("e\u0301"), 1);
	assert_int_equal(pb_text_count_chars("👍🏽"), 1);
	assert_int_equal(pb_text_count_chars("🇨🇳"), 1);
	/* A supplementary-plane CJK character (rare in names) is one. */
	assert_int_equal(pb_text_count_chars("𠀀喆"), 2);
	assert_int_equal(pb_text_count_chars("abc 123"), 6);
}

/* "17/2000" spelt from the glyphs of "0123456789/" has the glyphs and the advances that
 * shaping it gives, for every counter of a 2,000-page document, as a block or placed at once
 * as one glyph item; a character the sample lacks is refused, and nothing placed. */
static void
test_respell_counters(void **state)
{
	pb_text_style st = {.family = "Noto Sans CJK SC", .weight = 400, .size = 7};
	pb_text_block *sample = pb_text_layout(fonts, NULL, "0123456789/", &st, 100);
	for (guint i = 1; i <= 2000; i += 7) {
		char text[32];
		g_snprintf(text, sizeof text, "%u/2000", i);
		pb_text_block *spelt = pb_text_respell(sample, text);
		pb_text_block *shaped = pb_text_layout(fonts, NULL, text, &st, 100);
		assert_non_null(spelt);
		assert_true(spelt->widest == shaped->widest);
		const PangoGlyphString *a =
		    ((PangoGlyphItem *)((pb_text_line *)spelt->lines->pdata[0])->runs->pdata[0])
			->glyphs;
		const PangoGlyphString *b =
		    ((PangoGlyphItem *)((pb_text_line *)shaped->lines->pdata[0])->runs->pdata[0])
			->glyphs;
		assert_int_equal(a->num_glyphs, b->num_glyphs);
		for (int g = 0; g < a->num_glyphs; g++)
			assert_int_equal(a->glyphs[g].glyph, b->glyphs[g].glyph);
		/* placed at once as one glyph item, measured alike, the same glyphs */
		g_autoptr(GPtrArray) items = pb_frame_items_new();
		pb_item *placed = NULL;
		double w = pb_text_spell(sample, text, items, 3, 4, pb_loc_make("", 0, 0), &placed);
		assert_true(w == spelt->widest);
		assert_true(pb_text_spell(sample, text, NULL, 0, 0, pb_loc_make("", 0, 0), NULL) ==
			    w);
		assert_int_equal(items->len, 1);
		assert_ptr_equal(items->pdata[0], placed);
		assert_int_equal(placed->kind, PB_ITEM_GLYPHS);
		assert_true(placed->x == 3);
		assert_true(placed->y == 4 + ((pb_text_line *)sample->lines->pdata[0])->baseline);
		assert_string_equal(placed->glyphs.text, text);
		const PangoGlyphString *c = placed->glyphs.run->glyphs;
		assert_int_equal(c->num_glyphs, b->num_glyphs);
		for (int g = 0; g < c->num_glyphs; g++)
			assert_int_equal(c->glyphs[g].glyph, b->glyphs[g].glyph);
		pb_text_block_unref(spelt);
		pb_text_block_unref(shaped);
	}
	assert_null(pb_text_respell(sample, "sheet 1/5"));
	g_autoptr(GPtrArray) none = pb_frame_items_new();
	assert_true(pb_text_spell(sample, "sheet 1/5", none, 0, 0, pb_loc_make("", 0, 0), NULL) <
		    0);
	assert_int_equal(none->len, 0);
	pb_text_block_unref(sample);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_count_chinese),
	    cmocka_unit_test(test_whitespace_not_counted),
	    cmocka_unit_test(test_grapheme_clusters),
	    cmocka_unit_test(test_respell_counters),
	};
	return cmocka_run_group_tests(tests, fonts_setup, fonts_teardown);
}
