/* stops.h — which findings stop which file.
 *
 * An error stops only the files that show what it points at: every frame item keeps the
 * position of the manifest value it shows, so the positions a document shows are known exactly.
 * A finding at the series' own position (the college's line), in the series' own file (the
 * roster) or in its layout (a font family not installed) touches all its files; one the composer
 * raised for something it could not place at all (an unreadable photo, a unit too tall for any
 * page) is on none of the documents, and touches every file of the series.  Under --draft an
 * unreadable image is a placeholder and stops nothing.
 */
#ifndef PB_STOPS_H
#define PB_STOPS_H

#include "compose/composer.h"

typedef struct pb_stops pb_stops;

/* The positions each file of a series shows (files: of pb_file*). */
pb_stops *pb_stops_new(const GPtrArray *files);
void pb_stops_free(pb_stops *s);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(pb_stops, pb_stops_free)

/* The findings of the check (`checked`) or of the series' own composition (`own`, may be NULL)
 * that stop file `i`, appended to `out` (borrowed pb_diag*); TRUE when there is one.  With `all`,
 * every finding that concerns the file, whatever its severity (for its record). */
gboolean pb_stops_file(pb_stops *s, guint i, const pb_diags *checked, const pb_diags *own,
		       const pb_series *series, gboolean draft, gboolean all, GPtrArray *out);

/* TRUE when file `i` shows the manifest value at `loc`. */
gboolean pb_stops_shows(pb_stops *s, guint i, pb_loc loc);

#endif
