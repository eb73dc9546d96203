/* direct-write.c — a page's content stream written from its frames onto the bound template
 * (see direct.c): glyph codes at the frames' positions, forms under the groups' transforms. */
#include "direct-private.h"
#include "pdfupdate.h"
#include "base/units.h"
#include "imagecache.h"
#include "render-private.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

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

static const glyph_entry *
entry_of(const pb_direct *d, const font_glyphs *f, PangoGlyph glyph)
{
	guint i = GPOINTER_TO_UINT(g_hash_table_lookup(f->index, GUINT_TO_POINTER(glyph)));
	return &g_array_index(d->glyphs, glyph_entry, i - 1);
}

/* The cluster of glyph `g` (the text's bytes [start, end)) opened in an /ActualText span when
 * what its glyphs' fonts map them to is not its text: a glyph two characters share (一 and
 * the radical ⼀), or an accent typed apart (José with U+0301), as Cairo does.  The index of
 * the glyph after the cluster, or -1 when no span was opened (or, with `s` NULL, when none
 * is needed: nothing is written). */
static int
actual_text(const pb_direct *d, const font_glyphs *f, const pb_item *it, int g, int start, int end,
	    GString *s)
{
	const PangoGlyphItem *run = it->glyphs.run;
	const PangoGlyphString *gs = run->glyphs;
	const char *text = it->glyphs.text + run->item->offset + start;
	int last = g + 1;
	while (last < gs->num_glyphs && gs->log_clusters[last] == gs->log_clusters[g])
		last++;
	/* the glyphs' texts one after the other against the cluster's, without copying */
	gsize at = 0, len = (gsize)MAX(end - start, 0);
	gboolean same = TRUE;
	for (int k = g; k < last && same; k++) {
		if (gs->glyphs[k].glyph == PANGO_GLYPH_EMPTY)
			continue;
		const char *u = entry_of(d, f, gs->glyphs[k].glyph)->unicode;
		gsize n = u ? strlen(u) : 0;
		same = u && at + n <= len && !memcmp(text + at, u, n);
		at += n;
	}
	if ((same && at == len) || len == 0)
		return -1;
	if (!s)
		return last; /* asked only */
	glong units = 0;
	gunichar2 *utf16 = g_utf8_to_utf16(text, end - start, NULL, &units, NULL);
	if (!utf16)
		return -1;
	g_string_append(s, "/Span << /ActualText <feff");
	for (glong k = 0; k < units; k++)
		g_string_append_printf(s, "%04x", utf16[k]);
	g_string_append(s, "> >> BDC\n");
	g_free(utf16);
	return last;
}

static void
append_code(GString *s, const glyph_entry *e)
{
	static const char hex[] = "0123456789abcdef";
	char code[10] = {'<'};
	int n = 1;
	for (int shift = (int)e->width * 8 - 4; shift >= 0; shift -= 4)
		code[n++] = hex[e->code >> shift & 15];
	code[n++] = '>';
	g_string_append_len(s, code, n);
}

/* TRUE when the run can be one TJ string: its glyphs on its baseline, in one of Cairo's fonts
 * whose widths are known, its text what their ToUnicode maps say, and its font upright. */
static gboolean
one_string(const pb_direct *d, const font_glyphs *f, const pb_item *it, const double m[6])
{
	const PangoGlyphItem *run = it->glyphs.run;
	if (m[0] <= 0 || m[1] != 0 || m[2] != 0)
		return FALSE;
	const char *font = NULL;
	for (int g = 0; g < run->glyphs->num_glyphs; g++) {
		const PangoGlyphInfo *gi = &run->glyphs->glyphs[g];
		int start, end;
		if (pb_direct_cluster(run, g, &start, &end) &&
		    actual_text(d, f, it, g, start, end, NULL) >= 0)
			return FALSE;
		if (gi->glyph == PANGO_GLYPH_EMPTY)
			continue;
		const glyph_entry *e = entry_of(d, f, gi->glyph);
		if (gi->geometry.y_offset != 0 || !isfinite(e->advance) ||
		    (font && e->name != font))
			return FALSE;
		font = e->name;
	}
	return font != NULL;
}

static int
compare_ints(gconstpointer a, gconstpointer b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

/* A glyph the run shows (not an empty one), and where: mm from the group's origin. */
typedef struct shown_glyph {
	const glyph_entry *e;
	double x;
} shown_glyph;

/* The run's glyphs that show, at the frames' positions. */
static GArray *
shown_glyphs(const pb_direct *d, const font_glyphs *f, const pb_item *it)
{
	const PangoGlyphItem *run = it->glyphs.run;
	const double u = PB_MM_PER_PT * it->glyphs.scale / PANGO_SCALE; /* mm per Pango unit */
	GArray *out =
	    g_array_sized_new(FALSE, FALSE, sizeof(shown_glyph), (guint)run->glyphs->num_glyphs);
	int advance = 0;
	for (int g = 0; g < run->glyphs->num_glyphs; g++) {
		const PangoGlyphInfo *gi = &run->glyphs->glyphs[g];
		int at = advance + gi->geometry.x_offset;
		advance += gi->geometry.width;
		if (gi->glyph == PANGO_GLYPH_EMPTY)
			continue;
		shown_glyph sg = {entry_of(d, f, gi->glyph), it->x + at * u};
		g_array_append_val(out, sg);
	}
	return out;
}

/* The spacing most of the glyphs are set apart by beyond their fonts' widths, in thousandths
 * of an em (`m0` mm): a title's letter spacing, a two-character name's wide set, 0 for most
 * text.  Written once as the text's character spacing (Tc), it says what it is, and the string
 * needs a number only where a glyph is kerned. */
static int
usual_spacing(const GArray *glyphs, double m0)
{
	if (glyphs->len < 2)
		return 0;
	g_autofree int *gaps = g_new(int, glyphs->len - 1);
	for (guint i = 1; i < glyphs->len; i++) {
		const shown_glyph *a = &g_array_index(glyphs, shown_glyph, i - 1);
		const shown_glyph *b = &g_array_index(glyphs, shown_glyph, i);
		gaps[i - 1] = (int)lround(((b->x - a->x) / m0 - a->e->advance) * 1000);
	}
	const guint n = glyphs->len - 1;
	qsort(gaps, n, sizeof *gaps, compare_ints);
	int best = 0;
	guint best_n = 0;
	for (guint i = 0, j; i < n; i = j) {
		for (j = i; j < n && gaps[j] == gaps[i]; j++)
			;
		if (j - i > best_n)
			best = gaps[i], best_n = j - i;
	}
	return best;
}

/* The run as one TJ string: each glyph's code, its letter spacing as the text's character
 * spacing, and between two glyphs the thousandths of an em by which the font's width and that
 * spacing miss Pango's position, so that the glyphs land where the frames put them.  Shorter
 * than a Td a glyph: a card's page by a third. */
static void
write_string(const pb_direct *d, const font_glyphs *f, const pb_item *it, double m[6], GString *s)
{
	g_autoptr(GArray) glyphs = shown_glyphs(d, f, it);
	const double tc = usual_spacing(glyphs, m[0]) / 1000.0;
	double x0 = 0;            /* the first glyph's x, mm */
	double line = 0, pen = 0; /* the line's start and the reader's pen, text space from x0 */
	for (guint i = 0; i < glyphs->len; i++) {
		const shown_glyph *g = &g_array_index(glyphs, shown_glyph, i);
		if (i == 0) {
			g_string_append(s, g->e->name);
			g_string_append(s, " 1 Tf\n");
			if (tc != 0)
				nums(s, &tc, 1, "Tc");
			m[4] = x0 = round4(g->x), m[5] = round4(it->y);
			nums(s, m, 6, "Tm");
			g_string_append_c(s, '[');
		} else {
			/* a TJ number moves the pen back by thousandths of an em: whole ones (half
			 * of one, 0.005 mm at 30 pt, never adds up: the pen is followed) */
			const double target = (g->x - x0) / m[0];
			double k = round((pen - target) * 1000);
			if (fabs(k) > 500) {
				/* half an em more than the usual spacing: a string of its own,
				 * moved to from the line's start as the Td path does, which text
				 * extraction reads as two words as it did before (a TJ number
				 * that size it took for a line break: 杨 and 欣 lines apart) */
				double t = round4(target - line);
				g_string_append(s, "]TJ\n");
				nums(s, (double[]){t, 0}, 2, "Td");
				g_string_append_c(s, '[');
				line += t, pen = line;
			} else if (k != 0) {
				pb_pdf_append_num(s, k);
				pen -= k / 1000;
			}
		}
		append_code(s, g->e);
		pen += g->e->advance + tc;
	}
	g_string_append(s, "]TJ\n");
	if (tc != 0)
		g_string_append(s, "0 Tc\n"); /* the text state outlives BT … ET: Cairo's forms
					       * and the next run assume none */
}

/* One run: its colour, its font's matrix at the run's size, then each glyph's code, each
 * moved to (Td from the line's start, so the font's widths never shift it) where Pango put it:
 * the frames' positions exactly, letter spacing and all.  Most runs are one TJ string
 * instead (write_string), which lands them in the same places. */
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
	if (!isfinite(det) || fabs(det) < 1e-12)
		return;
	nums(s, (double[]){it->glyphs.color.r, it->glyphs.color.g, it->glyphs.color.b}, 3, "rg");
	g_string_append(s, "BT\n");
	if (one_string(d, f, it, m)) {
		write_string(d, f, it, m, s);
		g_string_append(s, "ET\n");
		return;
	}
	const char *font = NULL;
	double x0 = 0, y0 = 0, tx = 0, ty = 0; /* the run's origin; the Td so far, text space */
	gboolean first = TRUE;
	int advance = 0, span_end = -1; /* the glyph after the open /ActualText span */
	for (int g = 0; g < run->glyphs->num_glyphs; g++) {
		const PangoGlyphInfo *gi = &run->glyphs->glyphs[g];
		int at = advance + gi->geometry.x_offset;
		advance += gi->geometry.width;
		if (g == span_end) {
			g_string_append(s, "EMC\n");
			span_end = -1;
		}
		int start, end;
		if (pb_direct_cluster(run, g, &start, &end))
			span_end = actual_text(d, f, it, g, start, end, s);
		if (gi->glyph == PANGO_GLYPH_EMPTY)
			continue;
		const glyph_entry *e = entry_of(d, f, gi->glyph);
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
		append_code(s, e);
		g_string_append(s, "Tj\n");
	}
	if (span_end >= 0)
		g_string_append(s, "EMC\n");
	g_string_append(s, "ET\n");
}

/* A shape's paint as Cairo's is: its fill, then its stroke at its width (butt caps, mitred
 * joins, the PDF's defaults and Cairo's), non-zero winding. */
static void
write_paint(const pb_paint *p, GString *s)
{
	if (p->fill)
		nums(s, (double[]){p->fill_color.r, p->fill_color.g, p->fill_color.b}, 3, "rg");
	if (p->stroke) {
		nums(s, (double[]){p->stroke_color.r, p->stroke_color.g, p->stroke_color.b}, 3,
		     "RG");
		nums(s, &p->stroke_width, 1, "w");
	}
	g_string_append(s, p->fill && p->stroke ? "B\n"
			   : p->fill            ? "f\n"
			   : p->stroke          ? "S\n"
						: "n\n");
}

/* A rectangle, its corners rounded as Cairo's arcs are at this size: one Bézier a quarter. */
static void
write_rect(const pb_item *it, GString *s)
{
	double x = it->x, y = it->y, w = it->rect.w, h = it->rect.h;
	double r = MIN(it->rect.radius, MIN(w, h) / 2);
	if (r <= 0) {
		nums(s, (double[]){x, y, w, h}, 4, "re");
	} else {
		const double k = r * 0.55228474983; /* 4/3·tan(π/8) */
		nums(s, (double[]){x + w - r, y}, 2, "m");
		nums(s, (double[]){x + w - r + k, y, x + w, y + r - k, x + w, y + r}, 6, "c");
		nums(s, (double[]){x + w, y + h - r}, 2, "l");
		nums(s, (double[]){x + w, y + h - r + k, x + w - r + k, y + h, x + w - r, y + h}, 6,
		     "c");
		nums(s, (double[]){x + r, y + h}, 2, "l");
		nums(s, (double[]){x + r - k, y + h, x, y + h - r + k, x, y + h - r}, 6, "c");
		nums(s, (double[]){x, y + r}, 2, "l");
		nums(s, (double[]){x, y + r - k, x + r - k, y, x + r, y}, 6, "c");
		g_string_append(s, "h\n");
	}
	write_paint(it->rect.paint, s);
}

static void
write_path(const pb_item *it, GString *s)
{
	const double *pt = (const double *)it->path.points->data;
	const guint n = it->path.points->len / 2; /* points: the array holds x, y pairs */
	guint k = 0;
	for (guint i = 0; i < it->path.ops->len; i++) {
		pb_path_op op = g_array_index(it->path.ops, pb_path_op, i);
		guint need = op == PB_PATH_CURVE ? 3 : op == PB_PATH_CLOSE ? 0 : 1;
		if (k + need > n)
			break; /* a malformed path ends where its points do */
		double v[6];
		for (guint j = 0; j < need; j++)
			v[2 * j] = it->x + pt[2 * (k + j)],
			      v[2 * j + 1] = it->y + pt[2 * (k + j) + 1];
		k += need;
		if (op == PB_PATH_CLOSE)
			g_string_append(s, "h\n");
		else
			nums(s, v, (int)need * 2,
			     op == PB_PATH_MOVE   ? "m"
			     : op == PB_PATH_LINE ? "l"
						  : "c");
	}
	write_paint(it->path.paint, s);
}

/* A name the page's resources must hold, once (a page places a few dozen at most). */
static void
names_add(GPtrArray *names, const char *name)
{
	if (names && !g_ptr_array_find(names, name, NULL))
		g_ptr_array_add(names, (gpointer)name);
}

/* An image as its XObject, the pass's own or the template's: a photo's unit square to where
 * draw_image puts its pixels (scaled to the drawn size and turned upright), an SVG's form at
 * the item's corner. */
static void
write_image(const pb_direct *d, const pb_item *it, GString *s, pb_direct_names *names)
{
	guint own = pb_direct_own_image(d, it);
	guint i = own ? 0 : pb_direct_image(d, it);
	if (!own && !i)
		return;
	if (!own)
		names_add(names ? names->xobjects : NULL, d->image_names[i - 1]);
	else if (names) {
		guint k = own - 1, n = 0;
		while (n < names->own->len && g_array_index(names->own, guint, n) != k)
			n++;
		if (n == names->own->len)
			g_array_append_val(names->own, k);
	}
	const pb_image_info *info = it->image.info;
	cairo_matrix_t m;
	cairo_matrix_init_translate(&m, it->x, it->y);
	if (info->format != PB_IMAGE_SVG) {
		cairo_matrix_scale(&m, it->image.w / info->oriented_width,
				   it->image.h / info->oriented_height);
		cairo_matrix_t o, unit;
		pb_image_orientation_matrix(info->orientation, info->width, info->height, &o);
		cairo_matrix_multiply(&m, &o, &m);
		/* the image's unit square, its first row at the top, onto its stored pixels */
		cairo_matrix_init(&unit, info->width, 0, 0, -(double)info->height, 0, info->height);
		cairo_matrix_multiply(&m, &unit, &m);
	} else {
		/* the form is the recording, made larger than the drawing (draw.c) */
		double scale = pb_draw_svg_form_scale(it);
		cairo_matrix_scale(&m, 1 / scale, 1 / scale);
	}
	g_string_append(s, "q\n");
	nums(s, (double[]){m.xx, m.yx, m.xy, m.yy, m.x0, m.y0}, 6, "cm");
	if (own) {
		g_string_append(s, "/pbIm");
		pb_pdf_append_int(s, own - 1);
		g_string_append(s, " Do\nQ\n");
	} else {
		g_string_append(s, d->image_names[i - 1]);
		g_string_append(s, " Do\nQ\n");
	}
}

static void
write_items(const pb_direct *d, GHashTable *kinds, const GPtrArray *items, GString *s,
	    pb_direct_names *names)
{
	for (guint i = 0; i < items->len; i++) {
		const pb_item *it = items->pdata[i];
		if (it->kind == PB_ITEM_GLYPHS) {
			write_glyphs(d, it, s);
			continue;
		}
		if (it->kind == PB_ITEM_RECT && pb_direct_paints(it->rect.paint)) {
			write_rect(it, s);
			continue;
		}
		if (it->kind == PB_ITEM_PATH && pb_direct_paints(it->path.paint)) {
			write_path(it, s);
			continue;
		}
		if (it->kind == PB_ITEM_IMAGE) {
			write_image(d, it, s, names);
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
			names_add(names ? names->xobjects : NULL, d->form_names[f - 1]);
		} else {
			write_items(d, kinds, it->group.children, s, names);
		}
		if (scope)
			g_string_append(s, "Q\n");
	}
}

void
pb_direct_page_content(const pb_direct *d, const pb_doc *doc, const pb_page *page,
		       const GPtrArray *items, GString *out, pb_direct_names *names)
{
	g_assert(pb_direct_covers(d, doc));
	GHashTable *kinds = g_hash_table_lookup(d->docs, doc);
	const double outer = page->bleed + page->slug;
	const double mh = (page->height + 2 * outer) * K;
	/* millimetres from the trim's top-left, y down, as the frames are */
	g_string_append(out, "q\n2.83464567 0 0 -2.83464567 ");
	nums(out, (double[]){outer * K, mh - outer * K}, 2, "cm");
	write_items(d, kinds, items, out, names);
	g_string_append(out, "Q\n");
}
