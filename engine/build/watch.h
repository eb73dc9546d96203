/* watch.h — `paiban watch`: build, then build again whenever a file the build read is saved.
 *
 * GIO file monitors watch the manifest, its layouts and every file the last build read (photos,
 * portraits, the roster); a burst of events (an editor's save is several) is one rebuild, after
 * a short quiet time.  Each rebuild is an ordinary incremental build, so a save rewrites only
 * the files it touched.  A manifest with errors is reported and watched still: the next save
 * may fix it.  SIGINT or SIGTERM ends the watch (after the build in progress).
 */
#ifndef PB_WATCH_H
#define PB_WATCH_H

#include "build.h"

/* Called after each build with its findings and result, and whether it failed (then `error`
 * says why: an environment failure; the watch goes on). */
typedef void (*pb_watch_fn)(const pb_diags *diags, const pb_build_result *r, const GError *error,
			    gpointer data);

/* Builds with `opt` (warnings as errors when `strict`), then rebuilds after every save until a
 * signal; `after` reports each build. Returns when a signal ends it (TRUE), or FALSE with `error`
 * when the watch cannot start. */
gboolean pb_watch_run(const pb_build_options *opt, gboolean strict, pb_watch_fn after,
		      gpointer data, GError **error);

/* The quiet time after the last event before a rebuild, in milliseconds. */
#define PB_WATCH_QUIET_MS 300

#endif
