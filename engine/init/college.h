/* college.h — one college's folder read into the draft: what init.c calls per college, and
 * what college.c and photos.c share.
 *
 * A college's pictures are sorted once (sort_images in college.c) into what they are used
 * for; each user of them (photos, blessings' portraits, the star, the honorees) takes its
 * own, and whatever is left is listed in the manifest as a comment, so no file silently
 * vanishes.
 */
#ifndef PB_COLLEGE_H
#define PB_COLLEGE_H

#include "draft.h"
#include "fields.h"
#include "walk.h"

/* What a picture of a college folder is used as. */
typedef enum pb_use {
	PB_USE_PHOTO,    /* a graduation photo (最美毕业照) */
	PB_USE_PORTRAIT, /* a blessing's portrait */
	PB_USE_STAR,     /* a photo of the outstanding graduate's story */
	PB_USE_HONOREE,  /* an ID photo */
	PB_USE_NONE,     /* not used: listed as a comment */
} pb_use;

typedef struct pb_picture {
	const pb_walk_file *file;
	pb_use use;
	gboolean taken;   /* given to an item */
	const char *why;  /* what decided its use, for the comments; static */
	char *unreadable; /* when the probe failed: why */
} pb_picture;

/* The Word file `f` read, or NULL: silently when it is no Word file, after a warning at its
 * name when it is a Word 97-2003 file (init.doc) or a .docx that cannot be read (init.docx). */
pb_docx *pb_init_open_word(const pb_walk_file *f, pb_diags *diags);

typedef struct pb_college_read {
	pb_draft_college *c;
	pb_diags *diags;
	GPtrArray *files;    /* of pb_walk_file*, the folder's files */
	GPtrArray *pictures; /* of pb_picture*, its images in the folder's order */
	GPtrArray *records[PB_DOC_HONOREES + 1]; /* per kind: of pb_entry*, all its files' */
	char *doc[PB_DOC_HONOREES + 1];          /* per kind: the first file's name, for notes */
	char *star_dir;                          /* the folder (rel) of the star's file */
} pb_college_read;

/* Reads the college folder `name` of the submission folder into a new college of `d`.
 * `index` counts the colleges from 0; `ids` holds the ids given so far. */
void pb_college_read_folder(pb_draft *d, const char *folder, const char *shown, const char *name,
			    guint index, GHashTable *ids, pb_diags *diags);

/* photos.c: the photo descriptions matched to the photos (by file name, number, then order). */
void pb_college_photos(pb_college_read *r);

#endif
