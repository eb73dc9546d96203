/* select.h — which series and files `--only` picks: OUTPUT (all its files), OUTPUT/SERIES (one
 * series: a college's boards, the cover), OUTPUT/FILE (one file: boards/jianzhu-01).  A file's
 * name is its series' id or starts with it and "-" (composer.h), which is how a FILE selector
 * finds the series to compose before any file exists. */
#ifndef PB_SELECT_H
#define PB_SELECT_H

#include "load/model.h"

/* TRUE when the file `name` belongs to series `id`. */
gboolean pb_select_name_of_series(const char *name, const char *id);

/* How `only` (NULL: everything) selects series `series` of output `output`: all of its files
 * (TRUE, `files` left empty), some of them (TRUE, their names added to `files`), or none. */
gboolean pb_select_series(char **only, const char *output, const char *series, GPtrArray *files);

/* A selector the manifest does have, for messages: the first output's first series with a
 * college, else its first series.  Caller frees. */
char *pb_select_example(const pb_manifest *m);

/* The usage error for a selector that names nothing (G_OPTION_ERROR: exit 2).  FALSE. */
gboolean pb_select_error(const char *selector, const char *example, GError **error);

#endif
