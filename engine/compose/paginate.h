/* paginate.h — a sequence of measured units onto the fewest pages, in reading order, with no
 * near-empty last page.
 *
 * The units are the caller's (a photo row, a row of cards, a card); the caller says how tall a
 * run of them is on one page (headings included), and paginate decides where the pages break.
 * Pure arithmetic: a function of the units alone, so one college's edit never moves another's.
 */
#ifndef PB_PAGINATE_H
#define PB_PAGINATE_H

#include <glib.h>

/* The height, mm, that units [from, to) take on one page. */
typedef double (*pb_run_height_fn)(gpointer units, guint from, guint to, gpointer data);
/* The height of unit i alone, for deciding which side of a break a unit goes to. */
typedef double (*pb_unit_height_fn)(gpointer units, guint i, gpointer data);

typedef struct pb_paginate {
	gpointer units;
	guint n;         /* units */
	double capacity; /* mm a page holds */
	pb_run_height_fn run;
	pb_unit_height_fn unit;
	gpointer data;
} pb_paginate;

/* The pages as a GArray of guint: the index of each page's first unit (the last page runs to
 * n).  Pages are filled in reading order, each as full as it can be; when that would leave a
 * last page less than half full, the units are instead spread evenly over the same number of
 * pages (breaks where the running height crosses k·total/pages), so no page is a leftover;
 * when that cannot be done without a page overflowing, units move from the end of the page
 * before onto the last one while it is under half full.  A unit taller than a page still gets
 * a page of its own.  No units, no pages. */
GArray *pb_paginate_run(const pb_paginate *p);

#endif
