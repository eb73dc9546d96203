/* test-imagecache.c — the renderer's images, end to end: decoding (reduced, PNG kinds, CMYK),
 * the per-file cache, JPEG passthrough into PDF and SVG, orientation applied by the
 * transform, max_ppi, and the errors of files that break after the check.
 *
 * Pages are made by hand (pb_doc_add_page + pb_frame_add_image) and rendered with
 * pb_render_pdf/svg/png; the PDFs are then read back with poppler (pdfimages, pdftoppm) run as
 * child processes, so what is asserted is what a print shop's tools see.  Fixtures come from
 * build/tools/mkfixtures ($PB_FIXTURES): the 300×200 test card (red top-left quadrant, green
 * top-right strip, blue bottom stripe, grey elsewhere) in every flavour.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "render/imagecache.h"
#include "render/pdfupdate.h"
#include "render/render.h"

#include <cairo-pdf.h>
#include <glib/gstdio.h>
#include <librsvg/rsvg.h>
#include <math.h>
#include <string.h>

static const char *fixtures; /* directory of the generated fixtures */
static char *tmpdir;         /* this run's scratch directory, removed at the end */

static char *
fixture(const char *name)
{
	return g_build_filename(fixtures, name, NULL);
}

static char *
scratch(const char *name)
{
	return g_build_filename(tmpdir, name, NULL);
}

static void
probe(const char *path, pb_image_info *info)
{
	g_autoptr(GError) e = NULL;
	if (!pb_image_probe(path, info, &e))
		print_error("%s: %s\n", path, e->message);
	assert_null(e);
}

static void
copy_file(const char *from, const char *to)
{
	g_autofree char *data = NULL;
	gsize len = 0;
	assert_true(g_file_get_contents(from, &data, &len, NULL));
	assert_true(g_file_set_contents(to, data, (gssize)len, NULL));
}

/* A one-page document of w × h mm showing `path` over the whole page. */
static pb_doc *
doc_with_image(const char *path, double w, double h)
{
	pb_doc *doc = pb_doc_new("test", "school", "2022-06-21");
	pb_page *page = pb_doc_add_page(doc, w, h, 0, 0);
	pb_image_info info;
	probe(path, &info);
	g_autofree char *base = g_path_get_basename(path);
	pb_frame_add_image(page->items, 0, 0, w, h, path, base, &info, pb_loc_make("m.yaml", 1, 1));
	return doc;
}

/* Runs a command; its stdout, or a failed test. */
static char *
run(const char *const *argv)
{
	char *out = NULL, *err = NULL;
	int status = 0;
	g_autoptr(GError) e = NULL;
	gboolean ok = g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out,
				   &err, &status, &e);
	if (!ok || !g_spawn_check_wait_status(status, NULL))
		print_error("%s failed: %s\n", argv[0], e ? e->message : err);
	g_free(err);
	assert_true(ok);
	return out;
}

static char *
write_bytes(const char *name, GBytes *bytes)
{
	char *path = scratch(name);
	gsize len;
	const char *data = g_bytes_get_data(bytes, &len);
	assert_true(g_file_set_contents(path, data, (gssize)len, NULL));
	return path;
}

/* What qpdf says of each page of `file` and the images its resources name
 * ("page 1: 12 0 R", then "/pbIm0: 13 0 R, 300 x 200" lines). */
static char *
pages_with_images(const char *file)
{
	const char *argv[] = {"qpdf", "--show-pages", "--with-images", file, NULL};
	return run(argv);
}

/* ---- pixels read back ---------------------------------------------------------------------- */

typedef struct rgb_image {
	int w, h;
	guint8 *px; /* RGB, 3 bytes a pixel */
} rgb_image;

static void
rgb_image_free(rgb_image *im)
{
	g_free(im->px);
	im->px = NULL;
}

/* A binary PPM (P6) as pdftoppm writes it. */
static rgb_image
read_ppm(const char *path)
{
	g_autofree char *data = NULL;
	gsize len = 0;
	assert_true(g_file_get_contents(path, &data, &len, NULL));
	rgb_image im = {0};
	int maxval = 0, used = 0;
	assert_int_equal(sscanf(data, "P6 %d %d %d%n", &im.w, &im.h, &maxval, &used), 3);
	assert_int_equal(maxval, 255);
	used++; /* the one whitespace after maxval */
	assert_true(len >= (gsize)used + 3 * (gsize)im.w * im.h);
	im.px = g_memdup2(data + used, 3 * (gsize)im.w * im.h);
	return im;
}

/* Page `page` (1-based) of a PDF at `dpi`, through poppler. */
static rgb_image
pdf_page_pixels(const char *pdf, int page, int dpi)
{
	g_autofree char *p = g_strdup_printf("%d", page), *r = g_strdup_printf("%d", dpi);
	g_autofree char *prefix = scratch("page");
	const char *argv[] = {"pdftoppm", "-r",          r,   "-f",   p,   "-l",
			      p,          "-singlefile", pdf, prefix, NULL};
	g_free(run(argv));
	g_autofree char *ppm = g_strconcat(prefix, ".ppm", NULL);
	return read_ppm(ppm);
}

/* A PNG as RGB (composited on the white it was rendered on). */
static rgb_image
png_pixels(GBytes *png)
{
	g_autofree char *path = write_bytes("render.png", png);
	cairo_surface_t *s = cairo_image_surface_create_from_png(path);
	assert_int_equal(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
	rgb_image im = {cairo_image_surface_get_width(s), cairo_image_surface_get_height(s), NULL};
	im.px = g_malloc(3 * (gsize)im.w * im.h);
	const guint8 *d = cairo_image_surface_get_data(s);
	int stride = cairo_image_surface_get_stride(s);
	for (int y = 0; y < im.h; y++)
		for (int x = 0; x < im.w; x++) {
			guint32 v = *(const guint32 *)(d + y * stride + 4 * x);
			guint8 *o = im.px + 3 * ((gsize)y * im.w + x);
			o[0] = v >> 16 & 0xff, o[1] = v >> 8 & 0xff, o[2] = v & 0xff;
		}
	cairo_surface_destroy(s);
	return im;
}

static const guint8 *
at(const rgb_image *im, int x, int y)
{
	return im->px + 3 * ((gsize)y * im->w + x);
}

/* The pixel at (fx, fy) (fractions of the image) is within `tol` of (r, g, b). */
static void
assert_colour(const rgb_image *im, double fx, double fy, int r, int g, int b, int tol,
	      const char *what)
{
	const guint8 *p = at(im, (int)(fx * im->w), (int)(fy * im->h));
	if (abs(p[0] - r) > tol || abs(p[1] - g) > tol || abs(p[2] - b) > tol)
		print_error("%s at (%.2f, %.2f): got #%02x%02x%02x, want #%02x%02x%02x\n", what, fx,
			    fy, p[0], p[1], p[2], r, g, b);
	assert_true(abs(p[0] - r) <= tol && abs(p[1] - g) <= tol && abs(p[2] - b) <= tol);
}

/* The test card, upright: red top-left quadrant, green top-right quarter-height strip, blue
 * bottom stripe (the last 30 of 200 rows), grey elsewhere. */
static void
assert_card_upright(const rgb_image *im, const char *what)
{
	assert_colour(im, 0.25, 0.25, 220, 30, 30, 40, what);
	assert_colour(im, 0.75, 0.12, 30, 170, 60, 40, what);
	assert_colour(im, 0.50, 0.93, 40, 60, 200, 40, what);
	assert_colour(im, 0.75, 0.60, 150, 150, 150, 40, what);
	assert_colour(im, 0.10, 0.70, 150, 150, 150, 40, what);
}

/* Mean absolute difference over all samples of two images of one size. */
static double
mean_diff(const rgb_image *a, const rgb_image *b)
{
	assert_int_equal(a->w, b->w);
	assert_int_equal(a->h, b->h);
	double sum = 0;
	gsize n = 3 * (gsize)a->w * a->h;
	for (gsize i = 0; i < n; i++)
		sum += abs(a->px[i] - b->px[i]);
	return sum / (double)n;
}

/* ---- decoding ------------------------------------------------------------------------------ */

/* A 300-pixel proof of a 6000×4000 photo decodes at 1/8: 750×500, never 24 megapixels. */
static void
test_decode_scaled_eighth(void **state)
{
	g_autofree char *path = fixture("photo-6000x4000.jpg");
	pb_image_info info;
	probe(path, &info);
	guint w = 0, h = 0;
	g_autoptr(GError) e = NULL;
	cairo_surface_t *s = pb_image_decode_scaled(path, &info, 300, 200, &w, &h, &e);
	assert_non_null(s);
	assert_int_equal(w, 750);
	assert_int_equal(h, 500);
	assert_int_equal(cairo_image_surface_get_width(s), 750);
	assert_int_equal(cairo_image_surface_get_format(s), CAIRO_FORMAT_RGB24);
	cairo_surface_destroy(s);
	/* The smallest N/8 at or above the target: 1600 wide needs 2/8 (1500 is too few). */
	s = pb_image_decode_scaled(path, &info, 1600, 100, &w, &h, &e);
	assert_int_equal(w, 2250);
	assert_int_equal(h, 1500);
	cairo_surface_destroy(s);
}

/* The target is in page (oriented) pixels: an orientation-6 file stores 200×300 and shows
 * 300×200, so a 75×50 target asks for 50×75 stored pixels: 2/8. */
static void
test_decode_scaled_oriented(void **state)
{
	g_autofree char *path = fixture("jpeg-orient-6.jpg");
	pb_image_info info;
	probe(path, &info);
	guint w = 0, h = 0;
	cairo_surface_t *s = pb_image_decode_scaled(path, &info, 75, 50, &w, &h, NULL);
	assert_non_null(s);
	assert_int_equal(w, 50);
	assert_int_equal(h, 75);
	cairo_surface_destroy(s);
}

/* Every PNG kind decodes to premultiplied ARGB with its colours; the alpha ones keep their
 * transparent corner; reduced decodes average blocks, interlaced or not. */
static void
test_decode_png_kinds(void **state)
{
	static const struct {
		const char *name;
		gboolean alpha;
		gboolean grey;
	} kinds[] = {
	    {"png-rgb8.png", FALSE, FALSE},           {"png-rgb16.png", FALSE, FALSE},
	    {"png-palette-trns.png", TRUE, FALSE},    {"png-grey-alpha.png", TRUE, TRUE},
	    {"png-rgba-interlaced.png", TRUE, FALSE},
	};
	for (gsize i = 0; i < G_N_ELEMENTS(kinds); i++) {
		g_autofree char *path = fixture(kinds[i].name);
		pb_image_info info;
		probe(path, &info);
		pb_pixels px;
		g_autoptr(GError) e = NULL;
		assert_true(pb_image_decode(path, &info, 0, 0, &px, &e));
		assert_int_equal(px.width, 300);
		assert_int_equal(px.height, 200);
		assert_int_equal(px.alpha, kinds[i].alpha);
		guint32 red = px.data[50 * 300 + 50], corner = px.data[190 * 300 + 290];
		if (kinds[i].grey) {
			assert_int_equal(red >> 24, 255);
			assert_int_equal(red >> 16 & 0xff, red & 0xff); /* grey: r == b */
		} else {
			assert_true((red >> 16 & 0xff) > 200 && (red & 0xff) < 60);
		}
		if (kinds[i].alpha)
			assert_int_equal(corner, 0); /* transparent, premultiplied: all zero */
		pb_pixels_clear(&px);
		/* Reduced: 300×200 asked for ≥ 100×60 averages 3×3 blocks into 100×67. */
		assert_true(pb_image_decode(path, &info, 100, 60, &px, &e));
		assert_int_equal(px.width, 100);
		assert_int_equal(px.height, 67);
		guint32 r = px.data[10 * 100 + 10];
		assert_int_equal(r >> 24, 255);
		if (!kinds[i].grey)
			assert_true((r >> 16 & 0xff) > 200);
		pb_pixels_clear(&px);
	}
}

/* A CMYK or YCCK JPEG becomes an RGB JPEG close to the RGB original, made once per run. */
static void
test_cmyk_to_rgb(void **state)
{
	g_autofree char *rgb_path = fixture("jpeg-baseline.jpg");
	pb_image_info rgb_info;
	probe(rgb_path, &rgb_info);
	pb_pixels want;
	assert_true(pb_image_decode(rgb_path, &rgb_info, 0, 0, &want, NULL));
	const char *names[] = {"jpeg-cmyk.jpg", "jpeg-ycck.jpg"};
	for (gsize i = 0; i < G_N_ELEMENTS(names); i++) {
		g_autofree char *path = fixture(names[i]);
		pb_image_info info;
		probe(path, &info);
		assert_true(info.colorspace == PB_CS_CMYK || info.colorspace == PB_CS_YCCK);
		g_autoptr(GError) e = NULL;
		g_autoptr(GBytes) made = pb_image_rgb_jpeg(path, &info, &e);
		assert_non_null(made);
		g_autoptr(GBytes) again = pb_image_rgb_jpeg(path, &info, &e);
		assert_ptr_equal(made, again); /* cached for the run */
		g_autofree char *out = write_bytes("converted.jpg", made);
		pb_image_info got;
		probe(out, &got);
		assert_int_equal(got.colorspace, PB_CS_RGB);
		assert_int_equal(got.components, 3);
		assert_int_equal(got.width, 300);
		assert_int_equal(got.height, 200);
		pb_pixels px;
		assert_true(pb_image_decode(out, &got, 0, 0, &px, &e));
		double sum = 0;
		for (gsize k = 0; k < 300 * 200; k++)
			for (int sh = 0; sh < 24; sh += 8)
				sum += abs((int)(px.data[k] >> sh & 0xff) -
					   (int)(want.data[k] >> sh & 0xff));
		/* The fixtures are the card converted for the press (default_cmyk.icc); the way
		 * back through the same profile gives the card again, but for its saturated blue
		 * and green bands, which no press ink mix reaches: about 6.5 of 255 in mean (the
		 * naive formula was 22.6 away).  test-colour measures the profile exactly. */
		double mean = sum / (300.0 * 200 * 3);
		if (mean > 8)
			print_error("%s: mean difference %.2f\n", names[i], mean);
		assert_true(mean <= 8);
		pb_pixels_clear(&px);
	}
	pb_pixels_clear(&want);
}

static void
test_orientation_matrix(void **state)
{
	/* Where the stored corner (0,0) of a 200×100 image lands, for each orientation. */
	static const double corner[9][2] = {{0, 0}, {0, 0},   {200, 0},   {200, 100}, {0, 100},
					    {0, 0}, {100, 0}, {100, 200}, {0, 200}};
	for (guint o = 1; o <= 8; o++) {
		cairo_matrix_t m;
		pb_image_orientation_matrix(o, 200, 100, &m);
		double x = 0, y = 0;
		cairo_matrix_transform_point(&m, &x, &y);
		assert_float_equal(x, corner[o][0], 1e-9);
		assert_float_equal(y, corner[o][1], 1e-9);
		/* And the image lands exactly on (0,0)-(ow,oh). */
		double x1 = 0, y1 = 0, x2 = 200, y2 = 100;
		cairo_matrix_transform_point(&m, &x1, &y1);
		cairo_matrix_transform_point(&m, &x2, &y2);
		double ow = o >= 5 ? 100 : 200, oh = o >= 5 ? 200 : 100;
		assert_float_equal(MIN(x1, x2), 0, 1e-9);
		assert_float_equal(MAX(x1, x2), ow, 1e-9);
		assert_float_equal(MIN(y1, y2), 0, 1e-9);
		assert_float_equal(MAX(y1, y2), oh, 1e-9);
	}
}

/* ---- the cache ----------------------------------------------------------------------------- */

/* EMBED hands out a 1-bit stand-in carrying the file's own bytes; the same image twice is the
 * same surface. */
static void
test_embed_surface_is_a1_with_bytes(void **state)
{
	g_autoptr(pb_doc) doc = NULL;
	g_autofree char *path = fixture("jpeg-baseline.jpg");
	doc = doc_with_image(path, 60, 40);
	const pb_item *item = ((pb_page *)doc->pages->pdata[0])->items->pdata[0];
	g_autoptr(pb_imagecache) cache = pb_imagecache_new(PB_IMAGES_EMBED, 0, 0);
	g_autoptr(GError) e = NULL;
	cairo_surface_t *s = pb_imagecache_surface(cache, item, 0, 0, &e);
	assert_non_null(s);
	assert_int_equal(cairo_image_surface_get_format(s), CAIRO_FORMAT_A1);
	assert_int_equal(cairo_image_surface_get_width(s), 300);
	const unsigned char *data = NULL;
	unsigned long len = 0;
	cairo_surface_get_mime_data(s, CAIRO_MIME_TYPE_JPEG, &data, &len);
	g_autofree char *file = NULL;
	gsize flen = 0;
	assert_true(g_file_get_contents(path, &file, &flen, NULL));
	assert_int_equal(len, flen);
	assert_memory_equal(data, file, flen);
	cairo_surface_get_mime_data(s, CAIRO_MIME_TYPE_UNIQUE_ID, &data, &len);
	assert_true(len > 0);
	cairo_surface_t *again = pb_imagecache_surface(cache, item, 0, 0, &e);
	assert_ptr_equal(s, again);
	const pb_imagecache_stats *st = pb_imagecache_get_stats(cache);
	assert_int_equal(st->made, 1);
	assert_int_equal(st->reused, 1);
	cairo_surface_destroy(again);
	cairo_surface_destroy(s);
}

static cairo_status_t
append(void *closure, const unsigned char *data, unsigned int length)
{
	g_byte_array_append(closure, data, length);
	return CAIRO_STATUS_SUCCESS;
}

static guint
count(const guint8 *hay, gsize n, const char *needle)
{
	guint k = 0;
	gsize m = strlen(needle);
	for (gsize i = 0; i + m <= n; i++)
		if (memcmp(hay + i, needle, m) == 0)
			k++;
	return k;
}

/* A budget too small for two images drops each surface as soon as the other is used; made
 * again later with the same unique id, Cairo still writes each image once. */
static void
test_evicted_surface_stored_once(void **state)
{
	g_autofree char *a = fixture("jpeg-baseline.jpg"), *b = fixture("jpeg-grey.jpg");
	g_autoptr(pb_doc) da = doc_with_image(a, 60, 40), db = doc_with_image(b, 60, 40);
	const pb_item *items[2] = {((pb_page *)da->pages->pdata[0])->items->pdata[0],
				   ((pb_page *)db->pages->pdata[0])->items->pdata[0]};
	GByteArray *buf = g_byte_array_new();
	cairo_surface_t *pdf = cairo_pdf_surface_create_for_stream(append, buf, 200, 200);
	cairo_t *cr = cairo_create(pdf);
	g_autoptr(pb_imagecache) cache = pb_imagecache_new(PB_IMAGES_EMBED, 0, 1);
	for (int page = 0; page < 20; page++) {
		cairo_surface_t *s = pb_imagecache_surface(cache, items[page % 2], 0, 0, NULL);
		assert_non_null(s);
		cairo_set_source_surface(cr, s, 0, 0);
		cairo_paint(cr);
		cairo_surface_destroy(s);
		cairo_show_page(cr);
	}
	cairo_destroy(cr);
	cairo_surface_finish(pdf);
	assert_int_equal(cairo_surface_status(pdf), CAIRO_STATUS_SUCCESS);
	cairo_surface_destroy(pdf);
	const pb_imagecache_stats *st = pb_imagecache_get_stats(cache);
	assert_int_equal(st->made, 20);
	assert_true(st->evicted >= 19);
	assert_int_equal(count(buf->data, buf->len, "/Subtype /Image"), 2);
	g_byte_array_unref(buf);
}

/* ---- PDF, SVG and PNG out ------------------------------------------------------------------ */

/* Each orientation 1–8 shows the card upright, in a PNG render and in the PDF (poppler). */
static void
test_orientations_upright(void **state)
{
	g_autoptr(pb_doc) pdfdoc = pb_doc_new("orient", "school", "2022-06-21");
	for (int o = 1; o <= 8; o++) {
		g_autofree char *name = g_strdup_printf("jpeg-orient-%d.jpg", o);
		g_autofree char *path = fixture(name);
		g_autoptr(pb_doc) doc = doc_with_image(path, 60, 40);
		const pb_item *item = ((pb_page *)doc->pages->pdata[0])->items->pdata[0];
		assert_int_equal(item->image.info->orientation, o);
		g_autoptr(GError) e = NULL;
		/* 127 dpi: 5 px a mm, the card's 300×200 exactly. */
		g_autoptr(GBytes) png = pb_render_png(doc, 0, 127, NULL, &e);
		assert_non_null(png);
		rgb_image im = png_pixels(png);
		assert_int_equal(im.w, 300);
		assert_int_equal(im.h, 200);
		assert_card_upright(&im, name);
		rgb_image_free(&im);
		pb_page *page = pb_doc_add_page(pdfdoc, 60, 40, 0, 0);
		pb_frame_add_image(page->items, 0, 0, 60, 40, path, name, item->image.info,
				   item->loc);
	}
	g_autoptr(GError) e = NULL;
	g_autoptr(GBytes) pdf = pb_render_pdf(pdfdoc, NULL, &e);
	assert_non_null(pdf);
	g_autofree char *file = write_bytes("orient.pdf", pdf);
	for (int o = 1; o <= 8; o++) {
		rgb_image im = pdf_page_pixels(file, o, 127);
		g_autofree char *what = g_strdup_printf("PDF page %d", o);
		assert_card_upright(&im, what);
		rgb_image_free(&im);
	}
}

/* In a document of several pages (written from its frames, direct.c), what the pass does not
 * write itself is drawn once by Cairo on the template's page of images and placed by name: a
 * PNG, a CMYK JPEG (converted) and a photo above max_ppi (resampled) still show the card
 * upright, each on its page, beside the JPEGs the pass writes (one of them turned by EXIF). */
static void
test_template_images_upright(void **state)
{
	static const char *const names[] = {"png-rgb8.png", "jpeg-cmyk.jpg", "jpeg-baseline.jpg",
					    "jpeg-orient-6.jpg", "jpeg-baseline.jpg"};
	g_autoptr(pb_doc) doc = pb_doc_new("mixed", "school", "2022-06-21");
	doc->max_ppi = 300;
	for (gsize i = 0; i < G_N_ELEMENTS(names); i++) {
		g_autofree char *path = fixture(names[i]);
		pb_image_info info;
		probe(path, &info);
		/* the last page shows the baseline card 10 mm wide: 762 ppi, above max_ppi */
		double w = i + 1 == G_N_ELEMENTS(names) ? 10 : 60;
		pb_page *page = pb_doc_add_page(doc, w, w * 2 / 3, 0, 0);
		pb_frame_add_image(page->items, 0, 0, w, w * 2 / 3, path, names[i], &info,
				   pb_loc_make("m.yaml", 1, 1));
	}
	g_autoptr(GError) e = NULL;
	g_autoptr(GBytes) pdf = pb_render_pdf(doc, NULL, &e);
	assert_non_null(pdf);
	g_autofree char *file = write_bytes("mixed.pdf", pdf);
	/* the pass's own photos are named /pbIm…, the template's /x… */
	g_autofree char *pages = pages_with_images(file);
	assert_non_null(strstr(pages, "/pbIm"));
	assert_non_null(strstr(pages, "/x"));
	/* the baseline card is its own bytes, 300 px wide, on page 3, and resampled to 300 ppi
	 * (118 px) on page 5: the same file, one placement the pass's and one the template's */
	const char *list_argv[] = {"pdfimages", "-list", file, NULL};
	g_autofree char *list = run(list_argv);
	g_auto(GStrv) lines = g_strsplit(list, "\n", -1);
	int width_on[6] = {0};
	for (char **l = lines + 2; *l && **l; l++) {
		int page = 0, num = 0, w = 0;
		char type[16];
		if (sscanf(*l, "%d %d %15s %d", &page, &num, type, &w) == 4 && page >= 1 &&
		    page <= 5 && !strcmp(type, "image"))
			width_on[page] = w;
	}
	assert_int_equal(width_on[3], 300);
	assert_true(width_on[5] > 100 && width_on[5] < 130);
	for (gsize i = 0; i < G_N_ELEMENTS(names); i++) {
		/* 5 px a mm on the 60 mm pages, 30 on the 10 mm one: the card's 300 × 200 */
		rgb_image im =
		    pdf_page_pixels(file, (int)i + 1, i + 1 == G_N_ELEMENTS(names) ? 762 : 127);
		g_autofree char *what = g_strdup_printf("page %zu (%s)", i + 1, names[i]);
		assert_card_upright(&im, what);
		rgb_image_free(&im);
	}
}

/* A CMYK (and a YCCK) JPEG in the PDF renders like its RGB original, not as a negative. */
static void
test_cmyk_pdf_matches_rgb(void **state)
{
	const char *names[] = {"jpeg-baseline.jpg", "jpeg-cmyk.jpg", "jpeg-ycck.jpg"};
	g_autoptr(pb_doc) doc = pb_doc_new("cmyk", "school", "2022-06-21");
	for (gsize i = 0; i < G_N_ELEMENTS(names); i++) {
		g_autofree char *path = fixture(names[i]);
		pb_image_info info;
		probe(path, &info);
		pb_page *page = pb_doc_add_page(doc, 60, 40, 0, 0);
		pb_frame_add_image(page->items, 0, 0, 60, 40, path, names[i], &info,
				   pb_loc_make("m.yaml", 1, 1));
	}
	g_autoptr(GError) e = NULL;
	g_autoptr(GBytes) pdf = pb_render_pdf(doc, NULL, &e);
	assert_non_null(pdf);
	g_autofree char *file = write_bytes("cmyk.pdf", pdf);
	rgb_image want = pdf_page_pixels(file, 1, 127);
	for (int p = 2; p <= 3; p++) {
		rgb_image got = pdf_page_pixels(file, p, 127);
		assert_card_upright(&got, names[p - 1]);
		double d = mean_diff(&want, &got); /* out-of-gamut bands: see test_cmyk_to_rgb */
		if (d > 8)
			print_error("%s: mean difference %.2f from the RGB original\n",
				    names[p - 1], d);
		assert_true(d <= 8);
		rgb_image_free(&got);
	}
	rgb_image_free(&want);
	/* Both converted images are RGB JPEGs in the file. */
	const char *argv[] = {"pdfimages", "-list", file, NULL};
	g_autofree char *list = run(argv);
	g_auto(GStrv) lines = g_strsplit(list, "\n", -1);
	guint images = 0;
	for (char **l = lines + 2; *l && **l; l++, images++) {
		assert_non_null(strstr(*l, " rgb "));
		assert_non_null(strstr(*l, " jpeg "));
	}
	assert_int_equal(images, 3);
}

/* The scratch file `extracted` (what pdfimages -j wrote) is byte for byte fixture `name`. */
static void
assert_extracted(const char *extracted, const char *name)
{
	g_autofree char *got = scratch(extracted), *orig = fixture(name);
	g_autofree char *a = NULL, *b = NULL;
	gsize na = 0, nb = 0;
	assert_true(g_file_get_contents(got, &a, &na, NULL));
	assert_true(g_file_get_contents(orig, &b, &nb, NULL));
	assert_int_equal(na, nb);
	assert_memory_equal(a, b, na);
}

/* pdfimages lists JPEGs as `jpeg` at their original pixel size, and extracts the very bytes of
 * each file; a PNG goes in as pixels (Flate) with a soft mask for its transparency. */
static void
test_pdf_passthrough(void **state)
{
	const char *names[] = {"jpeg-baseline.jpg", "jpeg-progressive.jpg", "jpeg-orient-6.jpg",
			       "photo-6000x4000.jpg", "png-palette-trns.png"};
	g_autoptr(pb_doc) doc = pb_doc_new("passthrough", "school", "2022-06-21");
	pb_page *page = pb_doc_add_page(doc, 300, 60, 3, 0);
	for (gsize i = 0; i < G_N_ELEMENTS(names); i++) {
		g_autofree char *path = fixture(names[i]);
		pb_image_info info;
		probe(path, &info);
		double h = 50, w = h * info.oriented_width / info.oriented_height;
		pb_frame_add_image(page->items, 5 + 60 * (double)i, 5, w, h, path, names[i], &info,
				   pb_loc_make("m.yaml", 1, 1));
	}
	g_autoptr(GError) e = NULL;
	g_autoptr(GBytes) pdf = pb_render_pdf(doc, NULL, &e);
	assert_non_null(pdf);
	g_autofree char *file = write_bytes("pass.pdf", pdf);
	const char *argv[] = {"pdfimages", "-list", file, NULL};
	g_autofree char *list = run(argv);
	/* page num type width height color comp bpc enc ... */
	static const char *want[] = {
	    "image 300 200 rgb 3 8 jpeg",  "image 300 200 rgb 3 8 jpeg",
	    "image 200 300 rgb 3 8 jpeg",  "image 6000 4000 gray 1 8 jpeg",
	    "image 300 200 rgb 3 8 image", "smask 300 200 gray 1 1 image",
	};
	g_auto(GStrv) lines = g_strsplit(list, "\n", -1);
	gsize k = 0;
	for (char **l = lines + 2; *l && **l; l++, k++) {
		g_auto(GStrv) f = g_strsplit_set(*l, " ", -1);
		GString *got = g_string_new(NULL);
		int field = 0;
		for (char **x = f; *x; x++) {
			if (!**x)
				continue;
			if (field >= 2 && field <= 8)
				g_string_append_printf(got, "%s%s", got->len ? " " : "", *x);
			field++;
		}
		assert_true(k < G_N_ELEMENTS(want));
		if (strcmp(got->str, want[k]) != 0)
			print_error("image %zu: '%s', want '%s'\n", k, got->str, want[k]);
		assert_string_equal(got->str, want[k]);
		g_string_free(got, TRUE);
	}
	assert_int_equal(k, G_N_ELEMENTS(want));
	/* pdfimages -j writes DCT streams as they are: byte for byte the files. */
	g_autofree char *root = scratch("x");
	const char *argj[] = {"pdfimages", "-j", file, root, NULL};
	g_free(run(argj));
	for (gsize i = 0; i < 4; i++) {
		g_autofree char *name = g_strdup_printf("x-%03zu.jpg", i);
		assert_extracted(name, names[i]);
	}
}

/* The component ids of a JPEG's frame header (SOF0..2), walking its markers; 0 when none. */
static guint32
frame_ids(const guint8 *d, gsize n)
{
	for (gsize i = 2; i + 4 <= n && d[i] == 0xff;) {
		guint m = d[i + 1], len = (guint)d[i + 2] << 8 | d[i + 3];
		if (m >= 0xc0 && m <= 0xc2 && i + 10 + 3 * 2 < n && d[i + 9] == 3)
			return (guint32)d[i + 10] << 16 | (guint32)d[i + 13] << 8 | d[i + 16];
		i += 2 + len;
	}
	return 0;
}

/* A JPEG of RGB samples with nothing but its component ids (R, G, B) to say so goes into the
 * PDF re-encoded as a standard YCbCr JPEG (ids 1, 2, 3), on a page Cairo draws and on the pages
 * the pass writes: a reader that follows the PDF standard takes three components without an
 * Adobe marker for YCbCr, and would print its colours wrong.  The re-encoded card still shows
 * the card, and the baseline card beside it keeps its bytes. */
static void
test_rgb_stored_reencoded(void **state)
{
	g_autofree char *stored = fixture("jpeg-rgb-stored.jpg");
	g_autofree char *plain = fixture("jpeg-baseline.jpg");
	pb_image_info si, pi;
	probe(stored, &si);
	probe(plain, &pi);
	assert_true(si.rgb_stored);
	assert_false(pi.rgb_stored);
	assert_int_equal(si.colorspace, PB_CS_RGB);
	g_autofree char *orig = NULL;
	gsize orig_len = 0;
	assert_true(g_file_get_contents(stored, &orig, &orig_len, NULL));
	assert_int_equal(frame_ids((const guint8 *)orig, orig_len), 'R' << 16 | 'G' << 8 | 'B');
	/* one page (Cairo's), then two (the pass writes them from their frames) */
	for (guint pages = 1; pages <= 2; pages++) {
		g_autoptr(pb_doc) doc = pb_doc_new("rgb", "school", "2022-06-21");
		for (guint p = 0; p < pages; p++) {
			pb_page *page = pb_doc_add_page(doc, 60, 40, 0, 0);
			pb_frame_add_image(page->items, 0, 0, 60, 40, p ? plain : stored,
					   p ? "p.jpg" : "s.jpg", p ? &pi : &si,
					   pb_loc_make("m.yaml", p + 1, 1));
		}
		g_autoptr(GError) e = NULL;
		g_autoptr(GBytes) pdf = pb_render_pdf(doc, NULL, &e);
		assert_non_null(pdf);
		g_autofree char *file = write_bytes("rgb.pdf", pdf);
		g_autofree char *root = scratch("rgb");
		const char *argj[] = {"pdfimages", "-j", file, root, NULL};
		g_free(run(argj));
		g_autofree char *got = scratch("rgb-000.jpg");
		g_autofree char *bytes = NULL;
		gsize n = 0;
		assert_true(g_file_get_contents(got, &bytes, &n, NULL));
		assert_int_equal(frame_ids((const guint8 *)bytes, n), 1 << 16 | 2 << 8 | 3);
		if (pages == 2)
			assert_extracted("rgb-001.jpg", "jpeg-baseline.jpg");
		rgb_image im = pdf_page_pixels(file, 1, 127);
		g_autofree char *what = g_strdup_printf("%u page(s): the re-encoded card", pages);
		assert_card_upright(&im, what);
		rgb_image_free(&im);
	}
}

/* One image placed on 1000 pages is stored once. */
static void
test_thousand_pages_one_image(void **state)
{
	g_autofree char *path = fixture("jpeg-baseline.jpg");
	pb_image_info info;
	probe(path, &info);
	g_autoptr(pb_doc) doc = pb_doc_new("thousand", "school", "2022-06-21");
	for (int i = 0; i < 1000; i++) {
		pb_page *page = pb_doc_add_page(doc, 60, 40, 0, 0);
		pb_frame_add_image(page->items, 0, 0, 60, 40, path, "a.jpg", &info,
				   pb_loc_make("m.yaml", 1, 1));
	}
	g_autoptr(GError) e = NULL;
	g_autoptr(GBytes) pdf = pb_render_pdf(doc, NULL, &e);
	assert_non_null(pdf);
	g_autofree char *file = write_bytes("thousand.pdf", pdf);
	const char *argv[] = {"pdfimages", "-list", file, NULL};
	g_autofree char *list = run(argv);
	g_auto(GStrv) lines = g_strsplit(list, "\n", -1);
	GHashTable *objects = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	guint placed = 0;
	for (char **l = lines + 2; *l && **l; l++, placed++) {
		int page, num, w, h, comp, bpc, obj;
		char type[16], color[16], enc[16], interp[8];
		assert_int_equal(sscanf(*l, "%d %d %15s %d %d %15s %d %d %15s %7s %d", &page, &num,
					type, &w, &h, color, &comp, &bpc, enc, interp, &obj),
				 11);
		g_hash_table_add(objects, g_strdup_printf("%d", obj));
	}
	assert_int_equal(placed, 1000);
	assert_int_equal(g_hash_table_size(objects), 1);
	g_hash_table_unref(objects);
	gsize jpeg = info.file_size;
	assert_true(g_bytes_get_size(pdf) < jpeg + 1000 * 1024); /* about a KiB a page */
}

/* A document of several pages (an honor roll's) is written from its frames (render/direct.c)
 * and its JPEGs by the pass itself (render/pdfphotos.c): each stored once, as the file's own
 * bytes, and each page's resources name only the photos it shows, so that a page taken out of
 * the file takes those and not the roll's thousand. */
static void
test_photos_written_by_the_pass(void **state)
{
	static const char *const names[] = {"jpeg-baseline.jpg", "jpeg-orient-6.jpg",
					    "jpeg-grey.jpg"};
	static const int shown[3][2] = {{0, 1}, {0, 2}, {2, -1}}; /* per page */
	g_autoptr(pb_doc) doc = pb_doc_new("photos", "school", "2022-06-21");
	for (int p = 0; p < 3; p++) {
		pb_page *page = pb_doc_add_page(doc, 130, 60, 3, 0);
		for (int k = 0; k < 2 && shown[p][k] >= 0; k++) {
			g_autofree char *path = fixture(names[shown[p][k]]);
			pb_image_info info;
			probe(path, &info);
			double h = 50, w = h * info.oriented_width / info.oriented_height;
			pb_frame_add_image(page->items, 5 + 65 * k, 5, w, h, path,
					   names[shown[p][k]], &info, pb_loc_make("m.yaml", 1, 1));
		}
	}
	g_autoptr(GError) e = NULL;
	g_autoptr(GBytes) pdf = pb_render_pdf(doc, NULL, &e);
	assert_non_null(pdf);
	g_autofree char *file = write_bytes("photos.pdf", pdf);
	g_autofree char *pages = pages_with_images(file);
	g_auto(GStrv) lines = g_strsplit(pages, "\n", -1);
	int page = -1, n[3] = {0, 0, 0};
	g_autoptr(GHashTable) object =
	    g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	for (char **l = lines; *l; l++) {
		if (g_str_has_prefix(*l, "page "))
			page++;
		const char *im = strstr(*l, "/pbIm");
		if (!im)
			continue;
		assert_true(page >= 0 && page < 3);
		int obj = 0;
		char name[16];
		assert_int_equal(sscanf(im, "%15[^:]: %d 0 R", name, &obj), 2);
		/* the same photo is the same object on every page that shows it */
		g_autofree char *num = g_strdup_printf("%d", obj);
		const char *was = g_hash_table_lookup(object, name);
		if (was)
			assert_string_equal(was, num);
		else
			g_hash_table_insert(object, g_strdup(name), g_steal_pointer(&num));
		n[page]++;
	}
	assert_int_equal(n[0], 2);
	assert_int_equal(n[1], 2);
	assert_int_equal(n[2], 1);
	assert_int_equal(g_hash_table_size(object), 3);
	/* pdfimages -j: each placement's bytes, byte for byte the file */
	g_autofree char *root = scratch("p");
	const char *argj[] = {"pdfimages", "-j", file, root, NULL};
	g_free(run(argj));
	guint placed = 0;
	for (int p = 0; p < 3; p++)
		for (int k = 0; k < 2 && shown[p][k] >= 0; k++, placed++) {
			g_autofree char *name = g_strdup_printf("p-%03u.jpg", placed);
			assert_extracted(name, names[shown[p][k]]);
		}
	assert_int_equal(placed, 5);
	/* written through a file, its update drained every 2 KB (after each photo, too): the same
	 * bytes, the /ID included */
	g_autofree char *path = scratch("photos-drained.pdf");
	pb_pdf_drain_at = 2048;
	gboolean ok = pb_render_pdf_file(doc, path, NULL, NULL, NULL);
	pb_pdf_drain_at = PB_PDF_DRAIN_AT;
	assert_true(ok);
	g_autofree char *drained = NULL;
	gsize len = 0;
	assert_true(g_file_get_contents(path, &drained, &len, NULL));
	assert_int_equal(len, g_bytes_get_size(pdf));
	assert_memory_equal(drained, g_bytes_get_data(pdf, NULL), len);
}

/* SVG carries the JPEG's own bytes as a data: URI. */
static void
test_svg_data_uri(void **state)
{
	g_autofree char *path = fixture("jpeg-orient-3.jpg");
	g_autoptr(pb_doc) doc = doc_with_image(path, 60, 40);
	g_autoptr(GError) e = NULL;
	g_autoptr(GBytes) svg = pb_render_svg(doc, 0, NULL, &e);
	assert_non_null(svg);
	g_autofree char *text = g_strndup(g_bytes_get_data(svg, NULL), g_bytes_get_size(svg));
	const char *uri = strstr(text, "data:image/jpeg;base64,");
	assert_non_null(uri);
	uri += strlen("data:image/jpeg;base64,");
	g_autofree char *b64 = g_strndup(uri, strcspn(uri, "\""));
	gsize len = 0;
	g_autofree guchar *bytes = g_base64_decode(b64, &len);
	g_autofree char *orig = NULL;
	gsize olen = 0;
	assert_true(g_file_get_contents(path, &orig, &olen, NULL));
	assert_int_equal(len, olen);
	assert_memory_equal(bytes, orig, olen);
	/* And an SVG renderer (librsvg) shows it upright: the orientation is in the transform. */
	RsvgHandle *h =
	    rsvg_handle_new_from_data(g_bytes_get_data(svg, NULL), g_bytes_get_size(svg), &e);
	assert_non_null(h);
	cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 300, 200);
	cairo_t *cr = cairo_create(img);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	RsvgRectangle viewport = {0, 0, 300, 200};
	assert_true(rsvg_handle_render_document(h, cr, &viewport, &e));
	cairo_destroy(cr);
	g_object_unref(h);
	g_autoptr(GByteArray) png = g_byte_array_new();
	assert_int_equal(cairo_surface_write_to_png_stream(img, append, png), CAIRO_STATUS_SUCCESS);
	cairo_surface_destroy(img);
	g_autoptr(GBytes) pngb = g_bytes_new(png->data, png->len);
	rgb_image im = png_pixels(pngb);
	assert_card_upright(&im, "SVG through librsvg");
	rgb_image_free(&im);
}

/* Above the layout's max_ppi a photo is resampled to it: 6000 px in 2 inches at max 300 ppi
 * goes into the PDF as a 600×400 JPEG. */
static void
test_max_ppi_resamples(void **state)
{
	g_autofree char *path = fixture("photo-6000x4000.jpg");
	g_autoptr(pb_doc) doc = doc_with_image(path, 50.8, 50.8 * 4000 / 6000);
	doc->max_ppi = 300;
	g_autoptr(GError) e = NULL;
	g_autoptr(GBytes) pdf = pb_render_pdf(doc, NULL, &e);
	assert_non_null(pdf);
	g_autofree char *file = write_bytes("maxppi.pdf", pdf);
	const char *argv[] = {"pdfimages", "-list", file, NULL};
	g_autofree char *list = run(argv);
	if (!strstr(list, " 600   400  rgb     3   8  jpeg "))
		print_error("%s", list);
	assert_non_null(strstr(list, " 600   400  rgb     3   8  jpeg "));
	/* The flat grey halves survive the resampling. */
	rgb_image im = pdf_page_pixels(file, 1, 72);
	assert_colour(&im, 0.5, 0.25, 120, 120, 120, 6, "upper half");
	assert_colour(&im, 0.5, 0.75, 160, 160, 160, 6, "lower half");
	rgb_image_free(&im);
}

/* Written to a file, the PDF has exactly the bytes of the in-memory one; no temporary file is
 * left, and a failed render leaves the previous file as it was. */
static void
test_pdf_file_same_bytes(void **state)
{
	g_autofree char *path = fixture("jpeg-orient-8.jpg");
	g_autoptr(pb_doc) doc = doc_with_image(path, 60, 40);
	g_autoptr(GError) e = NULL;
	g_autoptr(GBytes) mem = pb_render_pdf(doc, NULL, &e);
	assert_non_null(mem);
	g_autofree char *dir = scratch("filepdf");
	assert_int_equal(g_mkdir(dir, 0755), 0);
	g_autofree char *out = g_build_filename(dir, "board.pdf", NULL);
	gsize size = 0;
	assert_true(pb_render_pdf_file(doc, out, &size, NULL, &e));
	g_autofree char *got = NULL;
	gsize len = 0;
	assert_true(g_file_get_contents(out, &got, &len, NULL));
	assert_int_equal(size, len);
	assert_int_equal(len, g_bytes_get_size(mem));
	assert_memory_equal(got, g_bytes_get_data(mem, NULL), len);

	/* A photo broken since the check: an error, the good file untouched, nothing left over. */
	g_autofree char *copy = scratch("soon-broken.jpg");
	copy_file(path, copy);
	g_autoptr(pb_doc) bad = doc_with_image(copy, 60, 40);
	g_autofree char *broken = fixture("broken-truncated.jpg");
	copy_file(broken, copy);
	assert_false(pb_render_pdf_file(bad, out, &size, NULL, &e));
	assert_non_null(e);
	assert_string_equal(e->message, "cannot read image 'soon-broken.jpg': truncated JPEG "
					"(no end-of-image marker)");
	g_autofree char *again = NULL;
	assert_true(g_file_get_contents(out, &again, &len, NULL));
	assert_memory_equal(again, got, len);
	g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
	const char *name;
	guint files = 0;
	while ((name = g_dir_read_name(d))) {
		assert_string_equal(name, "board.pdf");
		files++;
	}
	assert_int_equal(files, 1);
	g_unlink(out);
	g_rmdir(dir);
	g_unlink(copy);
}

/* ---- files that break after the check ------------------------------------------------------ */

/* Every broken replacement is refused with its reason, in PDF, SVG and PNG alike, without a
 * crash or a leak (ASan). */
static void
test_broken_after_check(void **state)
{
	static const struct {
		const char *good;   /* probed at check time */
		const char *broken; /* what the file is when rendering; NULL: removed */
		const char *pdf;    /* the PDF/SVG error */
		const char *png;    /* the PNG error (decoding says some things differently) */
	} cases[] = {
	    {"jpeg-baseline.jpg", "broken-truncated.jpg", "truncated JPEG (no end-of-image marker)",
	     "truncated JPEG (no end-of-image marker)"},
	    {"jpeg-baseline.jpg", NULL, "no such file", "no such file"},
	    {"jpeg-baseline.jpg", "broken-empty.jpg", "empty file", "empty file"},
	    {"jpeg-baseline.jpg", "broken-text.jpg", "not a JPEG, PNG or SVG file",
	     "not a JPEG, PNG or SVG file"},
	    {"jpeg-baseline.jpg", "jpeg-orient-6.jpg", "changed since it was checked",
	     "changed since it was checked (200×300 pixels, was 300×200)"},
	    {"jpeg-baseline.jpg", "png-rgb8.png", "changed since it was checked (now a png file)",
	     "changed since it was checked (now a png file)"},
	    {"jpeg-baseline.jpg", "broken-huge-sof.jpg",
	     "declares 60000×60000 pixels, above the limit of 200 megapixels",
	     "changed since it was checked (60000×60000 pixels, was 300×200)"},
	    {"png-rgb8.png", "broken-bad-crc.png", "bad CRC in PNG chunk IDAT",
	     "bad CRC in PNG chunk IDAT"},
	    {"png-rgb8.png", "broken-no-iend.png", "PNG has no IEND chunk",
	     "PNG has no IEND chunk"},
	    {"png-rgb8.png", "broken-huge-ihdr.png",
	     "declares 100000×100000 pixels, above the limit of 200 megapixels",
	     "declares 100000×100000 pixels, above the limit of 200 megapixels"},
	};
	for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autofree char *good = fixture(cases[i].good);
		g_autofree char *name =
		    g_strdup_printf("case%zu%s", i, strrchr(cases[i].good, '.'));
		g_autofree char *path = scratch(name);
		copy_file(good, path);
		g_autoptr(pb_doc) doc = doc_with_image(path, 60, 40);
		g_unlink(path);
		if (cases[i].broken) {
			g_autofree char *broken = fixture(cases[i].broken);
			copy_file(broken, path);
		}
		/* and a document of two pages, whose photos the pass writes (pdfphotos.c) */
		g_autoptr(pb_doc) two = pb_doc_new("two", "school", "2022-06-21");
		for (int p = 0; p < 2; p++) {
			const pb_item *it = ((pb_page *)doc->pages->pdata[0])->items->pdata[0];
			pb_frame_add_image(pb_doc_add_page(two, 60, 40, 0, 0)->items, 0, 0, 60, 40,
					   it->image.path, it->image.shown, it->image.info,
					   pb_loc_make("m.yaml", 7, 3 + p));
		}
		for (int backend = 0; backend < 4; backend++) {
			g_autoptr(GError) e = NULL;
			pb_loc at = {0};
			g_autoptr(GBytes) out = backend == 0   ? pb_render_pdf(doc, NULL, &e)
						: backend == 1 ? pb_render_svg(doc, 0, NULL, &e)
						: backend == 2 ? pb_render_png(doc, 0, 50, NULL, &e)
							       : pb_render_pdf(two, &at, &e);
			assert_null(out);
			assert_non_null(e);
			assert_true(e->domain == PB_RENDER_ERROR);
			if (backend == 3) { /* at the first page's photo */
				assert_int_equal(at.line, 7);
				assert_int_equal(at.col, 3);
			}
			g_autofree char *prefix = g_strdup_printf("cannot read image '%s': ", name);
			if (!g_str_has_prefix(e->message, prefix))
				print_error("case %zu: '%s'\n", i, e->message);
			assert_true(g_str_has_prefix(e->message, prefix));
			const char *want = backend == 2 ? cases[i].png : cases[i].pdf;
			if (strcmp(e->message + strlen(prefix), want) != 0)
				print_error("case %zu backend %d: '%s'\n", i, backend, e->message);
			assert_string_equal(e->message + strlen(prefix), want);
		}
		g_unlink(path);
	}
}

/* ---- main ---------------------------------------------------------------------------------- */

static int
setup(void **state)
{
	fixtures = g_getenv("PB_FIXTURES");
	if (!fixtures)
		fixtures = "tests/fixtures/generated";
	tmpdir = g_dir_make_tmp("paiban-imagecache-XXXXXX", NULL);
	return tmpdir ? 0 : -1;
}

static int
teardown(void **state)
{
	g_autoptr(GDir) d = g_dir_open(tmpdir, 0, NULL);
	const char *name;
	while (d && (name = g_dir_read_name(d))) {
		g_autofree char *p = scratch(name);
		g_unlink(p);
	}
	g_rmdir(tmpdir);
	g_free(tmpdir);
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_decode_scaled_eighth),
	    cmocka_unit_test(test_decode_scaled_oriented),
	    cmocka_unit_test(test_decode_png_kinds),
	    cmocka_unit_test(test_cmyk_to_rgb),
	    cmocka_unit_test(test_orientation_matrix),
	    cmocka_unit_test(test_embed_surface_is_a1_with_bytes),
	    cmocka_unit_test(test_evicted_surface_stored_once),
	    cmocka_unit_test(test_orientations_upright),
	    cmocka_unit_test(test_cmyk_pdf_matches_rgb),
	    cmocka_unit_test(test_rgb_stored_reencoded),
	    cmocka_unit_test(test_pdf_passthrough),
	    cmocka_unit_test(test_thousand_pages_one_image),
	    cmocka_unit_test(test_photos_written_by_the_pass),
	    cmocka_unit_test(test_template_images_upright),
	    cmocka_unit_test(test_svg_data_uri),
	    cmocka_unit_test(test_max_ppi_resamples),
	    cmocka_unit_test(test_pdf_file_same_bytes),
	    cmocka_unit_test(test_broken_after_check),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
