/* probe-png.c — the PNG probe and the libpng plumbing the decoders share (image-private.h):
 * the chunk walk (every CRC good, up to an IEND; bytes read, nothing inflated), error hooks and
 * header reads.  libpng longjmps from its error hook to the caller's setjmp, as libjpeg does
 * in probe-jpeg.c.
 */
#include "image-private.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>

#include <zlib.h>

/* ---- PNG probe ----------------------------------------------------------------------------- */

/* Checks the chunk sequence: IHDR first, every CRC right, IDAT present, IEND at the end.  Data
 * after IEND is ignored, as every reader does.  Also refuses an IHDR that declares too many
 * pixels, so that nothing later sizes a buffer from it. */
gboolean
pb_png_walk(FILE *fp, GError **error)
{
	enum { BUF = 64 * 1024 };
	g_autofree guint8 *buf = g_malloc(BUF);
	gboolean first = TRUE, seen_idat = FALSE;
	if (fseeko(fp, 8, SEEK_SET) != 0)
		goto io;
	for (;;) {
		guint8 h[8], crcb[4], ihdr[13];
		gsize got = fread(h, 1, 8, fp);
		if (got == 0 && !ferror(fp)) {
			g_set_error(error, PB_IMAGE_ERROR, PB_IMAGE_ERROR_CORRUPT,
				    "PNG has no IEND chunk");
			return FALSE;
		}
		if (got < 8)
			goto cut;
		guint32 len = pb_be32(h);
		char name[5] = {0};
		for (int k = 0; k < 4; k++) {
			if (!g_ascii_isalpha(h[4 + k])) {
				g_set_error(error, PB_IMAGE_ERROR, PB_IMAGE_ERROR_CORRUPT,
					    "corrupt PNG (bad chunk name after %s)",
					    first ? "the signature" : "a chunk");
				return FALSE;
			}
			name[k] = (char)h[4 + k];
		}
		if (first && strcmp(name, "IHDR") != 0) {
			g_set_error(error, PB_IMAGE_ERROR, PB_IMAGE_ERROR_CORRUPT,
				    "corrupt PNG (%s chunk where IHDR belongs)", name);
			return FALSE;
		}
		if (len > 0x7fffffffu || (first && len != 13)) {
			g_set_error(error, PB_IMAGE_ERROR, PB_IMAGE_ERROR_CORRUPT,
				    "corrupt PNG (chunk %s declares %u bytes)", name, len);
			return FALSE;
		}
		uLong crc = crc32(0L, h + 4, 4);
		for (guint32 left = len, at = 0; left > 0;) {
			gsize n = fread(buf, 1, MIN(left, (guint32)BUF), fp);
			if (n == 0)
				goto cut;
			crc = crc32(crc, buf, (uInt)n);
			if (first)
				memcpy(ihdr + at, buf, MIN(n, sizeof ihdr - at));
			at += (guint32)n;
			left -= (guint32)n;
		}
		if (fread(crcb, 1, 4, fp) != 4)
			goto cut;
		if (crc != pb_be32(crcb)) {
			g_set_error(error, PB_IMAGE_ERROR, PB_IMAGE_ERROR_CORRUPT,
				    "bad CRC in PNG chunk %s", name);
			return FALSE;
		}
		if (first && !pb_image_check_size(pb_be32(ihdr), pb_be32(ihdr + 4), error))
			return FALSE;
		if (strcmp(name, "IDAT") == 0)
			seen_idat = TRUE;
		if (strcmp(name, "IEND") == 0) {
			if (seen_idat)
				return TRUE;
			g_set_error(error, PB_IMAGE_ERROR, PB_IMAGE_ERROR_CORRUPT,
				    "PNG has no IDAT chunk");
			return FALSE;
		}
		first = FALSE;
		continue;
	cut:
		if (ferror(fp))
			goto io;
		g_set_error(error, PB_IMAGE_ERROR, PB_IMAGE_ERROR_CORRUPT,
			    "truncated PNG (the file ends inside chunk %s)", first ? "IHDR" : name);
		return FALSE;
	}
io:
	pb_image_set_lowered(error, PB_IMAGE_ERROR_IO, "", g_strerror(errno), "");
	return FALSE;
}

static void
pb_png_error_fn(png_structp png, png_const_charp msg)
{
	pb_png *p = png_get_error_ptr(png);
	g_strlcpy(p->message, msg, sizeof p->message);
	png_longjmp(png, 1);
}

static void
pb_png_warning_fn(png_structp png, png_const_charp msg)
{
	(void)png;
	(void)msg; /* libpng warns about harmless things (an iCCP profile it dislikes) */
}

pb_png *
pb_png_new(FILE *fp, GError **error)
{
	pb_png *p = g_new0(pb_png, 1);
	p->fp = fp;
	p->png =
	    png_create_read_struct(PNG_LIBPNG_VER_STRING, p, pb_png_error_fn, pb_png_warning_fn);
	p->info = p->png ? png_create_info_struct(p->png) : NULL;
	if (!p->info) {
		g_set_error(error, PB_IMAGE_ERROR, PB_IMAGE_ERROR_IO, "out of memory");
		png_destroy_read_struct(p->png ? &p->png : NULL, NULL, NULL);
		g_free(p);
		return NULL;
	}
	return p;
}

void
pb_png_free(pb_png *p)
{
	png_destroy_read_struct(&p->png, &p->info, NULL);
	g_free(p->image);
	g_free(p->row);
	g_free(p);
}

void
pb_png_read_info(pb_png *p)
{
	png_init_io(p->png, p->fp);
	png_read_info(p->png, p->info);
}

static gboolean
pb_png_run_header(pb_png *p)
{
	if (setjmp(png_jmpbuf(p->png)))
		return FALSE;
	pb_png_read_info(p);
	return TRUE;
}

gboolean
pb_png_probe(FILE *fp, pb_image_info *info, GError **error)
{
	if (!pb_png_walk(fp, error))
		return FALSE;
	rewind(fp);
	pb_png *p = pb_png_new(fp, error);
	if (!p)
		return FALSE;
	gboolean ok = pb_png_run_header(p);
	if (!ok) {
		/* The chunk walk passed, so this is libpng refusing a field (bit depth, colour
		 * type, compression method). */
		pb_image_set_lowered(error, PB_IMAGE_ERROR_CORRUPT, "bad PNG header (", p->message,
				     ")");
	} else {
		png_uint_32 w, h;
		int depth, type, interlace;
		png_get_IHDR(p->png, p->info, &w, &h, &depth, &type, &interlace, NULL, NULL);
		info->width = w;
		info->height = h;
		info->orientation =
		    1; /* eXIf chunks exist but no browser or printer honours them */
		info->bit_depth = (guint)depth;
		info->components = png_get_channels(p->png, p->info);
		info->progressive = interlace == PNG_INTERLACE_ADAM7;
		info->has_alpha =
		    (type & PNG_COLOR_MASK_ALPHA) || png_get_valid(p->png, p->info, PNG_INFO_tRNS);
		switch (type) {
		case PNG_COLOR_TYPE_GRAY:
			info->colorspace = PB_CS_GREY;
			break;
		case PNG_COLOR_TYPE_GRAY_ALPHA:
			info->colorspace = PB_CS_GREY_ALPHA;
			break;
		case PNG_COLOR_TYPE_RGB:
			info->colorspace = PB_CS_RGB;
			break;
		case PNG_COLOR_TYPE_RGB_ALPHA:
			info->colorspace = PB_CS_RGBA;
			break;
		case PNG_COLOR_TYPE_PALETTE:
			info->colorspace = PB_CS_PALETTE;
			break;
		default:
			info->colorspace = PB_CS_UNKNOWN;
			break;
		}
	}
	pb_png_free(p);
	return ok;
}
