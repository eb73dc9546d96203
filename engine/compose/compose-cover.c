/* compose-cover.c — the exhibition's opening board: school, theme, edition, motto, date.
 *
 * One page in the board layout's format.  The theme is the hero: set in the display face, in
 * the layout's red, broken after its comma into two balanced lines and fitted as large as the
 * band allows.  Everything else is quiet: the school in serif above, the edition in gold
 * between two rules, the motto in kai, the date small at the foot.  A double gold frame
 * inside the margin holds the page together.  Proportions are fractions of the trim height, so
 * the same design serves the 1200 × 2400 KT board and the 800 × 1800 X-banner.
 */
#include "composer.h"
#include "furniture.h"
#include "ornament.h"

#include <string.h>

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

void
pb_cover_series(const pb_manifest *m, const pb_output *o, GArray *out)
{
	pb_series s = {.id = "cover", .whole = pb_loc_make("", 0, 0)};
	g_array_append_val(out, s);
}

void
pb_cover_inputs(const pb_manifest *m, const pb_series *s, pb_inputs *in)
{
	pb_inputs_event(in, m);
}

void
pb_compose_cover(pb_compose *c, const pb_series *series, GPtrArray *files)
{
	const pb_event *e = &c->m->event;
	pb_doc *doc = pb_doc_new(e->title.s, e->school.s, e->date.s);
	pb_page *page = pb_compose_page(c, doc);
	const pb_layout *l = c->layout;
	const double W = l->width, H = l->height;
	const double left = l->margin[3], right = W - l->margin[1];
	const double measure = right - left;
	const double unit = H / 100; /* 24 mm on the KT board */

	pb_paint outer = pb_compose_stroke(c, "gold", unit * 0.12);
	pb_orn_frame(page->items, W, H, l->margin[3] * 0.45, &outer);
	pb_paint inner = pb_compose_stroke(c, "gold", unit * 0.04);
	pb_orn_frame(page->items, W, H, l->margin[3] * 0.45 + unit * 0.6, &inner);

	double y = l->margin[0] + unit * 4;
	/* The logo, when there is one, heads the page: within a 9-unit tall box, never wider than
	 * twice the measure's share of it (a wordmark is wide, a crest tall). */
	double box_w = MIN(unit * 9, measure) * 2, logo[4];
	if (pb_furn_logo(c, page->items, (W - box_w) / 2, y, box_w, unit * 9, 0, logo))
		y += logo[3] + unit * 3;

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
	hero.nowrap = TRUE; /* the two lines theme_lines made, never three */
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
		pb_rgb gold = pb_compose_color(c, "gold");
		pb_orn_rule_with_diamond(page->items, left + unit * 2, left + measure * 0.22, mid,
					 unit, gold);
		pb_orn_rule_with_diamond(page->items, right - unit * 2, right - measure * 0.22, mid,
					 unit, gold);
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
		g_autofree char *date = pb_furn_date(e->date.s);
		pb_text_style ds = pb_compose_style(c, "caption", unit * 1.1 / 0.3528, "muted");
		ds.align = PB_ALIGN_CENTER;
		ds.tracking = 0.15;
		pb_compose_text(c, page->items, date, ds, left, H - l->margin[2] - unit * 4,
				measure, e->date.loc);
	}
	g_ptr_array_add(files, pb_file_new("cover", doc, c->output->quantity));
}
