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
#include "direct.h"

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

/* Numbers to four decimals (points to 1/10000, far below any device's resolution), the same
 * on every machine. */
#define append_num pb_pdf_append_num

static void
op_point(spot_walk *sw, const pb_matrix *m, double x, double y, const char *op)
{
	double px, py;
	pdf_point(sw, m, x, y, &px, &py);
	append_num(sw->ops, px);
	g_string_append_c(sw->ops, ' ');
	append_num(sw->ops, py);
	g_string_append_c(sw->ops, ' ');
	g_string_append(sw->ops, op);
	g_string_append_c(sw->ops, '\n');
}

static void
op_curve(spot_walk *sw, const pb_matrix *m, const double *p)
{
	for (int i = 0; i < 3; i++) {
		double px, py;
		pdf_point(sw, m, p[2 * i], p[2 * i + 1], &px, &py);
		append_num(sw->ops, px);
		g_string_append_c(sw->ops, ' ');
		append_num(sw->ops, py);
		g_string_append_c(sw->ops, ' ');
	}
	g_string_append(sw->ops, "c\n");
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
	if (p->stroke) {
		g_string_append(sw->ops, "/pbSpot CS 1 SCN ");
		append_num(sw->ops, p->stroke_width * scale * K);
		g_string_append(sw->ops, " w\n");
	}
	if (it->kind == PB_ITEM_PATH)
		spot_path(sw, it, to_page);
	else
		spot_rect(sw, it, to_page);
	g_string_append(sw->ops, p->fill && p->stroke ? "B\nQ\n" : p->fill ? "f\nQ\n" : "S\nQ\n");
	sw->count++;
}

/* Shared children placed by the same transform give the same spot content: the die-cut of
 * 2,000 cards is computed once, not formatted again for every page. */
typedef struct spot_key {
	gconstpointer children;
	double m[6];
} spot_key;

typedef struct spot_memo {
	char *ops;
	guint count;
	const pb_spot *spot;
} spot_memo;

static guint
spot_key_hash(gconstpointer p)
{
	const guchar *b = p;
	guint h = 2166136261u; /* FNV-1a over the key's bytes */
	for (gsize i = 0; i < sizeof(spot_key); i++)
		h = (h ^ b[i]) * 16777619u;
	return h;
}

static gboolean
spot_key_equal(gconstpointer a, gconstpointer b)
{
	return !memcmp(a, b, sizeof(spot_key));
}

static void
spot_memo_free(gpointer p)
{
	spot_memo *m = p;
	g_free(m->ops);
	g_free(m);
}

static void
spot_items(spot_walk *sw, const GPtrArray *items, const pb_matrix *m, GHashTable *memo)
{
	for (guint i = 0; i < items->len; i++) {
		const pb_item *it = items->pdata[i];
		if (it->kind != PB_ITEM_GROUP) {
			collect_spot(it, m, sw);
			continue;
		}
		pb_matrix inner = pb_matrix_group(m, it);
		if (!it->group.shared) {
			spot_items(sw, it->group.children, &inner, memo);
			continue;
		}
		spot_key key = {it->group.children,
				{inner.xx, inner.yx, inner.xy, inner.yy, inner.x0, inner.y0}};
		spot_memo *known = g_hash_table_lookup(memo, &key);
		if (!known) {
			spot_walk sub = {g_string_new(NULL), sw->outer, sw->mh, NULL, 0};
			spot_items(&sub, it->group.children, &inner, memo);
			known = g_new0(spot_memo, 1);
			known->count = sub.count;
			known->spot = sub.spot;
			known->ops = g_string_free(sub.ops, FALSE);
			g_hash_table_insert(memo, g_memdup2(&key, sizeof key), known);
		}
		g_string_append(sw->ops, known->ops);
		sw->count += known->count;
		if (!sw->spot)
			sw->spot = known->spot;
	}
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

/* A stream object; `dict` holds the dictionary's entries besides /Length (may be "") */
static void
stream_object_dict(update *u, int num, const char *dict, const char *data, gsize len)
{
	begin_object(u, num);
	g_string_append_printf(u->body, "<< %s/Length %zu >>\nstream\n", dict, len);
	g_string_append_len(u->body, data, (gssize)len);
	g_string_append(u->body, "\nendstream\nendobj\n");
}

static void
stream_object(update *u, int num, const char *data, gsize len)
{
	stream_object_dict(u, num, "", data, len);
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

/* An object as qpdf now holds it (with our keys), written under number `num`. */
static void
write_as(update *u, qpdf_data q, qpdf_oh oh, int num)
{
	static GRegex *re;
	if (g_once_init_enter(&re)) {
		GRegex *r = g_regex_new("/paibanRef([0-9]+)", G_REGEX_OPTIMIZE, 0, NULL);
		g_once_init_leave(&re, r);
	}
	const char *text = qpdf_oh_unparse_resolved(q, oh);
	g_autofree char *fixed =
	    strstr(text, "/paibanRef")
		? g_regex_replace_eval(re, text, -1, 0, 0, placeholder_to_ref, NULL, NULL)
		: NULL;
	object(u, num, fixed ? fixed : text);
}

/* An existing object written again under its number. */
static void
rewrite(update *u, qpdf_data q, qpdf_oh oh)
{
	write_as(u, q, oh, qpdf_oh_get_object_id(q, oh));
}

/* `key` of dictionary `res`, made a direct dictionary if absent, with `name` -> object `num`. */
static void
add_resource(qpdf_data q, qpdf_oh res, const char *key, const char *name, int num)
{
	qpdf_oh sub = qpdf_oh_get_key(q, res, key);
	if (!qpdf_oh_is_dictionary(q, sub)) {
		g_autofree char *dict = g_strdup_printf("<< %s /paibanRef%d >>", name, num);
		qpdf_oh_replace_key(q, res, key, qpdf_oh_parse(q, dict));
		return;
	}
	g_autofree char *value = ref(num);
	qpdf_oh_replace_key(q, sub, name, qpdf_oh_new_name(q, value));
}

/* `key` of the page set to the box [x0 y0 x1 y1], parsed once per document for all the pages
 * that have it (parsing, not building it number by number: qpdf's reals from doubles cost
 * three times more). */
static void
set_box(qpdf_data q, GHashTable *boxes, qpdf_oh page, const char *key, double x0, double y0,
	double x1, double y1)
{
	GString *spec = g_string_new("[");
	const double v[4] = {x0, y0, x1, y1};
	for (int i = 0; i < 4; i++) {
		append_num(spec, v[i]);
		g_string_append_c(spec, i < 3 ? ' ' : ']');
	}
	gpointer box = g_hash_table_lookup(boxes, spec->str);
	if (!box) {
		box = GUINT_TO_POINTER(qpdf_oh_parse(q, spec->str));
		g_hash_table_insert(boxes, g_strdup(spec->str), box);
	}
	qpdf_oh_replace_key(q, page, key, GPOINTER_TO_UINT(box));
	g_string_free(spec, TRUE);
}

/* The objects every page with a spot item refers to, made once per document, and the content
 * streams of the spot items, one per distinct content: the cut of 2,000 cards that all have the
 * same window is one stream that every page names. */
typedef struct spot_objects {
	int ocg, space, gstate, open; /* 0 until made */
	GHashTable *forms;            /* content text -> the Form XObject that draws it */
	GHashTable *calls;            /* form number -> the content stream that places it */
	GHashTable *memo;             /* spot_key -> spot_memo */
	GHashTable *boxes;            /* box text -> its parsed array, for every page */
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

/* The spot items of a page (`sw`, in a media box of mw × mh pt) as a Form XObject with their
 * own resources (colour space, overprint, layer), one per distinct content: 2,000 cards with
 * the same window share one.  Its object number. */
static int
spot_form(update *u, spot_objects *so, spot_walk *sw, double mw, double mh)
{
	make_spot_objects(u, so, sw->spot);
	g_autofree char *bbox = g_strdup_printf("[0 0 %.4f %.4f]", mw, mh);
	g_string_prepend(sw->ops, bbox);
	int form = GPOINTER_TO_INT(g_hash_table_lookup(so->forms, sw->ops->str));
	if (!form) {
		form = u->next++;
		g_autofree char *dict = g_strdup_printf(
		    "/Type /XObject /Subtype /Form /BBox %s /Resources << /ColorSpace << "
		    "/pbSpot %d 0 R >> /ExtGState << /pbOP %d 0 R >> /Properties << /pbCut "
		    "%d 0 R >> >> ",
		    bbox, so->space, so->gstate, so->ocg);
		g_autofree char *body =
		    g_strdup_printf("/OC /pbCut BDC\n%sEMC", sw->ops->str + strlen(bbox));
		stream_object_dict(u, form, dict, body, strlen(body));
		g_hash_table_insert(so->forms, g_strdup(sw->ops->str), GINT_TO_POINTER(form));
	}
	return form;
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
	set_box(q, so->boxes, oh, "/TrimBox", o, o, o + w, o + h);
	set_box(q, so->boxes, oh, "/BleedBox", o - b, o - b, o + w + b, o + h + b);

	double mw = (page->width + 2 * outer) * K, mh = (page->height + 2 * outer) * K;
	spot_walk sw = {g_string_new(NULL), outer, mh, NULL, 0};
	pb_matrix id = pb_matrix_identity();
	spot_items(&sw, page->items, &id, so->memo);
	qpdf_oh res = qpdf_oh_get_key(q, oh, "/Resources");
	if (sw.count) {
		int form = spot_form(u, so, &sw, mw, mh);
		g_autofree char *name = g_strdup_printf("/pbCut%d", form);
		int content =
		    GPOINTER_TO_INT(g_hash_table_lookup(so->calls, GINT_TO_POINTER(form)));
		if (!content) {
			content = u->next++;
			g_autofree char *call = g_strdup_printf("Q\n%s Do", name);
			stream_object(u, content, call, strlen(call));
			g_hash_table_insert(so->calls, GINT_TO_POINTER(form),
					    GINT_TO_POINTER(content));
		}
		/* [q, Cairo's content, Q + ours]: Cairo's graphics state ends where ours begins.
		 * Built item by item: the C API's parse cannot take references.  Cairo 1.16 writes
		 * one content stream a page, by reference: it is not resolved (that would read
		 * its dictionary from the file for nothing). */
		qpdf_oh old = qpdf_oh_get_key(q, oh, "/Contents");
		qpdf_oh contents;
		if (qpdf_oh_is_indirect(q, old)) {
			/* the common case, in one parse: Cairo's stream is named by placeholder too
			 */
			g_autofree char *spec =
			    g_strdup_printf("[/paibanRef%d /paibanRef%d /paibanRef%d]", so->open,
					    qpdf_oh_get_object_id(q, old), content);
			contents = qpdf_oh_parse(q, spec);
		} else {
			contents = qpdf_oh_new_array(q);
			g_autofree char *open = ref(so->open), *ours = ref(content);
			qpdf_oh_append_item(q, contents, qpdf_oh_new_name(q, open));
			if (qpdf_oh_is_array(q, old))
				for (int k = 0; k < qpdf_oh_get_array_n_items(q, old); k++)
					qpdf_oh_append_item(q, contents,
							    qpdf_oh_get_array_item(q, old, k));
			else
				qpdf_oh_append_item(q, contents, old);
			qpdf_oh_append_item(q, contents, qpdf_oh_new_name(q, ours));
		}
		qpdf_oh_replace_key(q, oh, "/Contents", contents);
		add_resource(q, res, "/XObject", name, form);
	}
	/* Written again whenever it changed, and when it names an XObject twice (the dictionary
	 * qpdf parsed has each name once). */
	if (qpdf_oh_is_indirect(q, res) && (sw.count || shows_twice(page)))
		rewrite(u, q, res);
	g_string_free(sw.ops, TRUE);
	rewrite(u, q, oh);
	return !failed(q, error);
}

/* The box [x0 y0 x1 y1] after `key` */
static void
box(GString *s, const char *key, double x0, double y0, double x1, double y1)
{
	g_string_append(s, key);
	g_string_append(s, " [");
	const double v[4] = {x0, y0, x1, y1};
	for (int i = 0; i < 4; i++) {
		append_num(s, v[i]);
		g_string_append_c(s, i < 3 ? ' ' : ']');
	}
}

/* What the pages written from frames name: the forms of the template's pages and the fonts of
 * its last, in one new dictionary. */
static qpdf_oh
template_resources(qpdf_data q)
{
	qpdf_oh res = qpdf_oh_new_dictionary(q), forms = qpdf_oh_new_dictionary(q);
	int n = qpdf_get_num_pages(q);
	for (int i = 0; i < n; i++) {
		qpdf_oh page_res = qpdf_oh_get_key(q, qpdf_get_page_n(q, (size_t)i), "/Resources");
		qpdf_oh xo = qpdf_oh_get_key(q, page_res, "/XObject");
		if (i == n - 1)
			qpdf_oh_replace_key(q, res, "/Font", qpdf_oh_get_key(q, page_res, "/Font"));
		if (!qpdf_oh_is_dictionary(q, xo))
			continue;
		g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
		qpdf_oh_begin_dict_key_iter(q, xo);
		while (qpdf_oh_dict_more_keys(q))
			g_ptr_array_add(names, g_strdup(qpdf_oh_dict_next_key(q)));
		for (guint k = 0; k < names->len; k++)
			qpdf_oh_replace_key(q, forms, names->pdata[k],
					    qpdf_oh_get_key(q, xo, names->pdata[k]));
	}
	qpdf_oh_replace_key(q, res, "/XObject", forms);
	return res;
}

/* The pages of a document written from its frames (direct.c): for each, a content stream and a
 * page dictionary naming one resources dictionary that every page shares (Cairo's template
 * page's, with the spot forms added); then the page tree, which names them instead of the
 * template. */
static gboolean
direct_pages(update *u, qpdf_data q, const pb_doc *doc, const pb_direct *d, spot_objects *so,
	     GError **error)
{
	qpdf_oh tpl = qpdf_get_page_n(q, 0);
	qpdf_oh tree = qpdf_oh_get_key(q, qpdf_get_root(q), "/Pages");
	qpdf_oh res = template_resources(q);
	if (failed(q, error))
		return FALSE;
	/* Cairo's transparency group, as its pages have it */
	g_autofree char *group =
	    qpdf_oh_has_key(q, tpl, "/Group")
		? g_strdup_printf("/Group %s ",
				  qpdf_oh_unparse(q, qpdf_oh_get_key(q, tpl, "/Group")))
		: g_strdup("");
	const int tree_num = qpdf_oh_get_object_id(q, tree), res_num = u->next++;
	GString *kids = g_string_new(NULL);
	GString *content = g_string_sized_new(4096), *dict = g_string_sized_new(512);
	g_autoptr(GHashTable) spot_forms = g_hash_table_new(NULL, NULL);
	/* the last page's size and boxes: most documents have one size */
	double last[4] = {-1, -1, -1, -1};
	GString *boxes = g_string_new(NULL), *last_ops = g_string_new(NULL);
	int last_form = 0;
	double last_mw = 0, last_mh = 0;
	for (guint i = 0; i < doc->pages->len; i++) {
		const pb_page *page = doc->pages->pdata[i];
		const double outer = page->bleed + page->slug;
		const double mw = (page->width + 2 * outer) * K,
			     mh = (page->height + 2 * outer) * K;
		g_string_truncate(content, 0);
		pb_direct_page_content(d, doc, page, content);
		spot_walk sw = {g_string_new(NULL), outer, mh, NULL, 0};
		pb_matrix id = pb_matrix_identity();
		spot_items(&sw, page->items, &id, so->memo);
		if (sw.count) {
			/* most pages have the page before's cut: its form, without looking it up */
			if (!last_form || mw != last_mw || mh != last_mh ||
			    strcmp(sw.ops->str, last_ops->str)) {
				g_string_assign(last_ops, sw.ops->str);
				last_form = spot_form(u, so, &sw, mw, mh);
				last_mw = mw, last_mh = mh;
				g_hash_table_add(spot_forms, GINT_TO_POINTER(last_form));
			}
			g_string_append_printf(content, "/pbCut%d Do\n", last_form);
		}
		g_string_free(sw.ops, TRUE);
		const int content_num = u->next++, page_num = u->next++;
		stream_object(u, content_num, content->str, content->len);
		if (page->width != last[0] || page->height != last[1] || page->bleed != last[2] ||
		    page->slug != last[3]) {
			const double o = outer * K, w = page->width * K, h = page->height * K;
			const double b = page->bleed * K;
			g_string_truncate(boxes, 0);
			box(boxes, "/MediaBox", 0, 0, mw, mh);
			box(boxes, " /TrimBox", o, o, o + w, o + h);
			box(boxes, " /BleedBox", o - b, o - b, o + w + b, o + h + b);
			last[0] = page->width, last[1] = page->height;
			last[2] = page->bleed, last[3] = page->slug;
		}
		g_string_printf(dict,
				"<< /Type /Page /Parent %d 0 R %s %s/Resources %d 0 R "
				"/Contents %d 0 R >>",
				tree_num, boxes->str, group, res_num, content_num);
		object(u, page_num, dict->str);
		g_string_append_printf(kids, "%d 0 R ", page_num);
	}
	/* the shared resources: the template's, and the spot forms the pages place */
	GHashTableIter it;
	gpointer form;
	g_hash_table_iter_init(&it, spot_forms);
	while (g_hash_table_iter_next(&it, &form, NULL)) {
		g_autofree char *name = g_strdup_printf("/pbCut%d", GPOINTER_TO_INT(form));
		add_resource(q, res, "/XObject", name, GPOINTER_TO_INT(form));
	}
	write_as(u, q, res, res_num);
	/* the template's metadata is one document's of its family: this one's */
	qpdf_oh info = qpdf_oh_get_key(q, qpdf_get_trailer(q), "/Info");
	if (qpdf_oh_is_dictionary(q, info)) {
		if (doc->title)
			qpdf_oh_replace_key(q, info, "/Title",
					    qpdf_oh_new_unicode_string(q, doc->title));
		if (doc->author)
			qpdf_oh_replace_key(q, info, "/Author",
					    qpdf_oh_new_unicode_string(q, doc->author));
		rewrite(u, q, info);
	}
	g_autofree char *tree_text =
	    g_strdup_printf("<< /Type /Pages /Kids [%s] /Count %u >>", kids->str, doc->pages->len);
	object(u, tree_num, tree_text);
	g_string_free(kids, TRUE);
	g_string_free(content, TRUE);
	g_string_free(dict, TRUE);
	g_string_free(boxes, TRUE);
	g_string_free(last_ops, TRUE);
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
	    const pb_doc *doc, const pb_direct *direct, GError **error)
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
	/* Cairo's file is read from memory, mapped: qpdf reading it through stdio seeks and reads
	 * for every object it resolves, a system call or two each, thousands for a long document */
	g_autoptr(GMappedFile) mapped = NULL;
	if (path) {
		g_autoptr(GError) map_error = NULL;
		mapped = g_mapped_file_new(path, FALSE, &map_error);
		if (!mapped) {
			g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
				    "cannot finish the PDF: %s", map_error->message);
			qpdf_cleanup(&q);
			return NULL;
		}
		data = g_mapped_file_get_contents(mapped);
	}
	qpdf_read_memory(q, "cairo output", data, size, NULL);
	/* pages written here take a kilobyte or so each */
	update u = {g_string_sized_new(direct ? doc->pages->len * 1536 : 4096), size,
		    g_array_new(FALSE, FALSE, sizeof(xref_entry)), 0};
	gboolean ok = !failed(q, error);
	if (ok) {
		u.next =
		    (int)qpdf_oh_get_int_value(q, qpdf_oh_get_key(q, qpdf_get_trailer(q), "/Size"));
		int n = qpdf_get_num_pages(q);
		ok = !failed(q, error);
		if (ok &&
		    n != (direct ? (int)pb_direct_template_pages(direct) : (int)doc->pages->len)) {
			g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
				    "the PDF has %d pages, %u were drawn", n, doc->pages->len);
			ok = FALSE;
		}
		spot_objects so = {0};
		so.forms = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
		so.calls = g_hash_table_new(NULL, NULL);
		so.memo =
		    g_hash_table_new_full(spot_key_hash, spot_key_equal, g_free, spot_memo_free);
		so.boxes = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
		if (ok && direct)
			ok = direct_pages(&u, q, doc, direct, &so, error);
		for (int i = 0; ok && !direct && i < n; i++)
			ok = update_page(&u, q, doc->pages->pdata[i], i, &so, error);
		g_hash_table_unref(so.forms);
		g_hash_table_unref(so.calls);
		g_hash_table_unref(so.memo);
		g_hash_table_unref(so.boxes);
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
