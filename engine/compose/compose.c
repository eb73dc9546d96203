/* compose.c — shared by the composers: layout styles, pages, fitted text; see compose.h. */
#include "compose.h"
#include "check/rules.h"
#include "base/units.h"

pb_rgb
pb_compose_color(const pb_compose *c, const char *name, pb_rgb fallback)
{
	const pb_rgb *rgb = name ? g_hash_table_lookup(c->layout->palette, name) : NULL;
	return rgb ? *rgb : fallback;
}

/* Families used when a layout names no font for a role: the Debian CJK fonts. */
static const char *
default_family(const char *role)
{
	if (g_str_equal(role, "display"))
		return "Smiley Sans";
	if (g_str_equal(role, "quote"))
		return "LXGW WenKai";
	if (g_str_equal(role, "caption") || g_str_equal(role, "name"))
		return "Noto Sans CJK SC";
	return "Noto Serif CJK SC";
}

pb_text_style
pb_compose_style(const pb_compose *c, const char *role, double size, const char *color)
{
	pb_text_style st = {0};
	const char *family = g_hash_table_lookup(c->layout->fonts, role);
	st.family = family ? family : default_family(role);
	st.weight = pb_font_role_weight(role);
	st.size = size;
	st.leading = 1.5;
	st.color = pb_compose_color(c, color, (pb_rgb){0.17, 0.15, 0.13});
	return st;
}

/* Marks sit in a slug this wide beyond the bleed. */
#define PB_SLUG_MM 12.0

pb_page *
pb_compose_page(pb_compose *c, pb_doc *doc)
{
	const pb_layout *l = c->layout;
	pb_page *page =
	    pb_doc_add_page(doc, l->width, l->height, l->bleed, l->marks ? PB_SLUG_MM : 0);
	doc->max_ppi = l->max_ppi; /* render resamples photos placed above it */
	if (l->has_background_color) {
		pb_paint p = {.fill = TRUE, .fill_color = l->background_color};
		pb_frame_add_rect(page->items, -l->bleed, -l->bleed, l->width + 2 * l->bleed,
				  l->height + 2 * l->bleed, &p, l->loc);
	}
	return page;
}

static void
crop_marks(pb_page *page)
{
	const double gap = page->bleed + 1.0; /* marks start clear of the bleed */
	const double end = page->bleed + page->slug - 1.0;
	const double w = page->width, h = page->height, lw = 0.25 * PB_MM_PER_PT * 1.0;
	double xs[2] = {0, w}, ys[2] = {0, h};
	for (int i = 0; i < 2; i++)
		for (int j = 0; j < 2; j++) {
			double x = xs[i], y = ys[j];
			double sx = i ? 1 : -1, sy = j ? 1 : -1;
			pb_frame_add_mark(page->items, x + sx * gap, y, x + sx * end, y, lw);
			pb_frame_add_mark(page->items, x, y + sy * gap, x, y + sy * end, lw);
		}
}

void
pb_compose_finish(pb_compose *c, pb_doc *doc)
{
	/* A draft says so in its title too, where a layout without marks has no slug to say it. */
	if (c->draft) {
		char *title = g_strconcat("DRAFT — ", doc->title ? doc->title : "", NULL);
		g_free(doc->title);
		doc->title = title;
	}
	if (!c->layout->marks)
		return;
	for (guint i = 0; i < doc->pages->len; i++) {
		pb_page *page = doc->pages->pdata[i];
		crop_marks(page);
		page->slug_text =
		    g_strdup_printf("%s   %u/%u   %s   %.0f × %.0f mm, bleed %.0f mm"
				    "%s",
				    c->file_label, i + 1, doc->pages->len,
				    c->m->event.date.s ? c->m->event.date.s : "", page->width,
				    page->height, page->bleed, c->draft ? "   DRAFT" : "");
		pb_text_style st = pb_compose_style(c, "caption", 7, NULL);
		st.weight = 400;
		st.color = (pb_rgb){0, 0, 0};
		pb_text_block *b = pb_text_layout(c->fonts, page->slug_text, &st, page->width);
		/* Bottom slug, clear of the bleed, left-aligned with the trim. */
		pb_text_place(b, page->items, 0, page->height + page->bleed + 2.0,
			      pb_loc_make("", 0, 0));
		pb_text_block_free(b);
	}
}

static void
check_glyphs(pb_compose *c, const char *text, const pb_text_style *st, pb_loc loc)
{
	pb_text_check_glyphs(c->fonts, text, st, loc, c->m->rules[PB_RULE_TEXT_GLYPHS].severity,
			     c->diags);
}

double
pb_compose_fit(pb_compose *c, GPtrArray *parent, const char *text, pb_text_style style, double x,
	       double y, double w, double h, double min, double max, gboolean middle, pb_loc loc)
{
	check_glyphs(c, text, &style, loc);
	pb_text_block *b = NULL;
	double size = pb_text_fit(c->fonts, text, &style, w, h, min, max, 0.5, &b);
	if (size == 0)
		pb_diag_add(c->diags, loc, c->m->rules[PB_RULE_TEXT_FIT].severity, "text.fit",
			    "text does not fit its %.0f × %.0f mm box even at %.1f pt", w, h, min);
	double top = middle && b->height < h ? y + (h - b->height) / 2 : y;
	pb_text_place(b, parent, x, top, loc);
	double used = b->height;
	pb_text_block_free(b);
	return used;
}

double
pb_compose_text(pb_compose *c, GPtrArray *parent, const char *text, pb_text_style style, double x,
		double y, double w, pb_loc loc)
{
	check_glyphs(c, text, &style, loc);
	pb_text_block *b = pb_text_layout(c->fonts, text, &style, w);
	pb_text_place(b, parent, x, y, loc);
	double used = b->height;
	pb_text_block_free(b);
	return used;
}
