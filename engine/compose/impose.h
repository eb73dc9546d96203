/* impose.h — cards imposed N-up on press sheets, in cut-and-stack order, each with its bleed
 * and its own crop marks.
 *
 * Each card on a sheet is the card's own items placed by a transform: the same array as its
 * page in the card file shows, never composed twice.  The sheets are filled when asked
 * (pb_page_fill), so a sheet holds no items of its own between its readers.
 */
#ifndef PB_IMPOSE_H
#define PB_IMPOSE_H

#include "compose.h"

/* Where the cards go on a sheet.  Lengths in mm. */
typedef struct pb_imposition {
	double sheet_w, sheet_h; /* the sheet as its page is set: the layout's, or turned when
				  * that holds more cards */
	const char *sheet_name;  /* "SRA3", or NULL */
	double card_w, card_h;   /* a card's trim */
	double bleed;
	guint cols, rows, per_sheet;
	double x0, y0;             /* the first card's trim corner */
	double step_x, step_y;     /* from one card's trim corner to the next */
	double mark_x, mark_y;     /* the crop marks' length along x and along y */
	double margin_x, margin_y; /* paper edge to the nearest bleed, left and top */
} pb_imposition;

/* The most cards of `layout` that its sheet holds with sheet_gap between their bleeds and
 * sheet_margin to the paper's edge, in whichever orientation of the sheet holds more (the
 * layout's when both hold as many).  The room left over widens the gaps (up to what full
 * crop marks need) and the margins alike, so the block sits centred. */
void pb_impose_plan(const pb_layout *layout, pb_imposition *out);

/* "SRA3 320 × 450 mm" or "350 × 500 mm": the sheet as print-order.csv names it.  Caller
 * frees. */
char *pb_impose_paper(const pb_imposition *plan);

/* Places card `i` (from 0) with its trim's top-left corner at (x, y) mm of `parent`: the
 * same items as its page shows. */
typedef void (*pb_impose_place_fn)(GPtrArray *parent, gconstpointer cards, guint i, double x,
				   double y);

/* The press sheets for `n` cards, each placed by `place` from `cards`, which the sheets keep
 * (`release` frees it with them).
 * With `repeat`, one sheet with the first card at every place (a generic card: print it
 * ceil(quantity / per_sheet) times).  Otherwise cut-and-stack: with S = ceil(cards / N)
 * sheets, place k of sheet s holds card k·S + s, so that when the printed stack is cut, each
 * place's pile is a run of the roster in order and the piles follow one another.  Each sheet
 * has its crop marks around every card and a slug line (`label`, "sheet s/S", the date and
 * the imposition) along its widest free margin. */
pb_doc *pb_impose_sheets(pb_compose *c, const pb_imposition *plan, guint n,
			 pb_impose_place_fn place, gpointer cards, GDestroyNotify release,
			 gboolean repeat, const char *label);

#endif
