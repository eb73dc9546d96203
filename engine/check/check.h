/* check.h — the rules applied to a loaded manifest and its material.
 *
 * Reads image headers (and, for ID photos, their border at reduced scale); never decodes a
 * whole photo and never writes anything.
 */
#ifndef PB_CHECK_H
#define PB_CHECK_H

#include "base/filesum.h"
#include "image/images.h"
#include "load/model.h"

/* An item that status: pending or rejected leaves out of every output. */
typedef struct pb_left_out {
	pb_loc loc;
	pb_status status;
	char *what; /* "photo 最后一课 (jianzhu)" */
} pb_left_out;

typedef struct pb_check_borders pb_check_borders;

typedef struct pb_check_result {
	guint colleges;
	guint photos;        /* approved photos and groups */
	guint testimonials;  /* approved */
	guint blessings;     /* approved */
	guint honorees;      /* approved */
	guint stars;         /* approved */
	guint images;        /* distinct image files read (probed, and their border where one
			      * was measured) */
	guint unreadable;    /* distinct image files that could not be read */
	GPtrArray *left_out; /* of pb_left_out*, in manifest order */
	pb_images *registry; /* every image probed, good or not, for the composers; owned */
	const pb_manifest *m;
	pb_check_borders *borders; /* the ID photos' borders (pb_check_begin); owned */
} pb_check_result;

/* Applies every rule of the manifest's rule table that needs no typesetting (all but
 * text.glyphs, text.fit and image.ppi).  Diagnostics go to `diags`. */
pb_check_result *pb_check_manifest(const pb_manifest *m, pb_diags *diags);

/* The same, but the ID photos' borders (honoree.photo's red background, and whether their
 * pixels read at all) are still being read on other threads when it returns, so that the
 * build composes and draws meanwhile; with `sums`, those threads also hash each ID photo
 * into them first (the roll's input hash asks for a thousand of them).  Their findings are made by
 * pb_check_settle, which waits for them; until then `images` and `unreadable` leave them out.  `m`
 * must outlive the settling: settle (or free the result) before freeing it. */
pb_check_result *pb_check_begin(const pb_manifest *m, pb_diags *diags, pb_filesums *sums);
/* Waits for the borders and makes their findings, once whoever asks first (thread-safe): in
 * manifest order, into a list of the result's own, returned (borrowed; unchanged after). */
const pb_diags *pb_check_settle(pb_check_result *r);
/* Settles, and moves the findings settling made into `into` (a second call moves nothing):
 * for whoever holds the result once the jobs that read those findings are done. */
void pb_check_take_late(pb_check_result *r, pb_diags *into);
/* TRUE once settled: the list pb_check_settle returns is then complete. */
gboolean pb_check_settled(pb_check_result *r);
/* The honorees (const pb_honoree *) whose borders' findings settling makes, each at its
 * photo's position: a file that shows none of those need not wait for them. */
const GPtrArray *pb_check_waiting(const pb_check_result *r);
void pb_check_result_free(pb_check_result *r);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(pb_check_result, pb_check_result_free)

#endif
