/* layoutspec.h — layout files (layouts/NAME.yaml) -> pb_layout.
 *
 * A layout names its kind and its geometry and style; the composer for that kind does the
 * rest.  Layouts load through the same YAML and schema machinery as the manifest, so their
 * errors carry file:line:col too.
 */
#ifndef PB_LAYOUTSPEC_H
#define PB_LAYOUTSPEC_H

#include "model.h"

/* Loads the layout `name`: a path (contains '/' or ends in .yaml) relative to `base_dir`, else
 * `base_dir`/layouts/NAME.yaml, else the shipped layouts/NAME.yaml.  `ref` is where the name
 * was written, for "no such layout".  NULL after recording errors. */
pb_layout *pb_layout_load(const char *name, const char *base_dir, pb_loc ref, pb_diags *diags);
/* Loads one layout file. */
pb_layout *pb_layout_load_file(const char *path, pb_diags *diags);
void pb_layout_free(pb_layout *layout);

/* The folder of shipped data (layouts/, fonts/): $PAIBAN_DATADIR, else found beside the
 * program (bin/.. or build/X/../..).  Borrowed, never NULL. */
const char *pb_data_dir(void);

#endif
