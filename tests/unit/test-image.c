/* test-image.c — the image service: every probed field of every fixture, every broken file's
 * exact message, the border-red read and its colour thresholds.
 *
 * Fixtures come from build/tools/mkfixtures (directory $PB_FIXTURES, default
 * tests/fixtures/generated).  A few more damaged files — malicious EXIF offsets, files cut in
 * their header — are made here from those fixtures in a temporary directory, since each is one
 * patch of bytes that reads best next to its assertion.
 *
 * That probing decodes no pixels is asserted directly: this file defines the libjpeg and libpng
 * calls that start pixel decoding, which the linker then prefers over the shared libraries' for
 * the engine objects; each counts its calls and forwards to the real one (dlsym RTLD_NEXT).
 */
#define _GNU_SOURCE /* RTLD_NEXT */
#include <dlfcn.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <png.h>
#include <stdio.h> /* before jpeglib.h, which uses FILE without including it */
#include <string.h>

#include <jpeglib.h>

#include "image/image.h"

static const char *fixtures; /* directory of the generated fixtures */
static char *tmpdir;         /* this run's scratch directory, removed at the end */

static char *
fixture(const char *name)
{
	return g_build_filename(fixtures, name, NULL);
}

/* Probes a fixture that must be good; on failure the message is shown before failing. */
static void
probe_ok(const char *name, pb_image_info *info)
{
	g_autofree char *path = fixture(name);
	g_autoptr(GError) e = NULL;
	gboolean ok = pb_image_probe(path, info, &e);
	if (!ok)
		print_error("%s: %s\n", name, e ? e->message : "(no error set)");
	assert_true(ok);
	assert_null(e);
	GStatBuf st;
	assert_int_equal(g_stat(path, &st), 0);
	assert_int_equal(info->file_size, (gsize)st.st_size);
}

/* Probes `path`, which must fail with exactly this code and message. */
static void
probe_fails_path(const char *path, int code, const char *message)
{
	pb_image_info info;
	g_autoptr(GError) e = NULL;
	assert_false(pb_image_probe(path, &info, &e));
	assert_non_null(e);
	assert_true(e->domain == PB_IMAGE_ERROR);
	if (e->code != code || strcmp(e->message, message) != 0)
		print_error("%s: got [%d] '%s'\n", path, e->code, e->message);
	assert_int_equal(e->code, code);
	assert_string_equal(e->message, message);
	assert_int_equal(info.format, PB_IMAGE_UNKNOWN); /* cleared, nothing half-filled */
}

static void
probe_fails(const char *name, int code, const char *message)
{
	g_autofree char *path = fixture(name);
	probe_fails_path(path, code, message);
}

/* Asserts all the fields that a JPEG card fixture shares. */
static void
assert_jpeg(const pb_image_info *i, guint w, guint h, pb_colorspace cs, guint comps,
	    gboolean progressive, gboolean adobe)
{
	assert_int_equal(i->format, PB_IMAGE_JPEG);
	assert_int_equal(i->width, w);
	assert_int_equal(i->height, h);
	assert_int_equal(i->orientation, 1);
	assert_int_equal(i->oriented_width, w);
	assert_int_equal(i->oriented_height, h);
	assert_int_equal(i->colorspace, cs);
	assert_int_equal(i->components, comps);
	assert_int_equal(i->bit_depth, 8);
	assert_int_equal(i->progressive, progressive);
	assert_int_equal(i->adobe_marker, adobe);
	assert_false(i->has_alpha);
}

static void
assert_png(const pb_image_info *i, pb_colorspace cs, guint comps, guint depth, gboolean interlaced,
	   gboolean alpha)
{
	assert_int_equal(i->format, PB_IMAGE_PNG);
	assert_int_equal(i->width, 300);
	assert_int_equal(i->height, 200);
	assert_int_equal(i->orientation, 1);
	assert_int_equal(i->oriented_width, 300);
	assert_int_equal(i->oriented_height, 200);
	assert_int_equal(i->colorspace, cs);
	assert_int_equal(i->components, comps);
	assert_int_equal(i->bit_depth, depth);
	assert_int_equal(i->progressive, interlaced);
	assert_false(i->adobe_marker);
	assert_int_equal(i->has_alpha, alpha);
}

/* ---- good JPEGs ---------------------------------------------------------------------------- */

static void
test_jpeg_kinds(void **state)
{
	pb_image_info i;
	probe_ok("jpeg-baseline.jpg", &i);
	assert_jpeg(&i, 300, 200, PB_CS_RGB, 3, FALSE, FALSE);
	probe_ok("jpeg-progressive.jpg", &i);
	assert_jpeg(&i, 300, 200, PB_CS_RGB, 3, TRUE, FALSE);
	probe_ok("jpeg-grey.jpg", &i);
	assert_jpeg(&i, 300, 200, PB_CS_GREY, 1, FALSE, FALSE);
	probe_ok("jpeg-cmyk.jpg", &i);
	assert_jpeg(&i, 300, 200, PB_CS_CMYK, 4, FALSE, TRUE);
	probe_ok("jpeg-ycck.jpg", &i);
	assert_jpeg(&i, 300, 200, PB_CS_YCCK, 4, FALSE, TRUE);
	probe_ok("id-red.jpg", &i);
	assert_jpeg(&i, 413, 579, PB_CS_RGB, 3, FALSE, FALSE);
}

static void
test_jpeg_after_eoi(void **state)
{
	/* Zero padding after the EOI (found by the tail search), and an 8 KiB trailer (found by
	 * the forward walk over the scan): both are whole files. */
	pb_image_info i;
	probe_ok("jpeg-padded.jpg", &i);
	assert_jpeg(&i, 300, 200, PB_CS_RGB, 3, FALSE, FALSE);
	probe_ok("jpeg-trailer.jpg", &i);
	assert_jpeg(&i, 300, 200, PB_CS_RGB, 3, FALSE, FALSE);
}

static void
test_orientations(void **state)
{
	/* Every file displays the same 300×200 card; 5..8 store it turned, as 200×300. */
	for (guint o = 1; o <= 8; o++) {
		g_autofree char *name = g_strdup_printf("jpeg-orient-%u.jpg", o);
		pb_image_info i;
		probe_ok(name, &i);
		assert_int_equal(i.format, PB_IMAGE_JPEG);
		assert_int_equal(i.orientation, o);
		assert_int_equal(i.width, o >= 5 ? 200 : 300);
		assert_int_equal(i.height, o >= 5 ? 300 : 200);
		assert_int_equal(i.oriented_width, 300);
		assert_int_equal(i.oriented_height, 200);
		assert_int_equal(i.colorspace, PB_CS_RGB);
		assert_int_equal(i.components, 3);
		assert_false(i.progressive);
	}
}

/* ---- no pixels while probing --------------------------------------------------------------- */

static int pixel_calls; /* calls into libjpeg/libpng that decode pixels */

#define PB_FORWARD(ret, name, params, args)                                                        \
	ret name params                                                                            \
	{                                                                                          \
		ret(*real) params = (ret(*) params)dlsym(RTLD_NEXT, #name);                        \
		pixel_calls++;                                                                     \
		return real args;                                                                  \
	}

PB_FORWARD(boolean, jpeg_start_decompress, (j_decompress_ptr c), (c))
PB_FORWARD(JDIMENSION, jpeg_read_scanlines, (j_decompress_ptr c, JSAMPARRAY r, JDIMENSION n),
	   (c, r, n))

#define PB_FORWARD_VOID(name, params, args)                                                        \
	void name params                                                                           \
	{                                                                                          \
		void(*real) params = (void(*) params)dlsym(RTLD_NEXT, #name);                      \
		pixel_calls++;                                                                     \
		real args;                                                                         \
	}

PB_FORWARD_VOID(png_read_row, (png_structrp p, png_bytep row, png_bytep dsp), (p, row, dsp))
PB_FORWARD_VOID(png_read_image, (png_structrp p, png_bytepp rows), (p, rows))
PB_FORWARD_VOID(png_read_update_info, (png_structrp p, png_inforp i), (p, i))

static void
test_probe_decodes_nothing(void **state)
{
	static const char *const names[] = {
	    "photo-6000x4000.jpg",  "jpeg-progressive.jpg", "jpeg-ycck.jpg",
	    "jpeg-trailer.jpg",     "png-rgb16.png",        "png-rgba-interlaced.png",
	    "png-palette-trns.png",
	};
	pixel_calls = 0;
	for (gsize k = 0; k < G_N_ELEMENTS(names); k++) {
		pb_image_info i;
		probe_ok(names[k], &i);
	}
	probe_fails("broken-truncated.jpg", PB_IMAGE_ERROR_CORRUPT,
		    "truncated JPEG (no end-of-image marker)");
	assert_int_equal(pixel_calls, 0);
	pb_image_info i;
	probe_ok("photo-6000x4000.jpg", &i);
	assert_jpeg(&i, 6000, 4000, PB_CS_GREY, 1, FALSE, FALSE);

	/* The counters do see decoding: the border read decodes, at 1/8 scale (500 rows), down to
	 * an eighth: 63 rows. */
	g_autofree char *path = fixture("photo-6000x4000.jpg");
	double share;
	assert_true(pb_image_border_red(path, &i, &share, NULL, NULL));
	assert_int_equal(pixel_calls, 1 + 63);
}

/* ---- good PNGs and SVGs -------------------------------------------------------------------- */

static void
test_png_kinds(void **state)
{
	pb_image_info i;
	probe_ok("png-rgb8.png", &i);
	assert_png(&i, PB_CS_RGB, 3, 8, FALSE, FALSE);
	probe_ok("png-rgb16.png", &i);
	assert_png(&i, PB_CS_RGB, 3, 16, FALSE, FALSE);
	probe_ok("png-palette-trns.png", &i);
	assert_png(&i, PB_CS_PALETTE, 1, 8, FALSE, TRUE);
	probe_ok("png-grey-alpha.png", &i);
	assert_png(&i, PB_CS_GREY_ALPHA, 2, 8, FALSE, TRUE);
	probe_ok("png-rgba-interlaced.png", &i);
	assert_png(&i, PB_CS_RGBA, 4, 8, TRUE, TRUE);
}

static void
test_mislabelled(void **state)
{
	/* The bytes decide: a PNG named .jpg is a PNG. */
	pb_image_info i;
	probe_ok("mislabelled-png.jpg", &i);
	assert_png(&i, PB_CS_RGB, 3, 8, FALSE, FALSE);
}

static void
test_svg(void **state)
{
	static const struct {
		const char *name;
		guint w, h;
	} cases[] = {
	    {"logo.svg", 120, 40},         /* XML declaration and a comment before <svg */
	    {"svg-viewbox.svg", 300, 100}, /* a BOM; no width or height, only a viewBox */
	    {"svg-mm.svg", 96, 48},        /* 25.4 mm × 12.7 mm at 96 px per inch */
	};
	for (gsize k = 0; k < G_N_ELEMENTS(cases); k++) {
		pb_image_info i;
		probe_ok(cases[k].name, &i);
		assert_int_equal(i.format, PB_IMAGE_SVG);
		assert_int_equal(i.width, cases[k].w);
		assert_int_equal(i.height, cases[k].h);
		assert_int_equal(i.orientation, 1);
		assert_int_equal(i.oriented_width, cases[k].w);
		assert_int_equal(i.oriented_height, cases[k].h);
		assert_int_equal(i.colorspace, PB_CS_UNKNOWN);
		assert_int_equal(i.components, 0);
		assert_true(i.has_alpha);
	}
}

/* ---- broken files -------------------------------------------------------------------------- */

static void
test_broken_fixtures(void **state)
{
	static const struct {
		const char *name;
		int code;
		const char *message;
	} cases[] = {
	    {"broken-truncated.jpg", PB_IMAGE_ERROR_CORRUPT,
	     "truncated JPEG (no end-of-image marker)"},
	    {"broken-garbage-header.jpg", PB_IMAGE_ERROR_CORRUPT,
	     "bad JPEG header (unsupported marker type 0x4a)"},
	    {"broken-empty.jpg", PB_IMAGE_ERROR_IO, "empty file"},
	    {"broken-bad-crc.png", PB_IMAGE_ERROR_CORRUPT, "bad CRC in PNG chunk IDAT"},
	    {"broken-no-iend.png", PB_IMAGE_ERROR_CORRUPT, "PNG has no IEND chunk"},
	    {"broken-gif.gif", PB_IMAGE_ERROR_FORMAT,
	     "GIF images are not accepted, use JPEG or PNG"},
	    {"broken-webp.webp", PB_IMAGE_ERROR_FORMAT,
	     "WebP images are not accepted, use JPEG or PNG"},
	    {"broken-text.jpg", PB_IMAGE_ERROR_FORMAT, "not a JPEG, PNG or SVG file"},
	    {"broken-huge-sof.jpg", PB_IMAGE_ERROR_TOO_LARGE,
	     "declares 60000×60000 pixels, above the limit of 200 megapixels"},
	    {"broken-huge-ihdr.png", PB_IMAGE_ERROR_TOO_LARGE,
	     "declares 100000×100000 pixels, above the limit of 200 megapixels"},
	    {"broken-svg.svg", PB_IMAGE_ERROR_CORRUPT,
	     "bad SVG (line 2 column 1: premature end of data in tag svg line 1)"},
	    {"no-such-file.jpg", PB_IMAGE_ERROR_IO, "no such file"},
	};
	for (gsize k = 0; k < G_N_ELEMENTS(cases); k++)
		probe_fails(cases[k].name, cases[k].code, cases[k].message);
	probe_fails_path(fixtures, PB_IMAGE_ERROR_IO, "is a directory");
}

/* Writes `len` bytes of `data` to the scratch directory; returns the path. */
static char *
scratch(const char *name, const void *data, gsize len)
{
	char *path = g_build_filename(tmpdir, name, NULL);
	assert_true(g_file_set_contents(path, data, (gssize)len, NULL));
	return path;
}

static guint8 *
load(const char *name, gsize *len)
{
	g_autofree char *path = fixture(name);
	char *data = NULL;
	assert_true(g_file_get_contents(path, &data, len, NULL));
	return (guint8 *)data;
}

static void
test_cut_in_header(void **state)
{
	gsize n;
	g_autofree guint8 *j = load("jpeg-baseline.jpg", &n);
	g_autofree char *jp = scratch("cut-header.jpg", j, 100); /* inside the DQT segment */
	probe_fails_path(jp, PB_IMAGE_ERROR_CORRUPT,
			 "truncated JPEG (the file ends in its header)");

	g_autofree guint8 *p = load("png-rgb8.png", &n);
	g_autofree char *pp = scratch("cut-idat.png", p, n / 2);
	probe_fails_path(pp, PB_IMAGE_ERROR_CORRUPT,
			 "truncated PNG (the file ends inside chunk IDAT)");
	g_autofree char *sig = scratch("signature-only.png", p, 8);
	probe_fails_path(sig, PB_IMAGE_ERROR_CORRUPT, "PNG has no IEND chunk");
}

/* The offset of "Exif\0\0" in a JPEG that mkfixtures wrote: its APP1 follows the JFIF APP0. */
static gsize
exif_at(const guint8 *b, gsize n)
{
	for (gsize i = 0; i + 6 <= n; i++)
		if (memcmp(b + i, "Exif\0\0", 6) == 0)
			return i;
	fail_msg("no Exif segment");
	return 0;
}

/* Probes a patched copy of jpeg-orient-6.jpg and returns the orientation read. */
static guint
probe_patched_exif(const char *name, void (*patch)(guint8 *tiff))
{
	gsize n;
	g_autofree guint8 *b = load("jpeg-orient-6.jpg", &n);
	patch(b + exif_at(b, n) + 6);
	g_autofree char *path = scratch(name, b, n);
	pb_image_info i;
	g_autoptr(GError) e = NULL;
	assert_true(pb_image_probe(path, &i, &e));
	assert_int_equal(i.width, 200); /* the pixel size never depends on the EXIF */
	return i.orientation;
}

/* The TIFF block as mkfixtures writes it: "II", 42, IFD0 at 8, one entry 0x0112 SHORT 1 = 6. */
static void
patch_none(guint8 *t)
{
	(void)t;
}

static void
patch_ifd_far(guint8 *t)
{
	t[4] = 0xf0, t[5] = 0xff, t[6] = 0xff, t[7] = 0xff; /* IFD0 at 4 GiB */
}

static void
patch_ifd_wraps(guint8 *t)
{
	t[4] = 0xff, t[5] = 0xff, t[6] = 0xff, t[7] = 0xff; /* offset + 2 wraps in 32 bits */
}

static void
patch_many_entries(guint8 *t)
{
	/* 65535 entries declared in a 26-byte block, the one really there another tag: the
	 * search must stop at the end of the block, not read on. */
	t[8] = 0xff, t[9] = 0xff;
	t[10] = 0x13;
}

static void
patch_value_9(guint8 *t)
{
	t[18] = 9; /* no such orientation */
}

static void
patch_bad_order(guint8 *t)
{
	t[0] = 'X';
}

static void
patch_big_endian(guint8 *t)
{
	/* The same IFD in Motorola order, as many cameras write it, with orientation 8. */
	static const guint8 mm[] = {'M', 'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0,
				    3,   0,   0, 0,  1, 0, 8, 0, 0, 0, 0,    0,    0};
	memcpy(t, mm, sizeof mm);
}

static void
test_exif_hostile(void **state)
{
	assert_int_equal(probe_patched_exif("exif-ok.jpg", patch_none), 6);
	assert_int_equal(probe_patched_exif("exif-mm.jpg", patch_big_endian), 8);
	/* Offsets from the file are checked, never followed blindly: the tag is ignored. */
	assert_int_equal(probe_patched_exif("exif-far.jpg", patch_ifd_far), 1);
	assert_int_equal(probe_patched_exif("exif-wrap.jpg", patch_ifd_wraps), 1);
	assert_int_equal(probe_patched_exif("exif-many.jpg", patch_many_entries), 1);
	assert_int_equal(probe_patched_exif("exif-nine.jpg", patch_value_9), 1);
	assert_int_equal(probe_patched_exif("exif-order.jpg", patch_bad_order), 1);
}

/* ---- border red ---------------------------------------------------------------------------- */

static void
border(const char *name, double *share, double mean[3])
{
	g_autofree char *path = fixture(name);
	pb_image_info i;
	g_autoptr(GError) e = NULL;
	probe_ok(name, &i);
	gboolean ok = pb_image_border_red(path, &i, share, mean, &e);
	if (!ok)
		print_error("%s: %s\n", name, e->message);
	assert_true(ok);
}

static void
test_border_red_id_photos(void **state)
{
	/* The border read stops above the shoulders, which reach the bottom edge: all of it is
	 * background. */
	static const char *const reds[] = {"id-red.jpg", "id-red-ycck.jpg", "id-red.png"};
	for (gsize k = 0; k < G_N_ELEMENTS(reds); k++) {
		double share, mean[3];
		border(reds[k], &share, mean);
		if (share < 0.95)
			print_error("%s: red share %.3f\n", reds[k], share);
		assert_true(share >= 0.95);
		assert_true(mean[0] > 0.6 && mean[1] < 0.3 && mean[2] < 0.3);
	}
	static const char *const blues[] = {"id-blue.jpg", "id-blue-palette.png"};
	for (gsize k = 0; k < G_N_ELEMENTS(blues); k++) {
		double share, mean[3];
		border(blues[k], &share, mean);
		assert_true(share == 0.0);
		assert_true(mean[2] > mean[1] && mean[1] > mean[0]);
	}
}

static void
test_border_other_kinds(void **state)
{
	/* The card: red top-left quadrant, so half of the border read (the top band and the
	 * upper sides); the same however stored (jpeg-orient-6 is stored turned). */
	static const char *const cards[] = {
	    "jpeg-baseline.jpg", "jpeg-progressive.jpg", "jpeg-cmyk.jpg",    "jpeg-ycck.jpg",
	    "png-rgb8.png",      "png-rgb16.png",        "jpeg-orient-6.jpg"};
	for (gsize k = 0; k < G_N_ELEMENTS(cards); k++) {
		double share, mean[3];
		border(cards[k], &share, mean);
		if (share < 0.45 || share > 0.55)
			print_error("%s: red share %.3f\n", cards[k], share);
		assert_true(share > 0.45 && share < 0.55);
	}
	/* red on the sides only below an eighth of the way down: not read, however stored */
	for (int o = 1; o <= 8; o++) {
		g_autofree char *name = g_strdup_printf("jpeg-reach-%d.jpg", o);
		double below, m[3];
		border(name, &below, m);
		if (below != 0.0)
			print_error("%s: red share %.3f\n", name, below);
		assert_true(below == 0.0);
		assert_true(m[2] > 0.6 && m[0] < 0.3); /* it read the blue it was shown */
	}
	double share, mean[3];
	border("jpeg-grey.jpg", &share, mean);
	assert_true(share == 0.0);
	assert_true(mean[0] == mean[1] && mean[1] == mean[2]);
	border("photo-6000x4000.jpg", &share, mean); /* decoded at 1/8: 750×500 */
	assert_true(share == 0.0);
	assert_true(mean[0] > 0.45 && mean[0] < 0.65);
}

static void
test_border_errors(void **state)
{
	g_autoptr(GError) e = NULL;
	g_autofree char *svg = fixture("logo.svg");
	double share;
	/* Without an info, it probes first: a truncated file fails the same way. */
	assert_false(pb_image_border_red(svg, NULL, &share, NULL, &e));
	assert_int_equal(e->code, PB_IMAGE_ERROR_FORMAT);
	g_clear_error(&e);
	g_autofree char *cut = fixture("broken-truncated.jpg");
	assert_false(pb_image_border_red(cut, NULL, &share, NULL, &e));
	assert_string_equal(e->message, "truncated JPEG (no end-of-image marker)");
	g_clear_error(&e);
	/* Handed a stale info that still says JPEG, the decode itself notices the cut. */
	pb_image_info i;
	probe_ok("jpeg-baseline.jpg", &i);
	assert_false(pb_image_border_red(cut, &i, &share, NULL, &e));
	assert_string_equal(e->message, "truncated JPEG (no end-of-image marker)");
	g_clear_error(&e);
	/* A PNG whose IDAT is damaged: libpng's zlib error comes back as a message. */
	g_autofree char *crc = fixture("broken-bad-crc.png");
	probe_ok("png-rgb8.png", &i);
	assert_false(pb_image_border_red(crc, &i, &share, NULL, &e));
	assert_true(g_str_has_prefix(e->message, "bad PNG data ("));
}

/* Writes a 64×64 PNG of one RGBA colour with libpng's simplified API. */
static char *
flat_png(const char *name, guint32 rgba)
{
	enum { S = 64 };
	guint8 *px = g_malloc(S * S * 4);
	for (int k = 0; k < S * S; k++) {
		px[4 * k] = (guint8)(rgba >> 24);
		px[4 * k + 1] = (guint8)(rgba >> 16);
		px[4 * k + 2] = (guint8)(rgba >> 8);
		px[4 * k + 3] = (guint8)rgba;
	}
	png_image img = {
	    .version = PNG_IMAGE_VERSION, .width = S, .height = S, .format = PNG_FORMAT_RGBA};
	char *path = g_build_filename(tmpdir, name, NULL);
	assert_true(png_image_write_to_file(&img, path, 0, px, 0, NULL));
	g_free(px);
	return path;
}

static void
test_red_thresholds(void **state)
{
	static const struct {
		guint32 rgba;
		gboolean red;
		const char *what;
	} cases[] = {
	    {0xd81c1cff, TRUE, "the usual ID-photo red"},
	    {0xc00000ff, TRUE, "a deep red"},
	    {0xe04040ff, TRUE, "a washed-out, slightly pink red"},
	    {0xb03030ff, TRUE, "red in shadow"},
	    {0xe05030ff, TRUE, "red leaning to orange"},
	    {0xff8000ff, FALSE, "orange"},
	    {0xe0b090ff, FALSE, "light skin"},
	    {0xd09070ff, FALSE, "darker skin"},
	    {0xd02080ff, FALSE, "magenta-pink"},
	    {0x600000ff, FALSE, "dark maroon"},
	    {0x438edbff, FALSE, "ID-photo blue"},
	    {0xffffffff, FALSE, "white"},
	    {0xd81c1c00, FALSE, "red but fully transparent: white paper shows"},
	};
	for (gsize k = 0; k < G_N_ELEMENTS(cases); k++) {
		g_autofree char *name = g_strdup_printf("flat-%08x.png", cases[k].rgba);
		g_autofree char *path = flat_png(name, cases[k].rgba);
		g_autoptr(GError) e = NULL;
		double share = -1, mean[3];
		assert_true(pb_image_border_red(path, NULL, &share, mean, &e));
		if (share != (cases[k].red ? 1.0 : 0.0))
			print_error("%s (#%08x): red share %.3f\n", cases[k].what, cases[k].rgba,
				    share);
		assert_true(share == (cases[k].red ? 1.0 : 0.0));
	}
}

static void
test_names(void **state)
{
	assert_string_equal(pb_image_format_name(PB_IMAGE_JPEG), "jpeg");
	assert_string_equal(pb_image_format_name(PB_IMAGE_PNG), "png");
	assert_string_equal(pb_image_format_name(PB_IMAGE_SVG), "svg");
	assert_string_equal(pb_image_format_name(PB_IMAGE_UNKNOWN), "unknown");
	assert_string_equal(pb_colorspace_name(PB_CS_YCCK), "ycck");
	assert_string_equal(pb_colorspace_name(PB_CS_GREY_ALPHA), "grey+alpha");
}

/* ---- scratch directory --------------------------------------------------------------------- */

static int
setup(void **state)
{
	fixtures = g_getenv("PB_FIXTURES");
	if (!fixtures || !*fixtures)
		fixtures = "tests/fixtures/generated";
	tmpdir = g_dir_make_tmp("test-image-XXXXXX", NULL);
	return tmpdir ? 0 : -1;
}

static int
teardown(void **state)
{
	GDir *d = g_dir_open(tmpdir, 0, NULL);
	const char *name;
	while (d && (name = g_dir_read_name(d))) {
		g_autofree char *path = g_build_filename(tmpdir, name, NULL);
		g_unlink(path);
	}
	if (d)
		g_dir_close(d);
	g_rmdir(tmpdir);
	g_free(tmpdir);
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_jpeg_kinds),
	    cmocka_unit_test(test_jpeg_after_eoi),
	    cmocka_unit_test(test_orientations),
	    cmocka_unit_test(test_probe_decodes_nothing),
	    cmocka_unit_test(test_png_kinds),
	    cmocka_unit_test(test_mislabelled),
	    cmocka_unit_test(test_svg),
	    cmocka_unit_test(test_broken_fixtures),
	    cmocka_unit_test(test_cut_in_header),
	    cmocka_unit_test(test_exif_hostile),
	    cmocka_unit_test(test_border_red_id_photos),
	    cmocka_unit_test(test_border_other_kinds),
	    cmocka_unit_test(test_border_errors),
	    cmocka_unit_test(test_red_thresholds),
	    cmocka_unit_test(test_names),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
