/* compose-honor.c — the honor page (荣誉页): one certificate-style page per college, for its
 * outstanding graduate (优秀毕业生).
 *
 * The page is composed as a certificate: the gold border with its notched corners
 * (ornament.c), the school's logo at the head as a seal, the school, the title 优秀毕业生 and the
 * edition between gold rules; the graduate's name large (the name role, two characters spaced
 * to three) over the college and class; the story under a section heading, justified with a
 * two-character indent at the largest size within the layout's `text_size` that fits its box;
 * and the 3–5 photos, whole, in the justified rows that best fill the region left to them
 * (photowall.c), cropped around their centre only when the layout forces one frame ratio
 * (`photo_ratio`).  The footer is the boards' (school, edition, date; the college at the right).
 * Measures are multiples of the page's unit u, a hundredth of its shorter side, and the
 * furniture is the boards' own (furniture.c), so the honor pages and the boards are one family.
 *
 * A portrait page stacks everything in one column, the photos under the story, taking what the
 * story leaves.  A landscape page keeps the head across the page and sets the name and the
 * story in a column beside a column of photos, so neither orientation is the other stretched.
 *
 * The story is never cut: when even the minimum size overflows its box, text.fit says so (an
 * error: the page is not written) and the text is still placed in full for the proof.
 *
 * Not here: whether a college has a page (pb_honor_series: an approved star, or no series and
 * no message), or which findings stop it (the build: anything on the college's line, on the
 * star, or a photo that cannot be read, which pb_compose_unreadable records for this page).
 */
#include "composer.h"
#include "furniture.h"
#include "ornament.h"
#include "photowall.h"

#include <string.h>

#define PT(mm) ((mm) / PB_MM_PER_PT)

/* The page's measures, mm unless said otherwise. */
typedef struct honor {
	pb_compose *c;
	const pb_college *col;
	const pb_star *star;
	pb_page *page;
	pb_furn f;                 /* the content column inside the margins, the unit u */
	double u;                  /* a hundredth of the shorter side */
	gboolean wide;             /* landscape: the photos in a column of their own */
	double bottom;             /* content ends here, above the footer */
	double gutter;             /* between photos */
	double text_min, text_max; /* pt: the story's size bounds */
} honor;

static void
honor_init(honor *h, pb_compose *c, const pb_college *col)
{
	const pb_layout *l = c->layout;
	h->c = c;
	h->col = col;
	h->star = col->star;
	h->u = MIN(l->width, l->height) / 100;
	h->f = pb_furn_measures(l, h->u, 0);
	h->wide = l->width > l->height;
	h->bottom = pb_furn_footer_top(&h->f, l) - 2.5 * h->u;
	h->gutter = l->gutter > 0 ? l->gutter : 1.2 * h->u;
	h->text_min = l->text_min > 0 ? l->text_min : PT(1.2 * h->u);
	h->text_max = l->text_max > 0 ? l->text_max : PT(1.65 * h->u);
}

/* The same furniture measures over a column of the page, for section headings in it. */
static pb_furn
column(const honor *h, double x, double w)
{
	pb_furn f = h->f;
	f.left = x;
	f.right = x + w;
	f.measure = w;
	return f;
}

/* ---- the head: seal, school, title, edition ---------------------------------------------- */

/* A style of the layout's `role` at `size` pt (0: to be fitted), letter-spaced by `tracking` em,
 * lines `leading` apart: the head's lines are display lines, spaced out and set close. */
static pb_text_style
spaced(honor *h, const char *role, double size, const char *color, double tracking, double leading)
{
	pb_text_style st = pb_compose_style(h->c, role, size, color);
	st.tracking = tracking;
	st.leading = leading;
	return st;
}

/* One centred line fitted into (x, y, w, box): the height it takes. */
static double
centred(honor *h, const pb_text *t, const char *text, pb_text_style st, double x, double y,
	double w, double box, double max)
{
	if (!text && !t->s)
		return 0;
	st.align = PB_ALIGN_CENTER;
	return pb_compose_fit(h->c, h->page->items, text ? text : t->s, st, x, y, w, box, 8, max,
			      FALSE, t->loc);
}

/* The edition between two gold rules, each ending in a diamond (the cover's edition line);
 * without an edition, a diamond alone marks the pause. */
static double
edition_line(honor *h, double y)
{
	const pb_event *e = &h->c->m->event;
	const double u = h->u, W = h->f.W, span = MIN(h->f.measure, 60 * u);
	pb_rgb gold = pb_compose_color(h->c, "gold");
	if (!e->edition.s) {
		pb_paint fill = pb_compose_fill(h->c, "gold");
		pb_orn_diamond(h->page->items, W / 2, y + u, 0.45 * u, &fill);
		return 2 * u;
	}
	pb_text_style st = spaced(h, "heading", 0, "gold", 0.25, 1.2);
	double text_w = 0.42 * span;
	double used =
	    centred(h, &e->edition, NULL, st, (W - text_w) / 2, y, text_w, 2.4 * u, PT(1.45 * u));
	double mid = y + used / 2, reach = span / 2;
	pb_orn_rule_with_diamond(h->page->items, W / 2 - reach, W / 2 - text_w / 2 - 1.2 * u, mid,
				 u, gold);
	pb_orn_rule_with_diamond(h->page->items, W / 2 + reach, W / 2 + text_w / 2 + 1.2 * u, mid,
				 u, gold);
	return used;
}

static const pb_text title_text = {"优秀毕业生", {0}};

static pb_text_style
title_style(honor *h, double size)
{
	return spaced(h, "title", size, "red", 0.45, 1.15);
}

static pb_text_style
school_style(honor *h, double size)
{
	return spaced(h, "heading", size, "ink", 0.35, 1.2);
}

/* The head of a portrait certificate, stacked and centred: the seal, the school, the title,
 * the edition between rules.  Returns where it ends. */
static double
head_tall(honor *h)
{
	pb_compose *c = h->c;
	const pb_event *e = &c->m->event;
	const double u = h->u, W = h->f.W, x = h->f.left, w = h->f.measure;
	const double seal = 8.5 * u, big = 6.4 * u;
	double y = c->layout->margin[0], out[4];
	if (pb_furn_logo(c, h->page->items, (W - seal) / 2, y, seal, seal, 0.5, out))
		y = out[1] + out[3] + 2.2 * u;
	y += centred(h, &e->school, NULL, school_style(h, 0), x, y, w, 2.4 * u, PT(1.45 * u)) +
	     1.6 * u;
	y +=
	    centred(h, &title_text, NULL, title_style(h, 0), x, y, w, big * 1.2, PT(big)) + 1.2 * u;
	y += edition_line(h, y);
	return y + 4.5 * u;
}

/* One line set at `size` pt with its left edge at x: the height it takes. */
static double
line_at(honor *h, const pb_text *t, pb_text_style st, double x, double y, double w)
{
	if (!t->s)
		return 0;
	return pb_compose_fit(h->c, h->page->items, t->s, st, x, y, w,
			      st.size * st.leading * PB_MM_PER_PT, 6, st.size, FALSE, t->loc);
}

/* The head of a landscape certificate, a lockup that leaves the height to the columns below:
 * the seal at the left of the school, the title and the edition, the whole centred on the page,
 * a gold rule under it.  Returns where it ends. */
static double
head_wide(honor *h)
{
	pb_compose *c = h->c;
	const pb_event *e = &c->m->event;
	const double u = h->u, W = h->f.W;
	pb_text_style school = school_style(h, PT(1.35 * u)), title = title_style(h, PT(5.4 * u));
	pb_text_style edition = spaced(h, "heading", PT(1.3 * u), "gold", 0.3, 1.2);
	const pb_text *texts[3] = {&e->school, &title_text, &e->edition};
	const pb_text_style *styles[3] = {&school, &title, &edition};
	const double gaps[3] = {0.9 * u, 0.7 * u, 0};
	double stack_w = 0, stack_h = 0;
	for (int i = 0; i < 3; i++) {
		if (!texts[i]->s)
			continue;
		g_autoptr(pb_text_block) b =
		    pb_compose_measure(c, texts[i]->s, styles[i], h->f.measure);
		stack_w = MAX(stack_w, b->widest);
		stack_h += b->height + gaps[i];
	}
	const double seal = stack_h, gap = 3.5 * u;
	double y = c->layout->margin[0];
	/* a logo that cannot be read is recorded, so the page does not go out without it */
	gboolean logo =
	    e->logo.written && !pb_compose_unreadable(c, &e->logo) && pb_compose_probe(c, &e->logo);
	double group = (logo ? seal + gap : 0) + MIN(stack_w, h->f.measure);
	double x = (W - group) / 2;
	if (logo) {
		pb_furn_logo(c, h->page->items, x, y, seal, seal, 0.5, NULL);
		x += seal + gap;
	}
	double ty = y, tw = h->f.right - x;
	for (int i = 0; i < 3; i++)
		if (texts[i]->s)
			ty += line_at(h, texts[i], *styles[i], x, ty, tw) + gaps[i];
	y += MAX(seal, ty - y) + 2.4 * u;
	pb_paint line = pb_compose_stroke(c, "gold", 0.08 * u);
	pb_orn_rule(h->page->items, h->f.left, y, h->f.right, y, &line);
	return y + 3.5 * u;
}

static double
head(honor *h)
{
	return h->wide ? head_wide(h) : head_tall(h);
}

/* ---- the graduate: name, college and class ------------------------------------------------- */

/* 建筑工程学院 · 建工1901班 centred on one line, the college before the class in it: three
 * blocks, so that each text is checked at its own line.  Returns where the line ends. */
static double
college_and_class(honor *h, double x, double y, double w)
{
	pb_compose *c = h->c;
	const pb_text *parts[3] = {&h->col->name, NULL, &h->star->class_};
	pb_text_style st = pb_compose_style(c, "heading", PT(1.4 * h->u), "muted");
	st.weight = 400;
	st.tracking = 0.15;
	st.leading = 1.2;
	pb_text_block *b[3] = {NULL};
	double total = 0;
	for (int pass = 0; pass < 2; pass++) {
		total = 0;
		for (int i = 0; i < 3; i++) {
			const char *text = parts[i] ? parts[i]->s : "·";
			g_clear_pointer(&b[i], pb_text_block_unref);
			b[i] = text ? pb_compose_measure(c, text, &st, w) : NULL;
			total += b[i] ? b[i]->widest : 0;
		}
		total += 2 * st.size * PB_MM_PER_PT; /* an em either side of the dot */
		if (total <= w)
			break;
		st.size *= w / total; /* a long college name: the line gets smaller, not cut */
	}
	double px = x + (w - total) / 2, em = st.size * PB_MM_PER_PT;
	for (int i = 0; i < 3; i++) {
		if (!b[i])
			continue;
		pb_loc loc = parts[i] ? parts[i]->loc : pb_loc_make("", 0, 0);
		if (parts[i])
			pb_compose_check_glyphs(c, parts[i]->s, &st, loc);
		pb_text_place(b[i], h->page->items, px, y, loc);
		px += b[i]->widest + em;
		pb_text_block_unref(b[i]);
	}
	return y + st.size * st.leading * PB_MM_PER_PT;
}

/* The name's size, mm: large, a little less on a landscape page's column. */
static double
name_size(const honor *h)
{
	return (h->wide ? 4.2 : 5.0) * h->u;
}

/* The most height the name and the college-and-class line take (a long college name only
 * makes its line smaller). */
static double
name_block_height(const honor *h)
{
	return name_size(h) * 1.15 + 0.8 * h->u + 1.4 * h->u * 1.2;
}

static double
name_block(honor *h, double x, double y, double w)
{
	pb_compose *c = h->c;
	const double u = h->u, size = name_size(h);
	pb_text_style name = pb_compose_style(c, "name", 0, "ink");
	name.name = TRUE;
	name.tracking = 0.12;
	name.leading = 1.15;
	double used = centred(h, &h->star->name, NULL, name, x, y, w, size * 1.2, PT(size));
	return college_and_class(h, x, y + used + 0.8 * u, w);
}

/* ---- the story --------------------------------------------------------------------------- */

/* The story as set: paragraphs as written, without the newline a YAML block ends with (an
 * empty last line would count in its height). */
static char *
story_text(const pb_star *star)
{
	char *s = g_strdup(star->story.s ? star->story.s : "");
	return g_strchomp(s);
}

static pb_text_style
story_style(honor *h)
{
	pb_text_style st = pb_compose_style(h->c, "body", 0, "ink");
	st.align = PB_ALIGN_JUSTIFY;
	st.indent = 2; /* two characters, clreq §3.4 */
	st.leading = 1.8;
	return st;
}

/* The landscape page's text column: the narrowest of a few widths (42 to 58 % of the measure)
 * in which the story, from `top` to the foot, is set at the layout's largest size, or else the
 * one that sets it largest; the photos take the rest.  A short story leaves the photos a wide
 * column, a long one takes what it needs. */
static double
story_column(honor *h, double top)
{
	g_autofree char *text = story_text(h->star);
	pb_text_style st = story_style(h);
	double box = h->bottom - top - pb_furn_section_height(&h->f) - 0.5 * h->u;
	double best_w = 0.58 * h->f.measure, best = -1;
	for (int k = 0; k <= 4; k++) {
		double w = (0.42 + 0.04 * k) * h->f.measure;
		double size = pb_text_fit(h->c->fonts, h->c->texts, text, &st, w, box, h->text_min,
					  h->text_max, 0.5, NULL);
		if (size > best + 0.01)
			best = size, best_w = w;
		if (size >= h->text_max - 0.01)
			break;
	}
	return best_w;
}

/* The section heading and the story fitted into (x, y, w, box): the height used. */
static double
story(honor *h, double x, double y, double w, double box)
{
	pb_furn f = column(h, x, w);
	pb_furn_section(h->c, h->page, &f, y, "个人事迹");
	double sec = pb_furn_section_height(&f) + 0.5 * h->u;
	g_autofree char *text = story_text(h->star);
	double used =
	    pb_compose_fit(h->c, h->page->items, text, story_style(h), x, y + sec, w, box - sec,
			   h->text_min, h->text_max, FALSE, h->star->story.loc);
	return sec + used;
}

/* ---- the photos -------------------------------------------------------------------------- */

/* The star's photos that can be laid out, as wall pieces (in a draft, an unreadable one keeps
 * a place for its placeholder); the others are recorded for this page's findings. */
static GArray *
photo_pieces(honor *h, GPtrArray *paths)
{
	GArray *pieces = g_array_new(FALSE, FALSE, sizeof(pb_wall_piece));
	const GArray *photos = h->star->photos;
	for (guint i = 0; photos && i < photos->len; i++) {
		const pb_path *path = &g_array_index(photos, pb_path, i);
		guint w, hh;
		if (!pb_compose_photo_slot(h->c, path, &w, &hh)) {
			pb_compose_unreadable(h->c, path);
			continue;
		}
		double ratio = h->c->layout->photo_ratio;
		pb_wall_piece piece = {ratio > 0 ? ratio : (double)w / hh, 1};
		g_array_append_val(pieces, piece);
		g_ptr_array_add(paths, (gpointer)path);
	}
	return pieces;
}

/* The photos in the justified rows that fill (x, y, w, box), centred in it. */
static void
photos(honor *h, double x, double y, double w, double box)
{
	g_autoptr(GPtrArray) paths = g_ptr_array_new();
	g_autoptr(GArray) pieces = photo_pieces(h, paths);
	if (!pieces->len)
		return;
	if (box < 8 * h->u || w < 8 * h->u) {
		/* a layout whose head, name and story leave the photos no room: said, not
		 * dropped */
		pb_diag_error(h->c->diags, h->c->layout->loc, "layout.room",
			      "a %.0f × %.0f mm honor page leaves the photos %.0f × %.0f mm; they "
			      "need at least %.0f mm each way",
			      h->f.W, h->f.H, MAX(w, 0), MAX(box, 0), 8 * h->u);
		return;
	}
	double used;
	g_autoptr(GArray) rows = pb_photowall_fill((const pb_wall_piece *)pieces->data, pieces->len,
						   w, box, h->gutter, &used);
	gboolean forced = h->c->layout->photo_ratio > 0;
	double top = y + (box - used) / 2;
	for (guint r = 0; r < rows->len; r++) {
		const pb_wall_row *row = &g_array_index(rows, pb_wall_row, r);
		double px = x + (w - row->width) / 2;
		for (guint k = row->first; k < row->first + row->count; k++) {
			const pb_wall_piece *piece = &g_array_index(pieces, pb_wall_piece, k);
			double pw = row->height * piece->aspect, out[4];
			/* whole, in a frame of its own shape; or filled into the layout's ratio
			 * around its centre (star photos carry no focus) */
			pb_compose_photo(h->c, h->page->items, paths->pdata[k], px, top, pw,
					 row->height, forced ? PB_FIT_FILL : PB_FIT_WHOLE, NULL,
					 out);
			px += pw + h->gutter;
		}
		top += row->height + h->gutter;
	}
}

/* ---- the page ---------------------------------------------------------------------------- */

/* The least height the photos keep under a long story, as a share of what the head leaves. */
#define PHOTO_SHARE 0.3

static pb_doc *
honor_page(honor *h)
{
	pb_compose *c = h->c;
	const pb_event *e = &c->m->event;
	const double u = h->u, W = h->f.W, H = h->f.H;
	g_autofree char *title =
	    g_strdup_printf("优秀毕业生 — %s（%s）", h->star->name.s, h->col->name.s);
	pb_doc *doc = pb_doc_new(title, e->school.s, e->date.s);
	h->page = pb_compose_page(c, doc);

	/* the border, half-way into the margin; it shows the star, so findings on the star stop
	 * the page */
	const double inset = 0.42 * MIN(c->layout->margin[0], c->layout->margin[3]);
	pb_item *border =
	    pb_orn_certificate(h->page->items, inset, inset, W - 2 * inset, H - 2 * inset, u,
			       pb_compose_color(c, "gold"), pb_compose_color(c, "red"));
	border->loc = h->star->loc;

	double y = head(h);
	const double left = h->f.left, measure = h->f.measure;
	if (h->wide) {
		/* the name and the story at the left, the photos in a column at the right */
		const double gap = 4 * u;
		const double text_w = story_column(h, y + name_block_height(h) + 3 * u);
		double top = name_block(h, left, y, text_w) + 3 * u;
		story(h, left, top, text_w, h->bottom - top);
		photos(h, left + text_w + gap, y, measure - text_w - gap, h->bottom - y);
	} else {
		y = name_block(h, left, y, measure) + 3.5 * u;
		double avail = h->bottom - y, box = avail * (1 - PHOTO_SHARE);
		double used = story(h, left, y, measure, box);
		/* a story too long even at the least size is text.fit's error, at the story: the
		 * photos keep their share below its box rather than be reported as a layout
		 * that leaves them no room (layout.room) */
		y += MIN(used, box) + 3 * u;
		photos(h, left, y, measure, h->bottom - y);
	}
	pb_furn_footer(c, h->page, &h->f, h->col->name.s, h->col->name.loc);
	return doc;
}

void
pb_honor_series(const pb_manifest *m, const pb_output *o, GArray *out)
{
	for (guint i = 0; i < m->colleges->len; i++) {
		const pb_college *col = m->colleges->pdata[i];
		if (!col->star || col->star->status != PB_STATUS_APPROVED)
			continue; /* no star, no page: nothing to say */
		pb_series s = {.id = col->id.s, .college = col, .whole = col->loc};
		g_array_append_val(out, s);
	}
}

/* The college's name and id, and everything of its star (its status decides whether the page
 * exists at all, which the series already knows). */
void
pb_honor_inputs(const pb_manifest *m, const pb_series *s, pb_inputs *in)
{
	const pb_college *col = s->college;
	const pb_star *st = col->star;
	pb_inputs_event(in, m);
	pb_inputs_part(in, "college", "college", col->loc);
	pb_inputs_text(in, &col->id);
	pb_inputs_text(in, &col->name);
	g_autofree char *what = g_strdup_printf("the story of %s", st->name.s);
	pb_inputs_part(in, "star", what, st->loc);
	pb_inputs_text(in, &st->name);
	pb_inputs_text(in, &st->class_);
	pb_inputs_text(in, &st->story);
	pb_inputs_status(in, st->status);
	for (guint i = 0; i < st->photos->len; i++)
		pb_inputs_str(in, g_array_index(st->photos, pb_path, i).shown);
	for (guint i = 0; i < st->photos->len; i++) {
		const pb_path *p = &g_array_index(st->photos, pb_path, i);
		pb_inputs_file(in, p->fs, p->shown, "star photo");
	}
}

void
pb_compose_honor(pb_compose *c, const pb_series *s, GPtrArray *files)
{
	honor h = {0};
	honor_init(&h, c, s->college);
	pb_doc *doc = honor_page(&h);
	g_ptr_array_add(files, pb_file_new(s->college->id.s, doc, c->output->quantity));
}
