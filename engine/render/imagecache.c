/* imagecache.c — Cairo surfaces for the renderer's images; see imagecache.h.
 *
 * The per-file cache (pb_imagecache) maps an image, and for reduced variants the size asked, to
 * its surface; it is single-threaded, like the render that owns it, and bounded in bytes.  What
 * it has to make from a photo (RGB from CMYK, a resampled JPEG, a reduced decode) comes from
 * derived.c, which keeps it for the whole run.
 *
 * The key of a file (path, size, inode and modification time) is the surface's
 * CAIRO_MIME_TYPE_UNIQUE_ID, which is what lets Cairo's PDF backend store an image once however
 * often it is placed, even when the cache has dropped the surface in between.
 */
#include "derived.h"

#include <math.h>
#include <string.h>
#include <sys/mman.h>

/* ---- the per-file cache -------------------------------------------------------------------- */

typedef struct pb_cached {
	char *key;
	cairo_surface_t *surface; /* our reference */
	gsize cost;               /* bytes it holds: JPEG bytes and pixels */
	GList link;               /* in the LRU queue, most recent at the head */
} pb_cached;

struct pb_imagecache {
	pb_imagecache_mode mode;
	double max_ppi;        /* EMBED: resample above this; 0 = never */
	gboolean flatten;      /* PNG transparency composited on `ground` */
	gboolean reuse_larger; /* RASTER: a larger stored decode will do */
	pb_rgb ground;
	gsize budget;        /* bytes */
	GHashTable *entries; /* key -> pb_cached*, owned */
	GQueue lru;          /* of pb_cached*, via their links */
	pb_imagecache_stats stats;
};

static void
cached_free(gpointer p)
{
	pb_cached *c = p;
	cairo_surface_destroy(c->surface);
	g_free(c->key);
	g_free(c);
}

pb_imagecache *
pb_imagecache_new(pb_imagecache_mode mode, double max_ppi, gsize budget)
{
	pb_imagecache *cache = g_new0(pb_imagecache, 1);
	cache->mode = mode;
	cache->max_ppi = max_ppi;
	cache->budget = budget ? budget : PB_IMAGECACHE_BUDGET;
	cache->entries = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, cached_free);
	g_queue_init(&cache->lru);
	return cache;
}

void
pb_imagecache_free(pb_imagecache *cache)
{
	if (!cache)
		return;
	g_hash_table_unref(cache->entries); /* frees every entry; the queue only links them */
	g_free(cache);
}

void
pb_imagecache_set_reuse_larger(pb_imagecache *cache)
{
	cache->reuse_larger = TRUE;
}

void
pb_imagecache_set_flatten(pb_imagecache *cache, pb_rgb ground)
{
	cache->flatten = TRUE;
	cache->ground = ground;
}

const pb_imagecache_stats *
pb_imagecache_get_stats(const pb_imagecache *cache)
{
	return &cache->stats;
}

/* Keeps `s` under `key` (taking our own reference), then drops least recently used surfaces
 * until the budget holds again, never the one just added.  A dropped surface that Cairo still
 * needs for the current page stays alive through Cairo's own reference. */
static void
cache_put(pb_imagecache *cache, const char *key, cairo_surface_t *s, gsize cost)
{
	pb_cached *c = g_new0(pb_cached, 1);
	c->key = g_strdup(key);
	c->surface = cairo_surface_reference(s);
	c->cost = cost;
	c->link.data = c;
	g_hash_table_insert(cache->entries, c->key, c);
	g_queue_push_head_link(&cache->lru, &c->link);
	cache->stats.bytes += cost;
	cache->stats.peak_bytes = MAX(cache->stats.peak_bytes, cache->stats.bytes);
	while (cache->stats.bytes > cache->budget && cache->lru.length > 1) {
		GList *old = g_queue_pop_tail_link(&cache->lru);
		pb_cached *o = old->data;
		cache->stats.bytes -= o->cost;
		cache->stats.evicted++;
		g_hash_table_remove(cache->entries, o->key); /* frees o */
	}
}

/* Cairo image surfaces stop at 32767 pixels a side (pixman's limit). */
#define PB_CAIRO_MAX_SIDE 32767u

/* The pixels of an A1 stand-in: a read-only mapping of zero pages, which costs neither memory
 * nor time until someone reads it (and Cairo, writing the JPEG, never does).  A calloc'ed
 * buffer would be zeroed by hand when it comes from the heap: 3 MB for a 6000 × 4000 photo. */
typedef struct zero_pixels {
	void *data;
	gsize len;
} zero_pixels;

static const cairo_user_data_key_t zero_key;

static void
zero_pixels_free(void *p)
{
	zero_pixels *z = p;
	munmap(z->data, z->len);
	g_free(z);
}

static cairo_surface_t *
a1_stand_in(guint w, guint h)
{
	int stride = cairo_format_stride_for_width(CAIRO_FORMAT_A1, (int)w);
	gsize len = MAX(1, (gsize)stride * h);
	void *data = mmap(NULL, len, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (data == MAP_FAILED)
		return cairo_image_surface_create(CAIRO_FORMAT_A1, (int)w, (int)h);
	cairo_surface_t *s =
	    cairo_image_surface_create_for_data(data, CAIRO_FORMAT_A1, (int)w, (int)h, stride);
	zero_pixels *z = g_new(zero_pixels, 1);
	z->data = data;
	z->len = len;
	if (cairo_surface_set_user_data(s, &zero_key, z, zero_pixels_free) != CAIRO_STATUS_SUCCESS)
		zero_pixels_free(z); /* s is in error, and says so to the caller */
	return s;
}

/* An A1 stand-in of w × h carrying `bytes` as its JPEG.  Cairo's PDF and SVG backends write
 * the JPEG and never look at the pixels, which are therefore 1 bit each and never touched:
 * 1/32 of an RGB24 surface, and no memory at all with a1_stand_in's mapping. */
static cairo_surface_t *
jpeg_surface(GBytes *bytes, guint w, guint h, const char *uid, gboolean pdf, GError **error)
{
	if (w > PB_CAIRO_MAX_SIDE || h > PB_CAIRO_MAX_SIDE) {
		g_set_error(error, PB_IMAGE_ERROR, PB_IMAGE_ERROR_TOO_LARGE,
			    "%u×%u pixels, Cairo places at most %u a side", w, h,
			    PB_CAIRO_MAX_SIDE);
		return NULL;
	}
	cairo_rectangle_t extents = {0, 0, w, h};
	cairo_surface_t *s =
	    pdf ? cairo_recording_surface_create(CAIRO_CONTENT_COLOR, &extents) : a1_stand_in(w, h);
	gsize len = 0;
	const unsigned char *data = g_bytes_get_data(bytes, &len);
	char *id = g_strdup(uid);
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS ||
	    cairo_surface_set_mime_data(s, CAIRO_MIME_TYPE_JPEG, data, len,
					(cairo_destroy_func_t)g_bytes_unref,
					g_bytes_ref(bytes)) != CAIRO_STATUS_SUCCESS ||
	    cairo_surface_set_mime_data(s, CAIRO_MIME_TYPE_UNIQUE_ID, (const unsigned char *)id,
					strlen(id), g_free, id) != CAIRO_STATUS_SUCCESS) {
		/* On failure Cairo has not taken the closures: the bytes' reference and the id
		 * may leak here, but only on out-of-memory, where Cairo's error state stops us. */
		g_set_error(error, PB_IMAGE_ERROR, PB_IMAGE_ERROR_TOO_LARGE, "cannot place it (%s)",
			    cairo_status_to_string(cairo_surface_status(s)));
		cairo_surface_destroy(s);
		return NULL;
	}
	return s;
}

/* Stored pixel size at max_ppi for an item drawn at w × h mm, or FALSE when the photo is at or
 * below max_ppi there. */
static gboolean
max_ppi_size(const pb_imagecache *cache, const pb_item *item, guint *sw, guint *sh)
{
	const pb_image_info *info = item->image.info;
	if (!pb_image_above_max_ppi(info, item->image.w, item->image.h, cache->max_ppi))
		return FALSE;
	double ppi = pb_image_ppi_high(info, item->image.w, item->image.h);
	/* One factor for both sides keeps the pixels square; the epsilon keeps 400.0000001 at
	 * 400 rather than 401. */
	double f = cache->max_ppi / ppi;
	guint ow = (guint)MAX(1.0, ceil(info->oriented_width * f - 1e-6));
	guint oh = (guint)MAX(1.0, ceil(info->oriented_height * f - 1e-6));
	gboolean swap = info->orientation >= 5;
	*sw = swap ? oh : ow;
	*sh = swap ? ow : oh;
	return TRUE;
}

/* EMBED: the JPEG's bytes (original, converted to RGB, or resampled) on an A1 stand-in. */
static cairo_surface_t *
embed_jpeg(pb_imagecache *cache, const pb_item *item, const char *file, gsize *cost, GError **error)
{
	const pb_image_info *info = item->image.info;
	const char *path = item->image.path;
	guint w = info->width, h = info->height;
	g_autoptr(GBytes) bytes = NULL;
	g_autofree char *uid = NULL;
	if (max_ppi_size(cache, item, &w, &h)) {
		bytes = pb_derived_resampled_jpeg(path, info, file, w, h, error);
		uid = g_strdup_printf("paiban max %ux%u|%s", w, h, file);
	} else if (info->colorspace == PB_CS_CMYK || info->colorspace == PB_CS_YCCK ||
		   info->rgb_stored) {
		bytes = pb_image_rgb_jpeg(path, info, error);
		uid = g_strconcat("paiban rgb|", file, NULL);
	} else {
		bytes = pb_image_read_checked(path, info, error);
		uid = g_strconcat("paiban|", file, NULL);
	}
	if (!bytes)
		return NULL;
	/* the stand-in's pixels are no memory (a recording, or zero pages) */
	*cost = g_bytes_get_size(bytes);
	return jpeg_surface(bytes, w, h, uid, cache->mode == PB_IMAGES_PDF, error);
}

/* EMBED: a PNG.  Above max_ppi and opaque (or flattened): the JPEG made once for the run.
 * Otherwise its pixels, decoded whole or reduced, flattened when the layout asks, with a
 * unique id so that it too is stored once in a PDF. */
static cairo_surface_t *
embed_png(pb_imagecache *cache, const pb_item *item, const char *file, gsize *cost, GError **error)
{
	const pb_image_info *info = item->image.info;
	guint w = 0, h = 0;
	gboolean reduce = max_ppi_size(cache, item, &w, &h);
	gboolean flatten = cache->flatten && info->has_alpha;
	if (reduce && (!info->has_alpha || flatten)) {
		g_autoptr(GBytes) bytes = pb_derived_resampled_png(
		    item->image.path, info, file, w, h, flatten ? &cache->ground : NULL, error);
		if (!bytes)
			return NULL;
		g_autofree char *uid = g_strdup_printf("paiban png max %ux%u%s|%s", w, h,
						       flatten ? " flat" : "", file);
		*cost = g_bytes_get_size(bytes); /* as embed_jpeg's: the stand-in costs nothing */
		return jpeg_surface(bytes, w, h, uid, cache->mode == PB_IMAGES_PDF, error);
	}
	pb_pixels px;
	if (!pb_image_decode(item->image.path, info, reduce ? w : 0, reduce ? h : 0, &px, error))
		return NULL;
	if (flatten)
		pb_derived_flatten(&px, cache->ground);
	cairo_surface_t *s = pb_derived_surface_from_pixels(&px, error);
	if (!s)
		return NULL;
	if (reduce && ((guint)cairo_image_surface_get_width(s) != w ||
		       (guint)cairo_image_surface_get_height(s) != h)) {
		cairo_surface_t *r = pb_derived_resample(s, (int)w, (int)h);
		cairo_surface_destroy(s);
		s = r;
	}
	char *uid =
	    reduce ? g_strdup_printf("paiban max %ux%u%s|%s", w, h, flatten ? " flat" : "", file)
		   : g_strdup_printf("paiban%s|%s", flatten ? " flat" : "", file);
	cairo_surface_set_mime_data(s, CAIRO_MIME_TYPE_UNIQUE_ID, (const unsigned char *)uid,
				    strlen(uid), g_free, uid);
	*cost = (gsize)cairo_image_surface_get_stride(s) * (gsize)cairo_image_surface_get_height(s);
	return s;
}

cairo_surface_t *
pb_imagecache_surface(pb_imagecache *cache, const pb_item *item, double dev_w, double dev_h,
		      GError **error)
{
	g_return_val_if_fail(item->kind == PB_ITEM_IMAGE, NULL);
	const pb_image_info *info = item->image.info;
	if (info->format != PB_IMAGE_JPEG && info->format != PB_IMAGE_PNG) {
		g_set_error(error, PB_IMAGE_ERROR, PB_IMAGE_ERROR_FORMAT,
			    "only JPEG and PNG images are drawn as pixels");
		return NULL;
	}
	g_autofree char *file = pb_derived_file_key(item->image.path, error);
	if (!file)
		return NULL;
	/* RASTER keys carry the decode size: the same photo drawn small and large is two
	 * surfaces.  EMBED keys carry the max_ppi size when there is one.  (A cache flattens all
	 * of its PNGs or none, so its own keys need not say; the shared raster store's do.) */
	guint tw = 0, th = 0;
	if (cache->mode == PB_IMAGES_RASTER) {
		/* the eighth of the photo's size that covers the device pixels */
		double need = MAX(dev_w / info->oriented_width, dev_h / info->oriented_height);
		tw = (guint)CLAMP(ceil(need * 8 - 1e-6), 1, 8);
		th = tw;
	} else {
		max_ppi_size(cache, item, &tw, &th);
	}
	g_autofree char *key = g_strdup_printf("%ux%u|%s", tw, th, file);
	pb_cached *c = g_hash_table_lookup(cache->entries, key);
	if (c) {
		g_queue_unlink(&cache->lru, &c->link);
		g_queue_push_head_link(&cache->lru, &c->link);
		cache->stats.reused++;
		return cairo_surface_reference(c->surface);
	}
	cairo_surface_t *s = NULL;
	gsize cost = 0;
	if (cache->mode == PB_IMAGES_RASTER) {
		/* the proof shows what the print will: a flattened PNG on the ground */
		gboolean flat = cache->flatten && info->has_alpha;
		s = pb_derived_raster(item->image.path, info, file, tw,
				      flat ? &cache->ground : NULL, cache->reuse_larger, &cost,
				      error);
	} else if (info->format == PB_IMAGE_JPEG) {
		s = embed_jpeg(cache, item, file, &cost, error);
	} else {
		s = embed_png(cache, item, file, &cost, error);
	}
	if (!s)
		return NULL;
	cache->stats.made++;
	cache_put(cache, key, s, cost);
	return s; /* the caller's reference; the cache took its own */
}

void
pb_imagecache_surface_size(cairo_surface_t *s, double *w, double *h)
{
	cairo_rectangle_t r;
	if (cairo_surface_get_type(s) == CAIRO_SURFACE_TYPE_RECORDING &&
	    cairo_recording_surface_get_extents(s, &r)) {
		*w = r.width;
		*h = r.height;
		return;
	}
	*w = cairo_image_surface_get_width(s);
	*h = cairo_image_surface_get_height(s);
}

void
pb_image_orientation_matrix(guint orientation, double sw, double sh, cairo_matrix_t *m)
{
	/* cairo_matrix_init(m, xx, yx, xy, yy, x0, y0): x' = xx·x + xy·y + x0,
	 * y' = yx·x + yy·y + y0, from stored (x, y) to where the upright picture shows it. */
	switch (orientation) {
	case 2: /* mirrored left to right */
		cairo_matrix_init(m, -1, 0, 0, 1, sw, 0);
		break;
	case 3: /* turned 180° */
		cairo_matrix_init(m, -1, 0, 0, -1, sw, sh);
		break;
	case 4: /* mirrored top to bottom */
		cairo_matrix_init(m, 1, 0, 0, -1, 0, sh);
		break;
	case 5: /* transposed: x' = y, y' = x */
		cairo_matrix_init(m, 0, 1, 1, 0, 0, 0);
		break;
	case 6: /* stored turned 90° anticlockwise, shown turned back: x' = sh − y, y' = x */
		cairo_matrix_init(m, 0, 1, -1, 0, sh, 0);
		break;
	case 7: /* transverse: x' = sh − y, y' = sw − x */
		cairo_matrix_init(m, 0, -1, -1, 0, sh, sw);
		break;
	case 8: /* x' = y, y' = sw − x */
		cairo_matrix_init(m, 0, -1, 1, 0, 0, sw);
		break;
	default:
		cairo_matrix_init_identity(m);
		break;
	}
}
