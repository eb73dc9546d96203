/* ornament.c — rules, diamonds, circles, frames and the certificate's border; see ornament.h. */
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

void
pb_orn_diamond_path(pb_item *p, double cx, double cy, double r)
{
	pb_path_move(p, cx - r, cy);
	pb_path_line(p, cx, cy - r);
	pb_path_line(p, cx + r, cy);
	pb_path_line(p, cx, cy + r);
	pb_path_close(p);
}

pb_item *
pb_orn_diamond(GPtrArray *parent, double cx, double cy, double r, const pb_paint *paint)
{
	pb_item *d = pb_frame_add_path(parent, 0, 0, paint, nowhere());
	pb_orn_diamond_path(d, cx, cy, r);
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

pb_item *
pb_orn_certificate(GPtrArray *parent, double x, double y, double w, double h, double unit,
		   pb_rgb line, pb_rgb accent)
{
	pb_paint rule = {.stroke = TRUE, .stroke_color = line, .stroke_width = 0.22 * unit};
	pb_item *outer = pb_frame_add_rect(parent, x, y, w, h, &rule, nowhere());

	/* The hairline, `in` inside the rule, stepping in around a k × k notch at each corner:
	 * one closed path, so its joins are mitred like the corners of a fret. */
	const double in = 0.9 * unit, k = 3.2 * unit;
	const double x0 = x + in, y0 = y + in, x1 = x + w - in, y1 = y + h - in;
	pb_paint hair = {.stroke = TRUE, .stroke_color = line, .stroke_width = 0.07 * unit};
	pb_item *p = pb_frame_add_path(parent, 0, 0, &hair, nowhere());
	pb_path_move(p, x0 + k, y0);
	pb_path_line(p, x1 - k, y0);
	pb_path_line(p, x1 - k, y0 + k);
	pb_path_line(p, x1, y0 + k);
	pb_path_line(p, x1, y1 - k);
	pb_path_line(p, x1 - k, y1 - k);
	pb_path_line(p, x1 - k, y1);
	pb_path_line(p, x0 + k, y1);
	pb_path_line(p, x0 + k, y1 - k);
	pb_path_line(p, x0, y1 - k);
	pb_path_line(p, x0, y0 + k);
	pb_path_line(p, x0 + k, y0 + k);
	pb_path_close(p);

	/* In each notch: a square on its point, hairline, and a red diamond inside it (the
	 * boards' section diamond, so the certificate speaks the boards' language). */
	pb_paint red = {.fill = TRUE, .fill_color = accent};
	const double cxs[2] = {x0 + k / 2, x1 - k / 2}, cys[2] = {y0 + k / 2, y1 - k / 2};
	for (int i = 0; i < 2; i++)
		for (int j = 0; j < 2; j++) {
			pb_orn_diamond(parent, cxs[i], cys[j], 0.36 * k, &hair);
			pb_orn_diamond(parent, cxs[i], cys[j], 0.17 * k, &red);
		}
	return outer;
}
