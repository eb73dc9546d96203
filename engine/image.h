/* image.h — image probing from headers, and the few pixel reads the checks need.
 *
 * Probing reads headers and markers only (libjpeg-turbo's jpeg_read_header, PNG chunk walk),
 * never pixel data, yet catches the files that would print wrong: a JPEG with no end-of-image
 * marker after its scan data, a PNG with a bad chunk CRC or no IEND, a header that declares an
 * absurd pixel count.  libjpeg and libpng errors are caught (longjmp from their error hooks) and
 * come back as a GError whose message says what is wrong in plain words; they never exit().
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

/* Samples the outer border (the outermost ~4 % of each side, after orientation) of a JPEG or
 * PNG, decoding JPEGs at reduced DCT scale, and reports the mean border colour (0..1 each) and
 * the share of border pixels that read as red (an ID photo's red background).  FALSE with
 * `error` when the pixels cannot be read.  `info` may be NULL (the file is probed first);
 * `red_share` and `rgb_mean` may be NULL when not wanted. */
gboolean pb_image_border_red(const char *path, const pb_image_info *info, double *red_share,
			     double rgb_mean[3], GError **error);

const char *pb_image_format_name(pb_image_format f);   /* "jpeg", "png", "svg", "unknown" */
const char *pb_colorspace_name(pb_colorspace cs);      /* "grey", "rgb", "cmyk", ... */

#endif
