/* photowall.h — justified rows for a wall of photos: every photo whole, one height per row,
 * one gutter everywhere, the row breaks chosen over the whole wall at once.
 *
 * Pure geometry: aspect ratios in, rows out.  No Pango, no frames.
 */
#ifndef PB_PHOTOWALL_H
#define PB_PHOTOWALL_H

#include <glib.h>

/* One piece of the wall: a photo, or a group (组) that stays together.  A group of n photos
 * is one piece whose members sit side by side with the gutter between them. */
typedef struct pb_wall_piece {
	double aspect; /* sum of the members' width/height ratios */
	guint members; /* photos in the piece (gutters inside it: members - 1) */
} pb_wall_piece;

typedef struct pb_wall_row {
	guint first, count; /* pieces[first .. first + count) */
	double height;      /* mm, the photos' height */
	double width;       /* mm, as set; < measure only for a short last row */
} pb_wall_row;

/* Breaks `n` pieces into rows of `measure` mm with `gutter` mm between photos, rows of height
 * within [min, max] and as near `target` as the whole wall allows: dynamic programming over
 * every break (as Knuth–Plass does for lines), minimising the squared relative distance of
 * each row from the target.  The last row may stay short (set at the target height) rather
 * than be stretched.  Returns the rows (GArray of pb_wall_row); never fails: a piece too
 * wide even at `min` gets a row of its own at the height that fits. */
GArray *pb_photowall_rows(const pb_wall_piece *pieces, guint n, double measure, double gutter,
			  double min, double target, double max);

#endif
