/* imgwrite.h — writes the JPEG and PNG files that the example and the test fixtures need.
 *
 * Only for the project's generators (tools/): the engine never writes images this way.
 * Pixels come in as 8-bit rows; the writers add what a camera or Photoshop would: an EXIF
 * orientation tag, an Adobe APP14 marker for CMYK/YCCK, progressive scans, 16-bit PNG, palette.
 */
#ifndef PB_IMGWRITE_H
#define PB_IMGWRITE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct pbw_jpeg_opts {
	int quality;        /* 1..100; 0 means 90 */
	bool progressive;   /* progressive scans */
	int orientation;    /* EXIF orientation 1..8 written in an APP1 Exif segment; 0 = no EXIF */
	bool ycck;          /* with components == 4: store as YCCK (Adobe transform 2), else CMYK */
	bool rgb_stored;    /* with components == 3: store the RGB samples as they are (component
			     * ids R, G, B, no JFIF or Adobe marker), as cjpeg -rgb does */
	int dpi;            /* JFIF density; 0 = 72 */
	const uint8_t *icc; /* an ICC profile written as APP2 ICC_PROFILE chunks, or NULL */
	size_t icc_len;
} pbw_jpeg_opts;

/* components: 1 (grey), 3 (RGB) or 4 (CMYK, Adobe-inverted as Photoshop writes it).
 * pixels: height rows of width*components bytes.  Returns false on I/O failure. */
bool pbw_write_jpeg(const char *path, const uint8_t *pixels, int width, int height, int components,
		    const pbw_jpeg_opts *opts);

typedef enum pbw_png_kind {
	PBW_PNG_RGB8,
	PBW_PNG_RGBA8,
	PBW_PNG_RGB16, /* samples scaled from 8 to 16 bits */
	PBW_PNG_GREY_ALPHA8,
	PBW_PNG_PALETTE8, /* quantised to a palette, with a tRNS entry for alpha */
} pbw_png_kind;

/* pixels: height rows of width*4 RGBA bytes, whatever the kind.  interlaced: Adam7. */
bool pbw_write_png(const char *path, const uint8_t *rgba, int width, int height, pbw_png_kind kind,
		   bool interlaced);

/* Deterministic pseudo-random numbers (xorshift64*), so generated files are byte-stable. */
typedef struct pbw_rng {
	uint64_t s;
} pbw_rng;
void pbw_rng_seed(pbw_rng *r, uint64_t seed);
uint32_t pbw_rng_u32(pbw_rng *r);
double pbw_rng_unit(pbw_rng *r); /* [0, 1) */

#endif
