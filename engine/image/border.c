/* border.c — the border colour of an ID photo, for check's honoree.photo rule: JPEGs decoded at
 * a reduced DCT scale, PNGs through libpng's expansions to 8-bit RGBA, and only the outer band
 * tallied (the share of red pixels, the mean colour).
 */
#include "image-private.h"

#include <errno.h>
#include <math.h>
#include <string.h>

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
