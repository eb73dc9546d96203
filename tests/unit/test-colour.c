/* test-colour.c — CMYK photos to sRGB through their ICC profile (image/colour.c), measured in
 * ΔE2000 against what Little CMS makes of the same inks, and against the naive formula paiban
 * used before (light = (1 − ink) × (1 − black)).
 *
 * The fixtures are flat patches (tools/cmyk-patches.h) at JPEG quality 100: cmyk-patches.jpg
 * has no profile (the standard default_cmyk.icc applies), cmyk-patches-icc.jpg embeds
 * Ghostscript's ps_cmyk.icc (which must then be used instead).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "image/image.h"
#include "../../tools/cmyk-patches.h"

#include <lcms2.h>
#include <string.h>

#define ICC_DIR "/usr/share/color/icc/ghostscript/"
#define NPATCH (PB_PATCH_COLS * PB_PATCH_ROWS)

static char *
fixture(const char *name)
{
	const char *dir = g_getenv("PB_FIXTURES");
	return g_build_filename(dir ? dir : "tests/fixtures/generated", name, NULL);
}

/* The centre pixel of each patch, as paiban decodes the file. */
static void
decoded_patches(const char *name, guint8 rgb[NPATCH][3])
{
	g_autofree char *path = fixture(name);
	pb_image_info info;
	g_autoptr(GError) e = NULL;
	assert_true(pb_image_probe(path, &info, &e));
	assert_int_equal(info.colorspace, PB_CS_CMYK);
	pb_pixels px;
	assert_true(pb_image_decode(path, &info, 0, 0, &px, &e));
	for (int i = 0; i < NPATCH; i++) {
		guint x = (guint)(i % PB_PATCH_COLS) * PB_PATCH + PB_PATCH / 2;
		guint y = (guint)(i / PB_PATCH_COLS) * PB_PATCH + PB_PATCH / 2;
		guint32 w = px.data[(gsize)y * px.width + x];
		rgb[i][0] = w >> 16 & 0xff, rgb[i][1] = w >> 8 & 0xff, rgb[i][2] = w & 0xff;
	}
	pb_pixels_clear(&px);
}

/* What Little CMS makes of each patch's inks through `profile`, by the same intent. */
static void
reference_patches(const char *profile, guint8 rgb[NPATCH][3])
{
	cmsHPROFILE cmyk = cmsOpenProfileFromFile(profile, "r");
	assert_non_null(cmyk);
	cmsHPROFILE srgb = cmsCreate_sRGBProfile();
	cmsHTRANSFORM t =
	    cmsCreateTransform(cmyk, TYPE_CMYK_8, srgb, TYPE_RGB_8, INTENT_RELATIVE_COLORIMETRIC,
			       cmsFLAGS_BLACKPOINTCOMPENSATION);
	assert_non_null(t);
	cmsDoTransform(t, pb_cmyk_patches, rgb, NPATCH);
	cmsDeleteTransform(t);
	cmsCloseProfile(srgb);
	cmsCloseProfile(cmyk);
}

/* paiban's conversion before Little CMS: light = (1 − ink) × (1 − black). */
static void
naive_patches(guint8 rgb[NPATCH][3])
{
	for (int i = 0; i < NPATCH; i++)
		for (int c = 0; c < 3; c++)
			rgb[i][c] = (guint8)(((255 - pb_cmyk_patches[i][c]) *
						  (255 - pb_cmyk_patches[i][3]) +
					      127) /
					     255);
}

/* ΔE2000 between two sRGB colours, through Lab (D50). */
static double
delta_e(const guint8 a[3], const guint8 b[3])
{
	cmsHPROFILE srgb = cmsCreate_sRGBProfile(), lab = cmsCreateLab4Profile(NULL);
	cmsHTRANSFORM t = cmsCreateTransform(srgb, TYPE_RGB_8, lab, TYPE_Lab_DBL,
					     INTENT_RELATIVE_COLORIMETRIC, 0);
	cmsCIELab la, lb;
	cmsDoTransform(t, a, &la, 1);
	cmsDoTransform(t, b, &lb, 1);
	cmsDeleteTransform(t);
	cmsCloseProfile(srgb);
	cmsCloseProfile(lab);
	return cmsCIE2000DeltaE(&la, &lb, 1, 1, 1);
}

/* Without a profile of its own, a CMYK photo goes through default_cmyk.icc: each patch within
 * ΔE2000 1.5 of Little CMS's own answer, where the naive formula is off by 10.6 on average
 * (26 on pure cyan). */
static void
test_standard_profile(void **state)
{
	guint8 got[NPATCH][3], want[NPATCH][3], naive[NPATCH][3];
	decoded_patches("cmyk-patches.jpg", got);
	reference_patches(ICC_DIR "default_cmyk.icc", want);
	naive_patches(naive);
	double worst = 0, naive_sum = 0;
	for (int i = 0; i < NPATCH; i++) {
		double d = delta_e(got[i], want[i]), n = delta_e(naive[i], want[i]);
		print_message("patch %d: ΔE2000 %.2f through the profile, %.2f naive\n", i, d, n);
		worst = MAX(worst, d);
		naive_sum += n;
	}
	print_message("worst %.2f; naive mean %.2f\n", worst, naive_sum / NPATCH);
	assert_true(worst < 1.5);
	assert_true(naive_sum / NPATCH > 8); /* 10.6 with default_cmyk.icc */
}

/* A photo's embedded CMYK profile is the one used: the patches match ps_cmyk.icc, and differ
 * visibly from what the standard profile would give. */
static void
test_embedded_profile(void **state)
{
	guint8 got[NPATCH][3], want[NPATCH][3], standard[NPATCH][3];
	decoded_patches("cmyk-patches-icc.jpg", got);
	reference_patches(ICC_DIR "ps_cmyk.icc", want);
	reference_patches(ICC_DIR "default_cmyk.icc", standard);
	double worst = 0, apart = 0;
	for (int i = 0; i < NPATCH; i++) {
		worst = MAX(worst, delta_e(got[i], want[i]));
		apart = MAX(apart, delta_e(got[i], standard[i]));
	}
	print_message("embedded: worst %.2f from ps_cmyk.icc, up to %.2f from default_cmyk.icc\n",
		      worst, apart);
	assert_true(worst < 1.5);
	assert_true(apart > 5);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_standard_profile),
	    cmocka_unit_test(test_embedded_profile),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
