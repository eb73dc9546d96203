/* hash.h — the build's two hashes: what a series is made from, and what a document shows.
 *
 * A series' input hash (compose/inputs.h) decides whether it is composed at all: its composer's
 * parts, plus what every series depends on (pb_hash_common: the layout's bytes, the font files
 * its roles resolve to, the paiban version, the options and rules that change what is made).
 * A document's frame hash decides whether a composed file is rendered: the same frames, fonts
 * and image bytes give the same file, so an edit that leaves a board as it was leaves its PDF
 * untouched.  The frame hash is also the PDF's /ID.
 */
#ifndef PB_HASH_H
#define PB_HASH_H

#include "base/filesum.h"
#include "compose/frame.h"
#include "compose/inputs.h"
#include "text/fonts.h"

/* Adds the parts every series of `o` depends on to `in`. */
void pb_hash_common(pb_inputs *in, const pb_manifest *m, const pb_output *o, pb_fonts *fonts,
		    gboolean draft);

/* What the frame hashes of one series' documents share: each shared children array (a card on
 * its page and on its press sheet) is hashed once, and its placements feed that digest.  Keyed
 * by the arrays: good while the documents are, and for the same image sums. */
typedef struct pb_frame_digests pb_frame_digests;
pb_frame_digests *pb_frame_digests_new(void);
void pb_frame_digests_free(pb_frame_digests *d);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(pb_frame_digests, pb_frame_digests_free)

/* The hash of what `doc` shows, as `salt` (the format, the resolution, the fonts part) renders
 * it: 64 hex digits, caller frees.  Images count by the sums of their bytes.  `digests` may be
 * NULL (the document's own). */
char *pb_hash_frames(const pb_doc *doc, const char *salt, pb_filesums *sums,
		     pb_frame_digests *digests);

#endif
