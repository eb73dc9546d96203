/* encode.c — bytes out: the JPEGs the renderer must make itself (CMYK converted, photos above
 * max_ppi resampled), deterministic for the same pixels; and a file's own bytes re-checked
 * against its probe before they are embedded as they are.
 */
#include "image-private.h"

#include <errno.h>
#include <math.h>
#include <string.h>

/* ---- JPEG encoding ------------------------------------------------------------------------- */

/* A compressor writing into a GByteArray through a fixed buffer: libjpeg's own jpeg_mem_dest
 * mallocs a buffer that a longjmp would leak. */
typedef struct pb_jencode {
	struct jpeg_compress_struct c;
	pb_jerr jerr;
	struct jpeg_destination_mgr dest;
	GByteArray *bytes;
	guint8 buf[64 * 1024];
} pb_jencode;

static void
pb_jdest_init(j_compress_ptr c)
{
	pb_jencode *e = (pb_jencode *)c; /* c is the first member */
	e->dest.next_output_byte = e->buf;
	e->dest.free_in_buffer = sizeof e->buf;
}

static boolean
pb_jdest_empty(j_compress_ptr c)
{
	pb_jencode *e = (pb_jencode *)c;
	g_byte_array_append(e->bytes, e->buf, sizeof e->buf); /* the whole buffer, by contract */
	pb_jdest_init(c);
	return TRUE;
}

static void
pb_jdest_term(j_compress_ptr c)
{
	pb_jencode *e = (pb_jencode *)c;
	g_byte_array_append(e->bytes, e->buf, (guint)(sizeof e->buf - e->dest.free_in_buffer));
}

static gboolean
pb_jpeg_run_encode(pb_jencode *e, const pb_pixels *px, int quality)
{
	struct jpeg_compress_struct *c = &e->c;
	if (setjmp(e->jerr.jump))
		return FALSE;
	jpeg_create_compress(c);
	e->dest.init_destination = pb_jdest_init;
	e->dest.empty_output_buffer = pb_jdest_empty;
	e->dest.term_destination = pb_jdest_term;
	c->dest = &e->dest;
	c->image_width = px->width;
	c->image_height = px->height;
	c->input_components = 4;
	/* Cairo's words as bytes; the alpha byte is ignored (only opaque images are encoded). */
	c->in_color_space = G_BYTE_ORDER == G_LITTLE_ENDIAN ? JCS_EXT_BGRX : JCS_EXT_XRGB;
	jpeg_set_defaults(c);
	jpeg_set_quality(c, quality, TRUE);
	c->optimize_coding = TRUE; /* smaller, and still the same bytes for the same pixels */
	jpeg_start_compress(c, TRUE);
	while (c->next_scanline < c->image_height) {
		JSAMPROW r = (JSAMPROW)(px->data + (gsize)c->next_scanline * px->width);
		jpeg_write_scanlines(c, &r, 1);
	}
	jpeg_finish_compress(c);
	return TRUE;
}

GBytes *
pb_image_encode_jpeg(const pb_pixels *px, int quality, GError **error)
{
	g_return_val_if_fail(px != NULL && px->data != NULL, NULL);
	pb_jencode *e = g_new0(pb_jencode, 1);
	e->c.err = pb_jerr_init(&e->jerr);
	e->bytes = g_byte_array_new();
	GBytes *out = NULL;
	if (pb_jpeg_run_encode(e, px, CLAMP(quality, 1, 100)))
		out = g_byte_array_free_to_bytes(g_steal_pointer(&e->bytes));
	else
		pb_image_set_lowered(error, PB_IMAGE_ERROR_IO, "cannot encode JPEG (",
				     e->jerr.message, ")");
	jpeg_destroy_compress(&e->c);
	if (e->bytes)
		g_byte_array_unref(e->bytes);
	g_free(e);
	return out;
}

/* ---- PNG encoding ------------------------------------------------------------------------- */

typedef struct pb_pencode {
	png_structp png;
	png_infop info;
	GByteArray *bytes;
	char message[256];
	guint8 *row; /* one row of RGB bytes */
} pb_pencode;

static void
pb_penc_error(png_structp png, png_const_charp msg)
{
	pb_pencode *e = png_get_error_ptr(png);
	g_strlcpy(e->message, msg, sizeof e->message);
	png_longjmp(png, 1);
}

static void
pb_penc_warning(png_structp png, png_const_charp msg)
{
}

static void
pb_penc_write(png_structp png, png_bytep data, png_size_t len)
{
	pb_pencode *e = png_get_io_ptr(png);
	g_byte_array_append(e->bytes, data, (guint)len);
}

static void
pb_penc_flush(png_structp png)
{
}

/* Below the setjmp: only `e` is live across a longjmp. */
static gboolean
pb_png_run_encode(pb_pencode *e, const pb_pixels *px, int level)
{
	if (setjmp(png_jmpbuf(e->png)))
		return FALSE;
	png_set_write_fn(e->png, e, pb_penc_write, pb_penc_flush);
	png_set_IHDR(e->png, e->info, px->width, px->height, 8, PNG_COLOR_TYPE_RGB,
		     PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
	png_set_compression_level(e->png, level);
	png_set_filter(e->png, PNG_FILTER_TYPE_BASE, PNG_FILTER_SUB);
	png_write_info(e->png, e->info);
	for (guint y = 0; y < px->height; y++) {
		const guint32 *in = (const guint32 *)((const guint8 *)px->data + y * px->stride);
		for (guint x = 0; x < px->width; x++) {
			e->row[3 * x] = (guint8)(in[x] >> 16);
			e->row[3 * x + 1] = (guint8)(in[x] >> 8);
			e->row[3 * x + 2] = (guint8)in[x];
		}
		png_write_row(e->png, e->row);
	}
	png_write_end(e->png, e->info);
	return TRUE;
}

GBytes *
pb_image_encode_png(const pb_pixels *px, int level, GError **error)
{
	g_return_val_if_fail(px != NULL && px->data != NULL, NULL);
	pb_pencode *e = g_new0(pb_pencode, 1);
	e->png = png_create_write_struct(PNG_LIBPNG_VER_STRING, e, pb_penc_error, pb_penc_warning);
	e->info = e->png ? png_create_info_struct(e->png) : NULL;
	e->bytes = g_byte_array_new();
	e->row = g_malloc((gsize)px->width * 3);
	GBytes *out = NULL;
	if (e->info && pb_png_run_encode(e, px, CLAMP(level, 1, 9)))
		out = g_byte_array_free_to_bytes(g_steal_pointer(&e->bytes));
	else
		g_set_error(error, PB_IMAGE_ERROR, PB_IMAGE_ERROR_IO, "cannot encode PNG (%s)",
			    e->message[0] ? e->message : "out of memory");
	if (e->png)
		png_destroy_write_struct(&e->png, e->info ? &e->info : NULL);
	if (e->bytes)
		g_byte_array_unref(e->bytes);
	g_free(e->row);
	g_free(e);
	return out;
}

/* ---- bytes for embedding ------------------------------------------------------------------- */

GBytes *
pb_image_read_checked(const char *path, const pb_image_info *expect, GError **error)
{
	g_return_val_if_fail(path != NULL && expect != NULL, NULL);
	gsize size;
	FILE *fp = pb_image_open(path, &size, error);
	if (!fp)
		return NULL;
	guint8 *data = g_malloc(size);
	gsize got = fread(data, 1, size, fp);
	int e = errno;
	fclose(fp);
	if (got != size) {
		g_free(data);
		g_set_error(error, PB_IMAGE_ERROR, PB_IMAGE_ERROR_IO, "read %zu of %zu bytes (%s)",
			    got, size, g_strerror(e));
		return NULL;
	}
	GBytes *bytes = g_bytes_new_take(data, size);
	/* Probing the very bytes that will be embedded: Cairo checks nothing and would write a
	 * broken or substituted file into the PDF as it is. */
	FILE *mem = fmemopen(data, size, "rb");
	if (!mem) {
		g_set_error(error, PB_IMAGE_ERROR, PB_IMAGE_ERROR_IO, "out of memory");
		g_bytes_unref(bytes);
		return NULL;
	}
	pb_image_info now;
	gboolean ok = pb_image_probe_fp(mem, size, NULL, &now, error);
	fclose(mem);
	if (ok)
		ok = pb_image_same_format(expect, now.format, error);
	if (ok &&
	    (now.colorspace != expect->colorspace || now.orientation != expect->orientation)) {
		g_set_error(error, PB_IMAGE_ERROR, PB_IMAGE_ERROR_CORRUPT,
			    "changed since it was checked");
		ok = FALSE;
	}
	if (ok)
		ok = pb_image_same(expect, now.width, now.height, error);
	if (!ok)
		g_clear_pointer(&bytes, g_bytes_unref);
	return bytes;
}
