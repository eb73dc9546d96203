/* test-place.c — a photo in a box (place.c): fit and fill geometry after orientation, the
 * focus point and its clamping, effective ppi at its threshold, the CMYK note, and the draft
 * placeholder.
 *
 * Everything runs on made-up probes (pb_image_info values in the image registry): placement is
 * geometry on the probe and never opens the file.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "fonts-fixture.h"
#include "compose/compose.h"
#include "check/rules.h"
#include "base/units.h"

#include <string.h>

/* One composer context with its own model, layout, probes and diagnostics. */
typedef struct fixture {
	pb_manifest m;
	pb_rule_setting rules[PB_RULE_COUNT];
	pb_layout layout;
	pb_images *images;
	pb_compose c;
	pb_doc *doc;
	pb_page *page;
} fixture;

static fixture *
fixture_new(double min_ppi)
{
	fixture *f = g_new0(fixture, 1);
	pb_rules_init(f->rules);
	f->m.rules = f->rules;
	f->m.event.date.s = "2022-06-21";
	f->layout.width = 400;
	f->layout.height = 300;
	f->layout.min_ppi = min_ppi;
	f->layout.palette = g_hash_table_new(g_str_hash, g_str_equal);
	f->layout.fonts = g_hash_table_new(g_str_hash, g_str_equal);
	f->images = pb_images_new();
	f->c = (pb_compose){.m = &f->m,
			    .layout = &f->layout,
			    .fonts = fonts,
			    .diags = pb_diags_new(),
			    .images = f->images};
	f->doc = pb_doc_new("t", "s", "2022-06-21");
	f->page = pb_doc_add_page(f->doc, 400, 300, 0, 0);
	return f;
}

static void
fixture_free(fixture *f)
{
	g_hash_table_unref(f->layout.palette);
	g_hash_table_unref(f->layout.fonts);
	pb_images_free(f->images);
	pb_diags_free(f->c.diags);
	pb_doc_free(f->doc);
	g_free(f);
}

/* A photo of w × h stored pixels with EXIF `orientation`, known to the probes as `fs`. */
static pb_path
photo(fixture *f, const char *fs, guint w, guint h, guint orientation, pb_colorspace cs)
{
	pb_image_info *info = g_new0(pb_image_info, 1);
	info->format = PB_IMAGE_JPEG;
	info->width = w;
	info->height = h;
	info->orientation = orientation;
	info->oriented_width = orientation >= 5 ? h : w;
	info->oriented_height = orientation >= 5 ? w : h;
	info->colorspace = cs;
	pb_images_insert(f->images, fs, info);
	g_free(info);
	return (pb_path){.written = fs, .shown = fs, .fs = fs, .loc = pb_loc_make("m.yaml", 12, 9)};
}

static const pb_item *
item(const GPtrArray *items, guint i)
{
	assert_true(i < items->len);
	return items->pdata[i];
}

static guint
count_rule(const fixture *f, const char *rule)
{
	guint n = 0;
	for (guint i = 0; i < f->c.diags->items->len; i++)
		n += g_str_equal(((pb_diag *)f->c.diags->items->pdata[i])->rule, rule);
	return n;
}

static const pb_diag *
only_diag(const fixture *f)
{
	assert_int_equal(f->c.diags->items->len, 1);
	return f->c.diags->items->pdata[0];
}

/* FIT: the whole photo, centred, letterboxed; `out` is the drawn rectangle. */
static void
test_fit_centres_whole_photo(void **state)
{
	fixture *f = fixture_new(0);
	pb_path p = photo(f, "a.jpg", 2000, 1000, 1, PB_CS_RGB);
	double out[4];
	assert_true(
	    pb_compose_photo(&f->c, f->page->items, &p, 10, 20, 100, 100, PB_FIT_WHOLE, NULL, out));
	const pb_item *im = item(f->page->items, 0);
	assert_int_equal(im->kind, PB_ITEM_IMAGE);
	assert_float_equal(im->x, 10, 1e-9);
	assert_float_equal(im->y, 45, 1e-9);
	assert_float_equal(im->image.w, 100, 1e-9);
	assert_float_equal(im->image.h, 50, 1e-9);
	assert_string_equal(im->image.path, "a.jpg");
	assert_int_equal(im->loc.line, 12);
	double want[4] = {10, 45, 100, 50};
	for (int i = 0; i < 4; i++)
		assert_float_equal(out[i], want[i], 1e-9);
	fixture_free(f);
}

/* Orientations 5–8 swap the sides: a 2000×1000 file tagged 6 is a 1000×2000 portrait. */
static void
test_orientation_swaps_sides(void **state)
{
	for (guint o = 1; o <= 8; o++) {
		fixture *f = fixture_new(0);
		pb_path p = photo(f, "a.jpg", 2000, 1000, o, PB_CS_RGB);
		guint w = 0, h = 0;
		assert_true(pb_compose_photo_size(&f->c, &p, &w, &h));
		assert_int_equal(w, o >= 5 ? 1000 : 2000);
		assert_int_equal(h, o >= 5 ? 2000 : 1000);
		double out[4];
		assert_true(pb_compose_photo(&f->c, f->page->items, &p, 0, 0, 100, 100,
					     PB_FIT_WHOLE, NULL, out));
		const pb_item *im = item(f->page->items, 0);
		assert_float_equal(im->image.w, o >= 5 ? 50 : 100, 1e-9);
		assert_float_equal(im->image.h, o >= 5 ? 100 : 50, 1e-9);
		assert_int_equal(im->image.info->orientation, o);
		fixture_free(f);
	}
}

/* FILL: a clipping group of the box holding the photo scaled to cover it, the focus point as
 * near the centre as the covering allows. */
static void
test_fill_focus_and_clamping(void **state)
{
	static const struct {
		double focus[2];
		double x, y; /* the image within the group */
	} cases[] = {
	    {{0.5, 0.5}, -50, 0},  /* centred */
	    {{0.6, 0.5}, -70, 0},  /* focus 120 mm in: moved 70 to bring it to 50 */
	    {{0.0, 0.0}, 0, 0},    /* at the left edge: clamped, no gap */
	    {{1.0, 1.0}, -100, 0}, /* at the right edge: clamped to the other side */
	    {{0.9, 0.2}, -100, 0},
	};
	for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
		fixture *f = fixture_new(0);
		pb_path p = photo(f, "a.jpg", 2000, 1000, 1, PB_CS_RGB);
		double out[4];
		assert_true(pb_compose_photo(&f->c, f->page->items, &p, 10, 20, 100, 100,
					     PB_FIT_FILL, cases[i].focus, out));
		const pb_item *g = item(f->page->items, 0);
		assert_int_equal(g->kind, PB_ITEM_GROUP);
		assert_true(g->group.clip);
		assert_float_equal(g->x, 10, 1e-9);
		assert_float_equal(g->y, 20, 1e-9);
		assert_float_equal(g->group.w, 100, 1e-9);
		assert_float_equal(g->group.h, 100, 1e-9);
		const pb_item *im = item(g->group.children, 0);
		assert_float_equal(im->image.w, 200, 1e-9);
		assert_float_equal(im->image.h, 100, 1e-9);
		assert_float_equal(im->x, cases[i].x, 1e-9);
		assert_float_equal(im->y, cases[i].y, 1e-9);
		double want[4] = {10, 20, 100, 100};
		for (int k = 0; k < 4; k++)
			assert_float_equal(out[k], want[k], 1e-9);
		fixture_free(f);
	}
	/* A portrait in a landscape box crops top and bottom; NULL focus is the centre, and a
	 * focus near the top keeps the top. */
	fixture *f = fixture_new(0);
	pb_path p = photo(f, "b.jpg", 1000, 2000, 1, PB_CS_RGB);
	double out[4], top[2] = {0.5, 0.1};
	pb_compose_photo(&f->c, f->page->items, &p, 0, 0, 100, 50, PB_FIT_FILL, NULL, out);
	pb_compose_photo(&f->c, f->page->items, &p, 0, 0, 100, 50, PB_FIT_FILL, top, out);
	const pb_item *mid = item(item(f->page->items, 0)->group.children, 0);
	const pb_item *up = item(item(f->page->items, 1)->group.children, 0);
	assert_float_equal(mid->image.h, 200, 1e-9);
	assert_float_equal(mid->y, -75, 1e-9);
	assert_float_equal(up->y, 0, 1e-9); /* 25 − 20 = 5 > 0: clamped to the top edge */
	fixture_free(f);
}

/* image.ppi fires one below the threshold and not at it; the rule's `min` overrides the
 * layout's; the rule's severity is used; a photo repeated is reported once. */
static void
test_ppi_threshold(void **state)
{
	/* 1000 px over 254 mm (10 in) is exactly 100 ppi. */
	fixture *f = fixture_new(100);
	pb_path p = photo(f, "submissions/a/photos/05.jpg", 1000, 1000, 1, PB_CS_RGB);
	double out[4];
	pb_compose_photo(&f->c, f->page->items, &p, 0, 0, 254, 254, PB_FIT_WHOLE, NULL, out);
	assert_int_equal(f->c.diags->items->len, 0);
	/* 99 ppi: 1000 px over 1000/99 in. */
	double mm = 1000.0 / 99 * PB_MM_PER_IN;
	pb_compose_photo(&f->c, f->page->items, &p, 0, 0, mm, mm, PB_FIT_WHOLE, NULL, out);
	const pb_diag *d = only_diag(f);
	assert_string_equal(d->rule, "image.ppi");
	assert_int_equal(d->severity, PB_SEV_WARNING);
	assert_int_equal(d->loc.line, 12);
	assert_int_equal(d->loc.col, 9);
	assert_string_equal(d->message, "photo 'submissions/a/photos/05.jpg' is placed at 99 ppi, "
					"below the 100 ppi this layout needs");
	/* The same photo placed again at a low resolution: still one warning. */
	pb_compose_photo(&f->c, f->page->items, &p, 0, 0, 2 * mm, 2 * mm, PB_FIT_WHOLE, NULL, out);
	assert_int_equal(count_rule(f, "image.ppi"), 1);
	fixture_free(f);

	/* The rule's own minimum, and its severity. */
	f = fixture_new(100);
	f->rules[PB_RULE_IMAGE_PPI].params[0] = 150;
	f->rules[PB_RULE_IMAGE_PPI].severity = PB_SEV_ERROR;
	p = photo(f, "b.jpg", 1500, 1000, 1, PB_CS_RGB);
	pb_compose_photo(&f->c, f->page->items, &p, 0, 0, 254, 254, PB_FIT_WHOLE, NULL, out);
	assert_int_equal(f->c.diags->items->len, 0); /* 150 ppi: at the rule's minimum */
	pb_compose_photo(&f->c, f->page->items, &p, 0, 0, 1500.0 / 149 * PB_MM_PER_IN, 500,
			 PB_FIT_WHOLE, NULL, out);
	d = only_diag(f);
	assert_int_equal(d->severity, PB_SEV_ERROR);
	assert_string_equal(d->message, "photo 'b.jpg' is placed at 149 ppi, "
					"below the 150 ppi this layout needs");
	fixture_free(f);

	/* FILL judges the covering size: the poorer axis after cropping.  A 2000×1000 photo
	 * filling a 100 mm square is drawn 200 mm wide and 100 mm high: 254 ppi both ways.  In a
	 * 254 mm square: 1000 px over 10 in = 100 ppi, fine; in a 260 mm square: 97 ppi. */
	f = fixture_new(100);
	p = photo(f, "c.jpg", 2000, 1000, 1, PB_CS_RGB);
	pb_compose_photo(&f->c, f->page->items, &p, 0, 0, 254, 254, PB_FIT_FILL, NULL, out);
	assert_int_equal(f->c.diags->items->len, 0);
	pb_compose_photo(&f->c, f->page->items, &p, 0, 0, 260, 260, PB_FIT_FILL, NULL, out);
	assert_string_equal(only_diag(f)->message, "photo 'c.jpg' is placed at 97 ppi, "
						   "below the 100 ppi this layout needs");
	fixture_free(f);

	/* Switched off under rules: nothing. */
	f = fixture_new(100);
	f->rules[PB_RULE_IMAGE_PPI].severity = PB_SEV_OFF;
	p = photo(f, "d.jpg", 100, 100, 1, PB_CS_RGB);
	pb_compose_photo(&f->c, f->page->items, &p, 0, 0, 254, 254, PB_FIT_WHOLE, NULL, out);
	assert_int_equal(f->c.diags->items->len, 0);
	fixture_free(f);
}

/* A CMYK photo is noted once: the renderer converts it. */
static void
test_cmyk_note(void **state)
{
	fixture *f = fixture_new(0);
	pb_path p = photo(f, "x.jpg", 300, 200, 1, PB_CS_CMYK);
	pb_path q = photo(f, "y.jpg", 300, 200, 1, PB_CS_YCCK);
	q.loc.line = 13;
	double out[4];
	pb_compose_photo(&f->c, f->page->items, &p, 0, 0, 30, 20, PB_FIT_WHOLE, NULL, out);
	pb_compose_photo(&f->c, f->page->items, &p, 0, 0, 30, 20, PB_FIT_FILL, NULL, out);
	pb_compose_photo(&f->c, f->page->items, &q, 0, 0, 30, 20, PB_FIT_WHOLE, NULL, out);
	assert_int_equal(f->c.diags->items->len, 2);
	const pb_diag *d = f->c.diags->items->pdata[0];
	assert_int_equal(d->severity, PB_SEV_NOTE);
	assert_string_equal(d->rule, "image.cmyk");
	assert_string_equal(d->message, "photo 'x.jpg' is CMYK; converted to sRGB through the "
					"standard CMYK profile (Ghostscript's default_cmyk.icc)");
	d = f->c.diags->items->pdata[1];
	assert_string_equal(d->message, "photo 'y.jpg' is YCCK; converted to sRGB through the "
					"standard CMYK profile (Ghostscript's default_cmyk.icc)");
	fixture_free(f);
}

/* A photo without a probe (missing, broken): nothing and FALSE, or with --draft a grey box, a
 * cross and the file's name filling the box. */
static void
test_missing_photo_and_draft(void **state)
{
	fixture *f = fixture_new(100);
	pb_path p = {.written = "photos/gone.jpg",
		     .shown = "submissions/a/photos/gone.jpg",
		     .fs = "/nowhere/gone.jpg",
		     .loc = pb_loc_make("m.yaml", 7, 3)};
	double out[4] = {-1, -1, -1, -1};
	assert_false(
	    pb_compose_photo(&f->c, f->page->items, &p, 10, 20, 80, 60, PB_FIT_FILL, NULL, out));
	assert_int_equal(f->page->items->len, 0);
	guint w, h;
	assert_false(pb_compose_photo_size(&f->c, &p, &w, &h));
	assert_false(pb_compose_photo_slot(&f->c, &p, &w, &h));

	/* In a draft it keeps a 3:2 place (the size alone stays strict: no probe, no size). */
	f->c.draft = TRUE;
	assert_false(pb_compose_photo_size(&f->c, &p, &w, &h));
	assert_true(pb_compose_photo_slot(&f->c, &p, &w, &h));
	assert_int_equal(w, 1500);
	assert_int_equal(h, 1000);
	pb_path none = {.loc = p.loc}; /* no file given at all: nothing, even in a draft */
	assert_false(pb_compose_photo_slot(&f->c, &none, &w, &h));
	assert_false(
	    pb_compose_photo(&f->c, f->page->items, &none, 0, 0, 10, 10, PB_FIT_FILL, NULL, out));
	assert_int_equal(f->page->items->len, 0);

	assert_true(
	    pb_compose_photo(&f->c, f->page->items, &p, 10, 20, 80, 60, PB_FIT_FILL, NULL, out));
	double want[4] = {10, 20, 80, 60};
	for (int i = 0; i < 4; i++)
		assert_float_equal(out[i], want[i], 1e-9);
	const pb_item *g = item(f->page->items, 0);
	assert_int_equal(g->kind, PB_ITEM_GROUP);
	assert_true(g->group.clip);
	const pb_item *box = item(g->group.children, 0);
	assert_int_equal(box->kind, PB_ITEM_RECT);
	assert_float_equal(box->rect.w, 80, 1e-9);
	assert_true(box->rect.paint->fill);
	const pb_item *cross = item(g->group.children, 1);
	assert_int_equal(cross->kind, PB_ITEM_PATH);
	assert_int_equal(cross->path.ops->len, 4); /* two diagonals */
	gboolean named = FALSE;
	for (guint i = 2; i < g->group.children->len; i++) {
		const pb_item *t = item(g->group.children, i);
		if (t->kind == PB_ITEM_GLYPHS && strstr(t->glyphs.text, "gone.jpg"))
			named = TRUE;
		assert_int_equal(t->loc.line, 7);
	}
	assert_true(named);
	assert_int_equal(count_rule(f, "image.ppi"), 0);
	fixture_free(f);
}

/* --draft also marks the slug. */
static void
test_draft_slug(void **state)
{
	fixture *f = fixture_new(100);
	f->layout.marks = TRUE;
	f->layout.width = f->layout.height = 100;
	pb_doc *doc = pb_doc_new("t", "s", "2022-06-21");
	pb_compose_page(&f->c, doc);
	pb_compose_finish(&f->c, doc, "t.pdf");
	assert_null(strstr(((pb_page *)doc->pages->pdata[0])->slug_text, "DRAFT"));
	pb_doc_free(doc);
	f->c.draft = TRUE;
	doc = pb_doc_new("t", "s", "2022-06-21");
	pb_compose_page(&f->c, doc);
	pb_compose_finish(&f->c, doc, "t.pdf");
	const char *slug = ((pb_page *)doc->pages->pdata[0])->slug_text;
	assert_true(g_str_has_suffix(slug, "   DRAFT"));
	pb_doc_free(doc);
	fixture_free(f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_fit_centres_whole_photo),
	    cmocka_unit_test(test_orientation_swaps_sides),
	    cmocka_unit_test(test_fill_focus_and_clamping),
	    cmocka_unit_test(test_ppi_threshold),
	    cmocka_unit_test(test_cmyk_note),
	    cmocka_unit_test(test_missing_photo_and_draft),
	    cmocka_unit_test(test_draft_slug),
	};
	return cmocka_run_group_tests(tests, fonts_setup, fonts_teardown);
}
