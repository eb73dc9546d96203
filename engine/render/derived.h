/* derived.h — what a run makes from photos, once for the whole run (imagecache.c's helpers).
 *
 * The JPEG bytes paiban has to make itself (a CMYK photo as RGB, a photo above max_ppi
 * resampled down, a PNG above it as JPEG) and the reduced decodes PNG proofs draw from, kept
 * process-wide and bounded, so every output file that shows the photo pays for it once; and
 * the conversions between decoded pixels and Cairo surfaces that making them takes.  Internal
 * to render/.
 */
#ifndef PB_DERIVED_H
#define PB_DERIVED_H

#include "imagecache.h"

/* "path|size|inode|mtime": a file's identity for this run, and the stores' key.  NULL with
 * `error` when the file cannot be stat'ed (it vanished since the check). */
char *pb_derived_file_key(const char *path, GError **error);

/* Decoded pixels wrapped in an image surface that frees them with itself (px is emptied).
 * NULL with `error` when Cairo cannot hold that many. */
cairo_surface_t *pb_derived_surface_from_pixels(pb_pixels *px, GError **error);

/* Premultiplied pixels composited on an opaque `ground`; the result is opaque. */
void pb_derived_flatten(pb_pixels *px, pb_rgb ground);

/* An image surface's pixels, flushed, as pb_pixels: borrowed from the surface, not freed. */
pb_pixels pb_derived_pixels_of(cairo_surface_t *s);

/* `src` resampled to exactly w × h with Cairo's GOOD filter (a box filter when reducing). */
cairo_surface_t *pb_derived_resample(cairo_surface_t *src, int w, int h);

/* The decode of `path` at eighth `n` of its size, flattened on `ground` when given, from the
 * raster store or made now and stored; with `larger_ok` a larger stored decode serves too.
 * *cost is the bytes decoded now (0 when served).  `file` is pb_derived_file_key's. */
cairo_surface_t *pb_derived_raster(const char *path, const pb_image_info *info, const char *file,
				   guint n, const pb_rgb *ground, gboolean larger_ok, gsize *cost,
				   GError **error);

/* `path` as a JPEG of exactly w × h stored pixels (max_ppi), made once per run.  The PNG's
 * `ground` flattens its transparency (NULL for an opaque PNG). */
GBytes *pb_derived_resampled_jpeg(const char *path, const pb_image_info *info, const char *file,
				  guint w, guint h, GError **error);
GBytes *pb_derived_resampled_png(const char *path, const pb_image_info *info, const char *file,
				 guint w, guint h, const pb_rgb *ground, GError **error);

#endif
