/* border.c — the border colour of an ID photo, for check's honoree.photo rule: JPEGs decoded at
 * a reduced DCT scale, PNGs through libpng's expansions to 8-bit RGBA, and only the outer band
 * tallied (the share of red pixels, the mean colour).
 */
#include "image-private.h"

#include <errno.h>
#include <math.h>
#include <string.h>

/* ---- border colour ------------------------------------------------------------------------- */

/* Which stored edge is the top of the upright photo (the EXIF orientation says). */
typedef enum pb_edge { PB_EDGE_TOP, PB_EDGE_BOTTOM, PB_EDGE_LEFT, PB_EDGE_RIGHT } pb_edge;

/* The border read's running count, shared by the JPEG and PNG paths.  The border read is the
 * band along the upright photo's top and the bands along its sides over its upper eighth: an
 * ID photo's background, level with the top of the head, far above the shoulders that fill the
 * lower sides whatever the background.  So an upright photo is decoded only down to an eighth
 * of its height: the entropy decoding of the rows above that is the cost (a roll's thousand
 * photos decoded down to a quarter spent 0.15 ms each on it). */
typedef struct pb_tally {
	guint w, h;           /* px of the image as decoded (stored orientation, possibly scaled) */
	guint orientation;    /* EXIF 1..8, from the probe */
	pb_edge top;          /* the stored edge that is the upright top */
	guint band_x, band_y; /* px of a band across x (left, right) and across y (top, bottom) */
	guint rows;           /* stored rows that hold any of the border: the decode stops there */
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

/* How far down from the upright top the side bands run, of a side `n` px long: an eighth. */
static guint
pb_tally_reach(guint n)
{
	return (n + 7) / 8;
}

/* Sizes the bands (4 % of each side, at least one pixel) and finds the upright top from
 * t->orientation: EXIF 1 and 2 keep it at the stored top, 3 and 4 turn it to the bottom, 5
 * and 6 to the left, 7 and 8 to the right. */
static void
pb_tally_init(pb_tally *t, guint w, guint h)
{
	guint orientation = t->orientation;
	t->w = w;
	t->h = h;
	t->band_x = MAX(1u, (w * 4 + 50) / 100);
	t->band_y = MAX(1u, (h * 4 + 50) / 100);
	static const pb_edge top[9] = {PB_EDGE_TOP,    PB_EDGE_TOP,    PB_EDGE_TOP,
				       PB_EDGE_BOTTOM, PB_EDGE_BOTTOM, PB_EDGE_LEFT,
				       PB_EDGE_LEFT,   PB_EDGE_RIGHT,  PB_EDGE_RIGHT};
	t->top = top[orientation <= 8 ? orientation : 1];
	t->rows = t->top == PB_EDGE_TOP ? MAX(t->band_y, pb_tally_reach(h)) : h;
}

/* The next border column at or after x, in a row whose border is x < upto and x ≥ from. */
static guint
pb_tally_next_x(guint upto, guint from, guint x)
{
	return x < upto || x >= from ? x : from;
}

/* Row y's border: the pixels x < *upto, and x ≥ *from. */
static void
pb_tally_row(const pb_tally *t, guint y, guint *upto, guint *from)
{
	guint w = t->w, h = t->h, reach_x = pb_tally_reach(w), reach_y = pb_tally_reach(h);
	gboolean end_row = y < t->band_y || y >= h - t->band_y; /* in the top or bottom band */
	*upto = 0, *from = w;                                   /* nothing */
	switch (t->top) {
	case PB_EDGE_TOP:
		if (y < t->band_y)
			*upto = w;
		else if (y < reach_y)
			*upto = t->band_x, *from = w - t->band_x;
		break;
	case PB_EDGE_BOTTOM:
		if (y >= h - t->band_y)
			*upto = w;
		else if (y >= h - reach_y)
			*upto = t->band_x, *from = w - t->band_x;
		break;
	case PB_EDGE_LEFT:
		*upto = end_row ? reach_x : t->band_x;
		break;
	case PB_EDGE_RIGHT:
		*from = end_row ? w - reach_x : w - t->band_x;
		break;
	}
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
	while (d->output_scanline < b->tally->rows) {
		guint y = d->output_scanline, upto, from;
		jpeg_read_scanlines(d, in, 1);
		pb_tally_row(b->tally, y, &upto, &from);
		for (guint x = pb_tally_next_x(upto, from, 0); x < w;
		     x = pb_tally_next_x(upto, from, x + 1)) {
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
	if (d->output_scanline < h)
		jpeg_abort_decompress(d); /* the rows below hold no border we read */
	else
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
	guint upto, from;
	pb_tally_row(t, y, &upto, &from);
	for (guint x = pb_tally_next_x(upto, from, 0); x < t->w;
	     x = pb_tally_next_x(upto, from, x + 1)) {
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
		/* Every row is inflated, the lower ones untallied: a PNG damaged below the border
		 * read is found by the check, not by the print shop (inflating is most of the
		 * cost). */
		p->row = g_malloc(stride);
		for (png_uint_32 y = 0; y < h; y++) {
			png_read_row(png, p->row, NULL);
			if (y < b->tally->rows)
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
	pb_tally t = {.orientation = info->orientation};
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
