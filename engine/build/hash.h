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

/* The hash of what `doc` shows, as `salt` (the format, the resolution, the fonts part) renders
 * it: 64 hex digits, caller frees.  Images count by the sums of their bytes. */
char *pb_hash_frames(const pb_doc *doc, const char *salt, pb_filesums *sums);

#endif
