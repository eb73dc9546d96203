/* image.c — probing JPEG, PNG and SVG files from their headers; the libjpeg and libpng plumbing
 * that image-decode.c shares (declared in image-private.h).
 *
 * Probing decides what a file is from its first bytes (never its name), then reads only headers:
 * libjpeg-turbo's jpeg_read_header (plus the saved APP1 for EXIF orientation), libpng's
 * png_read_info, librsvg for an SVG's intrinsic size.  No pixel is decoded while probing.  Two
 * cheap byte-level checks catch the files that would otherwise fail late, at render time: a JPEG
 * must end with an EOI marker after its scan data (checked from the tail), and every PNG chunk
 * must carry a good CRC up to an IEND (a chunk walk: bytes are read, nothing is inflated).
 *
 * libjpeg and libpng report fatal errors through hooks that must not return; both hooks longjmp
 * back to the caller's setjmp and the message becomes a GError.  Their own stderr output is
 * silenced.  Each setjmp lives in a tiny function whose only state is one pointer to a heap
 * struct, so that no local variable is live across the longjmp, and everything allocated inside
 * libjpeg comes from its pools, which jpeg_destroy releases on every path.  image-decode.c uses
 * the same hooks and the same rule (image-private.h).
 *
 * Not here: pixels.  The border-colour read, the renderer's decodes, JPEG encoding and the
 * re-checked bytes for embedding are image-decode.c's; it calls back into this file's sniffing
 * and chunk walk to re-check a file against its probe.  Orientation is reported, never applied
 * (the page transform applies it); nothing is cached (check keeps pb_image_info, imagecache.c
 * keeps surfaces).
 */
#include "image-private.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>

#include <jerror.h>
#include <librsvg/rsvg.h>
#include <zlib.h>

GQuark
pb_image_error_quark(void)
{
	/* Spelled out rather than G_DEFINE_QUARK, which cppcheck (make lint) cannot expand. */
	return g_quark_from_static_string("pb-image-error-quark");
}

/* A JPEG's EOI normally sits in its last bytes; this much tail is searched before falling back
 * to a forward walk (needed for phones that append a trailer, e.g. a motion photo's video). */
#define PB_JPEG_TAIL 4096
/* Enough of the head to tell every format apart, and for an SVG's XML prolog and comments. */
#define PB_SNIFF_BYTES 4096

/* ---- small helpers ------------------------------------------------------------------------- */

void
pb_image_set_lowered(GError **error, int code, const char *prefix, const char *text,
		     const char *suffix)
{
	g_autofree char *t = g_strdup(text);
	g_strstrip(t);
	/* librsvg can say more than one line; the first one is enough. */
	char *nl = strchr(t, '\n');
	if (nl)
		*nl = '\0';
	gsize n = strlen(t);
	while (n > 0 && t[n - 1] == '.') /* our messages have no full stop */
		t[--n] = '\0';
	/* Lower "Bogus" but not "JPEG" or "IHDR" (second letter uppercase too), nor a name. */
	if (g_ascii_isupper(t[0]) && g_ascii_islower(t[1]) && !g_str_has_prefix(t, "Huffman") &&
	    !g_str_has_prefix(t, "Adobe"))
		t[0] = g_ascii_tolower(t[0]);
	g_set_error(error, PB_IMAGE_ERROR, code, "%s%s%s", prefix, t, suffix);
}

static guint32
pb_be32(const guint8 *p)
{
	return (guint32)p[0] << 24 | (guint32)p[1] << 16 | (guint32)p[2] << 8 | p[3];
}

static gboolean
pb_has_prefix(const guint8 *b, gsize n, const char *s)
{
	gsize k = strlen(s);
	return n >= k && memcmp(b, s, k) == 0;
}

/* Offset just past the first `needle` in b[from..n), or 0 when absent. */
static gsize
pb_find_after(const guint8 *b, gsize n, gsize from, const char *needle)
{
	gsize k = strlen(needle);
	for (gsize i = from; i + k <= n; i++)
		if (memcmp(b + i, needle, k) == 0)
			return i + k;
	return 0;
}

/* Zero pixels, or more than we accept: a decompression bomb is refused before any buffer is
 * sized from it.  The pixel count is tested first because it is the limit that matters in
 * practice and the one worth reading in the message. */
gboolean
pb_image_check_size(guint64 w, guint64 h, GError **error)
{
	if (w == 0 || h == 0) {
		g_set_error(error, PB_IMAGE_ERROR, PB_IMAGE_ERROR_CORRUPT,
			    "declares %" G_GUINT64_FORMAT "×%" G_GUINT64_FORMAT " pixels", w, h);
		return FALSE;
	}
	if (w * h > PB_IMAGE_MAX_PIXELS) {
		g_set_error(error, PB_IMAGE_ERROR, PB_IMAGE_ERROR_TOO_LARGE,
			    "declares %" G_GUINT64_FORMAT "×%" G_GUINT64_FORMAT
			    " pixels, above the limit of %u megapixels",
			    w, h, PB_IMAGE_MAX_PIXELS / 1000000u);
		return FALSE;
	}
	if (w > PB_IMAGE_MAX_SIDE || h > PB_IMAGE_MAX_SIDE) {
		g_set_error(error, PB_IMAGE_ERROR, PB_IMAGE_ERROR_TOO_LARGE,
			    "declares %" G_GUINT64_FORMAT "×%" G_GUINT64_FORMAT
			    " pixels, above the limit of %u pixels per side",
			    w, h, PB_IMAGE_MAX_SIDE);
		return FALSE;
	}
	return TRUE;
}

FILE *
pb_image_open(const char *path, gsize *size, GError **error)
{
	/* O_NONBLOCK: opening a FIFO with no writer must not wait; fstat refuses it below.
	 * O_CLOEXEC: builds run threads and may spawn. */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	FILE *fp = fd >= 0 ? fdopen(fd, "rb") : NULL;
	if (fd >= 0 && !fp)
		close(fd);
	if (!fp) {
		int e = errno;
		if (e == ENOENT || e == ENOTDIR)
			g_set_error(error, PB_IMAGE_ERROR, PB_IMAGE_ERROR_IO, "no such file");
		else
			pb_image_set_lowered(error, PB_IMAGE_ERROR_IO, "", g_strerror(e), "");
		return NULL;
	}
	struct stat st;
	const char *why = NULL;
	if (fstat(fileno(fp), &st) != 0)
		why = "cannot stat the file";
	else if (S_ISDIR(st.st_mode))
		why = "is a directory";
	else if (!S_ISREG(st.st_mode))
		why = "not a regular file";
	else if (st.st_size == 0)
		why = "empty file";
	if (why) {
		g_set_error(error, PB_IMAGE_ERROR, PB_IMAGE_ERROR_IO, "%s", why);
		fclose(fp);
		return NULL;
	}
	/* A regular file: back to ordinary blocking reads. */
	fcntl(fileno(fp), F_SETFL, fcntl(fileno(fp), F_GETFL) & ~O_NONBLOCK);
	*size = (gsize)st.st_size;
	return fp;
}

/* ---- what is it? --------------------------------------------------------------------------- */

/* True when the text starts with an <svg element, after an optional UTF-8 BOM, XML declaration,
 * processing instructions, comments and a DOCTYPE (with or without an internal subset). */
static gboolean
pb_looks_like_svg(const guint8 *b, gsize n)
{
	gsize i = pb_has_prefix(b, n, "\xef\xbb\xbf") ? 3 : 0;
	for (;;) {
		while (i < n && g_ascii_isspace(b[i]))
			i++;
		if (pb_has_prefix(b + i, n - i, "<svg"))
			return i + 4 < n &&
			       (g_ascii_isspace(b[i + 4]) || b[i + 4] == '>' || b[i + 4] == '/');
		gsize next = 0;
		if (pb_has_prefix(b + i, n - i, "<?")) {
			next = pb_find_after(b, n, i + 2, "?>");
		} else if (pb_has_prefix(b + i, n - i, "<!--")) {
			next = pb_find_after(b, n, i + 4, "-->");
		} else if (pb_has_prefix(b + i, n - i, "<!DOCTYPE")) {
			gsize gt = pb_find_after(b, n, i, ">");
			gsize sq = pb_find_after(b, n, i, "[");
			/* An internal subset [ ... ] may hold '>' of its own declarations. */
			next = sq && sq < gt ? pb_find_after(b, n, sq, "]") : i;
			next = next ? pb_find_after(b, n, next, ">") : 0;
		}
		if (next == 0)
			return FALSE;
		i = next;
	}
}

/* Names the format of the first bytes, or sets `error` for a format we know and refuse, or do
 * not know at all. */
static pb_image_format
pb_image_sniff(const guint8 *b, gsize n, GError **error)
{
	static const struct {
		const char *magic;
		gsize offset;
		const char *name;
	} refused[] = {
	    {"GIF8", 0, "GIF images"},
	    {"WEBP", 8, "WebP images"},     /* after "RIFF" and a length */
	    {"ftypheic", 4, "HEIC images"}, /* ISO-BMFF brands as iPhones write them */
	    {"ftypheix", 4, "HEIC images"},
	    {"ftypmif1", 4, "HEIC images"},
	    {"ftypavif", 4, "AVIF images"},
	    {"II*\0", 0, "TIFF images"},
	    {"MM\0*", 0, "TIFF images"},
	    {"BM", 0, "BMP images"},
	    {"%PDF-", 0, "PDF files"},
	};
	if (n >= 2 && b[0] == 0xff && b[1] == 0xd8)
		return PB_IMAGE_JPEG; /* SOI; libjpeg judges the rest */
	if (pb_has_prefix(b, n, "\x89PNG\r\n\x1a\n"))
		return PB_IMAGE_PNG;
	for (gsize k = 0; k < G_N_ELEMENTS(refused); k++) {
		/* strlen stops at the NUL inside the TIFF magics, so compare 4 bytes for those. */
		gsize len = refused[k].magic[0] == 'I' || refused[k].magic[0] == 'M'
				? 4
				: strlen(refused[k].magic);
		if (refused[k].offset == 8 && !pb_has_prefix(b, n, "RIFF"))
			continue;
		if (n >= refused[k].offset + len &&
		    memcmp(b + refused[k].offset, refused[k].magic, len) == 0) {
			g_set_error(error, PB_IMAGE_ERROR, PB_IMAGE_ERROR_FORMAT,
				    "%s are not accepted, use JPEG or PNG", refused[k].name);
			return PB_IMAGE_UNKNOWN;
		}
	}
	if (pb_looks_like_svg(b, n))
		return PB_IMAGE_SVG;
	g_set_error(error, PB_IMAGE_ERROR, PB_IMAGE_ERROR_FORMAT, "not a JPEG, PNG or SVG file");
	return PB_IMAGE_UNKNOWN;
}

pb_image_format
pb_image_sniff_fp(FILE *fp, GError **error)
{
	guint8 head[PB_SNIFF_BYTES];
	gsize n = fread(head, 1, sizeof head, fp);
	pb_image_format f = PB_IMAGE_UNKNOWN;
	if (n == 0)
		pb_image_set_lowered(error, PB_IMAGE_ERROR_IO, "", g_strerror(errno), "");
	else
		f = pb_image_sniff(head, n, error);
	rewind(fp);
	return f;
}

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

/* libjpeg's refill, counted: past the budget while still in the header, the file is
 * refused through the error hook (which longjmps). */
static boolean
pb_jpeg_budget_fill(j_decompress_ptr d)
{
	pb_jpeg *j = d->client_data;
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

static gboolean
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
	case JCS_RGB:
		info->colorspace = PB_CS_RGB;
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

static gboolean
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

/* ---- SVG probe ----------------------------------------------------------------------------- */

/* librsvg parses the whole document (it has no header-only mode; logos are small).  The size is
 * the intrinsic width and height at 96 px per inch, else the viewBox. */
static gboolean
pb_svg_probe(const char *path, pb_image_info *info, GError **error)
{
	GError *e = NULL;
	RsvgHandle *h = rsvg_handle_new_from_file(path, &e);
	if (!h) {
		/* libxml2 through librsvg says "XML parse error: Error domain 1 code 77 on line 2
		 * column 1 of data: Premature end of data in tag svg line 1"; keep the position and
		 * the reason. */
		const char *msg = e ? e->message : "librsvg cannot read it";
		g_autoptr(GMatchInfo) m = NULL;
		g_autoptr(GRegex) re = g_regex_new("on (line \\d+ column \\d+) of data: (.+)$",
						   G_REGEX_DEFAULT, G_REGEX_MATCH_DEFAULT, NULL);
		if (re && g_regex_match(re, msg, G_REGEX_MATCH_DEFAULT, &m)) {
			g_autofree char *where = g_match_info_fetch(m, 1);
			g_autofree char *what = g_match_info_fetch(m, 2);
			g_autofree char *prefix = g_strdup_printf("bad SVG (%s: ", where);
			pb_image_set_lowered(error, PB_IMAGE_ERROR_CORRUPT, prefix, what, ")");
		} else {
			pb_image_set_lowered(error, PB_IMAGE_ERROR_CORRUPT, "bad SVG (", msg, ")");
		}
		g_clear_error(&e);
		return FALSE;
	}
	rsvg_handle_set_dpi(h, 96.0);
	double w = 0, hh = 0;
	if (!rsvg_handle_get_intrinsic_size_in_pixels(h, &w, &hh)) {
		gboolean has_vb = FALSE;
		RsvgRectangle vb = {0};
		rsvg_handle_get_intrinsic_dimensions(h, NULL, NULL, NULL, NULL, &has_vb, &vb);
		if (has_vb) {
			w = vb.width;
			hh = vb.height;
		}
	}
	g_object_unref(h);
	if (!(w > 0 && hh > 0 && w < 1e7 && hh < 1e7)) {
		g_set_error(error, PB_IMAGE_ERROR, PB_IMAGE_ERROR_CORRUPT,
			    "SVG has no usable size (width, height or viewBox)");
		return FALSE;
	}
	info->width = (guint)ceil(w);
	info->height = (guint)ceil(hh);
	info->orientation = 1;
	info->has_alpha = TRUE; /* whatever it does not paint stays transparent */
	return TRUE;
}

/* ---- probe --------------------------------------------------------------------------------- */

gboolean
pb_image_probe_fp(FILE *fp, gsize size, const char *path, pb_image_info *info, GError **error)
{
	memset(info, 0, sizeof *info);
	gboolean ok = FALSE;
	pb_image_format f = pb_image_sniff_fp(fp, error);
	switch (f) {
	case PB_IMAGE_JPEG:
		ok = pb_jpeg_probe(fp, size, info, error);
		break;
	case PB_IMAGE_PNG:
		ok = pb_png_probe(fp, info, error);
		break;
	case PB_IMAGE_SVG:
		if (path)
			ok = pb_svg_probe(path, info, error);
		else
			g_set_error(error, PB_IMAGE_ERROR, PB_IMAGE_ERROR_FORMAT,
				    "an SVG where a JPEG or PNG was expected");
		break;
	case PB_IMAGE_UNKNOWN:
		break;
	}
	if (!ok) {
		memset(info, 0, sizeof *info);
		return FALSE;
	}
	info->format = f;
	info->file_size = size;
	/* 5..8 turn the picture a quarter: the printed sides are the stored ones swapped. */
	gboolean swap = info->orientation >= 5;
	info->oriented_width = swap ? info->height : info->width;
	info->oriented_height = swap ? info->width : info->height;
	return TRUE;
}

gboolean
pb_image_probe(const char *path, pb_image_info *info, GError **error)
{
	g_return_val_if_fail(path != NULL && info != NULL, FALSE);
	memset(info, 0, sizeof *info);
	gsize size = 0;
	FILE *fp = pb_image_open(path, &size, error);
	if (!fp)
		return FALSE;
	gboolean ok = pb_image_probe_fp(fp, size, path, info, error);
	fclose(fp);
	return ok;
}

/* ---- names --------------------------------------------------------------------------------- */

const char *
pb_image_format_name(pb_image_format f)
{
	switch (f) {
	case PB_IMAGE_JPEG:
		return "jpeg";
	case PB_IMAGE_PNG:
		return "png";
	case PB_IMAGE_SVG:
		return "svg";
	case PB_IMAGE_UNKNOWN:
		break;
	}
	return "unknown";
}

const char *
pb_colorspace_name(pb_colorspace cs)
{
	switch (cs) {
	case PB_CS_GREY:
		return "grey";
	case PB_CS_GREY_ALPHA:
		return "grey+alpha";
	case PB_CS_RGB:
		return "rgb";
	case PB_CS_RGBA:
		return "rgba";
	case PB_CS_PALETTE:
		return "palette";
	case PB_CS_CMYK:
		return "cmyk";
	case PB_CS_YCCK:
		return "ycck";
	case PB_CS_UNKNOWN:
		break;
	}
	return "unknown";
}
