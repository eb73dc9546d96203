/* submissions.h — the example's material laid out as the colleges hand it in, for paiban init.
 *
 * Annex 1 of the notice asks each college for one folder (item 5) holding its photos with a
 * Word file describing them, its testimonials in Word, the blessings with a portrait each, the
 * outstanding graduate's story and photos, and the other honorees' ID photos.  This writes
 * that folder from the example manifest's own data, so that `paiban init` on it can be held
 * to the hand-written manifest.  The .docx files are written here; the pictures are listed
 * for the caller (mkexample), which makes them exactly as it makes the example's own.
 */
#ifndef PB_SUBMISSIONS_H
#define PB_SUBMISSIONS_H

#include <glib.h>
#include <stdbool.h>

typedef enum pbw_picture {
	PBW_PICTURE_PHOTO,    /* a graduation or star photo */
	PBW_PICTURE_PORTRAIT, /* a blessing's portrait */
	PBW_PICTURE_IDPHOTO,  /* an honoree's 2-inch ID photo */
	PBW_PICTURE_LOGO,     /* the school's logo (SVG) */
} pbw_picture;

typedef struct pbw_sub_image {
	char *seed; /* the picture's path in the example (relative to its folder): its look */
	char *out;  /* where it goes, relative to the submission folder */
	pbw_picture kind;
} pbw_sub_image;

/* Reads the example manifest `manifest` and writes the submission folder `out` (created):
 * the notice, and per college its .docx files; appends to `images` (of pbw_sub_image*, free
 * with pbw_sub_image_free) every picture the folder needs.  false with `error` on failure. */
bool pbw_submissions_write(const char *manifest, const char *out, GPtrArray *images,
			   GError **error);
void pbw_sub_image_free(gpointer image);

#endif
