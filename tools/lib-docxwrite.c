/* lib-docxwrite.c — a minimal WordprocessingML package, zipped with libgsf; see docxwrite.h.
 *
 * The body is built as XML text as it goes (escaped with g_markup_escape_text); labels and
 * texts are separate runs, as Word writes a bold label before its value, so that a reader
 * which forgot to join runs would be caught by the tests.  Tables get single borders and a
 * header row marked as such (w:tblHeader), the way a school office's template looks.
 */
#include "docxwrite.h"

#include <gsf/gsf-outfile-zip.h>
#include <gsf/gsf-outfile.h>
#include <gsf/gsf-output-impl.h>
#include <gsf/gsf-output-stdio.h>
#include <gsf/gsf-utils.h>
#include <string.h>

struct pbw_docx {
	GString *body; /* w:body's children so far */
	guint columns; /* of the open table, 0 when none */
	guint rows;    /* rows of the open table so far */
};

pbw_docx *
pbw_docx_new(void)
{
	pbw_docx *d = g_new0(pbw_docx, 1);
	d->body = g_string_new(NULL);
	return d;
}

void
pbw_docx_free(pbw_docx *d)
{
	if (!d)
		return;
	g_string_free(d->body, TRUE);
	g_free(d);
}

/* One run; '\n' in the text becomes w:br. */
static void
run(GString *s, const char *text, bool bold)
{
	if (!text || !*text)
		return;
	g_string_append(s, "<w:r>");
	if (bold)
		g_string_append(s, "<w:rPr><w:b/></w:rPr>");
	char **lines = g_strsplit(text, "\n", -1);
	for (char **l = lines; *l; l++) {
		if (l != lines)
			g_string_append(s, "<w:br/>");
		char *esc = g_markup_escape_text(*l, -1);
		g_string_append_printf(s, "<w:t xml:space=\"preserve\">%s</w:t>", esc);
		g_free(esc);
	}
	g_strfreev(lines);
	g_string_append(s, "</w:r>");
}

void
pbw_docx_title(pbw_docx *d, const char *text)
{
	g_string_append(d->body, "<w:p><w:pPr><w:jc w:val=\"center\"/></w:pPr>");
	run(d->body, text, true);
	g_string_append(d->body, "</w:p>");
}

void
pbw_docx_para(pbw_docx *d, const char *label, const char *text)
{
	g_string_append(d->body, "<w:p>");
	run(d->body, label, true);
	run(d->body, text, false);
	g_string_append(d->body, "</w:p>");
}

void
pbw_docx_fields(pbw_docx *d, const char *const *pairs)
{
	g_string_append(d->body, "<w:p>");
	for (const char *const *p = pairs; p[0] && p[1]; p += 2) {
		char *label = g_strconcat(p[0], "：", NULL);
		if (p != pairs)
			run(d->body, "  ", false);
		run(d->body, label, true);
		run(d->body, p[1], false);
		g_free(label);
	}
	g_string_append(d->body, "</w:p>");
}

/* A column's width in twips: the last (the text: a testimonial, a blessing) takes what the
 * narrow ones (number, college, class, name) leave of an A4 page's 9000. */
static guint
column_width(const pbw_docx *d, guint i)
{
	const guint narrow = 1500, page = 9000;
	return i + 1 < d->columns ? narrow : page - narrow * (d->columns - 1);
}

void
pbw_docx_table_begin(pbw_docx *d, guint columns)
{
	g_assert(!d->columns && columns > 0);
	d->columns = columns;
	d->rows = 0;
	g_string_append(d->body,
			"<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/><w:tblBorders>");
	static const char *const sides[] = {"top", "left", "bottom", "right", "insideH", "insideV"};
	for (gsize i = 0; i < G_N_ELEMENTS(sides); i++)
		g_string_append_printf(d->body,
				       "<w:%s w:val=\"single\" w:sz=\"4\" w:space=\"0\" "
				       "w:color=\"000000\"/>",
				       sides[i]);
	g_string_append(d->body, "</w:tblBorders></w:tblPr><w:tblGrid>");
	for (guint i = 0; i < columns; i++)
		g_string_append_printf(d->body, "<w:gridCol w:w=\"%u\"/>", column_width(d, i));
	g_string_append(d->body, "</w:tblGrid>");
}

void
pbw_docx_table_row(pbw_docx *d, const char *const *cells)
{
	g_assert(d->columns);
	bool header = d->rows++ == 0;
	g_string_append(d->body, "<w:tr>");
	if (header)
		g_string_append(d->body, "<w:trPr><w:tblHeader/></w:trPr>");
	for (guint i = 0; i < d->columns; i++) {
		g_assert(cells[i]);
		g_string_append_printf(
		    d->body, "<w:tc><w:tcPr><w:tcW w:w=\"%u\" w:type=\"dxa\"/></w:tcPr><w:p>",
		    column_width(d, i));
		run(d->body, cells[i], header);
		g_string_append(d->body, "</w:p></w:tc>");
	}
	g_string_append(d->body, "</w:tr>");
}

void
pbw_docx_table_end(pbw_docx *d)
{
	g_assert(d->columns);
	g_string_append(d->body, "</w:tbl>");
	d->columns = 0;
}

static const char content_types[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
    "<Default Extension=\"rels\" "
    "ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
    "<Override PartName=\"/word/document.xml\" "
    "ContentType=\"application/"
    "vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
    "</Types>";

static const char package_rels[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" "
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
    "officeDocument\" Target=\"word/document.xml\"/>"
    "</Relationships>";

static bool
member(GsfOutfile *dir, const char *name, const char *text, GError **error)
{
	GsfOutput *out = gsf_outfile_new_child_full(dir, name, FALSE, "compression-level",
						    GSF_ZIP_DEFLATED, NULL);
	if (!out) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "cannot add %s", name);
		return false;
	}
	bool ok = gsf_output_write(out, strlen(text), (const guint8 *)text);
	ok &= gsf_output_close(out);
	g_object_unref(out);
	if (!ok)
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_IO, "cannot write %s", name);
	return ok;
}

bool
pbw_docx_save(const pbw_docx *d, const char *path, GError **error)
{
	g_assert(!d->columns);
	gsf_init();
	GsfOutput *file = gsf_output_stdio_new(path, error);
	if (!file)
		return false;
	GsfOutfile *zip = gsf_outfile_zip_new(file, error);
	if (!zip) {
		gsf_output_close(file);
		g_object_unref(file);
		return false;
	}
	/* The day the colleges handed their folders in: the same bytes on every run. */
	GDateTime *when = g_date_time_new_utc(2022, 5, 20, 9, 0, 0);
	gsf_output_set_modtime(GSF_OUTPUT(zip), when);
	g_date_time_unref(when);
	GString *doc = g_string_new(
	    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	    "<w:document "
	    "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>");
	g_string_append(doc, d->body->str);
	g_string_append(doc, "<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/></w:sectPr>"
			     "</w:body></w:document>");
	bool ok = member(zip, "[Content_Types].xml", content_types, error);
	GsfOutfile *rels = ok ? GSF_OUTFILE(gsf_outfile_new_child(zip, "_rels", TRUE)) : NULL;
	ok = ok && rels && member(rels, ".rels", package_rels, error);
	if (rels) {
		gsf_output_close(GSF_OUTPUT(rels));
		g_object_unref(rels);
	}
	GsfOutfile *word = ok ? GSF_OUTFILE(gsf_outfile_new_child(zip, "word", TRUE)) : NULL;
	ok = ok && word && member(word, "document.xml", doc->str, error);
	if (word) {
		gsf_output_close(GSF_OUTPUT(word));
		g_object_unref(word);
	}
	g_string_free(doc, TRUE);
	ok &= gsf_output_close(GSF_OUTPUT(zip));
	g_object_unref(zip);
	ok &= gsf_output_close(file);
	g_object_unref(file);
	if (!ok && error && !*error)
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_IO, "cannot write %s", path);
	return ok;
}
