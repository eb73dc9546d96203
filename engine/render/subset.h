/* subset.h — a PDF's CFF fonts cut down to the glyphs it shows, before Cairo embeds them.
 *
 * Cairo 1.16 reads a CFF font's whole CFF table into memory to ask whether it is CID-keyed, and
 * again to subset it: the Noto CJK faces are 19 and 27 MB of it, so every PDF that shows a
 * Chinese glyph cost about 30 ms and 50 MB a face before it wrote a byte.  HarfBuzz cuts the
 * face to the glyphs shown in a few milliseconds, reading only their charstrings, and Cairo then
 * embeds the small font as it would have embedded the large one: the same subset, the same
 * glyph widths, the same ToUnicode map.
 *
 * The cut keeps what Cairo reads of a font (the outlines, metrics, cmap and names) and drops
 * the layout tables: Pango shaped the text already, from the whole font.  Glyphs are numbered
 * anew in the cut font, so a run drawn with it has its glyphs mapped (pb_subsets_show).  A face
 * that HarfBuzz cannot cut, or that is drawn other than as its file says (synthetic bold, a
 * matrix, a variation), stays the font Pango gave: the fallback is the old way, never a
 * different drawing.
 */
#ifndef PB_SUBSET_H
#define PB_SUBSET_H

#include <cairo.h>
#include <glib.h>
#include <pango/pango.h>

typedef struct pb_subsets pb_subsets;

pb_subsets *pb_subsets_new(void);
void pb_subsets_free(pb_subsets *s);

/* The glyphs of every run among `items` (of pb_item*), into the set; a shared children array
 * is walked once however many times it is placed. */
void pb_subsets_add_items(pb_subsets *s, const GPtrArray *items);

/* One glyph of `font`, with the text of the cluster it begins (or NULL). */
void pb_subsets_add_glyph(pb_subsets *s, PangoFont *font, PangoGlyph glyph, const char *text,
			  int text_len);

/* Cuts every face that glyphs were added for, side by side on the processors. */
void pb_subsets_cut(pb_subsets *s);

/* The cut font to draw `font` with (at the same matrices and options as Pango's own scaled
 * font), or NULL when `font` is drawn as itself.  The font belongs to the set. */
cairo_scaled_font_t *pb_subsets_font(pb_subsets *s, PangoFont *font);

/* `glyph` of `font` as numbered in its cut font (pb_subsets_font is not NULL). */
PangoGlyph pb_subsets_glyph(pb_subsets *s, PangoFont *font, PangoGlyph glyph);

/* Draws `run` at the current origin as pango_cairo_show_glyph_item does (the same positions,
 * the same clusters of `text`), with its cut font.  FALSE, drawing nothing, when `s` is NULL,
 * the run's font is drawn as itself or the run holds a glyph its cut does not have. */
gboolean pb_subsets_show(pb_subsets *s, cairo_t *cr, const char *text, const PangoGlyphItem *run);

#endif
