/* pdfspot.h — spot-ink items (frame.h: the die-cut in CutContour) as PDF content, for the pass.
 *
 * Cairo skips them (it knows no Separation colour, overprint or optional content); the pass
 * draws them in the page's coordinates, their paths passed through every group's transform,
 * as a Form XObject with its own resources: the Separation (a DeviceCMYK alternate), an
 * ExtGState with overprint, and the optional-content layer named after the ink. */
#ifndef PB_PDFSPOT_H
#define PB_PDFSPOT_H

#include "pdfupdate.h"
#include "compose/frame.h"

/* The spot items of one page as content stream operators. */
typedef struct pb_spot_walk {
	GString *ops;     /* content stream operators, page space in points */
	double outer, mh; /* mm from media edge to trim; media height, pt */
	const pb_spot *spot;
	guint count;
} pb_spot_walk;

/* The objects every page with a spot item refers to, made once per document, and the content
 * streams of the spot items, one per distinct content: the cut of 2,000 cards that all have the
 * same window is one stream that every page names. */
typedef struct pb_spot_objects {
	int ocg, space, gstate, open; /* 0 until made */
	GHashTable *forms;            /* content text -> the Form XObject that draws it */
	GHashTable *calls;            /* form number -> the content stream that places it */
	GHashTable *memo;             /* shared children under a transform -> their ops */
	GHashTable *boxes;            /* box text -> its parsed array, for every page */
} pb_spot_objects;

void pb_spot_objects_init(pb_spot_objects *so);
void pb_spot_objects_clear(pb_spot_objects *so);

/* The spot items under `items` (placed by `m`) into sw->ops; shared children placed by the
 * same transform are formatted once (`memo`). */
void pb_spot_items(pb_spot_walk *sw, const GPtrArray *items, const pb_matrix *m, GHashTable *memo);

/* The page's spot items (`sw`, in a media box of mw × mh pt) as a Form XObject, one per
 * distinct content: 2,000 cards with the same window share one.  Its object number; the
 * colour space, overprint state and layer are made with the first. */
int pb_spot_form(pb_pdf_update *u, pb_spot_objects *so, pb_spot_walk *sw, double mw, double mh);

#endif
