/* image.h — image probing from headers, the few pixel reads the checks need, and the decodes
 * and encodes the renderer needs (see imagecache.h for how they are used).
 *
 * Probing reads headers and markers only (libjpeg-turbo's jpeg_read_header, PNG chunk walk),
 * never pixel data, yet catches the files that would print wrong: a JPEG with no end-of-image
 * marker after its scan data, a PNG with a bad chunk CRC or no IEND, a header that declares an
 * absurd pixel count.  libjpeg and libpng errors are caught (longjmp from their error hooks) and
 * come back as a GError whose message says what is wrong in plain words; they never exit().
 *
 * One header, several files: probe.c, probe-jpeg.c and probe-png.c probe (and name formats and
 * colour spaces); border.c, decode.c and encode.c read and write pixels (the border colour, the
 * decodes, JPEG encoding, the bytes for embedding).  What they share is in image-private.h,
 * which nothing outside image/ includes.
 */
#ifndef PB_IMAGE_H
#define PB_IMAGE_H

#include <glib.h>

/* Refuse headers that declare more pixels than this (a decompression bomb).  200 megapixels
 * is far above any camera the notice has in mind (≥ 3000×1800 asked for). */
#define PB_IMAGE_MAX_PIXELS (200u * 1000u * 1000u)
#define PB_IMAGE_MAX_SIDE 65500u

typedef enum pb_image_format {
	PB_IMAGE_UNKNOWN = 0,
	PB_IMAGE_JPEG,
	PB_IMAGE_PNG,
	PB_IMAGE_SVG,
} pb_image_format;

typedef enum pb_colorspace {
	PB_CS_UNKNOWN = 0,
	PB_CS_GREY,
	PB_CS_GREY_ALPHA,
	PB_CS_RGB,
	PB_CS_RGBA,
	PB_CS_PALETTE, /* PNG indexed colour */
	PB_CS_CMYK,    /* 4-component JPEG stored as CMYK */
	PB_CS_YCCK,    /* 4-component JPEG stored as YCCK (Adobe transform 2) */
} pb_colorspace;

typedef struct pb_image_info {
	pb_image_format format;
	guint width;              /* px, as stored */
	guint height;             /* px, as stored */
	guint orientation;        /* EXIF orientation 1..8; 1 when absent */
	guint oriented_width;     /* px, after applying orientation (5..8 swap the sides) */
	guint oriented_height;    /* px, after applying orientation */
	pb_colorspace colorspace; /* what the pixels are */
	guint components;         /* samples per pixel in the file (JPEG 1/3/4; PNG 1..4) */
	guint bit_depth;          /* bits per sample (JPEG 8 or 12; PNG 1,2,4,8,16) */
	gboolean progressive;     /* progressive JPEG, or interlaced (Adam7) PNG */
	gboolean adobe_marker;    /* JPEG carries an Adobe APP14 marker */
	gboolean has_alpha;       /* PNG alpha channel or tRNS */
	gboolean icc_profile;     /* JPEG carries a CMYK ICC profile (APP2 ICC_PROFILE) */
	gboolean rgb_stored;      /* JPEG of RGB samples, not YCbCr, with no Adobe marker to say
				   * so (cjpeg -rgb, some scanners): a PDF reader, following the
				   * standard, would print its colours wrong, so it is re-encoded */
	gsize file_size;          /* bytes */
} pb_image_info;

#define PB_IMAGE_ERROR (pb_image_error_quark())
GQuark pb_image_error_quark(void);
typedef enum {
	PB_IMAGE_ERROR_IO,        /* missing, unreadable, empty */
	PB_IMAGE_ERROR_FORMAT,    /* not JPEG/PNG/SVG, or a GIF/WebP/... */
	PB_IMAGE_ERROR_CORRUPT,   /* bad header, truncated, bad CRC, no IEND/EOI */
	PB_IMAGE_ERROR_TOO_LARGE, /* declared size above the limits */
} pb_image_error;

/* Probes `path` from its headers.  On failure returns FALSE and sets `error` with a message
 * that completes "cannot read image 'x': ...", e.g. "truncated JPEG (no end-of-image marker)".
 * The format is detected from the bytes, never from the file name; a mislabelled file (PNG
 * named .jpg) probes as what it is. */
gboolean pb_image_probe(const char *path, pb_image_info *info, GError **error);

/* The resolution of an image drawn at dw × dh mm (its oriented sides): pixels per inch along
 * its sparser side (what image.ppi judges: the photo is no sharper than that) or its denser
 * one (what max_ppi judges: no side gets more than the layout's cap).  0 for a size of 0. */
double pb_image_ppi_low(const pb_image_info *info, double dw, double dh);
double pb_image_ppi_high(const pb_image_info *info, double dw, double dh);

/* A photo goes above max_ppi when its high ppi is more than half a ppi past it (less is not
 * worth a re-encoding): the one test the renderer resamples by and the note is said by. */
gboolean pb_image_above_max_ppi(const pb_image_info *info, double dw, double dh, double max_ppi);

/* Samples the border above the shoulders of a JPEG or PNG (after orientation: the outermost
 * ~4 % along the top, and along the sides over the upper eighth, where an ID photo shows only
 * its background), decoding JPEGs at reduced DCT scale and only down to that eighth.  Reports the
 * mean border colour (0..1 each) and the share of border pixels that read as red (an ID
 * photo's red background).  FALSE with `error` when the pixels cannot be read.  `info` may be
 * NULL (the file is probed first); `red_share` and `rgb_mean` may be NULL when not wanted. */
gboolean pb_image_border_red(const char *path, const pb_image_info *info, double *red_share,
			     double rgb_mean[3], GError **error);

/* ---- decoding, for the renderer (imagecache.c) ----------------------------------------------
 *
 * Pixels come out in Cairo's 32-bit layout without including Cairo here: one native-endian
 * word per pixel, 0xAARRGGBB, premultiplied alpha (opaque pixels have alpha 0xff, so the same
 * buffer reads as CAIRO_FORMAT_RGB24 when `alpha` is FALSE).  Orientation is never applied. */
typedef struct pb_pixels {
	guint width, height;         /* px as decoded: stored orientation, possibly reduced */
	guint src_width, src_height; /* px of the file, as stored */
	gsize stride;                /* bytes per row: 4 × width */
	gboolean alpha;              /* some pixel is not fully opaque */
	guint32 *data;               /* height rows of width words; g_free (pb_pixels_clear) */
} pb_pixels;

/* Decodes the JPEG or PNG `path`, which must still match its probe `info` (else an error
 * "changed since it was checked").  With min_w/min_h 0 at full size; otherwise reduced as far
 * as keeps at least min_w × min_h (stored orientation): JPEGs by libjpeg-turbo's DCT scaling
 * (N/8, the smallest N that is large enough: a 6000×4000 JPEG asked for ≥ 300×200 decodes at
 * 1/8, 750×500, and the skipped coefficients are never computed), PNGs by an integer box
 * average while rows arrive.  CMYK and YCCK JPEGs come out as sRGB through Little CMS, with
 * their own ICC profile or the standard CMYK one (colour.c; Adobe's inverted samples handled).
 * Decodes above 4 megapixels are serialised process-wide, so parallel jobs hold at most one
 * full-size image at a time.  FALSE with `error` (a message completing "cannot read image 'x':
 * ...") on any libjpeg/libpng failure; `out` is then cleared. */
gboolean pb_image_decode(const char *path, const pb_image_info *info, guint min_w, guint min_h,
			 pb_pixels *out, GError **error);
void pb_pixels_clear(pb_pixels *px);

/* Encodes opaque pixels as a baseline JPEG at `quality` (1..100), optimised Huffman tables,
 * 4:2:0.  Deterministic: the same pixels give the same bytes.  NULL with `error` on failure. */
GBytes *pb_image_encode_jpeg(const pb_pixels *px, int quality, GError **error);

/* Encodes opaque pixels as an 8-bit RGB PNG at zlib `level` (1 fast .. 9 small), the Sub
 * filter on every row (cheap, and most of what adaptive filtering gains on pages of text and
 * flat colour).  NULL with `error` on failure. */
GBytes *pb_image_encode_png(const pb_pixels *px, int level, GError **error);

/* The whole file, for embedding as it is, after probing those very bytes: NULL with `error`
 * when they are broken or no longer match `expect` (replaced since the check). */
GBytes *pb_image_read_checked(const char *path, const pb_image_info *expect, GError **error);

const char *pb_image_format_name(pb_image_format f); /* "jpeg", "png", "svg", "unknown" */
const char *pb_colorspace_name(pb_colorspace cs);    /* "grey", "rgb", "cmyk", ... */

#endif
