/* mkfixtures.c — writes the image fixtures the unit tests probe: `mkfixtures DIR` fills
 * DIR/generated/.
 *
 * Every file is a pure function of this source (seeded random numbers, no timestamps), so a
 * rerun rewrites identical bytes and the fixtures need not be committed.  The broken files are
 * made by damaging good ones in exactly one way each (cut short, one byte flipped, one size
 * patched with its CRC fixed), so a test that expects one message cannot pass for another
 * reason.  Everything is small and the whole run takes a fraction of a second; the one large
 * picture (6000×4000) is nearly flat grey, which JPEG stores in a few tens of kilobytes.
 *
 * Not a test: it checks nothing it writes.  Not for the example project (that is mkexample).
 */
#include "cmyk-patches.h"
#include "imgwrite.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <lcms2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

static const char *outdir; /* DIR/generated */

static G_GNUC_NORETURN void
die(const char *what, const char *name)
{
	fprintf(stderr, "mkfixtures: %s '%s'\n", what, name);
	exit(1);
}

static char *
out_path(const char *name)
{
	return g_build_filename(outdir, name, NULL);
}

static void
write_bytes(const char *name, const void *data, gsize len)
{
	g_autofree char *path = out_path(name);
	if (!g_file_set_contents(path, data, (gssize)len, NULL))
		die("cannot write", path);
}

static guint8 *
read_bytes(const char *name, gsize *len)
{
	g_autofree char *path = out_path(name);
	char *data = NULL;
	if (!g_file_get_contents(path, &data, len, NULL))
		die("cannot read back", path);
	return (guint8 *)data;
}

static void
jpeg(const char *name, const uint8_t *px, int w, int h, int comps, pbw_jpeg_opts opts)
{
	g_autofree char *path = out_path(name);
	if (!pbw_write_jpeg(path, px, w, h, comps, &opts))
		die("cannot write", path);
}

/* Flat CMYK patches (cmyk-patches.h), at quality 100 so their centres keep their inks: without
 * a profile, and with Ghostscript's ps_cmyk.icc embedded (a profile other than the standard
 * default_cmyk.icc, so a test can tell which one the conversion used). */
static void
cmyk_patches(void)
{
	const int w = PB_PATCH * PB_PATCH_COLS, h = PB_PATCH * PB_PATCH_ROWS;
	g_autofree uint8_t *px = g_malloc((gsize)w * h * 4);
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++)
			memcpy(px + 4 * ((gsize)y * w + x),
			       pb_cmyk_patches[(y / PB_PATCH) * PB_PATCH_COLS + x / PB_PATCH], 4);
	jpeg("cmyk-patches.jpg", px, w, h, 4, (pbw_jpeg_opts){.quality = 100});
	const char *icc_path = "/usr/share/color/icc/ghostscript/ps_cmyk.icc";
	g_autofree char *icc = NULL;
	gsize icc_len = 0;
	if (!g_file_get_contents(icc_path, &icc, &icc_len, NULL))
		die("cannot read (package libgs10-common)", icc_path);
	jpeg("cmyk-patches-icc.jpg", px, w, h, 4,
	     (pbw_jpeg_opts){.quality = 100, .icc = (const uint8_t *)icc, .icc_len = icc_len});
	/* and with an RGB profile (Ghostscript's default_rgb.icc), as a careless export writes:
	 * no use for CMYK pixels, so the standard CMYK profile converts them */
	g_autofree char *rgb = NULL;
	gsize rgb_len = 0;
	const char *rgb_path = "/usr/share/color/icc/ghostscript/default_rgb.icc";
	if (!g_file_get_contents(rgb_path, &rgb, &rgb_len, NULL))
		die("cannot read (package libgs10-common)", rgb_path);
	jpeg("cmyk-patches-rgb-icc.jpg", px, w, h, 4,
	     (pbw_jpeg_opts){.quality = 100, .icc = (const uint8_t *)rgb, .icc_len = rgb_len});
}

static void
png(const char *name, const uint8_t *rgba, int w, int h, pbw_png_kind kind, bool interlaced)
{
	g_autofree char *path = out_path(name);
	if (!pbw_write_png(path, rgba, w, h, kind, interlaced))
		die("cannot write", path);
}

/* A 54-megapixel PNG photo (9000 × 6000: a phone's "high resolution" mode saved as PNG), the
 * size that made a 145 MB board.  Smooth bands, so the file itself stays small. */
static void
huge_png(void)
{
	const int w = 9000, h = 6000;
	g_autofree uint8_t *px = g_malloc((gsize)w * h * 4);
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++) {
			uint8_t *p = px + 4 * ((gsize)y * w + x);
			p[0] = (uint8_t)(60 + 150 * x / w);
			p[1] = (uint8_t)(90 + 120 * y / h);
			p[2] = (uint8_t)((x / 500 + y / 500) % 2 ? 180 : 120);
			p[3] = 255;
		}
	png("png-54mp.png", px, w, h, PBW_PNG_RGB8, false);
}

/* ---- pictures ------------------------------------------------------------------------------ */

/* The upright test card, 300×200 RGBA: a red top-left quadrant, a green top-right one, a blue
 * stripe along the bottom, grey elsewhere with a little noise.  No symmetry survives a flip or
 * a quarter turn, so a wrongly oriented placement shows. */
enum { CARD_W = 300, CARD_H = 200 };

static void
card_pixel(int x, int y, uint8_t out[4], pbw_rng *rng)
{
	uint8_t r = 150, g = 150, b = 150;
	if (x < CARD_W / 2 && y < CARD_H / 2) {
		r = 220, g = 30, b = 30;
	} else if (x >= CARD_W / 2 && y < CARD_H / 4) {
		r = 30, g = 170, b = 60;
	} else if (y >= CARD_H - 30) {
		r = 40, g = 60, b = 200;
	}
	int n = (int)(pbw_rng_u32(rng) % 9) - 4;
	out[0] = (uint8_t)CLAMP(r + n, 0, 255);
	out[1] = (uint8_t)CLAMP(g + n, 0, 255);
	out[2] = (uint8_t)CLAMP(b + n, 0, 255);
	out[3] = 255;
}

static uint8_t *
card(void)
{
	uint8_t *px = g_malloc((gsize)CARD_W * CARD_H * 4);
	pbw_rng rng;
	pbw_rng_seed(&rng, 1);
	for (int y = 0; y < CARD_H; y++)
		for (int x = 0; x < CARD_W; x++)
			card_pixel(x, y, px + 4 * ((gsize)y * CARD_W + (gsize)x), &rng);
	return px;
}

/* An upright ID photo's shape, 300×400: blue, but for red side bands (a fifth of the width
 * each) from 15 % to 45 % of the way down.  The border read's side bands end an eighth of the
 * way down, above that red: a read that went further (or the wrong way for an EXIF
 * orientation) would count it. */
enum { REACH_W = 300, REACH_H = 400 };

static uint8_t *
reach_card(void)
{
	uint8_t *px = g_malloc((gsize)REACH_W * REACH_H * 4);
	for (int y = 0; y < REACH_H; y++)
		for (int x = 0; x < REACH_W; x++) {
			gboolean red = (x < REACH_W / 5 || x >= REACH_W - REACH_W / 5) &&
				       y >= REACH_H * 15 / 100 && y < REACH_H * 45 / 100;
			uint8_t *o = px + 4 * ((gsize)y * REACH_W + (gsize)x);
			o[0] = red ? 220 : 40, o[1] = red ? 30 : 60, o[2] = red ? 30 : 200,
			o[3] = 255;
		}
	return px;
}

/* sRGB → CMYK ink amounts through the standard press profile (Ghostscript's default_cmyk.icc),
 * as a designer's software converts a photo for print: the CMYK fixtures are then what a CMYK
 * photo of the card is, and paiban's conversion back (through the same profile) must give the
 * card again, within the press's gamut.  NULL when the profile cannot be read. */
static uint8_t *
to_press_cmyk(const uint8_t *rgba, gsize n)
{
	cmsHPROFILE cmyk =
	    cmsOpenProfileFromFile("/usr/share/color/icc/ghostscript/default_cmyk.icc", "r");
	if (!cmyk)
		return NULL;
	cmsHPROFILE srgb = cmsCreate_sRGBProfile();
	cmsHTRANSFORM t =
	    cmsCreateTransform(srgb, TYPE_RGBA_8, cmyk, TYPE_CMYK_8, INTENT_RELATIVE_COLORIMETRIC,
			       cmsFLAGS_BLACKPOINTCOMPENSATION);
	uint8_t *out = NULL;
	if (t) {
		out = g_malloc(n * 4);
		cmsDoTransform(t, rgba, out, (cmsUInt32Number)n);
		cmsDeleteTransform(t);
	}
	cmsCloseProfile(srgb);
	cmsCloseProfile(cmyk);
	return out;
}

/* RGBA → `comps` bytes per pixel: 1 grey, 3 RGB, 4 CMYK ink amounts (through the press
 * profile; naive, K = 1 − max, when it is not installed). */
static uint8_t *
convert(const uint8_t *rgba, int w, int h, int comps)
{
	gsize n = (gsize)w * (gsize)h;
	if (comps == 4) {
		uint8_t *press = to_press_cmyk(rgba, n);
		if (press)
			return press;
	}
	uint8_t *out = g_malloc(n * (gsize)comps);
	for (gsize i = 0; i < n; i++) {
		const uint8_t *p = rgba + 4 * i;
		uint8_t *q = out + (gsize)comps * i;
		if (comps == 1) {
			q[0] = (uint8_t)((299 * p[0] + 587 * p[1] + 114 * p[2] + 500) / 1000);
		} else if (comps == 3) {
			memcpy(q, p, 3);
		} else {
			int mx = MAX(p[0], MAX(p[1], p[2]));
			q[3] = (uint8_t)(255 - mx);
			for (int c = 0; c < 3; c++)
				q[c] = (uint8_t)(mx ? 255 * (mx - p[c]) / mx : 0);
		}
	}
	return out;
}

/* The stored pixels of a file with EXIF orientation `o` whose upright picture is `up` (w×h):
 * each stored pixel takes the upright pixel it will be shown at.  5..8 store h×w. */
static uint8_t *
orient_store(const uint8_t *up, int w, int h, int o, int *sw, int *sh)
{
	gboolean swap = o >= 5;
	int ws = swap ? h : w, hs = swap ? w : h;
	uint8_t *s = g_malloc((gsize)ws * (gsize)hs * 4);
	for (int sy = 0; sy < hs; sy++) {
		for (int sx = 0; sx < ws; sx++) {
			int dx, dy; /* where the viewer shows stored (sx, sy) */
			switch (o) {
			case 2:
				dx = ws - 1 - sx, dy = sy;
				break; /* mirror */
			case 3:
				dx = ws - 1 - sx, dy = hs - 1 - sy;
				break; /* 180° */
			case 4:
				dx = sx, dy = hs - 1 - sy;
				break; /* flip */
			case 5:
				dx = sy, dy = sx;
				break; /* transpose */
			case 6:
				dx = hs - 1 - sy, dy = sx;
				break; /* 90° clockwise */
			case 7:
				dx = hs - 1 - sy, dy = ws - 1 - sx;
				break; /* transverse */
			case 8:
				dx = sy, dy = ws - 1 - sx;
				break; /* 90° anticlockwise */
			default:
				dx = sx, dy = sy;
				break;
			}
			memcpy(s + 4 * ((gsize)sy * (gsize)ws + (gsize)sx),
			       up + 4 * ((gsize)dy * (gsize)w + (gsize)dx), 4);
		}
	}
	*sw = ws;
	*sh = hs;
	return s;
}

/* The upright picture `up` (w×h RGBA) as PREFIX-1.jpg .. PREFIX-8.jpg, stored for each EXIF
 * orientation and tagged with it. */
static void
every_orientation(const char *prefix, const uint8_t *up, int w, int h, int quality)
{
	for (int o = 1; o <= 8; o++) {
		int sw, sh;
		g_autofree uint8_t *st = orient_store(up, w, h, o, &sw, &sh);
		g_autofree uint8_t *st3 = convert(st, sw, sh, 3);
		g_autofree char *name = g_strdup_printf("%s-%d.jpg", prefix, o);
		jpeg(name, st3, sw, sh, 3, (pbw_jpeg_opts){.quality = quality, .orientation = o});
	}
}

/* A 2-inch ID photo, 413×579 (35×49 mm at 300 dpi): a plain background with the slight noise of
 * a real photo, a head and a pair of shoulders that reach the bottom edge but not the sides. */
enum { ID_W = 413, ID_H = 579 };

static uint8_t *
id_photo(const uint8_t bg[3], uint64_t seed)
{
	uint8_t *px = g_malloc((gsize)ID_W * ID_H * 4);
	pbw_rng rng;
	pbw_rng_seed(&rng, seed);
	for (int y = 0; y < ID_H; y++) {
		for (int x = 0; x < ID_W; x++) {
			double hx = (x - 206) / 92.0, hy = (y - 235) / 118.0;  /* head */
			double sx = (x - 206) / 170.0, sy = (y - 600) / 170.0; /* shoulders */
			double hair = (x - 206) / 100.0, hairy = (y - 205) / 112.0;
			int r = bg[0], g = bg[1], b = bg[2], noise = 3;
			if (sx * sx + sy * sy < 1.0) {
				/* a dark suit with a white shirt V at the neck */
				gboolean shirt = y > 440 && abs(x - 206) < (y - 440) / 2 + 4 &&
						 abs(x - 206) < 40;
				r = shirt ? 240 : 35, g = shirt ? 240 : 40, b = shirt ? 238 : 52;
			} else if (hx * hx + hy * hy < 1.0) {
				r = 232, g = 190, b = 160; /* skin */
				if (y < 190 && hair * hair + hairy * hairy < 1.0)
					r = 30, g = 24, b = 20;
			} else if (hair * hair + hairy * hairy < 1.0 && y < 235) {
				r = 30, g = 24, b = 20; /* hair */
			} else if (abs(x - 206) < 34 && y > 330 && y < 470) {
				r = 220, g = 178, b = 150; /* neck */
			} else {
				noise = 6;
			}
			int n = (int)(pbw_rng_u32(&rng) % (unsigned)(2 * noise + 1)) - noise;
			uint8_t *p = px + 4 * ((gsize)y * ID_W + (gsize)x);
			p[0] = (uint8_t)CLAMP(r + n, 0, 255);
			p[1] = (uint8_t)CLAMP(g + n, 0, 255);
			p[2] = (uint8_t)CLAMP(b + n, 0, 255);
			p[3] = 255;
		}
	}
	return px;
}

/* ---- damage -------------------------------------------------------------------------------- */

/* Offset of the first JPEG marker `code` (0xffCODE) at the top level, walking segment lengths
 * from SOI; -1 when absent. */
static long
jpeg_find_marker(const guint8 *b, gsize n, guint8 code)
{
	gsize i = 2;
	while (i + 4 <= n && b[i] == 0xff) {
		if (b[i + 1] == code)
			return (long)i;
		i += 2 + ((gsize)b[i + 2] << 8 | b[i + 3]);
	}
	return -1;
}

static void
put_be32(guint8 *p, guint32 v)
{
	p[0] = (guint8)(v >> 24);
	p[1] = (guint8)(v >> 16);
	p[2] = (guint8)(v >> 8);
	p[3] = (guint8)v;
}

/* Offset of the first PNG chunk named `type`; -1 when absent. */
static long
png_find_chunk(const guint8 *b, gsize n, const char *type)
{
	gsize i = 8;
	while (i + 12 <= n) {
		guint32 len = (guint32)b[i] << 24 | (guint32)b[i + 1] << 16 |
			      (guint32)b[i + 2] << 8 | b[i + 3];
		if (memcmp(b + i + 4, type, 4) == 0)
			return (long)i;
		i += 12 + (gsize)len;
	}
	return -1;
}

static void
broken_files(void)
{
	gsize n;

	/* A baseline JPEG cut a twentieth of the way through its scan data: the SOS header is
	 * intact, and the border read (which decodes an eighth of the rows) meets the cut. */
	g_autofree guint8 *jb = read_bytes("jpeg-baseline.jpg", &n);
	long sos = jpeg_find_marker(jb, n, 0xda);
	if (sos < 0)
		die("no SOS in", "jpeg-baseline.jpg");
	gsize scan = (gsize)sos + 2 + ((gsize)jb[sos + 2] << 8 | jb[sos + 3]);
	write_bytes("broken-truncated.jpg", jb, scan + (n - scan) / 20);

	/* The same file with a tail of zero padding, as some uploaders leave: still good. */
	g_autofree guint8 *padded = g_malloc0(n + 16);
	memcpy(padded, jb, n);
	write_bytes("jpeg-padded.jpg", padded, n + 16);

	/* ... and with 8 KiB appended after its EOI, like a phone's motion-photo trailer: still
	 * good, and the EOI is farther from the end than a tail search reaches. */
	gsize tn = n + 8192;
	g_autofree guint8 *trailer = g_malloc(tn);
	memcpy(trailer, jb, n);
	for (gsize i = n; i < tn; i++)
		trailer[i] = (guint8)('A' + i % 26);
	write_bytes("jpeg-trailer.jpg", trailer, tn);

	/* SOI, then a marker libjpeg does not know (0xff 0x4a) where APP0 belongs. */
	g_autofree guint8 *garbage = g_memdup2(jb, n);
	static const guint8 junk[] = {0xff, 0x4a, 'n', 'o', 't', ' ', 'a', ' ', 'h', 'e', 'a', 'd'};
	memcpy(garbage + 2, junk, sizeof junk);
	write_bytes("broken-garbage-header.jpg", garbage, n);

	write_bytes("broken-empty.jpg", "", 0);

	/* SOF0 patched to declare 60000×60000: libjpeg's per-side limit (65500) lets it through,
	 * ours on the pixel count must not. */
	g_autofree guint8 *huge = g_memdup2(jb, n);
	long sof = jpeg_find_marker(huge, n, 0xc0);
	if (sof < 0)
		die("no SOF0 in", "jpeg-baseline.jpg");
	huge[sof + 5] = 60000 >> 8, huge[sof + 6] = 60000 & 0xff; /* height */
	huge[sof + 7] = 60000 >> 8, huge[sof + 8] = 60000 & 0xff; /* width */
	write_bytes("broken-huge-sof.jpg", huge, n);
	/* ... and 20000×20000, under every per-side limit but far over the pixel count. */
	huge[sof + 5] = 20000 >> 8, huge[sof + 6] = 20000 & 0xff;
	huge[sof + 7] = 20000 >> 8, huge[sof + 8] = 20000 & 0xff;
	write_bytes("broken-20000-sof.jpg", huge, n);

	/* PNGs: one byte of IDAT flipped (its CRC no longer matches); the IEND cut off; IHDR
	 * patched to 100000×100000 with its CRC recomputed, so that only the size is wrong. */
	g_autofree guint8 *pb = read_bytes("png-rgb8.png", &n);
	long idat = png_find_chunk(pb, n, "IDAT");
	if (idat < 0)
		die("no IDAT in", "png-rgb8.png");
	g_autofree guint8 *flipped = g_memdup2(pb, n);
	flipped[idat + 8 + 10] ^= 0x01;
	write_bytes("broken-bad-crc.png", flipped, n);
	write_bytes("broken-no-iend.png", pb, n - 12);
	g_autofree guint8 *big = g_memdup2(pb, n);
	put_be32(big + 16, 100000);
	put_be32(big + 20, 100000);
	put_be32(big + 29, (guint32)crc32(0L, big + 12, 17)); /* over "IHDR" and its 13 bytes */
	write_bytes("broken-huge-ihdr.png", big, n);

	/* A PNG under a .jpg name: the bytes decide, it probes as a PNG. */
	write_bytes("mislabelled-png.jpg", pb, n);

	/* The smallest GIF: 1×1, a two-colour palette, one LZW-coded pixel. */
	static const guint8 gif[] = {
	    'G',  'I', 'F',  '8',  '9', 'a', 1, 0, 1, 0, 0x80, 0, 0, /* screen, 2-entry palette */
	    0,    0,   0,    255,  255, 255,                         /* palette */
	    0x2c, 0,   0,    0,    0,   1,   0, 1, 0, 0,             /* image descriptor */
	    2,    2,   0x44, 0x01, 0,                                /* LZW data */
	    0x3b,                                                    /* trailer */
	};
	write_bytes("broken-gif.gif", gif, sizeof gif);

	/* A WebP container header with a VP8 chunk that is only zeros: sniffing needs no more. */
	guint8 webp[40] = {'R', 'I', 'F', 'F', 32,  0,   0,  0, 'W', 'E',
			   'B', 'P', 'V', 'P', '8', ' ', 20, 0, 0,   0};
	write_bytes("broken-webp.webp", webp, sizeof webp);

	/* Text that is none of our formats. */
	write_bytes("broken-text.jpg", "hello, not an image\n", 20);
}

/* ---- SVG ----------------------------------------------------------------------------------- */

static void
svgs(void)
{
	static const char logo[] =
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<!-- paiban test logo: 120×40 px -->\n"
	    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"120\" height=\"40\" "
	    "viewBox=\"0 0 120 40\">\n"
	    "  <rect x=\"2\" y=\"2\" width=\"116\" height=\"36\" rx=\"6\" fill=\"#b01c1c\"/>\n"
	    "  <circle cx=\"20\" cy=\"20\" r=\"10\" fill=\"#f0d060\"/>\n"
	    "</svg>\n";
	write_bytes("logo.svg", logo, strlen(logo));
	static const char vb[] =
	    "\xef\xbb\xbf<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "viewBox=\"0 0 300 100\"><rect width=\"300\" height=\"100\"/></svg>\n";
	write_bytes("svg-viewbox.svg", vb, strlen(vb));
	static const char mm[] = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"25.4mm\" "
				 "height=\"12.7mm\"><rect width=\"10\" height=\"10\"/></svg>\n";
	write_bytes("svg-mm.svg", mm, strlen(mm));
	/* Starts like an SVG, is not well-formed XML. */
	static const char bad[] = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" "
				  "height=\"10\"><rect width=\"10\" height=\"10\"></svg>\n";
	write_bytes("broken-svg.svg", bad, strlen(bad));
}

/* ---- main ---------------------------------------------------------------------------------- */

int
main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: mkfixtures DIR   (writes DIR/generated/)\n");
		return 2;
	}
	g_autofree char *dir = g_build_filename(argv[1], "generated", NULL);
	outdir = dir;
	if (g_mkdir_with_parents(dir, 0755) != 0)
		die("cannot create", dir);

	/* The test card in every JPEG flavour. */
	g_autofree uint8_t *cardpx = card();
	g_autofree uint8_t *rgb = convert(cardpx, CARD_W, CARD_H, 3);
	g_autofree uint8_t *grey = convert(cardpx, CARD_W, CARD_H, 1);
	g_autofree uint8_t *cmyk = convert(cardpx, CARD_W, CARD_H, 4);
	jpeg("jpeg-baseline.jpg", rgb, CARD_W, CARD_H, 3, (pbw_jpeg_opts){.quality = 85});
	jpeg("jpeg-progressive.jpg", rgb, CARD_W, CARD_H, 3,
	     (pbw_jpeg_opts){.quality = 85, .progressive = true});
	jpeg("jpeg-grey.jpg", grey, CARD_W, CARD_H, 1, (pbw_jpeg_opts){.quality = 85});
	jpeg("jpeg-rgb-stored.jpg", rgb, CARD_W, CARD_H, 3,
	     (pbw_jpeg_opts){.quality = 85, .rgb_stored = true});
	jpeg("jpeg-cmyk.jpg", cmyk, CARD_W, CARD_H, 4, (pbw_jpeg_opts){.quality = 85});
	jpeg("jpeg-ycck.jpg", cmyk, CARD_W, CARD_H, 4,
	     (pbw_jpeg_opts){.quality = 85, .ycck = true});
	cmyk_patches();

	/* EXIF orientations 1..8: every file shows the same upright card once its tag is
	 * applied, so 5..8 store 200×300 and all eight display 300×200. */
	every_orientation("jpeg-orient", cardpx, CARD_W, CARD_H, 80);
	/* The border's reach, in every orientation. */
	g_autofree uint8_t *reach = reach_card();
	every_orientation("jpeg-reach", reach, REACH_W, REACH_H, 90);

	/* The PNG kinds; the card gets a transparent bottom-right corner for the alpha ones. */
	for (int y = CARD_H / 2; y < CARD_H; y++)
		for (int x = CARD_W * 3 / 4; x < CARD_W; x++)
			cardpx[4 * ((gsize)y * CARD_W + (gsize)x) + 3] = 0;
	png("png-rgb8.png", cardpx, CARD_W, CARD_H, PBW_PNG_RGB8, false);
	png("png-rgb16.png", cardpx, CARD_W, CARD_H, PBW_PNG_RGB16, false);
	png("png-palette-trns.png", cardpx, CARD_W, CARD_H, PBW_PNG_PALETTE8, false);
	png("png-grey-alpha.png", cardpx, CARD_W, CARD_H, PBW_PNG_GREY_ALPHA8, false);
	png("png-rgba-interlaced.png", cardpx, CARD_W, CARD_H, PBW_PNG_RGBA8, true);
	huge_png();

	/* ID photos: the red background the honour roll asks for, and the blue one it gets. */
	static const uint8_t red[3] = {216, 28, 28}, blue[3] = {67, 142, 219};
	g_autofree uint8_t *idr = id_photo(red, 7);
	g_autofree uint8_t *idb = id_photo(blue, 8);
	g_autofree uint8_t *idr3 = convert(idr, ID_W, ID_H, 3);
	g_autofree uint8_t *idb3 = convert(idb, ID_W, ID_H, 3);
	g_autofree uint8_t *idr4 = convert(idr, ID_W, ID_H, 4);
	jpeg("id-red.jpg", idr3, ID_W, ID_H, 3, (pbw_jpeg_opts){.quality = 85, .dpi = 300});
	jpeg("id-blue.jpg", idb3, ID_W, ID_H, 3, (pbw_jpeg_opts){.quality = 85, .dpi = 300});
	jpeg("id-red-ycck.jpg", idr4, ID_W, ID_H, 4, (pbw_jpeg_opts){.quality = 85, .ycck = true});
	png("id-red.png", idr, ID_W, ID_H, PBW_PNG_RGB8, false);
	png("id-blue-palette.png", idb, ID_W, ID_H, PBW_PNG_PALETTE8, false);
	/* The ID photo as some phones save it (progressive), and the smallest JPEG there is. */
	jpeg("id-red-progressive.jpg", idr3, ID_W, ID_H, 3,
	     (pbw_jpeg_opts){.quality = 85, .progressive = true});
	jpeg("jpeg-1x1.jpg", red, 1, 1, 3, (pbw_jpeg_opts){.quality = 85});

	/* A camera-sized photo, 6000×4000, nearly flat so it stays small on disk: probing it must
	 * take the header path and be as quick as probing a thumbnail. */
	enum { BIG_W = 6000, BIG_H = 4000 };
	g_autofree uint8_t *bigpx = g_malloc((gsize)BIG_W * BIG_H);
	for (int y = 0; y < BIG_H; y++)
		memset(bigpx + (gsize)y * BIG_W, y < BIG_H / 2 ? 120 : 160, BIG_W);
	jpeg("photo-6000x4000.jpg", bigpx, BIG_W, BIG_H, 1, (pbw_jpeg_opts){.quality = 50});

	/* Rule thresholds (tests/cli/030-check-rules.sh): flat images exactly at and one pixel
	 * inside the notice's 3000×1800, and red ID photos at and past the 2-inch ratios. */
	static const int sizes[][2] = {{3000, 1800}, {2999, 1800}, {3000, 1799}, {1800, 3000}};
	for (gsize i = 0; i < G_N_ELEMENTS(sizes); i++) {
		int w = sizes[i][0], h = sizes[i][1];
		g_autofree uint8_t *flat = g_malloc((gsize)w * h);
		memset(flat, 128, (gsize)w * h);
		g_autofree char *name = g_strdup_printf("photo-%dx%d.jpg", w, h);
		jpeg(name, flat, w, h, 1, (pbw_jpeg_opts){.quality = 50});
	}
	static const int ratio_w[] = {650, 649, 780, 781};
	for (gsize i = 0; i < G_N_ELEMENTS(ratio_w); i++) {
		int w = ratio_w[i], h = 1000;
		g_autofree uint8_t *px = g_malloc((gsize)w * h * 3);
		for (gsize k = 0; k < (gsize)w * h; k++)
			px[3 * k] = red[0], px[3 * k + 1] = red[1], px[3 * k + 2] = red[2];
		g_autofree char *name = g_strdup_printf("id-%dx%d.jpg", w, h);
		jpeg(name, px, w, h, 3, (pbw_jpeg_opts){.quality = 80});
	}

	broken_files();
	svgs();
	return 0;
}
