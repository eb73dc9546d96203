/* imagecache.h — the renderer's images: one Cairo surface per distinct image per output file.
 *
 * A cache lives for one rendered file (pb_render_pdf/svg/png make and free it).  It hands out
 * the Cairo surface for each image item, made once and reused wherever the image is placed:
 *
 *   - PDF and EMBED (SVG): a JPEG travels as its own bytes.  Its surface carries the bytes as
 *     CAIRO_MIME_TYPE_JPEG and a CAIRO_MIME_TYPE_UNIQUE_ID; Cairo writes them as a DCTDecode
 *     XObject (a data: URI in SVG).  For PDF the surface is an empty recording surface of the
 *     JPEG's pixel size: Cairo's PDF backend takes the JPEG before it looks at what the
 *     surface holds, and snapshots a recording surface without copying anything (it copies
 *     an image surface's pixels, megabytes a photo, for nothing).  Cairo's SVG backend draws a
 *     recording surface as a group before it looks for a JPEG, so SVG gets a 1-bit (A1) image
 *     surface of the JPEG's size, whose pixels are a read-only mapping of zero pages.
 *     Exceptions, each re-encoded once and kept for the whole run (process-wide, bounded):
 *     CMYK/YCCK JPEGs (Cairo 1.16 would print them as negatives) become RGB, and a photo
 *     placed above the layout's max_ppi is resampled to max_ppi.  A PNG is decoded whole, or
 *     above max_ppi decoded reduced as its rows arrive (a 54-megapixel PNG never sits in
 *     memory whole) and, when opaque (or flattened), resampled and compressed once as a JPEG
 *     kept for the run like the others; a PNG with transparency keeps its pixels and soft mask
 *     unless the layout flattens it on the page's ground.
 *   - RASTER (PNG proofs): every image decoded at the size it is drawn, through the reduced
 *     decodes of image/decode.c (a 300-pixel proof of a 6000×4000 JPEG decodes at 1/8).
 *
 * Memory stays bounded whatever the number of photos: the cache keeps at most a byte budget
 * of surfaces (least recently used first out), and a surface dropped and made again later
 * carries the same unique id, so Cairo's PDF backend reuses the image object it already wrote
 * instead of storing the photo twice (verified on Cairo 1.16: 1000 pages, one object).
 *
 * Not here: positions (the frames decide them), orientation (applied by the renderer's
 * transform, with pb_image_orientation_matrix), colour management (image/colour.c, inside the
 * decode).
 */
#ifndef PB_IMAGECACHE_H
#define PB_IMAGECACHE_H

#include "compose/frame.h"

#include <cairo.h>

typedef enum pb_imagecache_mode {
	PB_IMAGES_EMBED,  /* SVG: JPEG bytes passed through, on an A1 stand-in */
	PB_IMAGES_PDF,    /* PDF: JPEG bytes passed through, on a recording stand-in */
	PB_IMAGES_RASTER, /* PNG: pixels, decoded no larger than drawn */
} pb_imagecache_mode;

/* Surfaces kept for reuse, in bytes (JPEG bytes plus pixel buffers), when 0 is passed. */
#define PB_IMAGECACHE_BUDGET (16u * 1024u * 1024u)

typedef struct pb_imagecache pb_imagecache;

typedef struct pb_imagecache_stats {
	guint made;       /* surfaces made (misses) */
	guint reused;     /* lookups served from the cache */
	guint evicted;    /* surfaces dropped to stay within the budget */
	gsize bytes;      /* bytes held now */
	gsize peak_bytes; /* most bytes held at once */
} pb_imagecache_stats;

/* A cache for one output file.  `max_ppi` (EMBED only; 0 = none) resamples photos placed
 * above it; `budget` in bytes, 0 for PB_IMAGECACHE_BUDGET. */
pb_imagecache *pb_imagecache_new(pb_imagecache_mode mode, double max_ppi, gsize budget);
void pb_imagecache_free(pb_imagecache *cache);

/* The layout's flatten_transparency: PNGs with transparency are composited on `ground` (the
 * page's ground colour) and go in opaque, with no soft mask for the print shop's RIP to
 * flatten.  Call before the first surface is asked for. */
void pb_imagecache_set_flatten(pb_imagecache *cache, pb_rgb ground);

/* RASTER only, for proofs: a photo may be drawn from a larger decode the run already holds
 * (fewer decodes; the pixels then depend on what was drawn before, which a proof may allow
 * and --format png, whose bytes must not depend on the build's order, may not). */
void pb_imagecache_set_reuse_larger(pb_imagecache *cache);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(pb_imagecache, pb_imagecache_free)

/* The surface that shows the JPEG or PNG image item `item`, a new reference.  Its pixel size
 * (it may be reduced or resampled) stands for the stored image, info.width × info.height,
 * before orientation.  `dev_w` × `dev_h` are the device pixels the oriented image covers
 * (used by RASTER to choose the decode size; EMBED ignores them).  NULL with `error` (domain
 * PB_IMAGE_ERROR, a message completing "cannot read image 'x': ...") when the file is missing,
 * broken or changed since it was checked. */
cairo_surface_t *pb_imagecache_surface(pb_imagecache *cache, const pb_item *item, double dev_w,
				       double dev_h, GError **error);

const pb_imagecache_stats *pb_imagecache_get_stats(const pb_imagecache *cache);

/* The pixel size a surface of the cache stands for (an image surface's own; a recording
 * stand-in's extents). */
void pb_imagecache_surface_size(cairo_surface_t *s, double *w, double *h);

/* The transform from stored pixel coordinates of an sw × sh image to the upright picture that
 * EXIF `orientation` (1..8) describes: after it, the image covers (0,0)–(ow,oh) upright, where
 * ow × oh is sw × sh, swapped for 5..8. */
void pb_image_orientation_matrix(guint orientation, double sw, double sh, cairo_matrix_t *m);

/* A reduced decode as a Cairo image surface (RGB24, or ARGB32 when the image has
 * transparency): the smallest size at or above target_w × target_h (oriented pixels, as the
 * page shows them).  The decoded size (stored orientation) goes to out_w, out_h.  NULL with
 * `error` on failure. */
cairo_surface_t *pb_image_decode_scaled(const char *path, const pb_image_info *info, guint target_w,
					guint target_h, guint *out_w, guint *out_h, GError **error);

/* The RGB JPEG that stands in for a CMYK or YCCK JPEG in PDF and SVG (decoded to sRGB through
 * its ICC profile or the standard one, re-encoded at quality 95), or for one of RGB samples
 * that says so to libjpeg alone (info->rgb_stored), made once per file per run and cached.  A new
 * reference; NULL with `error`. */
GBytes *pb_image_rgb_jpeg(const char *path, const pb_image_info *info, GError **error);

#endif
