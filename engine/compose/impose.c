/* impose.c — cards N-up on press sheets; see impose.h.
 *
 * Marks: each card has its own crop marks, two at each corner, starting half a millimetre
 * beyond its bleed.  Between two cards they share the gap, each taking at most half of it
 * less a little, so the marks of neighbours meet end to end along one cut line without
 * running into a bleed; full marks are 5 mm, and the gaps widen up to what that needs when
 * the sheet has room.
 *
 * Cut-and-stack: the printed sheets are stacked in order and cut through, and the piles of
 * each place laid one on the next.  For the piles to come out in roster order, place k of
 * sheet s holds card k·S + s (S sheets): pile 0 is cards 0 … S−1, pile 1 the next S, and so on.
 */
#include "impose.h"
#include "base/units.h"

#include <math.h>

#define MARK_OFFSET 0.5 /* mm beyond the bleed */
#define MARK_FULL 5.0   /* mm */
#define MARK_CLEAR 0.5  /* mm between the marks of neighbours that meet */

static pb_loc
nowhere(void)
{
	return pb_loc_make("", 0, 0);
}

/* How many of `size` fit in `room` with `gap` between them. */
static guint
count_in(double room, double size, double gap)
{
	if (room + 1e-9 < size)
		return 0;
	return (guint)floor((room - size) / (size + gap) + 1e-9) + 1;
}

/* Spreads what `n` cards of `size` leave of the `sheet` side (with `margin` and `gap` at
 * least) over the gaps and the two margins alike, gaps up to `gap_max`; the gap and the margin
 * to out. */
static void
spread(double sheet, guint n, double size, double margin, double gap, double gap_max,
       double *out_gap, double *out_margin)
{
	double left = sheet - 2 * margin - n * size - (n - 1) * gap;
	double g = n > 1 ? MIN(gap + left / (n + 1), MAX(gap, gap_max)) : gap;
	*out_gap = g;
	*out_margin = (sheet - n * size - (n - 1) * g) / 2;
}

/* A mark's length where it has `room` mm beyond the bleed: in a gap, half of it; at the
 * paper's edge, the margin less a millimetre. */
static double
mark_length(guint n, double gap, double margin)
{
	double len = MIN(MARK_FULL, margin - MARK_OFFSET - 1.0);
	if (n > 1)
		len = MIN(len, (gap - 2 * MARK_OFFSET - MARK_CLEAR) / 2);
	return MAX(len, 0.5);
}

void
pb_impose_plan(const pb_layout *l, pb_imposition *p)
{
	const double b = l->bleed, cw = l->width + 2 * b, ch = l->height + 2 * b;
	const double m = l->sheet_margin, g = l->sheet_gap;
	*p = (pb_imposition){
	    .card_w = l->width, .card_h = l->height, .bleed = b, .sheet_name = l->sheet_name};
	for (int turn = 0; turn < 2; turn++) {
		double sw = turn ? l->sheet_h : l->sheet_w, sh = turn ? l->sheet_w : l->sheet_h;
		guint cols = count_in(sw - 2 * m, cw, g), rows = count_in(sh - 2 * m, ch, g);
		if (cols * rows > p->per_sheet) {
			p->sheet_w = sw, p->sheet_h = sh;
			p->cols = cols, p->rows = rows, p->per_sheet = cols * rows;
		}
	}
	/* the layout's check makes sure one card fits; this guards the arithmetic anyway */
	if (p->per_sheet == 0) {
		p->sheet_w = MAX(l->sheet_w, cw + 2 * m), p->sheet_h = MAX(l->sheet_h, ch + 2 * m);
		p->cols = p->rows = p->per_sheet = 1;
	}
	const double gap_max = 2 * (MARK_OFFSET + MARK_FULL) + MARK_CLEAR;
	double gx, gy;
	spread(p->sheet_w, p->cols, cw, m, g, gap_max, &gx, &p->margin_x);
	spread(p->sheet_h, p->rows, ch, m, g, gap_max, &gy, &p->margin_y);
	p->x0 = p->margin_x + b, p->y0 = p->margin_y + b;
	p->step_x = cw + gx, p->step_y = ch + gy;
	p->mark_x = mark_length(p->cols, gx, p->margin_x);
	p->mark_y = mark_length(p->rows, gy, p->margin_y);
}

char *
pb_impose_paper(const pb_imposition *p)
{
	/* named as the sheet is bought: portrait, the shorter side first */
	double a = MIN(p->sheet_w, p->sheet_h), z = MAX(p->sheet_w, p->sheet_h);
	return p->sheet_name ? g_strdup_printf("%s %g × %g mm", p->sheet_name, a, z)
			     : g_strdup_printf("%g × %g mm", a, z);
}

/* Where the slug line goes: along the sheet's widest free margin, the left one (turned to read
 * upwards) or the bottom one.  The group to set it in, at the sheet's place for it. */
static GPtrArray *
slug_group(const pb_imposition *p, GPtrArray *parent, double *width)
{
	const double line = 7 * 1.5 * PB_MM_PER_PT; /* the slug's 7 pt line */
	double block_bottom = p->y0 + (p->rows - 1) * p->step_y + p->card_h;
	double free_left = p->margin_x - MARK_OFFSET - p->mark_x;
	double free_bottom = p->sheet_h - block_bottom - p->bleed - MARK_OFFSET - p->mark_y;
	pb_item *g;
	if (free_left >= free_bottom) {
		g = pb_frame_add_group(parent, MAX(0.5, (free_left - line) / 2), block_bottom,
				       FALSE, line, p->sheet_h, nowhere());
		g->group.a = 0, g->group.b = -1, g->group.c = 1, g->group.d = 0;
		*width = block_bottom - p->y0;
	} else {
		double y = p->sheet_h - MAX(0.5, (free_bottom - line) / 2) - line;
		g = pb_frame_add_group(parent, p->x0, y, FALSE, p->sheet_w, line, nowhere());
		*width = p->sheet_w - 2 * p->x0;
	}
	return g->group.children;
}

/* What sheets with the same places filled share: the crop marks around those cards and the
 * slug's label and tail.  Keyed by the count of cards (a sheet fills its places in order). */
typedef struct sheet_furniture {
	GPtrArray *items;
	double counter_x; /* mm, along the slug */
} sheet_furniture;

static void
sheet_furniture_free(gpointer p)
{
	sheet_furniture *f = p;
	g_ptr_array_unref(f->items);
	g_free(f);
}

/* What the sheets read when their items are asked for (they are filled when asked: a sheet of
 * a 20,000-card roster would otherwise hold its places from composition to the last file). */
typedef struct sheet_set {
	pb_imposition plan;
	guint n;                  /* cards */
	pb_impose_place_fn place; /* places card i */
	gpointer cards;           /* what it places them from */
	GDestroyNotify release;   /* frees `cards` */
	guint sheets;             /* S */
	gboolean repeat;          /* the first card at every place */
	GHashTable *furniture;    /* of sheet_furniture*, by the count of places filled */
	pb_text_block *word;      /* "sheet " */
	GPtrArray *counters;      /* of pb_text_block*, "s/S" for each sheet */
} sheet_set;

static void
sheet_set_free(gpointer p)
{
	sheet_set *set = p;
	set->release(set->cards);
	g_hash_table_unref(set->furniture);
	pb_text_block_unref(set->word);
	g_ptr_array_unref(set->counters);
	g_free(set);
}

/* The card at place k of sheet s, or -1 for an empty place. */
static gint
card_at(const sheet_set *set, guint s, guint k)
{
	guint card = set->repeat ? 0 : k * set->sheets + s;
	return card < set->n ? (gint)card : -1;
}

static guint
places_filled(const sheet_set *set, guint s)
{
	guint filled = 0;
	for (guint k = 0; k < set->plan.per_sheet; k++)
		if (card_at(set, s, k) >= 0)
			filled = k + 1;
	return filled;
}

/* Sheet s: its cards, each placed by the card file's own placing at its place (the same items
 * as its page, made anew for each reader), then the marks and slug its count of places shares,
 * and its counter. */
static void
fill_sheet(const pb_page *page, GPtrArray *items, gconstpointer data, guint s)
{
	const sheet_set *set = data;
	const pb_imposition *p = &set->plan;
	for (guint k = 0; k < p->per_sheet; k++) {
		gint card = card_at(set, s, k);
		if (card < 0)
			continue;
		double x = p->x0 + (k % p->cols) * p->step_x;
		double y = p->y0 + (k / p->cols) * p->step_y;
		set->place(items, set->cards, (guint)card, x, y);
	}
	const sheet_furniture *f =
	    g_hash_table_lookup(set->furniture, GUINT_TO_POINTER(places_filled(set, s)));
	pb_frame_add_shared(items, f->items, 0, 0, 1, 0, 0, 1, p->sheet_w, p->sheet_h, nowhere());
	double width;
	GPtrArray *line = slug_group(p, items, &width);
	pb_compose_slug_place(line, set->word, f->counter_x, 0);
	pb_compose_slug_place(line, set->counters->pdata[s], f->counter_x + set->word->widest, 0);
}

pb_doc *
pb_impose_sheets(pb_compose *c, const pb_imposition *p, guint n, pb_impose_place_fn place,
		 gpointer cards, GDestroyNotify release, gboolean repeat, const char *label)
{
	const pb_event *e = &c->m->event;
	g_autofree char *title =
	    g_strdup_printf("%s · 纪念礼盒内卡 · %s 拼版", e->title.s ? e->title.s : "",
			    p->sheet_name ? p->sheet_name : "");
	pb_doc *doc = pb_doc_new(title, e->school.s, e->date.s);
	doc->max_ppi = c->layout->max_ppi;
	const guint per = p->per_sheet;
	const guint sheets = repeat || n == 0 ? 1 : (n + per - 1) / per;
	sheet_set *set = g_new0(sheet_set, 1);
	*set =
	    (sheet_set){.plan = *p,
			.n = n,
			.place = place,
			.cards = cards,
			.release = release,
			.sheets = sheets,
			.repeat = repeat,
			.furniture = g_hash_table_new_full(NULL, NULL, NULL, sheet_furniture_free)};
	pb_doc_keep(doc, set, sheet_set_free);
	g_autofree char *paper = pb_impose_paper(p);
	g_autofree char *tail = g_strdup_printf(
	    "%s   %s, %u up (%u × %u) of %g × %g mm, bleed %g mm   %s%s",
	    e->date.s ? e->date.s : "", paper, per, p->cols, p->rows, p->card_w, p->card_h,
	    p->bleed, repeat ? "the same card at every place" : "cut and stack",
	    c->draft ? "   DRAFT" : "");
	/* the counters first, so the tail can stand after the widest */
	double width = 0, slot = 0;
	g_autoptr(GPtrArray) scratch = pb_frame_items_new();
	slug_group(p, scratch, &width);
	/* "sheet " laid out once, and each "17/250" spelt from the digits' glyphs (shaping each
	 * sheet's afresh was a twentieth of composing the 20,000-card insert) */
	set->word = pb_compose_slug_text(c, "sheet ", width, TRUE);
	g_autoptr(pb_text_block) digits = NULL;
	set->counters = g_ptr_array_new_with_free_func((GDestroyNotify)pb_text_block_unref);
	for (guint s = 0; s < sheets; s++) {
		g_autofree char *text = g_strdup_printf("%u/%u", s + 1, sheets);
		pb_text_block *b = pb_compose_counter(c, &digits, text, width);
		slot = MAX(slot, set->word->widest + b->widest);
		g_ptr_array_add(set->counters, b);
	}
	for (guint s = 0; s < sheets; s++) {
		pb_page *page = pb_doc_add_page(doc, p->sheet_w, p->sheet_h, 0, 0);
		page->own_marks = TRUE;
		guint filled = places_filled(set, s);
		if (!g_hash_table_contains(set->furniture, GUINT_TO_POINTER(filled))) {
			sheet_furniture *f = g_new0(sheet_furniture, 1);
			f->items = pb_frame_items_new();
			for (guint k = 0; k < filled; k++)
				pb_compose_crop_marks(f->items, p->x0 + (k % p->cols) * p->step_x,
						      p->y0 + (k / p->cols) * p->step_y, p->card_w,
						      p->card_h, p->bleed + MARK_OFFSET, p->mark_x,
						      p->mark_y);
			GPtrArray *line = slug_group(p, f->items, &width);
			f->counter_x =
			    pb_compose_slug_fixed(c, line, width, label, tail, slot, 0, 0);
			g_hash_table_insert(set->furniture, GUINT_TO_POINTER(filled), f);
		}
		const pb_text_block *counter = set->counters->pdata[s];
		g_autofree char *counted = g_strconcat(set->word->text, counter->text, NULL);
		page->slug_text = pb_compose_slug_line(label, counted, tail);
		pb_page_fill_with(page, 0, fill_sheet, set, s);
	}
	return doc;
}
