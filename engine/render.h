/* render.h — frames to PDF, SVG and PNG.  The only code that draws; it decides no position.
 *
 * Every function returns the whole file as bytes, so that the caller can write it atomically
 * (temporary file, then rename) and never leaves half a file behind.
 */
#ifndef PB_RENDER_H
#define PB_RENDER_H

#include "frame.h"

#define PB_RENDER_ERROR (pb_render_error_quark())
GQuark pb_render_error_quark(void);

/* The whole document as a print-ready PDF: page = trim + 2 × bleed (+ slug), TrimBox and
 * BleedBox on every page, fonts embedded and subset, metadata from the document, and the same
 * bytes for the same frames. */
GBytes *pb_render_pdf(const pb_doc *doc, GError **error);

/* One page as SVG (trim + bleed), for designers' tools. */
GBytes *pb_render_svg(const pb_doc *doc, guint page, GError **error);

/* One page as PNG at `dpi`, cropped to the trim box: what the reader will see. */
GBytes *pb_render_png(const pb_doc *doc, guint page, double dpi, GError **error);

/* Adds TrimBox and BleedBox to every page of `pdf` (qpdf), with a deterministic /ID. */
GBytes *pb_pdf_set_boxes(GBytes *pdf, const pb_doc *doc, GError **error);

#endif
