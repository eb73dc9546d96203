/* pdfboxes.c — the page boxes that Cairo cannot write: TrimBox and BleedBox, with qpdf.
 *
 * A print shop's RIP imposes by TrimBox and checks bleed by BleedBox; Cairo 1.16 writes only
 * MediaBox.  This pass reads Cairo's PDF with the qpdf C API, from memory or (for large files)
 * lazily from a file, sets both boxes on every page, and writes it back with a deterministic
 * /ID so the same frames give the same bytes.  It changes nothing else.
 */
#define _GNU_SOURCE /* memmem */
#include "render.h"
#include "base/units.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <qpdf/qpdf-c.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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
	/* qpdf fails on I/O (its input is our own temporary file): the environment's fault */
	g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "cannot set the PDF page boxes: %s",
		    qpdf_get_error_full_text(q, e));
	return TRUE;
}

/* Sets both boxes on every page of the PDF `q` has read.  FALSE with `error`. */
static gboolean
set_boxes(qpdf_data q, const pb_doc *doc, GError **error)
{
	if (failed(q, error))
		return FALSE;
	int n = qpdf_get_num_pages(q);
	if (n != (int)doc->pages->len) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "the PDF has %d pages, %u were drawn", n,
			    doc->pages->len);
		return FALSE;
	}
	double k = 1 / PB_MM_PER_PT;
	for (int i = 0; i < n; i++) {
		const pb_page *page = doc->pages->pdata[i];
		qpdf_oh oh = qpdf_get_page_n(q, (size_t)i);
		/* PDF space: origin at the bottom-left of the media, in points. */
		double o = (page->bleed + page->slug) * k, w = page->width * k,
		       h = page->height * k;
		double b = page->bleed * k;
		set_box(q, oh, "/TrimBox", o, o, o + w, o + h);
		set_box(q, oh, "/BleedBox", o - b, o - b, o + w + b, o + h + b);
	}
	return !failed(q, error);
}

/* Writes with the settings that make the bytes reproducible; the output was chosen before. */
static gboolean
write_out(qpdf_data q, GError **error)
{
	qpdf_set_deterministic_ID(q, QPDF_TRUE);
	qpdf_set_compress_streams(q, QPDF_TRUE);
	qpdf_write(q);
	return !failed(q, error);
}

static qpdf_data
open_qpdf(void)
{
	qpdf_data q = qpdf_init();
	qpdf_silence_errors(q);
	qpdf_set_suppress_warnings(q, QPDF_TRUE);
	return q;
}

GBytes *
pb_pdf_set_boxes(GBytes *pdf, const pb_doc *doc, GError **error)
{
	qpdf_data q = open_qpdf();
	gsize len = 0;
	const char *data = g_bytes_get_data(pdf, &len);
	GBytes *out = NULL;
	qpdf_read_memory(q, "cairo output", data, len, NULL);
	if (set_boxes(q, doc, error)) {
		qpdf_init_write_memory(q);
		if (write_out(q, error))
			out = g_bytes_new(qpdf_get_buffer(q), qpdf_get_buffer_length(q));
	}
	qpdf_cleanup(&q);
	return out;
}

/* qpdf 11 writes through a buffered stdio file and does not report a failed final flush (a
 * full disk), so the file it leaves is checked before it may replace a good one: a PDF ends
 * with startxref and %%EOF. */
static gboolean
complete_pdf(int fd, gsize size)
{
	char tail[1024];
	gsize n = MIN(size, sizeof tail);
	if (n < 16 || lseek(fd, (off_t)(size - n), SEEK_SET) < 0 || read(fd, tail, n) != (ssize_t)n)
		return FALSE;
	/* the tail may hold binary (a compressed xref stream): search bytes, not a string */
	return memmem(tail, n, "startxref", 9) && memmem(tail, n, "%%EOF", 5);
}

gboolean
pb_pdf_set_boxes_file(const char *in, const char *out, const pb_doc *doc, gsize *size,
		      GError **error)
{
	g_autofree char *tmp = g_strconcat(out, ".XXXXXX", NULL);
	int fd = g_mkstemp_full(tmp, O_WRONLY | O_CLOEXEC, 0644);
	if (fd < 0) {
		int e = errno;
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(e),
			    "cannot create a file beside '%s': %s", out, g_strerror(e));
		return FALSE;
	}
	close(fd); /* qpdf opens it by name */
	qpdf_data q = open_qpdf();
	qpdf_read(q, in, NULL);
	gboolean ok = set_boxes(q, doc, error);
	if (ok) {
		qpdf_init_write(q, tmp);
		ok = write_out(q, error);
	}
	qpdf_cleanup(&q); /* closes the output */
	/* Durable before it replaces the previous good file, as g_file_set_contents_full does. */
	fd = ok ? g_open(tmp, O_RDONLY | O_CLOEXEC, 0) : -1;
	GStatBuf st;
	if (ok && (fd < 0 || fsync(fd) != 0 || fstat(fd, &st) != 0)) {
		int e = errno;
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(e),
			    "cannot write '%s': %s", out, g_strerror(e));
		ok = FALSE;
	}
	if (ok && !complete_pdf(fd, (gsize)st.st_size)) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_NOSPC,
			    "cannot write '%s': the file came out cut short (is the disk full?)", out);
		ok = FALSE;
	}
	if (ok && g_rename(tmp, out) != 0) {
		int e = errno;
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(e),
			    "cannot write '%s': %s", out, g_strerror(e));
		ok = FALSE;
	}
	if (fd >= 0)
		close(fd);
	if (!ok)
		g_unlink(tmp);
	else if (size)
		*size = (gsize)st.st_size;
	return ok;
}
