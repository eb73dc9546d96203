/* render-private.h — what render.c and pdfpass.c share; nothing outside render/ includes it. */
#ifndef PB_RENDER_PRIVATE_H
#define PB_RENDER_PRIVATE_H

#include "render.h"

#include <cairo.h>

/* Page `index` of `doc` drawn into a new RGB24 image surface at `px_per_mm`: the trim box, or
 * with `bleed` the bleed box (the trim then starts bleed × px_per_mm pixels in).  A `proof`
 * may draw photos from larger decodes the run holds.  NULL with `error` (PB_RENDER_ERROR and
 * *failed_at for an image that could not be read). */
cairo_surface_t *pb_render_raster(const pb_doc *doc, guint index, double px_per_mm, gboolean bleed,
				  gboolean proof, pb_loc *failed_at, GError **error);

/* An image surface's pixels as PNG at zlib `level`. */
GBytes *pb_render_encode_png(cairo_surface_t *s, int level, GError **error);

/* The incremental update that finishes Cairo's PDF of `doc` (pdfpass.c): page boxes, the
 * spot-ink items with their colour space, overprint and layer, and the trailer's /ID.  Cairo's
 * output is read from `path`, or from `data` when path is NULL; `size` is its length and
 * `tail` its last `tail_len` bytes (where startxref is).  Returns the bytes to append; NULL
 * with `error` (the environment's: the input is our own file). */
GString *pb_pdf_pass(const char *path, const char *data, gsize size, const char *tail,
		     gsize tail_len, const pb_doc *doc, GError **error);

#endif
