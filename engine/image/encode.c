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
