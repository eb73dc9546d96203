/* decode.c — pixels for the renderer: the scaled decodes (pb_image_decode), and the libjpeg and
 * libpng reading steps the border read shares (image-private.h).
 *
 * Pixels come back in Cairo's 32-bit layout without including Cairo: reduced by DCT scaling or
 * a box average when a smaller size will do, CMYK turned into sRGB (colour.c), full-size decodes
 * serialised by a process-wide lock.  Each decode re-checks the file against its probe (format and
 * size), so a file replaced after the check is reported, never half-drawn.  Every libjpeg and
 * libpng call goes through the probes' plumbing (probe-jpeg.c, probe-png.c): their error hooks,
 * their setjmp rule.
 *
 * Not here: probing; orientation (the page transform applies it); caching (imagecache.c keeps
 * the surfaces).
 */
#include "image-private.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- what the border read and the decodes share -------------------------------------------- */

/* Opens a file for a pixel read; NULL with `error` when it cannot be opened, or (with the
 * message `refusal`) when its probe says it is neither JPEG nor PNG. */
FILE *
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
gboolean
pb_jpeg_is_cmyk(const struct jpeg_decompress_struct *d)
{
	return d->jpeg_color_space == JCS_CMYK || d->jpeg_color_space == JCS_YCCK;
}

/* What to XOR a stored CMYK sample with to get the light let through: Photoshop's Adobe files
 * store 255 − ink, which already is; others store the ink. */
guint
pb_cmyk_flip(const struct jpeg_decompress_struct *d)
{
	return d->saw_Adobe_marker ? 0 : 255;
}

/* The verdict on a JPEG read that got past its header: `ran` is FALSE after a libjpeg error.
 * A file that ran out of data is refused too, although libjpeg padded the missing rows with
 * grey and only warned. */
gboolean
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
int
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
void
pb_png_read_passes(pb_png *p, png_uint_32 w, png_uint_32 h, int passes)
{
	gsize stride = 4 * (gsize)w;
	p->image = g_malloc(stride * h);
	for (int pass = 0; pass < passes; pass++)
		for (png_uint_32 y = 0; y < h; y++)
			png_read_row(p->png, p->image + stride * y, NULL);
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
gboolean
pb_image_same_format(const pb_image_info *expect, pb_image_format now, GError **error)
{
	if (now == expect->format)
		return TRUE;
	g_set_error(error, PB_IMAGE_ERROR, PB_IMAGE_ERROR_CORRUPT,
		    "changed since it was checked (now a %s file)", pb_image_format_name(now));
	return FALSE;
}

/* The same, for a file whose size no longer matches its probe. */
gboolean
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
	pb_cmyk_xform *xform; /* CMYK through its ICC profile; NULL for others (or no profile) */
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
	if (four) { /* from libjpeg's image pool: released by jpeg_destroy on every path */
		cmyk =
		    (*d->mem->alloc_sarray)((j_common_ptr)d, JPOOL_IMAGE, 4 * d->output_width, 1);
		JOCTET *icc = NULL;
		unsigned int icc_len = 0;
		if (!jpeg_read_icc_profile(d, &icc, &icc_len))
			icc = NULL;
		k->xform = pb_cmyk_xform_new(icc, icc_len, d->saw_Adobe_marker);
		free(icc);
	}
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
		if (k->xform) {
			pb_cmyk_xform_row(k->xform, p, row, px->width);
			continue;
		}
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
	pb_cmyk_xform_free(k->xform);
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
