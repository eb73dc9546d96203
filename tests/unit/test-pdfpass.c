/* test-pdfpass.c — what Cairo cannot write, read back from the PDF: page boxes, a spot-ink item
 * as a Separation colour space with overprint on an optional-content layer, the /ID from the
 * document, and shared children written once as a Form XObject.  The spot items of a page are
 * a Form XObject of their own, shared by every page with the same cut.  An interrupt while the
 * PDF is written fails the render cleanly, whichever write it comes at.
 *
 * The PDFs are read back with `qpdf --json` (the print shop's view of the objects) and
 * `qpdf --check`, run as child processes, and the JSON walked with json-glib.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "compose/ornament.h"
#include "render/render.h"

#include <glib/gstdio.h>
#include "image/image.h"

#include <json-glib/json-glib.h>
#include <string.h>

static char *tmpdir;

/* A 100 × 100 mm page (3 mm bleed) with a red square and a circle cut in CutContour. */
static pb_doc *
cut_doc(guint pages)
{
	pb_doc *doc = pb_doc_new("cut", "school", "2022-06-21");
	doc->id = g_strdup("0123456789abcdef0123456789abcdef");
	for (guint i = 0; i < pages; i++) {
		pb_page *page = pb_doc_add_page(doc, 100, 100, 3, 0);
		pb_paint red = {.fill = TRUE, .fill_color = {0.7, 0.1, 0.1}};
		pb_frame_add_rect(page->items, -3, -3, 106, 106, &red, pb_loc_make("", 0, 0));
		pb_paint cut = {.stroke = TRUE,
				.stroke_width = 0.25,
				.spot = &pb_spot_cut_contour,
				.overprint = TRUE};
		pb_item *c = pb_orn_circle(page->items, 50, 40, 19, &cut);
		c->role = PB_AS_CUT;
	}
	return doc;
}

/* `qpdf --json` of `pdf`, parsed; every object by its "obj:N 0 R" name. */
static JsonObject *
qpdf_objects(GBytes *pdf, JsonParser **keep)
{
	g_autofree char *path = g_build_filename(tmpdir, "t.pdf", NULL);
	assert_true(g_file_set_contents(path, g_bytes_get_data(pdf, NULL),
					(gssize)g_bytes_get_size(pdf), NULL));
	const char *argv[] = {"qpdf", "--json=2", "--json-key=qpdf", path, NULL};
	g_autofree char *out = NULL;
	int status = 0;
	assert_true(g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out,
				 NULL, &status, NULL));
	assert_true(g_spawn_check_wait_status(status, NULL));
	*keep = json_parser_new();
	assert_true(json_parser_load_from_data(*keep, out, -1, NULL));
	JsonArray *qpdf =
	    json_object_get_array_member(json_node_get_object(json_parser_get_root(*keep)), "qpdf");
	return json_array_get_object_element(qpdf, 1);
}

/* The value of object "obj:N 0 R" of a reference string "N 0 R". */
static JsonNode *
deref(JsonObject *objs, const char *ref)
{
	g_autofree char *key = g_strdup_printf("obj:%s", ref);
	JsonObject *o = json_object_get_object_member(objs, key);
	assert_non_null(o);
	if (json_object_has_member(o, "stream"))
		return json_object_get_member(json_object_get_object_member(o, "stream"), "dict");
	return json_object_get_member(o, "value");
}

static gboolean
qpdf_check(GBytes *pdf)
{
	g_autofree char *path = g_build_filename(tmpdir, "c.pdf", NULL);
	g_file_set_contents(path, g_bytes_get_data(pdf, NULL), (gssize)g_bytes_get_size(pdf), NULL);
	const char *argv[] = {"qpdf", "--check", path, NULL};
	int status = 0;
	g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
		     NULL, NULL, NULL, NULL, &status, NULL);
	return g_spawn_check_wait_status(status, NULL);
}

static void
test_spot_overprint_layer(void **state)
{
	g_autoptr(pb_doc) doc = cut_doc(2);
	g_autoptr(GError) e = NULL;
	g_autoptr(GBytes) pdf = pb_render_pdf(doc, NULL, &e);
	assert_non_null(pdf);
	assert_true(qpdf_check(pdf));
	g_autoptr(JsonParser) keep = NULL;
	JsonObject *objs = qpdf_objects(pdf, &keep);

	/* Find the pages through the trailer's root. */
	JsonObject *trailer = json_node_get_object(
	    json_object_get_member(json_object_get_object_member(objs, "trailer"), "value"));
	JsonArray *id = json_object_get_array_member(trailer, "/ID");
	assert_string_equal(json_array_get_string_element(id, 0),
			    "b:0123456789abcdef0123456789abcdef");
	JsonObject *root =
	    json_node_get_object(deref(objs, json_object_get_string_member(trailer, "/Root")));
	/* The layer: listed and on, named CutContour. */
	JsonObject *ocprops = json_object_get_object_member(root, "/OCProperties");
	const char *ocg_ref =
	    json_array_get_string_element(json_object_get_array_member(ocprops, "/OCGs"), 0);
	JsonObject *ocg = json_node_get_object(deref(objs, ocg_ref));
	assert_string_equal(json_object_get_string_member(ocg, "/Type"), "/OCG");
	assert_string_equal(json_object_get_string_member(ocg, "/Name"), "u:CutContour");

	JsonObject *pages =
	    json_node_get_object(deref(objs, json_object_get_string_member(root, "/Pages")));
	JsonArray *kids = json_object_get_array_member(pages, "/Kids");
	assert_int_equal(json_array_get_length(kids), 2);
	g_autofree char *first_form = NULL;
	for (guint p = 0; p < 2; p++) {
		JsonObject *page =
		    json_node_get_object(deref(objs, json_array_get_string_element(kids, p)));
		/* TrimBox 100 mm square inside the 3 mm bleed: 8.504 pt from the media's edge */
		JsonArray *trim = json_object_get_array_member(page, "/TrimBox");
		assert_true(json_array_get_double_element(trim, 0) > 8.50 &&
			    json_array_get_double_element(trim, 0) < 8.51);
		JsonObject *page_res = json_node_get_object(
		    deref(objs, json_object_get_string_member(page, "/Resources")));
		/* The cut is a Form XObject the page places (/pbCutN), one for every page that
		 * has the same cut; its own resources hold the ink, the overprint and the layer */
		JsonObject *xobjects = json_object_get_object_member(page_res, "/XObject");
		const char *form_ref = NULL;
		g_autoptr(GList) names = json_object_get_members(xobjects);
		for (GList *n = names; n; n = n->next)
			if (g_str_has_prefix(n->data, "/pbCut"))
				form_ref = json_object_get_string_member(xobjects, n->data);
		assert_non_null(form_ref);
		JsonObject *form = json_node_get_object(deref(objs, form_ref));
		assert_string_equal(json_object_get_string_member(form, "/Subtype"), "/Form");
		if (p == 0)
			first_form = g_strdup(form_ref);
		else
			assert_string_equal(form_ref, first_form); /* one form for both pages */
		JsonObject *res = json_object_get_object_member(form, "/Resources");
		/* The Separation colour space named exactly CutContour, 100 % magenta alternate */
		JsonArray *cs = json_node_get_array(
		    deref(objs, json_object_get_string_member(
				    json_object_get_object_member(res, "/ColorSpace"), "/pbSpot")));
		assert_non_null(cs);
		assert_string_equal(json_array_get_string_element(cs, 0), "/Separation");
		assert_string_equal(json_array_get_string_element(cs, 1), "/CutContour");
		assert_string_equal(json_array_get_string_element(cs, 2), "/DeviceCMYK");
		JsonObject *fn = json_array_get_object_element(cs, 3);
		JsonArray *c1 = json_object_get_array_member(fn, "/C1");
		assert_true(json_array_get_double_element(c1, 0) == 0 &&
			    json_array_get_double_element(c1, 1) == 1 &&
			    json_array_get_double_element(c1, 2) == 0 &&
			    json_array_get_double_element(c1, 3) == 0);
		/* Overprint on */
		JsonObject *gs = json_node_get_object(
		    deref(objs, json_object_get_string_member(
				    json_object_get_object_member(res, "/ExtGState"), "/pbOP")));
		assert_true(json_object_get_boolean_member(gs, "/OP"));
		assert_true(json_object_get_boolean_member(gs, "/op"));
		/* The layer is the form's marked-content property */
		assert_string_equal(
		    json_object_get_string_member(json_object_get_object_member(res, "/Properties"),
						  "/pbCut"),
		    ocg_ref);
	}
}

/* Cairo's own content is untouched by the pass: the red square is still there, the circle is
 * not drawn in RGB (it exists only as the spot ink). */
static void
test_spot_in_its_own_stream(void **state)
{
	g_autoptr(pb_doc) doc = cut_doc(1);
	g_autoptr(GError) e = NULL;
	g_autoptr(GBytes) pdf = pb_render_pdf(doc, NULL, &e);
	g_autoptr(JsonParser) keep = NULL;
	JsonObject *objs = qpdf_objects(pdf, &keep);
	/* the content streams of page 1: [q, Cairo's, Q + ours] */
	JsonObject *trailer = json_node_get_object(
	    json_object_get_member(json_object_get_object_member(objs, "trailer"), "value"));
	JsonObject *root =
	    json_node_get_object(deref(objs, json_object_get_string_member(trailer, "/Root")));
	JsonObject *pages =
	    json_node_get_object(deref(objs, json_object_get_string_member(root, "/Pages")));
	JsonObject *page = json_node_get_object(deref(
	    objs, json_array_get_string_element(json_object_get_array_member(pages, "/Kids"), 0)));
	JsonArray *contents = json_object_get_array_member(page, "/Contents");
	assert_int_equal(json_array_get_length(contents), 3);
}

/* Shared children placed twice on each of two pages: one Form XObject in the whole file. */
static void
test_shared_is_one_form(void **state)
{
	g_autoptr(pb_doc) doc = pb_doc_new("shared", "school", "2022-06-21");
	g_autoptr(pb_doc) owner = pb_doc_new("owner", "s", "2022-06-21");
	pb_page *src = pb_doc_add_page(owner, 20, 20, 0, 0);
	pb_paint blue = {.fill = TRUE, .fill_color = {0.1, 0.2, 0.7}};
	pb_frame_add_rect(src->items, 0, 0, 20, 20, &blue, pb_loc_make("", 0, 0));
	for (int p = 0; p < 2; p++) {
		pb_page *page = pb_doc_add_page(doc, 100, 100, 0, 0);
		pb_frame_add_shared(page->items, src->items, 10, 10, 1, 0, 0, 1, 20, 20,
				    pb_loc_make("", 0, 0));
		/* and turned a quarter */
		pb_frame_add_shared(page->items, src->items, 80, 10, 0, 1, -1, 0, 20, 20,
				    pb_loc_make("", 0, 0));
	}
	g_autoptr(GError) e = NULL;
	g_autoptr(GBytes) pdf = pb_render_pdf(doc, NULL, &e);
	assert_non_null(pdf);
	assert_true(qpdf_check(pdf));
	g_autoptr(JsonParser) keep = NULL;
	JsonObject *objs = qpdf_objects(pdf, &keep);
	guint forms = 0;
	g_autoptr(GList) names = json_object_get_members(objs);
	for (GList *n = names; n; n = n->next) {
		JsonObject *o = json_object_get_object_member(objs, n->data);
		if (!o || !json_object_has_member(o, "stream"))
			continue;
		JsonObject *dict = json_object_get_object_member(
		    json_object_get_object_member(o, "stream"), "dict");
		if (json_object_has_member(dict, "/Subtype") &&
		    !g_strcmp0(json_object_get_string_member(dict, "/Subtype"), "/Form"))
			forms++;
	}
	assert_int_equal(forms, 1);
}

/* The /Resources of each page of `pdf`, as qpdf unparses them ("12 0 R"), one string each. */
static GPtrArray *
page_resources(GBytes *pdf)
{
	g_autofree char *path = g_build_filename(tmpdir, "r.pdf", NULL);
	assert_true(g_file_set_contents(path, g_bytes_get_data(pdf, NULL),
					(gssize)g_bytes_get_size(pdf), NULL));
	const char *argv[] = {"qpdf", "--json=2", "--json-key=pages", "--json-key=qpdf",
			      path,   NULL};
	g_autofree char *out = NULL;
	int status = 0;
	assert_true(g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out,
				 NULL, &status, NULL));
	assert_true(g_spawn_check_wait_status(status, NULL));
	g_autoptr(JsonParser) parser = json_parser_new();
	assert_true(json_parser_load_from_data(parser, out, -1, NULL));
	JsonObject *root = json_node_get_object(json_parser_get_root(parser));
	JsonObject *objs =
	    json_array_get_object_element(json_object_get_array_member(root, "qpdf"), 1);
	JsonArray *pages = json_object_get_array_member(root, "pages");
	GPtrArray *res = g_ptr_array_new_with_free_func(g_free);
	for (guint i = 0; i < json_array_get_length(pages); i++) {
		const char *ref = json_object_get_string_member(
		    json_array_get_object_element(pages, i), "object");
		JsonObject *page = json_node_get_object(deref(objs, ref));
		JsonNode *r = json_object_get_member(page, "/Resources");
		g_ptr_array_add(res, json_to_string(r, FALSE));
	}
	return res;
}

/* An SVG (a logo) in a group two pages share: its pages are written from their frames like
 * any form's.  Its recording is bounded by its ink: an unbounded one, painted into the group's
 * form, made the form's ink unbounded, the template unbindable, and Cairo drew every page.
 * Written from frames, both pages name one resources dictionary. */
static void
test_svg_in_a_shared_form(void **state)
{
	g_autofree char *logo = g_build_filename(g_getenv("PB_FIXTURES"), "logo.svg", NULL);
	pb_image_info info;
	assert_true(pb_image_probe(logo, &info, NULL));
	g_autoptr(pb_doc) doc = pb_doc_new("logo", "school", "2022-06-21");
	doc->id = g_strdup("0123456789abcdef0123456789abcdef");
	g_autoptr(pb_doc) owner = pb_doc_new("owner", "s", "2022-06-21");
	pb_page *src = pb_doc_add_page(owner, 60, 60, 0, 0);
	pb_frame_add_image(src->items, 10, 10, 40, 40, logo, "logo.svg", &info,
			   pb_loc_make("", 0, 0));
	for (int p = 0; p < 2; p++) {
		pb_page *page = pb_doc_add_page(doc, 100, 100, 3, 0);
		pb_frame_add_shared(page->items, src->items, 20, 20, 1, 0, 0, 1, 60, 60,
				    pb_loc_make("", 0, 0));
	}
	g_autoptr(GError) e = NULL;
	g_autoptr(GBytes) pdf = pb_render_pdf(doc, NULL, &e);
	assert_non_null(pdf);
	assert_true(qpdf_check(pdf));
	g_autoptr(GPtrArray) res = page_resources(pdf);
	assert_int_equal(res->len, 2);
	assert_string_equal(res->pdata[0], res->pdata[1]);
}

/* Cancelled after `cancel_after` writes: an interrupt arriving while Cairo writes the PDF. */
static guint cancel_after, writes;

static gboolean
cancel_late(void)
{
	return ++writes > cancel_after;
}

/* An interrupt at any write of a 40-page PDF with a shared group on every page (as the insert's
 * cards), drawn by Cairo (a translucent square on each page: what only Cairo's graphics state
 * paints): the render fails as cancelled, leaves neither the file nor its temporary, and does
 * not abort in Cairo (whose PDF surface, told of a write error in a page, asserts when it opens
 * the next content stream). */
static void
test_interrupted_mid_document(void **state)
{
	g_autoptr(pb_doc) doc = cut_doc(40);
	g_autoptr(pb_doc) owner = pb_doc_new("owner", "s", "2022-06-21");
	pb_page *src = pb_doc_add_page(owner, 20, 20, 0, 0);
	pb_paint blue = {.fill = TRUE, .fill_color = {0.1, 0.2, 0.7}};
	pb_frame_add_rect(src->items, 0, 0, 20, 20, &blue, pb_loc_make("", 0, 0));
	pb_paint veil = {.fill = TRUE, .fill_color = {1, 1, 1}, .opacity = 0.5};
	for (guint p = 0; p < doc->pages->len; p++) {
		GPtrArray *items = ((pb_page *)doc->pages->pdata[p])->items;
		pb_frame_add_shared(items, src->items, 10, 10, 1, 0, 0, 1, 20, 20,
				    pb_loc_make("", 0, 0));
		pb_frame_add_rect(items, 80, 80, 5, 5, &veil, pb_loc_make("", 0, 0));
	}
	g_autofree char *path = g_build_filename(tmpdir, "i.pdf", NULL);
	for (cancel_after = 1; cancel_after < 400; cancel_after++) {
		writes = 0;
		pb_writer_set_cancel(cancel_late);
		g_autoptr(GError) e = NULL;
		gboolean ok = pb_render_pdf_file(doc, path, NULL, NULL, &e);
		pb_writer_set_cancel(NULL);
		assert_false(ok);
		assert_true(g_error_matches(e, G_IO_ERROR, G_IO_ERROR_CANCELLED));
		assert_false(g_file_test(path, G_FILE_TEST_EXISTS));
		g_autoptr(GDir) d = g_dir_open(tmpdir, 0, NULL);
		for (const char *name; (name = g_dir_read_name(d));)
			assert_false(pb_writer_is_temp(name));
	}
}

static int
setup(void **state)
{
	tmpdir = g_dir_make_tmp("pb-pdfpass-XXXXXX", NULL);
	return tmpdir ? 0 : -1;
}

static int
teardown(void **state)
{
	g_autofree char *a = g_build_filename(tmpdir, "t.pdf", NULL);
	g_autofree char *b = g_build_filename(tmpdir, "c.pdf", NULL);
	g_unlink(a);
	g_unlink(b);
	g_rmdir(tmpdir);
	g_free(tmpdir);
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_spot_overprint_layer),
	    cmocka_unit_test(test_spot_in_its_own_stream),
	    cmocka_unit_test(test_shared_is_one_form),
	    cmocka_unit_test(test_svg_in_a_shared_form),
	    cmocka_unit_test(test_interrupted_mid_document),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
