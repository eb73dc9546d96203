/* pdfpass.c — what Cairo cannot write into a PDF, appended as an incremental update.
 *
 * Cairo 1.16 writes neither TrimBox and BleedBox (a print shop's RIP imposes by the one and
 * checks the bleed by the other) nor spot colours, overprint or optional content (the die-cut
 * line a cutter's RIP looks for: a Separation named CutContour, overprinting, on its own
 * layer).  This pass reads the structure of Cairo's finished PDF with the qpdf C API (lazily:
 * the page tree and a few dictionaries, never a stream's data) and appends an incremental
 * update (PDF 1.7, 7.5.6): the changed page, resources and catalog dictionaries, the new
 * objects, a cross-reference section and a trailer with /Prev.  Nothing Cairo wrote is read
 * back or written again, so a 28 MB board costs the pass a few kilobytes, and the document's
 * /ID comes from the hash of what the document shows rather than from hashing the output.
 *
 * qpdf cannot write an incremental update itself (QPDFWriter always rewrites the whole file),
 * so the update's few lines of syntax are written here; qpdf parses and unparses every
 * dictionary, so no PDF object is ever assembled by hand except the new ones below.  A
 * reference to one of the new objects goes into qpdf's dictionaries as a placeholder name
 * (/paibanRef40) and becomes "40 0 R" in the unparsed text: qpdf 11 crashes on cleanup when
 * handed a reference to an object its file does not have.
 *
 * Spot-ink items (frame.h) are skipped when Cairo draws and drawn here instead, in a content
 * stream of their own after Cairo's (wrapped in q ... Q so Cairo's state cannot leak into it),
 * in the page's coordinates: their paths pass through every group's transform on the way.
 */
#include "render-private.h"

#include <math.h>
#include <qpdf/qpdf-c.h>
#include <string.h>

static gboolean
failed(qpdf_data q, GError **error)
{
	if (!qpdf_has_error(q))
		return FALSE;
	qpdf_error e = qpdf_get_error(q);
	/* its input is the file Cairo just wrote: a failure is the environment's */
	g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "cannot finish the PDF: %s",
		    qpdf_get_error_full_text(q, e));
	return TRUE;
}

/* ---- the spot-ink items of a page, as PDF content ------------------------------------------- */

typedef struct spot_walk {
	GString *ops;     /* content stream operators, page space in points */
	double outer, mh; /* mm from media edge to trim; media height, pt */
	const pb_spot *spot;
	guint count;
} spot_walk;

#define K (1 / PB_MM_PER_PT)

/* A point in the page's millimetres (trim origin, y down) in PDF points (media origin, y up). */
static void
pdf_point(const spot_walk *sw, const pb_matrix *m, double x, double y, double *px, double *py)
{
	double tx, ty;
	pb_matrix_apply(m, x, y, &tx, &ty);
	*px = (tx + sw->outer) * K;
	*py = sw->mh - (ty + sw->outer) * K;
}

static void
op_point(spot_walk *sw, const pb_matrix *m, double x, double y, const char *op)
{
	double px, py;
	pdf_point(sw, m, x, y, &px, &py);
	g_string_append_printf(sw->ops, "%.4f %.4f %s\n", px, py, op);
}

static void
op_curve(spot_walk *sw, const pb_matrix *m, const double *p)
{
	double a[6];
	for (int i = 0; i < 3; i++)
		pdf_point(sw, m, p[2 * i], p[2 * i + 1], &a[2 * i], &a[2 * i + 1]);
	g_string_append_printf(sw->ops, "%.4f %.4f %.4f %.4f %.4f %.4f c\n", a[0], a[1], a[2], a[3],
			       a[4], a[5]);
}

static void
spot_path(spot_walk *sw, const pb_item *it, const pb_matrix *to_page)
{
	pb_matrix m = *to_page;
	m.x0 += m.xx * it->x + m.xy * it->y;
	m.y0 += m.yx * it->x + m.yy * it->y;
	const double *pt = (const double *)it->path.points->data;
	guint k = 0;
	for (guint i = 0; i < it->path.ops->len; i++) {
		switch (g_array_index(it->path.ops, pb_path_op, i)) {
		case PB_PATH_MOVE:
			op_point(sw, &m, pt[k], pt[k + 1], "m");
			k += 2;
			break;
		case PB_PATH_LINE:
			op_point(sw, &m, pt[k], pt[k + 1], "l");
			k += 2;
			break;
		case PB_PATH_CURVE:
			op_curve(sw, &m, pt + k);
			k += 6;
			break;
		case PB_PATH_CLOSE:
			g_string_append(sw->ops, "h\n");
			break;
		}
	}
}

static void
spot_rect(spot_walk *sw, const pb_item *it, const pb_matrix *m)
{
	double x = it->x, y = it->y, w = it->rect.w, h = it->rect.h;
	double r = MIN(it->rect.radius, MIN(w, h) / 2);
	if (r <= 0) {
		op_point(sw, m, x, y, "m");
		op_point(sw, m, x + w, y, "l");
		op_point(sw, m, x + w, y + h, "l");
		op_point(sw, m, x, y + h, "l");
		g_string_append(sw->ops, "h\n");
		return;
	}
	const double k = 0.5523 * r; /* Bézier quarter circles at the corners */
	op_point(sw, m, x + r, y, "m");
	op_point(sw, m, x + w - r, y, "l");
	op_curve(sw, m, (double[]){x + w - r + k, y, x + w, y + r - k, x + w, y + r});
	op_point(sw, m, x + w, y + h - r, "l");
	op_curve(sw, m, (double[]){x + w, y + h - r + k, x + w - r + k, y + h, x + w - r, y + h});
	op_point(sw, m, x + r, y + h, "l");
	op_curve(sw, m, (double[]){x + r - k, y + h, x, y + h - r + k, x, y + h - r});
	op_point(sw, m, x, y + r, "l");
	op_curve(sw, m, (double[]){x, y + r - k, x + r - k, y, x + r, y});
	g_string_append(sw->ops, "h\n");
}

static void
collect_spot(const pb_item *it, const pb_matrix *to_page, gpointer data)
{
	spot_walk *sw = data;
	const pb_paint *p = it->kind == PB_ITEM_PATH   ? &it->path.paint
			    : it->kind == PB_ITEM_RECT ? &it->rect.paint
						       : NULL;
	if (!p || !p->spot || (!p->fill && !p->stroke))
		return;
	/* one spot per document (the cut line); a second name would need a second colour space */
	if (!sw->spot)
		sw->spot = p->spot;
	/* a stroke scales with the transform: the mean of the two axes' scales */
	double scale = sqrt(fabs(to_page->xx * to_page->yy - to_page->xy * to_page->yx));
	g_string_append(sw->ops, "q\n");
	if (p->overprint)
		g_string_append(sw->ops, "/pbOP gs\n");
	if (p->fill)
		g_string_append(sw->ops, "/pbSpot cs 1 scn\n");
	if (p->stroke)
		g_string_append_printf(sw->ops, "/pbSpot CS 1 SCN %.4f w\n",
				       p->stroke_width * scale * K);
	if (it->kind == PB_ITEM_PATH)
		spot_path(sw, it, to_page);
	else
		spot_rect(sw, it, to_page);
	g_string_append(sw->ops, p->fill && p->stroke ? "B\nQ\n" : p->fill ? "f\nQ\n" : "S\nQ\n");
	sw->count++;
}

/* ---- the update ------------------------------------------------------------------------------ */

typedef struct update {
	GString *body; /* the update's bytes */
	gsize base;    /* bytes of the file before it */
	GArray *xref;  /* of (object number, offset) pairs */
	int next;      /* next free object number */
} update;

typedef struct xref_entry {
	int num;
	gsize offset;
} xref_entry;

static void
begin_object(update *u, int num)
{
	xref_entry e = {num, u->base + u->body->len};
	g_array_append_val(u->xref, e);
	g_string_append_printf(u->body, "%d 0 obj\n", num);
}

static void
object(update *u, int num, const char *text)
{
	begin_object(u, num);
	g_string_append_printf(u->body, "%s\nendobj\n", text);
}

static void
stream_object(update *u, int num, const char *data, gsize len)
{
	begin_object(u, num);
	g_string_append_printf(u->body, "<< /Length %zu >>\nstream\n", len);
	g_string_append_len(u->body, data, (gssize)len);
	g_string_append(u->body, "\nendstream\nendobj\n");
}

/* A placeholder for "N 0 R" while the text is in qpdf's hands. */
static char *
ref(int num)
{
	return g_strdup_printf("/paibanRef%d", num);
}

static gboolean
placeholder_to_ref(const GMatchInfo *match, GString *out, gpointer data)
{
	g_autofree char *num = g_match_info_fetch(match, 1);
	g_string_append_printf(out, "%s 0 R", num);
	return FALSE;
}

/* An existing object, as qpdf now holds it (with our keys), written again under its number. */
static void
rewrite(update *u, qpdf_data q, qpdf_oh oh)
{
	static GRegex *re;
	if (g_once_init_enter(&re)) {
		GRegex *r = g_regex_new("/paibanRef([0-9]+)", G_REGEX_OPTIMIZE, 0, NULL);
		g_once_init_leave(&re, r);
	}
	const char *text = qpdf_oh_unparse_resolved(q, oh);
	g_autofree char *fixed =
	    g_regex_replace_eval(re, text, -1, 0, 0, placeholder_to_ref, NULL, NULL);
	object(u, qpdf_oh_get_object_id(q, oh), fixed ? fixed : text);
}

/* `key` of dictionary `res`, made a direct dictionary if absent, with `name` -> object `num`. */
static void
add_resource(qpdf_data q, qpdf_oh res, const char *key, const char *name, int num)
{
	qpdf_oh sub = qpdf_oh_get_key(q, res, key);
	if (!qpdf_oh_is_dictionary(q, sub)) {
		sub = qpdf_oh_new_dictionary(q);
		qpdf_oh_replace_key(q, res, key, sub);
		sub = qpdf_oh_get_key(q, res, key);
	}
	g_autofree char *value = ref(num);
	qpdf_oh_replace_key(q, sub, name, qpdf_oh_new_name(q, value));
}

static void
set_box(qpdf_data q, qpdf_oh page, const char *key, double x0, double y0, double x1, double y1)
{
	char spec[160];
	g_snprintf(spec, sizeof spec, "[%.4f %.4f %.4f %.4f]", x0, y0, x1, y1);
	qpdf_oh_replace_key(q, page, key, qpdf_oh_parse(q, spec));
}

/* The objects every page with a spot item refers to, made once per document. */
typedef struct spot_objects {
	int ocg, space, gstate, open; /* 0 until made */
} spot_objects;

static void
make_spot_objects(update *u, spot_objects *so, const pb_spot *spot)
{
	if (so->ocg)
		return;
	so->ocg = u->next++;
	so->space = u->next++;
	so->gstate = u->next++;
	so->open = u->next++;
	g_autofree char *ocg =
	    g_strdup_printf("<< /Type /OCG /Name (%s) /Intent [/View /Design] >>", spot->name);
	object(u, so->ocg, ocg);
	/* Separation with a DeviceCMYK alternate: tint 1 is the alternate colour at 100 % */
	g_autofree char *cs = g_strdup_printf(
	    "[/Separation /%s /DeviceCMYK << /FunctionType 2 /Domain [0 1] /C0 [0 0 0 0] "
	    "/C1 [%.4g %.4g %.4g %.4g] /N 1 >>]",
	    spot->name, spot->cmyk[0], spot->cmyk[1], spot->cmyk[2], spot->cmyk[3]);
	object(u, so->space, cs);
	object(u, so->gstate, "<< /Type /ExtGState /OP true /op true /OPM 1 >>");
	stream_object(u, so->open, "q", 1);
}

/* TRUE when the page itself (not a form it places) shows one image or one shared form twice:
 * then Cairo 1.16 names it twice in the page's /XObject, which qpdf --check reports. */
static gboolean
twice_in(const GPtrArray *items, GHashTable *seen)
{
	for (guint i = 0; i < items->len; i++) {
		const pb_item *it = items->pdata[i];
		gconstpointer key = it->kind == PB_ITEM_IMAGE ? (gconstpointer)it->image.path
				    : it->kind == PB_ITEM_GROUP && it->group.shared
					? (gconstpointer)it->group.children
					: NULL;
		if (key && !g_hash_table_add(seen, (gpointer)key))
			return TRUE;
		if (it->kind == PB_ITEM_GROUP && !it->group.shared &&
		    twice_in(it->group.children, seen))
			return TRUE;
	}
	return FALSE;
}

static gboolean
shows_twice(const pb_page *page)
{
	g_autoptr(GHashTable) seen = g_hash_table_new(NULL, NULL);
	return twice_in(page->items, seen);
}

/* Page `i`: its boxes, and its spot items when it has any. */
static gboolean
update_page(update *u, qpdf_data q, const pb_page *page, int i, spot_objects *so, GError **error)
{
	qpdf_oh oh = qpdf_get_page_n(q, (size_t)i);
	if (failed(q, error))
		return FALSE;
	/* PDF space: origin at the bottom-left of the media, in points. */
	double outer = page->bleed + page->slug;
	double o = outer * K, w = page->width * K, h = page->height * K, b = page->bleed * K;
	set_box(q, oh, "/TrimBox", o, o, o + w, o + h);
	set_box(q, oh, "/BleedBox", o - b, o - b, o + w + b, o + h + b);

	spot_walk sw = {g_string_new(NULL), outer, (page->height + 2 * outer) * K, NULL, 0};
	pb_matrix id = pb_matrix_identity();
	pb_frame_walk(page->items, &id, collect_spot, &sw);
	if (sw.count) {
		make_spot_objects(u, so, sw.spot);
		int content = u->next++;
		g_autofree char *ops = g_strdup_printf("Q\n/OC /pbCut BDC\n%sEMC\n", sw.ops->str);
		stream_object(u, content, ops, strlen(ops));
		/* [q, Cairo's content, Q + ours]: Cairo's graphics state ends where ours begins.
		 * Built item by item: the C API's parse cannot take references. */
		qpdf_oh old = qpdf_oh_get_key(q, oh, "/Contents");
		qpdf_oh contents = qpdf_oh_new_array(q);
		g_autofree char *open = ref(so->open), *ours = ref(content);
		qpdf_oh_append_item(q, contents, qpdf_oh_new_name(q, open));
		if (qpdf_oh_is_array(q, old))
			for (int k = 0; k < qpdf_oh_get_array_n_items(q, old); k++)
				qpdf_oh_append_item(q, contents, qpdf_oh_get_array_item(q, old, k));
		else
			qpdf_oh_append_item(q, contents, old);
		qpdf_oh_append_item(q, contents, qpdf_oh_new_name(q, ours));
		qpdf_oh_replace_key(q, oh, "/Contents", contents);
		qpdf_oh res = qpdf_oh_get_key(q, oh, "/Resources");
		add_resource(q, res, "/ColorSpace", "/pbSpot", so->space);
		add_resource(q, res, "/ExtGState", "/pbOP", so->gstate);
		add_resource(q, res, "/Properties", "/pbCut", so->ocg);
	}
	/* Written again whenever it changed, and when it names an XObject twice (the dictionary
	 * qpdf parsed has each name once). */
	qpdf_oh res = qpdf_oh_get_key(q, oh, "/Resources");
	if (qpdf_oh_is_indirect(q, res) && (sw.count || shows_twice(page)))
		rewrite(u, q, res);
	g_string_free(sw.ops, TRUE);
	rewrite(u, q, oh);
	return !failed(q, error);
}

static gint
by_number(gconstpointer a, gconstpointer b)
{
	const xref_entry *x = a, *y = b;
	return x->num < y->num ? -1 : x->num > y->num;
}

/* The cross-reference section of the update, in contiguous runs, and the trailer. */
static void
finish_update(update *u, qpdf_data q, gsize prev_xref, const char *id)
{
	g_array_sort(u->xref, by_number);
	gsize xref_at = u->base + u->body->len;
	g_string_append(u->body, "xref\n");
	for (guint i = 0; i < u->xref->len;) {
		guint j = i + 1;
		while (j < u->xref->len && g_array_index(u->xref, xref_entry, j).num ==
					       g_array_index(u->xref, xref_entry, j - 1).num + 1)
			j++;
		g_string_append_printf(u->body, "%d %u\n",
				       g_array_index(u->xref, xref_entry, i).num, j - i);
		for (; i < j; i++)
			g_string_append_printf(u->body, "%010zu 00000 n \n",
					       g_array_index(u->xref, xref_entry, i).offset);
	}
	qpdf_oh trailer = qpdf_get_trailer(q);
	g_string_append_printf(u->body, "trailer\n<< /Size %d /Root %s", u->next,
			       qpdf_oh_unparse(q, qpdf_oh_get_key(q, trailer, "/Root")));
	if (qpdf_oh_has_key(q, trailer, "/Info"))
		g_string_append_printf(u->body, " /Info %s",
				       qpdf_oh_unparse(q, qpdf_oh_get_key(q, trailer, "/Info")));
	g_string_append_printf(u->body, " /Prev %zu /ID [<%s> <%s>] >>\nstartxref\n%zu\n%%%%EOF\n",
			       prev_xref, id, id, xref_at);
}

/* The offset after the last "startxref" of the file's tail. */
static gboolean
find_prev_xref(const char *tail, gsize len, gsize *out)
{
	for (gsize i = len; i-- > 0;) {
		if (i + 9 <= len && !memcmp(tail + i, "startxref", 9)) {
			*out = (gsize)g_ascii_strtoull(tail + i + 9, NULL, 10);
			return *out > 0;
		}
	}
	return FALSE;
}

GString *
pb_pdf_pass(const char *path, const char *data, gsize size, const char *tail, gsize tail_len,
	    const pb_doc *doc, GError **error)
{
	gsize prev_xref = 0;
	if (!find_prev_xref(tail, tail_len, &prev_xref)) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
			    "cannot finish the PDF: Cairo's output has no startxref");
		return NULL;
	}
	qpdf_data q = qpdf_init();
	qpdf_silence_errors(q);
	qpdf_set_suppress_warnings(q, QPDF_TRUE);
	if (path)
		qpdf_read(q, path, NULL);
	else
		qpdf_read_memory(q, "cairo output", data, size, NULL);
	update u = {g_string_new(NULL), size, g_array_new(FALSE, FALSE, sizeof(xref_entry)), 0};
	gboolean ok = !failed(q, error);
	if (ok) {
		u.next =
		    (int)qpdf_oh_get_int_value(q, qpdf_oh_get_key(q, qpdf_get_trailer(q), "/Size"));
		int n = qpdf_get_num_pages(q);
		ok = !failed(q, error);
		if (ok && n != (int)doc->pages->len) {
			g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
				    "the PDF has %d pages, %u were drawn", n, doc->pages->len);
			ok = FALSE;
		}
		spot_objects so = {0};
		for (int i = 0; ok && i < n; i++)
			ok = update_page(&u, q, doc->pages->pdata[i], i, &so, error);
		if (ok && so.ocg) {
			/* the layer, on and listed, so viewers show it and cutters find it */
			qpdf_oh root = qpdf_get_root(q);
			g_autofree char *props =
			    g_strdup_printf("<< /OCGs [/paibanRef%d] /D << /Name (paiban) /Order "
					    "[/paibanRef%d] /ON [/paibanRef%d] >> >>",
					    so.ocg, so.ocg, so.ocg);
			qpdf_oh_replace_key(q, root, "/OCProperties", qpdf_oh_parse(q, props));
			rewrite(&u, q, root);
			ok = !failed(q, error);
		}
	}
	if (ok) {
		/* the document's identity: the hash of what it shows, else of its update */
		g_autofree char *id =
		    doc->id ? g_strndup(doc->id, 32)
			    : g_compute_checksum_for_data(G_CHECKSUM_MD5,
							  (const guchar *)u.body->str, u.body->len);
		finish_update(&u, q, prev_xref, id);
	}
	qpdf_cleanup(&q);
	g_array_unref(u.xref);
	if (!ok) {
		g_string_free(u.body, TRUE);
		return NULL;
	}
	return u.body;
}
