/* photowall.h — justified rows of photos: every photo whole, one height per row, one gutter
 * everywhere.  Two questions: the rows of a wall that runs on as long as it needs (the boards:
 * rows near a target height, the breaks chosen over the whole wall at once), and the rows that
 * fill a region of fixed size as fully as they can (the honor page's few photos).
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

/* The rows that fill a `width` × `height` region as fully as `n` pieces, in order, can: every
 * row spans the same width, each at the height that makes it so, one gutter between photos
 * and between rows.  Every way of breaking the pieces into rows is weighed (for more than 12
 * pieces, for each number of rows only the breaks that keep the rows alike) by the area its
 * photos cover once the rows are as wide as the region allows or as the height allows, and the
 * largest wins (less a tenth when a row stands taller than the row above it: the first photos
 * lead): a tall region gets more rows, a wide one fewer, one landscape photo may take a row of
 * its own above the others.  The rows' width is at most `width` (less when the height
 * binds; the caller centres them); their total height, gutters included, is at most `height`
 * and goes to *used (may be NULL).  No pieces, no rows. */
GArray *pb_photowall_fill(const pb_wall_piece *pieces, guint n, double width, double height,
			  double gutter, double *used);

#endif
