/* compose-insert.c — the souvenir-box insert (纪念礼盒内卡): the card that holds each graduate's
 * commemorative badge in a round window, with its die-cut.
 *
 * One series, "insert", and three files: insert (a card per graduate of the roster, or one
 * generic card), insert-dieline (one page of the card's geometry with the cut alone, for the
 * cutter and the die-maker: every card has the same window) and insert-sheets (the cards
 * imposed on the press sheet: impose.c).
 *
 * The design, on the layout's ground (red, or its image): a gold frame with corner ornaments;
 * the window ringed by a gold rim; above it the school and the season's theme in the display
 * face; below it the graduate's name, large, in cream, the class and college in gold, a
 * personal line in kai (the roster's blessing, or the card's own), and the edition at the
 * foot.  Sizes follow the card (a hundredth of its shorter side is the unit) and the window's
 * place: the texts go in the two bands the window leaves, the personal ones in the larger.
 *
 * A card is cut, so: the artwork under the window continues past the cut by the bleed (the
 * rim starts `bleed` inside it), the cut is a path in the CutContour spot ink with overprint,
 * and nothing that matters (text) comes within `cut_safe` of the cut or the trim; a layout
 * that puts it there is an error at the layout's line (cut.safe), found on the card as set.
 *
 * Speed and size: everything that is the same on every card (ground, halo, frame, rim, theme,
 * school, edition, the cut, and the default line on the cards without one of their own) is
 * composed once into groups the pages share, so a page is its own texts and references, and a
 * PDF stores the shared part once.  A card is kept as its own texts alone, and its page and
 * its place on a sheet are filled when asked (frame.h): between the build's readers a card
 * holds its texts and a few words, not a frame.  Repeated texts (a class and college) are laid out
 * once, and their placed runs borrow the laid-out block's; a name is laid out once at the largest
 * size and only again if it must shrink.  The ornament is one filled path: a PDF writer's work
 * on every page that places it goes by drawing operations, not by what they draw.
 */
#include "composer.h"
#include "impose.h"
#include "ornament.h"
#include "base/units.h"
#include "check/rules.h"

#include <math.h>
#include <string.h>

/* What a card says when it has no personal line, and where a generic card has no name. */
#define DEFAULT_BLESSING "愿你前程似锦，归来仍是少年"
#define GENERIC_NAME "亲爱的毕业生"

/* Type sizes, pt on a 100 mm card; other cards scale them by their design unit. */
#define SIZE_SCHOOL 6.5
#define SIZE_THEME 14.5
#define SIZE_EDITION 6.5
#define SIZE_NAME 24.0
#define SIZE_LINE 7.0
#define SIZE_BLESSING 8.5

/* A band of the card the window leaves free for text, [top, bottom] mm. */
typedef struct band {
	double top, bottom;
} band;

typedef struct card {
	pb_compose *c;
	double W, H, u;        /* trim, mm; the design unit */
	double cx, cy, r;      /* the window, mm */
	double left, measure;  /* the text column, mm */
	band head, personal;   /* above or below the window: the smaller, the larger */
	double name_y, name_h; /* the slots of the personal band, mm */
	double line_y, line_h;
	double bless_y, bless_h;
	GPtrArray *fixed;    /* shared by every card: ground, ornament, theme, school, edition */
	GPtrArray *cut;      /* shared: the die-cut */
	GPtrArray *blessing; /* shared by the cards without a line of their own: the default */
	gboolean blessing_checked; /* its rules, asked when the first card showed it */
	gboolean blessing_unfit;   /* it overflows its box even at the smallest size */
	GHashTable *checked;       /* class and college strings whose glyphs were checked */
	gboolean unsafe_said;      /* cut.safe is said once a document */
} card;

static pb_loc
nowhere(void)
{
	return pb_loc_make("", 0, 0);
}

static double
band_height(const band *b)
{
	return b->bottom - b->top;
}

/* ---- nothing that matters near the cut or the trim ----------------------------------------- */

typedef struct safe_walk {
	card *k;
	const char *what; /* the first offender, for the message */
	gboolean near_window;
} safe_walk;

/* The ink of an item in page space: glyphs by their ink extents, other items by their box. */
static void
ink_box(const pb_item *it, const pb_matrix *m, double box[4])
{
	if (it->kind != PB_ITEM_GLYPHS) {
		pb_item_bounds_m(it, m, box);
		return;
	}
	PangoRectangle ink;
	pango_glyph_string_extents(it->glyphs.run->glyphs, it->glyphs.run->item->analysis.font,
				   &ink, NULL);
	const double k = PB_MM_PER_PT / PANGO_SCALE * it->glyphs.scale;
	double x0 = it->x + ink.x * k, y0 = it->y + ink.y * k;
	double x1 = x0 + ink.width * k, y1 = y0 + ink.height * k;
	double xs[2] = {x0, x1}, ys[2] = {y0, y1};
	box[0] = box[1] = G_MAXDOUBLE, box[2] = box[3] = -G_MAXDOUBLE;
	for (int i = 0; i < 2; i++)
		for (int j = 0; j < 2; j++) {
			double px, py;
			pb_matrix_apply(m, xs[i], ys[j], &px, &py);
			box[0] = MIN(box[0], px), box[1] = MIN(box[1], py);
			box[2] = MAX(box[2], px), box[3] = MAX(box[3], py);
		}
}

static void
safe_item(const pb_item *it, const pb_matrix *m, gpointer data)
{
	safe_walk *sw = data;
	if (sw->what || (it->role != PB_AS_TEXT && it->role != PB_AS_PHOTO) ||
	    (it->kind != PB_ITEM_GLYPHS && it->kind != PB_ITEM_IMAGE))
		return;
	const card *k = sw->k;
	const double safe = k->c->layout->cut_safe, eps = 0.005;
	double box[4];
	ink_box(it, m, box);
	if (box[2] <= box[0] || box[3] <= box[1])
		return; /* a space draws nothing */
	/* the nearest point of the box to the window's centre */
	double dx = MAX(MAX(box[0] - k->cx, 0), k->cx - box[2]);
	double dy = MAX(MAX(box[1] - k->cy, 0), k->cy - box[3]);
	gboolean window = hypot(dx, dy) < k->r + safe - eps;
	gboolean trim = box[0] < safe - eps || box[1] < safe - eps || box[2] > k->W - safe + eps ||
			box[3] > k->H - safe + eps;
	if (!window && !trim)
		return;
	sw->what = it->kind == PB_ITEM_IMAGE ? "an image" : "text";
	sw->near_window = window;
}

/* The items of a card's own, not those of the groups every card shares (checked once). */
static void
safe_own(const GPtrArray *items, const pb_matrix *m, safe_walk *sw)
{
	for (guint i = 0; i < items->len && !sw->what; i++) {
		const pb_item *it = items->pdata[i];
		if (it->kind != PB_ITEM_GROUP) {
			safe_item(it, m, sw);
		} else if (!it->group.shared) {
			pb_matrix inner = pb_matrix_group(m, it);
			safe_own(it->group.children, &inner, sw);
		}
	}
}

/* cut.safe: the layout put something that matters within cut_safe of the window's cut or of the
 * trim.  Said once, at the layout's line that placed it (the window, or the margin).  `own`:
 * only what is not in a shared group. */
static void
check_safe(card *k, const GPtrArray *items, gboolean own)
{
	if (k->unsafe_said)
		return;
	safe_walk sw = {k, NULL, FALSE};
	pb_matrix id = pb_matrix_identity();
	if (own)
		safe_own(items, &id, &sw);
	else
		pb_frame_walk(items, &id, safe_item, &sw);
	if (!sw.what)
		return;
	const pb_layout *l = k->c->layout;
	k->unsafe_said = TRUE;
	pb_diag_error(k->c->diags, sw.near_window ? l->window_loc : l->margin_loc, "cut.safe",
		      "%s of the card comes within the %g mm cut_safe of %s", sw.what, l->cut_safe,
		      sw.near_window ? "the window's cut" : "the trim");
}

/* ---- geometry ------------------------------------------------------------------------------ */

/* The bands above and below the window, and the slots of the personal one; cut.safe at the
 * layout's line (the margin's, or the window's) when the layout leaves the texts too little
 * room outside cut_safe. */
static void
card_geometry(card *k)
{
	const pb_layout *l = k->c->layout;
	const double safe = l->cut_safe;
	k->W = l->width, k->H = l->height, k->u = MIN(k->W, k->H) / 100;
	k->cx = l->window_x, k->cy = l->window_y, k->r = l->window_d / 2;
	/* text keeps the margin and cut_safe from the trim, whichever is more */
	double top = MAX(l->margin[0], safe), bottom = k->H - MAX(l->margin[2], safe);
	k->left = MAX(l->margin[3], safe);
	k->measure = k->W - MAX(l->margin[1], safe) - k->left;
	band above = {top, k->cy - k->r - safe}, below = {k->cy + k->r + safe, bottom};
	gboolean personal_below = band_height(&below) >= band_height(&above);
	k->personal = personal_below ? below : above;
	k->head = personal_below ? above : below;
	/* the personal band, top down: the name, the class and college, the personal line; the
	 * edition at its foot belongs to the fixed part */
	const double u = k->u, gap = 1.2 * u;
	k->name_h = 10.4 * u;
	k->line_h = 3.4 * u;
	k->bless_h = 4.4 * u;
	double need = k->name_h + k->line_h + k->bless_h + 3.2 * u + 2 * gap;
	double spare = MAX(0, band_height(&k->personal) - need);
	k->name_y = k->personal.top + spare * 0.25;
	k->line_y = k->name_y + k->name_h + gap * 0.4;
	k->bless_y = k->line_y + k->line_h + gap + spare * 0.25;
	if (l->margin[0] < safe || l->margin[1] < safe || l->margin[2] < safe ||
	    l->margin[3] < safe) {
		pb_diag_error(k->c->diags, l->margin_loc, "cut.safe",
			      "the margin puts text within the %g mm cut_safe of the trim", safe);
		k->unsafe_said = TRUE;
	} else if (band_height(&k->personal) + 0.01 < need || band_height(&k->head) < 8.5 * u) {
		pb_diag_error(
		    k->c->diags, l->window_loc, "cut.safe",
		    "the window leaves %.1f mm and %.1f mm above and below it, outside its %g mm "
		    "cut_safe; the card's texts need %.1f mm and %.1f mm",
		    band_height(&above), band_height(&below), safe, personal_below ? 8.5 * u : need,
		    personal_below ? need : 8.5 * u);
		k->unsafe_said = TRUE;
	}
}

/* ---- the fixed part ------------------------------------------------------------------------ */

static pb_text_style
style(card *k, const char *role, const char *color, double leading, double tracking)
{
	pb_text_style st = pb_compose_style(k->c, role, 0, color);
	st.align = PB_ALIGN_CENTER;
	st.leading = leading;
	st.tracking = tracking;
	return st;
}

/* The personal line's style, the roster's blessings and the card's default alike: kai, on the
 * ground's colour. */
static pb_text_style
blessing_style(card *k)
{
	return style(k, "quote", "ground", 1.35, 0.08);
}

/* An axis-aligned line from (x0, y0) to (x1, y1), `w` mm wide, as a filled sub-path of `p`,
 * run clockwise like the diamonds and circles it shares the path with. */
static void
bar(pb_item *p, double x0, double y0, double x1, double y1, double w)
{
	double l = MIN(x0, x1), r = MAX(x0, x1), t = MIN(y0, y1), b = MAX(y0, y1);
	if (l == r)
		l -= w / 2, r += w / 2;
	else
		t -= w / 2, b += w / 2;
	pb_path_move(p, l, t);
	pb_path_line(p, r, t);
	pb_path_line(p, r, b);
	pb_path_line(p, l, b);
	pb_path_close(p);
}

/* The ornament, in gold: a hairline frame with an L and a diamond at each corner, the window's
 * rim with a fine ring and four diamonds around it, and two short rules with diamonds either
 * side of the edition.  The rim starts `bleed` inside the cut, so a die that lands off by up to
 * the bleed still leaves gold at the window's edge, never the ground beneath.
 *
 * All of it one filled path (the lines as thin bars, the rings as a circle and a hole): this
 * art is on every card, and a PDF writer's work goes by drawing operations, strokes above all,
 * not by what they draw. */
static void
ornament(card *k, GPtrArray *parent)
{
	const pb_layout *l = k->c->layout;
	const double u = k->u, b = l->bleed;
	pb_paint gold = pb_compose_fill(k->c, "gold");
	pb_item *art = pb_frame_add_path(parent, 0, 0, &gold, nowhere());
	/* the frame, and at each corner an L inside it with a diamond */
	const double in = 3.6 * u, W = k->W, H = k->H, arm = 5 * u, gap = 1.1 * u;
	const double hair = 0.1 * u, line = 0.14 * u;
	bar(art, in, in, W - in, in, hair);
	bar(art, W - in, in, W - in, H - in, hair);
	bar(art, W - in, H - in, in, H - in, hair);
	bar(art, in, H - in, in, in, hair);
	for (int i = 0; i < 4; i++) {
		double sx = i & 1 ? -1 : 1, sy = i & 2 ? -1 : 1;
		double cx = (i & 1 ? W - in : in) + sx * gap, cy = (i & 2 ? H - in : in) + sy * gap;
		bar(art, cx - sx * line / 2, cy, cx + sx * arm, cy, line);
		bar(art, cx, cy - sy * line / 2, cx, cy + sy * arm, line);
		pb_orn_diamond_path(art, cx + sx * 1.6 * gap, cy + sy * 1.6 * gap, 0.75 * u);
	}
	/* the rim, what shows of it once the window is cut, and the fine ring beyond */
	const double rim = 1.1 * u, r2 = k->r + rim + 1.3 * u;
	pb_orn_circle_path(art, k->cx, k->cy, r2 + 0.06 * u);
	pb_orn_circle_path_back(art, k->cx, k->cy, r2 - 0.06 * u);
	pb_orn_circle_path(art, k->cx, k->cy, k->r + rim);
	pb_orn_circle_path_back(art, k->cx, k->cy, k->r - b);
	for (int i = 0; i < 4; i++) {
		double a = G_PI / 4 + i * G_PI / 2;
		pb_orn_diamond_path(art, k->cx + r2 * cos(a), k->cy + r2 * sin(a), 0.9 * u);
	}
	/* the edition's rules, either side of it at the foot of the personal band */
	const double mid = k->personal.bottom - 1.6 * u, half = W / 2;
	for (int side = -1; side <= 1; side += 2) {
		bar(art, half + side * 13 * u, mid, half + side * 24 * u, mid, 0.09 * u);
		pb_orn_diamond_path(art, half + side * 24.4 * u, mid, 0.35 * u);
	}
}

/* Rings around the window in the ground's colour warmed by a little gold, spreading and
 * thinning outwards like the ripples of a medal's guilloché: depth without a second colour.
 * One filled path, like the ornament. */
static void
halo(card *k, GPtrArray *parent)
{
	const pb_layout *l = k->c->layout;
	pb_rgb ground =
	    l->has_background_color ? l->background_color : pb_compose_color(k->c, "red");
	pb_rgb gold = pb_compose_color(k->c, "gold");
	const double u = k->u, t = 0.12; /* gold's share */
	pb_paint p = {.fill = TRUE,
		      .fill_color = {ground.r + (gold.r - ground.r) * t,
				     ground.g + (gold.g - ground.g) * t,
				     ground.b + (gold.b - ground.b) * t}};
	pb_item *rings = pb_frame_add_path(parent, 0, 0, &p, nowhere());
	rings->role = PB_AS_ORNAMENT;
	for (int i = 0; i < 6; i++) {
		double r = k->r + 4.6 * u + i * (2.2 + i * 0.35) * u, w = (0.3 - i * 0.03) * u;
		pb_orn_circle_path(rings, k->cx, k->cy, r + w);
		pb_orn_circle_path_back(rings, k->cx, k->cy, r);
	}
}

/* Sets `text` fitted into the box (left, y, measure, h) between `min` and `max` pt. */
static void
fixed_text(card *k, GPtrArray *parent, const char *text, pb_text_style st, double y, double h,
	   double min, double max, pb_loc loc)
{
	if (text)
		pb_compose_fit(k->c, parent, text, st, k->left, y, k->measure, h, min, max, TRUE,
			       loc);
}

/* The part of every card that is the same: made once, shared by every page. */
static void
card_fixed(card *k)
{
	const pb_event *e = &k->c->m->event;
	const double u = k->u;
	k->fixed = pb_frame_items_new();
	pb_compose_background(k->c, k->fixed);
	halo(k, k->fixed);
	ornament(k, k->fixed);
	/* the head band: the school, small and spaced, over the theme in the display face */
	double y = k->head.top + MAX(0, band_height(&k->head) - 9.6 * u) * 0.45;
	fixed_text(k, k->fixed, e->school.s, style(k, "caption", "ground", 1.3, 0.32), y, 3.2 * u,
		   4, SIZE_SCHOOL * u, e->school.loc);
	fixed_text(k, k->fixed, e->title.s, style(k, "display", "gold", 1.15, 0.06), y + 3.4 * u,
		   6.2 * u, 7, SIZE_THEME * u, e->title.loc);
	/* the edition at the foot of the personal band, between two short gold rules */
	double foot = k->personal.bottom - 3.2 * u;
	fixed_text(k, k->fixed, e->edition.s, style(k, "caption", "gold", 1.3, 0.3), foot, 3.2 * u,
		   4, SIZE_EDITION * u, e->edition.loc);

	/* the die-cut: the window, in the cutter's spot ink, overprinting */
	k->cut = pb_frame_items_new();
	pb_paint cut = {.stroke = TRUE,
			.stroke_width = 0.25 * PB_MM_PER_PT,
			.spot = &pb_spot_cut_contour,
			.overprint = TRUE};
	pb_item *path = pb_orn_circle(k->cut, k->cx, k->cy, k->r, &cut);
	path->role = PB_AS_CUT;
	path->loc = k->c->layout->window_loc;

	/* the default personal line: laid out once and shared, like the fixed texts, by every
	 * card that has no line of its own: the PDF holds its glyphs once, as a form */
	pb_text_style bless = blessing_style(k);
	g_autoptr(pb_text_block) b = NULL;
	k->blessing_unfit = pb_text_fit(k->c->fonts, k->c->texts, DEFAULT_BLESSING, &bless,
					k->measure, k->bless_h, 5, SIZE_BLESSING * u, 0.5, &b) == 0;
	k->blessing = pb_frame_items_new();
	pb_text_place(b, k->blessing, k->left, k->bless_y + MAX(0, k->bless_h - b->height) / 2,
		      k->c->layout->loc);
	check_safe(k, k->fixed, FALSE);
}

/* ---- one card ------------------------------------------------------------------------------ */

/* `text` on one line (or as few as fit) in the box (left, y, measure, h), fitted between `min`
 * and `max` pt and centred down the box.  Tried at `max` first, where most names fit, then at
 * the size its width says, then searched: one layout for most names, two for long ones.  Not
 * through the text cache when `once` (a name is set once; the cache would keep every card's).
 * text.fit at `loc` when even `min` overflows. */
static void
fitted(card *k, GPtrArray *parent, const char *text, pb_text_style st, double y, double h,
       double min, double max, gboolean once, pb_loc loc)
{
	pb_compose *c = k->c;
	pb_text_cache *cache = once ? NULL : c->texts;
	st.size = max;
	pb_text_block *b = pb_text_layout(c->fonts, cache, text, &st, k->measure);
	if (!pb_text_fits(b, h)) {
		double wide = 0;
		for (guint i = 0; i < b->lines->len; i++)
			wide += ((pb_text_line *)b->lines->pdata[i])->width;
		st.size = floor(max * k->measure / MAX(wide, 0.01) * 2) / 2;
		pb_text_block_unref(b);
		b = NULL;
		double fails = max; /* the smallest size known not to fit */
		if (st.size >= min && st.size < max) {
			b = pb_text_layout(c->fonts, cache, text, &st, k->measure);
			if (!pb_text_fits(b, h)) {
				g_clear_pointer(&b, pb_text_block_unref);
				fails = st.size;
			}
		}
		/* the search below those (its grid starts at min, so the same sizes): nothing is
		 * laid out twice at one size */
		double below = MAX(min, fails - 1e-6);
		if (!b && pb_text_fit(c->fonts, cache, text, &st, k->measure, h, min, below, 0.5,
				      &b) == 0)
			pb_diag_add(c->diags, loc, c->m->rules[PB_RULE_TEXT_FIT].severity,
				    "text.fit",
				    "text does not fit its %.0f × %.0f mm box even at %.1f pt",
				    k->measure, h, min);
	}
	double top = b->height < h ? y + (h - b->height) / 2 : y;
	if (once)
		pb_text_place_consumed(b, parent, k->left, top, loc);
	else {
		pb_text_place(b, parent, k->left, top, loc);
		pb_text_block_unref(b);
	}
}

/* The default line's rules, asked once, when the first card shows it: a roster whose cards
 * all carry a line of their own never prints it, and is not stopped by it.  Its glyphs in the
 * quote font (a font without one of them would print a box), its fit, its distance from the
 * cut. */
static void
check_default_line(card *k)
{
	pb_compose *c = k->c;
	k->blessing_checked = TRUE;
	pb_text_style bless = blessing_style(k);
	pb_compose_check_glyphs(c, DEFAULT_BLESSING, &bless, c->layout->loc);
	if (k->blessing_unfit)
		pb_diag_add(c->diags, c->layout->loc, c->m->rules[PB_RULE_TEXT_FIT].severity,
			    "text.fit",
			    "the card's default line does not fit its %.0f × %.0f mm box",
			    k->measure, k->bless_h);
	check_safe(k, k->blessing, FALSE);
}

/* text.glyphs for a value many rows repeat (a class, a college): asked once per value. */
static void
check_once(card *k, const char *text, const pb_text_style *st, pb_loc loc)
{
	if (text && g_hash_table_add(k->checked, (gpointer)text))
		pb_compose_check_glyphs(k->c, text, st, loc);
}

/* The texts of graduate `g`'s card (NULL: the generic card), which its page and its place on a
 * sheet show; the rest of the card is the groups every card shares (place_card).  TRUE in
 * `*default_line` when it shows the default line. */
static GPtrArray *
card_items(card *k, const pb_graduate *g, gboolean *default_line)
{
	pb_compose *c = k->c;
	const double u = k->u;
	GPtrArray *items = pb_frame_items_new();
	*default_line = FALSE;

	pb_text_style name = style(k, "name", "ground", 1.2, 0.12);
	const char *who = g ? g->name.s : GENERIC_NAME;
	pb_loc who_loc = g ? g->name.loc : c->layout->loc;
	if (who) {
		pb_compose_check_glyphs(c, who, &name, who_loc);
		fitted(k, items, who, name, k->name_y, k->name_h, 12, SIZE_NAME * u, TRUE, who_loc);
	}
	if (g && (g->class_.s || g->college)) {
		pb_text_style line = style(k, "caption", "gold", 1.3, 0.12);
		const char *college = g->college ? g->college->name.s : NULL;
		check_once(k, g->class_.s, &line, g->class_.loc);
		if (g->college)
			check_once(k, college, &line, g->college->name.loc);
		g_autofree char *text = g->class_.s && college
					    ? g_strconcat(g->class_.s, "  ·  ", college, NULL)
					    : g_strdup(g->class_.s ? g->class_.s : college);
		/* checked above, value by value, each at its own line */
		fitted(k, items, text, line, k->line_y, k->line_h, 4.5, SIZE_LINE * u, FALSE,
		       g->class_.s ? g->class_.loc : g->college_written.loc);
	}
	if (g && g->blessing.s) {
		pb_text_style bless = blessing_style(k);
		pb_compose_check_glyphs(c, g->blessing.s, &bless, g->blessing.loc);
		fitted(k, items, g->blessing.s, bless, k->bless_y, k->bless_h, 5, SIZE_BLESSING * u,
		       TRUE, g->blessing.loc);
	} else {
		*default_line = TRUE;
		if (!k->blessing_checked)
			check_default_line(k);
	}
	check_safe(k, items, TRUE); /* the shared groups were checked when made */
	return items;
}

/* A card as composed: its own texts, and what it shows of the shared groups. */
typedef struct card_entry {
	GPtrArray *own;        /* its texts (card_items) */
	pb_loc loc;            /* the graduate's name */
	gboolean default_line; /* it shows the shared default line */
} card_entry;

/* The cards, kept by the card file for its pages and by the sheets for theirs (a reference
 * each), which are filled when asked: a card's page is the card placed, and the marks. */
typedef struct card_set {
	GArray *cards;                     /* of card_entry */
	GPtrArray *fixed, *blessing, *cut; /* references to the groups the cards share */
	double W, H;                       /* the trim, mm */
	GPtrArray *whole; /* the generic card whole, or NULL: placed at every place of its sheet, so
			   * one shared array (one form in a PDF) rather than made anew */
} card_set;

static void
card_set_clear(gpointer p)
{
	card_set *set = p;
	for (guint i = 0; i < set->cards->len; i++)
		g_ptr_array_unref(g_array_index(set->cards, card_entry, i).own);
	g_array_unref(set->cards);
	g_ptr_array_unref(set->fixed);
	g_ptr_array_unref(set->blessing);
	g_ptr_array_unref(set->cut);
	if (set->whole)
		g_ptr_array_unref(set->whole);
}

static void
card_set_release(gpointer set)
{
	g_rc_box_release_full(set, card_set_clear);
}

/* Card `i` at (x, y) of `parent`: the fixed art, its own texts, the default line if it shows
 * it, the cut; `loc` on the whole.  Plain groups around the shared ones, made anew for each
 * reader (shared arrays are remembered by their address); its texts are the same array on its
 * page and on its sheet, composed once.  The generic card is its one array, shared. */
static void
card_parts(GPtrArray *in, const card_set *set, guint i)
{
	const card_entry *e = &g_array_index(set->cards, card_entry, i);
	pb_frame_add_shared(in, set->fixed, 0, 0, 1, 0, 0, 1, set->W, set->H, nowhere());
	pb_frame_add_shared(in, e->own, 0, 0, 1, 0, 0, 1, set->W, set->H, nowhere())->group.shared =
	    FALSE;
	if (e->default_line)
		pb_frame_add_shared(in, set->blessing, 0, 0, 1, 0, 0, 1, set->W, set->H, nowhere());
	pb_frame_add_shared(in, set->cut, 0, 0, 1, 0, 0, 1, set->W, set->H, nowhere());
}

static void
place_card(GPtrArray *parent, const card_set *set, guint i, double x, double y, pb_loc loc)
{
	if (set->whole)
		pb_frame_add_shared(parent, set->whole, x, y, 1, 0, 0, 1, set->W, set->H, loc);
	else
		card_parts(
		    pb_frame_add_group(parent, x, y, FALSE, set->W, set->H, loc)->group.children,
		    set, i);
}

/* Card `i`'s page.  The card keeps the graduate's position: a name that cannot be set stops
 * the cards and the sheets that show it. */
static void
fill_card(const pb_page *page, GPtrArray *items, gconstpointer data, guint i)
{
	const card_set *set = data;
	place_card(items, set, i, 0, 0, g_array_index(set->cards, card_entry, i).loc);
}

/* Card `i` at a sheet's place (impose.c). */
static void
card_on_sheet(GPtrArray *parent, gconstpointer data, guint i, double x, double y)
{
	place_card(parent, data, i, x, y, nowhere());
}

/* ---- the series and its files -------------------------------------------------------------- */

void
pb_insert_series(const pb_manifest *m, const pb_output *o, GArray *out)
{
	/* the roster is the insert's own: its every finding, and the manifest's line that names
	 * it, stop all three files */
	pb_series s = {.id = "insert",
		       .whole = m->graduates.written ? m->graduates.loc : pb_loc_make("", 0, 0),
		       .whole_file = m->roster              ? m->roster->file
				     : m->graduates.written ? g_intern_string(m->graduates.fs)
							    : NULL};
	g_array_append_val(out, s);
}

void
pb_insert_inputs(const pb_manifest *m, const pb_series *s, pb_inputs *in)
{
	pb_inputs_event(in, m);
	/* a card names its college, found by id or by name */
	pb_inputs_part(in, "colleges", "colleges", pb_loc_make("", 0, 0));
	for (guint i = 0; i < m->colleges->len; i++) {
		const pb_college *col = m->colleges->pdata[i];
		pb_inputs_text(in, &col->id);
		pb_inputs_text(in, &col->name);
	}
	/* the roster: its bytes, and how they are read */
	if (m->graduates.written) {
		g_autofree char *what = g_strdup_printf("roster %s", m->graduates.shown);
		pb_inputs_part(in, "graduates", what, m->graduates.loc);
		pb_inputs_str(in, m->graduates.shown);
		pb_inputs_num(in, m->graduates_encoding);
		pb_inputs_file(in, m->graduates.fs, m->graduates.shown, "roster");
	}
	/* the layout, its background image and the output's quantity are the build's parts */
}

void
pb_compose_insert(pb_compose *c, const pb_series *series, GPtrArray *files)
{
	const pb_event *e = &c->m->event;
	const pb_roster *roster = c->m->roster;
	card k = {.c = c, .checked = g_hash_table_new(NULL, NULL)};
	card_geometry(&k);
	card_fixed(&k);

	g_autofree char *title = g_strdup_printf("%s · 纪念礼盒内卡", e->title.s ? e->title.s : "");
	pb_doc *doc = pb_doc_new(title, e->school.s, e->date.s);
	guint rows = roster ? roster->rows->len : 0;
	card_set *set = g_rc_box_new0(card_set);
	*set =
	    (card_set){.cards = g_array_sized_new(FALSE, FALSE, sizeof(card_entry), MAX(rows, 1)),
		       .fixed = g_ptr_array_ref(k.fixed),
		       .blessing = g_ptr_array_ref(k.blessing),
		       .cut = g_ptr_array_ref(k.cut),
		       .W = k.W,
		       .H = k.H};
	pb_doc_keep(doc, set, card_set_release);
	for (guint i = 0; i < MAX(rows, 1); i++) {
		const pb_graduate *g = rows ? &g_array_index(roster->rows, pb_graduate, i) : NULL;
		card_entry made = {.loc = g ? g->name.loc : nowhere()};
		made.own = card_items(&k, g, &made.default_line);
		g_array_append_val(set->cards, made);
		pb_page_fill_with(pb_compose_blank_page(c, doc), 0, fill_card, set, i);
	}
	if (!rows) {
		set->whole = pb_frame_items_new();
		card_parts(set->whole, set, 0);
	}
	/* a generic card is printed as many times as the output asks; a roster's once each */
	guint copies = rows ? 1 : c->output->quantity;
	/* One page: the window is the layout's, the same on every card, and a die is made once.
	 * Its own page, not the first card's, so a name that cannot be set does not stop it. */
	g_autofree char *die_title =
	    g_strdup_printf("%s · 模切线 CutContour", e->title.s ? e->title.s : "");
	pb_doc *dieline = pb_doc_new(die_title, e->school.s, e->date.s);
	pb_page *die = pb_compose_blank_page(c, dieline);
	die->own_marks = TRUE; /* the cut alone: no marks, no slug text */
	pb_frame_add_shared(die->items, k.cut, 0, 0, 1, 0, 0, 1, k.W, k.H, nowhere());

	pb_imposition plan;
	pb_impose_plan(c->layout, &plan);
	g_autofree char *label = g_strdup_printf("%s/insert-sheets.pdf", c->output->id.s);
	pb_doc *sheets =
	    pb_impose_sheets(c, &plan, set->cards->len, card_on_sheet, g_rc_box_acquire(set),
			     card_set_release, rows == 0, label);
	pb_file *printed = pb_file_new("insert-sheets", sheets,
				       rows ? 1 : (copies + plan.per_sheet - 1) / plan.per_sheet);
	printed->paper = pb_impose_paper(&plan);

	g_ptr_array_add(files, pb_file_new("insert", doc, copies));
	g_ptr_array_add(files, pb_file_new("insert-dieline", dieline, 1));
	g_ptr_array_add(files, printed);

	g_ptr_array_unref(k.fixed);
	g_ptr_array_unref(k.cut);
	g_ptr_array_unref(k.blessing);
	g_hash_table_unref(k.checked);
}
