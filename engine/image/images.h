/* images.h — the image registry: every image file of a run, probed once, shared by the stages.
 *
 * The check probes each file the manifest names (pb_images_probe); the composers then ask the
 * registry what a file is (pb_images_lookup) or why it could not be read (pb_images_failure),
 * and never look at the files themselves.  Keys are the paths to open (pb_path.fs).
 *
 * Probing happens on one thread (the check); afterwards the registry is read by every worker at
 * once, which is safe because nothing changes it any more.
 */
#ifndef PB_IMAGES_H
#define PB_IMAGES_H

#include "image.h"

typedef struct pb_images pb_images;

pb_images *pb_images_new(void);
void pb_images_free(pb_images *r);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(pb_images, pb_images_free)

/* Probes `fs` the first time it is asked for and remembers the answer: the info of a file
 * that reads (borrowed, lives as long as `r`), or NULL with *why (borrowed) saying what is
 * wrong with it. */
const pb_image_info *pb_images_probe(pb_images *r, const char *fs, const char **why);

/* What an earlier probe found: the info, or NULL when the file was not probed or failed. */
const pb_image_info *pb_images_lookup(const pb_images *r, const char *fs);

/* Why the probe of `fs` failed; NULL when it did not fail (or was never asked for). */
const char *pb_images_failure(const pb_images *r, const char *fs);

/* Records `info` for `fs` as if it had been probed: for tests that place made-up photos. */
void pb_images_insert(pb_images *r, const char *fs, const pb_image_info *info);

/* Distinct files probed, good or not. */
guint pb_images_count(const pb_images *r);

#endif
