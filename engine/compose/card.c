/* card.c — testimonial, blessing and person cards on their panels; see card.h. */
#include "card.h"

#define PT(mm) ((mm) / PB_MM_PER_PT)

pb_item *
pb_card_panel(pb_compose *c, GPtrArray *parent, double x, double y, double w, double h, double u)
{
	pb_paint p = pb_compose_fill(c, "paper");
	p.stroke = TRUE;
	p.stroke_color = pb_compose_color(c, "gold");
	p.stroke_width = 0.05 * u;
	pb_item *panel = pb_frame_add_rect(parent, x, y, w, h, &p, pb_loc_make("", 0, 0));
	panel->rect.radius = 0.4 * u;
	panel->role = PB_AS_CARD;
	return panel;
}

pb_text_style
pb_card_quote_style(pb_compose *c, double size)
{
	pb_text_style st = pb_compose_style(c, "quote", size, "ink");
	st.align = PB_ALIGN_JUSTIFY;
	st.leading = 1.6;
	return st;
}

/* The testimonial's text as set: in Chinese quotation marks unless it already has them. */
static char *
quoted(const char *text)
{
	if (g_str_has_prefix(text, "“"))
		return g_strdup(text);
	return g_strconcat("“", text, "”", NULL);
}

/* The padding of a testimonial card: nine tenths of its type size. */
static double
testimonial_pad(double size)
{
	return 0.9 * size * PB_MM_PER_PT;
}

double
pb_card_testimonial_height(pb_compose *c, const pb_testimonial *t, double size, double w)
{
	double pad = testimonial_pad(size);
	g_autofree char *text = quoted(t->text.s);
	pb_text_style st = pb_card_quote_style(c, size);
	g_autoptr(pb_text_block) b = pb_compose_measure(c, text, &st, w - 2 * pad);
	double name = 0.8 * size * 1.5 * PB_MM_PER_PT;
	return pad + b->height + 0.3 * pad + name + pad;
}

void
pb_card_testimonial(pb_compose *c, GPtrArray *parent, const pb_testimonial *t, double x, double y,
		    double w, double h, double size, double u)
{
	double pad = testimonial_pad(size);
	pb_card_panel(c, parent, x, y, w, h, u);
	g_autofree char *text = quoted(t->text.s);
	double used = pb_compose_text(c, parent, text, pb_card_quote_style(c, size), x + pad,
				      y + pad, w - 2 * pad, t->text.loc);
	/* the name line: 张　明　建工1901班, right-aligned */
	pb_text_style ns = pb_compose_style(c, "name", 0.8 * size, "muted");
	ns.weight = 400;
	ns.align = PB_ALIGN_END;
	pb_text_style nm = ns;
	nm.name = TRUE;
	nm.align = PB_ALIGN_START;
	g_autoptr(pb_text_block) cls = pb_compose_measure(c, t->class_.s, &ns, w);
	g_autoptr(pb_text_block) name = pb_compose_measure(c, t->name.s, &nm, w);
	double ny = y + pad + used + 0.3 * pad, gap = 0.8 * size * PB_MM_PER_PT;
	double cx = x + w - pad - cls->widest;
	pb_compose_check_glyphs(c, t->class_.s, &ns, t->class_.loc);
	pb_compose_check_glyphs(c, t->name.s, &nm, t->name.loc);
	/* the class block is right-aligned in its own measure: shift it to its ink */
	pb_text_place(cls, parent, cx - (w - cls->widest), ny, t->class_.loc);
	pb_text_place(name, parent, cx - gap - name->widest, ny, t->name.loc);
}

/* The geometry of a blessing card: portrait box and text column. */
typedef struct card_box {
	double pad, pw, ph; /* mm */
	double tx, tw;      /* text column, mm */
	double head_h;      /* the role-and-name line, mm */
} card_box;

static card_box
blessing_geometry(const pb_blessing *b, double x, double w, double h, gboolean large, double u)
{
	card_box k;
	k.pad = 1.6 * u;
	k.pw = large ? 0.3 * w : 0.34 * w;
	k.ph = k.pw * 4 / 3;
	if (k.ph > h - 2 * k.pad) {
		k.ph = h - 2 * k.pad;
		k.pw = k.ph * 3 / 4;
	}
	k.tx = x + k.pad + (b->portrait.written ? k.pw + k.pad : 0);
	k.tw = x + w - k.pad - k.tx;
	k.head_h = (large ? 2.6 : 2.0) * u;
	return k;
}

double
pb_card_blessing_fit(pb_compose *c, const pb_blessing *b, double w, double h, gboolean large,
		     double u)
{
	card_box k = blessing_geometry(b, 0, w, h, large, u);
	pb_text_style st = pb_card_quote_style(c, 0);
	double avail = h - 2 * k.pad - k.head_h - 0.8 * u;
	double size = pb_text_fit(c->fonts, c->texts, b->text.s, &st, k.tw, avail, 10,
				  PT((large ? 1.7 : 1.3) * u), 0.5, NULL);
	return size > 0 ? size : 10;
}

void
pb_card_blessing(pb_compose *c, GPtrArray *parent, const pb_blessing *b, double x, double y,
		 double w, double h, gboolean large, double size, double u)
{
	pb_card_panel(c, parent, x, y, w, h, u);
	card_box k = blessing_geometry(b, x, w, h, large, u);
	if (b->portrait.written) {
		static const double face[2] = {0.5, 0.3}; /* keep the face when cropping to 3:4 */
		double out[4];
		pb_compose_photo(c, parent, &b->portrait, x + k.pad, y + k.pad, k.pw, k.ph,
				 PB_FIT_FILL, face, out);
	}
	g_autofree char *who = g_strdup_printf("%s　%s", pb_role_chinese(b->role), b->name.s);
	pb_text_style head = pb_compose_style(c, "heading", 0, "red");
	pb_compose_fit(c, parent, who, head, k.tx, y + k.pad, k.tw, k.head_h, 10,
		       PT((large ? 1.6 : 1.15) * u), FALSE, b->name.loc);
	double top = y + k.pad + k.head_h + 0.8 * u;
	pb_compose_fit(c, parent, b->text.s, pb_card_quote_style(c, 0), k.tx, top, k.tw,
		       y + h - k.pad - top, 10, size, FALSE, b->text.loc);
}

/* ---- the honor roll's person card -------------------------------------------------------- */

/* The geometry of a person card `w` mm wide: the photo is the card less its padding, at 35:49;
 * three lines below it, their heights from the unit. */
typedef struct person_box {
	double pad, pw, ph;                /* mm */
	double name_h, college_h, class_h; /* mm, the lines' boxes */
	double name_pt, small_pt;          /* pt, the largest sizes */
} person_box;

static person_box
person_geometry(double w, double u)
{
	person_box k;
	k.pad = 0.09 * w;
	k.pw = w - 2 * k.pad;
	k.ph = k.pw * 49 / 35; /* 2-inch: 35 × 49 mm */
	k.name_pt = PT(1.3 * u);
	k.small_pt = PT(0.82 * u);
	k.name_h = 1.4 * k.name_pt * PB_MM_PER_PT;
	k.college_h = k.class_h = 1.35 * k.small_pt * PB_MM_PER_PT;
	return k;
}

double
pb_card_person_height(double w, double u)
{
	person_box k = person_geometry(w, u);
	return k.pad + k.ph + 0.55 * k.pad + k.name_h + k.college_h + k.class_h + 0.8 * k.pad;
}

gboolean
pb_card_person(pb_compose *c, GPtrArray *parent, const pb_honoree *h, const pb_text *college,
	       double x, double y, double w, double u)
{
	person_box k = person_geometry(w, u);
	pb_card_panel(c, parent, x, y, w, pb_card_person_height(w, u), u);
	/* Studios cut 35 × 45, 35 × 49 and 35 × 53: a photo off 35:49 loses its excess from
	 * the foot (or evenly from the sides), the face staying whole. */
	static const double face[2] = {0.5, 0.3};
	double out[4];
	gboolean placed = pb_compose_photo(c, parent, &h->photo, x + k.pad, y + k.pad, k.pw, k.ph,
					   PB_FIT_FILL, face, out);
	double ty = y + k.pad + k.ph + 0.55 * k.pad, tx = x + k.pad / 2, tw = w - k.pad;
	pb_text_style name = pb_compose_style(c, "name", 0, "ink");
	name.name = TRUE;
	name.align = PB_ALIGN_CENTER;
	name.leading = 1.4;
	pb_compose_fit(c, parent, h->name.s, name, tx, ty, tw, k.name_h, 6, k.name_pt, FALSE,
		       h->name.loc);
	ty += k.name_h;
	pb_text_style small = pb_compose_style(c, "caption", 0, "muted");
	small.weight = 400;
	small.align = PB_ALIGN_CENTER;
	small.leading = 1.35;
	if (college->s)
		pb_compose_fit(c, parent, college->s, small, tx, ty, tw, k.college_h, 5, k.small_pt,
			       FALSE, college->loc);
	ty += k.college_h;
	if (h->class_.s)
		pb_compose_fit(c, parent, h->class_.s, small, tx, ty, tw, k.class_h, 5, k.small_pt,
			       FALSE, h->class_.loc);
	return placed;
}
