/* direct.c — a PDF's pages written straight from their frames; see direct.h.
 *
 * Why: Cairo's PDF surface records every page and plays it twice (once to find what needs a
 * fallback image, once to write it), which costs about 0.15 ms a page however little is on it,
 * and more for every item on it.  The insert's 2,000 cards are each a Form XObject (the card's
 * ground, ornament and fixed texts) and three lines of text, and its sheets place those cards
 * by a transform; an honor roll's pages are rectangles, rules, ID photos and names: what
 * Cairo's machinery buys there is the fonts, their subsets and their ToUnicode maps.
 *
 * So Cairo draws a template: a page for each shared group the pages place (as it draws them
 * in any PDF, one Form XObject each; a page as large as the group's ink, since Cairo writes a
 * form only as far as its page shows it), a page with each image Cairo must make (a PNG, a
 * photo resampled or converted, an SVG's recording: see pb_draw_image_once), then a page with
 * every glyph the pages show, once each with its text.  Cairo embeds and subsets the fonts as
 * always.  The template is read back (direct-bind.c) for the name of each form and image, the
 * code Cairo gave each glyph and the text its ToUnicode map gives it, and the pass (pdfpass.c)
 * writes the document's real pages itself (direct-write.c): references to those forms, images
 * and glyph codes at the positions the frames hold, with /ActualText where a cluster's text is
 * not what its glyphs map to; rectangles and lines in process colours; and a JPEG that Cairo
 * would embed as its bytes, as those bytes, each once (pdfphotos.c).  The template's pages
 * stay in the file, in no page tree.  The files of a series share one template (render.c's
 * pb_pdf_family).
 *
 * A document qualifies when everything outside its shared groups is text (and spot inks, the
 * pass's anyway) or, in a document of more than one page, also photos and opaque rectangles
 * and lines (one page gains too little from it to be worth a second way of drawing those).  A
 * mark, a translucent shape or a glyph no font has is Cairo's to draw, and so is a shared
 * group that holds one (it becomes a form).  Anything that does not read back as drawn makes
 * the caller draw every page with Cairo instead, so the worst case is the old way.
 */
#include "direct-private.h"
#include "render-private.h"
#include "base/units.h"
#include "text/text.h"

#include <cairo-pdf.h>
#include <string.h>

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
	for (guint i = 0; i < d->glyphs->len; i++)
		g_free(g_array_index(d->glyphs, glyph_entry, i).unicode);
	g_array_unref(d->glyphs);
	g_array_unref(d->drawn);
	g_clear_pointer(&d->runs_ok, g_hash_table_unref);
	g_clear_pointer(&d->runs_seen, g_hash_table_unref);
	g_hash_table_unref(d->image_index);
	g_ptr_array_unref(d->images);
	g_strfreev(d->image_names);
	g_hash_table_unref(d->own_index);
	g_ptr_array_unref(d->own);
	g_string_chunk_free(d->texts);
	g_free(d);
}

static guint
image_key_hash(gconstpointer p)
{
	const image_key *k = p;
	return g_direct_hash(k->path) ^ g_double_hash(&k->w) ^ (g_double_hash(&k->h) << 1);
}

static gboolean
image_key_equal(gconstpointer a, gconstpointer b)
{
	const image_key *x = a, *y = b;
	return x->path == y->path && x->w == y->w && x->h == y->h;
}

guint
pb_direct_image(const pb_direct *d, const pb_item *it)
{
	image_key k = {it->image.path, it->image.w, it->image.h};
	return GPOINTER_TO_UINT(g_hash_table_lookup(d->image_index, &k));
}

/* A photo the pass can write as it is: a JPEG of grey or RGB samples that Cairo too would
 * have embedded as its own bytes (not converted from CMYK or from RGB stored as such, not
 * resampled to max_ppi at the size it is drawn). */
static gboolean
own_jpeg(const pb_direct *d, const pb_item *it)
{
	const pb_image_info *info = it->image.info;
	return info->format == PB_IMAGE_JPEG && info->bit_depth == 8 &&
	       (info->components == 1 || info->components == 3) && info->colorspace != PB_CS_CMYK &&
	       info->colorspace != PB_CS_YCCK && !info->rgb_stored &&
	       !pb_image_above_max_ppi(info, it->image.w, it->image.h, d->max_ppi);
}

/* By file, but only where the placement is one the pass writes: the same photo drawn large
 * enough elsewhere to be resampled is the template's there. */
guint
pb_direct_own_image(const pb_direct *d, const pb_item *it)
{
	return own_jpeg(d, it) ? GPOINTER_TO_UINT(g_hash_table_lookup(d->own_index, it->image.path))
			       : 0;
}

gboolean
pb_direct_paints(const pb_paint *p)
{
	return !p->spot && (p->opacity <= 0 || p->opacity >= 1);
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
			const gboolean kept = !pb_text_run_owned(it);
			if (kept && g_hash_table_contains(d->runs_ok, run))
				break;
			if (!PANGO_IS_CAIRO_FONT(run->item->analysis.font) ||
			    !pango_cairo_font_get_scaled_font(
				PANGO_CAIRO_FONT(run->item->analysis.font)))
				return FALSE;
			for (int g = 0; g < run->glyphs->num_glyphs; g++)
				if (!real_glyph(run->glyphs->glyphs[g].glyph))
					return FALSE;
			if (kept)
				g_hash_table_add(d->runs_ok, (gpointer)run);
			break;
		}
		/* a document of one page is Cairo's but for its texts: what writing it from its
		 * frames saves is Cairo's cost per page */
		case PB_ITEM_RECT:
			if (!it->rect.paint->spot && !(d->rich && pb_direct_paints(it->rect.paint)))
				return FALSE;
			break;
		case PB_ITEM_PATH:
			if (!it->path.paint->spot && !(d->rich && pb_direct_paints(it->path.paint)))
				return FALSE;
			break;
		case PB_ITEM_IMAGE:
			if (!d->rich || it->image.w <= 0 || it->image.h <= 0 ||
			    it->image.info->oriented_width == 0 ||
			    it->image.info->oriented_height == 0)
				return FALSE;
			break;
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
		f->pango = font;
		f->scaled = pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(font));
		cairo_scaled_font_get_font_matrix(f->scaled, &f->font);
		g_hash_table_insert(d->fonts, font, f);
		g_ptr_array_add(d->font_order, font);
	}
	return f;
}

gboolean
pb_direct_cluster(const PangoGlyphItem *run, int g, int *start, int *end)
{
	const PangoGlyphString *gs = run->glyphs;
	*start = gs->log_clusters[g];
	/* the cluster ends where the next one in the text begins: the smallest start above */
	*end = run->item->length;
	for (int n = 0; n < gs->num_glyphs; n++)
		if (gs->log_clusters[n] > *start && gs->log_clusters[n] < *end)
			*end = gs->log_clusters[n];
	return g == 0 || gs->log_clusters[g - 1] != *start;
}

/* The glyphs of a run into the catalogue, each with its cluster's text where it begins one
 * (Cairo's ToUnicode map comes from that text: pdftotext gives the names back). */
static void
add_glyphs(pb_direct *d, const pb_item *it)
{
	const PangoGlyphItem *run = it->glyphs.run;
	if (!pb_text_run_owned(it) && !g_hash_table_add(d->runs_seen, (gpointer)run))
		return; /* the same run again: what it adds, it added */
	const PangoGlyphString *gs = run->glyphs;
	font_glyphs *f = font_of(d, run->item->analysis.font);
	const char *text = it->glyphs.text + run->item->offset;
	for (int g = 0; g < gs->num_glyphs; g++) {
		PangoGlyph glyph = gs->glyphs[g].glyph;
		if (glyph == PANGO_GLYPH_EMPTY)
			continue;
		/* A glyph takes its cluster's text only when it is the cluster's one glyph (an
		 * accent drawn apart keeps its own, which Cairo finds in the font's cmap; the page
		 * then says the cluster's text with /ActualText). */
		int start, end;
		gboolean alone = pb_direct_cluster(run, g, &start, &end) && end > start &&
				 (g + 1 == gs->num_glyphs || gs->log_clusters[g + 1] != start);
		guint known =
		    GPOINTER_TO_UINT(g_hash_table_lookup(f->index, GUINT_TO_POINTER(glyph)));
		if (known) {
			glyph_entry *k = &g_array_index(d->glyphs, glyph_entry, known - 1);
			if (!k->text && alone) {
				k->text =
				    g_string_chunk_insert_len(d->texts, text + start, end - start);
				k->text_len = end - start;
			}
			continue;
		}
		glyph_entry e = {.font = f, .glyph = glyph};
		if (alone) {
			e.text = g_string_chunk_insert_len(d->texts, text + start, end - start);
			e.text_len = end - start;
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
		if (it->kind == PB_ITEM_IMAGE && own_jpeg(d, it)) {
			if (!pb_direct_own_image(d, it)) {
				g_ptr_array_add(d->own, (gpointer)it);
				g_hash_table_insert(d->own_index, (gpointer)it->image.path,
						    GUINT_TO_POINTER(d->own->len));
			}
		} else if (it->kind == PB_ITEM_IMAGE && !pb_direct_image(d, it)) {
			image_key *k = g_new(image_key, 1);
			*k = (image_key){it->image.path, it->image.w, it->image.h};
			g_ptr_array_add(d->images, (gpointer)it);
			g_hash_table_insert(d->image_index, k, GUINT_TO_POINTER(d->images->len));
		}
		d->refers |= it->kind == PB_ITEM_IMAGE;
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
	d->rich = doc->pages->len > 1;
	d->max_ppi = doc->max_ppi;
	/* each page asked for its items once: checked, then its glyphs and forms collected */
	for (guint i = 0; i < doc->pages->len; i++) {
		g_autoptr(GPtrArray) items = pb_page_items(doc->pages->pdata[i]);
		if (!writable(d, items))
			return FALSE;
		collect(d, items);
	}
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
	d->runs_ok = g_hash_table_new(NULL, NULL);
	d->runs_seen = g_hash_table_new(NULL, NULL);
	d->texts = g_string_chunk_new(1024);
	d->image_index = g_hash_table_new_full(image_key_hash, image_key_equal, g_free, NULL);
	d->images = g_ptr_array_new();
	d->own_index = g_hash_table_new(g_str_hash, g_str_equal);
	d->own = g_ptr_array_new();
	const pb_doc *first = NULL; /* whose size and photo limit the template takes */
	for (guint i = 0; i < docs->len && !first; i++)
		if (((const pb_doc *)docs->pdata[i])->pages->len)
			first = docs->pdata[i];
	for (guint i = 0; first && i < docs->len; i++) {
		const pb_doc *doc = docs->pdata[i];
		if (doc->pages->len == 0 || doc->max_ppi != first->max_ppi ||
		    doc->flatten != first->flatten ||
		    (doc->flatten && memcmp(&doc->ground, &first->ground, sizeof doc->ground)) ||
		    g_hash_table_contains(d->docs, doc))
			continue; /* the template's photos are resampled and flattened one way */
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
	/* by pointer: only good while the plan's documents are, which is to here */
	g_clear_pointer(&d->runs_ok, g_hash_table_unref);
	g_clear_pointer(&d->runs_seen, g_hash_table_unref);
	if (g_hash_table_size(d->docs) == 0) {
		pb_direct_free(d);
		return NULL;
	}
	return d;
}

const pb_item *
pb_direct_own_item(const pb_direct *d, guint i)
{
	return d->own->pdata[i];
}

guint
pb_direct_own_count(const pb_direct *d)
{
	return d->own->len;
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
	return d->forms->len + (d->images->len ? 1 : 0) + 1;
}

void
pb_direct_add_subsets(const pb_direct *d, pb_subsets *subsets)
{
	for (guint i = 0; i < d->forms->len; i++)
		pb_subsets_add_items(subsets, d->forms->pdata[i]);
	for (guint i = 0; i < d->glyphs->len; i++) {
		const glyph_entry *e = &g_array_index(d->glyphs, glyph_entry, i);
		pb_subsets_add_glyph(subsets, e->font->pango, e->glyph, e->text, e->text_len);
	}
}

void
pb_direct_draw_template(pb_direct *d, cairo_t *cr, cairo_surface_t *pdf, pb_subsets *subsets)
{
	/* each form on a page of its own, as large as its ink: Cairo writes a form's content only
	 * as far as the page it is painted on shows it (a sheet's marks run past a card) */
	for (guint i = 0; i < d->forms->len; i++) {
		cairo_surface_t *form = pb_draw_form(cr, d->forms->pdata[i]);
		double x, y, w, h;
		cairo_recording_surface_ink_extents(form, &x, &y, &w, &h);
		if (w > 5000 || h > 5000 || w < 0 || h < 0) /* < 0: Cairo's "unbounded" */
			d->too_large =
			    TRUE; /* a page that large would cut it: Cairo draws the pages */
		cairo_pdf_surface_set_size(pdf, (MIN(w, 5000) + 2) * K, (MIN(h, 5000) + 2) * K);
		cairo_save(cr);
		cairo_scale(cr, K, K);
		cairo_translate(cr, 1 - x, 1 - y);
		cairo_set_source_surface(cr, form, 0, 0);
		cairo_paint(cr);
		cairo_restore(cr);
		cairo_show_page(cr);
	}
	/* then the images, each once, at the page's corner: Cairo writes each photo as the
	 * Image XObject it always makes (its JPEG bytes, or its pixels when it must resample or
	 * flatten them), and each SVG as a form */
	if (d->images->len) {
		cairo_pdf_surface_set_size(pdf, 100 * K, 100 * K);
		for (guint i = 0; i < d->images->len; i++) {
			pb_item at = *(const pb_item *)d->images->pdata[i];
			at.x = at.y = 0;
			cairo_save(cr);
			cairo_scale(cr, K, K);
			pb_draw_image_once(cr, &at);
			cairo_restore(cr);
		}
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
		cairo_scaled_font_t *cut = pb_subsets_font(subsets, fg->pango);
		GArray *glyphs = g_array_new(FALSE, FALSE, sizeof(cairo_glyph_t));
		GArray *clusters = g_array_new(FALSE, FALSE, sizeof(cairo_text_cluster_t));
		GString *utf8 = g_string_new(NULL);
		for (guint i = 0; i < d->glyphs->len; i++) {
			const glyph_entry *e = &g_array_index(d->glyphs, glyph_entry, i);
			if (e->font != fg)
				continue;
			g_array_append_val(d->drawn, i);
			cairo_glyph_t g = {cut ? pb_subsets_glyph(subsets, fg->pango, e->glyph)
					       : e->glyph,
					   10, 20};
			cairo_text_cluster_t c = {e->text_len, 1};
			g_array_append_val(glyphs, g);
			g_array_append_val(clusters, c);
			g_string_append_len(utf8, e->text ? e->text : "", e->text_len);
		}
		cairo_set_scaled_font(cr, cut ? cut : fg->scaled);
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
