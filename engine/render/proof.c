/* proof.c — a page as a proof PNG: the page with its bleed, and the lines a designer checks
 * against drawn over it; and its thumbnail for the contact sheet.  See render.h.
 *
 * Drawn over the artwork, thin and in colours no layout uses: the trim (cyan), the safe area
 * inside the layout's margins (dashed violet), and an outline around every item a finding
 * points at (red for an error, orange for a warning).  The die-cut needs nothing more: its
 * spot ink shows as magenta in every raster.  Pixels come from the same raster renderer as
 * --format png, whose photo decodes are shared by every page of a run (imagecache.c), and are
 * written at zlib level 1: a proof is looked at, not archived.
 */
#include "render-private.h"

#include <math.h>

/* A proof is written fast: it is looked at, not kept. */
#define PB_PROOF_ZLIB_LEVEL 1

void
pb_proof_page_clear(pb_proof_page *p)
{
	g_clear_pointer(&p->png, g_bytes_unref);
	g_clear_pointer(&p->thumb, g_bytes_unref);
}

/* A line one device pixel wide, whatever the scale. */
static void
hairline(cairo_t *cr, double px)
{
	double ux = px, uy = 0;
	cairo_device_to_user_distance(cr, &ux, &uy);
	cairo_set_line_width(cr, fabs(ux));
}

static void
overlays(cairo_t *cr, const pb_page *page, const GArray *marks)
{
	/* the trim */
	cairo_set_source_rgb(cr, 0.0, 0.68, 0.94);
	hairline(cr, 1);
	cairo_rectangle(cr, 0, 0, page->width, page->height);
	cairo_stroke(cr);
	/* the safe area, when the layout has margins */
	const double *m = page->safe;
	if (m[0] > 0 || m[1] > 0 || m[2] > 0 || m[3] > 0) {
		double on = 4, off = 3, y = 0;
		cairo_device_to_user_distance(cr, &on, &y);
		cairo_device_to_user_distance(cr, &off, &y);
		const double dash[2] = {fabs(on), fabs(off)};
		cairo_set_dash(cr, dash, 2, 0);
		cairo_set_source_rgb(cr, 0.45, 0.30, 0.85);
		cairo_rectangle(cr, m[3], m[0], page->width - m[1] - m[3],
				page->height - m[0] - m[2]);
		cairo_stroke(cr);
		cairo_set_dash(cr, NULL, 0, 0);
	}
	/* what the findings point at */
	for (guint i = 0; marks && i < marks->len; i++) {
		const pb_proof_mark *mk = &g_array_index(marks, pb_proof_mark, i);
		if (mk->severity >= PB_SEV_ERROR)
			cairo_set_source_rgb(cr, 0.88, 0.0, 0.0);
		else
			cairo_set_source_rgb(cr, 1.0, 0.55, 0.0);
		hairline(cr, 2.5);
		double pad = 2, y = 0;
		cairo_device_to_user_distance(cr, &pad, &y);
		cairo_rectangle(cr, mk->box[0] - pad, mk->box[1] - pad,
				mk->box[2] - mk->box[0] + 2 * pad,
				mk->box[3] - mk->box[1] + 2 * pad);
		cairo_stroke(cr);
	}
}

/* `s` scaled to `height` pixels tall. */
static cairo_surface_t *
scaled(cairo_surface_t *s, guint height)
{
	int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
	double k = (double)height / h;
	int tw = MAX(1, (int)(w * k + 0.5)), th = MAX(1, (int)height);
	cairo_surface_t *t = cairo_image_surface_create(CAIRO_FORMAT_RGB24, tw, th);
	cairo_t *cr = cairo_create(t);
	cairo_scale(cr, (double)tw / w, (double)th / h);
	cairo_set_source_surface(cr, s, 0, 0);
	cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_GOOD);
	cairo_paint(cr);
	cairo_destroy(cr);
	return t;
}

struct pb_proof_raster {
	cairo_surface_t *page; /* the proof, overlays drawn */
};

pb_proof_raster *
pb_render_proof(const pb_doc *doc, guint index, guint height_px, const GArray *marks,
		pb_loc *failed_at, GError **error)
{
	const pb_page *page = doc->pages->pdata[index];
	double k = height_px / (page->height + 2 * page->bleed); /* px per mm */
	cairo_surface_t *s = pb_render_raster(doc, index, k, TRUE, TRUE, failed_at, error);
	if (!s)
		return NULL;
	cairo_t *cr = cairo_create(s);
	cairo_scale(cr, k, k);
	cairo_translate(cr, page->bleed, page->bleed);
	overlays(cr, page, marks);
	cairo_destroy(cr);
	cairo_surface_flush(s);
	pb_proof_raster *r = g_new0(pb_proof_raster, 1);
	r->page = s;
	return r;
}

void
pb_proof_raster_free(pb_proof_raster *r)
{
	if (!r)
		return;
	cairo_surface_destroy(r->page);
	g_free(r);
}

gboolean
pb_proof_raster_encode(pb_proof_raster *r, guint thumb_px, pb_proof_page *out, GError **error)
{
	cairo_surface_t *s = r->page;
	out->width = (guint)cairo_image_surface_get_width(s);
	out->height = (guint)cairo_image_surface_get_height(s);
	out->png = pb_render_encode_png(s, PB_PROOF_ZLIB_LEVEL, error);
	cairo_surface_t *t = out->png ? scaled(s, MIN(thumb_px, out->height)) : NULL;
	if (t) {
		out->thumb_width = (guint)cairo_image_surface_get_width(t);
		out->thumb_height = (guint)cairo_image_surface_get_height(t);
		out->thumb = pb_render_encode_png(t, PB_PROOF_ZLIB_LEVEL, error);
		cairo_surface_destroy(t);
	}
	pb_proof_raster_free(r);
	if (!out->png || !out->thumb) {
		pb_proof_page_clear(out);
		return FALSE;
	}
	return TRUE;
}
