/* compose.c — shared by the composers: layout colours and styles, pages, marks, fitted text and
 * the font checks; see compose.h. */
#include "compose.h"
#include "base/strdist.h"
#include "check/rules.h"

#include <string.h>

/* The house colours, for palette names a layout leaves out: 中国红, a warm gold, ink, a muted
 * brown-grey for captions, a light warm paper and white card stock. */
static const struct {
	const char *name;
	pb_rgb rgb;
} house_colors[] = {
    {"red", {0.71, 0.07, 0.11}},   {"gold", {0.79, 0.63, 0.39}},   {"ink", {0.17, 0.15, 0.13}},
    {"muted", {0.48, 0.44, 0.40}}, {"ground", {0.98, 0.96, 0.94}}, {"paper", {1, 1, 1}},
};

pb_rgb
pb_compose_color(const pb_compose *c, const char *name)
{
	const pb_rgb *rgb = name ? g_hash_table_lookup(c->layout->palette, name) : NULL;
	if (rgb)
		return *rgb;
	for (gsize i = 0; name && i < G_N_ELEMENTS(house_colors); i++)
		if (!strcmp(house_colors[i].name, name))
			return house_colors[i].rgb;
	return house_colors[2].rgb; /* ink */
}

pb_rgb
pb_compose_ground(const pb_compose *c)
{
	if (c->layout->has_background_color)
		return c->layout->background_color;
	return pb_compose_color(c, "ground");
}

pb_paint
pb_compose_fill(const pb_compose *c, const char *name)
{
	pb_paint p = {.fill = TRUE, .fill_color = pb_compose_color(c, name)};
	return p;
}

pb_paint
pb_compose_stroke(const pb_compose *c, const char *name, double width)
{
	pb_paint p = {
	    .stroke = TRUE, .stroke_color = pb_compose_color(c, name), .stroke_width = width};
	return p;
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

const char *
pb_compose_family(const pb_layout *layout, const char *role)
{
	const char *family = g_hash_table_lookup(layout->fonts, role);
	return family ? family : default_family(role);
}

pb_text_style
pb_compose_style(const pb_compose *c, const char *role, double size, const char *color)
{
	pb_text_style st = {0};
	st.family = pb_compose_family(c->layout, role);
	st.role = role;
	st.weight = pb_font_role_weight(role);
	st.size = size;
	st.leading = 1.5;
	st.color = pb_compose_color(c, color);
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
	doc->flatten = l->flatten_transparency;
	doc->ground = pb_compose_ground(c);
	memcpy(page->safe, l->margin, sizeof page->safe);
	if (l->has_background_color) {
		pb_paint p = {.fill = TRUE, .fill_color = l->background_color};
		pb_item *ground =
		    pb_frame_add_rect(page->items, -l->bleed, -l->bleed, l->width + 2 * l->bleed,
				      l->height + 2 * l->bleed, &p, l->loc);
		ground->role = PB_AS_BACKGROUND;
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

/* --draft: a note for each placeholder, naming the file it is drawn on, so that the build's
 * report tells a proof with holes from a finished file (the image's own error stays). */
typedef struct placeholder_note {
	pb_compose *c;
	const char *label;
} placeholder_note;

static void
note_placeholder(const pb_item *item, const pb_matrix *to_page, gpointer data)
{
	const placeholder_note *pn = data;
	if (item->kind != PB_ITEM_GROUP || !item->group.placeholder)
		return;
	pb_diag_add(pn->c->diags, item->loc, PB_SEV_NOTE, "draft.placeholder",
		    "placeholder drawn for '%s' on %s", item->group.placeholder, pn->label);
}

void
pb_compose_finish(pb_compose *c, pb_doc *doc, const char *label)
{
	/* A draft says so in its title too, where a layout without marks has no slug to say it. */
	if (c->draft) {
		placeholder_note pn = {c, label};
		pb_matrix id = pb_matrix_identity();
		for (guint i = 0; i < doc->pages->len; i++)
			pb_frame_walk(((pb_page *)doc->pages->pdata[i])->items, &id,
				      note_placeholder, &pn);
		char *title = g_strconcat("DRAFT — ", doc->title ? doc->title : "", NULL);
		g_free(doc->title);
		doc->title = title;
	}
	if (!c->layout->marks)
		return;
	for (guint i = 0; i < doc->pages->len; i++) {
		pb_page *page = doc->pages->pdata[i];
		crop_marks(page);
		page->slug_text = g_strdup_printf(
		    "%s   %u/%u   %s   %.0f × %.0f mm, bleed %.0f mm"
		    "%s",
		    label, i + 1, doc->pages->len, c->m->event.date.s ? c->m->event.date.s : "",
		    page->width, page->height, page->bleed, c->draft ? "   DRAFT" : "");
		pb_text_style st = pb_compose_style(c, "caption", 7, NULL);
		st.weight = 400;
		st.color = (pb_rgb){0, 0, 0};
		g_autoptr(pb_text_block) b =
		    pb_text_layout(c->fonts, NULL, page->slug_text, &st, page->width);
		/* Bottom slug, clear of the bleed, left-aligned with the trim. */
		GPtrArray *before = page->items;
		guint first = before->len;
		pb_text_place(b, page->items, 0, page->height + page->bleed + 2.0,
			      pb_loc_make("", 0, 0));
		for (guint k = first; k < before->len; k++)
			((pb_item *)before->pdata[k])->role = PB_AS_MARK;
	}
}

pb_text_block *
pb_compose_measure(pb_compose *c, const char *text, const pb_text_style *style, double width)
{
	return pb_text_layout(c->fonts, c->texts, text, style, width);
}

void
pb_compose_check_glyphs(pb_compose *c, const char *text, const pb_text_style *st, pb_loc loc)
{
	if (c->on_set)
		c->on_set(st, text, loc, c->on_set_data);
	pb_font_face face;
	if (!pb_fonts_resolve(c->fonts, st->family, st->weight ? st->weight : 400, &face, NULL))
		return; /* said once, at the layout's line */
	pb_font_face_clear(&face);
	pb_text_check_glyphs(c->fonts, text, st, loc, c->m->rules[PB_RULE_TEXT_GLYPHS].severity,
			     c->diags);
}

pb_text_block *
pb_compose_fit_block(pb_compose *c, GPtrArray *parent, const char *text, pb_text_style style,
		     double x, double y, double w, double h, double min, double max,
		     gboolean middle, pb_loc loc)
{
	pb_compose_check_glyphs(c, text, &style, loc);
	pb_text_block *b = NULL;
	double size = pb_text_fit(c->fonts, c->texts, text, &style, w, h, min, max, 0.5, &b);
	if (size == 0)
		pb_diag_add(c->diags, loc, c->m->rules[PB_RULE_TEXT_FIT].severity, "text.fit",
			    "text does not fit its %.0f × %.0f mm box even at %.1f pt", w, h, min);
	double top = middle && b->height < h ? y + (h - b->height) / 2 : y;
	pb_text_place(b, parent, x, top, loc);
	return b;
}

double
pb_compose_fit(pb_compose *c, GPtrArray *parent, const char *text, pb_text_style style, double x,
	       double y, double w, double h, double min, double max, gboolean middle, pb_loc loc)
{
	g_autoptr(pb_text_block) b =
	    pb_compose_fit_block(c, parent, text, style, x, y, w, h, min, max, middle, loc);
	return b->height;
}

double
pb_compose_text(pb_compose *c, GPtrArray *parent, const char *text, pb_text_style style, double x,
		double y, double w, pb_loc loc)
{
	pb_compose_check_glyphs(c, text, &style, loc);
	g_autoptr(pb_text_block) b = pb_compose_measure(c, text, &style, w);
	pb_text_place(b, parent, x, y, loc);
	return b->height;
}

/* The installed family a misspelt one most likely meant: one the name starts with (a style
 * word added: "LXGW WenKai Pro", "Noto Serif CJK SC Bold"), the longest such; else the nearest
 * by edit distance, when it is near. */
static const char *
suggest_family(char **families, const char *family)
{
	const char *best = NULL;
	gsize best_len = 0;
	for (char **f = families; *f; f++) {
		gsize n = strlen(*f);
		if (n > best_len && !g_ascii_strncasecmp(*f, family, n) && family[n] == ' ')
			best = *f, best_len = n;
	}
	if (best)
		return best;
	guint best_d = MAX(3, (guint)strlen(family) / 3);
	for (char **f = families; *f; f++) {
		guint d = pb_edit_distance(*f, family, TRUE);
		if (d < best_d)
			best_d = d, best = *f;
	}
	return best;
}

gboolean
pb_compose_check_fonts(pb_fonts *fonts, const pb_layout *layout, pb_diags *diags)
{
	gboolean ok = TRUE;
	g_auto(GStrv) families = NULL;
	for (guint i = 0; pb_font_roles[i]; i++) {
		const char *role = pb_font_roles[i];
		const char *family = g_hash_table_lookup(layout->fonts, role);
		if (!family)
			continue;
		pb_font_face face;
		if (pb_fonts_resolve(fonts, family, pb_font_role_weight(role), &face, NULL)) {
			pb_font_face_clear(&face);
			continue;
		}
		if (!families)
			families = pb_fonts_families(fonts);
		const char *best = suggest_family(families, family);
		const pb_loc *where =
		    layout->font_locs ? g_hash_table_lookup(layout->font_locs, role) : NULL;
		pb_loc loc = where ? *where : layout->loc;
		if (best)
			pb_diag_error(diags, loc, "font.family",
				      "font family '%s' for role %s is not installed; did you mean "
				      "'%s'?",
				      family, role, best);
		else
			pb_diag_error(diags, loc, "font.family",
				      "font family '%s' for role %s is not installed (paiban fonts "
				      "lists what is)",
				      family, role);
		ok = FALSE;
	}
	return ok;
}
