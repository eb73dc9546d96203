/* ornament.c — rules, diamonds, circles, frames and corners; see ornament.h. */
#include "ornament.h"

static pb_loc
nowhere(void)
{
	return pb_loc_make("", 0, 0);
}

pb_item *
pb_orn_rule(GPtrArray *parent, double x0, double y0, double x1, double y1, const pb_paint *paint)
{
	pb_item *p = pb_frame_add_path(parent, 0, 0, paint, nowhere());
	p->role = PB_AS_RULE;
	pb_path_move(p, x0, y0);
	pb_path_line(p, x1, y1);
	return p;
}

pb_item *
pb_orn_diamond(GPtrArray *parent, double cx, double cy, double r, const pb_paint *paint)
{
	pb_item *d = pb_frame_add_path(parent, 0, 0, paint, nowhere());
	pb_path_move(d, cx - r, cy);
	pb_path_line(d, cx, cy - r);
	pb_path_line(d, cx + r, cy);
	pb_path_line(d, cx, cy + r);
	pb_path_close(d);
	return d;
}

void
pb_orn_circle_path(pb_item *p, double cx, double cy, double r)
{
	const double k = 0.5523 * r; /* the Bézier quarter circle's control distance */
	pb_path_move(p, cx + r, cy);
	pb_path_curve(p, cx + r, cy + k, cx + k, cy + r, cx, cy + r);
	pb_path_curve(p, cx - k, cy + r, cx - r, cy + k, cx - r, cy);
	pb_path_curve(p, cx - r, cy - k, cx - k, cy - r, cx, cy - r);
	pb_path_curve(p, cx + k, cy - r, cx + r, cy - k, cx + r, cy);
	pb_path_close(p);
}

pb_item *
pb_orn_ring(GPtrArray *parent, double cx, double cy, double r_in, double r_out,
	    const pb_paint *paint)
{
	pb_item *p = pb_frame_add_path(parent, 0, 0, paint, nowhere());
	pb_orn_circle_path(p, cx, cy, r_out);
	pb_orn_circle_path_back(p, cx, cy, r_in);
	return p;
}

void
pb_orn_circle_path_back(pb_item *p, double cx, double cy, double r)
{
	const double k = 0.5523 * r;
	pb_path_move(p, cx + r, cy);
	pb_path_curve(p, cx + r, cy - k, cx + k, cy - r, cx, cy - r);
	pb_path_curve(p, cx - k, cy - r, cx - r, cy - k, cx - r, cy);
	pb_path_curve(p, cx - r, cy + k, cx - k, cy + r, cx, cy + r);
	pb_path_curve(p, cx + k, cy + r, cx + r, cy + k, cx + r, cy);
	pb_path_close(p);
}

pb_item *
pb_orn_circle(GPtrArray *parent, double cx, double cy, double r, const pb_paint *paint)
{
	pb_item *p = pb_frame_add_path(parent, 0, 0, paint, nowhere());
	pb_orn_circle_path(p, cx, cy, r);
	return p;
}

void
pb_orn_rule_with_diamond(GPtrArray *parent, double x0, double x1, double y, double unit,
			 pb_rgb color)
{
	pb_paint line = {.stroke = TRUE, .stroke_color = color, .stroke_width = unit * 0.08};
	pb_orn_rule(parent, x0, y, x1, y, &line);
	double d = unit * 0.35, cx = x1 > x0 ? x1 + d : x1 - d;
	pb_paint fill = {.fill = TRUE, .fill_color = color};
	pb_orn_diamond(parent, cx, y, d, &fill);
}

pb_item *
pb_orn_frame(GPtrArray *parent, double w, double h, double inset, const pb_paint *paint)
{
	return pb_frame_add_rect(parent, inset, inset, w - 2 * inset, h - 2 * inset, paint,
				 nowhere());
}

void
pb_orn_corners(GPtrArray *parent, double x, double y, double w, double h, double arm, double weight,
	       pb_rgb color)
{
	pb_paint line = {.stroke = TRUE, .stroke_color = color, .stroke_width = weight};
	pb_paint fill = {.fill = TRUE, .fill_color = color};
	const double xs[2] = {x, x + w}, ys[2] = {y, y + h};
	for (int i = 0; i < 2; i++)
		for (int j = 0; j < 2; j++) {
			double cx = xs[i], cy = ys[j];
			double sx = i ? -1 : 1, sy = j ? -1 : 1; /* towards the inside */
			pb_item *l = pb_frame_add_path(parent, 0, 0, &line, nowhere());
			pb_path_move(l, cx + sx * arm, cy);
			pb_path_line(l, cx, cy);
			pb_path_line(l, cx, cy + sy * arm);
			/* a second, shorter L inside the first, and the diamond at the corner */
			pb_item *l2 = pb_frame_add_path(parent, 0, 0, &line, nowhere());
			double in = 2.2 * weight + arm * 0.12;
			pb_path_move(l2, cx + sx * arm * 0.6, cy + sy * in);
			pb_path_line(l2, cx + sx * in, cy + sy * in);
			pb_path_line(l2, cx + sx * in, cy + sy * arm * 0.6);
			pb_orn_diamond(parent, cx + sx * in * 2.2, cy + sy * in * 2.2, in * 0.9,
				       &fill);
		}
}
