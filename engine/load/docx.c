/* docx.c — paragraphs and tables out of a .docx, with libgsf (the zip) and libxml2 (the XML).
 *
 * The only file that includes <gsf/...> and <libxml/...> (tools/lint-headers.sh).  The body
 * part is found through the package's relationships (_rels/.rels, type officeDocument), as
 * Word, WPS and LibreOffice all write it, and falls back to word/document.xml.  Elements are
 * matched by local name in the WordprocessingML namespace (transitional or strict).
 *
 * What is text: w:t, with w:tab as a space and w:br/w:cr as a line break; w:ins (inserted,
 * tracked) counts, w:del (deleted, tracked) does not; field codes (w:instrText) do not;
 * drawings and text boxes (w:drawing, w:pict, mc:AlternateContent) are left out, since their
 * fallback copies would repeat the text.  A table's cell is its paragraphs joined by '\n'
 * (a table inside a cell is flattened into it).
 *
 * Hostile files: the XML is parsed without network, DTD loading or entity substitution (an
 * entity stays unexpanded, so "billion laughs" costs nothing), libxml2's depth limit applies,
 * and the part is refused above PB_DOCX_MAX_PART before it is unzipped.
 */
#include "docx.h"

#include <gsf/gsf-infile-zip.h>
#include <gsf/gsf-infile.h>
#include <gsf/gsf-input-stdio.h>
#include <gsf/gsf-utils.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include <stdio.h>
#include <string.h>

G_DEFINE_QUARK(pb - docx - error - quark, pb_docx_error)

static const char *const word_namespaces[] = {
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",
    NULL,
};

static void
libraries_init(void)
{
	static gsize once;
	if (g_once_init_enter(&once)) {
		gsf_init();
		xmlInitParser();
		g_once_init_leave(&once, 1);
	}
}

gboolean
pb_docx_is_word97(const char *path)
{
	static const guchar ole2[8] = {0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1};
	guchar head[8] = {0};
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return FALSE;
	gsize n = fread(head, 1, sizeof head, fp);
	fclose(fp);
	return n == sizeof head && memcmp(head, ole2, sizeof head) == 0;
}

/* Element `n` is w:NAME. */
static gboolean
is_w(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && n->ns && n->ns->href &&
	       g_strv_contains(word_namespaces, (const char *)n->ns->href) &&
	       strcmp((const char *)n->name, name) == 0;
}

/* The text of a paragraph's (or run's) descendants, appended to `out`. */
static void
run_text(const xmlNode *n, GString *out)
{
	for (const xmlNode *c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (is_w(c, "t")) {
			for (const xmlNode *t = c->children; t; t = t->next)
				if (t->type == XML_TEXT_NODE || t->type == XML_CDATA_SECTION_NODE)
					g_string_append(out, (const char *)t->content);
		} else if (is_w(c, "tab") || is_w(c, "ptab")) {
			g_string_append_c(out, ' ');
		} else if (is_w(c, "br") || is_w(c, "cr")) {
			g_string_append_c(out, '\n');
		} else if (is_w(c, "noBreakHyphen")) {
			g_string_append_c(out, '-');
		} else if (is_w(c, "del") || is_w(c, "instrText") || is_w(c, "delInstrText") ||
			   is_w(c, "drawing") || is_w(c, "pict") || is_w(c, "object") ||
			   is_w(c, "pPr") || is_w(c, "rPr") ||
			   strcmp((const char *)c->name, "AlternateContent") == 0) {
			continue;
		} else {
			run_text(c, out); /* w:r, w:hyperlink, w:ins, w:smartTag, w:sdt, ... */
		}
	}
}

static char *
paragraph_text(const xmlNode *p)
{
	GString *s = g_string_new(NULL);
	run_text(p, s);
	return g_string_free(s, FALSE);
}

/* Paragraphs anywhere under `n` (a cell, a content control), each appended with '\n' between. */
static void
cell_text(const xmlNode *n, GString *out)
{
	for (const xmlNode *c = n->children; c; c = c->next) {
		if (is_w(c, "p")) {
			g_autofree char *t = paragraph_text(c);
			g_strstrip(t);
			if (!*t)
				continue;
			if (out->len)
				g_string_append_c(out, '\n');
			g_string_append(out, t);
		} else if (c->type == XML_ELEMENT_NODE && !is_w(c, "tcPr") && !is_w(c, "tblPr")) {
			cell_text(c, out); /* nested tables, w:sdt, w:customXml */
		}
	}
}

static void
block_free(gpointer p)
{
	pb_docx_block *b = p;
	g_free(b->text);
	if (b->rows)
		g_ptr_array_unref(b->rows);
	g_free(b);
}

/* The rows of a table (also the rows inside content controls around them). */
static void
table_rows(const xmlNode *tbl, GPtrArray *rows)
{
	for (const xmlNode *c = tbl->children; c; c = c->next) {
		if (is_w(c, "tr")) {
			GPtrArray *cells = g_ptr_array_new_with_free_func(g_free);
			for (const xmlNode *tc = c->children; tc; tc = tc->next) {
				/* a cell, or a content control standing for one */
				if (is_w(tc, "tc") || is_w(tc, "sdt")) {
					GString *s = g_string_new(NULL);
					cell_text(tc, s);
					g_ptr_array_add(cells, g_string_free(s, FALSE));
				}
			}
			g_ptr_array_add(rows, cells);
		} else if (is_w(c, "sdt") || is_w(c, "sdtContent") || is_w(c, "customXml")) {
			table_rows(c, rows);
		}
	}
}

static void
body_blocks(const xmlNode *body, GPtrArray *blocks)
{
	for (const xmlNode *c = body->children; c; c = c->next) {
		if (is_w(c, "p")) {
			char *t = paragraph_text(c);
			g_strstrip(t);
			if (!*t) {
				g_free(t);
				continue;
			}
			pb_docx_block *b = g_new0(pb_docx_block, 1);
			b->kind = PB_DOCX_PARAGRAPH;
			b->text = t;
			g_ptr_array_add(blocks, b);
		} else if (is_w(c, "tbl")) {
			pb_docx_block *b = g_new0(pb_docx_block, 1);
			b->kind = PB_DOCX_TABLE;
			b->rows = g_ptr_array_new_with_free_func((GDestroyNotify)g_ptr_array_unref);
			table_rows(c, b->rows);
			g_ptr_array_add(blocks, b);
		} else if (is_w(c, "sdt") || is_w(c, "sdtContent") || is_w(c, "customXml")) {
			body_blocks(c, blocks);
		}
	}
}

static GError *
corrupt(const char *message)
{
	return g_error_new_literal(PB_DOCX_ERROR, PB_DOCX_ERROR_CORRUPT, message);
}

/* The bytes of the zip member `name` ("word/document.xml"), NULL when absent. */
static guint8 *
read_member(GsfInfile *zip, const char *name, gsize *len, GError **error)
{
	g_auto(GStrv) parts = g_strsplit(name, "/", -1);
	GsfInput *in = gsf_infile_child_by_aname(zip, (const char **)parts);
	if (!in)
		return NULL;
	gsf_off_t size = gsf_input_size(in);
	if (size < 0 || (guint64)size > PB_DOCX_MAX_PART) {
		g_set_error(error, PB_DOCX_ERROR, PB_DOCX_ERROR_CORRUPT,
			    "its part '%s' is larger than %u MB unzipped", name,
			    PB_DOCX_MAX_PART >> 20);
		g_object_unref(in);
		return NULL;
	}
	guint8 *data = g_malloc((gsize)size + 1);
	if (size > 0 && !gsf_input_read(in, (size_t)size, data)) {
		g_set_error(error, PB_DOCX_ERROR, PB_DOCX_ERROR_CORRUPT,
			    "its part '%s' cannot be unzipped", name);
		g_free(data);
		g_object_unref(in);
		return NULL;
	}
	data[size] = 0;
	*len = (gsize)size;
	g_object_unref(in);
	return data;
}

static xmlDoc *
parse_xml(const guint8 *data, gsize len)
{
	if (len > G_MAXINT)
		return NULL;
	return xmlReadMemory((const char *)data, (int)len, NULL, NULL,
			     XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
				 XML_PARSE_NOCDATA);
}

/* The body part's name from _rels/.rels, or NULL. */
static char *
main_part_name(GsfInfile *zip)
{
	gsize len = 0;
	g_autofree guint8 *rels = read_member(zip, "_rels/.rels", &len, NULL);
	if (!rels)
		return NULL;
	xmlDoc *doc = parse_xml(rels, len);
	if (!doc)
		return NULL;
	char *found = NULL;
	xmlNode *root = xmlDocGetRootElement(doc);
	for (xmlNode *c = root ? root->children : NULL; c && !found; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || strcmp((const char *)c->name, "Relationship"))
			continue;
		xmlChar *type = xmlGetProp(c, (const xmlChar *)"Type");
		xmlChar *target = xmlGetProp(c, (const xmlChar *)"Target");
		if (type && target && g_str_has_suffix((const char *)type, "/officeDocument")) {
			const char *t = (const char *)target;
			while (*t == '/')
				t++;
			if (*t && !strstr(t, ".."))
				found = g_strdup(t);
		}
		xmlFree(type);
		xmlFree(target);
	}
	xmlFreeDoc(doc);
	return found;
}

pb_docx *
pb_docx_load(const char *path, GError **error)
{
	libraries_init();
	if (pb_docx_is_word97(path)) {
		g_set_error(error, PB_DOCX_ERROR, PB_DOCX_ERROR_WORD97,
			    "it is a Word 97-2003 file (.doc), not a .docx");
		return NULL;
	}
	GError *err = NULL;
	GsfInput *in = gsf_input_stdio_new(path, &err);
	if (!in) {
		/* libgsf writes "PATH: Permission denied"; the caller names the file already */
		const char *why = err ? err->message : "cannot open it";
		const char *sep = err && err->domain == G_FILE_ERROR ? g_strrstr(why, ": ") : NULL;
		g_set_error(error, PB_DOCX_ERROR, PB_DOCX_ERROR_IO, "%s", sep ? sep + 2 : why);
		g_clear_error(&err);
		return NULL;
	}
	GsfInfile *zip = gsf_infile_zip_new(in, &err);
	g_object_unref(in);
	if (!zip) {
		g_clear_error(&err);
		g_propagate_error(error, corrupt("it is not a zip archive, as a .docx is"));
		return NULL;
	}
	g_autofree char *part = main_part_name(zip);
	gsize len = 0;
	g_autofree guint8 *xml = read_member(zip, part ? part : "word/document.xml", &len, &err);
	g_object_unref(zip);
	if (!xml) {
		if (!err)
			err = corrupt("it holds no Word document (no word/document.xml)");
		g_propagate_error(error, err);
		return NULL;
	}
	xmlDoc *doc = parse_xml(xml, len);
	if (!doc) {
		const xmlError *x = xmlGetLastError();
		g_autofree char *why = g_strdup(x && x->message ? x->message : "bad XML");
		g_strstrip(why);
		g_set_error(error, PB_DOCX_ERROR, PB_DOCX_ERROR_CORRUPT,
			    "its document.xml is not well-formed XML (line %d: %s)",
			    x ? x->line : 0, why);
		return NULL;
	}
	xmlNode *root = xmlDocGetRootElement(doc);
	const xmlNode *body = NULL;
	if (root && is_w(root, "document"))
		for (const xmlNode *c = root->children; c && !body; c = c->next)
			if (is_w(c, "body"))
				body = c;
	if (!body) {
		xmlFreeDoc(doc);
		g_propagate_error(error, corrupt("its document.xml has no Word body"));
		return NULL;
	}
	pb_docx *d = g_new0(pb_docx, 1);
	d->blocks = g_ptr_array_new_with_free_func(block_free);
	body_blocks(body, d->blocks);
	xmlFreeDoc(doc);
	return d;
}

void
pb_docx_free(pb_docx *doc)
{
	if (!doc)
		return;
	g_ptr_array_unref(doc->blocks);
	g_free(doc);
}
