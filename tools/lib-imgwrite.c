/* lib-imgwrite.c — the JPEG and PNG writers behind tools/imgwrite.h.
 *
 * Used by the generators (mkexample, mkfixtures) to make files that look like what cameras and
 * Photoshop produce: EXIF orientation in an APP1 segment, Adobe APP14 with inverted CMYK,
 * progressive scans, 16-bit and palette PNGs.  It is not an image library: no resampling, no
 * colour management, and it never reads images.  Output is a pure function of the arguments
 * (neither libjpeg nor libpng write a timestamp unless asked, and we never ask), so generated
 * fixtures are byte-stable from run to run.
 *
 * libjpeg's default error handler calls exit(); here errors longjmp back and the writer returns
 * false, leaving a partial file the caller should treat as garbage.
 */
#include "imgwrite.h"

#include <stdio.h> /* before jpeglib.h, which uses FILE without including it */
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>
#include <png.h>
#include <setjmp.h>

/* ---- JPEG ---------------------------------------------------------------------------------- */

typedef struct pbw_jerr {
	struct jpeg_error_mgr mgr; /* first, so the libjpeg pointer casts back to us */
	jmp_buf jump;
} pbw_jerr;

static void
pbw_jpeg_error_exit(j_common_ptr cinfo)
{
	pbw_jerr *e = (pbw_jerr *)cinfo->err;
	(*cinfo->err->output_message)(cinfo); /* a tool may say what failed on stderr */
	longjmp(e->jump, 1);
}

/* The smallest EXIF block a reader accepts: "Exif\0\0", a little-endian TIFF header, IFD0 with
 * one entry (0x0112 Orientation, SHORT, count 1) and no next IFD.  Writes 32 bytes. */
static size_t
pbw_exif_orientation(uint8_t *b, int orientation)
{
	static const uint8_t head[] = {
	    'E',  'x',  'i', 'f', 0, 0,       /* APP1 identifier */
	    'I',  'I',  42,  0,   8, 0, 0, 0, /* TIFF: little-endian, IFD0 at offset 8 */
	    1,    0,                          /* one entry */
	    0x12, 0x01, 3,   0,   1, 0, 0, 0, /* tag 0x0112, type SHORT, count 1 */
	};
	size_t n = sizeof head;
	memcpy(b, head, n);
	b[n++] = (uint8_t)orientation; /* the value, left-justified in the 4-byte field */
	b[n++] = 0;
	b[n++] = 0;
	b[n++] = 0;
	memset(b + n, 0, 4); /* no next IFD */
	return n + 4;
}

/* One JPEG being written.  Everything the encoder needs lives here, behind one pointer that
 * never changes, so nothing is left in a register for longjmp to clobber. */
typedef struct pbw_jpeg_job {
	struct jpeg_compress_struct c;
	pbw_jerr jerr;
	const uint8_t *pixels; /* rows of width*components bytes */
	int width, height, components;
	const pbw_jpeg_opts *opts;
	uint8_t *row; /* one inverted CMYK row, or NULL */
	FILE *fp;     /* the output */
} pbw_jpeg_job;

/* The libjpeg calls; an error longjmps out of here to pbw_jpeg_run. */
static void
pbw_jpeg_encode(pbw_jpeg_job *j)
{
	struct jpeg_compress_struct *c = &j->c;
	const pbw_jpeg_opts *o = j->opts;
	jpeg_create_compress(c);
	jpeg_stdio_dest(c, j->fp);
	c->image_width = (JDIMENSION)j->width;
	c->image_height = (JDIMENSION)j->height;
	c->input_components = j->components;
	c->in_color_space = j->components == 1   ? JCS_GRAYSCALE
			    : j->components == 3 ? JCS_RGB
						 : JCS_CMYK;
	jpeg_set_defaults(c);
	if (j->components == 4)
		/* Either choice makes libjpeg write the Adobe APP14 marker (transform 0 or 2) and
		 * no JFIF header, as Photoshop does. */
		jpeg_set_colorspace(c, o->ycck ? JCS_YCCK : JCS_CMYK);
	if (j->components == 3 && o->rgb_stored) {
		jpeg_set_colorspace(c, JCS_RGB); /* ids R, G, B; it asks for an Adobe marker */
		c->write_Adobe_marker = FALSE;
		c->write_JFIF_header = FALSE;
	}
	jpeg_set_quality(c, o->quality > 0 ? o->quality : 90, TRUE);
	if (c->write_JFIF_header) {
		c->density_unit = 1; /* dots per inch */
		c->X_density = c->Y_density = (UINT16)(o->dpi > 0 ? o->dpi : 72);
	}
	if (o->progressive)
		jpeg_simple_progression(c);
	jpeg_start_compress(c, TRUE);
	if (o->orientation >= 1 && o->orientation <= 8) {
		uint8_t exif[32];
		size_t n = pbw_exif_orientation(exif, o->orientation);
		jpeg_write_marker(c, JPEG_APP0 + 1, exif, (unsigned)n);
	}
	if (o->icc && o->icc_len)
		jpeg_write_icc_profile(c, o->icc, (unsigned)o->icc_len);
	size_t stride = (size_t)j->width * (size_t)j->components;
	while (c->next_scanline < c->image_height) {
		const uint8_t *src = j->pixels + (size_t)c->next_scanline * stride;
		JSAMPROW rp = (JSAMPROW)src;
		if (j->row) {
			/* Callers give ink amounts (0 = none); Adobe files store 255 − ink, and
			 * readers that honour the APP14 marker invert them back. */
			for (size_t i = 0; i < stride; i++)
				j->row[i] = (uint8_t)(255 - src[i]);
			rp = j->row;
		}
		jpeg_write_scanlines(c, &rp, 1);
	}
	jpeg_finish_compress(c);
}

static bool
pbw_jpeg_run(pbw_jpeg_job *j)
{
	if (setjmp(j->jerr.jump))
		return false;
	pbw_jpeg_encode(j);
	return true;
}

bool
pbw_write_jpeg(const char *path, const uint8_t *pixels, int width, int height, int components,
	       const pbw_jpeg_opts *opts)
{
	static const pbw_jpeg_opts defaults = {0};
	if (width <= 0 || height <= 0 || (components != 1 && components != 3 && components != 4))
		return false;
	pbw_jpeg_job *j = calloc(1, sizeof *j);
	if (!j)
		return false;
	j->pixels = pixels;
	j->width = width;
	j->height = height;
	j->components = components;
	j->opts = opts ? opts : &defaults;
	if (components == 4 && !(j->row = malloc((size_t)width * 4))) {
		free(j);
		return false;
	}
	FILE *fp = fopen(path, "wb");
	bool ok = false;
	if (fp) {
		j->c.err = jpeg_std_error(&j->jerr.mgr);
		j->jerr.mgr.error_exit = pbw_jpeg_error_exit;
		j->fp = fp;
		ok = pbw_jpeg_run(j);
		/* Safe even when creation failed: j is zeroed, and a NULL mem means nothing. */
		jpeg_destroy_compress(&j->c);
		if (fclose(fp) != 0)
			ok = false;
	}
	free(j->row);
	free(j);
	return ok;
}

/* ---- PNG ----------------------------------------------------------------------------------- */

static void
pbw_png_error(png_structp png, png_const_charp msg)
{
	fprintf(stderr, "imgwrite: libpng: %s\n", msg);
	png_longjmp(png, 1);
}

static void
pbw_png_warning(png_structp png, png_const_charp msg)
{
	(void)png;
	(void)msg; /* warnings from a writer we drive ourselves are not worth a line */
}

/* A palette for `rgba`: the exact colours when there are at most 256 of them, else entry 0 is
 * fully transparent and 1..216 a 6×6×6 colour cube (plenty for fixtures).  Fills `index` with
 * one byte per pixel and returns the number of entries. */
static int
pbw_quantise(const uint8_t *rgba, size_t npix, uint8_t pal[256][4], uint8_t *index)
{
	int n = 0;
	for (size_t i = 0; i < npix; i++) {
		const uint8_t *p = rgba + 4 * i;
		int k;
		for (k = 0; k < n; k++)
			if (memcmp(pal[k], p, 4) == 0)
				break;
		if (k == n) {
			if (n == 256)
				goto cube;
			memcpy(pal[n++], p, 4);
		}
		index[i] = (uint8_t)k;
	}
	return n;
cube:
	memset(pal[0], 0, 4);
	for (int k = 0; k < 216; k++) {
		pal[k + 1][0] = (uint8_t)(k / 36 * 51);
		pal[k + 1][1] = (uint8_t)(k / 6 % 6 * 51);
		pal[k + 1][2] = (uint8_t)(k % 6 * 51);
		pal[k + 1][3] = 255;
	}
	for (size_t i = 0; i < npix; i++) {
		const uint8_t *p = rgba + 4 * i;
		if (p[3] < 128) {
			index[i] = 0;
			continue;
		}
		int r = (p[0] + 25) / 51, g = (p[1] + 25) / 51, b = (p[2] + 25) / 51;
		index[i] = (uint8_t)(1 + r * 36 + g * 6 + b);
	}
	return 217;
}

/* The libpng part, alone in its function so that no local of the caller lives across setjmp. */
static bool
pbw_png_encode(FILE *fp, png_bytep *rows, int width, int height, int depth, int color_type,
	       bool interlaced, const uint8_t (*pal)[4], int npal)
{
	png_structp png =
	    png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, pbw_png_error, pbw_png_warning);
	if (!png)
		return false;
	png_infop info = png_create_info_struct(png);
	if (!info || setjmp(png_jmpbuf(png))) {
		png_destroy_write_struct(&png, info ? &info : NULL);
		return false;
	}
	png_init_io(png, fp);
	png_set_IHDR(png, info, (png_uint_32)width, (png_uint_32)height, depth, color_type,
		     interlaced ? PNG_INTERLACE_ADAM7 : PNG_INTERLACE_NONE,
		     PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
	if (color_type == PNG_COLOR_TYPE_PALETTE) {
		png_color colors[256];
		png_byte trans[256];
		int ntrans = 0;
		for (int k = 0; k < npal; k++) {
			colors[k].red = pal[k][0];
			colors[k].green = pal[k][1];
			colors[k].blue = pal[k][2];
			trans[k] = pal[k][3];
			if (pal[k][3] != 255)
				ntrans = k + 1; /* tRNS may stop after the last non-opaque entry */
		}
		png_set_PLTE(png, info, colors, npal);
		if (ntrans > 0)
			png_set_tRNS(png, info, trans, ntrans, NULL);
	}
	png_write_info(png, info);
	png_write_image(png, rows); /* handles the Adam7 passes itself */
	png_write_end(png, info);
	png_destroy_write_struct(&png, &info);
	return true;
}

bool
pbw_write_png(const char *path, const uint8_t *rgba, int width, int height, pbw_png_kind kind,
	      bool interlaced)
{
	if (width <= 0 || height <= 0)
		return false;
	size_t w = (size_t)width, h = (size_t)height, npix = w * h;
	int color_type, depth = 8, bpp; /* bpp: bytes per pixel in the converted buffer */
	switch (kind) {
	case PBW_PNG_RGB8:
		color_type = PNG_COLOR_TYPE_RGB;
		bpp = 3;
		break;
	case PBW_PNG_RGBA8:
		color_type = PNG_COLOR_TYPE_RGBA;
		bpp = 4;
		break;
	case PBW_PNG_RGB16:
		color_type = PNG_COLOR_TYPE_RGB;
		depth = 16;
		bpp = 6;
		break;
	case PBW_PNG_GREY_ALPHA8:
		color_type = PNG_COLOR_TYPE_GRAY_ALPHA;
		bpp = 2;
		break;
	case PBW_PNG_PALETTE8:
		color_type = PNG_COLOR_TYPE_PALETTE;
		bpp = 1;
		break;
	default:
		return false;
	}

	/* Convert everything up front so the libpng section below has nothing to fail on but
	 * I/O; both buffers are freed on every path. */
	uint8_t *buf = malloc(npix * (size_t)bpp);
	png_bytep *rows = malloc(h * sizeof *rows);
	if (!buf || !rows) {
		free(buf);
		free(rows);
		return false;
	}
	uint8_t pal[256][4];
	int npal = 0;
	if (kind == PBW_PNG_PALETTE8) {
		npal = pbw_quantise(rgba, npix, pal, buf);
	} else {
		for (size_t i = 0; i < npix; i++) {
			const uint8_t *p = rgba + 4 * i;
			uint8_t *q = buf + (size_t)bpp * i;
			switch (kind) {
			case PBW_PNG_RGB8:
				memcpy(q, p, 3);
				break;
			case PBW_PNG_RGBA8:
				memcpy(q, p, 4);
				break;
			case PBW_PNG_RGB16:
				/* v·257 maps 0..255 onto 0..65535 exactly; PNG is big-endian. */
				for (int k = 0; k < 3; k++)
					q[2 * k] = q[2 * k + 1] = p[k];
				break;
			case PBW_PNG_GREY_ALPHA8:
				/* Rec. 601 luma, the weights libpng itself uses for rgb_to_gray. */
				q[0] =
				    (uint8_t)((299 * p[0] + 587 * p[1] + 114 * p[2] + 500) / 1000);
				q[1] = p[3];
				break;
			default:
				break;
			}
		}
	}
	for (size_t y = 0; y < h; y++)
		rows[y] = buf + y * w * (size_t)bpp;

	FILE *fp = fopen(path, "wb");
	bool ok = fp && pbw_png_encode(fp, rows, width, height, depth, color_type, interlaced,
				       (const uint8_t(*)[4])pal, npal);
	if (fp && fclose(fp) != 0)
		ok = false;
	free(buf);
	free(rows);
	return ok;
}

/* ---- deterministic random numbers ---------------------------------------------------------- */

void
pbw_rng_seed(pbw_rng *r, uint64_t seed)
{
	/* xorshift has one fixed point, zero; any other state works. */
	r->s = seed ? seed : 0x9e3779b97f4a7c15u;
}

uint32_t
pbw_rng_u32(pbw_rng *r)
{
	uint64_t x = r->s;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	r->s = x;
	return (uint32_t)((x * 0x2545f4914f6cdd1du) >> 32); /* the high bits are the good ones */
}

double
pbw_rng_unit(pbw_rng *r)
{
	return pbw_rng_u32(r) / 4294967296.0;
}
