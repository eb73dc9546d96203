/* compose-board.c — the display boards (展板) of the graduation-season exhibition.
 *
 * Each college's material flows over as many boards as it needs, in this order: the photo wall
 * (justified rows, photowall.c), the blessings (dean and secretary large, the others in rows),
 * the testimonials (cards in balanced columns, one type size a board, fitted to fill it; a text
 * far longer than its neighbours gets a wide card across two or more columns: columns.c).  Every
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
#include "card.h"
#include "columns.h"
#include "composer.h"
#include "furniture.h"
#include "paginate.h"
#include "photowall.h"
#include "check/rules.h"

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
	guint span; /* testimonials: the columns its card spans (1, or more for a wide card) */
	pb_loc loc; /* the manifest value of its first item, for findings */
} unit;

/* The board's measures, in mm unless said otherwise. */
typedef struct metrics {
	pb_furn f;                      /* the furniture's measures: unit, column, band */
	double u, left, right, measure; /* copied from f, for brevity */
	double top;    /* first content line, below the header and the college name */
	double bottom; /* last content line, above the footer */
	double gutter;
	double row_min, row_target, row_max;
	double caption_h; /* below each photo row */
	double section_h; /* a section heading */
	pb_columns cols;  /* the testimonials' columns */
} metrics;

typedef struct board {
	GPtrArray *units; /* of unit*, borrowed from the college's list */
} board;

static void
metrics_init(metrics *mt, const pb_layout *l)
{
	/* One unit u is a hundredth of the width; the header band is 24 of them. */
	mt->f = pb_furn_measures(l, l->width / 100, 0.24 * l->width);
	mt->u = mt->f.u;
	double u = mt->u;
	mt->left = mt->f.left;
	mt->right = mt->f.right;
	mt->measure = mt->f.measure;
	mt->gutter = l->gutter > 0 ? l->gutter : 1.6 * u;
	mt->row_target = l->row_target > 0 ? l->row_target : 22 * u;
	mt->row_min = l->row_min > 0 ? l->row_min : 15 * u;
	mt->row_max = l->row_max > 0 ? l->row_max : 30 * u;
	mt->caption_h = 3.0 * u;
	mt->section_h = pb_furn_section_height(&mt->f);
	/* Header band, then the college's name and its rule. */
	mt->top = mt->f.band + 2.5 * u + 6 * u + 3 * u;
	mt->bottom = l->height - l->margin[2] - 4 * u;
	mt->cols = (pb_columns){
	    .left = mt->left,
	    .measure = mt->measure,
	    .gutter = mt->gutter,
	    .columns = MIN(l->columns ? l->columns : (l->width >= 1000 ? 3 : 2), PB_COLUMNS_MAX),
	    .room = mt->bottom - mt->top,
	    .text_min = l->text_min > 0 ? l->text_min : PT(0.85 * u),
	    .text_max = l->text_max > 0 ? l->text_max : PT(1.7 * u),
	    .u = u};
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

	/* Testimonials: a card's share of the page is its height times the columns it spans over
	 * all the columns, measured at the middle of the size range; each board then fits its
	 * own size. */
	const pb_columns *k = &mt->cols;
	g_autoptr(GPtrArray) approved = g_ptr_array_new();
	for (guint i = 0; i < col->testimonials->len; i++) {
		const pb_testimonial *t = col->testimonials->pdata[i];
		if (t->status == PB_STATUS_APPROVED)
			g_ptr_array_add(approved, (gpointer)t);
	}
	g_autofree guint *spans = g_new(guint, approved->len);
	g_autofree double *heights = g_new(double, approved->len);
	pb_columns_measure(c, k, approved, (k->text_min + k->text_max) / 2, spans, heights);
	for (guint i = 0; i < approved->len; i++) {
		const pb_testimonial *t = approved->pdata[i];
		unit *un = unit_new(units, UNIT_TESTIMONIAL,
				    (heights[i] + mt->gutter) * spans[i] / k->columns);
		un->span = spans[i];
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

static double
paginate_run(gpointer units, guint from, guint to, gpointer mt)
{
	return run_height(mt, units, from, to);
}

static double
paginate_unit(gpointer units, guint i, gpointer mt)
{
	return ((const unit *)((GPtrArray *)units)->pdata[i])->height;
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

/* The fewest boards that hold the college's units (paginate.h: filled in reading order, the
 * testimonials then fitting their size to what is left; spread evenly instead when the last
 * board would be less than half full).  Deterministic, and a function of this college's units
 * only. */
static GPtrArray *
paginate(const metrics *mt, GPtrArray *units)
{
	pb_paginate p = {units,        units->len,    mt->bottom - mt->top,
			 paginate_run, paginate_unit, (gpointer)mt};
	g_autoptr(GArray) starts = pb_paginate_run(&p);
	GPtrArray *boards = g_ptr_array_new();
	for (guint b = 0; b < starts->len; b++) {
		guint from = g_array_index(starts, guint, b);
		guint to = b + 1 < starts->len ? g_array_index(starts, guint, b + 1) : units->len;
		board *bd = g_new0(board, 1);
		bd->units = g_ptr_array_new();
		for (guint i = from; i < to; i++)
			g_ptr_array_add(bd->units, units->pdata[i]);
		g_ptr_array_add(boards, bd);
	}
	return boards;
}

/* ---- drawing ----------------------------------------------------------------------------- */

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

/* A row of blessing cards, all set at one size: the largest at which every card fits. */
static double
blessing_row(pb_compose *c, const metrics *mt, pb_page *page, double y, const unit *un)
{
	gboolean large = un->kind == UNIT_SENIOR_ROW;
	guint per_row = large ? 2 : 3;
	double w = (mt->measure - (per_row - 1) * mt->gutter) / per_row;
	double h = un->height - mt->gutter, size = G_MAXDOUBLE;
	for (guint i = 0; i < un->items->len; i++)
		size = MIN(size, pb_card_blessing_fit(c, un->items->pdata[i], w, h, large, mt->u));
	for (guint i = 0; i < un->items->len; i++)
		pb_card_blessing(c, page->items, un->items->pdata[i],
				 mt->left + i * (w + mt->gutter), y, w, h, large, size, mt->u);
	return un->height;
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
	pb_furn_header(c, page, &mt->f);
	pb_furn_title(c, page, &mt->f, col->name.s, col->name.loc);
	double y = mt->top;
	int section = -1;
	GPtrArray *cards = g_ptr_array_new();
	g_autoptr(GArray) spans = g_array_new(FALSE, FALSE, sizeof(guint));
	double cards_top = 0;
	for (guint i = 0; i < units->len; i++) {
		const unit *un = units->pdata[i];
		if (unit_section[un->kind] != section) {
			section = unit_section[un->kind];
			pb_furn_section(c, page, &mt->f, y, section_title[section]);
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
			g_array_append_val(spans, un->span);
			break;
		}
	}
	if (cards->len)
		pb_columns_set(c, &mt->cols, page->items, cards_top, mt->bottom - cards_top, cards,
			       (const guint *)spans->data);
	g_ptr_array_unref(cards);
	g_autofree char *right = g_strdup_printf("%s　%u / %u", col->name.s, n, total);
	pb_furn_footer(c, page, &mt->f, right, col->name.loc);
	return doc;
}

void
pb_board_series(const pb_manifest *m, const pb_output *o, GArray *out)
{
	for (guint i = 0; i < m->colleges->len; i++) {
		const pb_college *col = m->colleges->pdata[i];
		pb_series s = {.id = col->id.s, .college = col, .whole = col->loc};
		g_array_append_val(out, s);
	}
}

/* Every item of the college, approved or not: its status decides whether it shows, and any
 * of them moves the pagination. */
void
pb_board_inputs(const pb_manifest *m, const pb_series *s, pb_inputs *in)
{
	const pb_college *col = s->college;
	pb_inputs_event(in, m);
	pb_inputs_part(in, "college", "college", col->loc);
	pb_inputs_text(in, &col->id);
	pb_inputs_text(in, &col->name);
	for (guint i = 0; i < col->photos->len; i++) {
		const pb_photo *p = col->photos->pdata[i];
		const pb_path *first = &g_array_index(p->files, pb_path, 0);
		g_autofree char *key = g_strdup_printf("photo %s", first->shown);
		g_autofree char *what = g_strdup_printf("photo %s", p->title.s);
		pb_inputs_part(in, key, what, p->loc);
		pb_inputs_text(in, &p->title);
		pb_inputs_text(in, &p->class_);
		pb_inputs_status(in, p->status);
		pb_inputs_num(in, p->has_focus ? p->focus[0] : -1);
		pb_inputs_num(in, p->has_focus ? p->focus[1] : -1);
		for (guint f = 0; f < p->files->len; f++)
			pb_inputs_str(in, g_array_index(p->files, pb_path, f).shown);
		for (guint f = 0; f < p->files->len; f++) {
			const pb_path *path = &g_array_index(p->files, pb_path, f);
			pb_inputs_file(in, path->fs, path->shown, "photo");
		}
	}
	for (guint i = 0; i < col->testimonials->len; i++) {
		const pb_testimonial *t = col->testimonials->pdata[i];
		g_autofree char *key = g_strdup_printf("testimonial %s", t->name.s);
		g_autofree char *what = g_strdup_printf("testimonial of %s", t->name.s);
		pb_inputs_part(in, key, what, t->loc);
		pb_inputs_text(in, &t->name);
		pb_inputs_text(in, &t->class_);
		pb_inputs_text(in, &t->text);
		pb_inputs_status(in, t->status);
	}
	for (guint i = 0; i < col->blessings->len; i++) {
		const pb_blessing *b = col->blessings->pdata[i];
		g_autofree char *key =
		    g_strdup_printf("blessing %s %s", pb_role_key(b->role), b->name.s);
		g_autofree char *what = g_strdup_printf("blessing of %s", b->name.s);
		pb_inputs_part(in, key, what, b->loc);
		pb_inputs_str(in, pb_role_key(b->role));
		pb_inputs_text(in, &b->name);
		pb_inputs_text(in, &b->text);
		pb_inputs_str(in, b->portrait.shown);
		pb_inputs_status(in, b->status);
		if (b->portrait.written)
			pb_inputs_file(in, b->portrait.fs, b->portrait.shown, "portrait");
	}
}

void
pb_compose_boards(pb_compose *c, const pb_series *s, GPtrArray *files)
{
	const pb_college *col = s->college;
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
		    mt.f.W, mt.f.H, MAX(cap, 0), mt.section_h + 12 * mt.u);
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
	for (guint b = 0; b < boards->len; b++) {
		pb_doc *doc =
		    draw_board(c, &mt, col, boards->pdata[b], b + 1, boards->len, pieces, photos);
		g_autofree char *name = g_strdup_printf("%s-%02u", col->id.s, b + 1);
		g_ptr_array_add(files, pb_file_new(name, doc, c->output->quantity));
	}
	boards_free(boards);
	g_ptr_array_unref(units);
	g_array_unref(pieces);
	g_ptr_array_unref(photos);
}
