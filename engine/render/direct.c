/* direct.c — a PDF's pages written straight from their frames; see direct.h.
 *
 * Why: Cairo's PDF surface records every page and plays it twice (once to find what needs a
 * fallback image, once to write it), which costs about 0.15 ms a page however little is on it.
 * The insert's 2,000 cards are each a Form XObject (the card's ground, ornament and fixed
 * texts) and three lines of text, and its sheets place those cards by a transform: what
 * Cairo's machinery buys there is the fonts, their subsets and their ToUnicode maps.
 *
 * So Cairo draws one page, the template: every shared group the pages place (as it draws them
 * in any PDF, one Form XObject each), then every glyph the pages show, once each with its
 * text.  Cairo embeds and subsets the fonts as always.  Its content stream is then read back
 * (pb_direct_bind) for the name of each form and the code Cairo gave each glyph, and the pass
 * (pdfpass.c) writes the document's real pages itself: a content stream of references to
 * those forms and of glyph codes at the positions the frames hold, and one resources
 * dictionary all pages share.  The template page stays in the file, in no page tree.
 *
 * A document qualifies when everything outside its shared groups is text (and spot inks, the
 * pass's anyway): a photo, a rectangle or a mark outside them is Cairo's to draw, and so is a
 * shared group that holds one (it becomes a form).  Anything that does not read back as drawn
 * makes the caller draw every page with Cairo instead, so the worst case is the old way.
 */
#include "direct.h"
#include "render-private.h"
#include "base/units.h"

#include <cairo-pdf.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <qpdf/qpdf-c.h>
#include <string.h>

#define K (1 / PB_MM_PER_PT)

typedef enum shared_kind {
	SHARED_INLINE = 1, /* placed once, and only text in it: written out where it is placed */
	SHARED_FORM,       /* placed more than once, or holding what Cairo draws: a form */
	SHARED_SKIP,       /* spot inks only: the pass draws them */
} shared_kind;

/* The glyphs of one font the pages show, and how the font is drawn. */
typedef struct font_glyphs {
	GHashTable *index;   /* glyph -> its entry's index + 1 */
	cairo_matrix_t font; /* the scaled font's matrix: em in the run's units */
	cairo_scaled_font_t *scaled;
} font_glyphs;

typedef struct glyph_entry {
	font_glyphs *font;
	PangoGlyph glyph;
	const char *text; /* the cluster's text when the glyph begins it, else NULL */
	int text_len;
	/* bound: how Cairo's PDF shows it */
	const char *name;  /* the font's resource name, interned ("/f-0-0") */
	guint code, width; /* the code, of `width` bytes */
} glyph_entry;

struct pb_direct {
	GHashTable *uses;       /* the document's being planned: children array -> placements */
	GHashTable *kinds;      /* the same document's: shared children array -> shared_kind */
	GHashTable *docs;       /* pb_doc * -> its kinds, for each document the plan covers */
	GHashTable *uses_all;   /* children array -> placements in all of them */
	gboolean refers;        /* the document being planned shows a form or a glyph */
	GHashTable *form_index; /* children array -> index + 1 in forms */
	GPtrArray *forms;       /* of const GPtrArray *, the pages' forms in order */
	char **form_names;      /* bound: "/x6" each */
	GHashTable *fonts;      /* PangoFont * -> font_glyphs * */
	GPtrArray *font_order;  /* of PangoFont *, in order of first use */
	GArray *glyphs;         /* of glyph_entry */
	GArray *drawn;          /* of guint: the entries in the template's order, font by font */
	gboolean bound;
};

static void
font_glyphs_free(gpointer p)
{
	font_glyphs *f = p;
	g_hash_table_unref(f->index);
	g_free(f);
}

void
pb_direct_free(pb_direct *d)
{
	if (!d)
		return;
	g_hash_table_unref(d->docs);
	g_hash_table_unref(d->uses_all);
	g_hash_table_unref(d->form_index);
	g_ptr_array_unref(d->forms);
	g_strfreev(d->form_names);
	g_hash_table_unref(d->fonts);
	g_ptr_array_unref(d->font_order);
	g_array_unref(d->glyphs);
	g_array_unref(d->drawn);
	g_free(d);
}

/* ---- the plan -------------------------------------------------------------------------------- */

static shared_kind kind_of(pb_direct *d, const GPtrArray *children);

/* TRUE when a glyph is one Pango drew from a font (not a hex box for a missing one). */
static gboolean
real_glyph(PangoGlyph g)
{
	return g == PANGO_GLYPH_EMPTY || !(g & PANGO_GLYPH_UNKNOWN_FLAG);
}

/* TRUE when these items can be written as text and references, without Cairo. */
static gboolean
writable(pb_direct *d, const GPtrArray *items)
{
	for (guint i = 0; i < items->len; i++) {
		const pb_item *it = items->pdata[i];
		switch (it->kind) {
		case PB_ITEM_GROUP:
			if (it->group.shared)
				kind_of(d, it->group.children); /* any kind will do */
			else if (!writable(d, it->group.children))
				return FALSE;
			break;
		case PB_ITEM_GLYPHS: {
			const PangoGlyphItem *run = it->glyphs.run;
			if (!PANGO_IS_CAIRO_FONT(run->item->analysis.font))
				return FALSE;
			for (int g = 0; g < run->glyphs->num_glyphs; g++)
				if (!real_glyph(run->glyphs->glyphs[g].glyph))
					return FALSE;
			break;
		}
		case PB_ITEM_RECT:
			if (!it->rect.paint.spot)
				return FALSE;
			break;
		case PB_ITEM_PATH:
			if (!it->path.paint.spot)
				return FALSE;
			break;
		case PB_ITEM_IMAGE:
		case PB_ITEM_MARK:
			return FALSE;
		}
	}
	return TRUE;
}

static shared_kind
kind_of(pb_direct *d, const GPtrArray *children)
{
	shared_kind k = GPOINTER_TO_INT(g_hash_table_lookup(d->kinds, children));
	if (k)
		return k;
	if (pb_draw_only_spots(children))
		k = SHARED_SKIP;
	else if (GPOINTER_TO_UINT(g_hash_table_lookup(d->uses, children)) > 1)
		k = SHARED_FORM;
	else
		k = writable(d, children) ? SHARED_INLINE : SHARED_FORM;
	g_hash_table_insert(d->kinds, (gpointer)children, GINT_TO_POINTER(k));
	return k;
}

static font_glyphs *
font_of(pb_direct *d, PangoFont *font)
{
	font_glyphs *f = g_hash_table_lookup(d->fonts, font);
	if (!f) {
		f = g_new0(font_glyphs, 1);
		f->index = g_hash_table_new(NULL, NULL);
		f->scaled = pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(font));
		cairo_scaled_font_get_font_matrix(f->scaled, &f->font);
		g_hash_table_insert(d->fonts, font, f);
		g_ptr_array_add(d->font_order, font);
	}
	return f;
}

/* The glyphs of a run into the catalogue, each with its cluster's text where it begins one
 * (Cairo's ToUnicode map comes from that text: pdftotext gives the names back). */
static void
add_glyphs(pb_direct *d, const pb_item *it)
{
	const PangoGlyphItem *run = it->glyphs.run;
	const PangoGlyphString *gs = run->glyphs;
	font_glyphs *f = font_of(d, run->item->analysis.font);
	const char *text = it->glyphs.text + run->item->offset;
	for (int g = 0; g < gs->num_glyphs; g++) {
		PangoGlyph glyph = gs->glyphs[g].glyph;
		if (glyph == PANGO_GLYPH_EMPTY ||
		    g_hash_table_contains(f->index, GUINT_TO_POINTER(glyph)))
			continue;
		glyph_entry e = {.font = f, .glyph = glyph};
		int start = gs->log_clusters[g];
		if (g == 0 || gs->log_clusters[g - 1] != start) {
			int end = run->item->length;
			for (int n = g + 1; n < gs->num_glyphs; n++)
				if (gs->log_clusters[n] != start) {
					end = gs->log_clusters[n];
					break;
				}
			if (end > start) {
				e.text = text + start;
				e.text_len = end - start;
			}
		}
		g_array_append_val(d->glyphs, e);
		g_hash_table_insert(f->index, GUINT_TO_POINTER(glyph),
				    GUINT_TO_POINTER(d->glyphs->len));
	}
}

static void
collect(pb_direct *d, const GPtrArray *items)
{
	for (guint i = 0; i < items->len; i++) {
		const pb_item *it = items->pdata[i];
		if (it->kind == PB_ITEM_GLYPHS) {
			add_glyphs(d, it);
			d->refers = TRUE;
		}
		if (it->kind != PB_ITEM_GROUP)
			continue;
		shared_kind k = it->group.shared ? kind_of(d, it->group.children) : SHARED_INLINE;
		d->refers |= k == SHARED_FORM;
		if (k == SHARED_INLINE)
			collect(d, it->group.children);
		else if (k == SHARED_FORM &&
			 !g_hash_table_contains(d->form_index, it->group.children)) {
			g_ptr_array_add(d->forms, it->group.children);
			g_hash_table_insert(d->form_index, it->group.children,
					    GUINT_TO_POINTER(d->forms->len));
		}
	}
}

/* TRUE when every page of `doc` can be written, and they show something of the template (a
 * die-line, its cut alone, is Cairo's: its file has no fonts to carry); its kinds into
 * d->kinds. */
static gboolean
plan_doc(pb_direct *d, const pb_doc *doc)
{
	d->refers = FALSE;
	for (guint i = 0; i < doc->pages->len; i++)
		if (!writable(d, ((const pb_page *)doc->pages->pdata[i])->items))
			return FALSE;
	for (guint i = 0; i < doc->pages->len; i++)
		collect(d, ((const pb_page *)doc->pages->pdata[i])->items);
	return d->refers;
}

pb_direct *
pb_direct_plan(const GPtrArray *docs)
{
	pb_direct *d = g_new0(pb_direct, 1);
	d->docs = g_hash_table_new_full(NULL, NULL, NULL, (GDestroyNotify)g_hash_table_unref);
	d->uses_all = g_hash_table_new(NULL, NULL);
	d->form_index = g_hash_table_new(NULL, NULL);
	d->forms = g_ptr_array_new();
	d->fonts = g_hash_table_new_full(NULL, NULL, NULL, font_glyphs_free);
	d->font_order = g_ptr_array_new();
	d->glyphs = g_array_new(FALSE, FALSE, sizeof(glyph_entry));
	d->drawn = g_array_new(FALSE, FALSE, sizeof(guint));
	for (guint i = 0; i < docs->len; i++) {
		const pb_doc *doc = docs->pdata[i];
		if (doc->max_ppi != ((const pb_doc *)docs->pdata[0])->max_ppi ||
		    g_hash_table_contains(d->docs, doc))
			continue; /* the template's photos are resampled one way */
		d->uses = pb_draw_count_uses(doc);
		d->kinds = g_hash_table_new(NULL, NULL);
		if (plan_doc(d, doc)) {
			g_hash_table_insert(d->docs, (gpointer)doc, g_steal_pointer(&d->kinds));
			GHashTableIter it;
			gpointer children, n;
			g_hash_table_iter_init(&it, d->uses);
			while (g_hash_table_iter_next(&it, &children, &n))
				g_hash_table_insert(
				    d->uses_all, children,
				    GUINT_TO_POINTER(GPOINTER_TO_UINT(g_hash_table_lookup(
							 d->uses_all, children)) +
						     GPOINTER_TO_UINT(n)));
		}
		g_clear_pointer(&d->kinds, g_hash_table_unref);
		g_clear_pointer(&d->uses, g_hash_table_unref);
	}
	if (g_hash_table_size(d->docs) == 0) {
		pb_direct_free(d);
		return NULL;
	}
	return d;
}

gboolean
pb_direct_covers(const pb_direct *d, const pb_doc *doc)
{
	return d && d->bound && g_hash_table_contains(d->docs, doc);
}

GHashTable *
pb_direct_uses(const pb_direct *d)
{
	return d->uses_all;
}

/* ---- the template ---------------------------------------------------------------------------- */

guint
pb_direct_template_pages(const pb_direct *d)
{
	return d->forms->len + 1;
}

void
pb_direct_draw_template(pb_direct *d, cairo_t *cr, cairo_surface_t *pdf)
{
	/* each form on a page of its own, as large as its ink: Cairo writes a form's content only
	 * as far as the page it is painted on shows it (a sheet's marks run past a card) */
	for (guint i = 0; i < d->forms->len; i++) {
		cairo_surface_t *form = pb_draw_form(cr, d->forms->pdata[i]);
		double x, y, w, h;
		cairo_recording_surface_ink_extents(form, &x, &y, &w, &h);
		cairo_pdf_surface_set_size(pdf, (MIN(w, 5000) + 2) * K, (MIN(h, 5000) + 2) * K);
		cairo_save(cr);
		cairo_scale(cr, K, K);
		cairo_translate(cr, 1 - x, 1 - y);
		cairo_set_source_surface(cr, form, 0, 0);
		cairo_paint(cr);
		cairo_restore(cr);
		cairo_show_page(cr);
	}
	/* then the glyphs, each font's as one run, all at one place (a space alone has no ink) */
	cairo_pdf_surface_set_size(pdf, 100 * K, 100 * K);
	cairo_save(cr);
	cairo_scale(cr, K, K);
	cairo_set_source_rgb(cr, 0, 0, 0);
	g_array_set_size(d->drawn, 0);
	for (guint f = 0; f < d->font_order->len; f++) {
		font_glyphs *fg = g_hash_table_lookup(d->fonts, d->font_order->pdata[f]);
		GArray *glyphs = g_array_new(FALSE, FALSE, sizeof(cairo_glyph_t));
		GArray *clusters = g_array_new(FALSE, FALSE, sizeof(cairo_text_cluster_t));
		GString *utf8 = g_string_new(NULL);
		for (guint i = 0; i < d->glyphs->len; i++) {
			const glyph_entry *e = &g_array_index(d->glyphs, glyph_entry, i);
			if (e->font != fg)
				continue;
			g_array_append_val(d->drawn, i);
			cairo_glyph_t g = {e->glyph, 10, 20};
			cairo_text_cluster_t c = {e->text_len, 1};
			g_array_append_val(glyphs, g);
			g_array_append_val(clusters, c);
			g_string_append_len(utf8, e->text ? e->text : "", e->text_len);
		}
		cairo_set_scaled_font(cr, fg->scaled);
		cairo_show_text_glyphs(cr, utf8->str, (int)utf8->len, (cairo_glyph_t *)glyphs->data,
				       (int)glyphs->len, (cairo_text_cluster_t *)clusters->data,
				       (int)clusters->len, 0);
		g_array_unref(glyphs);
		g_array_unref(clusters);
		g_string_free(utf8, TRUE);
	}
	cairo_restore(cr);
	cairo_show_page(cr);
}

/* ---- reading Cairo's page back ----------------------------------------------------------------
 */

/* The bytes a font's codes take, by resource name: 2 for Cairo's CID fonts, 1 for its simple
 * ones (the Latin subsets, Type 3). */
static GHashTable *
code_widths(qpdf_data q, qpdf_oh page)
{
	GHashTable *widths = g_hash_table_new(g_str_hash, g_str_equal);
	qpdf_oh fonts = qpdf_oh_get_key(q, qpdf_oh_get_key(q, page, "/Resources"), "/Font");
	if (!qpdf_oh_is_dictionary(q, fonts))
		return widths;
	GPtrArray *names = g_ptr_array_new();
	qpdf_oh_begin_dict_key_iter(q, fonts);
	while (qpdf_oh_dict_more_keys(q))
		g_ptr_array_add(names, (gpointer)g_intern_string(qpdf_oh_dict_next_key(q)));
	for (guint i = 0; i < names->len; i++) {
		qpdf_oh font = qpdf_oh_get_key(q, fonts, names->pdata[i]);
		qpdf_oh sub = qpdf_oh_get_key(q, font, "/Subtype");
		gboolean cid = qpdf_oh_is_name_and_equals(q, sub, "/Type0");
		g_hash_table_insert(widths, names->pdata[i], GUINT_TO_POINTER(cid ? 2 : 1));
	}
	g_ptr_array_unref(names);
	return widths;
}

typedef struct reader {
	pb_direct *d;
	GHashTable *widths;
	const char *font; /* interned, the current Tf's */
	guint glyph, form;
	gboolean ok;
} reader;

/* The codes of one string shown in the current font, given to the next catalogue entries. */
static void
shown(reader *r, const guchar *bytes, gsize n)
{
	guint w = r->font ? GPOINTER_TO_UINT(g_hash_table_lookup(r->widths, r->font)) : 0;
	if (!w || n % w) {
		r->ok = FALSE;
		return;
	}
	for (gsize i = 0; i < n && r->ok; i += w) {
		if (r->glyph >= r->d->drawn->len) {
			r->ok = FALSE;
			return;
		}
		guint k = g_array_index(r->d->drawn, guint, r->glyph++);
		glyph_entry *e = &g_array_index(r->d->glyphs, glyph_entry, k);
		e->name = r->font;
		e->width = w;
		e->code = w == 2 ? (guint)bytes[i] << 8 | bytes[i + 1] : bytes[i];
	}
}

static int
hex_value(char c)
{
	return g_ascii_isxdigit(c) ? g_ascii_xdigit_value(c) : -1;
}

/* Tokens of a content stream, enough of them for what Cairo writes on the template: names,
 * strings (hex and literal, outside dictionaries), operators; the rest is skipped. */
static void
read_content(reader *r, const char *s, gsize n)
{
	const char *name = NULL; /* the last name, interned */
	int dict = 0;
	GByteArray *bytes = g_byte_array_new();
	for (gsize i = 0; i < n && r->ok;) {
		char c = s[i];
		if (g_ascii_isspace(c)) {
			i++;
		} else if (c == '/') {
			gsize j = i + 1;
			while (j < n && !g_ascii_isspace(s[j]) && !strchr("/[]<>()", s[j]))
				j++;
			g_autofree char *t = g_strndup(s + i, j - i);
			name = g_intern_string(t);
			i = j;
		} else if (c == '<' && i + 1 < n && s[i + 1] == '<') {
			dict++, i += 2;
		} else if (c == '>' && i + 1 < n && s[i + 1] == '>') {
			dict--, i += 2;
		} else if (c == '<') {
			g_byte_array_set_size(bytes, 0);
			int hi = -1;
			for (i++; i < n && s[i] != '>'; i++) {
				int v = hex_value(s[i]);
				if (v < 0)
					continue;
				if (hi < 0) {
					hi = v;
				} else {
					guint8 b = (guint8)(hi << 4 | v);
					g_byte_array_append(bytes, &b, 1);
					hi = -1;
				}
			}
			i++;
			if (dict == 0)
				shown(r, bytes->data, bytes->len);
		} else if (c == '(') {
			g_byte_array_set_size(bytes, 0);
			int depth = 1;
			for (i++; i < n; i++) {
				guint8 b = (guint8)s[i];
				if (b == '\\' && i + 1 < n) {
					char e = s[++i];
					if (e >= '0' && e <= '7') {
						int v = 0, k = 0;
						for (; k < 3 && i < n && s[i] >= '0' && s[i] <= '7';
						     k++, i++)
							v = v * 8 + (s[i] - '0');
						i--;
						b = (guint8)v;
					} else {
						b = (guint8)(e == 'n'   ? '\n'
							     : e == 'r' ? '\r'
							     : e == 't' ? '\t'
							     : e == 'b' ? '\b'
							     : e == 'f' ? '\f'
									: e);
					}
				} else if (b == '(') {
					depth++;
				} else if (b == ')' && --depth == 0) {
					break;
				}
				g_byte_array_append(bytes, &b, 1);
			}
			i++;
			if (dict == 0)
				shown(r, bytes->data, bytes->len);
		} else if (g_ascii_isalpha(c) || c == '\'' || c == '"') {
			gsize j = i;
			while (j < n && (g_ascii_isalnum(s[j]) || s[j] == '*' || s[j] == '\'' ||
					 s[j] == '"'))
				j++;
			if (j - i == 2 && !memcmp(s + i, "Tf", 2)) {
				r->font = name;
			} else if (j - i == 2 && !memcmp(s + i, "Do", 2)) {
				if (!name || r->form >= r->d->forms->len)
					r->ok = FALSE;
				else
					r->d->form_names[r->form++] = g_strdup(name);
			}
			i = j;
		} else {
			i++; /* numbers, brackets */
		}
	}
	g_byte_array_unref(bytes);
}

gboolean
pb_direct_bind(pb_direct *d, const char *pdf, gsize len)
{
	qpdf_data q = qpdf_init();
	qpdf_silence_errors(q);
	qpdf_set_suppress_warnings(q, QPDF_TRUE);
	qpdf_read_memory(q, "template", pdf, len, NULL);
	const int pages = (int)pb_direct_template_pages(d);
	reader r = {.d = d, .ok = !qpdf_has_error(q) && qpdf_get_num_pages(q) == pages};
	g_strfreev(d->form_names);
	d->form_names = g_new0(char *, d->forms->len + 1);
	for (int i = 0; r.ok && i < pages; i++) {
		qpdf_oh page = qpdf_get_page_n(q, (size_t)i);
		unsigned char *content = NULL;
		size_t n = 0;
		r.ok = qpdf_oh_get_page_content_data(q, page, &content, &n) == QPDF_SUCCESS;
		if (!r.ok)
			break;
		r.widths = code_widths(q, page);
		read_content(&r, (const char *)content, n);
		g_hash_table_unref(r.widths);
		free(content);
		/* a form's page places it once; the last page shows the glyphs */
		r.ok = r.ok && r.form == (guint)MIN(i + 1, (int)d->forms->len);
	}
	r.ok = r.ok && !qpdf_has_error(q) && r.glyph == d->glyphs->len &&
	       d->drawn->len == d->glyphs->len && r.form == d->forms->len;
	qpdf_cleanup(&q);
	d->bound = r.ok;
	return r.ok;
}

/* ---- the pages ------------------------------------------------------------------------------ */

void
pb_pdf_append_num(GString *s, double v)
{
	gint64 n = (gint64)llround(v * 10000);
	if (n < 0) {
		g_string_append_c(s, '-');
		n = -n;
	}
	/* the integer part by hand: printf costs more than the rest of a page's numbers */
	char digits[24];
	int len = 0;
	gint64 whole = n / 10000;
	do {
		digits[sizeof digits - 1 - len++] = (char)('0' + whole % 10);
		whole /= 10;
	} while (whole && len < (int)sizeof digits);
	g_string_append_len(s, digits + sizeof digits - len, len);
	int frac = (int)(n % 10000);
	if (frac) {
		char f[6] = {'.',
			     (char)('0' + frac / 1000),
			     (char)('0' + frac / 100 % 10),
			     (char)('0' + frac / 10 % 10),
			     (char)('0' + frac % 10),
			     0};
		int end = 5;
		while (f[end - 1] == '0')
			end--;
		g_string_append_len(s, f, end);
	}
}

static double
round4(double v)
{
	return (double)llround(v * 10000) / 10000;
}

static void
nums(GString *s, const double *v, int n, const char *op)
{
	for (int i = 0; i < n; i++) {
		pb_pdf_append_num(s, v[i]);
		g_string_append_c(s, ' ');
	}
	g_string_append(s, op);
	g_string_append_c(s, '\n');
}

/* One run: its colour, its font's matrix at the run's size, then each glyph's code, each
 * moved to (Td from the line's start, so the font's widths never shift it) where Pango put it:
 * the frames' positions exactly, letter spacing and all. */
static void
write_glyphs(const pb_direct *d, const pb_item *it, GString *s)
{
	const PangoGlyphItem *run = it->glyphs.run;
	const font_glyphs *f = g_hash_table_lookup(d->fonts, run->item->analysis.font);
	const double u = PB_MM_PER_PT * it->glyphs.scale / PANGO_SCALE; /* mm per Pango unit */
	const double sc = PB_MM_PER_PT * it->glyphs.scale;
	/* text space to the group's (y down): the font's matrix, its y turned up */
	double m[6] = {round4(f->font.xx * sc),
		       round4(f->font.yx * sc),
		       round4(-f->font.xy * sc),
		       round4(-f->font.yy * sc),
		       0,
		       0};
	double det = m[0] * m[3] - m[1] * m[2];
	if (fabs(det) < 1e-12)
		return;
	nums(s, (double[]){it->glyphs.color.r, it->glyphs.color.g, it->glyphs.color.b}, 3, "rg");
	g_string_append(s, "BT\n");
	const char *font = NULL;
	double x0 = 0, y0 = 0, tx = 0, ty = 0; /* the run's origin; the Td so far, text space */
	gboolean first = TRUE;
	int advance = 0;
	for (int g = 0; g < run->glyphs->num_glyphs; g++) {
		const PangoGlyphInfo *gi = &run->glyphs->glyphs[g];
		int at = advance + gi->geometry.x_offset;
		advance += gi->geometry.width;
		if (gi->glyph == PANGO_GLYPH_EMPTY)
			continue;
		const glyph_entry *e = &g_array_index(
		    d->glyphs, glyph_entry,
		    GPOINTER_TO_UINT(g_hash_table_lookup(f->index, GUINT_TO_POINTER(gi->glyph))) -
			1);
		double x = it->x + at * u, y = it->y + gi->geometry.y_offset * u;
		if (e->name != font) {
			font = e->name;
			g_string_append(s, font);
			g_string_append(s, " 1 Tf\n");
		}
		if (first) {
			m[4] = x0 = round4(x), m[5] = y0 = round4(y);
			nums(s, m, 6, "Tm");
			first = FALSE;
		} else {
			/* the offset from the origin in text space, less what the Tds so far moved
			 */
			double dx = x - x0, dy = y - y0;
			double t[2] = {round4((m[3] * dx - m[2] * dy) / det - tx),
				       round4((m[0] * dy - m[1] * dx) / det - ty)};
			tx += t[0], ty += t[1];
			nums(s, t, 2, "Td");
		}
		static const char hex[] = "0123456789abcdef";
		char code[10] = {'<'};
		int n = 1;
		for (int shift = (int)e->width * 8 - 4; shift >= 0; shift -= 4)
			code[n++] = hex[e->code >> shift & 15];
		memcpy(code + n, ">Tj\n", 4);
		g_string_append_len(s, code, n + 4);
	}
	g_string_append(s, "ET\n");
}

static void
write_items(const pb_direct *d, GHashTable *kinds, const GPtrArray *items, GString *s)
{
	for (guint i = 0; i < items->len; i++) {
		const pb_item *it = items->pdata[i];
		if (it->kind == PB_ITEM_GLYPHS) {
			write_glyphs(d, it, s);
			continue;
		}
		if (it->kind != PB_ITEM_GROUP)
			continue; /* spot inks: the pass's */
		shared_kind k =
		    it->group.shared
			? GPOINTER_TO_INT(g_hash_table_lookup(kinds, it->group.children))
			: SHARED_INLINE;
		if (k == SHARED_SKIP)
			continue;
		gboolean moved = it->x != 0 || it->y != 0 || it->group.a != 1 || it->group.b != 0 ||
				 it->group.c != 0 || it->group.d != 1;
		gboolean scope = moved || it->group.clip || k == SHARED_FORM;
		if (scope)
			g_string_append(s, "q\n");
		if (moved)
			nums(s,
			     (double[]){it->group.a, it->group.b, it->group.c, it->group.d, it->x,
					it->y},
			     6, "cm");
		if (it->group.clip)
			nums(s, (double[]){0, 0, it->group.w, it->group.h}, 4, "re W n");
		if (k == SHARED_FORM) {
			guint f = GPOINTER_TO_UINT(
			    g_hash_table_lookup(d->form_index, it->group.children));
			g_string_append(s, d->form_names[f - 1]);
			g_string_append(s, " Do\n");
		} else {
			write_items(d, kinds, it->group.children, s);
		}
		if (scope)
			g_string_append(s, "Q\n");
	}
}

void
pb_direct_page_content(const pb_direct *d, const pb_doc *doc, const pb_page *page, GString *out)
{
	g_assert(pb_direct_covers(d, doc));
	GHashTable *kinds = g_hash_table_lookup(d->docs, doc);
	const double outer = page->bleed + page->slug;
	const double mh = (page->height + 2 * outer) * K;
	/* millimetres from the trim's top-left, y down, as the frames are */
	g_string_append(out, "q\n2.83464567 0 0 -2.83464567 ");
	nums(out, (double[]){outer * K, mh - outer * K}, 2, "cm");
	write_items(d, kinds, page->items, out);
	g_string_append(out, "Q\n");
}
