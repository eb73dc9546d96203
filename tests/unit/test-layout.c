/* test-layout.c — the text service's layout: Chinese line-breaking rules verified per line,
 * justification, fitting that is maximal, names set to the width of three, missing glyphs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "fonts-fixture.h"
#include "text/text.h"
#include "base/units.h"

#include <string.h>

static pb_text_style
serif(double size)
{
	pb_text_style st = {.family = "Noto Serif CJK SC",
			    .weight = 400,
			    .size = size,
			    .leading = 1.5,
			    .align = PB_ALIGN_JUSTIFY};
	return st;
}

/* The first and last character of a line. */
static gunichar
first_char(const pb_text_block *b, const pb_text_line *l)
{
	return g_utf8_get_char(b->text + l->start);
}

static gunichar
last_char(const pb_text_block *b, const pb_text_line *l)
{
	const char *end = b->text + l->end;
	while (end > b->text + l->start && (end[-1] == '\n' || end[-1] == ' '))
		end--;
	return g_utf8_get_char(g_utf8_prev_char(end));
}

static const char *const closing = "，。、；：？！）》」』”’…—";
static const char *const opening = "（《「『“‘";

static gboolean
in_set(const char *set, gunichar c)
{
	char buf[8] = {0};
	g_unichar_to_utf8(c, buf);
	return strstr(set, buf) != NULL;
}

/* A text dense with marks, set at every measure from 3 to 30 characters: no line may start
 * with a closing mark or end with an opening one, and …… and —— stay whole (clreq §3.1.7). */
static void
test_line_break_rules_every_measure(void **state)
{
	const char *text = "他说：“我们毕业了。”大家都笑了，笑着笑着，又哭了……《青春》这首歌，"
			   "我们唱了一遍又一遍——直到天亮。（那天是六月二十一日。）她问：“你还会"
			   "回来吗？”我说：“会的！”";
	pb_text_style st = serif(10);
	int checked = 0;
	for (int n = 3; n <= 30; n++) {
		double width = n * 10 * PB_MM_PER_PT; /* n ems */
		g_autoptr(pb_text_block) b = pb_text_layout(fonts, NULL, text, &st, width);
		for (guint i = 0; i < b->lines->len; i++) {
			const pb_text_line *l = b->lines->pdata[i];
			if (l->end == l->start)
				continue;
			if (i > 0)
				assert_false(in_set(closing, first_char(b, l)));
			if (i + 1 < b->lines->len)
				assert_false(in_set(opening, last_char(b, l)));
			/* the two halves of …… and —— are never on different lines */
			if (i > 0) {
				gunichar prev =
				    g_utf8_get_char(g_utf8_prev_char(b->text + l->start));
				gunichar here = first_char(b, l);
				assert_false(here == prev && (here == 0x2026 || here == 0x2014));
			}
			checked++;
		}
	}
	assert_true(checked > 100);
}

/* A measure at which a naive break would put 。 at the start of line 2: ten characters then
 * 。 in a ten-em measure.  The mark must stay with its character. */
static void
test_period_never_starts_a_line(void **state)
{
	const char *text = "一二三四五六七八九十。十一十二十三";
	pb_text_style st = serif(10);
	g_autoptr(pb_text_block) b = pb_text_layout(fonts, NULL, text, &st, 10 * 10 * PB_MM_PER_PT);
	assert_true(b->lines->len >= 2);
	const pb_text_line *second = b->lines->pdata[1];
	assert_int_not_equal(first_char(b, second), 0x3002);
	/* the mark went nowhere: every character is on some line, in order */
	const pb_text_line *first = b->lines->pdata[0];
	assert_int_equal(first->start, 0);
}

/* Justified lines end flush with the measure (the last line of a paragraph does not). */
static void
test_justified_lines_fill_the_measure(void **state)
{
	const char *text =
	    "三年前第一次戴上安全帽，觉得又闷又重；今天摘下它，才发现它早已是我的一部"
	    "分。感谢老师们把我们带上工地，也带进了这个行业。";
	pb_text_style st = serif(10);
	double width = 97.3; /* mm: not a whole number of ems, so justification must work */
	g_autoptr(pb_text_block) b = pb_text_layout(fonts, NULL, text, &st, width);
	assert_true(b->lines->len >= 3);
	for (guint i = 0; i + 1 < b->lines->len; i++) {
		const pb_text_line *l = b->lines->pdata[i];
		assert_float_equal(l->width, width, 0.05);
	}
	const pb_text_line *last = b->lines->pdata[b->lines->len - 1];
	assert_true(last->width < width - 1);
}

/* Stories: two characters of first-line indent. */
static void
test_first_line_indent(void **state)
{
	pb_text_style st = serif(10);
	st.indent = 2;
	st.align = PB_ALIGN_START;
	g_autoptr(pb_text_block) b = pb_text_layout(fonts, NULL, "毕业快乐", &st, 100);
	const pb_text_line *l = b->lines->pdata[0];
	assert_float_equal(g_array_index(l->run_x, double, 0), 20 * PB_MM_PER_PT, 0.01);
}

/* 王芳 is set to the width of 欧阳明 in lists. */
static void
test_two_character_names_take_three(void **state)
{
	pb_text_style st = serif(12);
	st.align = PB_ALIGN_START;
	st.name = TRUE;
	g_autoptr(pb_text_block) two = pb_text_layout(fonts, NULL, "王芳", &st, 100);
	g_autoptr(pb_text_block) three = pb_text_layout(fonts, NULL, "欧阳明", &st, 100);
	assert_float_equal(two->widest, three->widest, 0.01);
	st.name = FALSE;
	g_autoptr(pb_text_block) plain = pb_text_layout(fonts, NULL, "王芳", &st, 100);
	assert_float_equal(plain->widest, 24 * PB_MM_PER_PT, 0.01);
}

/* The fitted size is the largest that fits: one step more overflows. */
static void
test_fit_is_maximal(void **state)
{
	const char *text =
	    "愿你们走出校门后依然不忘初心，踏实做事，堂堂正正做人！前路漫漫，愿你们步"
	    "步生花，扎根大地，建设家乡，未来可期。";
	pb_text_style st = serif(0);
	double w = 80, h = 40;
	pb_text_block *b = NULL;
	double size = pb_text_fit(fonts, NULL, text, &st, w, h, 6, 40, 0.5, &b);
	assert_true(size > 6 && size < 40);
	assert_true(pb_text_fits(b, h));
	assert_float_equal(b->style.size, size, 1e-9);
	pb_text_block_unref(b);
	st.size = size + 0.5;
	g_autoptr(pb_text_block) bigger = pb_text_layout(fonts, NULL, text, &st, w);
	assert_false(pb_text_fits(bigger, h));
}

/* At the minimum it still does not fit: 0, and the block set at the minimum. */
static void
test_fit_fails_at_minimum(void **state)
{
	pb_text_style st = serif(0);
	pb_text_block *b = NULL;
	double size = pb_text_fit(fonts, NULL, "一二三四五六七八九十一二三四五六七八九十", &st, 20,
				  5, 8, 20, 0.5, &b);
	assert_float_equal(size, 0, 1e-9);
	assert_float_equal(b->style.size, 8, 1e-9);
	pb_text_block_unref(b);
}

/* text.glyphs: the character, its code point, the text's position; no silent fallback. */
static void
test_missing_glyph(void **state)
{
	pb_diags *d = pb_diags_new();
	pb_text_style st = serif(10);
	pb_loc loc = pb_loc_make("m.yaml", 12, 15);
	assert_true(pb_text_check_glyphs(fonts, "王㛃", &st, loc, PB_SEV_ERROR, d));
	assert_false(pb_text_check_glyphs(fonts, "王\uE000芳", &st, loc, PB_SEV_ERROR, d));
	assert_int_equal(d->items->len, 1);
	g_autofree char *line = pb_diag_format(d, d->items->pdata[0]);
	assert_string_equal(line,
			    "m.yaml:12:15: error: character '\uE000' (U+E000) has no glyph in "
			    "Noto Serif CJK SC [text.glyphs]");
	pb_diags_free(d);
}

/* Centred lines let a closing mark hang, so 青春不散场， is centred on its characters. */
static void
test_centred_line_hangs_its_comma(void **state)
{
	pb_text_style st = serif(10);
	st.align = PB_ALIGN_CENTER;
	g_autoptr(pb_text_block) with = pb_text_layout(fonts, NULL, "青春不散场，", &st, 100);
	g_autoptr(pb_text_block) without = pb_text_layout(fonts, NULL, "青春不散场", &st, 100);
	const pb_text_line *a = with->lines->pdata[0], *b = without->lines->pdata[0];
	assert_float_equal(g_array_index(a->run_x, double, 0), g_array_index(b->run_x, double, 0),
			   0.01);
}

/* Width of the glyph for the byte at `offset` of the text, or -1. */
static int
glyph_width_at(const pb_text_block *b, guint offset)
{
	for (guint i = 0; i < b->lines->len; i++) {
		const pb_text_line *l = b->lines->pdata[i];
		for (guint r = 0; r < l->runs->len; r++) {
			const PangoGlyphItem *run = l->runs->pdata[r];
			for (int g = 0; g < run->glyphs->num_glyphs; g++)
				if ((guint)(run->item->offset + run->glyphs->log_clusters[g]) ==
				    offset)
					return run->glyphs->glyphs[g].geometry.width;
		}
	}
	return -1;
}

/* Justification widens the gaps around Chinese characters and between words, never the
 * gaps inside a Latin word. */
static void
test_justification_leaves_latin_words_whole(void **state)
{
	const char *text = "机房里敲下的第一行代码是Hello World，今天我想对母校说Goodbye，但不是"
			   "再也不见。我们在实训室里写下的每一行程序都算数。";
	pb_text_style st = serif(10);
	g_autoptr(pb_text_block) just = pb_text_layout(fonts, NULL, text, &st, 61.3);
	st.align = PB_ALIGN_START;
	g_autoptr(pb_text_block) plain = pb_text_layout(fonts, NULL, text, &st, 61.3);
	int widened = 0;
	for (const char *p = text; *p; p = g_utf8_next_char(p)) {
		guint off = (guint)(p - text);
		int a = glyph_width_at(just, off), b = glyph_width_at(plain, off);
		const char *next = g_utf8_next_char(p);
		if (g_ascii_isalpha(*p) && g_ascii_isalpha(*next))
			assert_int_equal(a, b); /* inside a Latin word: untouched */
		else if (a > b)
			widened++;
	}
	assert_true(widened > 10); /* and the Chinese did take the space */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_line_break_rules_every_measure),
	    cmocka_unit_test(test_period_never_starts_a_line),
	    cmocka_unit_test(test_justified_lines_fill_the_measure),
	    cmocka_unit_test(test_first_line_indent),
	    cmocka_unit_test(test_two_character_names_take_three),
	    cmocka_unit_test(test_fit_is_maximal),
	    cmocka_unit_test(test_fit_fails_at_minimum),
	    cmocka_unit_test(test_missing_glyph),
	    cmocka_unit_test(test_centred_line_hangs_its_comma),
	    cmocka_unit_test(test_justification_leaves_latin_words_whole),
	};
	return cmocka_run_group_tests(tests, fonts_setup, fonts_teardown);
}
