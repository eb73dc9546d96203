/* image.c — probing JPEG, PNG and SVG files from their headers; the border-colour read.
 *
 * Probing decides what a file is from its first bytes (never its name), then reads only headers:
 * libjpeg-turbo's jpeg_read_header (plus the saved APP1 for EXIF orientation), libpng's
 * png_read_info, librsvg for an SVG's intrinsic size.  No pixel is decoded while probing.  Two
 * cheap byte-level checks catch the files that would otherwise fail late, at render time: a JPEG
 * must end with an EOI marker after its scan data (checked from the tail), and every PNG chunk
 * must carry a good CRC up to an IEND (a chunk walk: bytes are read, nothing is inflated).
 *
 * The border read (pb_image_border_red) decodes JPEGs at a reduced DCT scale, PNGs through
 * libpng's expansions to 8-bit RGBA.  The renderer's decodes (pb_image_decode) work the same
 * way and hand back pixels in Cairo's 32-bit layout without including Cairo: reduced by DCT
 * scaling or a box average when a smaller size will do, CMYK turned into RGB, full-size decodes
 * serialised by a process-wide lock; pb_image_encode_jpeg writes the JPEGs that the renderer
 * must make itself (CMYK converted, photos above max_ppi).  Both re-check the file's header
 * against its probe, so a file replaced after the check is reported, never half-drawn.
 *
 * libjpeg and libpng report fatal errors through hooks that must not return; both hooks longjmp
 * back here and the message becomes a GError.  Their own stderr output is silenced.  Each
 * setjmp lives in a tiny function whose only state is one pointer to a heap struct, so that no
 * local variable is live across the longjmp, and everything allocated inside libjpeg comes from
 * its pools, which jpeg_destroy releases on every path.
 *
 * Not here: orientation is reported, never applied (the page transform applies it); no colour
 * management; nothing is cached (check keeps pb_image_info, imagecache.c keeps surfaces).
 */
#include "image.h"

#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <stdio.h> /* before jpeglib.h, which uses FILE without including it */
#include <string.h>
#include <sys/stat.h>

#include <jerror.h>
#include <jpeglib.h>
#include <librsvg/rsvg.h>
#include <png.h>
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

/* Sets `error` to `text` with its first letter lowered: libjpeg, libpng and strerror all
 * capitalise, our messages continue a sentence ("cannot read image 'x': ..."). */
static void
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
static gboolean
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

/* Opens a regular, non-empty file for reading and reports its size. */
static FILE *
pb_image_open(const char *path, gsize *size, GError **error)
{
	FILE *fp = fopen(path, "rbe"); /* e: close-on-exec, builds run threads and may spawn */
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

/* The border read's running count, shared by the JPEG and PNG paths. */
typedef struct pb_tally {
	guint w, h;           /* px of the image as decoded (possibly scaled) */
	guint band_x, band_y; /* px sampled at the left and right, top and bottom sides */
	guint64 count, red;   /* border pixels seen, and how many of them read as red */
	double sum[3];        /* sum of their R, G, B, 0..1 each */
} pb_tally;

/* ---- libjpeg plumbing ---------------------------------------------------------------------- */

typedef struct pb_jerr {
	struct jpeg_error_mgr mgr;     /* first: libjpeg hands back a pointer to it */
	jmp_buf jump;                  /* where error_exit returns to */
	gboolean hit_eof;              /* the data ran out (libjpeg then fakes an EOI) */
	char message[JMSG_LENGTH_MAX]; /* the fatal error, formatted */
} pb_jerr;

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

/* One JPEG being read: everything behind one pointer, so nothing is lost to longjmp. */
typedef struct pb_jpeg {
	struct jpeg_decompress_struct d;
	pb_jerr jerr;
	FILE *fp;
	guint64 scan_start; /* byte offset of the first scan's entropy-coded data */
	gboolean too_large; /* border read: refused before decoding */
	pb_tally tally;     /* border read: what was seen */
} pb_jpeg;

/* Sets up a zeroed pb_jpeg: our error hooks, reading from fp. */
static void
pb_jpeg_init(pb_jpeg *j, FILE *fp)
{
	j->d.err = jpeg_std_error(&j->jerr.mgr);
	j->jerr.mgr.error_exit = pb_jerr_exit;
	j->jerr.mgr.emit_message = pb_jerr_emit;
	j->jerr.mgr.output_message = pb_jerr_silent;
	j->fp = fp;
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
	if (j->jerr.hit_eof)
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
	jpeg_create_decompress(&j->d);
	jpeg_stdio_src(&j->d, j->fp);
	jpeg_save_markers(&j->d, JPEG_APP0 + 1, 0xffff); /* Exif (and XMP) */
	jpeg_read_header(&j->d, TRUE);
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
static gboolean
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

/* One PNG being read; libpng keeps its jmp_buf inside png itself. */
typedef struct pb_png {
	png_structp png;
	png_infop info;
	FILE *fp;
	char message[256];  /* libpng's fatal error */
	gboolean too_large; /* border read: refused before decoding */
	guint8 *image;      /* interlaced border read: the whole RGBA image */
	guint8 *row;        /* non-interlaced border read: one RGBA row */
	pb_tally tally;     /* border read: what was seen */
} pb_png;

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

static pb_png *
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

static void
pb_png_free(pb_png *p)
{
	png_destroy_read_struct(&p->png, &p->info, NULL);
	g_free(p->image);
	g_free(p->row);
	g_free(p);
}

static gboolean
pb_png_run_header(pb_png *p)
{
	if (setjmp(png_jmpbuf(p->png)))
		return FALSE;
	png_init_io(p->png, p->fp);
	png_read_info(p->png, p->info);
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

/* Probes an open stream of `size` bytes.  `path` is for librsvg only; NULL refuses SVG (the
 * in-memory probe of bytes read for embedding, which are JPEG or PNG). */
static gboolean
pb_image_probe_fp(FILE *fp, gsize size, const char *path, pb_image_info *info, GError **error)
{
	memset(info, 0, sizeof *info);
	guint8 head[PB_SNIFF_BYTES];
	gsize n = fread(head, 1, sizeof head, fp);
	gboolean ok = FALSE;
	pb_image_format f = PB_IMAGE_UNKNOWN;
	if (n == 0)
		pb_image_set_lowered(error, PB_IMAGE_ERROR_IO, "", g_strerror(errno), "");
	else
		f = pb_image_sniff(head, n, error);
	rewind(fp);
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

/* ---- border colour ------------------------------------------------------------------------- */

/* Is this border pixel the red of an ID photo?  Measured reds run from #c00000 to #d81c1c, and
 * lit or washed-out ones reach #e04040, so:
 *   - r ≥ 0.5: bright enough; a dark maroon shadow is not a red background;
 *   - r − max(g, b) ≥ 0.3: saturated; skin (#e0b090, #d09070: 0.19–0.25) stays out, #e04040
 *     (0.63) is well in;
 *   - |g − b| ≤ 0.42 (r − min(g, b)): hue within 25° of pure red (the hue angle is
 *     60°·(g − b)/(r − min)); orange (#ff8000, 30°) and magenta-pink stay out. */
static gboolean
pb_is_red(double r, double g, double b)
{
	double hi = MAX(g, b), lo = MIN(g, b);
	return r >= 0.5 && r - hi >= 0.3 && fabs(g - b) <= 0.42 * (r - lo);
}

/* Sizes the band: 4 % of each side, at least one pixel. */
static void
pb_tally_init(pb_tally *t, guint w, guint h)
{
	t->w = w;
	t->h = h;
	t->band_x = MAX(1u, (w * 4 + 50) / 100);
	t->band_y = MAX(1u, (h * 4 + 50) / 100);
}

/* The next column of row y at or after x that lies in the border (w when none is left). */
static guint
pb_tally_next_x(const pb_tally *t, guint y, guint x)
{
	gboolean whole = y < t->band_y || y >= t->h - t->band_y;
	if (!whole && x >= t->band_x && x < t->w - t->band_x)
		return t->w - t->band_x; /* jump over the middle of the row */
	return x;
}

static void
pb_tally_add(pb_tally *t, guint r8, guint g8, guint b8)
{
	double r = r8 / 255.0, g = g8 / 255.0, b = b8 / 255.0;
	t->sum[0] += r;
	t->sum[1] += g;
	t->sum[2] += b;
	t->count++;
	if (pb_is_red(r, g, b))
		t->red++;
}

/* Decodes a JPEG at the smallest DCT scale that keeps ≥ 50 px on the short side (ID photos of
 * ≥ 400 px decode at 1/8: 64 times fewer pixels, and the IDCT mostly skipped). */
static gboolean
pb_jpeg_run_border(pb_jpeg *j)
{
	struct jpeg_decompress_struct *d = &j->d;
	if (setjmp(j->jerr.jump))
		return FALSE;
	jpeg_create_decompress(d);
	jpeg_stdio_src(d, j->fp);
	jpeg_read_header(d, TRUE);
	if ((guint64)d->image_width * d->image_height > PB_IMAGE_MAX_PIXELS) {
		j->too_large = TRUE;
		return FALSE;
	}
	guint short_side = MIN(d->image_width, d->image_height);
	guint denom = 8;
	while (denom > 1 && short_side / denom < 50)
		denom /= 2;
	d->scale_num = 1;
	d->scale_denom = denom;
	d->dct_method = JDCT_IFAST; /* precision is irrelevant for a colour tally */
	d->do_fancy_upsampling = FALSE;
	gboolean four = d->jpeg_color_space == JCS_CMYK || d->jpeg_color_space == JCS_YCCK;
	/* libjpeg turns YCCK into CMYK but does no CMYK→RGB; grey→RGB it does. */
	d->out_color_space = four ? JCS_CMYK : JCS_RGB;
	jpeg_start_decompress(d);
	guint w = d->output_width, h = d->output_height;
	pb_tally_init(&j->tally, w, h);
	/* From libjpeg's image pool: released by jpeg_destroy, so a longjmp cannot leak it. */
	JSAMPARRAY in = (*d->mem->alloc_sarray)((j_common_ptr)d, JPOOL_IMAGE,
	                                        (JDIMENSION)(w * (guint)d->output_components), 1);
	/* Naive CMYK→RGB is enough to tell red from blue.  Adobe files store 255 − ink
	 * (Photoshop's inversion), so there the stored value is already the light let through;
	 * elsewhere it is the ink. */
	guint flip = d->saw_Adobe_marker ? 0 : 255;
	while (d->output_scanline < h) {
		guint y = d->output_scanline;
		jpeg_read_scanlines(d, in, 1);
		for (guint x = pb_tally_next_x(&j->tally, y, 0); x < w;
		     x = pb_tally_next_x(&j->tally, y, x + 1)) {
			const guint8 *p = in[0] + (gsize)x * (gsize)d->output_components;
			if (four) {
				guint k = p[3] ^ flip;
				pb_tally_add(&j->tally, ((p[0] ^ flip) * k + 127) / 255,
				             ((p[1] ^ flip) * k + 127) / 255,
				             ((p[2] ^ flip) * k + 127) / 255);
			} else {
				pb_tally_add(&j->tally, p[0], p[1], p[2]);
			}
		}
	}
	jpeg_finish_decompress(d);
	return TRUE;
}

/* libpng expands every kind to 8-bit RGBA; transparent pixels are composited over white, the
 * paper they will be printed on. */
static void
pb_png_tally_row(pb_tally *t, const guint8 *rgba, guint y)
{
	for (guint x = pb_tally_next_x(t, y, 0); x < t->w; x = pb_tally_next_x(t, y, x + 1)) {
		const guint8 *q = rgba + 4 * (gsize)x;
		guint a = q[3], paper = 255u * (255u - a);
		pb_tally_add(t, (q[0] * a + paper + 127) / 255, (q[1] * a + paper + 127) / 255,
		             (q[2] * a + paper + 127) / 255);
	}
}

static gboolean
pb_png_run_border(pb_png *p)
{
	png_structp png = p->png;
	if (setjmp(png_jmpbuf(png)))
		return FALSE;
	png_init_io(png, p->fp);
	png_read_info(png, p->info);
	png_uint_32 w = png_get_image_width(png, p->info), h = png_get_image_height(png, p->info);
	if ((guint64)w * h > PB_IMAGE_MAX_PIXELS) {
		p->too_large = TRUE;
		return FALSE;
	}
	png_set_expand(png); /* palette → RGB, grey < 8 bits → 8, tRNS → alpha */
	png_set_strip_16(png);
	png_set_gray_to_rgb(png);
	png_set_add_alpha(png, 0xff, PNG_FILLER_AFTER); /* RGB → RGBA, so every row is alike */
	int passes = png_set_interlace_handling(png);
	png_read_update_info(png, p->info);
	gsize stride = png_get_rowbytes(png, p->info);
	if (stride != 4 * (gsize)w)
		png_error(png, "unexpected row layout after expansion");
	pb_tally_init(&p->tally, w, h);
	if (passes > 1) {
		/* Adam7 fills every row over seven passes: the whole image is needed. */
		p->image = g_malloc(stride * h);
		for (int pass = 0; pass < passes; pass++)
			for (png_uint_32 y = 0; y < h; y++)
				png_read_row(png, p->image + stride * y, NULL);
		for (png_uint_32 y = 0; y < h; y++)
			pb_png_tally_row(&p->tally, p->image + stride * y, y);
	} else {
		p->row = g_malloc(stride);
		for (png_uint_32 y = 0; y < h; y++) {
			png_read_row(png, p->row, NULL);
			pb_png_tally_row(&p->tally, p->row, y);
		}
	}
	return TRUE;
}

gboolean
pb_image_border_red(const char *path, const pb_image_info *info, double *red_share,
                    double rgb_mean[3], GError **error)
{
	g_return_val_if_fail(path != NULL, FALSE);
	pb_image_info probed;
	if (!info) {
		if (!pb_image_probe(path, &probed, error))
			return FALSE;
		info = &probed;
	}
	if (info->format != PB_IMAGE_JPEG && info->format != PB_IMAGE_PNG) {
		g_set_error(error, PB_IMAGE_ERROR, PB_IMAGE_ERROR_FORMAT,
		            "border colour is read from JPEG and PNG images only");
		return FALSE;
	}
	gsize size;
	FILE *fp = pb_image_open(path, &size, error);
	if (!fp)
		return FALSE;
	gboolean ok = FALSE;
	pb_tally t = {0};
	if (info->format == PB_IMAGE_JPEG) {
		pb_jpeg *j = pb_jpeg_new(fp);
		ok = pb_jpeg_run_border(j);
		if (!ok && j->too_large)
			pb_image_check_size(j->d.image_width, j->d.image_height, error);
		else if (!ok)
			pb_image_set_lowered(error, PB_IMAGE_ERROR_CORRUPT, "bad JPEG data (",
			                     j->jerr.message, ")");
		else if (j->jerr.hit_eof) {
			/* libjpeg padded the missing rows with grey and only warned. */
			ok = FALSE;
			g_set_error(error, PB_IMAGE_ERROR, PB_IMAGE_ERROR_CORRUPT,
			            "truncated JPEG (no end-of-image marker)");
		}
		t = j->tally;
		pb_jpeg_free(j);
	} else {
		pb_png *p = pb_png_new(fp, error);
		if (p) {
			ok = pb_png_run_border(p);
			if (!ok && p->too_large)
				pb_image_check_size(png_get_image_width(p->png, p->info),
				                    png_get_image_height(p->png, p->info), error);
			else if (!ok)
				pb_image_set_lowered(error, PB_IMAGE_ERROR_CORRUPT,
				                     "bad PNG data (", p->message, ")");
			t = p->tally;
			pb_png_free(p);
		}
	}
	fclose(fp);
	if (!ok)
		return FALSE;
	g_assert(t.count > 0); /* a non-empty image always has a border */
	if (red_share)
		*red_share = (double)t.red / (double)t.count;
	if (rgb_mean)
		for (int c = 0; c < 3; c++)
			rgb_mean[c] = t.sum[c] / (double)t.count;
	return TRUE;
}

/* ---- decoding and encoding, for the renderer ------------------------------------------------ */

/* Decodes that would produce more pixels than this take the lock below: at most one full-size
 * decode runs at a time, so `-j N` workers never hold N camera photos in memory at once.
 * Reduced decodes (proofs, thumbnails) are small and run freely. */
#define PB_DECODE_LOCK_PIXELS (4u * 1000u * 1000u)
static GMutex pb_full_decode_lock;

void
pb_pixels_clear(pb_pixels *px)
{
	g_clear_pointer(&px->data, g_free);
	memset(px, 0, sizeof *px);
}

/* The file no longer matches its probe: it was replaced between check and render. */
static gboolean
pb_image_same(const pb_image_info *expect, guint w, guint h, GError **error)
{
	if (w == expect->width && h == expect->height)
		return TRUE;
	g_set_error(error, PB_IMAGE_ERROR, PB_IMAGE_ERROR_CORRUPT,
	            "changed since it was checked (%u×%u pixels, was %u×%u)", w, h, expect->width,
	            expect->height);
	return FALSE;
}

/* Smallest N of N/8 (libjpeg-turbo's DCT scaling) whose output is at least min_w × min_h; 8
 * when no minimum is given.  libjpeg rounds scaled sides up, so do we. */
static guint
pb_jpeg_scale_num(guint w, guint h, guint min_w, guint min_h)
{
	if (min_w == 0 && min_h == 0)
		return 8;
	for (guint num = 1; num < 8; num++)
		if ((w * num + 7) / 8 >= min_w && (h * num + 7) / 8 >= min_h)
			return num;
	return 8;
}

/* Packs 8-bit R, G, B into Cairo's opaque native-endian ARGB word. */
static inline guint32
pb_argb(guint r, guint g, guint b)
{
	return 0xff000000u | r << 16 | g << 8 | b;
}

typedef struct pb_jdecode {
	pb_jpeg j;          /* first: the shared libjpeg plumbing */
	pb_pixels *out;     /* where the pixels go */
	gboolean locked;    /* holds pb_full_decode_lock */
	gboolean changed;   /* the header no longer matches the probe */
	const pb_image_info *expect;
} pb_jdecode;

static gboolean
pb_jpeg_run_decode(pb_jdecode *k, guint min_w, guint min_h)
{
	struct jpeg_decompress_struct *d = &k->j.d;
	if (setjmp(k->j.jerr.jump))
		return FALSE;
	jpeg_create_decompress(d);
	jpeg_stdio_src(d, k->j.fp);
	jpeg_read_header(d, TRUE);
	if (d->image_width != k->expect->width || d->image_height != k->expect->height ||
	    (guint64)d->image_width * d->image_height > PB_IMAGE_MAX_PIXELS) {
		k->changed = TRUE;
		return FALSE;
	}
	guint num = pb_jpeg_scale_num(d->image_width, d->image_height, min_w, min_h);
	d->scale_num = num;
	d->scale_denom = 8;
	gboolean four = d->jpeg_color_space == JCS_CMYK || d->jpeg_color_space == JCS_YCCK;
	/* libjpeg-turbo writes Cairo's layout directly: bytes B,G,R,A on a little-endian machine
	 * are the word 0xAARRGGBB.  It turns YCCK into CMYK but does no CMYK→RGB: that is ours. */
	if (four)
		d->out_color_space = JCS_CMYK;
	else
		d->out_color_space = G_BYTE_ORDER == G_LITTLE_ENDIAN ? JCS_EXT_BGRA : JCS_EXT_ARGB;
	jpeg_calc_output_dimensions(d);
	if ((guint64)d->output_width * d->output_height > PB_DECODE_LOCK_PIXELS) {
		g_mutex_lock(&pb_full_decode_lock);
		k->locked = TRUE;
	}
	jpeg_start_decompress(d);
	pb_pixels *px = k->out;
	px->width = d->output_width;
	px->height = d->output_height;
	px->src_width = d->image_width;
	px->src_height = d->image_height;
	px->stride = 4 * (gsize)px->width;
	px->data = g_malloc(px->stride * px->height);
	JSAMPARRAY cmyk = NULL;
	if (four) /* from libjpeg's image pool: released by jpeg_destroy on every path */
		cmyk = (*d->mem->alloc_sarray)((j_common_ptr)d, JPOOL_IMAGE,
		                               4 * d->output_width, 1);
	/* Photoshop's Adobe files store 255 − ink, the light let through; others store ink. */
	guint flip = d->saw_Adobe_marker ? 0 : 255;
	while (d->output_scanline < d->output_height) {
		guint y = d->output_scanline;
		guint32 *row = px->data + (gsize)y * px->width;
		if (!four) {
			JSAMPROW r = (JSAMPROW)row;
			jpeg_read_scanlines(d, &r, 1);
			continue;
		}
		jpeg_read_scanlines(d, cmyk, 1);
		const guint8 *p = cmyk[0];
		/* Naive CMYK→RGB, light = (1 − ink) × (1 − black): no ICC profile is applied. */
		for (guint x = 0; x < px->width; x++, p += 4) {
			guint kk = p[3] ^ flip;
			row[x] = pb_argb(((p[0] ^ flip) * kk + 127) / 255,
			                 ((p[1] ^ flip) * kk + 127) / 255,
			                 ((p[2] ^ flip) * kk + 127) / 255);
		}
	}
	jpeg_finish_decompress(d);
	return TRUE;
}

static gboolean
pb_jpeg_decode(FILE *fp, const pb_image_info *info, guint min_w, guint min_h, pb_pixels *out,
               GError **error)
{
	pb_jdecode *k = g_new0(pb_jdecode, 1);
	pb_jpeg_init(&k->j, fp);
	k->out = out;
	k->expect = info;
	gboolean ok = pb_jpeg_run_decode(k, min_w, min_h);
	if (k->locked)
		g_mutex_unlock(&pb_full_decode_lock);
	if (!ok && k->changed)
		pb_image_same(info, k->j.d.image_width, k->j.d.image_height, error);
	else if (!ok)
		pb_image_set_lowered(error, PB_IMAGE_ERROR_CORRUPT, "bad JPEG data (",
		                     k->j.jerr.message, ")");
	else if (k->j.jerr.hit_eof) {
		ok = FALSE; /* libjpeg padded the missing rows with grey and only warned */
		g_set_error(error, PB_IMAGE_ERROR, PB_IMAGE_ERROR_CORRUPT,
		            "truncated JPEG (no end-of-image marker)");
	}
	jpeg_destroy_decompress(&k->j.d);
	g_free(k);
	return ok;
}

/* One PNG decode: libpng expands every kind to 8-bit samples in Cairo's word order; rows are
 * premultiplied and, for a reduced decode, averaged f × f into the output as they arrive, so a
 * non-interlaced PNG never needs more than one input row.  Adam7 fills rows over seven passes:
 * there the whole image is read first. */
typedef struct pb_pdecode {
	pb_png *p;        /* libpng state; its image/row buffers are freed with it */
	pb_pixels *out;
	guint64 *acc;     /* per output pixel of the current band: a, r, g, b sums */
	gboolean locked;  /* holds pb_full_decode_lock */
	gboolean changed; /* the header no longer matches the probe */
	const pb_image_info *expect;
} pb_pdecode;

static void
pb_premultiply(guint32 *row, guint w)
{
	for (guint x = 0; x < w; x++) {
		guint32 v = row[x];
		guint a = v >> 24;
		if (a == 255)
			continue;
		guint r = ((v >> 16 & 0xff) * a + 127) / 255, g = ((v >> 8 & 0xff) * a + 127) / 255,
		      b = ((v & 0xff) * a + 127) / 255;
		row[x] = (guint32)a << 24 | r << 16 | g << 8 | b;
	}
}

/* Adds input row `in` (w words) into the band's sums, f input pixels to an output pixel. */
static void
pb_band_add(guint64 *acc, const guint32 *in, guint w, guint f)
{
	for (guint x = 0; x < w; x++) {
		guint64 *a = acc + 4 * (gsize)(x / f);
		guint32 v = in[x];
		a[0] += v >> 24;
		a[1] += v >> 16 & 0xff;
		a[2] += v >> 8 & 0xff;
		a[3] += v & 0xff;
	}
}

/* Writes the band's averages to output row `oy`; `rows` input rows went into it. */
static void
pb_band_emit(pb_pdecode *k, guint oy, guint rows, guint w, guint f)
{
	pb_pixels *px = k->out;
	guint32 *o = px->data + (gsize)oy * px->width;
	for (guint x = 0; x < px->width; x++) {
		guint cols = MIN(f, w - x * f); /* the last column of blocks may be narrower */
		guint64 n = (guint64)cols * rows, *a = k->acc + 4 * (gsize)x;
		guint32 al = (guint32)((a[0] + n / 2) / n);
		o[x] = al << 24 | (guint32)((a[1] + n / 2) / n) << 16 |
		       (guint32)((a[2] + n / 2) / n) << 8 | (guint32)((a[3] + n / 2) / n);
		if (al != 255)
			px->alpha = TRUE;
	}
	memset(k->acc, 0, 4 * sizeof *k->acc * px->width);
}

static gboolean
pb_png_run_decode(pb_pdecode *k, guint min_w, guint min_h)
{
	pb_png *p = k->p;
	png_structp png = p->png;
	if (setjmp(png_jmpbuf(png)))
		return FALSE;
	png_init_io(png, p->fp);
	png_read_info(png, p->info);
	png_uint_32 w = png_get_image_width(png, p->info), h = png_get_image_height(png, p->info);
	if (w != k->expect->width || h != k->expect->height ||
	    (guint64)w * h > PB_IMAGE_MAX_PIXELS) {
		k->changed = TRUE;
		return FALSE;
	}
	/* The integer reduction: the largest f that keeps both sides at or above the minimum. */
	guint f = 1;
	if (min_w || min_h)
		f = MAX(1u, MIN(min_w ? w / min_w : w, min_h ? h / min_h : h));
	f = MIN(f, 256u); /* keeps the sums small; nobody asks a 256th */
	png_set_expand(png); /* palette → RGB, grey < 8 bits → 8, tRNS → alpha */
	png_set_scale_16(png);
	png_set_gray_to_rgb(png);
	if (G_BYTE_ORDER == G_LITTLE_ENDIAN) {
		png_set_bgr(png); /* B,G,R,A in memory is the word 0xAARRGGBB */
		png_set_add_alpha(png, 0xff, PNG_FILLER_AFTER);
	} else {
		png_set_swap_alpha(png);
		png_set_add_alpha(png, 0xff, PNG_FILLER_BEFORE);
	}
	int passes = png_set_interlace_handling(png);
	png_read_update_info(png, p->info);
	gsize stride = png_get_rowbytes(png, p->info);
	if (stride != 4 * (gsize)w)
		png_error(png, "unexpected row layout after expansion");
	pb_pixels *px = k->out;
	px->width = (w + f - 1) / f;
	px->height = (h + f - 1) / f;
	px->src_width = w;
	px->src_height = h;
	px->stride = 4 * (gsize)px->width;
	if ((guint64)px->width * px->height > PB_DECODE_LOCK_PIXELS ||
	    (passes > 1 && (guint64)w * h > PB_DECODE_LOCK_PIXELS)) {
		g_mutex_lock(&pb_full_decode_lock);
		k->locked = TRUE;
	}
	px->data = g_malloc(px->stride * px->height);
	if (f == 1 && passes == 1) {
		for (png_uint_32 y = 0; y < h; y++) {
			guint32 *row = px->data + (gsize)y * px->width;
			png_read_row(png, (png_bytep)row, NULL);
			pb_premultiply(row, w);
			for (guint x = 0; x < w && !px->alpha; x++)
				px->alpha = row[x] >> 24 != 255;
		}
		png_read_end(png, NULL);
		return TRUE;
	}
	if (passes > 1) {
		p->image = g_malloc(stride * h);
		for (int pass = 0; pass < passes; pass++)
			for (png_uint_32 y = 0; y < h; y++)
				png_read_row(png, p->image + stride * y, NULL);
	} else {
		p->row = g_malloc(stride);
	}
	k->acc = g_new0(guint64, 4 * (gsize)px->width);
	for (png_uint_32 y = 0; y < h; y++) {
		guint32 *row = (guint32 *)(passes > 1 ? p->image + stride * y : p->row);
		if (passes == 1)
			png_read_row(png, (png_bytep)row, NULL);
		pb_premultiply(row, w);
		pb_band_add(k->acc, row, w, f);
		if ((y + 1) % f == 0 || y + 1 == h)
			pb_band_emit(k, y / f, y % f + 1, w, f);
	}
	png_read_end(png, NULL);
	return TRUE;
}

static gboolean
pb_png_decode(FILE *fp, const pb_image_info *info, guint min_w, guint min_h, pb_pixels *out,
              GError **error)
{
	pb_pdecode k = {.out = out, .expect = info};
	k.p = pb_png_new(fp, error);
	if (!k.p)
		return FALSE;
	gboolean ok = pb_png_run_decode(&k, min_w, min_h);
	if (k.locked)
		g_mutex_unlock(&pb_full_decode_lock);
	if (!ok && k.changed)
		pb_image_same(info, png_get_image_width(k.p->png, k.p->info),
		              png_get_image_height(k.p->png, k.p->info), error);
	else if (!ok)
		pb_image_set_lowered(error, PB_IMAGE_ERROR_CORRUPT, "bad PNG data (", k.p->message,
		                     ")");
	g_free(k.acc);
	pb_png_free(k.p);
	return ok;
}

gboolean
pb_image_decode(const char *path, const pb_image_info *info, guint min_w, guint min_h,
                pb_pixels *out, GError **error)
{
	g_return_val_if_fail(path != NULL && info != NULL && out != NULL, FALSE);
	memset(out, 0, sizeof *out);
	if (info->format != PB_IMAGE_JPEG && info->format != PB_IMAGE_PNG) {
		g_set_error(error, PB_IMAGE_ERROR, PB_IMAGE_ERROR_FORMAT,
		            "only JPEG and PNG images are decoded");
		return FALSE;
	}
	gsize size;
	FILE *fp = pb_image_open(path, &size, error);
	if (!fp)
		return FALSE;
	/* The probe's cheap whole-file checks again, so that a file broken since the check gets
	 * the same words as at check time rather than whatever the decoder trips on first. */
	guint8 head[PB_SNIFF_BYTES];
	gsize n = fread(head, 1, sizeof head, fp);
	rewind(fp);
	pb_image_format f = n ? pb_image_sniff(head, n, error) : PB_IMAGE_UNKNOWN;
	gboolean ok = f != PB_IMAGE_UNKNOWN;
	if (!n)
		pb_image_set_lowered(error, PB_IMAGE_ERROR_IO, "", g_strerror(errno), "");
	if (ok && f != info->format) {
		g_set_error(error, PB_IMAGE_ERROR, PB_IMAGE_ERROR_CORRUPT,
		            "changed since it was checked (now a %s file)",
		            pb_image_format_name(f));
		ok = FALSE;
	}
	if (ok && f == PB_IMAGE_PNG) {
		ok = pb_png_walk(fp, error);
		rewind(fp);
	}
	if (ok)
		ok = f == PB_IMAGE_JPEG ? pb_jpeg_decode(fp, info, min_w, min_h, out, error)
		                        : pb_png_decode(fp, info, min_w, min_h, out, error);
	fclose(fp);
	if (!ok)
		pb_pixels_clear(out);
	return ok;
}

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
	e->c.err = jpeg_std_error(&e->jerr.mgr);
	e->jerr.mgr.error_exit = pb_jerr_exit;
	e->jerr.mgr.emit_message = pb_jerr_emit;
	e->jerr.mgr.output_message = pb_jerr_silent;
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
	if (ok && now.format != expect->format) {
		g_set_error(error, PB_IMAGE_ERROR, PB_IMAGE_ERROR_CORRUPT,
		            "changed since it was checked (now a %s file)",
		            pb_image_format_name(now.format));
		ok = FALSE;
	} else if (ok && (now.colorspace != expect->colorspace ||
	                  now.orientation != expect->orientation)) {
		g_set_error(error, PB_IMAGE_ERROR, PB_IMAGE_ERROR_CORRUPT,
		            "changed since it was checked");
		ok = FALSE;
	} else if (ok) {
		ok = pb_image_same(expect, now.width, now.height, error);
	}
	if (!ok)
		g_clear_pointer(&bytes, g_bytes_unref);
	return bytes;
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
