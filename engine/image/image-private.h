/* image-private.h — what the probes (probe*.c) and the pixel reads (decode.c, border.c,
 * encode.c) share: opening a file, telling its format, the error words, and the libjpeg and
 * libpng plumbing that turns their fatal errors into GErrors.
 *
 * The plumbing's one rule: libjpeg and libpng report a fatal error by calling a hook that must
 * not return; ours longjmp.  So every call into either library runs below a setjmp placed in a
 * tiny function whose only state is one pointer to a heap struct (pb_jpeg, pb_png, or a struct
 * that embeds or points to one), so that no local variable is live across the longjmp.  The
 * helpers here that may longjmp (pb_jpeg_read_header, pb_png_read_info) must only be called below
 * such a setjmp; everything libjpeg allocates comes from its pools, which
 * jpeg_destroy_decompress releases on every path.
 *
 * Not a public header: only the files of image/ include it, and they are the only engine files
 * that see libjpeg and libpng; the rest of the engine uses image.h and images.h.
 */
#ifndef PB_IMAGE_PRIVATE_H
#define PB_IMAGE_PRIVATE_H

/* A JPEG's last bytes, read to find its EOI marker without walking the scan data. */
#define PB_JPEG_TAIL 4096
/* What a JPEG may hold beyond its scans: EXIF, ICC and XMP segments, a thumbnail, a phone's
 * motion-photo video after its end (a few MB) */
#define PB_JPEG_EXTRA (64u << 20)

#include "image.h"

#include <setjmp.h>
#include <stdio.h> /* before jpeglib.h, which uses FILE without including it */

#include <jpeglib.h>
#include <png.h>

/* A big-endian 32-bit number (PNG chunks, EXIF in Motorola order). */
static inline guint32
pb_be32(const guint8 *p)
{
	return (guint32)p[0] << 24 | (guint32)p[1] << 16 | (guint32)p[2] << 8 | p[3];
}

/* The probes of probe-jpeg.c and probe-png.c, for probe.c. */
gboolean pb_jpeg_probe(FILE *fp, gsize size, pb_image_info *info, GError **error);
gboolean pb_png_probe(FILE *fp, pb_image_info *info, GError **error);

/* ---- files, formats, messages ---------------------------------------------------------------- */

/* Sets `error` to prefix, `text` and suffix, `text` trimmed to its first line, without a full
 * stop, its first letter lowered unless it starts a name: libjpeg, libpng and strerror all
 * capitalise, our messages continue a sentence ("cannot read image 'x': ..."). */
void pb_image_set_lowered(GError **error, int code, const char *prefix, const char *text,
			  const char *suffix);

/* TRUE when w × h is a size we accept; else FALSE with `error` naming the limit crossed
 * (PB_IMAGE_ERROR_CORRUPT for zero pixels, PB_IMAGE_ERROR_TOO_LARGE above the limits). */
gboolean pb_image_check_size(guint64 w, guint64 h, GError **error);

/* Opens a regular, non-empty file for reading (close-on-exec) and reports its size in bytes;
 * NULL with `error` ("no such file", "is a directory", "empty file", ...). */
FILE *pb_image_open(const char *path, gsize *size, GError **error);

/* Reads the head of `fp` and names its format from the bytes, then rewinds.  PB_IMAGE_UNKNOWN
 * with `error` for an unreadable file, a format that is refused (GIF, HEIC, ...) or unknown. */
pb_image_format pb_image_sniff_fp(FILE *fp, GError **error);

/* Probes an open stream of `size` bytes, as pb_image_probe does a file.  `path` is for librsvg
 * only; NULL refuses SVG (the in-memory probe of bytes read for embedding, which are JPEG or
 * PNG). */
gboolean pb_image_probe_fp(FILE *fp, gsize size, const char *path, pb_image_info *info,
			   GError **error);

/* The PNG chunk walk from the start of `fp`: IHDR first with an acceptable size, every CRC
 * right, an IDAT, an IEND.  FALSE with `error` saying which is wrong.  Leaves `fp` anywhere. */
gboolean pb_png_walk(FILE *fp, GError **error);

/* ---- libjpeg ------------------------------------------------------------------------------- */

typedef struct pb_jerr {
	struct jpeg_error_mgr mgr;     /* first: libjpeg hands back a pointer to it */
	jmp_buf jump;                  /* where error_exit returns to */
	gboolean hit_eof;              /* the data ran out (libjpeg then fakes an EOI) */
	char message[JMSG_LENGTH_MAX]; /* the fatal error, formatted */
} pb_jerr;

/* Our hooks in `e`: fatal errors longjmp to e->jump with the message kept, warnings are counted
 * (running out of data remembered in hit_eof), nothing is printed.  Returns &e->mgr, for a
 * compress or decompress struct's `err`. */
struct jpeg_error_mgr *pb_jerr_init(pb_jerr *e);

/* One JPEG being read: everything behind one pointer, so nothing is lost to longjmp. */
typedef struct pb_jpeg {
	struct jpeg_decompress_struct d;
	pb_jerr jerr;
	FILE *fp;
	guint64 scan_start; /* probe: byte offset of the first scan's entropy-coded data */
	/* The markers before the first scan are read under a budget: libjpeg skips any bytes
	 * that are not a marker, so a huge file that merely starts like a JPEG would otherwise
	 * be read to its end before it is refused. */
	boolean (*stdio_fill)(j_decompress_ptr d); /* libjpeg's own refill, which we wrap */
	guint64 header_bytes;                      /* bytes read while in the header */
	gboolean in_header;                        /* reading markers, not scan data */
	gboolean over_budget;                      /* the header ran past the budget */
	JOCTET *scan_buf; /* the scan data's buffer, PB_JPEG_SCAN_CHUNK bytes from libjpeg's pool */
} pb_jpeg;

/* The scan data is read in chunks this large.  libjpeg-turbo decodes Huffman data on its fast
 * path only while its buffer holds a few kilobytes (512 bytes for each block of an MCU), which
 * libjpeg's own 4 KiB stdio buffer seldom does: decoding from it is twice as slow.  The markers
 * before the scan stay on that small buffer, so a probe still reads little of a file. */
#define PB_JPEG_SCAN_CHUNK (64u * 1024u)

/* Markers before the first scan may take this many bytes (EXIF, ICC and XMP together are a
 * few hundred kilobytes at most). */
#define PB_JPEG_HEADER_BUDGET (16u << 20)

/* Sets up a zeroed pb_jpeg: our error hooks, reading from fp.  Whoever sets it up calls
 * jpeg_destroy_decompress(&j->d) at the end, whether or not libjpeg got far (a zeroed struct
 * has nothing to release). */
void pb_jpeg_init(pb_jpeg *j, FILE *fp);

/* Creates the decompressor, reading from j->fp, and reads the markers up to the first scan;
 * with `save_exif` the APP1 segments (Exif, XMP) are kept in d.marker_list.  Longjmps on error:
 * call it below a setjmp on j->jerr.jump. */
void pb_jpeg_read_header(pb_jpeg *j, gboolean save_exif);

/* ---- libpng -------------------------------------------------------------------------------- */

/* One PNG being read; libpng keeps its jmp_buf inside png itself. */
typedef struct pb_png {
	png_structp png;
	png_infop info;
	FILE *fp;
	char message[256]; /* libpng's fatal error */
	guint8 *image;     /* interlaced reads: the whole image, 4 bytes a pixel */
	guint8 *row;       /* non-interlaced reads: one row, 4 bytes a pixel */
} pb_png;

/* A reader on fp whose fatal errors longjmp back with the message kept and whose warnings are
 * ignored; NULL with `error` when libpng cannot allocate.  Free with pb_png_free, which also
 * frees image and row. */
pb_png *pb_png_new(FILE *fp, GError **error);
void pb_png_free(pb_png *p);

/* Reads the signature and the chunks up to the first IDAT.  Longjmps on error: call it below a
 * setjmp on png_jmpbuf(p->png). */
void pb_png_read_info(pb_png *p);

/* ---- reading pixels (decode.c), shared with the border read (border.c) -------------------- */

/* Opens a file for a pixel read; NULL with `error` when it cannot be opened, or (with the
 * message `refusal`) when its probe says it is neither JPEG nor PNG. */
FILE *pb_image_open_raster(const char *path, const pb_image_info *info, const char *refusal,
			   GError **error);
/* A 4-component JPEG, and whether its samples are stored inverted (Adobe). */
gboolean pb_jpeg_is_cmyk(const struct jpeg_decompress_struct *d);
guint pb_cmyk_flip(const struct jpeg_decompress_struct *d);
/* After a decode: FALSE with `error` when the data ran out or libjpeg failed. */
gboolean pb_jpeg_data_ok(const pb_jpeg *j, gboolean ran, GError **error);
/* libpng's expansions to 8-bit RGBA (or 16-bit words); the number of passes. */
int pb_png_expand(pb_png *p, png_uint_32 w, gboolean words);
void pb_png_read_passes(pb_png *p, png_uint_32 w, png_uint_32 h, int passes);
/* CMYK → sRGB through an ICC profile (colour.c): the photo's own CMYK profile (`icc`, NULL
 * for none), else the standard one.  NULL when neither can be used (no standard profile
 * installed): then the naive pb_cmyk_to_rgb below. */
typedef struct pb_cmyk_xform pb_cmyk_xform;
pb_cmyk_xform *pb_cmyk_xform_new(const guint8 *icc, gsize icc_len, gboolean adobe_inverted);
/* `n` pixels of 4 stored samples to Cairo's opaque 32-bit words. */
void pb_cmyk_xform_row(const pb_cmyk_xform *x, const guint8 *cmyk, guint32 *argb, guint n);
void pb_cmyk_xform_free(pb_cmyk_xform *x);

/* Naive CMYK→RGB of one pixel, light = (1 − ink) × (1 − black): no ICC profile is applied (the
 * ID photos' border test, and the fallback without a profile). */
static inline void
pb_cmyk_to_rgb(const guint8 *p, guint flip, guint rgb[3])
{
	guint k = p[3] ^ flip;
	for (int c = 0; c < 3; c++)
		rgb[c] = ((p[c] ^ flip) * k + 127) / 255;
}

/* FALSE with "changed since it was checked" when a file is no longer what it was probed as
 * (another format, another size): it was replaced between check and render. */
gboolean pb_image_same_format(const pb_image_info *expect, pb_image_format now, GError **error);
gboolean pb_image_same(const pb_image_info *expect, guint w, guint h, GError **error);

#endif
