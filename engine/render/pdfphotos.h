/* pdfphotos.h — the photos of a document whose pages the pass writes from their frames
 * (direct.c), written by the pass itself: each JPEG once a document, as its own bytes.
 *
 * Cairo writes such a photo the same way (an Image XObject whose stream is the file), but only
 * after recording the page, playing it back twice and copying the bytes through its output
 * stream: 0.1 ms or so a photo, most of what an honor roll of a thousand ID photos cost.  The
 * pass reads the file, probes those very bytes (as the renderer does before Cairo sees them)
 * and appends the object to the update. */
#ifndef PB_PDFPHOTOS_H
#define PB_PDFPHOTOS_H

#include "pdfupdate.h"
#include "compose/frame.h"

/* Photo `it` (a JPEG that direct.c plans as the pass's own) as a new object of `u`: its object
 * number, or 0 with `error` (PB_RENDER_ERROR, "cannot read image 'x': ...") and `failed_at`
 * (the image's position in the manifest) when the file no longer reads as it was probed. */
int pb_pdf_photo_object(pb_pdf_update *u, const pb_item *it, pb_loc *failed_at, GError **error);

#endif
