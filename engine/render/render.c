/* render.c — frames to files with Cairo: PDF, SVG, PNG.  See render.h.
 *
 * Each backend chooses the page size and the offset of the trim box, and draws the pages with
 * draw.c.  Cairo's errors are sticky: the surface's status is checked once at the end.  A PDF
 * is streamed into its writer and then finished by pdfpass.c's incremental update; an SVG
 * gets its ids numbered per page, so its bytes are stable.
 */
#include "render-private.h"
#include "derived.h"
#include "direct.h"
#include "base/units.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <cairo.h>
#include <string.h>

G_DEFINE_QUARK(pb - render - error - quark, pb_render_error)

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

/* Draws the whole document as Cairo's PDF into the sink (before the pass), or with `direct`
 * only its template page. */
static gboolean
render_pdf_stream(const pb_doc *doc, pdf_sink *sink, pb_direct *direct, pb_loc *failed_at,
		  GError **error)
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
	pb_render_ctx_init(&rc, cr, PB_IMAGES_PDF, doc, direct ? pb_direct_uses(direct) : NULL);
	/* the fonts cut to the glyphs this PDF shows, before Cairo sees them (subset.h) */
	rc.subsets = pb_subsets_new();
	if (direct)
		pb_direct_add_subsets(direct, rc.subsets);
	for (guint i = 0; !direct && i < doc->pages->len; i++) {
		g_autoptr(GPtrArray) items = pb_page_items(doc->pages->pdata[i]);
		pb_subsets_add_items(rc.subsets, items);
	}
	pb_subsets_cut(rc.subsets);
	if (direct)
		pb_direct_draw_template(direct, cr, s, rc.subsets);
	for (guint i = 0; !direct && i < doc->pages->len && !sink->error; i++) {
		const pb_page *page = doc->pages->pdata[i];
		cairo_pdf_surface_set_size(s, (page->width + 2 * outer(page)) * k,
					   (page->height + 2 * outer(page)) * k);
		cairo_save(cr);
		cairo_scale(cr, k, k);
		cairo_translate(cr, outer(page), outer(page));
		g_autoptr(GPtrArray) items = pb_page_items(page);
		pb_draw_items(cr, items);
		cairo_restore(cr);
		cairo_show_page(cr);
	}
	cairo_destroy(cr);
	cairo_surface_finish(s);
	/* The cache goes after finish: Cairo may still hold its surfaces until the end. */
	g_clear_pointer(&rc.subsets, pb_subsets_free);
	gboolean ok = pb_render_ctx_finish(&rc, failed_at, error);
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
	const pb_direct *direct; /* the pages are the pass's to write (direct.c), or NULL */
	pb_pdf_family *own;      /* the one-document family made for this file, or NULL */
};

struct pb_pdf_family {
	GPtrArray *docs;   /* of const pb_doc * */
	gboolean tried;    /* the template was attempted */
	pb_direct *direct; /* bound: the documents it covers start with `bytes` */
	GByteArray *bytes; /* Cairo's PDF of the template */
};

pb_pdf_family *
pb_pdf_family_new(const GPtrArray *docs)
{
	pb_pdf_family *f = g_new0(pb_pdf_family, 1);
	f->docs = g_ptr_array_sized_new(docs->len);
	for (guint i = 0; i < docs->len; i++)
		g_ptr_array_add(f->docs, docs->pdata[i]);
	return f;
}

void
pb_pdf_family_free(pb_pdf_family *f)
{
	if (!f)
		return;
	g_ptr_array_unref(f->docs);
	pb_direct_free(f->direct);
	if (f->bytes)
		g_byte_array_unref(f->bytes);
	g_free(f);
}

/* The family's template, drawn into memory and read back, once.  When no document qualifies,
 * or the template does not read back as drawn, or a photo of it fails (its document's own
 * drawing then reports that), the family has none and Cairo draws every page. */
static void
family_template(pb_pdf_family *f)
{
	if (f->tried || f->docs->len == 0)
		return;
	f->tried = TRUE;
	pb_direct *direct = pb_direct_plan(f->docs);
	if (!direct)
		return;
	/* the template's size and metadata are a document's with pages (the pass writes each
	 * document's own) */
	const pb_doc *first = NULL;
	for (guint i = 0; i < f->docs->len && !first; i++)
		if (((const pb_doc *)f->docs->pdata[i])->pages->len)
			first = f->docs->pdata[i];
	pdf_sink sink = {.buf = g_byte_array_new()};
	g_autoptr(GError) error = NULL;
	if (first && render_pdf_stream(first, &sink, direct, NULL, &error) &&
	    pb_direct_bind(direct, (const char *)sink.buf->data, sink.buf->len)) {
		f->direct = direct;
		f->bytes = sink.buf;
		return;
	}
	pb_direct_free(direct);
	g_byte_array_unref(sink.buf);
}

/* The family of `doc` alone. */
static pb_pdf_family *
family_of_one(const pb_doc *doc)
{
	GPtrArray one = {.pdata = (gpointer *)&doc, .len = 1};
	return pb_pdf_family_new(&one);
}

/* Cairo's part of `doc` into the sink: the family's template when it covers `doc` (the pass
 * then writes the pages, by *direct), else every page. */
static gboolean
draw_into(const pb_doc *doc, pb_pdf_family *family, pdf_sink *sink, const pb_direct **direct,
	  pb_loc *failed_at, GError **error)
{
	family_template(family);
	*direct = NULL;
	if (!pb_direct_covers(family->direct, doc))
		return render_pdf_stream(doc, sink, NULL, failed_at, error);
	*direct = family->direct;
	sink_write(sink, family->bytes->data, family->bytes->len);
	if (sink->error) {
		g_propagate_error(error, g_steal_pointer(&sink->error));
		return FALSE;
	}
	return TRUE;
}

pb_pdf_drawn *
pb_render_pdf_draw(const pb_doc *doc, pb_pdf_family *family, pb_writer *w, pb_loc *failed_at,
		   GError **error)
{
	pb_pdf_family *own = family ? NULL : family_of_one(doc);
	pdf_sink sink = {.w = w};
	const pb_direct *direct = NULL;
	if (!draw_into(doc, family ? family : own, &sink, &direct, failed_at, error) ||
	    !pb_writer_flush(w, error)) {
		pb_pdf_family_free(own);
		return NULL;
	}
	pb_pdf_drawn *d = g_new0(pb_pdf_drawn, 1);
	d->doc = doc;
	d->w = w;
	memcpy(d->tail, sink.tail, sink.tail_len);
	d->tail_len = sink.tail_len;
	d->direct = direct;
	d->own = own;
	return d;
}

/* The update's bytes after the drawn ones, in the temporary qpdf reads: it has mapped only
 * the drawn bytes, so what is appended behind them is never in its view. */
static gboolean
drain_to_writer(const char *data, gsize len, gpointer w, GError **error)
{
	return pb_writer_write(w, data, len, error);
}

void
pb_render_pdf_drawn_free(pb_pdf_drawn *d)
{
	if (!d)
		return;
	pb_pdf_family_free(d->own);
	g_free(d);
}

gboolean
pb_render_pdf_finish(pb_pdf_drawn *d, pb_loc *failed_at, GError **error)
{
	pb_writer *w = d->w;
	GString *update =
	    pb_pdf_pass(pb_writer_temp_path(w), NULL, pb_writer_size(w), d->tail, d->tail_len,
			d->doc, d->direct, drain_to_writer, w, failed_at, error);
	pb_pdf_family_free(d->own);
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
	pb_pdf_drawn *d = pb_render_pdf_draw(doc, NULL, w, failed_at, error);
	return d && pb_render_pdf_finish(d, failed_at, error);
}

GBytes *
pb_render_pdf(const pb_doc *doc, pb_loc *failed_at, GError **error)
{
	g_autoptr(pb_pdf_family) family = family_of_one(doc);
	pdf_sink sink = {.buf = g_byte_array_new()};
	const pb_direct *direct = NULL;
	gboolean ok = draw_into(doc, family, &sink, &direct, failed_at, error);
	/* not drained: qpdf reads the buffer the update would be appended to */
	GString *update =
	    ok ? pb_pdf_pass(NULL, (const char *)sink.buf->data, sink.buf->len, sink.tail,
			     sink.tail_len, doc, direct, NULL, NULL, failed_at, error)
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
	/* the surface is in points, and so is the size the SVG states: a designer's tool opens
	 * an 810 mm board as 810 mm, not as 2,296 mm (points taken for millimetres) */
	cairo_svg_surface_set_document_unit(s, CAIRO_SVG_UNIT_PT);
	cairo_t *cr = cairo_create(s);
	pb_render_ctx rc;
	pb_render_ctx_init(&rc, cr, PB_IMAGES_EMBED, doc, NULL);
	cairo_scale(cr, k, k);
	cairo_translate(cr, page->bleed, page->bleed);
	g_autoptr(GPtrArray) items = pb_page_items(page);
	pb_draw_items(cr, items);
	cairo_destroy(cr);
	cairo_surface_finish(s);
	gboolean ok =
	    pb_render_ctx_finish(&rc, failed_at, error) && surface_ok(s, "the SVG", error);
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
	pb_render_ctx_init(&rc, cr, PB_IMAGES_RASTER, doc, NULL);
	if (proof)
		pb_imagecache_set_reuse_larger(rc.images);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_scale(cr, k, k);
	cairo_translate(cr, b, b);
	g_autoptr(GPtrArray) items = pb_page_items(page);
	pb_draw_items(cr, items);
	cairo_destroy(cr);
	cairo_surface_flush(s);
	gboolean ok =
	    pb_render_ctx_finish(&rc, failed_at, error) && surface_ok(s, "the PNG", error);
	if (!ok)
		g_clear_pointer(&s, cairo_surface_destroy);
	return s;
}

GBytes *
pb_render_encode_png(cairo_surface_t *s, int level, GError **error)
{
	pb_pixels px = pb_derived_pixels_of(s);
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
