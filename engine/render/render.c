/* render.c — draws frames with Cairo: PDF, SVG, PNG.  See render.h.
 *
 * The canvas is in millimetres with (0,0) at the top-left of the trim box; each backend only
 * chooses the page size and the offset of the trim box.  Glyph runs are drawn with
 * pango_cairo_show_glyph_item, which keeps the text and its cluster mapping, so the PDF stays
 * searchable.  Cairo's errors are sticky: we check the surface status once at the end.
 *
 * Photos come from a per-file image cache (imagecache.c): in PDF and SVG a JPEG is its own
 * bytes on a stand-in surface, in PNG a decode no larger than drawn.  The EXIF orientation is
 * applied here, by the transform, never by touching pixels.  An image that cannot be read at
 * render time (replaced or broken after the check) is skipped and remembered as the render's
 * error, in Cairo's manner: the first error wins, drawing goes on, and the file is refused at
 * the end with that error.
 */
#include "render-private.h"
#include "imagecache.h"
#include "base/units.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <cairo.h>
#include <string.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <librsvg/rsvg.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <unistd.h>

G_DEFINE_QUARK(pb - render - error - quark, pb_render_error)

/* What a render carries besides the cairo_t, attached to it as user data so that the drawing
 * functions keep their (cairo_t *, item) shape. */
typedef struct pb_render_ctx {
	pb_imagecache *images;
	GError *error;     /* the first image that failed; sticky */
	pb_loc error_at;   /* the manifest position of that image's item */
	gboolean pdf;      /* spot inks are the PDF pass's; shared groups become Form XObjects */
	GHashTable *forms; /* PDF: shared children array -> recording surface, drawn once */
	GHashTable *uses;  /* PDF: shared children array -> times placed (see count_uses) */
} pb_render_ctx;

static const cairo_user_data_key_t pb_render_ctx_key;

static void
render_ctx_init(pb_render_ctx *rc, cairo_t *cr, pb_imagecache_mode mode, const pb_doc *doc)
{
	rc->images = pb_imagecache_new(mode, mode == PB_IMAGES_RASTER ? 0 : doc->max_ppi, 0);
	if (doc->flatten)
		pb_imagecache_set_flatten(rc->images, doc->ground);
	rc->error = NULL;
	rc->error_at = pb_loc_make("", 0, 0);
	rc->pdf = FALSE;
	rc->forms = g_hash_table_new_full(NULL, NULL, NULL, (GDestroyNotify)cairo_surface_destroy);
	rc->uses = g_hash_table_new(NULL, NULL);
	cairo_set_user_data(cr, &pb_render_ctx_key, rc, NULL);
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

/* TRUE when `items` hold nothing Cairo draws in a PDF: only spot-ink items (the pass draws
 * them) and groups of such.  A die-cut group is placed on every page; painting it as an empty
 * Form XObject would cost as much as a full one. */
static gboolean
only_spots(const GPtrArray *items)
{
	for (guint i = 0; i < items->len; i++) {
		const pb_item *it = items->pdata[i];
		const pb_paint *p = it->kind == PB_ITEM_PATH   ? &it->path.paint
				    : it->kind == PB_ITEM_RECT ? &it->rect.paint
							       : NULL;
		if (it->kind == PB_ITEM_GROUP ? !only_spots(it->group.children) : !p || !p->spot)
			return FALSE;
	}
	return TRUE;
}

/* Frees the context; FALSE with `error` when an image failed, and its item's position in
 * *failed_at (may be NULL). */
static gboolean
render_ctx_finish(pb_render_ctx *rc, pb_loc *failed_at, GError **error)
{
	g_clear_pointer(&rc->forms, g_hash_table_unref);
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

/* A JPEG or PNG: the cached surface, scaled to the drawn size and turned upright. */
static void
draw_image(cairo_t *cr, const pb_item *item)
{
	pb_render_ctx *rc = cairo_get_user_data(cr, &pb_render_ctx_key);
	const pb_image_info *info = &item->image.info;
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

static void draw_items(cairo_t *cr, const GPtrArray *items);

static gboolean
spot_in_pdf(cairo_t *cr, const pb_paint *p)
{
	pb_render_ctx *rc = cairo_get_user_data(cr, &pb_render_ctx_key);
	return p->spot && rc && rc->pdf;
}

/* Shared children in a PDF: recorded once, then painted wherever they are placed, so Cairo
 * writes them as one Form XObject that every placement refers to. */
static void
draw_shared(cairo_t *cr, const pb_item *item)
{
	pb_render_ctx *rc = cairo_get_user_data(cr, &pb_render_ctx_key);
	cairo_surface_t *form = g_hash_table_lookup(rc->forms, item->group.children);
	if (!form) {
		form = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, NULL);
		cairo_t *rec = cairo_create(form);
		cairo_set_user_data(rec, &pb_render_ctx_key, rc, NULL);
		draw_items(rec, item->group.children);
		cairo_destroy(rec);
		g_hash_table_insert(rc->forms, item->group.children, form);
	}
	cairo_set_source_surface(cr, form, 0, 0);
	cairo_paint(cr);
}

static void
draw_group(cairo_t *cr, const pb_item *item)
{
	pb_render_ctx *rc = cairo_get_user_data(cr, &pb_render_ctx_key);
	if (rc && rc->pdf && item->group.shared && only_spots(item->group.children))
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
		draw_items(cr, item->group.children);
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
		if (spot_in_pdf(cr, &item->rect.paint))
			break;
		rounded_rect(cr, item->x, item->y, item->rect.w, item->rect.h, item->rect.radius);
		paint_shape(cr, &item->rect.paint);
		break;
	case PB_ITEM_PATH:
		if (!spot_in_pdf(cr, &item->path.paint))
			draw_path(cr, item);
		break;
	case PB_ITEM_GLYPHS:
		cairo_save(cr);
		cairo_translate(cr, item->x, item->y);
		/* glyph units are points of the run's font, which is at size / scale */
		cairo_scale(cr, PB_MM_PER_PT * item->glyphs.scale,
			    PB_MM_PER_PT * item->glyphs.scale);
		set_rgb(cr, item->glyphs.color);
		pango_cairo_show_glyph_item(cr, item->glyphs.text, item->glyphs.run);
		cairo_restore(cr);
		break;
	case PB_ITEM_IMAGE:
		if (item->image.info.format == PB_IMAGE_SVG)
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

static void
draw_items(cairo_t *cr, const GPtrArray *items)
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
	/* Cairo's surface errors here are memory or writing: the environment's */
	g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "cannot render %s: %s", what,
		    cairo_status_to_string(st));
	return FALSE;
}

/* Where Cairo's PDF goes: a writer or a buffer, keeping the last bytes (startxref) for the pass
 * and the first write error (Cairo says only "error while writing to output stream").
 *
 * After that error the sink takes and drops what Cairo still writes, and tells it all is
 * well: Cairo 1.16's PDF surface, told of a write error in the middle of a page, asserts on
 * the next content stream it opens (_cairo_pdf_surface_open_content_stream) and aborts the
 * process, which an interrupt (SIGINT stops every write) would otherwise do.  The drawing
 * stops at the next page; the error is the sink's to return. */
typedef struct pdf_sink {
	pb_writer *w; /* or */
	GByteArray *buf;
	char tail[64];
	gsize tail_len;
	GError *error;
} pdf_sink;

static cairo_status_t
sink_write(void *closure, const unsigned char *data, unsigned int length)
{
	pdf_sink *k = closure;
	if (k->error)
		return CAIRO_STATUS_SUCCESS;
	if (k->w && !pb_writer_write(k->w, data, length, &k->error))
		return CAIRO_STATUS_SUCCESS;
	if (k->buf)
		g_byte_array_append(k->buf, data, length);
	/* keep the last sizeof tail bytes */
	if (length >= sizeof k->tail) {
		memcpy(k->tail, data + length - sizeof k->tail, sizeof k->tail);
		k->tail_len = sizeof k->tail;
	} else {
		gsize keep = MIN(k->tail_len, sizeof k->tail - length);
		memmove(k->tail, k->tail + k->tail_len - keep, keep);
		memcpy(k->tail + keep, data, length);
		k->tail_len = keep + length;
	}
	return CAIRO_STATUS_SUCCESS;
}

/* Draws the whole document as Cairo's PDF into the sink (before the pass). */
static gboolean
render_pdf_stream(const pb_doc *doc, pdf_sink *sink, pb_loc *failed_at, GError **error)
{
	g_assert(doc->pages->len > 0);
	const pb_page *first = doc->pages->pdata[0];
	double k = 1 / PB_MM_PER_PT;
	cairo_surface_t *s = cairo_pdf_surface_create_for_stream(
	    sink_write, sink, (first->width + 2 * outer(first)) * k,
	    (first->height + 2 * outer(first)) * k);
	cairo_pdf_surface_restrict_to_version(s, CAIRO_PDF_VERSION_1_5);
	if (doc->title)
		cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, doc->title);
	if (doc->author)
		cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_AUTHOR, doc->author);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "paiban " PB_VERSION);
	/* The event's date, not the clock: the same inputs give the same bytes. */
	g_autofree char *date =
	    g_strdup_printf("%sT00:00:00", doc->date ? doc->date : "2000-01-01");
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, date);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_MOD_DATE, date);
	cairo_t *cr = cairo_create(s);
	pb_render_ctx rc;
	render_ctx_init(&rc, cr, PB_IMAGES_PDF, doc);
	rc.pdf = TRUE;
	for (guint i = 0; i < doc->pages->len; i++)
		count_uses(((const pb_page *)doc->pages->pdata[i])->items, rc.uses);
	for (guint i = 0; i < doc->pages->len && !sink->error; i++) {
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
	/* The cache goes after finish: Cairo may still hold its surfaces until the end. */
	gboolean ok = render_ctx_finish(&rc, failed_at, error);
	if (ok && sink->error) {
		g_propagate_error(error, g_steal_pointer(&sink->error));
		ok = FALSE;
	}
	ok = ok && surface_ok(s, "the PDF", error);
	g_clear_error(&sink->error);
	cairo_surface_destroy(s);
	return ok;
}

struct pb_pdf_drawn {
	const pb_doc *doc;
	pb_writer *w;
	char tail[64]; /* Cairo's last bytes (startxref), for the pass */
	gsize tail_len;
};

pb_pdf_drawn *
pb_render_pdf_draw(const pb_doc *doc, pb_writer *w, pb_loc *failed_at, GError **error)
{
	pdf_sink sink = {.w = w};
	if (!render_pdf_stream(doc, &sink, failed_at, error) || !pb_writer_flush(w, error))
		return NULL;
	pb_pdf_drawn *d = g_new0(pb_pdf_drawn, 1);
	d->doc = doc;
	d->w = w;
	memcpy(d->tail, sink.tail, sink.tail_len);
	d->tail_len = sink.tail_len;
	return d;
}

gboolean
pb_render_pdf_finish(pb_pdf_drawn *d, GError **error)
{
	pb_writer *w = d->w;
	GString *update = pb_pdf_pass(pb_writer_temp_path(w), NULL, pb_writer_size(w), d->tail,
				      d->tail_len, d->doc, error);
	g_free(d);
	if (!update)
		return FALSE;
	gboolean ok = pb_writer_write(w, update->str, update->len, error);
	g_string_free(update, TRUE);
	return ok;
}

gboolean
pb_render_pdf_write(const pb_doc *doc, pb_writer *w, pb_loc *failed_at, GError **error)
{
	pb_pdf_drawn *d = pb_render_pdf_draw(doc, w, failed_at, error);
	return d && pb_render_pdf_finish(d, error);
}

GBytes *
pb_render_pdf(const pb_doc *doc, pb_loc *failed_at, GError **error)
{
	pdf_sink sink = {.buf = g_byte_array_new()};
	gboolean ok = render_pdf_stream(doc, &sink, failed_at, error);
	GString *update = ok ? pb_pdf_pass(NULL, (const char *)sink.buf->data, sink.buf->len,
					   sink.tail, sink.tail_len, doc, error)
			     : NULL;
	if (update) {
		g_byte_array_append(sink.buf, (const guint8 *)update->str, update->len);
		g_string_free(update, TRUE);
	}
	GBytes *bytes = g_byte_array_free_to_bytes(sink.buf);
	if (!update)
		g_clear_pointer(&bytes, g_bytes_unref);
	return bytes;
}

gboolean
pb_render_pdf_file(const pb_doc *doc, const char *path, gsize *size, pb_loc *failed_at,
		   GError **error)
{
	pb_writer *w = pb_writer_open(path, error);
	if (!w)
		return FALSE;
	if (!pb_render_pdf_write(doc, w, failed_at, error)) {
		pb_writer_abort(w);
		return FALSE;
	}
	pb_written done;
	if (!pb_writer_commit(w, NULL, &done, error))
		return FALSE;
	if (size)
		*size = done.size;
	return TRUE;
}

/* Cairo numbers the ids of an SVG (clip3, glyph12-4, image7, surface40) from counters that
 * live as long as the process, so the same page rendered after other pages would get other
 * ids.  Numbering them again in order of first appearance, per kind, makes the bytes a
 * function of the page alone, like the PDF's. */
typedef struct svg_ids {
	GHashTable *seen; /* "glyph12" -> GUINT_TO_POINTER(new number + 1) */
	guint next[4];    /* per kind */
} svg_ids;

static gboolean
renumber_id(const GMatchInfo *match, GString *out, gpointer data)
{
	static const char *const kinds[] = {"clip", "glyph", "image", "surface"};
	svg_ids *ids = data;
	g_autofree char *lead = g_match_info_fetch(match, 1);
	g_autofree char *kind = g_match_info_fetch(match, 2);
	g_autofree char *num = g_match_info_fetch(match, 3);
	g_autofree char *key = g_strconcat(kind, num, NULL);
	guint k = 0;
	while (k < G_N_ELEMENTS(kinds) && strcmp(kinds[k], kind))
		k++;
	gpointer n = g_hash_table_lookup(ids->seen, key);
	if (!n) {
		n = GUINT_TO_POINTER(++ids->next[k]);
		g_hash_table_insert(ids->seen, g_steal_pointer(&key), n);
	}
	g_string_append_printf(out, "%s%s%u", lead, kind, GPOINTER_TO_UINT(n) - 1);
	return FALSE;
}

static GBytes *
svg_stable_ids(GBytes *svg)
{
	static GRegex *re;
	if (g_once_init_enter(&re)) {
		GRegex *r = g_regex_new("(id=\"|#)(clip|glyph|image|surface)([0-9]+)",
					G_REGEX_OPTIMIZE, 0, NULL);
		g_once_init_leave(&re, r);
	}
	gsize len = 0;
	const char *text = g_bytes_get_data(svg, &len);
	svg_ids ids = {g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL), {0}};
	char *out = g_regex_replace_eval(re, text, (gssize)len, 0, 0, renumber_id, &ids, NULL);
	g_hash_table_unref(ids.seen);
	if (!out)
		return g_bytes_ref(svg);
	return g_bytes_new_take(out, strlen(out));
}

GBytes *
pb_render_svg(const pb_doc *doc, guint index, pb_loc *failed_at, GError **error)
{
	const pb_page *page = doc->pages->pdata[index];
	double k = 1 / PB_MM_PER_PT;
	GByteArray *buf = g_byte_array_new();
	cairo_surface_t *s = cairo_svg_surface_create_for_stream(
	    append_bytes, buf, (page->width + 2 * page->bleed) * k,
	    (page->height + 2 * page->bleed) * k);
	cairo_svg_surface_set_document_unit(s, CAIRO_SVG_UNIT_MM);
	cairo_t *cr = cairo_create(s);
	pb_render_ctx rc;
	render_ctx_init(&rc, cr, PB_IMAGES_EMBED, doc);
	cairo_scale(cr, k, k);
	cairo_translate(cr, page->bleed, page->bleed);
	draw_items(cr, page->items);
	cairo_destroy(cr);
	cairo_surface_finish(s);
	gboolean ok = render_ctx_finish(&rc, failed_at, error) && surface_ok(s, "the SVG", error);
	cairo_surface_destroy(s);
	g_autoptr(GBytes) bytes = g_byte_array_free_to_bytes(buf);
	return ok ? svg_stable_ids(bytes) : NULL;
}

cairo_surface_t *
pb_render_raster(const pb_doc *doc, guint index, double k, gboolean bleed, gboolean proof,
		 pb_loc *failed_at, GError **error)
{
	const pb_page *page = doc->pages->pdata[index];
	double b = bleed ? page->bleed : 0;
	int w = (int)((page->width + 2 * b) * k + 0.5), h = (int)((page->height + 2 * b) * k + 0.5);
	if (w < 1 || h < 1 || (gint64)w * h > 400000000) {
		g_set_error(error, PB_RENDER_ERROR, 0, "a %d×%d px PNG is out of range", w, h);
		return NULL;
	}
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
	cairo_t *cr = cairo_create(s);
	pb_render_ctx rc;
	render_ctx_init(&rc, cr, PB_IMAGES_RASTER, doc);
	if (proof)
		pb_imagecache_set_reuse_larger(rc.images);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_scale(cr, k, k);
	cairo_translate(cr, b, b);
	draw_items(cr, page->items);
	cairo_destroy(cr);
	cairo_surface_flush(s);
	gboolean ok = render_ctx_finish(&rc, failed_at, error) && surface_ok(s, "the PNG", error);
	if (!ok)
		g_clear_pointer(&s, cairo_surface_destroy);
	return s;
}

GBytes *
pb_render_encode_png(cairo_surface_t *s, int level, GError **error)
{
	cairo_surface_flush(s);
	pb_pixels px = {
	    .width = (guint)cairo_image_surface_get_width(s),
	    .height = (guint)cairo_image_surface_get_height(s),
	    .stride = (gsize)cairo_image_surface_get_stride(s),
	    .data = (guint32 *)cairo_image_surface_get_data(s),
	};
	GBytes *png = pb_image_encode_png(&px, level, error);
	if (!png)
		g_prefix_error(error, "cannot write the PNG: ");
	return png;
}

GBytes *
pb_render_png(const pb_doc *doc, guint index, double dpi, pb_loc *failed_at, GError **error)
{
	cairo_surface_t *s =
	    pb_render_raster(doc, index, dpi / PB_MM_PER_IN, FALSE, FALSE, failed_at, error);
	if (!s)
		return NULL;
	/* level 6: a --format png page is kept, and small is worth the time */
	GBytes *png = pb_render_encode_png(s, 6, error);
	cairo_surface_destroy(s);
	return png;
}
