/* ornament.h — the drawn vocabulary of the house style: rules, diamonds, discs, frames and
 * the certificate's border, each a path or rect item with its role (rule or ornament).
 *
 * Pure geometry in millimetres, no text and no palette lookup: callers pass the paint, so one
 * diamond serves the boards' section headings, the cover's edition line and the certificates.
 */
#ifndef PB_ORNAMENT_H
#define PB_ORNAMENT_H

#include "frame.h"

/* A straight rule from (x0, y0) to (x1, y1). */
pb_item *pb_orn_rule(GPtrArray *parent, double x0, double y0, double x1, double y1,
		     const pb_paint *paint);

/* A diamond (a square on its point) centred on (cx, cy), `r` mm from the centre to a point. */
pb_item *pb_orn_diamond(GPtrArray *parent, double cx, double cy, double r, const pb_paint *paint);

/* A circle as four Bézier quarter arcs, centred on (cx, cy), radius r. */
pb_item *pb_orn_circle(GPtrArray *parent, double cx, double cy, double r, const pb_paint *paint);

/* Adds a diamond (corners r from the centre, clockwise) to an existing path: many ornaments
 * in one path are one drawing operation for a PDF writer. */
void pb_orn_diamond_path(pb_item *path, double cx, double cy, double r);

/* Adds a circle to an existing path (another sub-path: a ring is two circles, filled even-odd
 * is not needed because the inner one is stroked). */
void pb_orn_circle_path(pb_item *path, double cx, double cy, double r);

/* The same circle run the other way round: inside a filled path, a hole in what the path
 * fills around it (the non-zero rule). */
void pb_orn_circle_path_back(pb_item *path, double cx, double cy, double r);

/* A short rule from x0 to x1 at height y with a small diamond beyond its x1 end (the cover's
 * edition line): `unit` sets the rule's weight and the diamond's size. */
void pb_orn_rule_with_diamond(GPtrArray *parent, double x0, double x1, double y, double unit,
			      pb_rgb color);

/* A rectangle stroked inside the trim, `inset` mm from each edge of a w × h page. */
pb_item *pb_orn_frame(GPtrArray *parent, double w, double h, double inset, const pb_paint *paint);

/* The certificate's border around the box (x, y, w, h), its measures multiples of `unit`: a
 * gold rule; inside it a hairline whose corners step in around a square notch, the way a
 * 回-fret turns; in each notch a smaller square on its point, and a red diamond at its heart.
 * `line` is the rules' colour, `accent` the diamonds'.  Returns the outer rule (its position is
 * the caller's to set: the certificate shows what it frames). */
pb_item *pb_orn_certificate(GPtrArray *parent, double x, double y, double w, double h, double unit,
			    pb_rgb line, pb_rgb accent);

#endif
