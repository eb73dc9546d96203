/* pdfboxes.c — the page boxes that Cairo cannot write: TrimBox and BleedBox, with qpdf.
 *
 * A print shop's RIP imposes by TrimBox and checks bleed by BleedBox; Cairo 1.16 writes only
 * MediaBox.  This pass reads Cairo's PDF from memory with the qpdf C API, sets both boxes on
 * every page, and writes it back with a deterministic /ID so the same frames give the same
 * bytes.  It changes nothing else.
 */
#include "render.h"
#include "units.h"

#include <qpdf/qpdf-c.h>

static void
set_box(qpdf_data q, qpdf_oh page, const char *key, double x0, double y0, double x1, double y1)
{
	char spec[160];
	g_snprintf(spec, sizeof spec, "[%.4f %.4f %.4f %.4f]", x0, y0, x1, y1);
	/* qpdf parses numbers in the C locale; g_snprintf is locale-independent for %f here only
	 * because paiban never changes LC_NUMERIC. */
	qpdf_oh box = qpdf_oh_parse(q, spec);
	qpdf_oh_replace_key(q, page, key, box);
}

static gboolean
failed(qpdf_data q, GError **error)
{
	if (!qpdf_has_error(q))
		return FALSE;
	qpdf_error e = qpdf_get_error(q);
	g_set_error(error, PB_RENDER_ERROR, 1, "cannot set the PDF page boxes: %s",
		    qpdf_get_error_full_text(q, e));
	return TRUE;
}

GBytes *
pb_pdf_set_boxes(GBytes *pdf, const pb_doc *doc, GError **error)
{
	qpdf_data q = qpdf_init();
	qpdf_silence_errors(q);
	qpdf_set_suppress_warnings(q, QPDF_TRUE);
	gsize len = 0;
	const char *data = g_bytes_get_data(pdf, &len);
	GBytes *out = NULL;
	qpdf_read_memory(q, "cairo output", data, len, NULL);
	if (failed(q, error))
		goto done;
	int n = qpdf_get_num_pages(q);
	if (n != (int)doc->pages->len) {
		g_set_error(error, PB_RENDER_ERROR, 1, "the PDF has %d pages, %u were drawn", n,
			    doc->pages->len);
		goto done;
	}
	double k = 1 / PB_MM_PER_PT;
	for (int i = 0; i < n; i++) {
		const pb_page *page = doc->pages->pdata[i];
		qpdf_oh oh = qpdf_get_page_n(q, (size_t)i);
		/* PDF space: origin at the bottom-left of the media, in points. */
		double o = (page->bleed + page->slug) * k, w = page->width * k, h = page->height * k;
		double b = page->bleed * k;
		set_box(q, oh, "/TrimBox", o, o, o + w, o + h);
		set_box(q, oh, "/BleedBox", o - b, o - b, o + w + b, o + h + b);
	}
	if (failed(q, error))
		goto done;
	qpdf_init_write_memory(q);
	qpdf_set_deterministic_ID(q, QPDF_TRUE);
	qpdf_set_compress_streams(q, QPDF_TRUE);
	qpdf_write(q);
	if (failed(q, error))
		goto done;
	out = g_bytes_new(qpdf_get_buffer(q), qpdf_get_buffer_length(q));
done:
	qpdf_cleanup(&q);
	return out;
}
