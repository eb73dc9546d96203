/* init.h — `paiban init FOLDER`: a first manifest from the colleges' submission folders.
 *
 * The notice (annex 1, item 5) has each college hand in one folder; the school puts them side
 * by side in FOLDER.  init reads every college folder (walk.h), the Word files in it (docx.h,
 * fields.h), the school's notice beside them (notice.h), sorts the pictures into photos,
 * portraits, the star's photos and ID photos, matches them to what the Word files say, and
 * writes FOLDER/manifest.yaml (manifest-writer.h) with a TODO on every value it guessed or
 * did not find, so that `paiban check` then lists what is missing.  It never overwrites a
 * manifest, and reads and writes nothing outside FOLDER.
 */
#ifndef PB_INIT_H
#define PB_INIT_H

#include "base/diag.h"
#include "draft.h"

#define PB_INIT_ERROR (pb_init_error_quark())
GQuark pb_init_error_quark(void);
typedef enum {
	PB_INIT_ERROR_EXISTS, /* FOLDER/manifest.yaml is already there */
} pb_init_error;

typedef struct pb_init_result {
	char *manifest; /* the file written: FOLDER/manifest.yaml */
	guint colleges, photos, testimonials, blessings, stars, honorees;
	guint found; /* values written as read from the folder */
	guint todo;  /* values marked TODO: guessed, or missing */
} pb_init_result;

/* Reads `folder` into a draft.  Problems with single files are warnings in `diags`; NULL with
 * `error` (G_FILE_ERROR) only when `folder` itself cannot be read. */
pb_draft *pb_init_read(const char *folder, pb_diags *diags, GError **error);

/* Reads `folder` and writes `folder`/manifest.yaml atomically.  FALSE with `error`:
 * PB_INIT_ERROR_EXISTS when a manifest is there (it is left as it was), G_FILE_ERROR when
 * the folder cannot be read or the manifest not written. */
gboolean pb_init_run(const char *folder, pb_diags *diags, pb_init_result *out, GError **error);
void pb_init_result_clear(pb_init_result *r);

#endif
