/* furniture.c — header band, page title, section headings, footer, date, logo; see
 * furniture.h. */
#include "furniture.h"
#include "ornament.h"

#include <stdio.h>

#define PT(mm) ((mm) / PB_MM_PER_PT)

/* The smallest sizes the band and the title may be fitted down to: the boards' 12 and 20 pt,
 * or less on a page whose unit is small (an A3 page's unit is a quarter of a board's). */
static double
least_small(double u)
{
	return MIN(12, PT(0.8 * u));
}

static double
least_large(double u)
{
	return MIN(20, PT(2 * u));
}

pb_furn
pb_furn_measures(const pb_layout *l, double u, double band)
{
	pb_furn f = {.W = l->width, .H = l->height, .u = u, .band = band};
	f.left = l->margin[3];
	f.right = l->width - l->margin[1];
	f.measure = f.right - f.left;
	return f;
}

char *
pb_furn_date(const char *iso)
{
	if (!iso)
		return NULL;
	guint yy = 0, mm = 0, dd = 0;
	sscanf(iso, "%u-%u-%u", &yy, &mm, &dd);
	return g_strdup_printf("%u年%u月%u日", yy, mm, dd);
}

gboolean
pb_furn_logo(pb_compose *c, GPtrArray *parent, double x, double y, double w, double h,
	     double valign, double out[4])
{
	const pb_event *e = &c->m->event;
	if (!e->logo.written || pb_compose_unreadable(c, &e->logo))
		return FALSE;
	const pb_image_info *info = pb_compose_probe(c, &e->logo);
	if (!info || !info->oriented_width || !info->oriented_height)
		return FALSE;
	/* the whole logo inside the box, whatever its shape: a wordmark is wide, a crest tall */
	double k = MIN(w / info->oriented_width, h / info->oriented_height);
	double lw = info->oriented_width * k, lh = info->oriented_height * k;
	double lx = x + (w - lw) / 2, ly = y + (h - lh) * valign;
	pb_frame_add_image(parent, lx, ly, lw, lh, e->logo.fs, e->logo.shown, info, e->logo.loc);
	if (out)
		out[0] = lx, out[1] = ly, out[2] = lw, out[3] = lh;
	return TRUE;
}

void
pb_furn_header(pb_compose *c, pb_page *page, const pb_furn *f)
{
	const pb_event *e = &c->m->event;
	const double u = f->u, band = f->band, bleed = c->layout->bleed;
	pb_paint red = pb_compose_fill(c, "red");
	pb_frame_add_rect(page->items, -bleed, -bleed, f->W + 2 * bleed, band + bleed, &red,
			  pb_loc_make("", 0, 0));
	pb_paint gold_line = pb_compose_stroke(c, "gold", 0.12 * u);
	pb_orn_rule(page->items, f->left, band - 2.2 * u, f->right, band - 2.2 * u, &gold_line);

	double x = f->left, disc = band * 0.52, cy = (band - 2.2 * u) / 2 + 0.6 * u;
	if (e->logo.written && !pb_compose_unreadable(c, &e->logo) &&
	    pb_compose_probe(c, &e->logo)) {
		pb_paint ground = pb_compose_fill(c, "ground");
		pb_orn_circle(page->items, x + disc / 2, cy, disc / 2, &ground);
		double box = disc * 0.78;
		pb_furn_logo(c, page->items, x + (disc - box) / 2, cy - box / 2, box, box, 0.5,
			     NULL);
		x += disc + 3 * u;
	}
	double right_w = 0.26 * f->measure;
	double text_w = f->right - right_w - 2 * u - x;
	pb_text_style school = pb_compose_style(c, "heading", 0, "ground");
	school.tracking = 0.2;
	double top = cy - disc / 2;
	double used = pb_compose_fit(c, page->items, e->school.s, school, x, top, text_w,
				     0.2 * disc, least_small(u), PT(2.0 * u), FALSE, e->school.loc);
	pb_text_style theme = pb_compose_style(c, "display", 0, "ground");
	theme.nowrap = TRUE; /* one line in the band, fitted, never broken */
	pb_compose_fit(c, page->items, e->title.s, theme, x, top + used + 0.6 * u, text_w,
		       disc - used - 0.6 * u, least_large(u), PT(6 * u), TRUE, e->title.loc);

	pb_text_style side = pb_compose_style(c, "heading", 0, "gold");
	side.align = PB_ALIGN_END;
	side.tracking = 0.15;
	double ry = top + 0.1 * disc;
	if (e->edition.s)
		ry += pb_compose_fit(c, page->items, e->edition.s, side, f->right - right_w, ry,
				     right_w, 0.3 * disc, least_small(u), PT(1.6 * u), FALSE,
				     e->edition.loc) +
		      0.8 * u;
	if (e->motto.s) {
		pb_text_style motto = pb_compose_style(c, "quote", 0, "gold");
		motto.align = PB_ALIGN_END;
		motto.tracking = 0.2;
		pb_compose_fit(c, page->items, e->motto.s, motto, f->right - right_w, ry, right_w,
			       0.3 * disc, least_small(u), PT(1.6 * u), FALSE, e->motto.loc);
	}
}

double
pb_furn_title(pb_compose *c, pb_page *page, const pb_furn *f, const char *title, pb_loc loc)
{
	const double u = f->u, y = f->band + 2.5 * u;
	pb_text_style st = pb_compose_style(c, "title", PT(4 * u), "red");
	st.tracking = 0.1;
	pb_compose_fit(c, page->items, title, st, f->left, y, f->measure * 0.7, 6 * u,
		       least_large(u), PT(4 * u), FALSE, loc);
	pb_paint line = pb_compose_stroke(c, "gold", 0.08 * u);
	pb_orn_rule(page->items, f->left, y + 6.6 * u, f->right, y + 6.6 * u, &line);
	return y + 6.6 * u;
}

double
pb_furn_section_height(const pb_furn *f)
{
	return 5.5 * f->u;
}

void
pb_furn_section(pb_compose *c, pb_page *page, const pb_furn *f, double y, const char *title)
{
	const double u = f->u, size = 2.4 * u;
	pb_paint red = pb_compose_fill(c, "red");
	double cx = f->left + 0.6 * u, cy = y + 1.2 * u + size / 2, r = 0.55 * u;
	pb_orn_diamond(page->items, cx, cy, r, &red);
	pb_text_style st = pb_compose_style(c, "heading", PT(size), "red");
	st.tracking = 0.15;
	st.leading = 1.0;
	g_autoptr(pb_text_block) b = pb_compose_measure(c, title, &st, f->measure);
	pb_text_place(b, page->items, f->left + 2 * u, y + 1.2 * u, pb_loc_make("", 0, 0));
	pb_paint line = pb_compose_stroke(c, "gold", 0.05 * u);
	double lx = f->left + 2 * u + b->widest + 1.5 * u;
	pb_orn_rule(page->items, lx, cy, f->right, cy, &line);
}

double
pb_furn_footer_top(const pb_furn *f, const pb_layout *layout)
{
	return f->H - layout->margin[2] - 2.6 * f->u;
}

void
pb_furn_footer(pb_compose *c, pb_page *page, const pb_furn *f, const char *right, pb_loc right_loc)
{
	const double u = f->u, y = pb_furn_footer_top(f, c->layout);
	pb_paint line = pb_compose_stroke(c, "gold", 0.06 * u);
	pb_orn_rule(page->items, f->left, y, f->right, y, &line);
	pb_text_style st = pb_compose_style(c, "caption", PT(0.9 * u), "muted");
	st.weight = 400;
	st.tracking = 0.1;
	const pb_event *e = &c->m->event;
	if (e->date.s) {
		g_autofree char *date = pb_furn_date(e->date.s);
		g_autofree char *left = g_strdup_printf("%s　%s　%s", e->school.s,
							e->edition.s ? e->edition.s : "", date);
		pb_compose_text(c, page->items, left, st, f->left, y + 0.8 * u, f->measure * 0.7,
				e->date.loc);
	}
	st.align = PB_ALIGN_END;
	pb_compose_text(c, page->items, right, st, f->right - f->measure * 0.4, y + 0.8 * u,
			f->measure * 0.4, right_loc);
}
