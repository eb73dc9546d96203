/* manifest.h — a manifest file -> pb_manifest (with its layouts loaded).
 *
 * Loading never stops at the first problem: every error in the file is recorded with its
 * position, and what could be read is kept, so that `check` reports everything in one run.
 */
#ifndef PB_MANIFEST_H
#define PB_MANIFEST_H

#include "model.h"

#define PB_MANIFEST_VERSION 1

/* Loads `path`.  Returns NULL only when the file cannot be read at all (GError set, exit 3)
 * or is not YAML (errors in diags); otherwise a model, possibly partial, whose problems are in
 * `diags`.  Free with pb_manifest_free. */
pb_manifest *pb_manifest_load(const char *path, pb_diags *diags, GError **error);
/* Same, from bytes in memory; `path` names them in diagnostics and gives the base folder. */
pb_manifest *pb_manifest_parse(const char *path, const char *data, gsize len, pb_diags *diags);
void pb_manifest_free(pb_manifest *m);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(pb_manifest, pb_manifest_free)

#endif
