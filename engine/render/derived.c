/* derived.c — what a run makes from photos, once for the whole run; see derived.h.
 *
 * Two process-wide stores, mutex-protected and bounded in bytes (oldest first out).  The
 * derived store holds the JPEG bytes we had to make ourselves (CMYK converted to RGB, photos
 * resampled down to max_ppi, PNGs above it compressed as JPEG), so every output file that
 * shows such a photo pays for the conversion once.  The raster store holds reduced decodes for
 * PNG proofs.  Keys name the file by path, size, inode and modification time, so a file
 * replaced during a run is a different image.
 */
#include "derived.h"

#include <errno.h>
#include <sys/stat.h>

/* ---- keys ---------------------------------------------------------------------------------- */

/* "path|size|inode|mtime": a file's identity for this run.  NULL with `error` when the file
 * cannot be stat'ed (it vanished since the check). */
char *
pb_derived_file_key(const char *path, GError **error)
{
	struct stat st;
	if (stat(path, &st) != 0) {
		int e = errno;
		g_set_error(error, PB_IMAGE_ERROR, PB_IMAGE_ERROR_IO, "%s",
			    e == ENOENT || e == ENOTDIR ? "no such file" : g_strerror(e));
		return NULL;
	}
	return g_strdup_printf("%s|%lld|%llu|%lld.%09ld", path, (long long)st.st_size,
			       (unsigned long long)st.st_ino, (long long)st.st_mtim.tv_sec,
			       (long)st.st_mtim.tv_nsec);
}

/* ---- a store for the run ----------------------------------------------------------------------
 *
 * Key -> a reference-counted value, process-wide, bounded in bytes: the oldest go when the
 * budget is exceeded (never the one just stored).  Values come out as new references, so a
 * worker keeps using what another's insert has since dropped. */

typedef struct run_store {
	GMutex lock;
	GHashTable *table; /* key -> value, both owned */
	GQueue order;      /* of keys (the table's), oldest first */
	gsize bytes, budget;
	gpointer (*ref)(gpointer value);
	void (*unref)(gpointer value);
	gsize (*size)(gpointer value);
} run_store;

/* A new reference to the value stored under `key`, or NULL. */
static gpointer
store_get(run_store *st, const char *key)
{
	g_mutex_lock(&st->lock);
	gpointer v = st->table ? g_hash_table_lookup(st->table, key) : NULL;
	if (v)
		st->ref(v);
	g_mutex_unlock(&st->lock);
	return v;
}

/* Stores `value` (a reference is taken) under `key`; returns a new reference to what the store
 * holds for it: `value`, or what another worker stored first. */
static gpointer
store_put(run_store *st, const char *key, gpointer value)
{
	g_mutex_lock(&st->lock);
	if (!st->table)
		st->table = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, st->unref);
	gpointer have = g_hash_table_lookup(st->table, key);
	if (!have) {
		char *k = g_strdup(key);
		have = st->ref(value);
		g_hash_table_insert(st->table, k, have);
		g_queue_push_tail(&st->order, k);
		st->bytes += st->size(have);
		while (st->bytes > st->budget && st->order.length > 1) {
			char *old = g_queue_pop_head(&st->order);
			st->bytes -= st->size(g_hash_table_lookup(st->table, old));
			g_hash_table_remove(st->table, old); /* frees old and its value */
		}
	}
	st->ref(have);
	g_mutex_unlock(&st->lock);
	return have;
}

/* The derived store: JPEG bytes we made. */
static gsize
bytes_size(gpointer b)
{
	return g_bytes_get_size(b);
}

static run_store derived = {.budget = 64u * 1024u * 1024u,
			    .ref = (gpointer(*)(gpointer))g_bytes_ref,
			    .unref = (void (*)(gpointer))g_bytes_unref,
			    .size = bytes_size};

/* ---- pixels <-> Cairo ---------------------------------------------------------------------- */

static const cairo_user_data_key_t pixels_key;

/* Wraps decoded pixels in an image surface that frees them with itself. */
cairo_surface_t *
pb_derived_surface_from_pixels(pb_pixels *px, GError **error)
{
	cairo_format_t fmt = px->alpha ? CAIRO_FORMAT_ARGB32 : CAIRO_FORMAT_RGB24;
	g_assert(px->stride == (gsize)cairo_format_stride_for_width(fmt, (int)px->width));
	cairo_surface_t *s = cairo_image_surface_create_for_data(
	    (unsigned char *)px->data, fmt, (int)px->width, (int)px->height, (int)px->stride);
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS ||
	    cairo_surface_set_user_data(s, &pixels_key, px->data, g_free) != CAIRO_STATUS_SUCCESS) {
		g_set_error(error, PB_IMAGE_ERROR, PB_IMAGE_ERROR_TOO_LARGE,
			    "%u×%u pixels are more than Cairo can hold (%s)", px->width, px->height,
			    cairo_status_to_string(cairo_surface_status(s)));
		cairo_surface_destroy(s);
		pb_pixels_clear(px);
		return NULL;
	}
	px->data = NULL; /* the surface owns them now */
	return s;
}

/* Premultiplied pixels composited on an opaque `ground`: c' = c + ground × (1 − alpha).  The
 * result is opaque (alpha FALSE), so it needs no soft mask and can become a JPEG. */
void
pb_derived_flatten(pb_pixels *px, pb_rgb ground)
{
	const guint g[3] = {(guint)CLAMP(ground.r * 255 + 0.5, 0, 255),
			    (guint)CLAMP(ground.g * 255 + 0.5, 0, 255),
			    (guint)CLAMP(ground.b * 255 + 0.5, 0, 255)};
	gsize n = (gsize)px->width * px->height;
	for (gsize i = 0; i < n; i++) {
		guint32 w = px->data[i];
		guint a = w >> 24, out = 0xff000000u;
		for (int c = 0; c < 3; c++) {
			guint v = (w >> (16 - 8 * c)) & 0xff;
			v += (g[c] * (255 - a) + 127) / 255;
			out |= MIN(v, 255u) << (16 - 8 * c);
		}
		px->data[i] = out;
	}
	px->alpha = FALSE;
}

/* `src` resampled to exactly w × h, with Cairo's GOOD filter (a box filter when reducing). */
cairo_surface_t *
pb_derived_resample(cairo_surface_t *src, int w, int h)
{
	int sw = cairo_image_surface_get_width(src), sh = cairo_image_surface_get_height(src);
	cairo_format_t fmt = cairo_image_surface_get_format(src);
	cairo_surface_t *dst = cairo_image_surface_create(fmt, w, h);
	cairo_t *cr = cairo_create(dst);
	cairo_set_operator(cr, CAIRO_OPERATOR_SOURCE);
	cairo_scale(cr, (double)w / sw, (double)h / sh);
	cairo_set_source_surface(cr, src, 0, 0);
	cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_GOOD);
	cairo_pattern_set_extend(cairo_get_source(cr), CAIRO_EXTEND_PAD);
	cairo_paint(cr);
	cairo_destroy(cr);
	cairo_surface_flush(dst);
	return dst;
}

pb_pixels
pb_derived_pixels_of(cairo_surface_t *s)
{
	cairo_surface_flush(s);
	pb_pixels px = {
	    .width = (guint)cairo_image_surface_get_width(s),
	    .height = (guint)cairo_image_surface_get_height(s),
	    .stride = (gsize)cairo_image_surface_get_stride(s),
	    .data = (guint32 *)cairo_image_surface_get_data(s),
	};
	return px;
}

/* The pixels of an opaque RGB24 image surface as JPEG. */
static GBytes *
encode_surface(cairo_surface_t *s, int quality, GError **error)
{
	pb_pixels px = pb_derived_pixels_of(s);
	g_assert(px.stride == 4 * (gsize)px.width); /* rows are packed for 32-bit formats */
	return pb_image_encode_jpeg(&px, quality, error);
}

cairo_surface_t *
pb_image_decode_scaled(const char *path, const pb_image_info *info, guint target_w, guint target_h,
		       guint *out_w, guint *out_h, GError **error)
{
	gboolean swap = info->orientation >= 5; /* the target is oriented, decoding is stored */
	pb_pixels px;
	if (!pb_image_decode(path, info, swap ? target_h : target_w, swap ? target_w : target_h,
			     &px, error))
		return NULL;
	if (out_w)
		*out_w = px.width;
	if (out_h)
		*out_h = px.height;
	return pb_derived_surface_from_pixels(&px, error);
}

/* ---- the raster store: reduced decodes, for the whole run ----------------------------------
 *
 * PNG proofs draw the same photos again and again (a board and its thumbnail, the pages of a
 * watch session), each at about the same reduced size.  Decodes are kept process-wide, by
 * file and by eighths of the photo's size (the steps libjpeg's DCT scaling decodes at), as
 * plain pixel buffers: each render wraps them in a surface of its own, so no Cairo object is
 * shared between threads. */

/* A decode: its pixels (32-bit words, Cairo's layout) and size; reference-counted (g_rc_box). */
typedef struct raster_entry {
	GBytes *pixels;
	guint w, h;
	gboolean alpha;
} raster_entry;

static void
raster_entry_clear(gpointer p)
{
	g_bytes_unref(((raster_entry *)p)->pixels);
}

static void
raster_unref(gpointer e)
{
	g_rc_box_release_full(e, raster_entry_clear);
}

static gsize
raster_size(gpointer e)
{
	return g_bytes_get_size(((raster_entry *)e)->pixels);
}

static run_store raster = {.budget = 128u * 1024u * 1024u,
			   .ref = g_rc_box_acquire,
			   .unref = raster_unref,
			   .size = raster_size};

static const cairo_user_data_key_t raster_pixels_key;

/* A surface over a stored decode; it keeps the pixels alive. */
static cairo_surface_t *
raster_surface(const raster_entry *e)
{
	cairo_format_t fmt = e->alpha ? CAIRO_FORMAT_ARGB32 : CAIRO_FORMAT_RGB24;
	gsize len = 0;
	const guchar *data = g_bytes_get_data(e->pixels, &len);
	cairo_surface_t *s =
	    cairo_image_surface_create_for_data((guchar *)data, fmt, (int)e->w, (int)e->h,
						cairo_format_stride_for_width(fmt, (int)e->w));
	cairo_surface_set_user_data(s, &raster_pixels_key, g_bytes_ref(e->pixels),
				    (cairo_destroy_func_t)g_bytes_unref);
	return s;
}

/* The raster store's key: the decode at eighth `n`, flattened on `ground` when given. */
static char *
raster_key(guint n, const pb_rgb *ground, const char *file)
{
	return ground ? g_strdup_printf("%u/8 on %.3f,%.3f,%.3f|%s", n, ground->r, ground->g,
					ground->b, file)
		      : g_strdup_printf("%u/8|%s", n, file);
}

/* The decode of `path` at eighth `n` of its size (or more), flattened on `ground` when given,
 * from the store or made now. */
cairo_surface_t *
pb_derived_raster(const char *path, const pb_image_info *info, const char *file, guint n,
		  const pb_rgb *ground, gboolean larger_ok, gsize *cost, GError **error)
{
	g_autofree char *key = raster_key(n, ground, file);
	raster_entry *e = store_get(&raster, key);
	/* for a proof, a larger decode of the same photo serves as well (Cairo scales it down):
	 * the honor page and its landscape twin show the same photos at different sizes */
	for (guint m = n + 1; larger_ok && !e && m <= 8; m++) {
		g_autofree char *larger = raster_key(m, ground, file);
		e = store_get(&raster, larger);
	}
	*cost = 0;
	if (!e) {
		pb_pixels px;
		guint tw = (info->width * n + 7) / 8, th = (info->height * n + 7) / 8; /* stored */
		if (!pb_image_decode(path, info, tw, th, &px, error))
			return NULL;
		if (ground)
			pb_derived_flatten(&px, *ground);
		raster_entry *made = g_rc_box_new0(raster_entry);
		made->pixels = g_bytes_new_take(px.data, px.stride * px.height);
		made->w = px.width;
		made->h = px.height;
		made->alpha = px.alpha;
		*cost = px.stride * px.height;
		e = store_put(&raster, key, made);
		raster_unref(made);
	}
	cairo_surface_t *s = raster_surface(e);
	raster_unref(e);
	return s;
}

/* Quality of the JPEGs we make: high enough that the re-encoding is invisible in print. */
#define PB_REENCODE_QUALITY 95

GBytes *
pb_image_rgb_jpeg(const char *path, const pb_image_info *info, GError **error)
{
	g_autofree char *file = pb_derived_file_key(path, error);
	if (!file)
		return NULL;
	g_autofree char *key = g_strconcat("rgb|", file, NULL);
	GBytes *b = store_get(&derived, key);
	if (b)
		return b;
	pb_pixels px;
	if (!pb_image_decode(path, info, 0, 0, &px, error))
		return NULL;
	g_autoptr(GBytes) made = pb_image_encode_jpeg(&px, PB_REENCODE_QUALITY, error);
	pb_pixels_clear(&px);
	return made ? store_put(&derived, key, made) : NULL;
}

/* `path` decoded reduced (still at least w × h: DCT scaling for a JPEG, a box average while
 * the rows arrive for a PNG, so the whole picture is never in memory), flattened on `ground`
 * when given, resampled to exactly w × h and compressed as a JPEG: once per run, under `key`. */
static GBytes *
resampled_once(const char *key, const char *path, const pb_image_info *info, guint w, guint h,
	       const pb_rgb *ground, GError **error)
{
	GBytes *b = store_get(&derived, key);
	if (b)
		return b;
	pb_pixels px;
	if (!pb_image_decode(path, info, w, h, &px, error))
		return NULL;
	if (ground)
		pb_derived_flatten(&px, *ground);
	px.alpha = FALSE; /* opaque: a JPEG, or a PNG without transparency or flattened */
	cairo_surface_t *big = pb_derived_surface_from_pixels(&px, error);
	if (!big)
		return NULL;
	cairo_surface_t *small = pb_derived_resample(big, (int)w, (int)h);
	cairo_surface_destroy(big);
	g_autoptr(GBytes) made = encode_surface(small, PB_REENCODE_QUALITY, error);
	cairo_surface_destroy(small);
	return made ? store_put(&derived, key, made) : NULL;
}

/* A JPEG resampled to exactly w × h stored pixels (max_ppi), made once per run. */
GBytes *
pb_derived_resampled_jpeg(const char *path, const pb_image_info *info, const char *file, guint w,
			  guint h, GError **error)
{
	g_autofree char *key = g_strdup_printf("max %ux%u|%s", w, h, file);
	return resampled_once(key, path, info, w, h, NULL, error);
}

/* An opaque (or flattened) PNG placed above max_ppi, as a JPEG of exactly w × h stored pixels:
 * compressed once for the run, where Cairo would deflate its pixels again in every file that
 * shows it.  `ground` flattens transparency (NULL for an opaque PNG). */
GBytes *
pb_derived_resampled_png(const char *path, const pb_image_info *info, const char *file, guint w,
			 guint h, const pb_rgb *ground, GError **error)
{
	g_autofree char *key = ground ? g_strdup_printf("png max %ux%u on %.3f,%.3f,%.3f|%s", w, h,
							ground->r, ground->g, ground->b, file)
				      : g_strdup_printf("png max %ux%u|%s", w, h, file);
	return resampled_once(key, path, info, w, h, ground, error);
}
