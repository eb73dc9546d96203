/* test-text.c — the text service: characters counted as the rules count them; counters spelt
 * from a sample's glyphs, and names from the speller's, set exactly as shaping sets them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "fonts-fixture.h"
#include "text/text-private.h"
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

/* Every glyph of two blocks the same, at the same place. */
static void
assert_same_setting(const pb_text_block *a, const pb_text_block *b, const char *what)
{
	if (a->lines->len != b->lines->len || a->widest != b->widest || a->height != b->height)
		print_error("%s: %u lines, widest %.6f, height %.6f; Pango: %u, %.6f, %.6f\n", what,
			    a->lines->len, a->widest, a->height, b->lines->len, b->widest,
			    b->height);
	assert_int_equal(a->lines->len, b->lines->len);
	assert_true(a->widest == b->widest && a->height == b->height && a->scale == b->scale);
	for (guint i = 0; i < a->lines->len; i++) {
		const pb_text_line *x = a->lines->pdata[i], *y = b->lines->pdata[i];
		assert_int_equal(x->runs->len, y->runs->len);
		assert_true(x->baseline == y->baseline && x->width == y->width);
		assert_int_equal(x->start, y->start);
		assert_int_equal(x->end, y->end);
		for (guint r = 0; r < x->runs->len; r++) {
			const PangoGlyphItem *p = x->runs->pdata[r], *q = y->runs->pdata[r];
			assert_true(g_array_index(x->run_x, double, r) ==
				    g_array_index(y->run_x, double, r));
			assert_ptr_equal(p->item->analysis.font, q->item->analysis.font);
			assert_int_equal(p->item->length, q->item->length);
			assert_int_equal(p->item->num_chars, q->item->num_chars);
			assert_int_equal(p->glyphs->num_glyphs, q->glyphs->num_glyphs);
			for (int g = 0; g < p->glyphs->num_glyphs; g++) {
				const PangoGlyphInfo *s = &p->glyphs->glyphs[g],
						     *t = &q->glyphs->glyphs[g];
				assert_int_equal(s->glyph, t->glyph);
				assert_int_equal(s->geometry.width, t->geometry.width);
				assert_int_equal(s->geometry.x_offset, t->geometry.x_offset);
				assert_int_equal(s->geometry.y_offset, t->geometry.y_offset);
				assert_int_equal(p->glyphs->log_clusters[g],
						 q->glyphs->log_clusters[g]);
			}
		}
	}
}

/* Names of Han characters are spelt from glyphs shaped once (speller.c), set as Pango sets
 * them to the unit: one, two (set to the width of three), three and four characters, in the
 * card's and the roll's name styles, letter-spaced or not, centred or not, at several sizes,
 * in a measure they overflow without wrapping.  What the speller does not set (punctuation,
 * Latin, a justified line, a name too wide for a measure that wraps) is Pango's. */
static void
test_speller_as_pango(void **state)
{
	static const char *const surnames[] = {"王", "李", "欧阳", "司马", "诸葛", "赵", "龚"};
	static const char *const given[] = {"", "明", "欣怡", "梓涵", "一", "鑫", "子轩"};
	pb_text_style styles[] = {
	    {.family = "Noto Serif CJK SC",
	     .weight = 700,
	     .size = 24,
	     .tracking = 0.12,
	     .align = PB_ALIGN_CENTER,
	     .leading = 1.2},
	    {.family = "Noto Serif CJK SC",
	     .weight = 700,
	     .size = 11,
	     .leading = 1.4,
	     .align = PB_ALIGN_CENTER,
	     .name = TRUE},
	    {.family = "Noto Sans CJK SC",
	     .weight = 400,
	     .size = 9,
	     .tracking = 0.3,
	     .align = PB_ALIGN_END},
	    {.family = "LXGW WenKai",
	     .weight = 400,
	     .size = 14,
	     .tracking = 0.05,
	     .name = TRUE,
	     .nowrap = TRUE},
	};
	guint spelt = 0;
	for (gsize st = 0; st < G_N_ELEMENTS(styles); st++)
		for (gsize a = 0; a < G_N_ELEMENTS(surnames); a++)
			for (gsize b = 0; b < G_N_ELEMENTS(given); b++)
				for (double width = 6; width <= 80; width *= 3.7) {
					g_autofree char *name =
					    g_strconcat(surnames[a], given[b], NULL);
					pb_text_style s = styles[st];
					s.size = styles[st].size * (1 + (double)(a % 3) / 7);
					g_autoptr(pb_text_block) ours =
					    pb_text_layout(fonts, NULL, name, &s, width);
					g_autoptr(pb_text_block) pango =
					    pb_text_layout_pango(fonts, name, &s, width);
					g_autoptr(pb_text_block) direct =
					    pb_text_spelt(fonts, name, &s, width);
					spelt += direct != NULL;
					/* not spelt: Pango breaks it, or would have to */
					if (!direct)
						assert_true(!s.nowrap && (pango->lines->len > 1 ||
									  pango->widest > width));
					/* not spelt: Pango breaks it, or would have to */
					if (!direct)
						assert_true(!s.nowrap && (pango->lines->len > 1 ||
									  pango->widest > width));
					g_autofree char *what = g_strdup_printf(
					    "%s, style %zu, %.1f mm", name, st, width);
					assert_same_setting(ours, pango, what);
					if (direct)
						assert_same_setting(direct, pango, what);
				}
	/* every one that fits its measure, or is set without wrapping */
	assert_true(spelt >= 200);
	/* and these never are */
	pb_text_style s = styles[0];
	static const char *const pangos[] = {"王明，", "José", "王 明", "王\n明", "㐀〇"};
	for (gsize i = 0; i < G_N_ELEMENTS(pangos); i++)
		assert_null(pb_text_spelt(fonts, pangos[i], &s, 80));
	s.align = PB_ALIGN_JUSTIFY;
	assert_null(pb_text_spelt(fonts, "王明", &s, 80));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_count_chinese),     cmocka_unit_test(test_whitespace_not_counted),
	    cmocka_unit_test(test_grapheme_clusters), cmocka_unit_test(test_respell_counters),
	    cmocka_unit_test(test_speller_as_pango),
	};
	return cmocka_run_group_tests(tests, fonts_setup, fonts_teardown);
}
