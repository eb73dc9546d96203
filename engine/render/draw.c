/* draw.c — frames drawn onto a Cairo context, whatever the surface; see render-private.h.
 *
 * The canvas is in millimetres with (0,0) at the top-left of the trim box.  Glyph runs are
 * drawn with pango_cairo_show_glyph_item, which keeps the text and its cluster mapping, so the
 * PDF stays searchable.  Photos come from the render's image cache (imagecache.c): in PDF and
 * SVG a JPEG is its own bytes on a stand-in surface, in PNG a decode no larger than drawn.  The
 * EXIF orientation is applied here, by the transform, never by touching pixels.  An image that
 * cannot be read (replaced or broken after the check) is skipped and remembered as the
 * render's error, in Cairo's manner: the first error wins, drawing goes on, and the file is
 * refused at the end with that error.  In a PDF, a group placed on many pages is drawn once as
 * a Form XObject, and spot-ink items are left to the pass.
 */
#include "render-private.h"
#include "base/units.h"

#include <librsvg/rsvg.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

static const cairo_user_data_key_t pb_render_ctx_key;

static void count_uses(const GPtrArray *items, GHashTable *uses);

void
pb_render_ctx_init(pb_render_ctx *rc, cairo_t *cr, pb_imagecache_mode mode, const pb_doc *doc,
		   GHashTable *uses)
{
	rc->images = pb_imagecache_new(mode, mode == PB_IMAGES_RASTER ? 0 : doc->max_ppi, 0);
	if (doc->flatten)
		pb_imagecache_set_flatten(rc->images, doc->ground);
	rc->error = NULL;
	rc->error_at = pb_loc_make("", 0, 0);
	rc->pdf = mode == PB_IMAGES_PDF;
	rc->subsets = NULL;
	rc->forms = g_hash_table_new_full(NULL, NULL, NULL, (GDestroyNotify)cairo_surface_destroy);
	rc->svgs = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
					 (GDestroyNotify)cairo_surface_destroy);
	rc->uses = uses      ? g_hash_table_ref(uses)
		   : rc->pdf ? pb_draw_count_uses(doc)
			     : g_hash_table_new(NULL, NULL);
	cairo_set_user_data(cr, &pb_render_ctx_key, rc, NULL);
}

GHashTable *
pb_draw_count_uses(const pb_doc *doc)
{
	GHashTable *uses = g_hash_table_new(NULL, NULL);
	for (guint i = 0; i < doc->pages->len; i++) {
		g_autoptr(GPtrArray) items = pb_page_items(doc->pages->pdata[i]);
		count_uses(items, uses);
	}
	return uses;
}

/* How many times each shared children array is drawn: a placement inside an array that is
 * itself a form is drawn once, in that form's recording, so each array's children are counted
 * once, at its first placement.  An array placed once (a card on its page, or on its sheet) is
 * drawn in place: as a Form XObject it would cost Cairo an analysis of the recording for
 * nothing shared. */
static void
count_uses(const GPtrArray *items, GHashTable *uses)
{
	for (guint i = 0; i < items->len; i++) {
		const pb_item *it = items->pdata[i];
		if (it->kind != PB_ITEM_GROUP)
			continue;
		if (!it->group.shared) {
			count_uses(it->group.children, uses);
			continue;
		}
		guint n = GPOINTER_TO_UINT(g_hash_table_lookup(uses, it->group.children));
		g_hash_table_insert(uses, it->group.children, GUINT_TO_POINTER(n + 1));
		if (n == 0)
			count_uses(it->group.children, uses);
	}
}

/* A die-cut group is placed on every page; painting it as an empty Form XObject would cost as
 * much as a full one. */
gboolean
pb_draw_only_spots(const GPtrArray *items)
{
	for (guint i = 0; i < items->len; i++) {
		const pb_item *it = items->pdata[i];
		const pb_paint *p = it->kind == PB_ITEM_PATH   ? it->path.paint
				    : it->kind == PB_ITEM_RECT ? it->rect.paint
							       : NULL;
		if (it->kind == PB_ITEM_GROUP ? !pb_draw_only_spots(it->group.children)
					      : !p || !p->spot)
			return FALSE;
	}
	return TRUE;
}

/* Frees the context; FALSE with `error` when an image failed, and its item's position in
 * *failed_at (may be NULL). */
gboolean
pb_render_ctx_finish(pb_render_ctx *rc, pb_loc *failed_at, GError **error)
{
	g_clear_pointer(&rc->forms, g_hash_table_unref);
	g_clear_pointer(&rc->svgs, g_hash_table_unref);
	g_clear_pointer(&rc->uses, g_hash_table_unref);
	pb_imagecache_free(g_steal_pointer(&rc->images));
	if (!rc->error)
		return TRUE;
	if (failed_at)
		*failed_at = rc->error_at;
	g_propagate_error(error, g_steal_pointer(&rc->error));
	return FALSE;
}

static void
set_rgb(cairo_t *cr, pb_rgb c)
{
	cairo_set_source_rgb(cr, c.r, c.g, c.b);
}

/* A spot ink shows as its screen colour in SVG and PNG; in a PDF it is the pass's to draw. */
static void
paint_shape(cairo_t *cr, const pb_paint *p)
{
	double alpha = p->opacity > 0 ? p->opacity : 1.0;
	pb_rgb fill = p->spot ? p->spot->rgb : p->fill_color;
	pb_rgb stroke = p->spot ? p->spot->rgb : p->stroke_color;
	if (p->fill) {
		cairo_set_source_rgba(cr, fill.r, fill.g, fill.b, alpha);
		if (p->stroke)
			cairo_fill_preserve(cr);
		else
			cairo_fill(cr);
	}
	if (p->stroke) {
		cairo_set_source_rgba(cr, stroke.r, stroke.g, stroke.b, alpha);
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
			cairo_curve_to(cr, pt[k], pt[k + 1], pt[k + 2], pt[k + 3], pt[k + 4],
				       pt[k + 5]);
			k += 6;
			break;
		case PB_PATH_CLOSE:
			cairo_close_path(cr);
			break;
		}
	}
	paint_shape(cr, item->path.paint);
	cairo_restore(cr);
}

/* An SVG drawing (the school's logo) stays vector: librsvg renders it onto `cr` (a page, or
 * the recording draw_svg keeps), its viewport at (x, y).  A failure fails the document. */
static void
render_svg(cairo_t *cr, const pb_item *item, double x, double y)
{
	g_autoptr(GError) err = NULL;
	RsvgHandle *svg = rsvg_handle_new_from_file(item->image.path, &err);
	if (!svg)
		return; /* checked by image.readable before composing */
	RsvgRectangle viewport = {x, y, item->image.w, item->image.h};
	if (!rsvg_handle_render_document(svg, cr, &viewport, &err)) {
		/* never a board without its logo and no word said: the document fails there */
		pb_render_ctx *rc = cairo_get_user_data(cr, &pb_render_ctx_key);
		if (rc && !rc->error) {
			g_set_error(&rc->error, PB_RENDER_ERROR, 0, "cannot draw image '%s': %s",
				    item->image.shown, err ? err->message : "librsvg failed");
			rc->error_at = item->loc;
		}
	}
	g_object_unref(svg);
}

/* The recording's units to a millimetre: librsvg renders a filter (a blur, a drop shadow)
 * into pixels of the surface it draws on, and a recording's unit is what the drawing's was, a
 * millimetre (25 ppi).  Recorded 300/25.4 times larger, its filters are 300 ppi.  A logo over
 * 34 cm is recorded 4,000 px across (a metre-wide one at 100 ppi, plenty at the distance a
 * board that size is seen from): a filter's surfaces grow with the square of it, and past
 * 32,767 px Cairo cannot make them at all. */
double
pb_draw_svg_form_scale(const pb_item *item)
{
	return MIN(300 / 25.4, 4000 / MAX(MAX(item->image.w, item->image.h), 1.0));
}

/* An SVG (the school's logo) in a PDF: read and drawn once, into a recording at print
 * resolution that each page paints, so Cairo writes one Form XObject for the document (the
 * roll's 40 pages parsed and drew their logo 40 times) and a filter in it is 300 ppi (drawn
 * straight onto a page it is the page's 72, soft on a two-metre board).  SVG and PNG output
 * draw it in place. */
static void
paint_svg_form(cairo_t *cr, pb_render_ctx *rc, const pb_item *item)
{
	g_autofree char *key =
	    g_strdup_printf("%s %.6f %.6f", item->image.path, item->image.w, item->image.h);
	cairo_surface_t *form = g_hash_table_lookup(rc->svgs, key);
	const double scale = pb_draw_svg_form_scale(item);
	if (!form) {
		/* drawn twice: once to find its ink, then into a recording bounded by it (an
		 * unbounded recording painted into a form, a shared group, would make the form's
		 * own ink extents unbounded too) */
		cairo_rectangle_t ink = {0, 0, 0, 0};
		for (int pass = 0; pass < 2; pass++) {
			cairo_surface_t *rec = cairo_recording_surface_create(
			    CAIRO_CONTENT_COLOR_ALPHA, pass ? &ink : NULL);
			cairo_t *in = cairo_create(rec);
			cairo_set_user_data(in, &pb_render_ctx_key, rc, NULL); /* for its error */
			cairo_scale(in, scale, scale);
			render_svg(in, item, 0, 0);
			cairo_destroy(in);
			if (pass) {
				form = rec;
			} else {
				cairo_recording_surface_ink_extents(rec, &ink.x, &ink.y, &ink.width,
								    &ink.height);
				ink.width = MAX(ink.width, 0), ink.height = MAX(ink.height, 0);
				cairo_surface_destroy(rec);
			}
		}
		g_hash_table_insert(rc->svgs, g_steal_pointer(&key), form);
	}
	cairo_save(cr);
	cairo_translate(cr, item->x, item->y);
	cairo_scale(cr, 1 / scale, 1 / scale);
	cairo_set_source_surface(cr, form, 0, 0);
	cairo_paint(cr);
	cairo_restore(cr);
}

static void
draw_svg(cairo_t *cr, const pb_item *item)
{
	pb_render_ctx *rc = cairo_get_user_data(cr, &pb_render_ctx_key);
	if (!rc || !rc->pdf)
		render_svg(cr, item, item->x, item->y);
	else
		paint_svg_form(cr, rc, item);
}

/* A JPEG or PNG: the cached surface, scaled to the drawn size and turned upright. */
static void
draw_image(cairo_t *cr, const pb_item *item)
{
	pb_render_ctx *rc = cairo_get_user_data(cr, &pb_render_ctx_key);
	const pb_image_info *info = item->image.info;
	if (!rc || rc->error || info->oriented_width == 0 || info->oriented_height == 0 ||
	    item->image.w <= 0 || item->image.h <= 0)
		return;
	/* Device pixels covered, for the PNG backend's decode size (exact under rotation too). */
	double ax = item->image.w, ay = 0, bx = 0, by = item->image.h;
	cairo_user_to_device_distance(cr, &ax, &ay);
	cairo_user_to_device_distance(cr, &bx, &by);
	GError *e = NULL;
	cairo_surface_t *s =
	    pb_imagecache_surface(rc->images, item, hypot(ax, ay), hypot(bx, by), &e);
	if (!s) {
		g_set_error(&rc->error, PB_RENDER_ERROR, e->code, "cannot read image '%s': %s",
			    item->image.shown, e->message);
		rc->error_at = item->loc;
		g_error_free(e);
		return;
	}
	double iw, ih;
	pb_imagecache_surface_size(s, &iw, &ih);
	cairo_save(cr);
	cairo_translate(cr, item->x, item->y);
	/* mm per oriented pixel, then stored pixels turned upright, then the surface's own pixels
	 * (fewer than stored when decoded reduced or resampled to max_ppi). */
	cairo_scale(cr, item->image.w / info->oriented_width,
		    item->image.h / info->oriented_height);
	cairo_matrix_t m;
	pb_image_orientation_matrix(info->orientation, info->width, info->height, &m);
	cairo_transform(cr, &m);
	cairo_scale(cr, info->width / iw, info->height / ih);
	cairo_set_source_surface(cr, s, 0, 0);
	cairo_pattern_t *pat = cairo_get_source(cr);
	cairo_pattern_set_filter(pat, CAIRO_FILTER_GOOD);
	if (cairo_surface_get_type(cairo_get_target(cr)) == CAIRO_SURFACE_TYPE_IMAGE) {
		/* Pixels: pad and clip, so the photo's edge stays sharp instead of fading into
		 * the transparent outside of the pattern. */
		cairo_pattern_set_extend(pat, CAIRO_EXTEND_PAD);
		cairo_rectangle(cr, 0, 0, iw, ih);
		cairo_clip(cr);
	}
	cairo_paint(cr);
	cairo_restore(cr);
	cairo_surface_destroy(s);
}

void
pb_draw_image_once(cairo_t *cr, const pb_item *item)
{
	pb_render_ctx *rc = cairo_get_user_data(cr, &pb_render_ctx_key);
	if (item->image.info->format != PB_IMAGE_SVG)
		draw_image(cr, item);
	else if (rc && rc->pdf)
		paint_svg_form(cr, rc, item);
}

static pb_subsets *
rc_subsets(cairo_t *cr)
{
	pb_render_ctx *rc = cairo_get_user_data(cr, &pb_render_ctx_key);
	return rc ? rc->subsets : NULL;
}

static gboolean
spot_in_pdf(cairo_t *cr, const pb_paint *p)
{
	pb_render_ctx *rc = cairo_get_user_data(cr, &pb_render_ctx_key);
	return p->spot && rc && rc->pdf;
}

cairo_surface_t *
pb_draw_form(cairo_t *cr, const GPtrArray *children)
{
	pb_render_ctx *rc = cairo_get_user_data(cr, &pb_render_ctx_key);
	cairo_surface_t *form = g_hash_table_lookup(rc->forms, children);
	if (!form) {
		form = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, NULL);
		cairo_t *rec = cairo_create(form);
		cairo_set_user_data(rec, &pb_render_ctx_key, rc, NULL);
		pb_draw_items(rec, children);
		cairo_destroy(rec);
		g_hash_table_insert(rc->forms, (gpointer)children, form);
	}
	return form;
}

/* Shared children in a PDF: recorded once, then painted wherever they are placed, so Cairo
 * writes them as one Form XObject that every placement refers to. */
static void
draw_shared(cairo_t *cr, const pb_item *item)
{
	cairo_set_source_surface(cr, pb_draw_form(cr, item->group.children), 0, 0);
	cairo_paint(cr);
}

static void
draw_group(cairo_t *cr, const pb_item *item)
{
	pb_render_ctx *rc = cairo_get_user_data(cr, &pb_render_ctx_key);
	if (rc && rc->pdf && item->group.shared && pb_draw_only_spots(item->group.children))
		return;
	cairo_save(cr);
	cairo_translate(cr, item->x, item->y);
	if (item->group.a != 1 || item->group.b != 0 || item->group.c != 0 || item->group.d != 1) {
		cairo_matrix_t m;
		cairo_matrix_init(&m, item->group.a, item->group.b, item->group.c, item->group.d, 0,
				  0);
		cairo_transform(cr, &m);
	}
	if (item->group.clip) {
		cairo_rectangle(cr, 0, 0, item->group.w, item->group.h);
		cairo_clip(cr);
	}
	if (item->group.shared && rc && rc->pdf &&
	    GPOINTER_TO_UINT(g_hash_table_lookup(rc->uses, item->group.children)) > 1)
		draw_shared(cr, item);
	else
		pb_draw_items(cr, item->group.children);
	cairo_restore(cr);
}

static void
draw_item(cairo_t *cr, const pb_item *item)
{
	switch (item->kind) {
	case PB_ITEM_GROUP:
		draw_group(cr, item);
		break;
	case PB_ITEM_RECT:
		if (spot_in_pdf(cr, item->rect.paint))
			break;
		rounded_rect(cr, item->x, item->y, item->rect.w, item->rect.h, item->rect.radius);
		paint_shape(cr, item->rect.paint);
		break;
	case PB_ITEM_PATH:
		if (!spot_in_pdf(cr, item->path.paint))
			draw_path(cr, item);
		break;
	case PB_ITEM_GLYPHS:
		cairo_save(cr);
		cairo_translate(cr, item->x, item->y);
		/* glyph units are points of the run's font, which is at size / scale */
		cairo_scale(cr, PB_MM_PER_PT * item->glyphs.scale,
			    PB_MM_PER_PT * item->glyphs.scale);
		set_rgb(cr, item->glyphs.color);
		/* with the cut font where there is one; Pango takes the run as writable, and only
		 * reads it */
		if (!pb_subsets_show(rc_subsets(cr), cr, item->glyphs.text, item->glyphs.run))
			pango_cairo_show_glyph_item(cr, item->glyphs.text,
						    (PangoGlyphItem *)item->glyphs.run);
		cairo_restore(cr);
		break;
	case PB_ITEM_IMAGE:
		if (item->image.info->format == PB_IMAGE_SVG)
			draw_svg(cr, item);
		else
			draw_image(cr, item);
		break;
	case PB_ITEM_MARK:
		break; /* draw_items draws them, a run at a time */
	}
}

/* Marks in a row of items (a page's crop marks, a sheet's) as one path and one stroke: the
 * same lines, and a PDF writer's work per drawing operation paid once instead of eight or
 * sixty-four times.  Registration black, hairline-thin: marks must read on any paper.
 * Returns the index after the run. */
static guint
draw_marks(cairo_t *cr, const GPtrArray *items, guint i)
{
	const pb_item *first = items->pdata[i];
	cairo_set_source_rgb(cr, 0, 0, 0);
	cairo_set_line_width(cr, first->mark.width);
	for (; i < items->len; i++) {
		const pb_item *m = items->pdata[i];
		if (m->kind != PB_ITEM_MARK || m->mark.width != first->mark.width)
			break;
		cairo_move_to(cr, m->x, m->y);
		cairo_line_to(cr, m->mark.x2, m->mark.y2);
	}
	cairo_stroke(cr);
	return i;
}

void
pb_draw_items(cairo_t *cr, const GPtrArray *items)
{
	for (guint i = 0; i < items->len;) {
		const pb_item *it = items->pdata[i];
		if (it->kind == PB_ITEM_MARK) {
			i = draw_marks(cr, items, i);
			continue;
		}
		draw_item(cr, it);
		i++;
	}
}
