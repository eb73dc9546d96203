/* runs.c — glyph runs made without laying anything out, and blocks' runs placed into frames.
 *
 * A run of glyphs already shaped: one to be filled in (pb_text_run_new, for speller.c), or a
 * short text spelt from a sample's glyphs (pb_text_respell, pb_text_spell: the slug's "17/2000"
 * from a sample "0123456789/" shaped once, on each of 20,000 pages).  And a block's runs placed
 * as frame items: shared with the block (pb_text_place), or moved into the items when no one
 * else holds the block (pb_text_place_consumed).
 */
#include "text-private.h"

#include <pango/pango.h>
#include <string.h>

/* The run of `sample` that spells `text` (each of its characters one one-byte character, one
 * glyph of the run's own), with the glyph that spells each byte in glyph_of; NULL when it
 * cannot. */
static const PangoGlyphItem *
speller(const pb_text_block *sample, const char *text, int glyph_of[128])
{
	if (!text || sample->lines->len != 1)
		return NULL;
	const pb_text_line *line = sample->lines->pdata[0];
	if (line->runs->len != 1)
		return NULL;
	const PangoGlyphItem *run = line->runs->pdata[0];
	const PangoGlyphString *gs = run->glyphs;
	const char *base = sample->text + run->item->offset;
	for (int i = 0; i < 128; i++)
		glyph_of[i] = -1;
	for (int i = 0; i < gs->num_glyphs; i++) {
		int at = gs->log_clusters[i];
		guchar c = (guchar)base[at];
		gboolean alone = (i + 1 == gs->num_glyphs ? run->item->length
							  : gs->log_clusters[i + 1]) == at + 1;
		if (c < 128 && alone && (i == 0 || gs->log_clusters[i - 1] != at))
			glyph_of[c] = i;
	}
	for (const char *p = text; *p; p++)
		if ((guchar)*p >= 128 || glyph_of[(guchar)*p] < 0)
			return NULL;
	return run;
}

PangoGlyphItem *
pb_text_run_new(const PangoItem *like, int length, int glyphs)
{
	PangoGlyphItem *run = g_slice_new0(PangoGlyphItem);
	run->item = pango_item_copy((PangoItem *)like);
	run->item->offset = 0;
	run->item->length = length;
	run->item->num_chars = glyphs;
	/* exactly `glyphs` long: pango_glyph_string_set_size rounds its space up to a power of
	 * two, and a roster's names and page counters are thousands of short strings (Pango
	 * frees the arrays with g_free, and grows them from `space` if ever asked to) */
	run->glyphs = pango_glyph_string_new();
	run->glyphs->num_glyphs = run->glyphs->space = glyphs;
	run->glyphs->glyphs = g_new0(PangoGlyphInfo, glyphs);
	run->glyphs->log_clusters = g_new0(int, glyphs);
	return run;
}

/* `text` as a run of `from`'s glyphs (glyph_of from speller), its advance to *width (Pango
 * units); the glyph string is exactly as long as the text. */
static PangoGlyphItem *
spelt_run(const PangoGlyphItem *from, const int glyph_of[128], const char *text, int *width)
{
	const int n = (int)strlen(text);
	PangoGlyphItem *spelt = pb_text_run_new(from->item, n, n);
	*width = 0;
	for (int i = 0; i < n; i++) {
		spelt->glyphs->glyphs[i] = from->glyphs->glyphs[glyph_of[(guchar)text[i]]];
		spelt->glyphs->log_clusters[i] = i;
		*width += spelt->glyphs->glyphs[i].geometry.width;
	}
	return spelt;
}

static double
spelt_mm(const pb_text_block *sample, int width)
{
	return (double)width / PANGO_SCALE * PB_MM_PER_PT * sample->scale;
}

pb_text_block *
pb_text_respell(const pb_text_block *sample, const char *text)
{
	int glyph_of[128];
	const PangoGlyphItem *run = speller(sample, text, glyph_of);
	if (!run)
		return NULL;
	const pb_text_line *line = sample->lines->pdata[0];
	int width;
	PangoGlyphItem *spelt = spelt_run(run, glyph_of, text, &width);
	pb_text_block *b = g_new0(pb_text_block, 1);
	b->refs = 1;
	b->text = g_strdup(text);
	b->style = sample->style;
	b->width = sample->width;
	b->height = sample->height;
	b->scale = sample->scale; /* the glyphs are the sample's, shaped at its reference size */
	b->lines = g_ptr_array_new_with_free_func(pb_text_line_free);
	pb_text_line *l = g_new0(pb_text_line, 1);
	l->runs = g_ptr_array_new_with_free_func((GDestroyNotify)pango_glyph_item_free);
	g_ptr_array_add(l->runs, spelt);
	l->run_x = g_array_new(FALSE, FALSE, sizeof(double));
	double x = 0;
	g_array_append_val(l->run_x, x);
	l->baseline = line->baseline;
	l->start = 0, l->end = (guint)strlen(text);
	l->width = spelt_mm(sample, width);
	b->widest = l->width;
	g_ptr_array_add(b->lines, l);
	return b;
}

/* What a spelt glyph item holds: its run, and the text the run's offsets index. */
typedef struct spelt_text {
	PangoGlyphItem *run;
	char text[];
} spelt_text;

static void
spelt_text_free(gpointer p)
{
	spelt_text *t = p;
	pango_glyph_item_free(t->run);
	g_free(t);
}

double
pb_text_spell(const pb_text_block *sample, const char *text, GPtrArray *parent, double x, double y,
	      pb_loc loc, pb_item **placed)
{
	int glyph_of[128];
	const PangoGlyphItem *run = speller(sample, text, glyph_of);
	if (!run)
		return -1;
	int width = 0;
	if (!parent) {
		for (const char *p = text; *p; p++)
			width += run->glyphs->glyphs[glyph_of[(guchar)*p]].geometry.width;
		return spelt_mm(sample, width);
	}
	const gsize n = strlen(text);
	spelt_text *t = g_malloc(sizeof *t + n + 1);
	memcpy(t->text, text, n + 1);
	t->run = spelt_run(run, glyph_of, text, &width);
	const pb_text_line *line = sample->lines->pdata[0];
	pb_item *it =
	    pb_frame_add_glyphs(parent, x, y + line->baseline, t->run, t->text, t, spelt_text_free,
				sample->style.color, sample->style.size, loc);
	it->glyphs.scale = sample->scale;
	if (placed)
		*placed = it;
	return spelt_mm(sample, width);
}

gboolean
pb_text_run_owned(const pb_item *it)
{
	return it->kind == PB_ITEM_GLYPHS && it->glyphs.release == spelt_text_free;
}

void
pb_text_place(const pb_text_block *b, GPtrArray *parent, double x, double y, pb_loc loc)
{
	for (guint i = 0; i < b->lines->len; i++) {
		const pb_text_line *line = b->lines->pdata[i];
		for (guint r = 0; r < line->runs->len; r++)
			pb_frame_add_glyphs(
			    parent, x + g_array_index(line->run_x, double, r), y + line->baseline,
			    line->runs->pdata[r], b->text, pb_text_block_ref((pb_text_block *)b),
			    (GDestroyNotify)pb_text_block_unref, b->style.color, b->style.size, loc)
			    ->glyphs.scale = b->scale;
	}
}

void
pb_text_place_consumed(pb_text_block *b, GPtrArray *parent, double x, double y, pb_loc loc)
{
	if (g_atomic_int_get(&b->refs) != 1) { /* shared after all: placed as it is */
		pb_text_place(b, parent, x, y, loc);
		pb_text_block_unref(b);
		return;
	}
	for (guint i = 0; i < b->lines->len; i++) {
		pb_text_line *line = b->lines->pdata[i];
		for (guint r = 0; r < line->runs->len; r++) {
			/* the run's own bytes, its offsets made relative to them (its log clusters
			 * are relative to the run already) */
			PangoGlyphItem *run = line->runs->pdata[r];
			const gsize n = (gsize)run->item->length;
			spelt_text *t = g_malloc(sizeof *t + n + 1);
			memcpy(t->text, b->text + run->item->offset, n);
			t->text[n] = '\0';
			run->item->offset = 0;
			t->run = run; /* moved: the item frees it */
			pb_frame_add_glyphs(parent, x + g_array_index(line->run_x, double, r),
					    y + line->baseline, t->run, t->text, t, spelt_text_free,
					    b->style.color, b->style.size, loc)
			    ->glyphs.scale = b->scale;
		}
		g_ptr_array_set_free_func(line->runs, NULL);
	}
	pb_text_block_unref(b);
}
