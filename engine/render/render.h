/* render.h — frames to PDF, SVG and PNG.  The only code that draws; it decides no position.
 *
 * Every function returns the whole file as bytes, so that the caller can write it atomically
 * (temporary file, then rename) and never leaves half a file behind.
 */
#ifndef PB_RENDER_H
#define PB_RENDER_H

#include "base/writer.h"
#include "compose/frame.h"

/* When an image cannot be read at render time (replaced or broken after the check), the
 * functions below fail with PB_RENDER_ERROR and put the position of the manifest value that
 * named it in *failed_at (when not NULL): the build reports the error there. */
#define PB_RENDER_ERROR (pb_render_error_quark())
GQuark pb_render_error_quark(void);

/* The whole document as a print-ready PDF: page = trim + 2 × bleed (+ slug), TrimBox and
 * BleedBox on every page, spot-ink items as a Separation colour space with overprint on an
 * optional-content layer, fonts embedded and subset, metadata from the document, /ID from
 * doc->id, and the same bytes for the same frames.  Streams into `w` (Cairo's output, then an
 * incremental update appended: see pdfpass.c), so a PDF of 100 camera photos never sits in
 * memory.  FALSE with `error`; the caller aborts the writer. */
gboolean pb_render_pdf_write(const pb_doc *doc, pb_writer *w, pb_loc *failed_at, GError **error);

/* The same in two steps, so that a build can draw its next file while this one is finished:
 * pb_render_pdf_draw is Cairo's part (fonts, images, every page or a template of them: what fails
 * on an image fails here, with `failed_at`); pb_render_pdf_finish is the pass (page boxes, spot
 * inks, /ID) and its update, appended to `w`.  finish reads `doc` (its pages and items, and
 * doc->id), the writer and the files of the photos it writes itself (a roll's: pdfphotos.c)
 * and nothing else: no Pango, no Cairo, so it may run on another thread while the caller
 * leaves `doc` alone.  NULL or FALSE with `error`; a photo that fails in finish fails as in
 * draw (PB_RENDER_ERROR, `failed_at`).  finish frees what draw returned, and the caller aborts
 * the writer on a failure of either. */
typedef struct pb_pdf_drawn pb_pdf_drawn;
typedef struct pb_pdf_family pb_pdf_family;
pb_pdf_drawn *pb_render_pdf_draw(const pb_doc *doc, pb_pdf_family *family, pb_writer *w,
				 pb_loc *failed_at, GError **error);
gboolean pb_render_pdf_finish(pb_pdf_drawn *d, pb_loc *failed_at, GError **error);
/* What draw returned, not finished (the file is not to be written after all). */
void pb_render_pdf_drawn_free(pb_pdf_drawn *d);

/* The documents of one series (of const pb_doc *), whose PDFs may start with the same Cairo
 * template: the forms and fonts all of them use, drawn and subset once (direct.c says when a
 * document qualifies).  Given to pb_render_pdf_draw for each of them (or NULL: a family of
 * one), alive until every one is finished; it reads the documents, which must outlive it. */
pb_pdf_family *pb_pdf_family_new(const GPtrArray *docs);
void pb_pdf_family_free(pb_pdf_family *family);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(pb_pdf_family, pb_pdf_family_free)

/* The same PDF in memory (tests, small documents). */
GBytes *pb_render_pdf(const pb_doc *doc, pb_loc *failed_at, GError **error);

/* The same PDF written to `path` through a writer; its size to `size` (may be NULL). */
gboolean pb_render_pdf_file(const pb_doc *doc, const char *path, gsize *size, pb_loc *failed_at,
			    GError **error);

/* One page as SVG (trim + bleed), for designers' tools. */
GBytes *pb_render_svg(const pb_doc *doc, guint page, pb_loc *failed_at, GError **error);

/* One page as PNG at `dpi`, cropped to the trim box: what the reader will see. */
GBytes *pb_render_png(const pb_doc *doc, guint page, double dpi, pb_loc *failed_at, GError **error);

/* ---- proofs (proof.c) ------------------------------------------------------------------------ */

/* Something a finding points at, to outline on the proof. */
typedef struct pb_proof_mark {
	double box[4];        /* mm, trim coordinates: x0, y0, x1, y1 */
	pb_severity severity; /* outline colour: error red, else orange */
} pb_proof_mark;

/* A page's proof and thumbnail, as PNG. */
typedef struct pb_proof_page {
	GBytes *png, *thumb;
	guint width, height;             /* px of the proof: trim + bleed */
	guint thumb_width, thumb_height; /* px */
} pb_proof_page;

/* A page's proof, drawn and not yet encoded: pixels only, so that it may be encoded on
 * another thread while the next page is drawn. */
typedef struct pb_proof_raster pb_proof_raster;

/* Page `index` of `doc` as a proof `height_px` tall, trim and bleed, with the trim, the safe
 * area and an outline around each of `marks` (of pb_proof_mark; may be NULL) drawn over it.
 * NULL with `error` (PB_RENDER_ERROR and *failed_at for an image that could not be read). */
pb_proof_raster *pb_render_proof(const pb_doc *doc, guint index, guint height_px,
				 const GArray *marks, pb_loc *failed_at, GError **error);

/* The proof as PNG, and a thumbnail `thumb_px` tall; on any thread, one raster at a time.
 * Frees `r`.  FALSE with `error`; `out` is then empty. */
gboolean pb_proof_raster_encode(pb_proof_raster *r, guint thumb_px, pb_proof_page *out,
				GError **error);
void pb_proof_raster_free(pb_proof_raster *r);
void pb_proof_page_clear(pb_proof_page *p);

#endif
