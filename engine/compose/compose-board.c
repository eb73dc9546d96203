/* compose-board.c — the display boards (展板) of the graduation-season exhibition.
 *
 * Each college's material flows over as many boards as it needs, in this order: the photo wall
 * (justified rows, photowall.c), the blessings (dean and secretary large, the others in rows),
 * the testimonials (cards in balanced columns, one type size a board, fitted to fill it).  Every
 * board carries the same header band (logo, school, theme, edition, motto), the college's
 * name, and a footer (date, board n of N).
 *
 * Pagination works on "units" (a photo row, a row of blessing cards, a testimonial card) whose
 * heights are measured first; the number of boards is the fewest that hold them, and the units
 * are spread so that every board is about equally full, so the last one is no near-empty
 * leftover.  It reads only the college's own material: an edit in one college never moves
 * anything on another college's boards.
 *
 * Proportions come from the board's width (one unit u = width / 100), so one design serves the
 * 1200 × 2400 mm KT board and the 800 × 1800 mm X-banner; a layout may set the photo rows, the
 * gutter, the testimonials' size bounds and their columns.
 */
#include "compose.h"
#include "photowall.h"
#include "check/rules.h"
#include "base/units.h"

#include <math.h>
#include <string.h>

#define PT(mm) ((mm) / PB_MM_PER_PT)

typedef enum unit_kind {
	UNIT_PHOTO_ROW,
	UNIT_SENIOR_ROW, /* dean and secretary, side by side */
	UNIT_JUNIOR_ROW, /* counselors, officers, deputy: up to three a row */
	UNIT_TESTIMONIAL,
} unit_kind;

/* Section of each unit kind, for headers: 0 photos, 1 blessings, 2 testimonials. */
static const int unit_section[] = {0, 1, 1, 2};
static const char *const section_title[] = {"最美毕业照", "毕业寄语", "毕业感言"};

typedef struct unit {
	unit_kind kind;
	double height;    /* mm, including the gap below it (testimonials: the card's share) */
	pb_wall_row row;  /* photo rows */
	GPtrArray *items; /* blessings of a row; the testimonial (one) */
	pb_loc loc;       /* the manifest value of its first item, for findings */
} unit;

/* The board's measures, in mm unless said otherwise. */
typedef struct metrics {
	double W, H, u;
	double left, right, measure; /* content column */
	double top;                  /* first content line, below the header and the college name */
	double bottom;               /* last content line, above the footer */
	double gutter;
	double row_min, row_target, row_max;
	double caption_h;          /* below each photo row */
	double section_h;          /* a section heading */
	double text_min, text_max; /* pt, testimonials */
	guint columns;
} metrics;

typedef struct board {
	GPtrArray *units; /* of unit*, borrowed from the college's list */
} board;

static pb_loc
nowhere(void)
{
	return pb_loc_make("", 0, 0);
}

static void
metrics_init(metrics *mt, const pb_layout *l)
{
	mt->W = l->width;
	mt->H = l->height;
	mt->u = l->width / 100;
	double u = mt->u;
	mt->left = l->margin[3];
	mt->right = l->width - l->margin[1];
	mt->measure = mt->right - mt->left;
	mt->gutter = l->gutter > 0 ? l->gutter : 1.6 * u;
	mt->row_target = l->row_target > 0 ? l->row_target : 22 * u;
	mt->row_min = l->row_min > 0 ? l->row_min : 15 * u;
	mt->row_max = l->row_max > 0 ? l->row_max : 30 * u;
	mt->caption_h = 3.0 * u;
	mt->section_h = 5.5 * u;
	mt->text_min = l->text_min > 0 ? l->text_min : PT(0.85 * u);
	mt->text_max = l->text_max > 0 ? l->text_max : PT(1.7 * u);
	mt->columns = l->columns ? l->columns : (l->width >= 1000 ? 3 : 2);
	/* Header band, then the college's name and its rule. */
	double band = 0.24 * l->width;
	mt->top = band + 2.5 * u + 6 * u + 3 * u;
	mt->bottom = l->height - l->margin[2] - 4 * u;
}

/* ---- units ------------------------------------------------------------------------------- */

static void
unit_free(gpointer p)
{
	unit *un = p;
	if (un->items)
		g_ptr_array_unref(un->items);
	g_free(un);
}

static unit *
unit_new(GPtrArray *units, unit_kind kind, double height)
{
	unit *un = g_new0(unit, 1);
	un->kind = kind;
	un->height = height;
	un->items = g_ptr_array_new();
	g_ptr_array_add(units, un);
	return un;
}

/* The approved photos of a college as wall pieces (a group is one piece). */
static GArray *
wall_pieces(pb_compose *c, const pb_college *col, GPtrArray *photos)
{
	GArray *pieces = g_array_new(FALSE, FALSE, sizeof(pb_wall_piece));
	for (guint i = 0; i < col->photos->len; i++) {
		const pb_photo *p = col->photos->pdata[i];
		if (p->status != PB_STATUS_APPROVED)
			continue;
		pb_wall_piece piece = {0, 0};
		for (guint f = 0; f < p->files->len; f++) {
			guint w, h;
			const pb_path *path = &g_array_index(p->files, pb_path, f);
			if (!pb_compose_photo_slot(c, path, &w, &h)) {
				/* unreadable: the college's boards must not go out without it */
				pb_compose_unreadable(c, path);
				continue;
			}
			piece.aspect += (double)w / h;
			piece.members++;
		}
		if (piece.members == 0)
			continue;
		g_array_append_val(pieces, piece);
		g_ptr_array_add(photos, (gpointer)p);
	}
	return pieces;
}

static gboolean
senior(const pb_blessing *b)
{
	return b->role == PB_ROLE_DEAN || b->role == PB_ROLE_SECRETARY;
}

/* The testimonial's text as set: in Chinese quotation marks unless it already has them. */
static char *
quoted(const char *text)
{
	if (g_str_has_prefix(text, "“"))
		return g_strdup(text);
	return g_strconcat("“", text, "”", NULL);
}

/* Testimonials and blessings: the quote face (kai), justified, airy. */
static pb_text_style
quote_style(pb_compose *c, double size)
{
	pb_text_style st = pb_compose_style(c, "quote", size, "ink");
	st.align = PB_ALIGN_JUSTIFY;
	st.leading = 1.6;
	return st;
}

static pb_text_style
name_style(pb_compose *c, double size)
{
	pb_text_style st = pb_compose_style(c, "name", size, "muted");
	st.weight = 400;
	st.align = PB_ALIGN_END;
	return st;
}

/* Height of a testimonial card at text size `size` pt in a column `w` mm wide. */
static double
card_height(pb_compose *c, const metrics *mt, const pb_testimonial *t, double size, double w)
{
	double pad = 0.9 * size * PB_MM_PER_PT;
	g_autofree char *text = quoted(t->text.s);
	pb_text_style st = quote_style(c, size);
	g_autoptr(pb_text_block) b = pb_text_layout(c->fonts, text, &st, w - 2 * pad);
	double name = 0.8 * size * 1.5 * PB_MM_PER_PT;
	return pad + b->height + 0.3 * pad + name + pad;
}

static double
column_width(const metrics *mt)
{
	return (mt->measure - (mt->columns - 1) * mt->gutter) / mt->columns;
}

/* Everything of a college that goes on its boards, in reading order, with measured heights. */
static GPtrArray *
college_units(pb_compose *c, const metrics *mt, const pb_college *col, GPtrArray *photos,
	      GArray **pieces_out)
{
	GPtrArray *units = g_ptr_array_new_with_free_func(unit_free);
	GArray *pieces = wall_pieces(c, col, photos);
	g_autoptr(GArray) rows =
	    pb_photowall_rows((pb_wall_piece *)pieces->data, pieces->len, mt->measure, mt->gutter,
			      mt->row_min, mt->row_target, mt->row_max);
	for (guint r = 0; r < rows->len; r++) {
		pb_wall_row *row = &g_array_index(rows, pb_wall_row, r);
		unit *un =
		    unit_new(units, UNIT_PHOTO_ROW, row->height + mt->caption_h + mt->gutter);
		un->row = *row;
	}
	*pieces_out = pieces;

	/* Blessings: the dean and the secretary share a row; the others go three a row. */
	GPtrArray *seniors = g_ptr_array_new(), *juniors = g_ptr_array_new();
	for (guint i = 0; i < col->blessings->len; i++) {
		const pb_blessing *b = col->blessings->pdata[i];
		if (b->status == PB_STATUS_APPROVED)
			g_ptr_array_add(senior(b) ? seniors : juniors, (gpointer)b);
	}
	for (guint i = 0; i < seniors->len; i += 2) {
		unit *un = unit_new(units, UNIT_SENIOR_ROW, 24 * mt->u + mt->gutter);
		for (guint k = i; k < MIN(i + 2, seniors->len); k++)
			g_ptr_array_add(un->items, seniors->pdata[k]);
		un->loc = ((const pb_blessing *)seniors->pdata[i])->loc;
	}
	for (guint i = 0; i < juniors->len; i += 3) {
		unit *un = unit_new(units, UNIT_JUNIOR_ROW, 11 * mt->u + mt->gutter);
		for (guint k = i; k < MIN(i + 3, juniors->len); k++)
			g_ptr_array_add(un->items, juniors->pdata[k]);
		un->loc = ((const pb_blessing *)juniors->pdata[i])->loc;
	}
	g_ptr_array_unref(seniors);
	g_ptr_array_unref(juniors);

	/* Testimonials: a card's share of the page is its height over the columns, measured at
	 * the middle of the size range; each board then fits its own size. */
	double mid = (mt->text_min + mt->text_max) / 2;
	for (guint i = 0; i < col->testimonials->len; i++) {
		const pb_testimonial *t = col->testimonials->pdata[i];
		if (t->status != PB_STATUS_APPROVED)
			continue;
		double h = card_height(c, mt, t, mid, column_width(mt));
		unit *un = unit_new(units, UNIT_TESTIMONIAL, (h + mt->gutter) / mt->columns);
		g_ptr_array_add(un->items, (gpointer)t);
		un->loc = t->loc;
	}
	return units;
}

/* ---- pagination -------------------------------------------------------------------------- */

/* Height a run of units takes on one board, section headings included. */
static double
run_height(const metrics *mt, GPtrArray *units, guint from, guint to)
{
	double h = 0;
	int section = -1;
	for (guint i = from; i < to; i++) {
		const unit *un = units->pdata[i];
		if (unit_section[un->kind] != section) {
			section = unit_section[un->kind];
			h += mt->section_h;
		}
		h += un->height;
	}
	return h;
}

static board *
board_new(GPtrArray *boards, GPtrArray *units, guint from, guint to)
{
	board *bd = g_new0(board, 1);
	bd->units = g_ptr_array_new();
	for (guint i = from; i < to; i++)
		g_ptr_array_add(bd->units, units->pdata[i]);
	g_ptr_array_add(boards, bd);
	return bd;
}

static void
boards_free(GPtrArray *boards)
{
	for (guint b = 0; b < boards->len; b++) {
		board *bd = boards->pdata[b];
		g_ptr_array_unref(bd->units);
		g_free(bd);
	}
	g_ptr_array_unref(boards);
}

/* Each board as full as it can be.  Returns the boards; *last_fill is the last one's share
 * of a board. */
static GPtrArray *
paginate_full(const metrics *mt, GPtrArray *units, double *last_fill)
{
	double cap = mt->bottom - mt->top;
	GPtrArray *boards = g_ptr_array_new();
	guint from = 0;
	while (from < units->len) {
		guint to = from + 1; /* a unit taller than a board still gets one */
		while (to < units->len && run_height(mt, units, from, to + 1) <= cap)
			to++;
		board_new(boards, units, from, to);
		*last_fill = run_height(mt, units, from, to) / cap;
		from = to;
	}
	if (!boards->len)
		board_new(boards, units, 0, 0);
	return boards;
}

/* `n` boards filled to about the same height: break where the running height crosses
 * k·total/n.  NULL when some board would overflow. */
static GPtrArray *
paginate_even(const metrics *mt, GPtrArray *units, guint n)
{
	double cap = mt->bottom - mt->top, total = run_height(mt, units, 0, units->len);
	GPtrArray *boards = g_ptr_array_new();
	guint from = 0;
	for (guint b = 0; b < n; b++) {
		guint to = units->len;
		if (b + 1 < n) {
			double target = total * (b + 1) / n,
			       before = run_height(mt, units, 0, from);
			to = from;
			while (to < units->len) {
				const unit *un = units->pdata[to];
				double run = run_height(mt, units, from, to + 1);
				/* take the unit if it ends nearer the target than leaving it out */
				if (before + run - un->height / 2 > target || run > cap)
					break;
				to++;
			}
			if (to == from && to < units->len)
				to++;
		}
		if (to > from + 1 && run_height(mt, units, from, to) > cap + 0.01) {
			boards_free(boards);
			return NULL;
		}
		board_new(boards, units, from, to);
		from = to;
	}
	return boards;
}

/* The fewest boards that hold the college's units.  Boards are filled in reading order, each
 * as full as it can be (testimonials then fit their size to what is left); when that would
 * leave a last board less than half full, the units are instead spread evenly over the same
 * number of boards, so no board is a near-empty leftover.  Deterministic, and a function of
 * this college's units only. */
static GPtrArray *
paginate(const metrics *mt, GPtrArray *units)
{
	double last_fill = 1;
	GPtrArray *full = paginate_full(mt, units, &last_fill);
	if (full->len < 2 || last_fill >= 0.5)
		return full;
	GPtrArray *even = paginate_even(mt, units, full->len);
	if (!even)
		return full;
	boards_free(full);
	return even;
}

/* ---- drawing ----------------------------------------------------------------------------- */

static pb_paint
fill(pb_rgb c)
{
	pb_paint p = {.fill = TRUE, .fill_color = c};
	return p;
}

static pb_rgb
color(const pb_compose *c, const char *name)
{
	static const struct {
		const char *name;
		pb_rgb rgb;
	} fallback[] = {
	    {"red", {0.71, 0.07, 0.11}},    {"gold", {0.79, 0.63, 0.39}},
	    {"ink", {0.17, 0.15, 0.13}},    {"muted", {0.48, 0.44, 0.40}},
	    {"ground", {0.98, 0.96, 0.94}}, {"paper", {1, 1, 1}},
	};
	for (gsize i = 0; i < G_N_ELEMENTS(fallback); i++)
		if (!strcmp(fallback[i].name, name))
			return pb_compose_color(c, name, fallback[i].rgb);
	return pb_compose_color(c, name, fallback[2].rgb);
}

/* A circle as four Bézier quarter arcs (kappa = 0.5523). */
static void
circle(pb_item *p, double cx, double cy, double r)
{
	const double k = 0.5523 * r;
	pb_path_move(p, cx + r, cy);
	pb_path_curve(p, cx + r, cy + k, cx + k, cy + r, cx, cy + r);
	pb_path_curve(p, cx - k, cy + r, cx - r, cy + k, cx - r, cy);
	pb_path_curve(p, cx - r, cy - k, cx - k, cy - r, cx, cy - r);
	pb_path_curve(p, cx + k, cy - r, cx + r, cy - k, cx + r, cy);
	pb_path_close(p);
}

/* The header band: red, into the bleed; the logo on a light disc, the school, the theme in
 * the display face, the edition and motto in gold at the right. */
static void
header(pb_compose *c, const metrics *mt, pb_page *page)
{
	const pb_event *e = &c->m->event;
	const double u = mt->u, band = 0.24 * mt->W, bleed = c->layout->bleed;
	pb_paint red = fill(color(c, "red"));
	pb_frame_add_rect(page->items, -bleed, -bleed, mt->W + 2 * bleed, band + bleed, &red,
			  nowhere());
	pb_paint gold_line = {
	    .stroke = TRUE, .stroke_color = color(c, "gold"), .stroke_width = 0.12 * u};
	pb_item *rule = pb_frame_add_path(page->items, 0, 0, &gold_line, nowhere());
	pb_path_move(rule, mt->left, band - 2.2 * u);
	pb_path_line(rule, mt->right, band - 2.2 * u);

	double x = mt->left, disc = band * 0.52, cy = (band - 2.2 * u) / 2 + 0.6 * u;
	if (e->logo.written) {
		guint w, h;
		if (pb_compose_unreadable(c, &e->logo)) {
			/* recorded: no board goes out without the school's logo */
		} else if (pb_compose_photo_size(c, &e->logo, &w, &h)) {
			pb_paint ground = fill(color(c, "ground"));
			pb_item *d = pb_frame_add_path(page->items, 0, 0, &ground, nowhere());
			circle(d, x + disc / 2, cy, disc / 2);
			/* the whole logo inside the disc, whatever its shape */
			double box = disc * 0.78, k = MIN(box / w, box / h);
			double lw = w * k, lh = h * k;
			const pb_image_info *info =
			    g_hash_table_lookup(c->check->probes, e->logo.fs);
			pb_frame_add_image(page->items, x + (disc - lw) / 2, cy - lh / 2, lw, lh,
					   e->logo.fs, e->logo.shown, info, e->logo.loc);
			x += disc + 3 * u;
		}
	}
	double right_w = 0.26 * mt->measure;
	double text_w = mt->right - right_w - 2 * u - x;
	pb_text_style school = pb_compose_style(c, "heading", 0, "ground");
	school.tracking = 0.2;
	school.color = color(c, "ground");
	double top = cy - disc / 2;
	double used = pb_compose_fit(c, page->items, e->school.s, school, x, top, text_w,
				     0.2 * disc, 12, PT(2.0 * u), FALSE, e->school.loc);
	pb_text_style theme = pb_compose_style(c, "display", 0, "ground");
	theme.color = color(c, "ground");
	pb_compose_fit(c, page->items, e->title.s, theme, x, top + used + 0.6 * u, text_w,
		       disc - used - 0.6 * u, 20, PT(6 * u), TRUE, e->title.loc);

	pb_text_style side = pb_compose_style(c, "heading", 0, "gold");
	side.align = PB_ALIGN_END;
	side.tracking = 0.15;
	double ry = top + 0.1 * disc;
	if (e->edition.s)
		ry += pb_compose_fit(c, page->items, e->edition.s, side, mt->right - right_w, ry,
				     right_w, 0.3 * disc, 12, PT(1.6 * u), FALSE, e->edition.loc) +
		      0.8 * u;
	if (e->motto.s) {
		pb_text_style motto = pb_compose_style(c, "quote", 0, "gold");
		motto.align = PB_ALIGN_END;
		motto.tracking = 0.2;
		pb_compose_fit(c, page->items, e->motto.s, motto, mt->right - right_w, ry, right_w,
			       0.3 * disc, 12, PT(1.6 * u), FALSE, e->motto.loc);
	}
}

/* The college's name under the band, with a gold rule. */
static void
college_title(pb_compose *c, const metrics *mt, pb_page *page, const pb_college *col)
{
	const double u = mt->u, y = 0.24 * mt->W + 2.5 * u;
	pb_text_style st = pb_compose_style(c, "title", PT(4 * u), "red");
	st.tracking = 0.1;
	pb_compose_fit(c, page->items, col->name.s, st, mt->left, y, mt->measure * 0.7, 6 * u, 20,
		       PT(4 * u), FALSE, col->name.loc);
	pb_paint line = {
	    .stroke = TRUE, .stroke_color = color(c, "gold"), .stroke_width = 0.08 * u};
	pb_item *rule = pb_frame_add_path(page->items, 0, 0, &line, nowhere());
	pb_path_move(rule, mt->left, y + 6.6 * u);
	pb_path_line(rule, mt->right, y + 6.6 * u);
}

/* A section heading: a red diamond, the title, a hairline to the right edge. */
static void
section_heading(pb_compose *c, const metrics *mt, pb_page *page, double y, int section)
{
	const double u = mt->u, size = 2.4 * u;
	pb_paint red = fill(color(c, "red"));
	pb_item *d = pb_frame_add_path(page->items, 0, 0, &red, nowhere());
	double cx = mt->left + 0.6 * u, cy = y + 1.2 * u + size / 2, r = 0.55 * u;
	pb_path_move(d, cx - r, cy);
	pb_path_line(d, cx, cy - r);
	pb_path_line(d, cx + r, cy);
	pb_path_line(d, cx, cy + r);
	pb_path_close(d);
	pb_text_style st = pb_compose_style(c, "heading", PT(size), "red");
	st.tracking = 0.15;
	st.leading = 1.0;
	g_autoptr(pb_text_block) b =
	    pb_text_layout(c->fonts, section_title[section], &st, mt->measure);
	pb_text_place(b, page->items, mt->left + 2 * u, y + 1.2 * u, nowhere());
	pb_paint line = {
	    .stroke = TRUE, .stroke_color = color(c, "gold"), .stroke_width = 0.05 * u};
	pb_item *rule = pb_frame_add_path(page->items, 0, 0, &line, nowhere());
	double lx = mt->left + 2 * u + b->widest + 1.5 * u;
	pb_path_move(rule, lx, cy);
	pb_path_line(rule, mt->right, cy);
}

/* A caption under a photo: its title, then its class, muted. */
static void
caption(pb_compose *c, const metrics *mt, GPtrArray *parent, const pb_photo *p, double x, double y,
	double w)
{
	const double u = mt->u;
	pb_text_style title = pb_compose_style(c, "caption", 0, "ink");
	title.weight = 400;
	double h = pb_compose_fit(c, parent, p->title.s, title, x, y + 0.5 * u, w, 1.4 * u, 8,
				  PT(1.0 * u), FALSE, p->title.loc);
	pb_text_style cls = pb_compose_style(c, "caption", 0, "muted");
	cls.weight = 400;
	pb_compose_fit(c, parent, p->class_.s, cls, x, y + 0.5 * u + h, w, 1.1 * u, 8, PT(0.75 * u),
		       FALSE, p->class_.loc);
}

static double
photo_row(pb_compose *c, const metrics *mt, pb_page *page, double y, const unit *un,
	  GPtrArray *photos)
{
	const pb_wall_row *row = &un->row;
	double x = mt->left + (mt->measure - row->width) / 2;
	for (guint k = row->first; k < row->first + row->count; k++) {
		const pb_photo *p = photos->pdata[k];
		double start = x;
		/* a group's photos side by side, the gutter between them */
		for (guint f = 0; f < p->files->len; f++) {
			const pb_path *path = &g_array_index(p->files, pb_path, f);
			guint w, h;
			if (!pb_compose_photo_slot(c, path, &w, &h))
				continue;
			double pw = row->height * w / h, out[4];
			pb_compose_photo(c, page->items, path, x, y, pw, row->height, PB_FIT_WHOLE,
					 p->has_focus ? p->focus : NULL, out);
			x += pw + mt->gutter;
		}
		caption(c, mt, page->items, p, start, y + row->height, x - mt->gutter - start);
	}
	return un->height;
}

/* A panel behind a card: paper white with a gold hairline. */
static void
panel(pb_compose *c, const metrics *mt, GPtrArray *parent, double x, double y, double w, double h)
{
	pb_paint p = {.fill = TRUE,
		      .fill_color = color(c, "paper"),
		      .stroke = TRUE,
		      .stroke_color = color(c, "gold"),
		      .stroke_width = 0.05 * mt->u};
	pb_frame_add_rect(parent, x, y, w, h, &p, nowhere())->rect.radius = 0.4 * mt->u;
}

/* The geometry of a blessing card: portrait box and text column. */
typedef struct card_box {
	double pad, pw, ph; /* mm */
	double tx, tw;      /* text column, mm */
	double head_h;      /* the role-and-name line, mm */
} card_box;

static card_box
card_geometry(const metrics *mt, const pb_blessing *b, double x, double w, double h, gboolean large)
{
	card_box k;
	k.pad = 1.6 * mt->u;
	k.pw = large ? 0.3 * w : 0.34 * w;
	k.ph = k.pw * 4 / 3;
	if (k.ph > h - 2 * k.pad) {
		k.ph = h - 2 * k.pad;
		k.pw = k.ph * 3 / 4;
	}
	k.tx = x + k.pad + (b->portrait.written ? k.pw + k.pad : 0);
	k.tw = x + w - k.pad - k.tx;
	k.head_h = (large ? 2.6 : 2.0) * mt->u;
	return k;
}

/* The largest size at which a blessing fills its card's text column. */
static double
blessing_fit(pb_compose *c, const metrics *mt, const pb_blessing *b, double w, double h,
	     gboolean large)
{
	card_box k = card_geometry(mt, b, 0, w, h, large);
	pb_text_style st = quote_style(c, 0);
	double avail = h - 2 * k.pad - k.head_h - 0.8 * mt->u;
	double size = pb_text_fit(c->fonts, b->text.s, &st, k.tw, avail, 10,
				  PT((large ? 1.7 : 1.3) * mt->u), 0.5, NULL);
	return size > 0 ? size : 10;
}

/* A blessing card: the portrait, the role and name, the text at `size` pt. */
static void
blessing_card(pb_compose *c, const metrics *mt, pb_page *page, const pb_blessing *b, double x,
	      double y, double w, double h, gboolean large, double size)
{
	const double u = mt->u;
	panel(c, mt, page->items, x, y, w, h);
	card_box k = card_geometry(mt, b, x, w, h, large);
	if (b->portrait.written) {
		static const double face[2] = {0.5, 0.3}; /* keep the face when cropping to 3:4 */
		double out[4];
		pb_compose_photo(c, page->items, &b->portrait, x + k.pad, y + k.pad, k.pw, k.ph,
				 PB_FIT_FILL, face, out);
	}
	g_autofree char *who = g_strdup_printf("%s　%s", pb_role_chinese(b->role), b->name.s);
	pb_text_style head = pb_compose_style(c, "heading", 0, "red");
	pb_compose_fit(c, page->items, who, head, k.tx, y + k.pad, k.tw, k.head_h, 10,
		       PT((large ? 1.6 : 1.15) * u), FALSE, b->name.loc);
	double top = y + k.pad + k.head_h + 0.8 * u;
	pb_compose_fit(c, page->items, b->text.s, quote_style(c, 0), k.tx, top, k.tw,
		       y + h - k.pad - top, 10, size, FALSE, b->text.loc);
}

/* A row of blessing cards, all set at one size: the largest at which every card fits. */
static double
blessing_row(pb_compose *c, const metrics *mt, pb_page *page, double y, const unit *un)
{
	gboolean large = un->kind == UNIT_SENIOR_ROW;
	guint per_row = large ? 2 : 3;
	double w = (mt->measure - (per_row - 1) * mt->gutter) / per_row;
	double h = un->height - mt->gutter, size = G_MAXDOUBLE;
	for (guint i = 0; i < un->items->len; i++)
		size = MIN(size, blessing_fit(c, mt, un->items->pdata[i], w, h, large));
	for (guint i = 0; i < un->items->len; i++)
		blessing_card(c, mt, page, un->items->pdata[i], mt->left + i * (w + mt->gutter), y,
			      w, h, large, size);
	return un->height;
}

/* The tallest column when the cards go, in order, each to the shortest column. */
static double
masonry_height(pb_compose *c, const metrics *mt, GPtrArray *cards, double size)
{
	double col_h[8] = {0}, tallest = 0;
	for (guint i = 0; i < cards->len; i++) {
		guint k = 0;
		for (guint j = 1; j < mt->columns; j++)
			if (col_h[j] < col_h[k] - 0.001)
				k = j;
		col_h[k] +=
		    card_height(c, mt, cards->pdata[i], size, column_width(mt)) + mt->gutter;
	}
	for (guint j = 0; j < mt->columns; j++)
		tallest = MAX(tallest, col_h[j] - mt->gutter);
	return tallest;
}

/* The testimonial cards of one board, in `columns` balanced columns (each card goes to the
 * shortest column), at the largest size in the layout's bounds at which they fit `avail`. */
static void
testimonials(pb_compose *c, const metrics *mt, pb_page *page, double y, double avail,
	     GPtrArray *cards)
{
	const double cw = column_width(mt);
	double lo = mt->text_min, hi = mt->text_max, size = lo;
	if (masonry_height(c, mt, cards, lo) > avail) {
		const pb_testimonial *last = cards->pdata[cards->len - 1];
		pb_diag_add(c->diags, last->text.loc, c->m->rules[PB_RULE_TEXT_FIT].severity,
			    "text.fit", "the testimonials of this board do not fit even at %.1f pt",
			    lo);
	} else {
		/* The largest size, to 0.25 pt, whose columns fit. */
		while (hi - lo >= 0.25) {
			double mid = (lo + hi) / 2;
			if (masonry_height(c, mt, cards, mid) <= avail)
				size = lo = mid;
			else
				hi = mid;
		}
	}
	/* Where each card goes (the shortest column), then the slack each column has left:
	 * spread between its cards, up to two gutters a gap, so the columns end together. */
	double col_h[8] = {0}, slack_gap[8] = {0};
	guint count[8] = {0};
	g_autofree guint *col_of = g_new(guint, cards->len);
	g_autofree double *height = g_new(double, cards->len);
	for (guint i = 0; i < cards->len; i++) {
		guint k = 0;
		for (guint j = 1; j < mt->columns; j++)
			if (col_h[j] < col_h[k] - 0.001)
				k = j;
		col_of[i] = k;
		height[i] = card_height(c, mt, cards->pdata[i], size, cw);
		col_h[k] += height[i] + mt->gutter;
		count[k]++;
	}
	for (guint k = 0; k < mt->columns; k++)
		if (count[k] > 1)
			slack_gap[k] = MIN(MAX(0, avail - (col_h[k] - mt->gutter)) / (count[k] - 1),
					   2 * mt->gutter);
	double top_of[8] = {0};
	for (guint i = 0; i < cards->len; i++) {
		const pb_testimonial *t = cards->pdata[i];
		guint k = col_of[i];
		double x = mt->left + k * (cw + mt->gutter), top = y + top_of[k];
		double h = height[i], pad = 0.9 * size * PB_MM_PER_PT;
		panel(c, mt, page->items, x, top, cw, h);
		g_autofree char *text = quoted(t->text.s);
		double used = pb_compose_text(c, page->items, text, quote_style(c, size), x + pad,
					      top + pad, cw - 2 * pad, t->text.loc);
		/* the name line: 张　明　建工1901班, right-aligned */
		pb_text_style ns = name_style(c, 0.8 * size);
		pb_text_style nm = ns;
		nm.name = TRUE;
		nm.align = PB_ALIGN_START;
		g_autoptr(pb_text_block) cls = pb_text_layout(c->fonts, t->class_.s, &ns, cw);
		g_autoptr(pb_text_block) name = pb_text_layout(c->fonts, t->name.s, &nm, cw);
		double ny = top + pad + used + 0.3 * pad, gap = 0.8 * size * PB_MM_PER_PT;
		double cx = x + cw - pad - cls->widest;
		pb_text_check_glyphs(c->fonts, t->class_.s, &ns, t->class_.loc,
				     c->m->rules[PB_RULE_TEXT_GLYPHS].severity, c->diags);
		pb_text_check_glyphs(c->fonts, t->name.s, &nm, t->name.loc,
				     c->m->rules[PB_RULE_TEXT_GLYPHS].severity, c->diags);
		/* the class block is right-aligned in its own measure: shift it to its ink */
		pb_text_place(cls, page->items, cx - (cw - cls->widest), ny, t->class_.loc);
		pb_text_place(name, page->items, cx - gap - name->widest, ny, t->name.loc);
		top_of[k] += h + mt->gutter + slack_gap[k];
	}
}

static void
footer(pb_compose *c, const metrics *mt, pb_page *page, const pb_college *col, guint n, guint total)
{
	const double u = mt->u, y = mt->H - c->layout->margin[2] - 2.6 * u;
	pb_paint line = {
	    .stroke = TRUE, .stroke_color = color(c, "gold"), .stroke_width = 0.06 * u};
	pb_item *rule = pb_frame_add_path(page->items, 0, 0, &line, nowhere());
	pb_path_move(rule, mt->left, y);
	pb_path_line(rule, mt->right, y);
	pb_text_style st = pb_compose_style(c, "caption", PT(0.9 * u), "muted");
	st.weight = 400;
	st.tracking = 0.1;
	const pb_event *e = &c->m->event;
	if (e->date.s) {
		guint yy = 0, mm = 0, dd = 0;
		sscanf(e->date.s, "%u-%u-%u", &yy, &mm, &dd);
		g_autofree char *left =
		    g_strdup_printf("%s　%s　%u年%u月%u日", e->school.s,
				    e->edition.s ? e->edition.s : "", yy, mm, dd);
		pb_compose_text(c, page->items, left, st, mt->left, y + 0.8 * u, mt->measure * 0.7,
				e->date.loc);
	}
	g_autofree char *right = g_strdup_printf("%s　%u / %u", col->name.s, n, total);
	st.align = PB_ALIGN_END;
	pb_compose_text(c, page->items, right, st, mt->right - mt->measure * 0.4, y + 0.8 * u,
			mt->measure * 0.4, col->name.loc);
}

/* Photo rows set again at a taller target, so that a board whose material stops short (no
 * testimonials to take up the slack) is filled by larger photos rather than by an empty band
 * at the foot.  The rows keep the layout's bounds; the photos stay on the board they were
 * paginated to.  Returns the units to draw (new rows in place of the old), owned. */
static GPtrArray *
refit_photo_rows(const metrics *mt, const board *bd, GArray *pieces)
{
	GPtrArray *out = g_ptr_array_new_with_free_func(unit_free);
	guint rows = 0, first = G_MAXUINT, end = 0;
	gboolean elastic = FALSE;
	for (guint i = 0; i < bd->units->len; i++) {
		const unit *un = bd->units->pdata[i];
		elastic |= un->kind == UNIT_TESTIMONIAL;
		if (un->kind == UNIT_PHOTO_ROW) {
			rows++;
			first = MIN(first, un->row.first);
			end = MAX(end, un->row.first + un->row.count);
		}
	}
	double slack = (mt->bottom - mt->top) - run_height(mt, bd->units, 0, bd->units->len);
	GArray *better = NULL;
	if (rows && !elastic && slack > mt->gutter) {
		double now = 0;
		for (guint i = 0; i < bd->units->len; i++) {
			const unit *un = bd->units->pdata[i];
			if (un->kind == UNIT_PHOTO_ROW)
				now += un->height;
		}
		const pb_wall_piece *sub = &g_array_index(pieces, pb_wall_piece, first);
		double lo = mt->row_target, hi = mt->row_max;
		/* The tallest target, to 1 mm, whose rows still fit the board. */
		while (hi - lo > 1) {
			double t = (lo + hi) / 2, h = 0;
			g_autoptr(GArray) try = pb_photowall_rows(
			    sub, end - first, mt->measure, mt->gutter, mt->row_min, t, mt->row_max);
			for (guint r = 0; r < try->len; r++)
				h += g_array_index(try, pb_wall_row, r).height + mt->caption_h +
				     mt->gutter;
			if (h <= now + slack) {
				lo = t;
				if (better)
					g_array_unref(better);
				better = g_array_ref(try);
			} else {
				hi = t;
			}
		}
	}
	guint next_row = 0;
	for (guint i = 0; i < bd->units->len; i++) {
		const unit *un = bd->units->pdata[i];
		if (un->kind == UNIT_PHOTO_ROW && better) {
			/* the refitted rows replace the old ones, once */
			for (; next_row < better->len; next_row++) {
				pb_wall_row row = g_array_index(better, pb_wall_row, next_row);
				row.first += first;
				unit *nu = g_new0(unit, 1);
				nu->kind = UNIT_PHOTO_ROW;
				nu->row = row;
				nu->height = row.height + mt->caption_h + mt->gutter;
				g_ptr_array_add(out, nu);
			}
			continue;
		}
		unit *copy = g_new0(unit, 1);
		*copy = *un;
		copy->items = un->items ? g_ptr_array_ref(un->items) : NULL;
		g_ptr_array_add(out, copy);
	}
	if (better)
		g_array_unref(better);
	return out;
}

static pb_doc *
draw_board(pb_compose *c, const metrics *mt, const pb_college *col, const board *bd, guint n,
	   guint total, GArray *pieces, GPtrArray *photos)
{
	g_autoptr(GPtrArray) units = refit_photo_rows(mt, bd, pieces);
	const pb_event *e = &c->m->event;
	g_autofree char *title =
	    g_strdup_printf("%s — %s %u/%u", e->title.s, col->name.s, n, total);
	pb_doc *doc = pb_doc_new(title, e->school.s, e->date.s);
	pb_page *page = pb_compose_page(c, doc);
	header(c, mt, page);
	college_title(c, mt, page, col);
	double y = mt->top;
	int section = -1;
	GPtrArray *cards = g_ptr_array_new();
	double cards_top = 0;
	for (guint i = 0; i < units->len; i++) {
		const unit *un = units->pdata[i];
		if (unit_section[un->kind] != section) {
			section = unit_section[un->kind];
			section_heading(c, mt, page, y, section);
			y += mt->section_h;
		}
		switch (un->kind) {
		case UNIT_PHOTO_ROW:
			y += photo_row(c, mt, page, y, un, photos);
			break;
		case UNIT_SENIOR_ROW:
		case UNIT_JUNIOR_ROW:
			y += blessing_row(c, mt, page, y, un);
			break;
		case UNIT_TESTIMONIAL:
			if (!cards->len)
				cards_top = y;
			g_ptr_array_add(cards, un->items->pdata[0]);
			break;
		}
	}
	if (cards->len)
		testimonials(c, mt, page, cards_top, mt->bottom - cards_top, cards);
	g_ptr_array_unref(cards);
	footer(c, mt, page, col, n, total);
	return doc;
}

GPtrArray *
pb_compose_boards(pb_compose *c, const pb_college *col)
{
	metrics mt;
	metrics_init(&mt, c->layout);
	GPtrArray *photos = g_ptr_array_new();
	GArray *pieces = NULL;
	GPtrArray *units = college_units(c, &mt, col, photos, &pieces);
	/* A college with nothing approved to show gets no board, not an empty one; nor does a
	 * layout whose header and footer leave no room for the material. */
	double cap = mt.bottom - mt.top;
	GPtrArray *boards = g_ptr_array_new();
	if (units->len && cap < mt.section_h + 12 * mt.u) {
		pb_diag_error(
		    c->diags, c->layout->loc, "layout.room",
		    "a %.0f × %.0f mm board leaves %.0f mm between its header and footer; "
		    "the boards need at least %.0f mm",
		    mt.W, mt.H, MAX(cap, 0), mt.section_h + 12 * mt.u);
	} else if (units->len) {
		g_ptr_array_unref(boards);
		boards = paginate(&mt, units);
	}
	/* A unit taller than a whole board would run off it: say so where it comes from. */
	for (guint b = 0; b < boards->len; b++) {
		board *bd = boards->pdata[b];
		double h = run_height(&mt, bd->units, 0, bd->units->len);
		if (bd->units->len == 1 && h > cap + 0.01) {
			const unit *un = bd->units->pdata[0];
			pb_diag_error(c->diags, un->loc, "board.fit",
				      "this needs %.0f mm of a board that has room for %.0f mm", h,
				      cap);
		}
	}
	GPtrArray *docs = g_ptr_array_new_with_free_func((GDestroyNotify)pb_doc_free);
	for (guint b = 0; b < boards->len; b++) {
		board *bd = boards->pdata[b];
		pb_doc *doc = draw_board(c, &mt, col, bd, b + 1, boards->len, pieces, photos);
		g_autofree char *label =
		    g_strdup_printf("%s/%s-%02u.pdf", c->output->id.s, col->id.s, b + 1);
		const char *saved = c->file_label;
		c->file_label = label;
		pb_compose_finish(c, doc);
		c->file_label = saved;
		g_ptr_array_add(docs, doc);
	}
	boards_free(boards);
	g_ptr_array_unref(units);
	g_array_unref(pieces);
	g_ptr_array_unref(photos);
	return docs;
}
