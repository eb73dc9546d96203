/* text-private.h — what text.c (Pango's layout), speller.c (names spelt from glyphs already
 * shaped) and runs.c (runs made and placed) share: a block begun, and a line finished, the same
 * way for both layouts; a run to be filled in.  Nothing else includes it. */
#ifndef PB_TEXT_PRIVATE_H
#define PB_TEXT_PRIVATE_H

#include "text.h"

/* Share of the em above the baseline for the ideographic em box: CJK fonts put the em box
 * from -0.12 to 0.88 em (Noto CJK, Source Han, LXGW WenKai alike). */
#define PB_EM_ASCENT 0.88

/* How a block's lines are set, in Pango units at the reference size unless said. */
typedef struct pb_text_setting {
	double k;              /* the block's scale: size / PB_TEXT_REF_SIZE */
	int measure;           /* the measure */
	int indent;            /* the first line's indent */
	double line_h;         /* mm */
	double first_baseline; /* mm from the block's top */
	gboolean two_char_name;
} pb_text_setting;

/* A block of `text` in `style` for `width` mm, with no lines yet, and how its lines are set. */
pb_text_block *pb_text_block_begin(const char *text, const pb_text_style *style, double width,
				   pb_text_setting *set);

/* Line `index` of `b`, its runs in place (line->runs, an empty run_x, start and end): a
 * two-character name's em, justification, alignment and hanging marks, its width; added to
 * the block. */
void pb_text_line_finish(pb_text_block *b, pb_text_line *line, guint index,
			 gboolean paragraph_start, gboolean last_of_paragraph,
			 const pb_text_setting *set);
void pb_text_line_free(gpointer line);

/* A run of `glyphs` glyphs, one a character, for `length` bytes of text from offset 0, in the
 * font (and analysis) of `like`; its glyphs to be filled in. */
PangoGlyphItem *pb_text_run_new(const PangoItem *like, int length, int glyphs);

/* `text` laid out by Pango: what every block is, or would be (speller.c compares). */
pb_text_block *pb_text_layout_pango(pb_fonts *fonts, const char *text, const pb_text_style *style,
				    double width);

/* `text` spelt from glyphs Pango shaped before, as pb_text_layout_pango would set it; NULL
 * when it is not a text the speller can set (speller.c). */
pb_text_block *pb_text_spelt(pb_fonts *fonts, const char *text, const pb_text_style *style,
			     double width);

#endif
