/* colour.c — CMYK photos to sRGB through Little CMS: the photo's own ICC profile when it carries
 * a CMYK one, else the standard CMYK profile Debian ships with Ghostscript (default_cmyk.icc,
 * package libgs10-common; a SWOP-like press profile).
 *
 * Cairo 1.16 cannot place a 4-component JPEG (it would print as a negative), so such a photo is
 * converted to RGB once (imagecache.c).  The naive formula light = (1 − ink) × (1 − black)
 * ignores how press inks really mix and comes out too bright and too saturated: a test
 * (test-imagecache) measures it at ΔE2000 of 10 and more on plain patches, where the profile
 * gives what the profile says.  Rendering intent: relative colorimetric with black-point
 * compensation, as desktop software converts CMYK photos for a screen.
 *
 * This file is the only one that includes lcms2.h.  The standard profile's transform is made
 * once per process and shared by every decode (lcms transforms made with cmsFLAGS_NOCACHE are
 * safe to use from many threads at once); an embedded profile's is made per decode.
 */
#include "image-private.h"

#include <lcms2.h>
#include <string.h>

#ifndef PB_CMYK_PROFILE
#define PB_CMYK_PROFILE "/usr/share/color/icc/ghostscript/default_cmyk.icc"
#endif

struct pb_cmyk_xform {
	cmsHTRANSFORM transform; /* CMYK (as stored) -> Cairo's 32-bit word, alpha untouched */
	gboolean shared;         /* the standard profile's, owned by the process */
};

/* A transform from `profile` (CMYK) to sRGB, reading stored samples: Adobe files store
 * 255 − ink (TYPE_CMYK_8_REV reads them so), others the ink.  NULL when the profile is not a
 * usable CMYK one. */
static cmsHTRANSFORM
transform_from(cmsHPROFILE profile, gboolean adobe_inverted)
{
	if (!profile || cmsGetColorSpace(profile) != cmsSigCmykData)
		return NULL;
	cmsHPROFILE srgb = cmsCreate_sRGBProfile();
	/* Bytes B, G, R, A on a little-endian machine are Cairo's word 0xAARRGGBB. */
	cmsUInt32Number out = G_BYTE_ORDER == G_LITTLE_ENDIAN ? TYPE_BGRA_8 : TYPE_ARGB_8;
	cmsHTRANSFORM t = cmsCreateTransform(
	    profile, adobe_inverted ? TYPE_CMYK_8_REV : TYPE_CMYK_8, srgb, out,
	    INTENT_RELATIVE_COLORIMETRIC, cmsFLAGS_BLACKPOINTCOMPENSATION | cmsFLAGS_NOCACHE);
	cmsCloseProfile(srgb);
	return t;
}

/* The standard profile's two transforms (stored as ink, stored inverted), made once. */
static cmsHTRANSFORM standard[2];

static gpointer
make_standard(gpointer unused)
{
	cmsHPROFILE p = cmsOpenProfileFromFile(PB_CMYK_PROFILE, "r");
	if (p) {
		standard[0] = transform_from(p, FALSE);
		standard[1] = transform_from(p, TRUE);
		cmsCloseProfile(p);
	}
	return NULL;
}

pb_cmyk_xform *
pb_cmyk_xform_new(const guint8 *icc, gsize icc_len, gboolean adobe_inverted)
{
	cmsHTRANSFORM t = NULL;
	if (icc && icc_len) {
		cmsHPROFILE p = cmsOpenProfileFromMem(icc, (cmsUInt32Number)icc_len);
		t = transform_from(p, adobe_inverted); /* NULL for an RGB or broken profile */
		if (p)
			cmsCloseProfile(p);
	}
	gboolean shared = FALSE;
	if (!t) {
		static GOnce once = G_ONCE_INIT;
		g_once(&once, make_standard, NULL);
		t = standard[adobe_inverted ? 1 : 0];
		shared = TRUE;
	}
	if (!t)
		return NULL; /* no standard profile installed: the caller falls back */
	pb_cmyk_xform *x = g_new0(pb_cmyk_xform, 1);
	x->transform = t;
	x->shared = shared;
	return x;
}

void
pb_cmyk_xform_row(const pb_cmyk_xform *x, const guint8 *cmyk, guint32 *argb, guint n)
{
	for (guint i = 0; i < n; i++)
		argb[i] = 0xff000000u; /* lcms leaves the alpha byte as it finds it */
	cmsDoTransform(x->transform, cmyk, argb, n);
}

void
pb_cmyk_xform_free(pb_cmyk_xform *x)
{
	if (!x)
		return;
	if (!x->shared)
		cmsDeleteTransform(x->transform);
	g_free(x);
}
