/* probe.c — what an image file is, from its first bytes and its headers: the entry points of
 * probing (pb_image_probe), format sniffing, the SVG probe and the names of formats.  The JPEG
 * and PNG probes are probe-jpeg.c and probe-png.c; see image.h for what probing promises.
 *
 * Probing decides what a file is from its first bytes (never its name), then reads only headers:
 * libjpeg-turbo's jpeg_read_header (plus the saved APP1 for EXIF orientation), libpng's
 * png_read_info, librsvg for an SVG's intrinsic size.  No pixel is decoded while probing.
 *
 * Not here: pixels (decode.c, border.c, encode.c).  Orientation is reported, never applied (the
 * page transform applies it); nothing is cached (the registry, registry.c, keeps the answers).
 */
#include "image-private.h"
#include "base/units.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>

#include <librsvg/rsvg.h>

GQuark
pb_image_error_quark(void)
{
	/* Spelled out rather than G_DEFINE_QUARK, which cppcheck (make lint) cannot expand. */
	return g_quark_from_static_string("pb-image-error-quark");
}

/* A JPEG's EOI normally sits in its last bytes; this much tail is searched before falling back
 * to a forward walk (needed for phones that append a trailer, e.g. a motion photo's video). */
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

/* ---- resolution ------------------------------------------------------------------------------ */

double
pb_image_ppi_low(const pb_image_info *info, double dw, double dh)
{
	if (dw <= 0 || dh <= 0)
		return 0;
	return MIN(info->oriented_width / (dw / PB_MM_PER_IN),
		   info->oriented_height / (dh / PB_MM_PER_IN));
}

double
pb_image_ppi_high(const pb_image_info *info, double dw, double dh)
{
	if (dw <= 0 || dh <= 0)
		return 0;
	return MAX(info->oriented_width / (dw / PB_MM_PER_IN),
		   info->oriented_height / (dh / PB_MM_PER_IN));
}

gboolean
pb_image_above_max_ppi(const pb_image_info *info, double dw, double dh, double max_ppi)
{
	return max_ppi > 0 && pb_image_ppi_high(info, dw, dh) > max_ppi + 0.5;
}
