/* render.h — frames to PDF, SVG and PNG.  The only code that draws; it decides no position.
 *
 * Every function returns the whole file as bytes, so that the caller can write it atomically
 * (temporary file, then rename) and never leaves half a file behind.
 */
#ifndef PB_RENDER_H
#define PB_RENDER_H

#include "compose/frame.h"

/* When an image cannot be read at render time (replaced or broken after the check), the
 * functions below fail with PB_RENDER_ERROR and put the position of the manifest value that
 * named it in *failed_at (when not NULL): the build reports the error there. */
#define PB_RENDER_ERROR (pb_render_error_quark())
GQuark pb_render_error_quark(void);

/* The whole document as a print-ready PDF: page = trim + 2 × bleed (+ slug), TrimBox and
 * BleedBox on every page, fonts embedded and subset, metadata from the document, and the same
 * bytes for the same frames. */
GBytes *pb_render_pdf(const pb_doc *doc, pb_loc *failed_at, GError **error);

/* The same PDF as pb_render_pdf, written to `path` atomically (temporary files beside it, then
 * a rename) without ever holding the file in memory: Cairo streams into a temporary file and
 * the page-box pass reads it lazily, so peak memory does not grow with the number of photos
 * (a PDF of 100 camera photos is 100 MB; held in memory, three copies of it are).  The size
 * written goes to `size` (may be NULL).  FALSE with `error`; `path` is then untouched. */
gboolean pb_render_pdf_file(const pb_doc *doc, const char *path, gsize *size, pb_loc *failed_at,
			    GError **error);

/* One page as SVG (trim + bleed), for designers' tools. */
GBytes *pb_render_svg(const pb_doc *doc, guint page, pb_loc *failed_at, GError **error);

/* One page as PNG at `dpi`, cropped to the trim box: what the reader will see. */
GBytes *pb_render_png(const pb_doc *doc, guint page, double dpi, pb_loc *failed_at,
		      GError **error);

/* Adds TrimBox and BleedBox to every page of `pdf` (qpdf), with a deterministic /ID. */
GBytes *pb_pdf_set_boxes(GBytes *pdf, const pb_doc *doc, GError **error);

/* The same pass from file to file: reads `in` lazily, writes `out` through a temporary file
 * beside it (fsync, then rename), its size to `size` (may be NULL). */
gboolean pb_pdf_set_boxes_file(const char *in, const char *out, const pb_doc *doc, gsize *size,
			       GError **error);

#endif
