/* render-private.h — what render.c and pdfpass.c share; nothing outside render/ includes it. */
#ifndef PB_RENDER_PRIVATE_H
#define PB_RENDER_PRIVATE_H

#include "render.h"

/* The incremental update that finishes Cairo's PDF of `doc` (pdfpass.c): page boxes, the
 * spot-ink items with their colour space, overprint and layer, and the trailer's /ID.  Cairo's
 * output is read from `path`, or from `data` when path is NULL; `size` is its length and
 * `tail` its last `tail_len` bytes (where startxref is).  Returns the bytes to append; NULL
 * with `error` (the environment's: the input is our own file). */
GString *pb_pdf_pass(const char *path, const char *data, gsize size, const char *tail,
		     gsize tail_len, const pb_doc *doc, GError **error);

#endif
