/* probe-jpeg.c — the JPEG probe and the libjpeg plumbing that the decoders share
 * (image-private.h): error hooks, header reads under a byte budget, EXIF orientation, and the
 * check that the scan data ends with an EOI marker.
 *
 * libjpeg reports fatal errors through a hook that must not return; ours longjmps back to the
 * caller's setjmp and the message becomes a GError.  Its own stderr output is silenced.  Each
 * setjmp lives in a tiny function whose only state is one pointer to a heap struct, so that no
 * local variable is live across the longjmp, and everything allocated inside libjpeg comes from
 * its pools, which jpeg_destroy releases on every path.
 */
#include "image-private.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>

#include <jerror.h>

/* ---- libjpeg plumbing ---------------------------------------------------------------------- */

static void
pb_jerr_exit(j_common_ptr c)
{
	pb_jerr *e = (pb_jerr *)c->err;
	(*c->err->format_message)(c, e->message);
	longjmp(e->jump, 1);
}

/* Warnings ("corrupt JPEG data: extraneous bytes") are counted, not printed; running out of
 * data is remembered because libjpeg otherwise carries on as if the file were whole. */
static void
pb_jerr_emit(j_common_ptr c, int level)
{
	if (level >= 0)
		return; /* trace messages */
	pb_jerr *e = (pb_jerr *)c->err;
	c->err->num_warnings++;
	if (c->err->msg_code == JWRN_JPEG_EOF)
		e->hit_eof = TRUE;
}

static void
pb_jerr_silent(j_common_ptr c)
{
	(void)c; /* libjpeg's default prints to stderr; ours report through GError only */
}

struct jpeg_error_mgr *
pb_jerr_init(pb_jerr *e)
{
	struct jpeg_error_mgr *mgr = jpeg_std_error(&e->mgr);
	mgr->error_exit = pb_jerr_exit;
	mgr->emit_message = pb_jerr_emit;
	mgr->output_message = pb_jerr_silent;
	return mgr;
}

void
pb_jpeg_init(pb_jpeg *j, FILE *fp)
{
	j->d.err = pb_jerr_init(&j->jerr);
	j->fp = fp;
}

/* The scan data's refill: chunks of PB_JPEG_SCAN_CHUNK from a buffer in libjpeg's permanent
 * pool (released by jpeg_destroy on every path).  At the end of the file, libjpeg's own
 * behaviour: a warning (remembered as hit_eof) and a fake EOI, so a truncated scan decodes as
 * far as it goes. */
static boolean
pb_jpeg_scan_fill(j_decompress_ptr d)
{
	pb_jpeg *j = d->client_data;
	if (!j->scan_buf)
		j->scan_buf =
		    (*d->mem->alloc_large)((j_common_ptr)d, JPOOL_PERMANENT, PB_JPEG_SCAN_CHUNK);
	size_t n = fread(j->scan_buf, 1, PB_JPEG_SCAN_CHUNK, j->fp);
	if (n == 0) {
		WARNMS(d, JWRN_JPEG_EOF);
		j->scan_buf[0] = 0xFF;
		j->scan_buf[1] = JPEG_EOI;
		n = 2;
	}
	d->src->next_input_byte = j->scan_buf;
	d->src->bytes_in_buffer = n;
	return TRUE;
}

/* libjpeg's refill, counted: past the budget while still in the header, the file is
 * refused through the error hook (which longjmps).  Past the header, the scan data comes in
 * large chunks. */
static boolean
pb_jpeg_budget_fill(j_decompress_ptr d)
{
	pb_jpeg *j = d->client_data;
	if (!j->in_header)
		return pb_jpeg_scan_fill(d);
	boolean ok = j->stdio_fill(d);
	if (j->in_header) {
		j->header_bytes += d->src->bytes_in_buffer;
		if (j->header_bytes > PB_JPEG_HEADER_BUDGET) {
			j->over_budget = TRUE;
			(*d->err->error_exit)((j_common_ptr)d);
		}
	}
	return ok;
}

void
pb_jpeg_read_header(pb_jpeg *j, gboolean save_exif)
{
	jpeg_create_decompress(&j->d);
	jpeg_stdio_src(&j->d, j->fp);
	j->d.client_data = j;
	j->stdio_fill = j->d.src->fill_input_buffer;
	j->d.src->fill_input_buffer = pb_jpeg_budget_fill;
	if (save_exif)
		jpeg_save_markers(&j->d, JPEG_APP0 + 1, 0xffff); /* Exif (and XMP) */
	jpeg_save_markers(&j->d, JPEG_APP0 + 2, 0xffff);         /* ICC_PROFILE chunks (colour.c) */
	j->in_header = TRUE;
	jpeg_read_header(&j->d, TRUE);
	j->in_header = FALSE;
}

static pb_jpeg *
pb_jpeg_new(FILE *fp)
{
	pb_jpeg *j = g_new0(pb_jpeg, 1);
	pb_jpeg_init(j, fp);
	return j;
}

static void
pb_jpeg_free(pb_jpeg *j)
{
	/* Safe whether or not creation got far: j was zeroed, and a NULL pool means nothing. */
	jpeg_destroy_decompress(&j->d);
	g_free(j);
}

/* Turns a libjpeg failure into our message. */
static void
pb_jpeg_error(pb_jpeg *j, GError **error)
{
	/* libjpeg refuses sides above 65500; the SOF it read says what was asked. */
	if (j->jerr.mgr.msg_code == JERR_IMAGE_TOO_BIG &&
	    !pb_image_check_size(j->d.image_width, j->d.image_height, error))
		return;
	if (j->over_budget)
		g_set_error(error, PB_IMAGE_ERROR, PB_IMAGE_ERROR_CORRUPT,
			    "bad JPEG header (no image data in its first %u MB)",
			    PB_JPEG_HEADER_BUDGET >> 20);
	else if (j->jerr.hit_eof)
		g_set_error(error, PB_IMAGE_ERROR, PB_IMAGE_ERROR_CORRUPT,
			    "truncated JPEG (the file ends in its header)");
	else
		pb_image_set_lowered(error, PB_IMAGE_ERROR_CORRUPT, "bad JPEG header (",
				     j->jerr.message, ")");
}

/* Reads the markers up to the first scan.  FALSE after a libjpeg error. */
static gboolean
pb_jpeg_run_header(pb_jpeg *j)
{
	if (setjmp(j->jerr.jump))
		return FALSE;
	pb_jpeg_read_header(j, TRUE);
	/* Where the scan begins: the file position less what libjpeg buffered but did not use. */
	long pos = ftell(j->fp);
	j->scan_start = pos < 0 ? 0 : (guint64)pos - j->d.src->bytes_in_buffer;
	return TRUE;
}

/* ---- EXIF orientation ---------------------------------------------------------------------- */

static guint
pb_exif_u16(const guint8 *p, gboolean le)
{
	return le ? (guint)p[0] | (guint)p[1] << 8 : (guint)p[0] << 8 | p[1];
}

static guint32
pb_exif_u32(const guint8 *p, gboolean le)
{
	return le ? (guint32)p[0] | (guint32)p[1] << 8 | (guint32)p[2] << 16 | (guint32)p[3] << 24
		  : pb_be32(p);
}

/* The Orientation tag (0x0112) of IFD0 in an APP1 "Exif\0\0" payload, or 0 when absent or
 * unreadable.  Every offset comes from the file, so every one is checked against `len` before
 * it is followed; nothing is trusted to be in range. */
static guint
pb_exif_orientation(const guint8 *p, gsize len)
{
	if (len < 6 + 8 || memcmp(p, "Exif\0\0", 6) != 0)
		return 0;
	const guint8 *t = p + 6; /* the TIFF structure; its offsets count from here */
	gsize n = len - 6;
	gboolean le;
	if (t[0] == 'I' && t[1] == 'I')
		le = TRUE;
	else if (t[0] == 'M' && t[1] == 'M')
		le = FALSE;
	else
		return 0;
	if (pb_exif_u16(t + 2, le) != 42)
		return 0;
	gsize ifd = pb_exif_u32(t + 4, le);
	if (ifd < 8 || ifd > n - 2)
		return 0;
	guint entries = pb_exif_u16(t + ifd, le);
	for (guint i = 0; i < entries; i++) {
		gsize e = ifd + 2 + 12 * (gsize)i;
		if (e + 12 > n)
			return 0;
		if (pb_exif_u16(t + e, le) != 0x0112)
			continue;
		guint type = pb_exif_u16(t + e + 2, le);
		guint32 v = 0;
		if (pb_exif_u32(t + e + 4, le) < 1)
			return 0;
		if (type == 3) /* SHORT, as the standard says */
			v = pb_exif_u16(t + e + 8, le);
		else if (type == 4) /* LONG, as some writers do anyway */
			v = pb_exif_u32(t + e + 8, le);
		return v >= 1 && v <= 8 ? v : 0;
	}
	return 0;
}

/* ---- JPEG probe ---------------------------------------------------------------------------- */

/* Walks forward from the scan data to the EOI marker, skipping stuffed bytes, restart markers
 * and the segments between progressive scans.  Byte reading only, no entropy decoding; the
 * unlocked getc because this FILE is ours alone and a walk can cover megabytes. */
static gboolean
pb_jpeg_walk_to_eoi(FILE *fp, guint64 from)
{
	if (fseeko(fp, (off_t)from, SEEK_SET) != 0)
		return FALSE;
	for (;;) {
		int c = getc_unlocked(fp);
		if (c == EOF)
			return FALSE;
		if (c != 0xff)
			continue;
		do
			c = getc_unlocked(fp);
		while (c == 0xff); /* fill bytes */
		if (c == EOF)
			return FALSE;
		if (c == 0x00 || c == 0x01 || (c >= 0xd0 && c <= 0xd7))
			continue; /* stuffed 0xff, TEM, RSTn: no length follows */
		if (c == 0xd9)
			return TRUE;
		int hi = getc_unlocked(fp), lo = getc_unlocked(fp);
		if (lo == EOF || hi == EOF)
			return FALSE;
		int len = hi << 8 | lo;
		if (len < 2 || fseeko(fp, len - 2, SEEK_CUR) != 0)
			return FALSE;
	}
}

/* A JPEG that just stops (a failed upload, a full card) decodes with a grey or green band at the
 * bottom; libjpeg only warns.  It is caught here: an EOI marker must follow the scan data.  A
 * few bytes of padding after the EOI are common and accepted. */
static gboolean
pb_jpeg_has_eoi(FILE *fp, guint64 scan_start, gsize size)
{
	if (scan_start >= size)
		return FALSE;
	guint8 tail[PB_JPEG_TAIL];
	gsize want = (gsize)MIN((guint64)sizeof tail, size - scan_start);
	if (fseeko(fp, (off_t)(size - want), SEEK_SET) != 0 || fread(tail, 1, want, fp) != want)
		return FALSE;
	/* 0xff 0xd9 cannot occur inside entropy-coded data (0xff is always stuffed there), so
	 * finding it in the tail means the last scan was closed. */
	for (gsize i = want - 1; i > 0; i--)
		if (tail[i - 1] == 0xff && tail[i] == 0xd9)
			return TRUE;
	return pb_jpeg_walk_to_eoi(fp, scan_start);
}

gboolean
pb_jpeg_probe(FILE *fp, gsize size, pb_image_info *info, GError **error)
{
	pb_jpeg *j = pb_jpeg_new(fp);
	gboolean ok = FALSE;
	if (!pb_jpeg_run_header(j)) {
		pb_jpeg_error(j, error);
		goto out;
	}
	struct jpeg_decompress_struct *d = &j->d;
	if (!pb_image_check_size(d->image_width, d->image_height, error))
		goto out;
	/* A JPEG is embedded as its bytes, read whole (pdfphotos.c, imagecache.c): a file far
	 * larger than its pixels could need even uncompressed (gigabytes behind a small photo's
	 * header) would be read into memory, and written into the PDF, whole. */
	guint64 most = (guint64)d->image_width * d->image_height * (guint64)d->num_components * 2 +
		       PB_JPEG_EXTRA;
	if (size > most) {
		/* (not g_format_size: its no-break space would stand in a diagnostic line) */
		g_autofree char *shown = size >= 1000000000
					     ? g_strdup_printf("%.1f GB", size / 1e9)
					     : g_strdup_printf("%.1f MB", size / 1e6);
		g_set_error(error, PB_IMAGE_ERROR, PB_IMAGE_ERROR_TOO_LARGE,
			    "is %s for %u×%u pixels, far more than a JPEG of that size holds "
			    "(is something else stored in it?)",
			    shown, d->image_width, d->image_height);
		goto out;
	}
	info->width = d->image_width;
	info->height = d->image_height;
	info->components = (guint)d->num_components;
	info->bit_depth = (guint)d->data_precision;
	info->progressive = d->progressive_mode != 0;
	info->adobe_marker = d->saw_Adobe_marker != 0;
	/* libjpeg has already read the Adobe transform: 4 components with transform 2 are YCCK,
	 * with 0 (or no marker) CMYK. */
	switch (d->jpeg_color_space) {
	case JCS_GRAYSCALE:
		info->colorspace = PB_CS_GREY;
		break;
	case JCS_YCbCr:
		info->colorspace = PB_CS_RGB;
		break;
	case JCS_RGB:
		/* stored as RGB: libjpeg knows it from component ids R, G and B, a PDF reader
		 * only from an Adobe marker, and without one takes them for YCbCr */
		info->colorspace = PB_CS_RGB;
		info->rgb_stored = !d->saw_Adobe_marker;
		break;
	case JCS_CMYK:
		info->colorspace = PB_CS_CMYK;
		break;
	case JCS_YCCK:
		info->colorspace = PB_CS_YCCK;
		break;
	default:
		g_set_error(error, PB_IMAGE_ERROR, PB_IMAGE_ERROR_FORMAT,
			    "JPEG with %d colour components is not supported", d->num_components);
		goto out;
	}
	/* libjpeg looks the quantisation tables up only when decoding starts; a header that
	 * lacks one would pass here and fail at render time. */
	for (int ci = 0; ci < d->num_components; ci++) {
		int q = d->comp_info[ci].quant_tbl_no;
		if (q < 0 || q >= NUM_QUANT_TBLS || !d->quant_tbl_ptrs[q]) {
			g_set_error(error, PB_IMAGE_ERROR, PB_IMAGE_ERROR_CORRUPT,
				    "bad JPEG header (quantisation table %d is missing)", q);
			goto out;
		}
	}
	info->orientation = 1;
	for (jpeg_saved_marker_ptr m = d->marker_list; m; m = m->next)
		/* "ICC_PROFILE\0", the chunk's number and count, then the profile, whose header
		 * names its colour space at byte 16: only a CMYK one converts a CMYK photo (an RGB
		 * one is passed over for the standard profile, colour.c) */
		if (m->marker == JPEG_APP0 + 2 && m->data_length >= 14 + 20 &&
		    !memcmp(m->data, "ICC_PROFILE", 12) && !memcmp(m->data + 14 + 16, "CMYK", 4))
			info->icc_profile = TRUE;
	for (jpeg_saved_marker_ptr m = d->marker_list; m; m = m->next) {
		guint o = pb_exif_orientation(m->data, m->data_length);
		if (m->marker == JPEG_APP0 + 1 && o) {
			info->orientation = o;
			break;
		}
	}
	if (!pb_jpeg_has_eoi(fp, j->scan_start, size)) {
		g_set_error(error, PB_IMAGE_ERROR, PB_IMAGE_ERROR_CORRUPT,
			    "truncated JPEG (no end-of-image marker)");
		goto out;
	}
	ok = TRUE;
out:
	pb_jpeg_free(j);
	return ok;
}
