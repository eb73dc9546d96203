/* image-decode.c — reading pixels: the border-colour read for check, the scaled decodes and JPEG
 * encoding for the renderer, and the file's own bytes re-checked for embedding.
 *
 * The border read (pb_image_border_red) decodes JPEGs at a reduced DCT scale, PNGs through
 * libpng's expansions to 8-bit RGBA, and tallies only the outer band.  The renderer's decodes
 * (pb_image_decode) work the same way and hand back pixels in Cairo's 32-bit layout without
 * including Cairo: reduced by DCT scaling or a box average when a smaller size will do, CMYK
 * turned into RGB, full-size decodes serialised by a process-wide lock; pb_image_encode_jpeg
 * writes the JPEGs that the renderer must make itself (CMYK converted, photos above max_ppi).
 * The decodes and pb_image_read_checked re-check the file against its probe (format, size, and
 * for the bytes to embed the whole probe), so a file replaced after the check is reported,
 * never half-drawn.
 *
 * Every libjpeg and libpng call goes through image.c's plumbing (image-private.h): its error
 * hooks, its setjmp rule, its file opening, sniffing and PNG chunk walk.
 *
 * Not here: probing (image.c; nothing here decides what a file is or reports its fields);
 * orientation is never applied (the page transform applies it); no colour management (CMYK
 * becomes RGB by the naive formula, no ICC profile); nothing is cached (imagecache.c keeps the
 * surfaces).
 */
#include "image-private.h"

#include <errno.h>
#include <math.h>
#include <string.h>

/* ---- what the border read and the decodes share -------------------------------------------- */

/* Opens a file for a pixel read; NULL with `error` when it cannot be opened, or (with the
 * message `refusal`) when its probe says it is neither JPEG nor PNG. */
static FILE *
pb_image_open_raster(const char *path, const pb_image_info *info, const char *refusal,
		     GError **error)
{
	if (info->format != PB_IMAGE_JPEG && info->format != PB_IMAGE_PNG) {
		g_set_error(error, PB_IMAGE_ERROR, PB_IMAGE_ERROR_FORMAT, "%s", refusal);
		return NULL;
	}
	gsize size;
	return pb_image_open(path, &size, error);
}

/* A four-component JPEG: libjpeg turns YCCK into CMYK but does no CMYK→RGB; that is ours. */
static gboolean
pb_jpeg_is_cmyk(const struct jpeg_decompress_struct *d)
{
	return d->jpeg_color_space == JCS_CMYK || d->jpeg_color_space == JCS_YCCK;
}

/* What to XOR a stored CMYK sample with to get the light let through: Photoshop's Adobe files
 * store 255 − ink, which already is; others store the ink. */
static guint
pb_cmyk_flip(const struct jpeg_decompress_struct *d)
{
	return d->saw_Adobe_marker ? 0 : 255;
}

/* Naive CMYK→RGB of one pixel, light = (1 − ink) × (1 − black): no ICC profile is applied. */
static inline void
pb_cmyk_to_rgb(const guint8 *p, guint flip, guint rgb[3])
{
	guint k = p[3] ^ flip;
	for (int c = 0; c < 3; c++)
		rgb[c] = ((p[c] ^ flip) * k + 127) / 255;
}

/* The verdict on a JPEG read that got past its header: `ran` is FALSE after a libjpeg error.
 * A file that ran out of data is refused too, although libjpeg padded the missing rows with
 * grey and only warned. */
static gboolean
pb_jpeg_data_ok(const pb_jpeg *j, gboolean ran, GError **error)
{
	if (!ran) {
		pb_image_set_lowered(error, PB_IMAGE_ERROR_CORRUPT, "bad JPEG data (",
				     j->jerr.message, ")");
		return FALSE;
	}
	if (j->jerr.hit_eof) {
		g_set_error(error, PB_IMAGE_ERROR, PB_IMAGE_ERROR_CORRUPT,
			    "truncated JPEG (no end-of-image marker)");
		return FALSE;
	}
	return TRUE;
}

/* After pb_png_read_info: has libpng expand every kind of PNG to 8-bit samples, four a pixel
 * (palette → RGB, grey < 8 bits → 8, tRNS → alpha, grey → RGB, an opaque 0xff alpha added where
 * there is none), as R,G,B,A bytes or, with `words`, as Cairo's native-endian word 0xAARRGGBB.
 * What becomes of 16-bit samples (stripped or scaled) the caller has set.  Returns the number
 * of passes (7 for Adam7).  Longjmps on error, and when a row would not be 4 × w bytes. */
static int
pb_png_expand(pb_png *p, png_uint_32 w, gboolean words)
{
	png_structp png = p->png;
	png_set_expand(png);
	png_set_gray_to_rgb(png);
	if (words && G_BYTE_ORDER != G_LITTLE_ENDIAN) {
		png_set_swap_alpha(png);
		png_set_add_alpha(png, 0xff, PNG_FILLER_BEFORE);
	} else {
		if (words)
			png_set_bgr(png); /* B,G,R,A in memory is the word 0xAARRGGBB */
		png_set_add_alpha(png, 0xff, PNG_FILLER_AFTER);
	}
	int passes = png_set_interlace_handling(png);
	png_read_update_info(png, p->info);
	if (png_get_rowbytes(png, p->info) != 4 * (gsize)w)
		png_error(png, "unexpected row layout after expansion");
	return passes;
}

/* Adam7 fills every row over seven passes, so an interlaced PNG is read whole into p->image
 * (4 × w × h bytes, freed with p).  Longjmps on error. */
static void
pb_png_read_passes(pb_png *p, png_uint_32 w, png_uint_32 h, int passes)
{
	gsize stride = 4 * (gsize)w;
	p->image = g_malloc(stride * h);
	for (int pass = 0; pass < passes; pass++)
		for (png_uint_32 y = 0; y < h; y++)
			png_read_row(p->png, p->image + stride * y, NULL);
}

/* ---- border colour ------------------------------------------------------------------------- */

/* The border read's running count, shared by the JPEG and PNG paths. */
typedef struct pb_tally {
	guint w, h;           /* px of the image as decoded (possibly scaled) */
	guint band_x, band_y; /* px sampled at the left and right, top and bottom sides */
	guint64 count, red;   /* border pixels seen, and how many of them read as red */
	double sum[3];        /* sum of their R, G, B, 0..1 each */
} pb_tally;

/* Is this border pixel the red of an ID photo?  Measured reds run from #c00000 to #d81c1c, and
 * lit or washed-out ones reach #e04040, so:
 *   - r ≥ 0.5: bright enough; a dark maroon shadow is not a red background;
 *   - r − max(g, b) ≥ 0.3: saturated; skin (#e0b090, #d09070: 0.19–0.25) stays out, #e04040
 *     (0.63) is well in;
 *   - |g − b| ≤ 0.42 (r − min(g, b)): hue within 25° of pure red (the hue angle is
 *     60°·(g − b)/(r − min)); orange (#ff8000, 30°) and magenta-pink stay out. */
static gboolean
pb_is_red(double r, double g, double b)
{
	double hi = MAX(g, b), lo = MIN(g, b);
	return r >= 0.5 && r - hi >= 0.3 && fabs(g - b) <= 0.42 * (r - lo);
}

/* Sizes the band: 4 % of each side, at least one pixel. */
static void
pb_tally_init(pb_tally *t, guint w, guint h)
{
	t->w = w;
	t->h = h;
	t->band_x = MAX(1u, (w * 4 + 50) / 100);
	t->band_y = MAX(1u, (h * 4 + 50) / 100);
}

/* The next column of row y at or after x that lies in the border (w when none is left). */
static guint
pb_tally_next_x(const pb_tally *t, guint y, guint x)
{
	gboolean whole = y < t->band_y || y >= t->h - t->band_y;
	if (!whole && x >= t->band_x && x < t->w - t->band_x)
		return t->w - t->band_x; /* jump over the middle of the row */
	return x;
}

static void
pb_tally_add(pb_tally *t, guint r8, guint g8, guint b8)
{
	double r = r8 / 255.0, g = g8 / 255.0, b = b8 / 255.0;
	t->sum[0] += r;
	t->sum[1] += g;
	t->sum[2] += b;
	t->count++;
	if (pb_is_red(r, g, b))
		t->red++;
}

/* One JPEG border read. */
typedef struct pb_jborder {
	pb_jpeg j;          /* the shared libjpeg plumbing */
	pb_tally *tally;    /* what was seen */
	gboolean too_large; /* refused before decoding */
} pb_jborder;

/* Decodes a JPEG at the smallest DCT scale that keeps ≥ 50 px on the short side (ID photos of
 * ≥ 400 px decode at 1/8: 64 times fewer pixels, and the IDCT mostly skipped). */
static gboolean
pb_jpeg_run_border(pb_jborder *b)
{
	struct jpeg_decompress_struct *d = &b->j.d;
	if (setjmp(b->j.jerr.jump))
		return FALSE;
	pb_jpeg_read_header(&b->j, FALSE);
	if ((guint64)d->image_width * d->image_height > PB_IMAGE_MAX_PIXELS) {
		b->too_large = TRUE;
		return FALSE;
	}
	guint short_side = MIN(d->image_width, d->image_height);
	guint denom = 8;
	while (denom > 1 && short_side / denom < 50)
		denom /= 2;
	d->scale_num = 1;
	d->scale_denom = denom;
	d->dct_method = JDCT_IFAST; /* precision is irrelevant for a colour tally */
	d->do_fancy_upsampling = FALSE;
	gboolean four = pb_jpeg_is_cmyk(d);
	/* libjpeg does grey→RGB itself; CMYK→RGB is ours. */
	d->out_color_space = four ? JCS_CMYK : JCS_RGB;
	jpeg_start_decompress(d);
	guint w = d->output_width, h = d->output_height;
	pb_tally_init(b->tally, w, h);
	/* From libjpeg's image pool: released by jpeg_destroy, so a longjmp cannot leak it. */
	JSAMPARRAY in = (*d->mem->alloc_sarray)((j_common_ptr)d, JPOOL_IMAGE,
						(JDIMENSION)(w * (guint)d->output_components), 1);
	/* The naive CMYK→RGB is enough to tell red from blue. */
	guint flip = pb_cmyk_flip(d);
	while (d->output_scanline < h) {
		guint y = d->output_scanline;
		jpeg_read_scanlines(d, in, 1);
		for (guint x = pb_tally_next_x(b->tally, y, 0); x < w;
		     x = pb_tally_next_x(b->tally, y, x + 1)) {
			const guint8 *p = in[0] + (gsize)x * (gsize)d->output_components;
			if (four) {
				guint rgb[3];
				pb_cmyk_to_rgb(p, flip, rgb);
				pb_tally_add(b->tally, rgb[0], rgb[1], rgb[2]);
			} else {
				pb_tally_add(b->tally, p[0], p[1], p[2]);
			}
		}
	}
	jpeg_finish_decompress(d);
	return TRUE;
}

static gboolean
pb_jpeg_border(FILE *fp, pb_tally *t, GError **error)
{
	pb_jborder *b = g_new0(pb_jborder, 1);
	pb_jpeg_init(&b->j, fp);
	b->tally = t;
	gboolean ok = pb_jpeg_run_border(b);
	if (!ok && b->too_large)
		pb_image_check_size(b->j.d.image_width, b->j.d.image_height, error);
	else
		ok = pb_jpeg_data_ok(&b->j, ok, error);
	jpeg_destroy_decompress(&b->j.d);
	g_free(b);
	return ok;
}

/* libpng expands every kind to 8-bit RGBA; transparent pixels are composited over white, the
 * paper they will be printed on. */
static void
pb_png_tally_row(pb_tally *t, const guint8 *rgba, guint y)
{
	for (guint x = pb_tally_next_x(t, y, 0); x < t->w; x = pb_tally_next_x(t, y, x + 1)) {
		const guint8 *q = rgba + 4 * (gsize)x;
		guint a = q[3], paper = 255u * (255u - a);
		pb_tally_add(t, (q[0] * a + paper + 127) / 255, (q[1] * a + paper + 127) / 255,
			     (q[2] * a + paper + 127) / 255);
	}
}

/* One PNG border read. */
typedef struct pb_pborder {
	pb_png *p;          /* libpng state; its image/row buffers are freed with it */
	pb_tally *tally;    /* what was seen */
	gboolean too_large; /* refused before decoding */
} pb_pborder;

static gboolean
pb_png_run_border(pb_pborder *b)
{
	pb_png *p = b->p;
	png_structp png = p->png;
	if (setjmp(png_jmpbuf(png)))
		return FALSE;
	pb_png_read_info(p);
	png_uint_32 w = png_get_image_width(png, p->info), h = png_get_image_height(png, p->info);
	if ((guint64)w * h > PB_IMAGE_MAX_PIXELS) {
		b->too_large = TRUE;
		return FALSE;
	}
	png_set_strip_16(png); /* the high byte is plenty for a colour tally */
	int passes = pb_png_expand(p, w, FALSE);
	gsize stride = 4 * (gsize)w;
	pb_tally_init(b->tally, w, h);
	if (passes > 1) {
		pb_png_read_passes(p, w, h, passes);
		for (png_uint_32 y = 0; y < h; y++)
			pb_png_tally_row(b->tally, p->image + stride * y, y);
	} else {
		p->row = g_malloc(stride);
		for (png_uint_32 y = 0; y < h; y++) {
			png_read_row(png, p->row, NULL);
			pb_png_tally_row(b->tally, p->row, y);
		}
	}
	return TRUE;
}

static gboolean
pb_png_border(FILE *fp, pb_tally *t, GError **error)
{
	pb_pborder b = {.tally = t};
	b.p = pb_png_new(fp, error);
	if (!b.p)
		return FALSE;
	gboolean ok = pb_png_run_border(&b);
	if (!ok && b.too_large)
		pb_image_check_size(png_get_image_width(b.p->png, b.p->info),
				    png_get_image_height(b.p->png, b.p->info), error);
	else if (!ok)
		pb_image_set_lowered(error, PB_IMAGE_ERROR_CORRUPT, "bad PNG data (", b.p->message,
				     ")");
	pb_png_free(b.p);
	return ok;
}

gboolean
pb_image_border_red(const char *path, const pb_image_info *info, double *red_share,
		    double rgb_mean[3], GError **error)
{
	g_return_val_if_fail(path != NULL, FALSE);
	pb_image_info probed;
	if (!info) {
		if (!pb_image_probe(path, &probed, error))
			return FALSE;
		info = &probed;
	}
	FILE *fp = pb_image_open_raster(
	    path, info, "border colour is read from JPEG and PNG images only", error);
	if (!fp)
		return FALSE;
	pb_tally t = {0};
	gboolean ok = info->format == PB_IMAGE_JPEG ? pb_jpeg_border(fp, &t, error)
						    : pb_png_border(fp, &t, error);
	fclose(fp);
	if (!ok)
		return FALSE;
	g_assert(t.count > 0); /* a non-empty image always has a border */
	if (red_share)
		*red_share = (double)t.red / (double)t.count;
	if (rgb_mean)
		for (int c = 0; c < 3; c++)
			rgb_mean[c] = t.sum[c] / (double)t.count;
	return TRUE;
}

/* ---- decoding, for the renderer ------------------------------------------------------------ */

/* Decodes that would produce more pixels than this take the lock below: at most one full-size
 * decode runs at a time, so `-j N` workers never hold N camera photos in memory at once.
 * Reduced decodes (proofs, thumbnails) are small and run freely. */
#define PB_DECODE_LOCK_PIXELS (4u * 1000u * 1000u)
static GMutex pb_full_decode_lock;

void
pb_pixels_clear(pb_pixels *px)
{
	g_clear_pointer(&px->data, g_free);
	memset(px, 0, sizeof *px);
}

/* The file is no longer what it was probed as: it was replaced between check and render. */
static gboolean
pb_image_same_format(const pb_image_info *expect, pb_image_format now, GError **error)
{
	if (now == expect->format)
		return TRUE;
	g_set_error(error, PB_IMAGE_ERROR, PB_IMAGE_ERROR_CORRUPT,
		    "changed since it was checked (now a %s file)", pb_image_format_name(now));
	return FALSE;
}

/* The same, for a file whose size no longer matches its probe. */
static gboolean
pb_image_same(const pb_image_info *expect, guint w, guint h, GError **error)
{
	if (w == expect->width && h == expect->height)
		return TRUE;
	g_set_error(error, PB_IMAGE_ERROR, PB_IMAGE_ERROR_CORRUPT,
		    "changed since it was checked (%u×%u pixels, was %u×%u)", w, h, expect->width,
		    expect->height);
	return FALSE;
}

/* Smallest N of N/8 (libjpeg-turbo's DCT scaling) whose output is at least min_w × min_h; 8
 * when no minimum is given.  libjpeg rounds scaled sides up, so do we. */
static guint
pb_jpeg_scale_num(guint w, guint h, guint min_w, guint min_h)
{
	if (min_w == 0 && min_h == 0)
		return 8;
	for (guint num = 1; num < 8; num++)
		if ((w * num + 7) / 8 >= min_w && (h * num + 7) / 8 >= min_h)
			return num;
	return 8;
}

/* Packs 8-bit R, G, B into Cairo's opaque native-endian ARGB word. */
static inline guint32
pb_argb(guint r, guint g, guint b)
{
	return 0xff000000u | r << 16 | g << 8 | b;
}

/* One JPEG decode. */
typedef struct pb_jdecode {
	pb_jpeg j;        /* the shared libjpeg plumbing */
	pb_pixels *out;   /* where the pixels go */
	gboolean locked;  /* holds pb_full_decode_lock */
	gboolean changed; /* the header no longer matches the probe */
	const pb_image_info *expect;
} pb_jdecode;

static gboolean
pb_jpeg_run_decode(pb_jdecode *k, guint min_w, guint min_h)
{
	struct jpeg_decompress_struct *d = &k->j.d;
	if (setjmp(k->j.jerr.jump))
		return FALSE;
	pb_jpeg_read_header(&k->j, FALSE);
	if (d->image_width != k->expect->width || d->image_height != k->expect->height ||
	    (guint64)d->image_width * d->image_height > PB_IMAGE_MAX_PIXELS) {
		k->changed = TRUE;
		return FALSE;
	}
	guint num = pb_jpeg_scale_num(d->image_width, d->image_height, min_w, min_h);
	d->scale_num = num;
	d->scale_denom = 8;
	gboolean four = pb_jpeg_is_cmyk(d);
	/* libjpeg-turbo writes Cairo's layout directly: bytes B,G,R,A on a little-endian machine
	 * are the word 0xAARRGGBB.  CMYK comes out as CMYK and is converted below. */
	if (four)
		d->out_color_space = JCS_CMYK;
	else
		d->out_color_space = G_BYTE_ORDER == G_LITTLE_ENDIAN ? JCS_EXT_BGRA : JCS_EXT_ARGB;
	jpeg_calc_output_dimensions(d);
	if ((guint64)d->output_width * d->output_height > PB_DECODE_LOCK_PIXELS) {
		g_mutex_lock(&pb_full_decode_lock);
		k->locked = TRUE;
	}
	jpeg_start_decompress(d);
	pb_pixels *px = k->out;
	px->width = d->output_width;
	px->height = d->output_height;
	px->src_width = d->image_width;
	px->src_height = d->image_height;
	px->stride = 4 * (gsize)px->width;
	px->data = g_malloc(px->stride * px->height);
	JSAMPARRAY cmyk = NULL;
	if (four) /* from libjpeg's image pool: released by jpeg_destroy on every path */
		cmyk =
		    (*d->mem->alloc_sarray)((j_common_ptr)d, JPOOL_IMAGE, 4 * d->output_width, 1);
	guint flip = pb_cmyk_flip(d);
	while (d->output_scanline < d->output_height) {
		guint y = d->output_scanline;
		guint32 *row = px->data + (gsize)y * px->width;
		if (!four) {
			JSAMPROW r = (JSAMPROW)row;
			jpeg_read_scanlines(d, &r, 1);
			continue;
		}
		jpeg_read_scanlines(d, cmyk, 1);
		const guint8 *p = cmyk[0];
		for (guint x = 0; x < px->width; x++, p += 4) {
			guint rgb[3];
			pb_cmyk_to_rgb(p, flip, rgb);
			row[x] = pb_argb(rgb[0], rgb[1], rgb[2]);
		}
	}
	jpeg_finish_decompress(d);
	return TRUE;
}

static gboolean
pb_jpeg_decode(FILE *fp, const pb_image_info *info, guint min_w, guint min_h, pb_pixels *out,
	       GError **error)
{
	pb_jdecode *k = g_new0(pb_jdecode, 1);
	pb_jpeg_init(&k->j, fp);
	k->out = out;
	k->expect = info;
	gboolean ok = pb_jpeg_run_decode(k, min_w, min_h);
	if (k->locked)
		g_mutex_unlock(&pb_full_decode_lock);
	if (!ok && k->changed)
		pb_image_same(info, k->j.d.image_width, k->j.d.image_height, error);
	else
		ok = pb_jpeg_data_ok(&k->j, ok, error);
	jpeg_destroy_decompress(&k->j.d);
	g_free(k);
	return ok;
}

/* One PNG decode: libpng expands every kind to 8-bit samples in Cairo's word order; rows are
 * premultiplied and, for a reduced decode, averaged f × f into the output as they arrive, so a
 * non-interlaced PNG never needs more than one input row.  Adam7 fills rows over seven passes:
 * there the whole image is read first. */
typedef struct pb_pdecode {
	pb_png *p; /* libpng state; its image/row buffers are freed with it */
	pb_pixels *out;
	guint64 *acc;     /* per output pixel of the current band: a, r, g, b sums */
	gboolean locked;  /* holds pb_full_decode_lock */
	gboolean changed; /* the header no longer matches the probe */
	const pb_image_info *expect;
} pb_pdecode;

static void
pb_premultiply(guint32 *row, guint w)
{
	for (guint x = 0; x < w; x++) {
		guint32 v = row[x];
		guint a = v >> 24;
		if (a == 255)
			continue;
		guint r = ((v >> 16 & 0xff) * a + 127) / 255, g = ((v >> 8 & 0xff) * a + 127) / 255,
		      b = ((v & 0xff) * a + 127) / 255;
		row[x] = (guint32)a << 24 | r << 16 | g << 8 | b;
	}
}

/* Adds input row `in` (w words) into the band's sums, f input pixels to an output pixel. */
static void
pb_band_add(guint64 *acc, const guint32 *in, guint w, guint f)
{
	for (guint x = 0; x < w; x++) {
		guint64 *a = acc + 4 * (gsize)(x / f);
		guint32 v = in[x];
		a[0] += v >> 24;
		a[1] += v >> 16 & 0xff;
		a[2] += v >> 8 & 0xff;
		a[3] += v & 0xff;
	}
}

/* Writes the band's averages to output row `oy`; `rows` input rows went into it. */
static void
pb_band_emit(pb_pdecode *k, guint oy, guint rows, guint w, guint f)
{
	pb_pixels *px = k->out;
	guint32 *o = px->data + (gsize)oy * px->width;
	for (guint x = 0; x < px->width; x++) {
		guint cols = MIN(f, w - x * f); /* the last column of blocks may be narrower */
		guint64 n = (guint64)cols * rows, *a = k->acc + 4 * (gsize)x;
		guint32 al = (guint32)((a[0] + n / 2) / n);
		o[x] = al << 24 | (guint32)((a[1] + n / 2) / n) << 16 |
		       (guint32)((a[2] + n / 2) / n) << 8 | (guint32)((a[3] + n / 2) / n);
		if (al != 255)
			px->alpha = TRUE;
	}
	memset(k->acc, 0, 4 * sizeof *k->acc * px->width);
}

static gboolean
pb_png_run_decode(pb_pdecode *k, guint min_w, guint min_h)
{
	pb_png *p = k->p;
	png_structp png = p->png;
	if (setjmp(png_jmpbuf(png)))
		return FALSE;
	pb_png_read_info(p);
	png_uint_32 w = png_get_image_width(png, p->info), h = png_get_image_height(png, p->info);
	if (w != k->expect->width || h != k->expect->height ||
	    (guint64)w * h > PB_IMAGE_MAX_PIXELS) {
		k->changed = TRUE;
		return FALSE;
	}
	/* The integer reduction: the largest f that keeps both sides at or above the minimum. */
	guint f = 1;
	if (min_w || min_h)
		f = MAX(1u, MIN(min_w ? w / min_w : w, min_h ? h / min_h : h));
	f = MIN(f, 256u);      /* keeps the sums small; nobody asks a 256th */
	png_set_scale_16(png); /* rounded, not cut: these pixels are printed */
	int passes = pb_png_expand(p, w, TRUE);
	gsize stride = 4 * (gsize)w;
	pb_pixels *px = k->out;
	px->width = (w + f - 1) / f;
	px->height = (h + f - 1) / f;
	px->src_width = w;
	px->src_height = h;
	px->stride = 4 * (gsize)px->width;
	if ((guint64)px->width * px->height > PB_DECODE_LOCK_PIXELS ||
	    (passes > 1 && (guint64)w * h > PB_DECODE_LOCK_PIXELS)) {
		g_mutex_lock(&pb_full_decode_lock);
		k->locked = TRUE;
	}
	px->data = g_malloc(px->stride * px->height);
	if (f == 1 && passes == 1) {
		for (png_uint_32 y = 0; y < h; y++) {
			guint32 *row = px->data + (gsize)y * px->width;
			png_read_row(png, (png_bytep)row, NULL);
			pb_premultiply(row, w);
			for (guint x = 0; x < w && !px->alpha; x++)
				px->alpha = row[x] >> 24 != 255;
		}
		png_read_end(png, NULL);
		return TRUE;
	}
	if (passes > 1)
		pb_png_read_passes(p, w, h, passes);
	else
		p->row = g_malloc(stride);
	k->acc = g_new0(guint64, 4 * (gsize)px->width);
	for (png_uint_32 y = 0; y < h; y++) {
		guint32 *row = (guint32 *)(passes > 1 ? p->image + stride * y : p->row);
		if (passes == 1)
			png_read_row(png, (png_bytep)row, NULL);
		pb_premultiply(row, w);
		pb_band_add(k->acc, row, w, f);
		if ((y + 1) % f == 0 || y + 1 == h)
			pb_band_emit(k, y / f, y % f + 1, w, f);
	}
	png_read_end(png, NULL);
	return TRUE;
}

static gboolean
pb_png_decode(FILE *fp, const pb_image_info *info, guint min_w, guint min_h, pb_pixels *out,
	      GError **error)
{
	pb_pdecode k = {.out = out, .expect = info};
	k.p = pb_png_new(fp, error);
	if (!k.p)
		return FALSE;
	gboolean ok = pb_png_run_decode(&k, min_w, min_h);
	if (k.locked)
		g_mutex_unlock(&pb_full_decode_lock);
	if (!ok && k.changed)
		pb_image_same(info, png_get_image_width(k.p->png, k.p->info),
			      png_get_image_height(k.p->png, k.p->info), error);
	else if (!ok)
		pb_image_set_lowered(error, PB_IMAGE_ERROR_CORRUPT, "bad PNG data (", k.p->message,
				     ")");
	g_free(k.acc);
	pb_png_free(k.p);
	return ok;
}

gboolean
pb_image_decode(const char *path, const pb_image_info *info, guint min_w, guint min_h,
		pb_pixels *out, GError **error)
{
	g_return_val_if_fail(path != NULL && info != NULL && out != NULL, FALSE);
	memset(out, 0, sizeof *out);
	FILE *fp = pb_image_open_raster(path, info, "only JPEG and PNG images are decoded", error);
	if (!fp)
		return FALSE;
	/* The probe's cheap whole-file checks again, so that a file broken since the check gets
	 * the same words as at check time rather than whatever the decoder trips on first. */
	pb_image_format f = pb_image_sniff_fp(fp, error);
	gboolean ok = f != PB_IMAGE_UNKNOWN && pb_image_same_format(info, f, error);
	if (ok && f == PB_IMAGE_PNG) {
		ok = pb_png_walk(fp, error);
		rewind(fp);
	}
	if (ok)
		ok = f == PB_IMAGE_JPEG ? pb_jpeg_decode(fp, info, min_w, min_h, out, error)
					: pb_png_decode(fp, info, min_w, min_h, out, error);
	fclose(fp);
	if (!ok)
		pb_pixels_clear(out);
	return ok;
}

/* ---- JPEG encoding ------------------------------------------------------------------------- */

/* A compressor writing into a GByteArray through a fixed buffer: libjpeg's own jpeg_mem_dest
 * mallocs a buffer that a longjmp would leak. */
typedef struct pb_jencode {
	struct jpeg_compress_struct c;
	pb_jerr jerr;
	struct jpeg_destination_mgr dest;
	GByteArray *bytes;
	guint8 buf[64 * 1024];
} pb_jencode;

static void
pb_jdest_init(j_compress_ptr c)
{
	pb_jencode *e = (pb_jencode *)c; /* c is the first member */
	e->dest.next_output_byte = e->buf;
	e->dest.free_in_buffer = sizeof e->buf;
}

static boolean
pb_jdest_empty(j_compress_ptr c)
{
	pb_jencode *e = (pb_jencode *)c;
	g_byte_array_append(e->bytes, e->buf, sizeof e->buf); /* the whole buffer, by contract */
	pb_jdest_init(c);
	return TRUE;
}

static void
pb_jdest_term(j_compress_ptr c)
{
	pb_jencode *e = (pb_jencode *)c;
	g_byte_array_append(e->bytes, e->buf, (guint)(sizeof e->buf - e->dest.free_in_buffer));
}

static gboolean
pb_jpeg_run_encode(pb_jencode *e, const pb_pixels *px, int quality)
{
	struct jpeg_compress_struct *c = &e->c;
	if (setjmp(e->jerr.jump))
		return FALSE;
	jpeg_create_compress(c);
	e->dest.init_destination = pb_jdest_init;
	e->dest.empty_output_buffer = pb_jdest_empty;
	e->dest.term_destination = pb_jdest_term;
	c->dest = &e->dest;
	c->image_width = px->width;
	c->image_height = px->height;
	c->input_components = 4;
	/* Cairo's words as bytes; the alpha byte is ignored (only opaque images are encoded). */
	c->in_color_space = G_BYTE_ORDER == G_LITTLE_ENDIAN ? JCS_EXT_BGRX : JCS_EXT_XRGB;
	jpeg_set_defaults(c);
	jpeg_set_quality(c, quality, TRUE);
	c->optimize_coding = TRUE; /* smaller, and still the same bytes for the same pixels */
	jpeg_start_compress(c, TRUE);
	while (c->next_scanline < c->image_height) {
		JSAMPROW r = (JSAMPROW)(px->data + (gsize)c->next_scanline * px->width);
		jpeg_write_scanlines(c, &r, 1);
	}
	jpeg_finish_compress(c);
	return TRUE;
}

GBytes *
pb_image_encode_jpeg(const pb_pixels *px, int quality, GError **error)
{
	g_return_val_if_fail(px != NULL && px->data != NULL, NULL);
	pb_jencode *e = g_new0(pb_jencode, 1);
	e->c.err = pb_jerr_init(&e->jerr);
	e->bytes = g_byte_array_new();
	GBytes *out = NULL;
	if (pb_jpeg_run_encode(e, px, CLAMP(quality, 1, 100)))
		out = g_byte_array_free_to_bytes(g_steal_pointer(&e->bytes));
	else
		pb_image_set_lowered(error, PB_IMAGE_ERROR_IO, "cannot encode JPEG (",
				     e->jerr.message, ")");
	jpeg_destroy_compress(&e->c);
	if (e->bytes)
		g_byte_array_unref(e->bytes);
	g_free(e);
	return out;
}

/* ---- bytes for embedding ------------------------------------------------------------------- */

GBytes *
pb_image_read_checked(const char *path, const pb_image_info *expect, GError **error)
{
	g_return_val_if_fail(path != NULL && expect != NULL, NULL);
	gsize size;
	FILE *fp = pb_image_open(path, &size, error);
	if (!fp)
		return NULL;
	guint8 *data = g_malloc(size);
	gsize got = fread(data, 1, size, fp);
	int e = errno;
	fclose(fp);
	if (got != size) {
		g_free(data);
		g_set_error(error, PB_IMAGE_ERROR, PB_IMAGE_ERROR_IO, "read %zu of %zu bytes (%s)",
			    got, size, g_strerror(e));
		return NULL;
	}
	GBytes *bytes = g_bytes_new_take(data, size);
	/* Probing the very bytes that will be embedded: Cairo checks nothing and would write a
	 * broken or substituted file into the PDF as it is. */
	FILE *mem = fmemopen(data, size, "rb");
	if (!mem) {
		g_set_error(error, PB_IMAGE_ERROR, PB_IMAGE_ERROR_IO, "out of memory");
		g_bytes_unref(bytes);
		return NULL;
	}
	pb_image_info now;
	gboolean ok = pb_image_probe_fp(mem, size, NULL, &now, error);
	fclose(mem);
	if (ok)
		ok = pb_image_same_format(expect, now.format, error);
	if (ok &&
	    (now.colorspace != expect->colorspace || now.orientation != expect->orientation)) {
		g_set_error(error, PB_IMAGE_ERROR, PB_IMAGE_ERROR_CORRUPT,
			    "changed since it was checked");
		ok = FALSE;
	}
	if (ok)
		ok = pb_image_same(expect, now.width, now.height, error);
	if (!ok)
		g_clear_pointer(&bytes, g_bytes_unref);
	return bytes;
}
