/* test-subset.c — the cut fonts (render/subset.c): a run drawn with its CFF face cut to the
 * glyphs shown gives the same pixels as Pango's drawing from the whole face, its glyphs each
 * mapped to one glyph of the cut; a TrueType face, and a glyph that was not asked for, are left
 * to Pango; and a PDF drawn through the render embeds the small font, with its text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "fonts-fixture.h"
#include "render/render.h"
#include "render/subset.h"
#include "text/text.h"

#include <glib/gstdio.h>
#include <pango/pangocairo.h>
#include <string.h>

#define SERIF "Noto Serif CJK SC"
#define SANS "Noto Sans CJK SC"
#define KAI "LXGW WenKai"

/* `text` set in `family`, placed: its glyph items, in a new array. */
static GPtrArray *
set(const char *text, const char *family, int weight)
{
	pb_text_style st = {.family = family, .weight = weight, .size = 18};
	g_autoptr(pb_text_block) b = pb_text_layout(fonts, NULL, text, &st, 180);
	GPtrArray *items = pb_frame_items_new();
	pb_text_place(b, items, 10, 10, pb_loc_make("", 0, 0));
	return items;
}

static const pb_item *
first_run(const GPtrArray *items)
{
	for (guint i = 0; i < items->len; i++)
		if (((const pb_item *)items->pdata[i])->kind == PB_ITEM_GLYPHS)
			return items->pdata[i];
	fail_msg("no glyph run");
	return NULL;
}

/* The run drawn on a white 600 × 200 px image, by the cut font or by Pango. */
static cairo_surface_t *
drawn(pb_subsets *s, const pb_item *it, gboolean cut)
{
	cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 600, 200);
	cairo_t *cr = cairo_create(img);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_set_source_rgb(cr, 0, 0, 0);
	cairo_translate(cr, 10, 120);
	cairo_scale(cr, it->glyphs.scale * 2, it->glyphs.scale * 2);
	if (cut)
		assert_true(pb_subsets_show(s, cr, it->glyphs.text, it->glyphs.run));
	else
		pango_cairo_show_glyph_item(cr, it->glyphs.text, (PangoGlyphItem *)it->glyphs.run);
	cairo_destroy(cr);
	cairo_surface_flush(img);
	return img;
}

static gboolean
blank(cairo_surface_t *img)
{
	const guint32 *px = (const guint32 *)cairo_image_surface_get_data(img);
	int n = cairo_image_surface_get_stride(img) / 4 * cairo_image_surface_get_height(img);
	for (int i = 0; i < n; i++)
		if ((px[i] & 0xffffff) != 0xffffff)
			return FALSE;
	return TRUE;
}

static void
test_cut_draws_the_same(void **state)
{
	const char *texts[][2] = {{"湖南工程职业技术学院 2022届 AVA", SERIF},
				  {"前程似锦，未来可期！", SANS}};
	for (guint t = 0; t < G_N_ELEMENTS(texts); t++) {
		g_autoptr(GPtrArray) items = set(texts[t][0], texts[t][1], t ? 400 : 700);
		pb_subsets *s = pb_subsets_new();
		pb_subsets_add_items(s, items);
		pb_subsets_cut(s);
		const pb_item *it = first_run(items);
		PangoFont *font = it->glyphs.run->item->analysis.font;
		assert_non_null(pb_subsets_font(s, font));
		/* each glyph goes to a glyph of its own in the cut (.notdef stays 0) */
		const PangoGlyphString *gs = it->glyphs.run->glyphs;
		g_autoptr(GHashTable) from = g_hash_table_new(NULL, NULL);
		for (int g = 0; g < gs->num_glyphs; g++) {
			PangoGlyph to = pb_subsets_glyph(s, font, gs->glyphs[g].glyph);
			assert_true(to >= 1 && to < 64);
			gpointer was = g_hash_table_lookup(from, GUINT_TO_POINTER(to));
			assert_true(!was || was == GUINT_TO_POINTER(gs->glyphs[g].glyph));
			g_hash_table_insert(from, GUINT_TO_POINTER(to),
					    GUINT_TO_POINTER(gs->glyphs[g].glyph));
		}
		cairo_surface_t *a = drawn(s, it, FALSE), *b = drawn(s, it, TRUE);
		assert_false(blank(a));
		assert_memory_equal(cairo_image_surface_get_data(a),
				    cairo_image_surface_get_data(b),
				    cairo_image_surface_get_stride(a) * 200);
		cairo_surface_destroy(a);
		cairo_surface_destroy(b);
		pb_subsets_free(s);
	}
}

static void
test_left_to_pango(void **state)
{
	/* a TrueType face: Cairo reads it a glyph at a time, and it is not cut */
	g_autoptr(GPtrArray) kai = set("愿你前程似锦", KAI, 400);
	/* a glyph nobody asked for: a run of the same face that was not added */
	g_autoptr(GPtrArray) asked = set("建筑工程学院", SERIF, 700);
	g_autoptr(GPtrArray) other = set("机械", SERIF, 700);
	pb_subsets *s = pb_subsets_new();
	pb_subsets_add_items(s, kai);
	pb_subsets_add_items(s, asked);
	pb_subsets_cut(s);
	const pb_item *k = first_run(kai), *o = first_run(other);
	assert_null(pb_subsets_font(s, k->glyphs.run->item->analysis.font));
	assert_non_null(pb_subsets_font(s, o->glyphs.run->item->analysis.font));
	cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 10, 10);
	cairo_t *cr = cairo_create(img);
	assert_false(pb_subsets_show(s, cr, k->glyphs.text, k->glyphs.run));
	assert_false(pb_subsets_show(s, cr, o->glyphs.text, o->glyphs.run));
	assert_true(
	    pb_subsets_show(s, cr, first_run(asked)->glyphs.text, first_run(asked)->glyphs.run));
	cairo_destroy(cr);
	cairo_surface_destroy(img);
	pb_subsets_free(s);
}

/* Runs a command, its standard output back. */
static char *
output_of(const char *const *argv)
{
	char *out = NULL;
	int status = 0;
	assert_true(g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out,
				 NULL, &status, NULL));
	assert_true(g_spawn_check_wait_status(status, NULL));
	return out;
}

static void
test_pdf_embeds_the_cut(void **state)
{
	pb_doc *doc = pb_doc_new("cut fonts", "school", "2022-06-21");
	doc->id = g_strdup("0123456789abcdef0123456789abcdef");
	pb_page *page = pb_doc_add_page(doc, 100, 100, 3, 0);
	const char *texts[][2] = {{"青春不散场", SERIF}, {"奋进新征程", SANS}};
	for (guint t = 0; t < G_N_ELEMENTS(texts); t++) {
		pb_text_style st = {.family = texts[t][1], .weight = t ? 400 : 700, .size = 18};
		g_autoptr(pb_text_block) b = pb_text_layout(fonts, NULL, texts[t][0], &st, 80);
		pb_text_place(b, page->items, 10, 20 + 30 * t, pb_loc_make("", 0, 0));
	}
	g_autofree char *dir = g_dir_make_tmp("test-subset-XXXXXX", NULL);
	g_autofree char *path = g_build_filename(dir, "cut.pdf", NULL);
	gsize size = 0;
	assert_true(pb_render_pdf_file(doc, path, &size, NULL, NULL));
	/* ten glyphs of two Noto faces: 8 KB in all, where Cairo's own subset of the whole faces
	 * keeps every subroutine of them (108 KB) */
	assert_true(size < 20000);
	const char *fonts_argv[] = {"pdffonts", path, NULL};
	g_autofree char *listed = output_of(fonts_argv);
	assert_non_null(strstr(listed, "+NotoSerifCJKsc-Bold "));
	assert_non_null(strstr(listed, "+NotoSansCJKsc-Regular "));
	assert_null(strstr(listed, " no  "));
	const char *text_argv[] = {"pdftotext", path, "-", NULL};
	g_autofree char *text = output_of(text_argv);
	assert_non_null(strstr(text, "青春不散场"));
	assert_non_null(strstr(text, "奋进新征程"));
	g_unlink(path);
	g_rmdir(dir);
	pb_doc_free(doc);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_cut_draws_the_same),
	    cmocka_unit_test(test_left_to_pango),
	    cmocka_unit_test(test_pdf_embeds_the_cut),
	};
	return cmocka_run_group_tests(tests, fonts_setup, fonts_teardown);
}
