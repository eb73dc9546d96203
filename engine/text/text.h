/* text.h — the text service: every question about text goes through Pango here.
 *
 * It measures, breaks, justifies and fits paragraphs and hands back shaped lines that the
 * composers place into frames; it never draws.  Chinese typography, after W3C "Requirements
 * for Chinese Text Layout" (clreq):
 *   - no line starts with closing punctuation (，。、；：？！ and closing brackets/quotes) and
 *     none ends with opening punctuation (clreq §3.1.7, 'basic' level);
 *   - the ellipsis …… and the two-em dash —— are never split (§3.1.7);
 *   - paragraphs are justified by spreading space between characters (§3.8);
 *   - where two marks meet, the first is set half-width with the font's `halt` feature, and a
 *     mark at the end of a justified line gives up its empty half (§3.1.6);
 *   - stories get a two-character first-line indent (§3.4);
 *   - two-character names are spaced to the width of three in lists (a Chinese list habit).
 */
#ifndef PB_TEXT_H
#define PB_TEXT_H

#include "base/diag.h"
#include "fonts.h"
#include "compose/frame.h"

#include <glib.h>

/* Every text is shaped at this size and scaled to the size it is set at.  Outlines and
 * metrics are unhinted, so advances scale exactly; shaping at one size means one Pango font,
 * one fontconfig sort and one glyph cache a face for a whole job, where fitting a text between
 * two sizes would otherwise load the face at every size it tries.  32 pt keeps a 1 pt text on
 * a 10 m page within Pango's integer range and a 1000 pt title within 0.03 pt a glyph. */
#define PB_TEXT_REF_SIZE 32.0

typedef enum pb_align {
	PB_ALIGN_START,
	PB_ALIGN_CENTER,
	PB_ALIGN_END,
	PB_ALIGN_JUSTIFY, /* inter-character; the last line of each paragraph is set start */
} pb_align;

typedef struct pb_text_style {
	const char *family; /* fontconfig family, e.g. "Noto Serif CJK SC" */
	const char *role;   /* the layout's font role it is set in ("quote"), or NULL; changes
			     * nothing in the layout: `paiban fonts` reports coverage by role */
	int weight;         /* 400 regular, 700 bold */
	double size;        /* pt */
	double leading;     /* line height as a multiple of size; 0 means 1.5 */
	double tracking;    /* extra space after each character, in em */
	double indent;      /* first-line indent, in em (2 for stories) */
	pb_align align;
	gboolean name;   /* a person's name: two characters set to the width of three */
	gboolean nowrap; /* lines break only where the text has a newline: a display line is
			  * fitted smaller rather than wrapped (青春不散 / 场，) */
	pb_rgb color;
} pb_text_style;

/* One shaped line. */
typedef struct pb_text_line {
	GPtrArray *runs;  /* of PangoGlyphItem*, owned, with justification applied */
	GArray *run_x;    /* double, mm from the block's left edge, per run */
	double baseline;  /* mm from the block's top */
	double width;     /* mm, as set (after justification) */
	guint start, end; /* byte range of the text on this line */
} pb_text_line;

/* A laid-out paragraph (or several, separated by newlines): a measured value that fitting
 * produces and placing consumes, so no text is laid out twice at one size.  Reference-counted:
 * a block may be held by a text cache and by its users at once. */
typedef struct pb_text_block {
	gint refs;           /* references; the block is freed at 0 */
	char *text;          /* owned; the runs index into it */
	GPtrArray *lines;    /* of pb_text_line*, owned */
	pb_text_style style; /* as laid out (family borrowed from the caller) */
	double scale;        /* the runs are shaped at PB_TEXT_REF_SIZE: style.size / that */
	double width;        /* mm, the measure it was set to */
	double height;       /* mm: lines × line height */
	double widest;       /* mm, the widest line as set */
} pb_text_block;

/* Blocks already laid out, by text, style and measure: one composition job's memory of what it
 * measured, so that the heights it paginates by and the lines it places are the same lines,
 * laid out once.  For one thread at a time, like the fonts' context. */
typedef struct pb_text_cache pb_text_cache;
pb_text_cache *pb_text_cache_new(void);
void pb_text_cache_free(pb_text_cache *cache);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(pb_text_cache, pb_text_cache_free)

/* Lays `text` out to `width` mm, or takes the block `cache` (may be NULL) already holds for
 * the same text, style and width.  A new reference.  Never fails; a word wider than the
 * measure overflows (widest > width), which pb_text_fits() reports. */
pb_text_block *pb_text_layout(pb_fonts *fonts, pb_text_cache *cache, const char *text,
			      const pb_text_style *style, double width);
pb_text_block *pb_text_block_ref(pb_text_block *b);
void pb_text_block_unref(pb_text_block *b);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(pb_text_block, pb_text_block_unref)

/* `text` on one line, spelt with the glyphs of `sample` instead of being shaped again: for texts
 * that differ on every page but are made of a few characters (the slug's "17/2000"), whose
 * sample ("0123456789/") is laid out once.  Each character of `text` must be a glyph of its own
 * in sample's one run (no ligature, no kerning to lose: digits and a slash in the fonts paiban
 * ships); NULL when one is not, and the caller lays the text out as usual.  The block has
 * sample's style and line; a new reference. */
pb_text_block *pb_text_respell(const pb_text_block *sample, const char *text);

/* The same spelling placed at once, as pb_text_place would place its block at (x, y) in
 * `parent`, as one glyph item (to *placed when not NULL) that keeps no block: the counter of
 * each of 20,000 pages, where a block each was a tenth of the frames.  With `parent` NULL,
 * only measured.  Its width in mm; < 0, and nothing placed, when `sample` cannot spell it. */
double pb_text_spell(const pb_text_block *sample, const char *text, GPtrArray *parent, double x,
		     double y, pb_loc loc, pb_item **placed);

/* As pb_text_place, for a block its caller holds alone (laid out outside the cache to be placed
 * once: a roster's name, a graduate's own line): the runs move into the items, each with a
 * copy of the text, and the block, its lines and their arrays go at once (a few hundred bytes
 * a card of a 20,000-card run).  Consumes the caller's reference; a block held elsewhere too
 * is placed as pb_text_place does. */
void pb_text_place_consumed(pb_text_block *b, GPtrArray *parent, double x, double y, pb_loc loc);

/* TRUE when the run of glyph item `it` is its own (moved into it by pb_text_place_consumed, or
 * spelt for it by pb_text_spell), freed with it: a reader that remembers runs by address must
 * not remember it, since a page filled when asked drops its items and the next run may be
 * made at the same address. */
gboolean pb_text_run_owned(const pb_item *it);

/* TRUE when `b` fits a box `height` mm tall (and its own width). */
gboolean pb_text_fits(const pb_text_block *b, double height);

/* The largest size in [min, max], in steps of `step` pt, at which `text` fits width × height;
 * the block set at that size in *out (a new reference).  0 (and *out at `min`) when even `min`
 * overflows.  Every size tried goes through `cache` (may be NULL). */
double pb_text_fit(pb_fonts *fonts, pb_text_cache *cache, const char *text,
		   const pb_text_style *style, double width, double height, double min, double max,
		   double step, pb_text_block **out);

/* Adds the block's runs to `parent` with the block's top-left corner at (x, y) mm. */
void pb_text_place(const pb_text_block *b, GPtrArray *parent, double x, double y, pb_loc loc);

/* text.glyphs: records an error for the first character of `text` that `style`'s font lacks
 * (no silent fallback to another font).  TRUE when every character is covered. */
gboolean pb_text_check_glyphs(pb_fonts *fonts, const char *text, const pb_text_style *style,
			      pb_loc loc, pb_severity sev, pb_diags *diags);

/* Characters as the rules count them: Unicode grapheme clusters (what a reader sees as one
 * character: 👍🏽 or e + combining accent is one), whitespace not counted. */
guint pb_text_count_chars(const char *utf8);

#endif
