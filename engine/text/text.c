/* text.c — the text service (Pango): counting, line breaking, justification, fitting.
 *
 * Pango shapes and finds break opportunities (UAX #14); this file adds what Chinese print
 * needs on top (see text.h for the rules and their clreq sections) and positions lines
 * itself, so that justification and line height are ours and exact.  It never draws: lines
 * come back as copied Pango glyph items that frames carry to the renderer.
 *
 * Units: Pango measures in points here (the fonts service's context is 72 dpi, so a device
 * unit is a point), blocks report millimetres.
 */
#include "text-private.h"
#include "base/units.h"

#include <pango/pango.h>
#include <string.h>

guint
pb_text_count_chars(const char *utf8)
{
	if (!utf8 || !*utf8)
		return 0;
	int len = (int)strlen(utf8);
	int n_chars = (int)g_utf8_strlen(utf8, len);
	PangoLogAttr *attrs = g_new0(PangoLogAttr, n_chars + 1);
	pango_get_log_attrs(utf8, len, -1, pango_language_from_string("zh-cn"), attrs, n_chars + 1);
	guint count = 0;
	const char *p = utf8;
	for (int i = 0; i < n_chars; i++, p = g_utf8_next_char(p)) {
		/* A cluster counts unless it begins with whitespace (U+3000 included). */
		if (attrs[i].is_cursor_position && !g_unichar_isspace(g_utf8_get_char(p)))
			count++;
	}
	g_free(attrs);
	return count;
}

/* clreq §3.1.7: characters that must not start a line. */
static gboolean
no_line_start(gunichar c)
{
	static const gunichar set[] = {0xFF0C /* ， */,
				       0x3002 /* 。 */,
				       0x3001 /* 、 */,
				       0xFF1B /* ； */,
				       0xFF1A /* ： */,
				       0xFF1F /* ？ */,
				       0xFF01 /* ！ */,
				       0xFF09 /* ） */,
				       0x300B /* 》 */,
				       0x300D /* 」 */,
				       0x300F /* 』 */,
				       0x201D /* ” */,
				       0x2019 /* ’ */,
				       0x3011 /* 】 */,
				       0x3015 /* 〕 */,
				       0x3009 /* 〉 */,
				       0xFF3D /* ］ */,
				       0xFF5D /* ｝ */,
				       0x2026 /* … */,
				       0x2014 /* — */,
				       0x00B7 /* · */,
				       0x30FB /* ・ */,
				       0xFF0E /* ． */,
				       ',',
				       '.',
				       ';',
				       ':',
				       '?',
				       '!',
				       ')',
				       ']',
				       '}'};
	for (gsize i = 0; i < G_N_ELEMENTS(set); i++)
		if (set[i] == c)
			return TRUE;
	return FALSE;
}

/* clreq §3.1.7: characters that must not end a line. */
static gboolean
no_line_end(gunichar c)
{
	static const gunichar set[] = {0xFF08 /* （ */,
				       0x300A /* 《 */,
				       0x300C /* 「 */,
				       0x300E /* 『 */,
				       0x201C /* “ */,
				       0x2018 /* ‘ */,
				       0x3010 /* 【 */,
				       0x3014 /* 〔 */,
				       0x3008 /* 〈 */,
				       0xFF3B /* ［ */,
				       0xFF5B /* ｛ */,
				       '(',
				       '[',
				       '{'};
	for (gsize i = 0; i < G_N_ELEMENTS(set); i++)
		if (set[i] == c)
			return TRUE;
	return FALSE;
}

static gboolean
is_cjk_punct(gunichar c)
{
	return no_line_start(c) || no_line_end(c);
}

/* Marks whose glyph sits in one half of the em, so that the other half can be given up at a
 * line end: full-width closing punctuation. */
static gboolean
halvable_at_end(gunichar c)
{
	return c >= 0x2000 && no_line_start(c) && c != 0x2026 && c != 0x2014 && c != 0x00B7 &&
	       c != 0x30FB;
}

static void
forbid_breaks(PangoAttrList *list, guint start, guint end)
{
	PangoAttribute *a = pango_attr_allow_breaks_new(FALSE);
	a->start_index = start;
	a->end_index = end;
	pango_attr_list_insert(list, a);
}

static PangoAttrList *
make_attrs(const char *text, const pb_text_style *st)
{
	PangoAttrList *list = pango_attr_list_new();
	if (st->tracking != 0) {
		PangoAttribute *a =
		    pango_attr_letter_spacing_new((int)(st->tracking * st->size * PANGO_SCALE));
		pango_attr_list_insert(list, a);
	}
	const char *prev = NULL;
	for (const char *p = text; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		const char *next = g_utf8_next_char(p);
		gunichar n = *next ? g_utf8_get_char(next) : 0;
		guint here = (guint)(p - text), after = (guint)(next - text);
		guint after_next = n ? (guint)(g_utf8_next_char(next) - text) : after;
		/* No break before a mark that must not start a line. */
		if (prev && no_line_start(c))
			forbid_breaks(list, (guint)(prev - text), after);
		/* No break after a mark that must not end a line. */
		if (n && no_line_end(c))
			forbid_breaks(list, here, after_next);
		/* …… and —— are one mark in two characters. */
		if (n && (c == 0x2026 || c == 0x2014) && n == c)
			forbid_breaks(list, here, after_next);
		/* Two marks meet: the first gives up half its width (halt). */
		if (n && c >= 0x2000 && is_cjk_punct(c) && is_cjk_punct(n) && c != 0x2026 &&
		    c != 0x2014) {
			PangoAttribute *a = pango_attr_font_features_new("halt");
			a->start_index = here;
			a->end_index = after;
			pango_attr_list_insert(list, a);
		}
		prev = p;
	}
	return list;
}

void
pb_text_line_free(gpointer p)
{
	pb_text_line *l = p;
	g_ptr_array_unref(l->runs);
	g_array_unref(l->run_x);
	g_free(l);
}

pb_text_block *
pb_text_block_ref(pb_text_block *b)
{
	g_atomic_int_inc(&b->refs);
	return b;
}

void
pb_text_block_unref(pb_text_block *b)
{
	if (!b || !g_atomic_int_dec_and_test(&b->refs))
		return;
	g_ptr_array_unref(b->lines);
	g_free(b->text);
	g_free(b);
}

struct pb_text_cache {
	GHashTable *blocks; /* key (text and style) -> pb_text_block*, a reference each */
};

pb_text_cache *
pb_text_cache_new(void)
{
	pb_text_cache *cache = g_new0(pb_text_cache, 1);
	cache->blocks =
	    g_hash_table_new_full(g_bytes_hash, g_bytes_equal, (GDestroyNotify)g_bytes_unref,
				  (GDestroyNotify)pb_text_block_unref);
	return cache;
}

void
pb_text_cache_free(pb_text_cache *cache)
{
	if (!cache)
		return;
	g_hash_table_unref(cache->blocks);
	g_free(cache);
}

/* Everything a block depends on: the colour too, since placing takes it from the block.  The
 * numbers as their bytes, not printed: a card's caption is looked up on each of 2,000 cards. */
static GBytes *
cache_key(const char *text, const pb_text_style *st, double width)
{
	struct {
		double size, leading, tracking, indent, r, g, b, width;
		int weight, align, name, nowrap;
	} numbers = {st->size,    st->leading, st->tracking,     st->indent,
		     st->color.r, st->color.g, st->color.b,      width,
		     st->weight,  st->align,   st->name ? 1 : 0, st->nowrap ? 1 : 0};
	gsize lt = text ? strlen(text) : 0, lf = st->family ? strlen(st->family) : 0;
	gsize n = lt + 1 + lf + 1 + sizeof numbers;
	guint8 *key = g_malloc(n);
	memcpy(key, text ? text : "", lt);
	key[lt] = 0x1f;
	memcpy(key + lt + 1, st->family ? st->family : "", lf);
	key[lt + 1 + lf] = 0x1f;
	memcpy(key + lt + 2 + lf, &numbers, sizeof numbers);
	return g_bytes_new_take(key, n);
}

static pb_text_block *text_layout(pb_fonts *fonts, const char *text, const pb_text_style *style,
				  double width);

pb_text_block *
pb_text_layout(pb_fonts *fonts, pb_text_cache *cache, const char *text, const pb_text_style *style,
	       double width)
{
	if (!cache)
		return text_layout(fonts, text, style, width);
	GBytes *key = cache_key(text, style, width);
	pb_text_block *b = g_hash_table_lookup(cache->blocks, key);
	if (b) {
		g_bytes_unref(key);
		return pb_text_block_ref(b);
	}
	b = text_layout(fonts, text, style, width);
	g_hash_table_insert(cache->blocks, key, pb_text_block_ref(b));
	return b;
}

/* The glyphs of a line, in visual order, as (run, index) pairs for walking clusters. */
typedef struct glyph_ref {
	PangoGlyphItem *run;
	int index;
} glyph_ref;

static GArray *
line_glyphs(pb_text_line *line)
{
	GArray *g = g_array_new(FALSE, FALSE, sizeof(glyph_ref));
	for (guint r = 0; r < line->runs->len; r++) {
		PangoGlyphItem *run = line->runs->pdata[r];
		for (int i = 0; i < run->glyphs->num_glyphs; i++) {
			glyph_ref ref = {run, i};
			g_array_append_val(g, ref);
		}
	}
	return g;
}

static gunichar
glyph_char(const char *text, const glyph_ref *ref)
{
	return g_utf8_get_char(text + ref->run->item->offset +
			       ref->run->glyphs->log_clusters[ref->index]);
}

/* A gap between two characters that justification may widen: CJK text takes space between
 * any two characters (clreq §3.8), Latin words only between words, never inside one. */
static gboolean
stretchable(gunichar before, gunichar after)
{
	return g_unichar_iswide(before) || g_unichar_iswide(after) || before >= 0x2E80 ||
	       after >= 0x2E80 || g_unichar_isspace(before) || g_unichar_isspace(after);
}

/* Spreads `extra` Pango units over the stretchable gaps between clusters, when that asks no
 * more than `limit` units a gap (a wider gap means a break forced by a long unbreakable word,
 * and the line is better left short).  The last glyph before each such gap takes its share. */
static void
justify_line(GArray *glyphs, const char *text, int extra, double limit)
{
	if (extra <= 0)
		return;
	int gaps = 0;
	for (guint i = 0; i + 1 < glyphs->len; i++) {
		glyph_ref *g = &g_array_index(glyphs, glyph_ref, i);
		glyph_ref *next = &g_array_index(glyphs, glyph_ref, i + 1);
		if (next->run->glyphs->glyphs[next->index].attr.is_cluster_start &&
		    stretchable(glyph_char(text, g), glyph_char(text, next)))
			gaps++;
	}
	if (gaps == 0 || extra > gaps * limit)
		return;
	int done = 0, k = 0;
	for (guint i = 0; i + 1 < glyphs->len && k < gaps; i++) {
		glyph_ref *g = &g_array_index(glyphs, glyph_ref, i);
		glyph_ref *next = &g_array_index(glyphs, glyph_ref, i + 1);
		if (!next->run->glyphs->glyphs[next->index].attr.is_cluster_start ||
		    !stretchable(glyph_char(text, g), glyph_char(text, next)))
			continue;
		/* Integer shares that add up exactly to `extra`. */
		int share = (int)((gint64)extra * (k + 1) / gaps) - done;
		g->run->glyphs->glyphs[g->index].geometry.width += share;
		done += share;
		k++;
	}
}

static int
runs_width(GPtrArray *runs)
{
	int w = 0;
	for (guint r = 0; r < runs->len; r++)
		w += pango_glyph_string_get_width(((PangoGlyphItem *)runs->pdata[r])->glyphs);
	return w;
}

pb_text_block *
pb_text_block_begin(const char *text, const pb_text_style *style, double width,
		    pb_text_setting *set)
{
	pb_text_block *b = g_new0(pb_text_block, 1);
	b->refs = 1;
	b->text = g_strdup(text ? text : "");
	b->style = *style;
	b->width = width;
	b->lines = g_ptr_array_new_with_free_func(pb_text_line_free);
	double leading = style->leading > 0 ? style->leading : 1.5;
	const double pt = PANGO_SCALE; /* Pango units per point */
	/* shaped at the reference size, in a measure scaled to match: see text.h */
	const double ref = PB_TEXT_REF_SIZE;
	const double k = style->size > 0 ? style->size / ref : 1.0 / ref;
	b->scale = k;
	set->k = k;
	set->measure = (int)MIN(width / k / PB_MM_PER_PT * pt, G_MAXINT / 2);
	set->indent = (int)(style->indent * ref * pt);
	set->line_h = style->size * leading * PB_MM_PER_PT;
	set->first_baseline = (set->line_h - style->size * PB_MM_PER_PT) / 2 +
			      PB_EM_ASCENT * style->size * PB_MM_PER_PT;
	/* 王芳 set to the width of 欧阳明: asked once, not per line */
	set->two_char_name = style->name && pb_text_count_chars(b->text) == 2;
	return b;
}

void
pb_text_line_finish(pb_text_block *b, pb_text_line *line, guint index, gboolean paragraph_start,
		    gboolean last_of_paragraph, const pb_text_setting *set)
{
	const pb_text_style *style = &b->style;
	const double pt = PANGO_SCALE, ref = PB_TEXT_REF_SIZE, k = set->k;
	const int measure = set->measure;
	line->baseline = set->first_baseline + index * set->line_h;
	int start_x = paragraph_start ? set->indent : 0;
	g_autoptr(GArray) glyphs = line_glyphs(line);
	if (set->two_char_name && glyphs->len >= 2) {
		/* 王　芳 beside 欧阳明: one em after the first character. */
		glyph_ref *g = &g_array_index(glyphs, glyph_ref, 0);
		g->run->glyphs->glyphs[g->index].geometry.width += (int)(ref * pt);
	}
	if (style->align == PB_ALIGN_JUSTIFY && glyphs->len > 0) {
		glyph_ref *lastg = &g_array_index(glyphs, glyph_ref, glyphs->len - 1);
		int *adv = &lastg->run->glyphs->glyphs[lastg->index].geometry.width;
		/* A closing mark at the line end gives up its empty half (clreq §3.1.6). */
		if (halvable_at_end(glyph_char(b->text, lastg)) && *adv > ref * pt * 0.75)
			*adv -= (int)(ref * pt / 2);
		int extra = measure - start_x - runs_width(line->runs);
		/* Full lines only, and never more than 0.3 em a gap. */
		if (!last_of_paragraph)
			justify_line(glyphs, b->text, extra, ref * pt * 0.3);
	}
	int w = runs_width(line->runs);
	/* Centred lines let a closing mark hang, so the characters themselves sit centred (a
	 * display-type habit: 青春不散场，).  End-aligned lines stay inside the measure. */
	int hang = 0;
	if (style->align == PB_ALIGN_CENTER && glyphs->len > 1) {
		glyph_ref *lastg = &g_array_index(glyphs, glyph_ref, glyphs->len - 1);
		if (halvable_at_end(glyph_char(b->text, lastg)))
			hang = lastg->run->glyphs->glyphs[lastg->index].geometry.width;
	}
	double x = start_x;
	if (style->align == PB_ALIGN_CENTER)
		x = (measure - (w - hang)) / 2.0;
	else if (style->align == PB_ALIGN_END)
		x = measure - (w - hang);
	for (guint r = 0; r < line->runs->len; r++) {
		double mm = x / pt * PB_MM_PER_PT * k;
		g_array_append_val(line->run_x, mm);
		x += pango_glyph_string_get_width(((PangoGlyphItem *)line->runs->pdata[r])->glyphs);
	}
	/* A hanging mark stays inside the measure: count it twice (it hangs by half). */
	line->width = (start_x + w + hang) / pt * PB_MM_PER_PT * k;
	b->widest = MAX(b->widest, line->width);
	g_ptr_array_add(b->lines, line);
	b->height = b->lines->len * set->line_h;
}

pb_text_block *
pb_text_layout_pango(pb_fonts *fonts, const char *text, const pb_text_style *style, double width)
{
	pb_text_setting set;
	pb_text_block *b = pb_text_block_begin(text, style, width, &set);
	const double pt = PANGO_SCALE, ref = PB_TEXT_REF_SIZE;
	pb_text_style at_ref = *style;
	at_ref.size = ref;

	PangoLayout *layout = pango_layout_new(pb_fonts_context(fonts));
	PangoFontDescription *fd = pango_font_description_new();
	pango_font_description_set_family(fd, style->family);
	pango_font_description_set_weight(fd, (PangoWeight)(style->weight ? style->weight : 400));
	pango_font_description_set_absolute_size(fd, ref * pt);
	pango_layout_set_font_description(layout, fd);
	pango_font_description_free(fd);
	/* without wrapping, a line wider than the measure overflows, and fitting sees it */
	pango_layout_set_width(layout, style->nowrap ? -1 : set.measure);
	pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_indent(layout, set.indent);
	PangoAttrList *attrs = make_attrs(b->text, &at_ref);
	pango_layout_set_attributes(layout, attrs);
	pango_attr_list_unref(attrs);
	pango_layout_set_text(layout, b->text, -1);

	GSList *lines = pango_layout_get_lines_readonly(layout);
	guint index = 0;
	for (GSList *l = lines; l; l = l->next, index++) {
		PangoLayoutLine *pl = l->data;
		PangoLayoutLine *next = l->next ? l->next->data : NULL;
		pb_text_line *line = g_new0(pb_text_line, 1);
		line->runs = g_ptr_array_new_with_free_func((GDestroyNotify)pango_glyph_item_free);
		line->run_x = g_array_new(FALSE, FALSE, sizeof(double));
		line->start = (guint)pl->start_index;
		line->end = (guint)(pl->start_index + pl->length);
		for (GSList *r = pl->runs; r; r = r->next)
			g_ptr_array_add(line->runs, pango_glyph_item_copy(r->data));
		pb_text_line_finish(b, line, index, pl->is_paragraph_start,
				    !next || next->is_paragraph_start, &set);
	}
	g_object_unref(layout);
	return b;
}

static pb_text_block *
text_layout(pb_fonts *fonts, const char *text, const pb_text_style *style, double width)
{
	pb_text_block *b = pb_text_spelt(fonts, text, style, width);
	return b ? b : pb_text_layout_pango(fonts, text, style, width);
}

gboolean
pb_text_fits(const pb_text_block *b, double height)
{
	const double eps = 0.01; /* mm: rounding in Pango units, not a tolerance for overflow */
	return b->widest <= b->width + eps && b->height <= height + eps;
}

double
pb_text_fit(pb_fonts *fonts, pb_text_cache *cache, const char *text, const pb_text_style *style,
	    double width, double height, double min, double max, double step, pb_text_block **out)
{
	/* Binary search over the sizes min + k·step: fitting is monotonic in the size.  Most
	 * texts fit at the largest size (a name on a card, a caption), so that is tried first:
	 * one layout instead of four or five, the same answer. */
	int lo = 0, hi = (int)((max - min) / step + 1e-9), best = -1;
	pb_text_style st = *style;
	pb_text_block *best_block = NULL, *at_min = NULL; /* at_min: when even min fails */
	if (hi > 0) {
		st.size = min + hi * step;
		pb_text_block *b = pb_text_layout(fonts, cache, text, &st, width);
		if (pb_text_fits(b, height)) {
			best = lo = hi;
			best_block = b;
			hi = -1; /* done */
		} else {
			pb_text_block_unref(b);
			hi--;
		}
	}
	while (lo <= hi) {
		int mid = (lo + hi) / 2;
		st.size = min + mid * step;
		pb_text_block *b = pb_text_layout(fonts, cache, text, &st, width);
		if (pb_text_fits(b, height)) {
			best = mid;
			pb_text_block_unref(best_block);
			best_block = b;
			lo = mid + 1;
		} else if (mid == 0) {
			at_min = b; /* kept: the answer when nothing fits */
			hi = mid - 1;
		} else {
			pb_text_block_unref(b);
			hi = mid - 1;
		}
	}
	if (best < 0) {
		if (!at_min) { /* not reached when min is tried: min > max */
			st.size = min;
			at_min = pb_text_layout(fonts, cache, text, &st, width);
		}
		best_block = g_steal_pointer(&at_min);
	}
	g_clear_pointer(&at_min, pb_text_block_unref);
	if (out)
		*out = best_block;
	else
		pb_text_block_unref(best_block);
	return best < 0 ? 0 : min + best * step;
}

gboolean
pb_text_check_glyphs(pb_fonts *fonts, const char *text, const pb_text_style *style, pb_loc loc,
		     pb_severity sev, pb_diags *diags)
{
	gsize offset = 0;
	gunichar c = pb_fonts_first_missing(fonts, style->family,
					    style->weight ? style->weight : 400, text, &offset);
	if (!c)
		return TRUE;
	char utf8[8] = {0};
	g_unichar_to_utf8(c, utf8);
	pb_diag_add(diags, loc, sev, "text.glyphs", "character '%s' (U+%04X) has no glyph in %s",
		    utf8, c, style->family);
	return FALSE;
}
