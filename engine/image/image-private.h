/* image-private.h — what the probe (image.c) and the pixel reads (image-decode.c) share: opening
 * a file, telling its format, the error words, and the libjpeg and libpng plumbing that turns
 * their fatal errors into GErrors.  Everything declared here is defined once, in image.c.
 *
 * The plumbing's one rule: libjpeg and libpng report a fatal error by calling a hook that must
 * not return; ours longjmp.  So every call into either library runs below a setjmp placed in a
 * tiny function whose only state is one pointer to a heap struct (pb_jpeg, pb_png, or a struct
 * that embeds or points to one), so that no local variable is live across the longjmp.  The
 * helpers here that may longjmp (pb_jpeg_read_header, pb_png_read_info) must only be called below
 * such a setjmp; everything libjpeg allocates comes from its pools, which
 * jpeg_destroy_decompress releases on every path.
 *
 * Not a public header: only image.c and image-decode.c include it, and they are the only engine
 * files that see libjpeg and libpng; the rest of the engine uses image.h.
 */
#ifndef PB_IMAGE_PRIVATE_H
#define PB_IMAGE_PRIVATE_H

#include "image.h"

#include <setjmp.h>
#include <stdio.h> /* before jpeglib.h, which uses FILE without including it */

#include <jpeglib.h>
#include <png.h>

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
} pb_jpeg;

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

#endif
