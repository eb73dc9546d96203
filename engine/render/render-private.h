/* render-private.h — what render.c, draw.c and pdfpass.c share; nothing outside render/
 * includes it. */
#ifndef PB_RENDER_PRIVATE_H
#define PB_RENDER_PRIVATE_H

#include "direct.h"
#include "imagecache.h"
#include "pdfupdate.h"
#include "render.h"
#include "subset.h"

#include <cairo.h>

/* What a render carries besides the cairo_t, attached to it as user data so that the drawing
 * functions keep their (cairo_t *, item) shape. */
typedef struct pb_render_ctx {
	pb_imagecache *images;
	GError *error;       /* the first image that failed; sticky */
	pb_loc error_at;     /* the manifest position of that image's item */
	gboolean pdf;        /* spot inks are the PDF pass's; shared groups become Form XObjects */
	GHashTable *forms;   /* PDF: shared children array -> recording surface, drawn once */
	GHashTable *uses;    /* PDF: shared children array -> times placed (see count_uses) */
	GHashTable *svgs;    /* PDF: "path w h" -> recording surface of an SVG, drawn once */
	pb_subsets *subsets; /* PDF: the fonts cut to what it shows (subset.h), or NULL */
} pb_render_ctx;

/* A render's context on `cr` (attached to it): the image cache for `mode`, and for a PDF the
 * count of each shared group's placements (a group placed more than once becomes a Form
 * XObject): `uses` when given (a reference is taken), else counted in `doc`. */
void pb_render_ctx_init(pb_render_ctx *rc, cairo_t *cr, pb_imagecache_mode mode, const pb_doc *doc,
			GHashTable *uses);
/* Frees the context; FALSE with `error` when an image failed, and its item's position in
 * *failed_at (may be NULL). */
gboolean pb_render_ctx_finish(pb_render_ctx *rc, pb_loc *failed_at, GError **error);

/* How many times each shared children array of `doc` is drawn: a placement inside an array
 * placed more than once (a Form XObject) counts once.  Keys are the arrays. */
GHashTable *pb_draw_count_uses(const pb_doc *doc);

/* TRUE when `items` hold nothing Cairo draws in a PDF: only spot-ink items (the pass draws
 * them) and groups of such. */
gboolean pb_draw_only_spots(const GPtrArray *items);

/* The recording of `children` on `cr`'s context, made at its first call and kept by the
 * context: painted, Cairo writes it as one Form XObject wherever it is placed. */
cairo_surface_t *pb_draw_form(cairo_t *cr, const GPtrArray *children);

/* `items` drawn on `cr`, whose context pb_render_ctx_init made, in millimetres. */
void pb_draw_items(cairo_t *cr, const GPtrArray *items);

/* How much larger than its millimetres an SVG is recorded as a form (draw.c): its filters at
 * print resolution. */
double pb_draw_svg_form_scale(const pb_item *item);

/* An image item as Cairo's PDF writes it once for the template of pages written from their
 * frames (direct.c): a photo as its Image XObject, an SVG as a recorded form. */
void pb_draw_image_once(cairo_t *cr, const pb_item *item);

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
 * `tail` its last `tail_len` bytes (where startxref is).  With `direct` (bound), Cairo
 * drew only the template page and the pass writes the document's pages (direct.c).  Returns the
 * bytes to append; NULL with `error`: the environment's (the input is our own file), or
 * PB_RENDER_ERROR and *failed_at for a photo the pass writes itself (pdfphotos.c) that no
 * longer reads.  With `drain`, the bytes before
 * the last mebibyte or so have gone to `drain` already, in order. */
GString *pb_pdf_pass(const char *path, const char *data, gsize size, const char *tail,
		     gsize tail_len, const pb_doc *doc, const pb_direct *direct,
		     pb_pdf_drain_fn drain, gpointer drain_to, pb_loc *failed_at, GError **error);

#endif
