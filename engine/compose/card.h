/* card.h — cards: a white panel with a gold hairline and what sits on it.
 *
 * A testimonial card (the words in quotation marks in the quote face, the name and class below,
 * right-aligned), a blessing card (the portrait, the role and name, the words) and the honor
 * roll's person card (the ID photo, the name, the college and the class).  Cards measure themselves
 * at a type size, so a composer can paginate by their heights and then place them: the measuring
 * and the placing share the job's text cache, so every text is laid out once at each size.  `u` is
 * the page's design unit (mm).
 */
#ifndef PB_CARD_H
#define PB_CARD_H

#include "compose.h"

/* The panel behind a card: paper white with a gold hairline and rounded corners. */
pb_item *pb_card_panel(pb_compose *c, GPtrArray *parent, double x, double y, double w, double h,
		       double u);

/* Testimonials and blessings: the quote face (kai), justified, airy. */
pb_text_style pb_card_quote_style(pb_compose *c, double size);

/* The height of a testimonial card `w` mm wide with its text at `size` pt. */
double pb_card_testimonial_height(pb_compose *c, const pb_testimonial *t, double size, double w);

/* The testimonial card in the box (x, y, w, h), text at `size` pt. */
void pb_card_testimonial(pb_compose *c, GPtrArray *parent, const pb_testimonial *t, double x,
			 double y, double w, double h, double size, double u);

/* The largest size at which a blessing fills a w × h card (a large card for the dean and the
 * secretary, a small one for the others). */
double pb_card_blessing_fit(pb_compose *c, const pb_blessing *b, double w, double h, gboolean large,
			    double u);

/* A blessing card in the box (x, y, w, h): the portrait, the role and name, the text at `size`
 * pt. */
void pb_card_blessing(pb_compose *c, GPtrArray *parent, const pb_blessing *b, double x, double y,
		      double w, double h, gboolean large, double size, double u);

/* The honor roll's person card, `w` mm wide: its height, the same for every card of a roll so
 * that the cards of a row line up. */
double pb_card_person_height(double w, double u);

/* The person card at (x, y), `w` mm wide: the ID photo at 2-inch proportions (35 × 49), the
 * box covered and any excess cropped towards the top of the photo, where the face is, never
 * stretched; the name (two characters spaced to the width of three), then `college` and the
 * class, each line fitted to the card and checked for glyphs at its own manifest line.  FALSE
 * when the photo could not be placed (its finding is recorded). */
gboolean pb_card_person(pb_compose *c, GPtrArray *parent, const pb_honoree *h,
			const pb_text *college, double x, double y, double w, double u);

#endif
