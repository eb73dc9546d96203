/* compose-cover.c — the exhibition's opening board: school, theme, edition, motto, date.
 *
 * One page in the board layout's format.  The theme is the hero: set in the display face, in
 * the layout's red, broken after its comma into two balanced lines and fitted as large as the
 * band allows.  Everything else is quiet: the school in serif above, the edition in gold
 * between two rules, the motto in kai, the date small at the foot.  A double gold frame
 * inside the margin holds the page together.  Proportions are fractions of the trim height, so
 * the same design serves the 1200 × 2400 KT board and the 800 × 1800 X-banner.
 */
#include "compose.h"

#include <string.h>

static pb_loc
nowhere(void)
{
	return pb_loc_make("", 0, 0);
}

/* "青春不散场，奋进新征程" -> "青春不散场，\n奋进新征程": break after the first full-width comma
 * or space so the theme stands as two lines. */
static char *
theme_lines(const char *title)
{
	const char *comma = strstr(title, "，");
	if (comma && comma[strlen("，")])
		return g_strdup_printf("%.*s\n%s", (int)(comma - title + strlen("，")), title,
				       comma + strlen("，"));
	return g_strdup(title);
}

static void
frame_border(pb_compose *c, pb_page *page, double inset, double width)
{
	pb_paint p = {.stroke = TRUE,
		      .stroke_color = pb_compose_color(c, "gold", (pb_rgb){0.79, 0.63, 0.39}),
		      .stroke_width = width};
	pb_frame_add_rect(page->items, inset, inset, page->width - 2 * inset,
			  page->height - 2 * inset, &p, nowhere());
}

/* A short gold rule, centred on y, from x0 to x1, with a small diamond at its inner end. */
static void
rule_with_diamond(pb_compose *c, pb_page *page, double x0, double x1, double y, double unit)
{
	pb_rgb gold = pb_compose_color(c, "gold", (pb_rgb){0.79, 0.63, 0.39});
	pb_paint line = {.stroke = TRUE, .stroke_color = gold, .stroke_width = unit * 0.08};
	pb_item *p = pb_frame_add_path(page->items, 0, 0, &line, nowhere());
	pb_path_move(p, x0, y);
	pb_path_line(p, x1, y);
	double d = unit * 0.35, cx = x1 > x0 ? x1 + d : x1 - d;
	pb_paint fill = {.fill = TRUE, .fill_color = gold};
	pb_item *dia = pb_frame_add_path(page->items, 0, 0, &fill, nowhere());
	pb_path_move(dia, cx - d, y);
	pb_path_line(dia, cx, y - d);
	pb_path_line(dia, cx + d, y);
	pb_path_line(dia, cx, y + d);
	pb_path_close(dia);
}

pb_doc *
pb_compose_cover(pb_compose *c)
{
	const pb_event *e = &c->m->event;
	pb_doc *doc = pb_doc_new(e->title.s, e->school.s, e->date.s);
	pb_page *page = pb_compose_page(c, doc);
	const pb_layout *l = c->layout;
	const double W = l->width, H = l->height;
	const double left = l->margin[3], right = W - l->margin[1];
	const double measure = right - left;
	const double unit = H / 100; /* 24 mm on the KT board */

	frame_border(c, page, l->margin[3] * 0.45, unit * 0.12);
	frame_border(c, page, l->margin[3] * 0.45 + unit * 0.6, unit * 0.04);

	double y = l->margin[0] + unit * 4;
	/* The logo, when there is one, heads the page. */
	if (e->logo.written && !pb_compose_unreadable(c, &e->logo)) {
		const pb_image_info *info = g_hash_table_lookup(c->check->probes, e->logo.fs);
		if (info) {
			/* within a 9-unit square, and never wider than the measure: a wordmark is
			 * wide, a crest tall */
			double ow = info->oriented_width, oh = MAX(1u, info->oriented_height);
			double k = MIN(unit * 9 / oh, MIN(unit * 9, measure) * 2 / ow);
			double h = oh * k, w = ow * k;
			pb_frame_add_image(page->items, (W - w) / 2, y, w, h, e->logo.fs,
					   e->logo.shown, info, e->logo.loc);
			y += h + unit * 3;
		}
	}

	pb_text_style school = pb_compose_style(c, "heading", 0, "ink");
	school.align = PB_ALIGN_CENTER;
	school.tracking = 0.25;
	y += pb_compose_fit(c, page->items, e->school.s, school, left, y, measure, unit * 5, 40,
			    unit * 2.6 / 0.3528, FALSE, e->school.loc);

	/* The theme: two lines in the display face, as large as the band allows. */
	y += unit * 8;
	g_autofree char *theme = theme_lines(e->title.s);
	pb_text_style hero = pb_compose_style(c, "display", 0, "red");
	hero.align = PB_ALIGN_CENTER;
	hero.leading = 1.3;
	double band = unit * 30;
	pb_compose_fit(c, page->items, theme, hero, left + unit * 2, y, measure - unit * 4, band,
		       60, 2000, TRUE, e->title.loc);
	y += band + unit * 6;

	if (e->edition.s) {
		pb_text_style ed = pb_compose_style(c, "heading", 0, "gold");
		ed.align = PB_ALIGN_CENTER;
		ed.tracking = 0.2;
		double h = pb_compose_fit(c, page->items, e->edition.s, ed, left + measure * 0.25,
					  y, measure * 0.5, unit * 4, 30, unit * 2.2 / 0.3528,
					  FALSE, e->edition.loc);
		double mid = y + h / 2;
		rule_with_diamond(c, page, left + unit * 2, left + measure * 0.22, mid, unit);
		rule_with_diamond(c, page, right - unit * 2, right - measure * 0.22, mid, unit);
		y += h + unit * 8;
	}
	if (e->motto.s) {
		pb_text_style motto = pb_compose_style(c, "quote", 0, "ink");
		motto.align = PB_ALIGN_CENTER;
		motto.tracking = 0.3;
		pb_compose_fit(c, page->items, e->motto.s, motto, left, y, measure, unit * 6, 30,
			       unit * 3.2 / 0.3528, FALSE, e->motto.loc);
	}

	/* The date at the foot, in the reader's form: 2022年6月21日. */
	if (e->date.s) {
		guint yy = 0, mm = 0, dd = 0;
		sscanf(e->date.s, "%u-%u-%u", &yy, &mm, &dd);
		g_autofree char *date = g_strdup_printf("%u年%u月%u日", yy, mm, dd);
		pb_text_style ds = pb_compose_style(c, "caption", unit * 1.1 / 0.3528, "muted");
		ds.align = PB_ALIGN_CENTER;
		ds.tracking = 0.15;
		pb_compose_text(c, page->items, date, ds, left, H - l->margin[2] - unit * 4,
				measure, e->date.loc);
	}
	pb_compose_finish(c, doc);
	return doc;
}
