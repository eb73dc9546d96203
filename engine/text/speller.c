/* speller.c — short Chinese texts (a roster's names) spelt from glyphs Pango shaped before.
 *
 * Why: laying a name out with Pango (itemising, shaping, breaking, measuring) took 17 µs, 86%
 * of composing an insert card, for a result that is always the same few numbers: a name of
 * Han characters in one font is, as Pango sets it, each character's glyph at its advance,
 * with the style's letter spacing spread as Pango spreads it (half of it after each glyph but
 * the last, half before each but the first, that half also its x offset).  So each character
 * is shaped once per style, in a sample of the characters not known yet, and a name is spelt
 * from those glyphs; the block is then finished as text.c finishes Pango's lines.
 *
 * Pango keeps the last word: a style's first texts are laid out by Pango too and compared
 * with the spelling glyph by glyph, and a difference (a Pango that spreads letter spacing
 * otherwise, a font that kerns ideographs) retires the speller for that style: Pango then sets
 * every text as before.  Texts of any other script, justified or indented ones, and names too
 * wide for their measure (Pango would break them) are always Pango's.
 *
 * A speller belongs to a fonts service (its Pango context), which one thread uses at a time.
 */
#include "text-private.h"

#include <pango/pango.h>
#include <string.h>

/* A name longer than this is not a name: Pango's */
#define MAX_CHARS 16
/* How many texts of a style Pango sets as well, to compare */
#define CHECKED 8

typedef struct known_glyph {
	PangoGlyph glyph; /* 0 with run -1: a character the speller cannot spell */
	int advance;      /* Pango units at the reference size, without letter spacing */
	int run;          /* index of its font's item in speller.items */
	PangoGlyphVisAttr attr;
} known_glyph;

typedef struct speller {
	char *family; /* the style it spells, with weight and tracking */
	int weight;
	double tracking;
	GHashTable *glyphs; /* gunichar -> known_glyph* */
	GPtrArray *items;   /* of PangoItem*: one for each font the characters came in */
	guint checked;      /* texts compared with Pango's setting so far */
	gboolean retired;   /* one differed: Pango sets this style's texts */
} speller;

static void
speller_free(gpointer p)
{
	speller *sp = p;
	g_free(sp->family);
	g_hash_table_unref(sp->glyphs);
	g_ptr_array_unref(sp->items);
	g_free(sp);
}

/* The style's speller, made at its first text (a job sets names in a style or two: a list). */
static speller *
speller_of(pb_fonts *fonts, const pb_text_style *style)
{
	GObject *context = G_OBJECT(pb_fonts_context(fonts));
	GPtrArray *all = g_object_get_data(context, "pb-spellers");
	if (!all) {
		all = g_ptr_array_new_with_free_func(speller_free);
		g_object_set_data_full(context, "pb-spellers", all,
				       (GDestroyNotify)g_ptr_array_unref);
	}
	for (guint i = 0; i < all->len; i++) {
		speller *sp = all->pdata[i];
		if (sp->weight == style->weight && sp->tracking == style->tracking &&
		    !strcmp(sp->family, style->family))
			return sp;
	}
	speller *sp = g_new0(speller, 1);
	sp->family = g_strdup(style->family);
	sp->weight = style->weight;
	sp->tracking = style->tracking;
	sp->glyphs = g_hash_table_new_full(NULL, NULL, NULL, g_free);
	sp->items = g_ptr_array_new_with_free_func((GDestroyNotify)pango_item_free);
	g_ptr_array_add(all, sp);
	return sp;
}

/* Shapes the characters of `missing` (each once) without letter spacing, and keeps each one's
 * glyph, advance and font; a character Pango does not set as one glyph of its own, on the
 * baseline, is kept as one the speller cannot spell. */
static void
learn(pb_fonts *fonts, speller *sp, const pb_text_style *style, const GString *missing)
{
	pb_text_style plain = *style;
	plain.size = PB_TEXT_REF_SIZE;
	plain.tracking = 0;
	plain.name = FALSE;
	plain.nowrap = TRUE;
	plain.align = PB_ALIGN_START;
	plain.indent = 0;
	g_autoptr(pb_text_block) b = pb_text_layout_pango(fonts, missing->str, &plain, 1e6);
	const pb_text_line *line = b->lines->len == 1 ? b->lines->pdata[0] : NULL;
	for (guint r = 0; line && r < line->runs->len; r++) {
		const PangoGlyphItem *run = line->runs->pdata[r];
		const PangoGlyphString *gs = run->glyphs;
		int found = -1;
		for (guint i = 0; i < sp->items->len && found < 0; i++)
			if (((PangoItem *)sp->items->pdata[i])->analysis.font ==
			    run->item->analysis.font)
				found = (int)i;
		if (found < 0) {
			g_ptr_array_add(sp->items, pango_item_copy(run->item));
			found = (int)sp->items->len - 1;
		}
		for (int g = 0; g < gs->num_glyphs; g++) {
			const char *at = b->text + run->item->offset + gs->log_clusters[g];
			gunichar c = g_utf8_get_char(at);
			gboolean alone =
			    (g == 0 || gs->log_clusters[g - 1] != gs->log_clusters[g]) &&
			    (g + 1 == gs->num_glyphs ||
			     gs->log_clusters[g + 1] != gs->log_clusters[g]) &&
			    g_utf8_next_char(at) - at ==
				(g + 1 == gs->num_glyphs
				     ? run->item->length - gs->log_clusters[g]
				     : gs->log_clusters[g + 1] - gs->log_clusters[g]);
			const PangoGlyphInfo *gi = &gs->glyphs[g];
			known_glyph *k = g_new0(known_glyph, 1);
			k->run = -1;
			if (alone && gi->geometry.x_offset == 0 && gi->geometry.y_offset == 0 &&
			    !(gi->glyph & PANGO_GLYPH_UNKNOWN_FLAG) &&
			    gi->glyph != PANGO_GLYPH_EMPTY) {
				k->glyph = gi->glyph;
				k->advance = gi->geometry.width;
				k->run = found;
				k->attr = gi->attr;
			}
			g_hash_table_replace(sp->glyphs, GUINT_TO_POINTER(c), k);
		}
	}
	/* what the sample did not show as expected stays unspellable */
	for (const char *p = missing->str; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (!g_hash_table_contains(sp->glyphs, GUINT_TO_POINTER(c))) {
			known_glyph *k = g_new0(known_glyph, 1);
			k->run = -1;
			g_hash_table_insert(sp->glyphs, GUINT_TO_POINTER(c), k);
		}
	}
}

/* TRUE when two blocks set the same glyphs at the same places. */
static gboolean
same_blocks(const pb_text_block *a, const pb_text_block *b)
{
	if (a->lines->len != b->lines->len || a->widest != b->widest || a->height != b->height ||
	    a->scale != b->scale)
		return FALSE;
	for (guint i = 0; i < a->lines->len; i++) {
		const pb_text_line *x = a->lines->pdata[i], *y = b->lines->pdata[i];
		if (x->runs->len != y->runs->len || x->start != y->start || x->end != y->end ||
		    x->baseline != y->baseline || x->width != y->width)
			return FALSE;
		for (guint r = 0; r < x->runs->len; r++) {
			const PangoGlyphItem *p = x->runs->pdata[r], *q = y->runs->pdata[r];
			const PangoGlyphString *gp = p->glyphs, *gq = q->glyphs;
			if (g_array_index(x->run_x, double, r) !=
				g_array_index(y->run_x, double, r) ||
			    p->item->offset != q->item->offset ||
			    p->item->length != q->item->length ||
			    p->item->num_chars != q->item->num_chars ||
			    p->item->analysis.font != q->item->analysis.font ||
			    p->item->analysis.level != q->item->analysis.level ||
			    gp->num_glyphs != gq->num_glyphs)
				return FALSE;
			for (int g = 0; g < gp->num_glyphs; g++) {
				const PangoGlyphInfo *s = &gp->glyphs[g], *t = &gq->glyphs[g];
				if (s->glyph != t->glyph ||
				    s->geometry.width != t->geometry.width ||
				    s->geometry.x_offset != t->geometry.x_offset ||
				    s->geometry.y_offset != t->geometry.y_offset ||
				    s->attr.is_cluster_start != t->attr.is_cluster_start ||
				    gp->log_clusters[g] != gq->log_clusters[g])
					return FALSE;
			}
		}
	}
	return TRUE;
}

/* `text` from the known glyphs, as Pango sets it (see the top of the file); NULL when a
 * character is not one the speller can spell, or they come in two fonts. */
static pb_text_block *
spell(const speller *sp, const char *text, const pb_text_style *style, double width)
{
	const known_glyph *k[MAX_CHARS];
	int at[MAX_CHARS], n = 0;
	for (const char *p = text; *p; p = g_utf8_next_char(p), n++) {
		if (n == MAX_CHARS)
			return NULL;
		k[n] = g_hash_table_lookup(sp->glyphs, GUINT_TO_POINTER(g_utf8_get_char(p)));
		at[n] = (int)(p - text);
		if (!k[n] || k[n]->run < 0 || k[n]->run != k[0]->run)
			return NULL;
	}
	if (n == 0)
		return NULL;
	/* Pango's spread of the letter spacing (pango_glyph_item_letter_space), whole points
	 * rounded as it rounds them */
	const int spacing = (int)(style->tracking * PB_TEXT_REF_SIZE * PANGO_SCALE);
	int left = spacing / 2;
	if ((spacing & (PANGO_SCALE - 1)) == 0)
		left = PANGO_UNITS_ROUND(left);
	const int right = spacing - left;
	PangoGlyphItem *run = pb_text_run_new(sp->items->pdata[k[0]->run], (int)strlen(text), n);
	int w = 0;
	for (int i = 0; i < n; i++) {
		PangoGlyphInfo *gi = &run->glyphs->glyphs[i];
		gi->glyph = k[i]->glyph;
		gi->geometry.width = k[i]->advance + (i > 0 ? right : 0) + (i + 1 < n ? left : 0);
		gi->geometry.x_offset = i > 0 ? right : 0;
		gi->geometry.y_offset = 0;
		gi->attr = k[i]->attr;
		run->glyphs->log_clusters[i] = at[i];
		w += gi->geometry.width;
	}
	pb_text_setting set;
	pb_text_block *b = pb_text_block_begin(text, style, width, &set);
	if (!style->nowrap && w > set.measure) {
		/* Pango would break it */
		pango_glyph_item_free(run);
		pb_text_block_unref(b);
		return NULL;
	}
	pb_text_line *line = g_new0(pb_text_line, 1);
	line->runs = g_ptr_array_new_with_free_func((GDestroyNotify)pango_glyph_item_free);
	line->run_x = g_array_new(FALSE, FALSE, sizeof(double));
	g_ptr_array_add(line->runs, run);
	line->start = 0;
	line->end = (guint)strlen(text);
	pb_text_line_finish(b, line, 0, TRUE, TRUE, &set);
	return b;
}

pb_text_block *
pb_text_spelt(pb_fonts *fonts, const char *text, const pb_text_style *style, double width)
{
	if (!text || !*text || !style->family || style->align == PB_ALIGN_JUSTIFY ||
	    style->indent != 0)
		return NULL;
	guint n = 0;
	for (const char *p = text; *p; p = g_utf8_next_char(p), n++) {
		gunichar c = g_utf8_get_char(p);
		if (n >= MAX_CHARS || c < 0x3400 || !g_unichar_isdefined(c) ||
		    g_unichar_get_script(c) != G_UNICODE_SCRIPT_HAN ||
		    g_unichar_type(c) != G_UNICODE_OTHER_LETTER)
			return NULL;
	}
	speller *sp = speller_of(fonts, style);
	if (sp->retired)
		return NULL;
	GString *missing = g_string_new(NULL);
	for (const char *p = text; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (!g_hash_table_contains(sp->glyphs, GUINT_TO_POINTER(c)))
			g_string_append_unichar(missing, c); /* twice is harmless */
	}
	if (missing->len)
		learn(fonts, sp, style, missing);
	g_string_free(missing, TRUE);
	pb_text_block *b = spell(sp, text, style, width);
	if (!b || sp->checked >= CHECKED)
		return b;
	pb_text_block *pango = pb_text_layout_pango(fonts, text, style, width);
	if (!same_blocks(b, pango)) {
		sp->retired = TRUE;
		pb_text_block_unref(b);
		return pango;
	}
	sp->checked++;
	pb_text_block_unref(pango);
	return b;
}
