/* compose-roll.c — the honor roll (光荣榜): every approved honoree once, on as many pages as
 * it takes.
 *
 * Order: the provincial level (省级) first, then the school level (校级); within a level the
 * colleges in manifest order, and within a college the honorees as listed.  Each level opens
 * with a section heading (repeated, marked 续, at the top of a page the level runs on to); its
 * cards flow through as few rows as the columns allow, shared out evenly and centred (7 cards
 * in 6 columns are 4 and 3, not 6 and a lonely 1), each college's run of cards in a row under
 * its bracket: the college's name and a gold rule to the run's end.  A card is
 * card.c's person card: the ID photo at 2-inch proportions, the name spaced as names are in
 * lists, the college, the class.
 *
 * Pages carry the boards' furniture, scaled by the unit u (a hundredth of the page's shorter
 * side): the red header band, the title under it, the footer with "n / N".  The rows are the
 * units of pagination (paginate.c), so no page ends with one lonely card when the rows can be
 * spread more evenly over the same pages.
 *
 * A photo that cannot be read stops the roll (it has no page without it), and only the roll;
 * a name with a character no font has is text.glyphs at its line (the card checks it).
 */
#include "card.h"
#include "composer.h"
#include "furniture.h"
#include "ornament.h"
#include "paginate.h"

#define PT(mm) ((mm) / PB_MM_PER_PT)

/* One card: an honoree and the college it belongs to. */
typedef struct entry {
	const pb_honoree *h;
	const pb_college *col;
} entry;

/* One row of the grid: the unit of pagination.  Rows never mix levels. */
typedef struct row {
	pb_level level;
	guint first, count; /* entries[first .. first + count) */
} row;

/* The roll's measures, mm. */
typedef struct roll {
	pb_furn f;
	double u;
	guint columns;
	double gutter;  /* between cards, and between rows */
	double card_w;  /* a card's width */
	double card_h;  /* its height */
	double label_h; /* the college's bracket above a run of cards */
	double row_h;   /* a row: bracket, cards and the gap below */
	double section_h;
	double top, bottom; /* where the rows go on every page */
	GArray *entries;    /* of entry, in roll order */
	GArray *rows;       /* of row */
} roll;

static const char *const level_title[] = {"省级优秀毕业生", "校级优秀毕业生"};

static void
roll_init(roll *r, const pb_layout *l)
{
	const double u = MIN(l->width, l->height) / 100;
	r->u = u;
	r->f = pb_furn_measures(l, u, 14 * u);
	r->gutter = l->gutter > 0 ? l->gutter : 1.2 * u;
	r->label_h = 2.2 * u;
	r->section_h = pb_furn_section_height(&r->f);
	/* under the title's rule (pb_furn_title: 9.1 units below the band), above the footer */
	r->top = r->f.band + 9.1 * u + 2.5 * u;
	r->bottom = pb_furn_footer_top(&r->f, l) - 1.5 * u;
	r->entries = g_array_new(FALSE, FALSE, sizeof(entry));
	r->rows = g_array_new(FALSE, FALSE, sizeof(row));
}

/* The most cards a row: the layout's `columns`, else as many as leave each card about 10.5
 * units (an ID photo 9 units wide and its margin): 7 on an A3 portrait page. */
static guint
most_columns(const roll *r, const pb_layout *l)
{
	if (l->columns)
		return l->columns;
	return MAX(2, (guint)((r->f.measure + r->gutter) / (10.5 * r->u + r->gutter)));
}

/* Every approved honoree once, provincial first, colleges in manifest order. */
static void
roll_entries(roll *r, const pb_manifest *m)
{
	for (int level = PB_LEVEL_PROVINCIAL; level <= PB_LEVEL_SCHOOL; level++)
		for (guint i = 0; i < m->colleges->len; i++) {
			const pb_college *col = m->colleges->pdata[i];
			for (guint k = 0; k < col->honorees->len; k++) {
				const pb_honoree *h = col->honorees->pdata[k];
				if (h->status != PB_STATUS_APPROVED || (int)h->level != level)
					continue;
				entry e = {h, col};
				g_array_append_val(r->entries, e);
			}
		}
}

/* The grid at `columns` cards a row: the cards' size, and the rows of each level. */
static void
roll_grid(roll *r, guint columns)
{
	r->columns = columns;
	r->card_w = (r->f.measure - (columns - 1) * r->gutter) / columns;
	r->card_h = pb_card_person_height(r->card_w, r->u);
	r->row_h = r->label_h + r->card_h + 1.4 * r->gutter;
	g_array_set_size(r->rows, 0);
	for (guint first = 0; first < r->entries->len;) {
		pb_level level = g_array_index(r->entries, entry, first).h->level;
		guint end = first;
		while (end < r->entries->len &&
		       g_array_index(r->entries, entry, end).h->level == level)
			end++;
		/* as few rows as the columns allow, the cards shared out evenly (7 cards in 6
		 * columns: 4 and 3, never 6 and a lonely 1), the fuller rows first */
		guint n = end - first, rows = (n + columns - 1) / columns;
		for (guint i = 0, at = first; i < rows; i++) {
			row w = {level, at, n / rows + (i < n % rows)};
			g_array_append_val(r->rows, w);
			at += w.count;
		}
		first = end;
	}
}

/* ---- pagination -------------------------------------------------------------------------- */

/* A run of rows on one page: each level that starts (or goes on) on it has its heading. */
static double
run_height(gpointer units, guint from, guint to, gpointer data)
{
	const roll *r = data;
	double h = 0;
	int level = -1;
	for (guint i = from; i < to; i++) {
		const row *w = &g_array_index((GArray *)units, row, i);
		if ((int)w->level != level) {
			level = (int)w->level;
			h += r->section_h;
		}
		h += r->row_h;
	}
	return h;
}

static double
unit_height(gpointer units, guint i, gpointer data)
{
	return ((const roll *)data)->row_h;
}

/* ---- drawing ----------------------------------------------------------------------------- */

/* A row's cards, and above each college's run of them its bracket: the college's name, and a
 * gold rule from it to the run's end. */
static void
draw_row(pb_compose *c, const roll *r, pb_page *page, const row *w, double y)
{
	const double u = r->u;
	/* a row shorter than the columns is centred */
	const double left = r->f.left + (r->columns - w->count) * (r->card_w + r->gutter) / 2;
	pb_paint line = pb_compose_stroke(c, "gold", 0.05 * u);
	pb_text_style st = pb_compose_style(c, "heading", PT(1.0 * u), "red");
	st.tracking = 0.15;
	st.leading = 1.2;
	for (guint k = w->first; k < w->first + w->count;) {
		const entry *e = &g_array_index(r->entries, entry, k);
		guint end = k + 1;
		while (end < w->first + w->count &&
		       g_array_index(r->entries, entry, end).col == e->col)
			end++;
		double x0 = left + (k - w->first) * (r->card_w + r->gutter);
		double x1 = left + (end - w->first) * (r->card_w + r->gutter) - r->gutter;
		/* every run names its college, a run carried over from the row before too: a bare
		 * rule would read as part of the next college's bracket */
		g_autoptr(pb_text_block) b =
		    pb_compose_fit_block(c, page->items, e->col->name.s, st, x0, y, x1 - x0,
					 r->label_h, 5, st.size, TRUE, e->col->name.loc);
		double mid = y + r->label_h / 2, rule_x = x0 + b->widest + 1.2 * u;
		if (rule_x < x1)
			pb_orn_rule(page->items, rule_x, mid, x1, mid, &line);
		for (guint i = k; i < end; i++) {
			const entry *ei = &g_array_index(r->entries, entry, i);
			double x = left + (i - w->first) * (r->card_w + r->gutter);
			pb_card_person(c, page->items, ei->h, &ei->col->name, x, y + r->label_h,
				       r->card_w, u);
		}
		k = end;
	}
}

static void
draw_page(pb_compose *c, const roll *r, pb_doc *doc, guint from, guint to, guint n, guint total)
{
	pb_page *page = pb_compose_page(c, doc);
	pb_furn_header(c, page, &r->f);
	pb_furn_title(c, page, &r->f, "优秀毕业生光荣榜", pb_loc_make("", 0, 0));
	double y = r->top;
	int level = -1;
	for (guint i = from; i < to; i++) {
		const row *w = &g_array_index(r->rows, row, i);
		if ((int)w->level != level) {
			level = (int)w->level;
			/* a level that began on an earlier page goes on (续) */
			gboolean goes_on = i == from && i > 0 &&
					   g_array_index(r->rows, row, i - 1).level == w->level;
			g_autofree char *title =
			    g_strdup_printf("%s%s", level_title[w->level], goes_on ? "（续）" : "");
			pb_furn_section(c, page, &r->f, y, title);
			y += r->section_h;
		}
		draw_row(c, r, page, w, y);
		y += r->row_h;
	}
	g_autofree char *right = g_strdup_printf("光荣榜　%u / %u", n, total);
	pb_furn_footer(c, page, &r->f, right, pb_loc_make("", 0, 0));
}

void
pb_roll_series(const pb_manifest *m, const pb_output *o, GArray *out)
{
	pb_series s = {.id = "roll", .whole = pb_loc_make("", 0, 0)};
	g_array_append_val(out, s);
}

/* Every college's name and every honoree, approved or not (status decides who is on it). */
void
pb_roll_inputs(const pb_manifest *m, const pb_series *s, pb_inputs *in)
{
	pb_inputs_event(in, m);
	for (guint i = 0; i < m->colleges->len; i++) {
		const pb_college *col = m->colleges->pdata[i];
		g_autofree char *ckey = g_strdup_printf("college %s", col->id.s);
		pb_inputs_part(in, ckey, "college", col->loc);
		pb_inputs_text(in, &col->id);
		pb_inputs_text(in, &col->name);
		for (guint k = 0; k < col->honorees->len; k++) {
			const pb_honoree *h = col->honorees->pdata[k];
			g_autofree char *key =
			    g_strdup_printf("honoree %s %s", col->id.s, h->name.s);
			g_autofree char *what = g_strdup_printf("honoree %s", h->name.s);
			pb_inputs_part(in, key, what, h->loc);
			pb_inputs_text(in, &h->name);
			pb_inputs_text(in, &h->class_);
			pb_inputs_num(in, h->level);
			pb_inputs_str(in, h->photo.shown);
			pb_inputs_status(in, h->status);
			if (h->photo.written)
				pb_inputs_file(in, h->photo.fs, h->photo.shown, "ID photo");
		}
	}
}

/* The pages of the grid at `columns`: the index of each page's first row. */
static GArray *
roll_pages(roll *r, guint columns)
{
	roll_grid(r, columns);
	pb_paginate p = {r->rows, r->rows->len, r->bottom - r->top, run_height, unit_height, r};
	return pb_paginate_run(&p);
}

void
pb_compose_roll(pb_compose *c, const pb_series *s, GPtrArray *files)
{
	roll r = {0};
	roll_init(&r, c->layout);
	roll_entries(&r, c->m);
	/* The most columns, unless a roll short enough takes the same pages with fewer, larger
	 * cards (down to two fewer): a short roll fills its page rather than leave half of it. */
	guint most = most_columns(&r, c->layout), columns = most;
	g_autoptr(GArray) starts = roll_pages(&r, most);
	for (guint fewer = most - 1; r.entries->len && fewer >= 2 && fewer + 2 >= most; fewer--) {
		g_autoptr(GArray) try = roll_pages(&r, fewer);
		if (try->len > starts->len)
			break;
		columns = fewer;
	}
	if (columns != r.columns) {
		g_array_unref(starts);
		starts = roll_pages(&r, columns);
	}
	double room = r.bottom - r.top, need = r.section_h + r.row_h;
	if (r.rows->len && room < need) {
		/* a layout whose header and footer leave no room for one row of cards */
		pb_diag_error(c->diags, c->layout->loc, "layout.room",
			      "a %.0f × %.0f mm roll page leaves %.0f mm between its header and "
			      "footer; a row of cards needs %.0f mm",
			      r.f.W, r.f.H, MAX(room, 0), need);
	} else if (r.rows->len) {
		const pb_event *e = &c->m->event;
		g_autofree char *title = g_strdup_printf("%s — 优秀毕业生光荣榜", e->title.s);
		pb_doc *doc = pb_doc_new(title, e->school.s, e->date.s);
		for (guint i = 0; i < starts->len; i++) {
			guint from = g_array_index(starts, guint, i);
			guint to =
			    i + 1 < starts->len ? g_array_index(starts, guint, i + 1) : r.rows->len;
			draw_page(c, &r, doc, from, to, i + 1, starts->len);
		}
		g_ptr_array_add(files, pb_file_new(s->id, doc, c->output->quantity));
	}
	g_array_unref(r.entries);
	g_array_unref(r.rows);
}
