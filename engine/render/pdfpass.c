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
 * The update's syntax is pdfupdate.c's; the spot items' content and objects are pdfspot.c's,
 * drawn in a content stream of their own after Cairo's (wrapped in q ... Q so Cairo's state
 * cannot leak into it).  A document whose pages direct.c writes from its frames has them
 * written here instead of updated: Cairo drew only its template.
 */
#include "render-private.h"
#include "direct.h"
#include "pdfphotos.h"
#include "pdfspot.h"
#include "pdfupdate.h"

#include <qpdf/qpdf-c.h>
#include <string.h>
#include <zlib.h>

#define K (1 / PB_MM_PER_PT)
#define append_num pb_pdf_append_num

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

/* A page's boxes in PDF space: points, the origin at the bottom-left of the media. */
typedef struct page_boxes {
	double outer;   /* mm from the media's edge to the trim */
	double mw, mh;  /* the media box's width and height */
	double trim[4]; /* x0 y0 x1 y1 */
	double bleed[4];
} page_boxes;

static page_boxes
boxes_of(const pb_page *page)
{
	page_boxes pb = {.outer = page->bleed + page->slug};
	const double o = pb.outer * K, w = page->width * K, h = page->height * K;
	const double b = page->bleed * K;
	pb.mw = (page->width + 2 * pb.outer) * K, pb.mh = (page->height + 2 * pb.outer) * K;
	memcpy(pb.trim, (double[]){o, o, o + w, o + h}, sizeof pb.trim);
	memcpy(pb.bleed, (double[]){o - b, o - b, o + w + b, o + h + b}, sizeof pb.bleed);
	return pb;
}

/* "[x0 y0 x1 y1]" */
static void
append_box(GString *s, const double v[4])
{
	g_string_append_c(s, '[');
	for (int i = 0; i < 4; i++) {
		append_num(s, v[i]);
		g_string_append_c(s, i < 3 ? ' ' : ']');
	}
}

/* `key` of the page set to the box `v`, parsed once per document for all the pages that have
 * it (parsing, not building it number by number: qpdf's reals from doubles cost three times
 * more). */
static void
set_box(qpdf_data q, GHashTable *boxes, qpdf_oh page, const char *key, const double v[4])
{
	GString *spec = g_string_new(NULL);
	append_box(spec, v);
	gpointer box = g_hash_table_lookup(boxes, spec->str);
	if (!box) {
		box = GUINT_TO_POINTER(qpdf_oh_parse(q, spec->str));
		g_hash_table_insert(boxes, g_strdup(spec->str), box);
	}
	qpdf_oh_replace_key(q, page, key, GPOINTER_TO_UINT(box));
	g_string_free(spec, TRUE);
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
shows_twice(const GPtrArray *items)
{
	g_autoptr(GHashTable) seen = g_hash_table_new(NULL, NULL);
	return twice_in(items, seen);
}

/* Page `i`: its boxes, and its spot items when it has any. */
static gboolean
update_page(pb_pdf_update *u, qpdf_data q, const pb_page *page, int i, pb_spot_objects *so,
	    GError **error)
{
	qpdf_oh oh = qpdf_get_page_n(q, (size_t)i);
	if (failed(q, error))
		return FALSE;
	const page_boxes pb = boxes_of(page);
	set_box(q, so->boxes, oh, "/TrimBox", pb.trim);
	set_box(q, so->boxes, oh, "/BleedBox", pb.bleed);
	const double mw = pb.mw, mh = pb.mh;
	pb_spot_walk sw = {g_string_new(NULL), pb.outer, mh, NULL, 0};
	pb_matrix id = pb_matrix_identity();
	g_autoptr(GPtrArray) items = pb_page_items(page);
	pb_spot_items(&sw, items, &id, so->memo);
	qpdf_oh res = qpdf_oh_get_key(q, oh, "/Resources");
	if (sw.count) {
		int form = pb_spot_form(u, so, &sw, mw, mh);
		g_autofree char *name = g_strdup_printf("/pbCut%d", form);
		int content =
		    GPOINTER_TO_INT(g_hash_table_lookup(so->calls, GINT_TO_POINTER(form)));
		if (!content) {
			content = u->next++;
			g_autofree char *call = g_strdup_printf("Q\n%s Do", name);
			pb_pdf_stream(u, content, call, strlen(call));
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
			g_autofree char *open = pb_pdf_ref(so->open), *ours = pb_pdf_ref(content);
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
		pb_pdf_add_resource(q, res, "/XObject", name, form);
	}
	/* Written again whenever it changed, and when it names an XObject twice (the dictionary
	 * qpdf parsed has each name once). */
	if (qpdf_oh_is_indirect(q, res) && (sw.count || shows_twice(items)))
		pb_pdf_rewrite(u, q, res);
	g_string_free(sw.ops, TRUE);
	pb_pdf_rewrite(u, q, oh);
	return !failed(q, error);
}

/* A page's content stream, object `num`.  A sheet's text is 3.5 KB raw and deflates to a
 * third, fast, with the state `z` kept from page to page; a card's 600 bytes stay as they are
 * (as small as Cairo wrote them, and deflating 2,000 of them would be a tenth of their build). */
static void
write_content(pb_pdf_update *u, int num, const GString *content, z_stream *z, GByteArray *packed)
{
	if (content->len >= 1024 && content->len <= G_MAXUINT32 / 2 && deflateReset(z) == Z_OK) {
		g_byte_array_set_size(packed, deflateBound(z, content->len));
		z->next_in = (Bytef *)content->str;
		z->avail_in = (uInt)content->len;
		z->next_out = packed->data;
		z->avail_out = packed->len;
		if (deflate(z, Z_FINISH) == Z_STREAM_END) {
			pb_pdf_stream_dict(u, num, "/Filter /FlateDecode ",
					   (const char *)packed->data, z->total_out);
			return;
		}
	}
	pb_pdf_stream(u, num, content->str, content->len);
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

/* Each page's own resources, for a document that places photos of its own (pdfphotos.c): so
 * that a page names the few photos it shows, not the thousand of the roll (a page taken out of
 * the file takes its resources with it).  What the template's resources hold, by name, and
 * the photos written so far. */
typedef struct page_resources {
	int fonts;             /* the template's /Font dictionary, written once as this object (0:
				* none) */
	GHashTable *refs;      /* XObject name -> "12 0 R", the template's; owned strings */
	int *photo;            /* per own photo: its object, 0 until written */
	pb_direct_names names; /* the page's, pb_direct_page_content's */
	GString *text;
} page_resources;

static void
page_resources_init(page_resources *pr, pb_pdf_update *u, qpdf_data q, qpdf_oh res,
		    const pb_direct *d)
{
	qpdf_oh fonts = qpdf_oh_get_key(q, res, "/Font");
	if (qpdf_oh_is_dictionary(q, fonts)) { /* none when the pages show no text */
		pr->fonts = u->next++;
		pb_pdf_write_as(u, q, fonts, pr->fonts);
	}
	pr->refs = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	qpdf_oh xo = qpdf_oh_get_key(q, res, "/XObject");
	if (qpdf_oh_is_dictionary(q, xo)) {
		g_autoptr(GPtrArray) names = g_ptr_array_new();
		qpdf_oh_begin_dict_key_iter(q, xo);
		while (qpdf_oh_dict_more_keys(q))
			g_ptr_array_add(names, g_strdup(qpdf_oh_dict_next_key(q)));
		for (guint i = 0; i < names->len; i++) {
			qpdf_oh v = qpdf_oh_get_key(q, xo, names->pdata[i]);
			g_hash_table_insert(pr->refs, names->pdata[i],
					    qpdf_oh_is_indirect(q, v)
						? g_strdup_printf("%d %d R",
								  qpdf_oh_get_object_id(q, v),
								  qpdf_oh_get_generation(q, v))
						: g_strdup(qpdf_oh_unparse(q, v)));
		}
	}
	pr->photo = g_new0(int, MAX(pb_direct_own_count(d), 1));
	pr->names.xobjects = g_ptr_array_new();
	pr->names.own = g_array_new(FALSE, FALSE, sizeof(guint));
	pr->text = g_string_sized_new(256);
}

static void
page_resources_clear(page_resources *pr)
{
	g_clear_pointer(&pr->refs, g_hash_table_unref);
	g_clear_pointer(&pr->photo, g_free);
	g_clear_pointer(&pr->names.xobjects, g_ptr_array_unref);
	g_clear_pointer(&pr->names.own, g_array_unref);
	if (pr->text)
		g_string_free(g_steal_pointer(&pr->text), TRUE);
}

/* The page's resources dictionary as a new object, its photos written first where this is
 * their first page; 0 with `error` and `failed_at` when a photo cannot be read. */
static int
page_resources_write(page_resources *pr, pb_pdf_update *u, const pb_direct *d, int spot_form,
		     pb_loc *failed_at, GError **error)
{
	GString *t = pr->text;
	g_string_assign(t, "<< ");
	if (pr->fonts) {
		g_string_append(t, "/Font ");
		pb_pdf_append_int(t, pr->fonts);
		g_string_append(t, " 0 R ");
	}
	g_string_append(t, "/XObject <<");
	for (guint i = 0; i < pr->names.xobjects->len; i++) {
		const char *name = pr->names.xobjects->pdata[i];
		const char *ref = g_hash_table_lookup(pr->refs, name);
		if (ref) {
			g_string_append_c(t, ' ');
			g_string_append(t, name);
			g_string_append_c(t, ' ');
			g_string_append(t, ref);
		}
	}
	for (guint i = 0; i < pr->names.own->len; i++) {
		guint k = g_array_index(pr->names.own, guint, i);
		if (!pr->photo[k]) {
			pr->photo[k] =
			    pb_pdf_photo_object(u, pb_direct_own_item(d, k), failed_at, error);
			if (!pr->photo[k])
				return 0;
		}
		g_string_append(t, " /pbIm");
		pb_pdf_append_int(t, k);
		g_string_append_c(t, ' ');
		pb_pdf_append_int(t, pr->photo[k]);
		g_string_append(t, " 0 R");
	}
	if (spot_form) {
		g_string_append(t, " /pbCut");
		pb_pdf_append_int(t, spot_form);
		g_string_append_c(t, ' ');
		pb_pdf_append_int(t, spot_form);
		g_string_append(t, " 0 R");
	}
	g_string_append(t, " >> >>");
	const int num = u->next++;
	pb_pdf_object(u, num, t->str);
	return num;
}

/* The pages of a document written from its frames (direct.c): for each, a content stream and a
 * page dictionary naming one resources dictionary that every page shares (Cairo's template
 * page's, with the spot forms added), or, when the pages place photos of their own, one of
 * each page's; then the page tree, which names them instead of the template. */
static gboolean
direct_pages(pb_pdf_update *u, qpdf_data q, const pb_doc *doc, const pb_direct *d,
	     pb_spot_objects *so, pb_loc *failed_at, GError **error)
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
	const gboolean own = pb_direct_own_count(d) > 0;
	page_resources pr = {0};
	if (own)
		page_resources_init(&pr, u, q, res, d);
	const int tree_num = qpdf_oh_get_object_id(q, tree), res_num = own ? 0 : u->next++;
	GString *kids = g_string_new(NULL);
	GString *content = g_string_sized_new(4096), *dict = g_string_sized_new(512);
	g_autoptr(GHashTable) spot_forms = g_hash_table_new(NULL, NULL);
	/* the last page's size and boxes: most documents have one size */
	double last[4] = {-1, -1, -1, -1};
	GString *boxes = g_string_new(NULL), *last_ops = g_string_new(NULL);
	z_stream z = {0};
	if (deflateInit(&z, 1) != Z_OK)
		z.state = NULL;
	GByteArray *packed = g_byte_array_new();
	int last_form = 0;
	double last_mw = 0, last_mh = 0;
	gboolean ok = TRUE;
	/* a failed drain (a full disk, an interrupt) ends the pages: the pass reports it */
	for (guint i = 0; ok && i < doc->pages->len && !u->drain_error; i++) {
		const pb_page *page = doc->pages->pdata[i];
		const page_boxes pb = boxes_of(page);
		const double mw = pb.mw, mh = pb.mh;
		g_string_truncate(content, 0);
		if (own) {
			g_ptr_array_set_size(pr.names.xobjects, 0);
			g_array_set_size(pr.names.own, 0);
		}
		/* a page filled when asked is filled once here, for its content and its cut */
		g_autoptr(GPtrArray) items = pb_page_items(page);
		pb_direct_page_content(d, doc, page, items, content, own ? &pr.names : NULL);
		pb_spot_walk sw = {g_string_new(NULL), pb.outer, mh, NULL, 0};
		pb_matrix id = pb_matrix_identity();
		pb_spot_items(&sw, items, &id, so->memo);
		if (sw.count) {
			/* most pages have the page before's cut: its form, without looking it up */
			if (!last_form || mw != last_mw || mh != last_mh ||
			    strcmp(sw.ops->str, last_ops->str)) {
				g_string_assign(last_ops, sw.ops->str);
				last_form = pb_spot_form(u, so, &sw, mw, mh);
				last_mw = mw, last_mh = mh;
				g_hash_table_add(spot_forms, GINT_TO_POINTER(last_form));
			}
			g_string_append(content, "/pbCut");
			pb_pdf_append_int(content, last_form);
			g_string_append(content, " Do\n");
		}
		g_string_free(sw.ops, TRUE);
		const int page_res = own ? page_resources_write(&pr, u, d, sw.count ? last_form : 0,
								failed_at, error)
					 : res_num;
		if (!page_res) {
			ok = FALSE;
			break;
		}
		const int content_num = u->next++, page_num = u->next++;
		write_content(u, content_num, content, &z, packed);
		if (page->width != last[0] || page->height != last[1] || page->bleed != last[2] ||
		    page->slug != last[3]) {
			g_string_assign(boxes, "/MediaBox ");
			append_box(boxes, (double[]){0, 0, mw, mh});
			g_string_append(boxes, " /TrimBox ");
			append_box(boxes, pb.trim);
			g_string_append(boxes, " /BleedBox ");
			append_box(boxes, pb.bleed);
			last[0] = page->width, last[1] = page->height;
			last[2] = page->bleed, last[3] = page->slug;
		}
		/* a page's numbers without printf: 20,000 cards make 40,000 pages */
		g_string_assign(dict, "<< /Type /Page /Parent ");
		pb_pdf_append_int(dict, tree_num);
		g_string_append(dict, " 0 R ");
		g_string_append(dict, boxes->str);
		g_string_append_c(dict, ' ');
		g_string_append(dict, group);
		g_string_append(dict, "/Resources ");
		pb_pdf_append_int(dict, page_res);
		g_string_append(dict, " 0 R /Contents ");
		pb_pdf_append_int(dict, content_num);
		g_string_append(dict, " 0 R >>");
		pb_pdf_object(u, page_num, dict->str);
		pb_pdf_append_int(kids, page_num);
		g_string_append(kids, " 0 R ");
		pb_pdf_update_drain(u);
	}
	/* the shared resources: the template's, and the spot forms the pages place */
	GHashTableIter it;
	gpointer form;
	g_hash_table_iter_init(&it, spot_forms);
	while (g_hash_table_iter_next(&it, &form, NULL)) {
		g_autofree char *name = g_strdup_printf("/pbCut%d", GPOINTER_TO_INT(form));
		pb_pdf_add_resource(q, res, "/XObject", name, GPOINTER_TO_INT(form));
	}
	if (!own)
		pb_pdf_write_as(u, q, res, res_num);
	page_resources_clear(&pr);
	/* the template's metadata is one document's of its family: this one's */
	qpdf_oh info = qpdf_oh_get_key(q, qpdf_get_trailer(q), "/Info");
	if (qpdf_oh_is_dictionary(q, info)) {
		if (doc->title)
			qpdf_oh_replace_key(q, info, "/Title",
					    qpdf_oh_new_unicode_string(q, doc->title));
		else
			qpdf_oh_remove_key(q, info, "/Title");
		if (doc->author)
			qpdf_oh_replace_key(q, info, "/Author",
					    qpdf_oh_new_unicode_string(q, doc->author));
		else
			qpdf_oh_remove_key(q, info, "/Author");
		pb_pdf_rewrite(u, q, info);
	}
	g_autofree char *tree_text =
	    g_strdup_printf("<< /Type /Pages /Kids [%s] /Count %u >>", kids->str, doc->pages->len);
	pb_pdf_object(u, tree_num, tree_text);
	g_string_free(kids, TRUE);
	g_string_free(content, TRUE);
	g_string_free(dict, TRUE);
	g_string_free(boxes, TRUE);
	g_string_free(last_ops, TRUE);
	g_byte_array_unref(packed);
	deflateEnd(&z);
	return ok && !failed(q, error);
}

GString *
pb_pdf_pass(const char *path, const char *data, gsize size, const char *tail, gsize tail_len,
	    const pb_doc *doc, const pb_direct *direct, pb_pdf_drain_fn drain, gpointer drain_to,
	    pb_loc *failed_at, GError **error)
{
	gsize prev_xref = 0;
	if (!pb_pdf_find_prev_xref(tail, tail_len, &prev_xref)) {
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
	pb_pdf_update u;
	/* drained as it grows; an identity that hashes the update's bytes hashes them as they go */
	gboolean drains = drain != NULL;
	gsize reserve = direct ? doc->pages->len * (gsize)1536 : 4096;
	pb_pdf_update_init(&u, size, drains ? MIN(reserve, pb_pdf_drain_at + (64u << 10)) : reserve,
			   0);
	if (drains)
		u.drain = drain, u.drain_to = drain_to;
	if (drains && !doc->id)
		u.drained = g_checksum_new(G_CHECKSUM_MD5);
	gboolean ok = !failed(q, error);
	if (ok) {
		u.next =
		    (int)qpdf_oh_get_int_value(q, qpdf_oh_get_key(q, qpdf_get_trailer(q), "/Size"));
		int n = qpdf_get_num_pages(q);
		ok = !failed(q, error);
		if (ok &&
		    n != (direct ? (int)pb_direct_template_pages(direct) : (int)doc->pages->len)) {
			g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
				    "the PDF has %d pages, %u were drawn", n,
				    direct ? pb_direct_template_pages(direct) : doc->pages->len);
			ok = FALSE;
		}
		pb_spot_objects so;
		pb_spot_objects_init(&so);
		if (ok && direct)
			ok = direct_pages(&u, q, doc, direct, &so, failed_at, error);
		for (int i = 0; ok && !direct && !u.drain_error && i < n; i++) {
			ok = update_page(&u, q, doc->pages->pdata[i], i, &so, error);
			pb_pdf_update_drain(&u);
		}
		pb_spot_objects_clear(&so);
		if (ok && so.ocg) {
			/* the layer, on and listed, so viewers show it and cutters find it */
			qpdf_oh root = qpdf_get_root(q);
			g_autofree char *props =
			    g_strdup_printf("<< /OCGs [/paibanRef%d] /D << /Name (paiban) /Order "
					    "[/paibanRef%d] /ON [/paibanRef%d] >> >>",
					    so.ocg, so.ocg, so.ocg);
			qpdf_oh_replace_key(q, root, "/OCProperties", qpdf_oh_parse(q, props));
			pb_pdf_rewrite(&u, q, root);
			ok = !failed(q, error);
		}
	}
	if (ok && u.drain_error) {
		g_propagate_error(error, g_steal_pointer(&u.drain_error));
		ok = FALSE;
	}
	if (ok) {
		/* the document's identity: the hash of what it shows, else of its update */
		g_autofree char *id = doc->id ? g_strndup(doc->id, 32) : pb_pdf_update_md5(&u);
		pb_pdf_update_finish(&u, q, prev_xref, id);
	}
	qpdf_cleanup(&q);
	GString *body = ok ? g_steal_pointer(&u.body) : NULL;
	pb_pdf_update_clear(&u);
	return body;
}
