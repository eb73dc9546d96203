/* render.c — draws frames with Cairo: PDF, SVG, PNG.  See render.h.
 *
 * The canvas is in millimetres with (0,0) at the top-left of the trim box; each backend only
 * chooses the page size and the offset of the trim box.  Glyph runs are drawn with
 * pango_cairo_show_glyph_item, which keeps the text and its cluster mapping, so the PDF stays
 * searchable.  Cairo's errors are sticky: we check the surface status once at the end.
 */
#include "render.h"
#include "units.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <cairo.h>
#include <librsvg/rsvg.h>
#include <pango/pangocairo.h>

G_DEFINE_QUARK(pb-render-error-quark, pb_render_error)

static void
set_rgb(cairo_t *cr, pb_rgb c)
{
	cairo_set_source_rgb(cr, c.r, c.g, c.b);
}

static void
paint_shape(cairo_t *cr, const pb_paint *p)
{
	double alpha = p->opacity > 0 ? p->opacity : 1.0;
	if (p->fill) {
		cairo_set_source_rgba(cr, p->fill_color.r, p->fill_color.g, p->fill_color.b, alpha);
		if (p->stroke)
			cairo_fill_preserve(cr);
		else
			cairo_fill(cr);
	}
	if (p->stroke) {
		cairo_set_source_rgba(cr, p->stroke_color.r, p->stroke_color.g, p->stroke_color.b,
				      alpha);
		cairo_set_line_width(cr, p->stroke_width);
		cairo_stroke(cr);
	}
	cairo_new_path(cr);
}

static void
rounded_rect(cairo_t *cr, double x, double y, double w, double h, double r)
{
	if (r <= 0) {
		cairo_rectangle(cr, x, y, w, h);
		return;
	}
	r = MIN(r, MIN(w, h) / 2);
	cairo_new_sub_path(cr);
	cairo_arc(cr, x + w - r, y + r, r, -G_PI / 2, 0);
	cairo_arc(cr, x + w - r, y + h - r, r, 0, G_PI / 2);
	cairo_arc(cr, x + r, y + h - r, r, G_PI / 2, G_PI);
	cairo_arc(cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
	cairo_close_path(cr);
}

static void
draw_path(cairo_t *cr, const pb_item *item)
{
	const double *pt = (const double *)item->path.points->data;
	guint k = 0;
	cairo_save(cr);
	cairo_translate(cr, item->x, item->y);
	for (guint i = 0; i < item->path.ops->len; i++) {
		switch (g_array_index(item->path.ops, pb_path_op, i)) {
		case PB_PATH_MOVE:
			cairo_move_to(cr, pt[k], pt[k + 1]);
			k += 2;
			break;
		case PB_PATH_LINE:
			cairo_line_to(cr, pt[k], pt[k + 1]);
			k += 2;
			break;
		case PB_PATH_CURVE:
			cairo_curve_to(cr, pt[k], pt[k + 1], pt[k + 2], pt[k + 3], pt[k + 4], pt[k + 5]);
			k += 6;
			break;
		case PB_PATH_CLOSE:
			cairo_close_path(cr);
			break;
		}
	}
	paint_shape(cr, &item->path.paint);
	cairo_restore(cr);
}

/* An SVG drawing (the school's logo) stays vector: librsvg renders it into the page. */
static void
draw_svg(cairo_t *cr, const pb_item *item)
{
	g_autoptr(GError) err = NULL;
	RsvgHandle *svg = rsvg_handle_new_from_file(item->image.path, &err);
	if (!svg)
		return; /* checked by image.readable before composing */
	RsvgRectangle viewport = {item->x, item->y, item->image.w, item->image.h};
	rsvg_handle_render_document(svg, cr, &viewport, NULL);
	g_object_unref(svg);
}

static void draw_items(cairo_t *cr, const GPtrArray *items);

static void
draw_item(cairo_t *cr, const pb_item *item)
{
	switch (item->kind) {
	case PB_ITEM_GROUP:
		cairo_save(cr);
		cairo_translate(cr, item->x, item->y);
		if (item->group.clip) {
			cairo_rectangle(cr, 0, 0, item->group.w, item->group.h);
			cairo_clip(cr);
		}
		draw_items(cr, item->group.children);
		cairo_restore(cr);
		break;
	case PB_ITEM_RECT:
		rounded_rect(cr, item->x, item->y, item->rect.w, item->rect.h, item->rect.radius);
		paint_shape(cr, &item->rect.paint);
		break;
	case PB_ITEM_PATH:
		draw_path(cr, item);
		break;
	case PB_ITEM_GLYPHS:
		cairo_save(cr);
		cairo_translate(cr, item->x, item->y);
		cairo_scale(cr, PB_MM_PER_PT, PB_MM_PER_PT); /* glyph units are points */
		set_rgb(cr, item->glyphs.color);
		pango_cairo_show_glyph_item(cr, item->glyphs.text, item->glyphs.run);
		cairo_restore(cr);
		break;
	case PB_ITEM_IMAGE:
		if (item->image.info.format == PB_IMAGE_SVG)
			draw_svg(cr, item);
		break;
	case PB_ITEM_MARK:
		/* Registration black, hairline-thin: marks must read on any paper. */
		cairo_set_source_rgb(cr, 0, 0, 0);
		cairo_set_line_width(cr, item->mark.width);
		cairo_move_to(cr, item->x, item->y);
		cairo_line_to(cr, item->mark.x2, item->mark.y2);
		cairo_stroke(cr);
		break;
	}
}

static void
draw_items(cairo_t *cr, const GPtrArray *items)
{
	for (guint i = 0; i < items->len; i++)
		draw_item(cr, items->pdata[i]);
}

static cairo_status_t
append_bytes(void *closure, const unsigned char *data, unsigned int length)
{
	g_byte_array_append(closure, data, length);
	return CAIRO_STATUS_SUCCESS;
}

static double
outer(const pb_page *page)
{
	return page->bleed + page->slug; /* mm from the media edge to the trim box */
}

static gboolean
surface_ok(cairo_surface_t *s, const char *what, GError **error)
{
	cairo_status_t st = cairo_surface_status(s);
	if (st == CAIRO_STATUS_SUCCESS)
		return TRUE;
	g_set_error(error, PB_RENDER_ERROR, st, "cannot render %s: %s", what,
		    cairo_status_to_string(st));
	return FALSE;
}

GBytes *
pb_render_pdf(const pb_doc *doc, GError **error)
{
	g_assert(doc->pages->len > 0);
	GByteArray *buf = g_byte_array_new();
	const pb_page *first = doc->pages->pdata[0];
	double k = 1 / PB_MM_PER_PT;
	cairo_surface_t *s = cairo_pdf_surface_create_for_stream(
		append_bytes, buf, (first->width + 2 * outer(first)) * k,
		(first->height + 2 * outer(first)) * k);
	cairo_pdf_surface_restrict_to_version(s, CAIRO_PDF_VERSION_1_5);
	if (doc->title)
		cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, doc->title);
	if (doc->author)
		cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_AUTHOR, doc->author);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "paiban " PB_VERSION);
	/* The event's date, not the clock: the same inputs give the same bytes. */
	g_autofree char *date = g_strdup_printf("%sT00:00:00", doc->date ? doc->date : "2000-01-01");
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, date);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_MOD_DATE, date);
	cairo_t *cr = cairo_create(s);
	for (guint i = 0; i < doc->pages->len; i++) {
		const pb_page *page = doc->pages->pdata[i];
		cairo_pdf_surface_set_size(s, (page->width + 2 * outer(page)) * k,
					   (page->height + 2 * outer(page)) * k);
		cairo_save(cr);
		cairo_scale(cr, k, k);
		cairo_translate(cr, outer(page), outer(page));
		draw_items(cr, page->items);
		cairo_restore(cr);
		cairo_show_page(cr);
	}
	cairo_destroy(cr);
	cairo_surface_finish(s);
	gboolean ok = surface_ok(s, "the PDF", error);
	cairo_surface_destroy(s);
	g_autoptr(GBytes) raw = g_byte_array_free_to_bytes(buf);
	if (!ok)
		return NULL;
	return pb_pdf_set_boxes(raw, doc, error);
}

GBytes *
pb_render_svg(const pb_doc *doc, guint index, GError **error)
{
	const pb_page *page = doc->pages->pdata[index];
	double k = 1 / PB_MM_PER_PT;
	GByteArray *buf = g_byte_array_new();
	cairo_surface_t *s = cairo_svg_surface_create_for_stream(
		append_bytes, buf, (page->width + 2 * page->bleed) * k,
		(page->height + 2 * page->bleed) * k);
	cairo_svg_surface_set_document_unit(s, CAIRO_SVG_UNIT_MM);
	cairo_t *cr = cairo_create(s);
	cairo_scale(cr, k, k);
	cairo_translate(cr, page->bleed, page->bleed);
	draw_items(cr, page->items);
	cairo_destroy(cr);
	cairo_surface_finish(s);
	gboolean ok = surface_ok(s, "the SVG", error);
	cairo_surface_destroy(s);
	GBytes *bytes = g_byte_array_free_to_bytes(buf);
	if (!ok)
		g_clear_pointer(&bytes, g_bytes_unref);
	return bytes;
}

GBytes *
pb_render_png(const pb_doc *doc, guint index, double dpi, GError **error)
{
	const pb_page *page = doc->pages->pdata[index];
	double k = dpi / PB_MM_PER_IN; /* px per mm */
	int w = (int)(page->width * k + 0.5), h = (int)(page->height * k + 0.5);
	if (w < 1 || h < 1 || (gint64)w * h > 400000000) {
		g_set_error(error, PB_RENDER_ERROR, 0, "a %d×%d px PNG is out of range", w, h);
		return NULL;
	}
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
	cairo_t *cr = cairo_create(s);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_scale(cr, k, k);
	draw_items(cr, page->items);
	cairo_destroy(cr);
	GByteArray *buf = g_byte_array_new();
	cairo_status_t st = cairo_surface_write_to_png_stream(s, append_bytes, buf);
	gboolean ok = surface_ok(s, "the PNG", error);
	cairo_surface_destroy(s);
	GBytes *bytes = g_byte_array_free_to_bytes(buf);
	if (ok && st != CAIRO_STATUS_SUCCESS) {
		g_set_error(error, PB_RENDER_ERROR, st, "cannot write the PNG: %s",
			    cairo_status_to_string(st));
		ok = FALSE;
	}
	if (!ok)
		g_clear_pointer(&bytes, g_bytes_unref);
	return bytes;
}
