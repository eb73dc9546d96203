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

void
pb_compose_background(pb_compose *c, GPtrArray *parent)
{
	const pb_layout *l = c->layout;
	const double b = l->bleed, w = l->width + 2 * b, h = l->height + 2 * b;
	if (l->has_background_color) {
		pb_paint p = {.fill = TRUE, .fill_color = l->background_color};
		pb_item *ground = pb_frame_add_rect(parent, -b, -b, w, h, &p, l->loc);
		ground->role = PB_AS_BACKGROUND;
	}
	if (l->background_image.written) {
		guint first = parent->len;
		double box[4];
		pb_compose_photo(c, parent, &l->background_image, -b, -b, w, h, PB_FIT_FILL, NULL,
				 box);
		/* the photo and the group that crops it: the ground, not a photo to keep clear */
		for (guint i = first; i < parent->len; i++) {
			pb_item *it = parent->pdata[i];
			it->role = PB_AS_BACKGROUND;
			for (guint k = 0; it->kind == PB_ITEM_GROUP && k < it->group.children->len;
			     k++)
				((pb_item *)it->group.children->pdata[k])->role = PB_AS_BACKGROUND;
		}
	}
}

pb_page *
pb_compose_blank_page(pb_compose *c, pb_doc *doc)
{
	const pb_layout *l = c->layout;
	pb_page *page =
	    pb_doc_add_page(doc, l->width, l->height, l->bleed, l->marks ? PB_SLUG_MM : 0);
	doc->max_ppi = l->max_ppi; /* render resamples photos placed above it */
	doc->flatten = l->flatten_transparency;
	doc->ground = pb_compose_ground(c);
	memcpy(page->safe, l->margin, sizeof page->safe);
	return page;
}

pb_page *
pb_compose_page(pb_compose *c, pb_doc *doc)
{
	pb_page *page = pb_compose_blank_page(c, doc);
	pb_compose_background(c, page->items);
	return page;
}

void
pb_compose_crop_marks(GPtrArray *parent, double x, double y, double w, double h, double offset,
		      double along_x, double along_y)
{
	const double lw = 0.25 * PB_MM_PER_PT; /* a quarter point: hairline, yet it prints */
	double xs[2] = {x, x + w}, ys[2] = {y, y + h};
	for (int i = 0; i < 2; i++)
		for (int j = 0; j < 2; j++) {
			double px = xs[i], py = ys[j];
			double sx = i ? 1 : -1, sy = j ? 1 : -1;
			pb_frame_add_mark(parent, px + sx * offset, py,
					  px + sx * (offset + along_x), py, lw);
			pb_frame_add_mark(parent, px, py + sy * offset, px,
					  py + sy * (offset + along_y), lw);
		}
}

pb_text_block *
pb_compose_slug_text(pb_compose *c, const char *text, double width, gboolean cached)
{
	pb_text_style st = pb_compose_style(c, "caption", 7, NULL);
	st.weight = 400;
	st.color = (pb_rgb){0, 0, 0};
	return pb_text_layout(c->fonts, cached ? c->texts : NULL, text, &st, width);
}

pb_text_block *
pb_compose_counter(pb_compose *c, pb_text_block **digits, const char *text, double width)
{
	/* a counter is spelt from the glyphs of its characters, laid out once: shaping "17/2000"
	 * afresh on each of 2,000 pages would cost more than everything else on the page */
	if (!*digits)
		*digits = pb_compose_slug_text(c, "0123456789/", width, TRUE);
	pb_text_block *b = pb_text_respell(*digits, text);
	return b ? b : pb_compose_slug_text(c, text, width, FALSE);
}

double
pb_compose_slug_place(GPtrArray *parent, const pb_text_block *b, double x, double y)
{
	guint first = parent->len;
	pb_text_place(b, parent, x, y, pb_loc_make("", 0, 0));
	for (guint k = first; k < parent->len; k++)
		((pb_item *)parent->pdata[k])->role = PB_AS_MARK;
	return b->widest;
}

double
pb_compose_slug_fixed(pb_compose *c, GPtrArray *parent, double width, const char *label,
		      const char *tail, double slot, double x, double y)
{
	g_autofree char *head = g_strconcat(label, "   ", NULL);
	g_autofree char *rest = g_strconcat("   ", tail, NULL);
	g_autoptr(pb_text_block) h = pb_compose_slug_text(c, head, width, TRUE);
	g_autoptr(pb_text_block) t = pb_compose_slug_text(c, rest, width, TRUE);
	double at = x + pb_compose_slug_place(parent, h, x, y);
	pb_compose_slug_place(parent, t, at + slot, y);
	return at;
}

char *
pb_compose_slug_line(const char *label, const char *counter, const char *tail)
{
	return g_strconcat(label, "   ", counter, "   ", tail, NULL);
}

/* What the pages of one size share in a document of many: the crop marks and the slug's label
 * and tail, composed once, and where the page's counter goes. */
typedef struct furniture {
	GPtrArray *items;
	double counter_x, y;   /* mm */
	pb_text_block *digits; /* what the counters are spelt from */
	guint pages;           /* the document's */
} furniture;

static void
furniture_free(gpointer p)
{
	furniture *f = p;
	g_ptr_array_unref(f->items);
	g_clear_pointer(&f->digits, pb_text_block_unref);
	g_free(f);
}

/* The furniture and the counter "index+1/pages" of a page filled when asked, placed after its
 * own items as on any other page (the spelling was tried when the page was finished). */
static void
fill_furniture(const pb_page *page, GPtrArray *items, gconstpointer data, guint index)
{
	const furniture *f = data;
	pb_frame_add_shared(items, f->items, 0, 0, 1, 0, 0, 1, page->width, page->height,
			    pb_loc_make("", 0, 0));
	char counter[32];
	g_snprintf(counter, sizeof counter, "%u/%u", index + 1, f->pages);
	pb_item *placed = NULL;
	if (pb_text_spell(f->digits, counter, items, f->counter_x, f->y, pb_loc_make("", 0, 0),
			  &placed) >= 0)
		placed->role = PB_AS_MARK;
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
		for (guint i = 0; i < doc->pages->len; i++) {
			g_autoptr(GPtrArray) items = pb_page_items(doc->pages->pdata[i]);
			pb_frame_walk(items, &id, note_placeholder, &pn);
		}
		char *title = g_strconcat("DRAFT — ", doc->title ? doc->title : "", NULL);
		g_free(doc->title);
		doc->title = title;
	}
	if (!c->layout->marks)
		return;
	const guint n = doc->pages->len;
	/* The counters first: in a document of many pages, the tail stands after the widest of
	 * them, so that it is the same on every page and can be shared.  Each is spelt from the
	 * glyphs of "0123456789/", measured here and placed below, and keeps no block of its
	 * own (pb_text_spell); shaped as any text where the digits cannot spell it. */
	double slot = 0;
	g_autoptr(pb_text_block) digits = NULL;
	for (guint i = 0; i < n; i++) {
		pb_page *page = doc->pages->pdata[i];
		g_autofree char *text = g_strdup_printf("%u/%u", i + 1, n);
		if (!digits)
			digits = pb_compose_slug_text(c, "0123456789/", page->width, TRUE);
		double w = pb_text_spell(digits, text, NULL, 0, 0, pb_loc_make("", 0, 0), NULL);
		const gboolean spelt = w >= 0;
		if (!spelt) {
			g_autoptr(pb_text_block) b =
			    pb_compose_slug_text(c, text, page->width, FALSE);
			w = b->widest;
		}
		/* a page filled when asked spells its counter then; one that cannot, or the
		 * only page (its line in one piece), takes its items now */
		if (!page->items && !page->own_marks && (!spelt || n == 1))
			pb_page_fix(page);
		slot = MAX(slot, w);
	}
	/* the furniture stays with the document: its filled pages place it when asked */
	g_autoptr(GHashTable) shared = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	/* the tail and the furniture of the page before, while the pages keep its size */
	g_autofree char *tail = NULL;
	furniture *f = NULL;
	const pb_page *before = NULL;
	for (guint i = 0; i < n; i++) {
		pb_page *page = doc->pages->pdata[i];
		if (page->own_marks)
			continue;
		g_autofree char *counter = g_strdup_printf("%u/%u", i + 1, n);
		gboolean same = before && before->width == page->width &&
				before->height == page->height && before->bleed == page->bleed &&
				before->slug == page->slug;
		before = page;
		if (!same) {
			g_free(tail);
			tail = g_strdup_printf("%s   %.0f × %.0f mm, bleed %.0f mm%s",
					       c->m->event.date.s ? c->m->event.date.s : "",
					       page->width, page->height, page->bleed,
					       c->draft ? "   DRAFT" : "");
			f = NULL;
		}
		/* a page filled when asked has its line in its items only (all a reader needs:
		 * the digest hashes those), not also a copy on each of 20,000 pages */
		if (page->items)
			page->slug_text = pb_compose_slug_line(label, counter, tail);
		/* bottom slug, clear of the bleed, left-aligned with the trim; marks start clear
		 * of the bleed and end 1 mm short of the slug's edge */
		const double y = page->height + page->bleed + 2.0;
		const double offset = page->bleed + 1.0, length = page->slug - 2.0;
		if (n == 1) {
			/* one page: nothing to share, the line in one piece */
			pb_compose_crop_marks(page->items, 0, 0, page->width, page->height, offset,
					      length, length);
			g_autoptr(pb_text_block) line =
			    pb_compose_slug_text(c, page->slug_text, page->width, FALSE);
			pb_compose_slug_place(page->items, line, 0, y);
			continue;
		}
		g_autofree char *key =
		    f ? NULL
		      : g_strdup_printf("%g %g %g %g %s", page->width, page->height, page->bleed,
					page->slug, tail);
		if (!f)
			f = g_hash_table_lookup(shared, key);
		if (!f) {
			f = g_new0(furniture, 1);
			f->items = pb_frame_items_new();
			pb_compose_crop_marks(f->items, 0, 0, page->width, page->height, offset,
					      length, length);
			f->counter_x = pb_compose_slug_fixed(c, f->items, page->width, label, tail,
							     slot, 0, y);
			f->y = y;
			f->digits = pb_text_block_ref(digits);
			f->pages = n;
			pb_doc_keep(doc, f, furniture_free);
			g_hash_table_insert(shared, g_steal_pointer(&key), f);
		}
		if (!page->items) {
			pb_page_fill_with(page, 1, fill_furniture, f, i);
			continue;
		}
		pb_frame_add_shared(page->items, f->items, 0, 0, 1, 0, 0, 1, page->width,
				    page->height, pb_loc_make("", 0, 0));
		pb_item *placed = NULL;
		if (pb_text_spell(digits, counter, page->items, f->counter_x, y,
				  pb_loc_make("", 0, 0), &placed) >= 0) {
			placed->role = PB_AS_MARK;
		} else {
			g_autoptr(pb_text_block) b =
			    pb_compose_slug_text(c, counter, page->width, FALSE);
			pb_compose_slug_place(page->items, b, f->counter_x, y);
		}
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
