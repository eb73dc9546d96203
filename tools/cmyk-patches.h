/* cmyk-patches.h — the flat CMYK patches of the fixtures cmyk-patches.jpg and
 * cmyk-patches-icc.jpg (tools/mkfixtures.c writes them; tests/unit/test-imagecache.c converts
 * them and measures the colour in ΔE2000).
 *
 * Ink amounts 0..255 (255 = full ink), each patch PB_PATCH px square, PB_PATCH_COLS a row.
 */
#ifndef PB_CMYK_PATCHES_H
#define PB_CMYK_PATCHES_H

#include <stdint.h>

#define PB_PATCH 48
#define PB_PATCH_COLS 4
#define PB_PATCH_ROWS 2

static const uint8_t pb_cmyk_patches[PB_PATCH_COLS * PB_PATCH_ROWS][4] = {
    {255, 0, 0, 0},     /* cyan */
    {0, 255, 0, 0},     /* magenta */
    {0, 0, 255, 0},     /* yellow */
    {0, 0, 0, 255},     /* black */
    {255, 255, 0, 0},   /* blue, the two inks */
    {0, 255, 255, 0},   /* 中国红's press mix */
    {102, 102, 102, 0}, /* 40 % of each: a press grey */
    {13, 77, 102, 0},   /* a skin tone (5 %, 30 %, 40 %) */
};

#endif
