/* subset.c — a PDF's CFF fonts cut down to the glyphs it shows; see subset.h.
 *
 * A face is Pango's hb_face_t (one per font file and index in a font map), so the runs of every
 * size and style of one file share one cut font, as they shared one embedded font before.  The
 * cut is HarfBuzz's subset plan, whose glyph mapping says where each glyph went; FreeType reads
 * the cut font from memory and Cairo draws with it as with any FreeType face.
 */
#include "subset.h"
#include "compose/frame.h"
#include "text/fonts.h"

#include <cairo-ft.h>
#include <ft2build.h>
#include FT_FREETYPE_H
/* hb_subset_plan_* are in HarfBuzz 6's library under the experimental flag (stable since 7):
 * the plan is the only way to learn the glyph mapping */
#define HB_EXPERIMENTAL_API
#include <hb-subset.h>
#include <hb.h>
#include <pango/pangocairo.h>
#include <string.h>

typedef struct cut_face {
	hb_face_t *face; /* Pango's, referenced */
	hb_font_t *cmap; /* the face's own cmap (Pango's font may answer with a localised glyph) */
	hb_set_t *glyphs, *unicodes;
	gboolean plain;         /* a CFF font drawn as its file says: it may be cut */
	hb_map_t *map;          /* old glyph -> new: NULL when not cut */
	cairo_font_face_t *cut; /* the cut font: NULL when not cut */
} cut_face;

typedef struct cut_font {
	cut_face *face;
	cairo_scaled_font_t *scaled; /* made when first asked for */
} cut_font;

struct pb_subsets {
	GHashTable *faces;  /* hb_face_t* -> cut_face* */
	GPtrArray *order;   /* of cut_face*, in the order first met */
	GHashTable *fonts;  /* PangoFont* (referenced) -> cut_font* */
	GHashTable *walked; /* shared children arrays already walked */
	gboolean cut_done;
};

static void
cut_face_free(gpointer p)
{
	cut_face *f = p;
	hb_face_destroy(f->face);
	hb_font_destroy(f->cmap);
	hb_set_destroy(f->glyphs);
	hb_set_destroy(f->unicodes);
	if (f->map)
		hb_map_destroy(f->map);
	if (f->cut)
		cairo_font_face_destroy(f->cut);
	g_free(f);
}

static void
cut_font_free(gpointer p)
{
	cut_font *f = p;
	if (f->scaled)
		cairo_scaled_font_destroy(f->scaled);
	g_free(f);
}

pb_subsets *
pb_subsets_new(void)
{
	pb_subsets *s = g_new0(pb_subsets, 1);
	s->faces = g_hash_table_new(NULL, NULL);
	s->order = g_ptr_array_new_with_free_func(cut_face_free);
	s->fonts = g_hash_table_new_full(NULL, NULL, g_object_unref, cut_font_free);
	s->walked = g_hash_table_new(NULL, NULL);
	return s;
}

void
pb_subsets_free(pb_subsets *s)
{
	if (!s)
		return;
	g_hash_table_unref(s->fonts);
	g_hash_table_unref(s->faces);
	g_ptr_array_unref(s->order);
	g_hash_table_unref(s->walked);
	g_free(s);
}

static gboolean
has_table(hb_face_t *face, const char *tag)
{
	hb_blob_t *t = hb_face_reference_table(face, hb_tag_from_string(tag, 4));
	gboolean has = hb_blob_get_length(t) > 0;
	hb_blob_destroy(t);
	return has;
}

static cut_font *
font_of(pb_subsets *s, PangoFont *font)
{
	cut_font *cf = g_hash_table_lookup(s->fonts, font);
	if (cf)
		return cf;
	hb_font_t *hb = pango_font_get_hb_font(font);
	hb_face_t *face = hb ? hb_font_get_face(hb) : NULL;
	cf = g_new0(cut_font, 1);
	if (face) {
		cut_face *f = g_hash_table_lookup(s->faces, face);
		if (!f) {
			f = g_new0(cut_face, 1);
			f->face = hb_face_reference(face);
			f->cmap = hb_font_create(face);
			f->glyphs = hb_set_create();
			f->unicodes = hb_set_create();
			/* Cairo's CFF path is the costly one; TrueType it reads a glyph at a time
			 */
			f->plain = has_table(face, "CFF ");
			g_hash_table_insert(s->faces, face, f);
			g_ptr_array_add(s->order, f);
		}
		/* every font of the face must be its file as it is, or the face is drawn whole */
		if (!pb_font_drawn_as_its_file(font))
			f->plain = FALSE;
		cf->face = f;
	}
	g_hash_table_insert(s->fonts, g_object_ref(font), cf);
	return cf;
}

/* TRUE for a glyph a font draws (not a hex box for a missing one, not an empty one). */
static gboolean
font_glyph(PangoGlyph g)
{
	return g != PANGO_GLYPH_EMPTY && !(g & PANGO_GLYPH_UNKNOWN_FLAG);
}

/* The characters of `text` whose own glyph (the cmap's) is among the face's: the cut font's
 * cmap keeps them, for Cairo's ToUnicode map of a glyph that comes with no text. */
static void
add_unicodes(cut_face *f, const char *text, int len)
{
	for (const char *p = text; p && p < text + len; p = g_utf8_next_char(p)) {
		hb_codepoint_t g;
		gunichar u = g_utf8_get_char(p);
		if (hb_font_get_nominal_glyph(f->cmap, u, &g) && hb_set_has(f->glyphs, g))
			hb_set_add(f->unicodes, u);
	}
}

void
pb_subsets_add_glyph(pb_subsets *s, PangoFont *font, PangoGlyph glyph, const char *text,
		     int text_len)
{
	g_return_if_fail(!s->cut_done);
	cut_font *cf = font_of(s, font);
	if (!cf->face || !cf->face->plain || !font_glyph(glyph))
		return; /* a face that is not cut needs no census */
	hb_set_add(cf->face->glyphs, glyph);
	if (text)
		add_unicodes(cf->face, text, text_len);
}

static void
add_run(pb_subsets *s, const PangoGlyphItem *run, const char *text)
{
	cut_font *cf = font_of(s, run->item->analysis.font);
	if (!cf->face || !cf->face->plain)
		return;
	const PangoGlyphString *gs = run->glyphs;
	for (int g = 0; g < gs->num_glyphs; g++)
		if (font_glyph(gs->glyphs[g].glyph))
			hb_set_add(cf->face->glyphs, gs->glyphs[g].glyph);
	add_unicodes(cf->face, text + run->item->offset, run->item->length);
}

void
pb_subsets_add_items(pb_subsets *s, const GPtrArray *items)
{
	g_return_if_fail(!s->cut_done);
	for (guint i = 0; i < items->len; i++) {
		const pb_item *it = items->pdata[i];
		if (it->kind == PB_ITEM_GLYPHS && it->glyphs.run)
			add_run(s, it->glyphs.run, it->glyphs.text);
		else if (it->kind == PB_ITEM_GROUP &&
			 (!it->group.shared || g_hash_table_add(s->walked, it->group.children)))
			pb_subsets_add_items(s, it->group.children);
	}
}

/* ---- the cut --------------------------------------------------------------------------------- */

/* What a cut font's FreeType face stands on, given back when Cairo lets the font go. */
typedef struct ft_owned {
	FT_Library lib;
	FT_Face face;
	hb_blob_t *blob;
} ft_owned;

static const cairo_user_data_key_t ft_owned_key;

static void
ft_owned_free(void *p)
{
	ft_owned *o = p;
	FT_Done_Face(o->face);
	FT_Done_FreeType(o->lib);
	hb_blob_destroy(o->blob);
	g_free(o);
}

/* The layout tables: Pango shaped the text from the whole font, and Cairo reads none of them
 * (keeping GSUB would also pull every glyph a kept one substitutes into the cut). */
static const char *const dropped[] = {"GSUB", "GPOS", "GDEF", "BASE", "JSTF", "MATH", "DSIG"};

static void
cut_one(cut_face *f)
{
	if (!f->plain || hb_set_is_empty(f->glyphs))
		return;
	hb_subset_input_t *in = hb_subset_input_create_or_fail();
	if (!in)
		return;
	hb_set_union(hb_subset_input_glyph_set(in), f->glyphs);
	hb_set_union(hb_subset_input_unicode_set(in), f->unicodes);
	hb_set_t *drop = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
	for (guint i = 0; i < G_N_ELEMENTS(dropped); i++)
		hb_set_add(drop, hb_tag_from_string(dropped[i], 4));
	hb_subset_plan_t *plan = hb_subset_plan_create_or_fail(f->face, in);
	hb_subset_input_destroy(in);
	if (!plan)
		return;
	hb_face_t *cut = hb_subset_plan_execute_or_fail(plan);
	ft_owned *o = g_new0(ft_owned, 1);
	o->blob = cut ? hb_face_reference_blob(cut) : hb_blob_get_empty();
	unsigned len = 0;
	const char *data = hb_blob_get_data(o->blob, &len);
	const hb_map_t *map = hb_subset_plan_old_to_new_glyph_mapping(plan);
	/* the cut holds the glyphs asked for, .notdef, and what the cmap keeps for the characters
	 * (a variation sequence's glyph): a font FreeType reads otherwise is drawn whole */
	unsigned kept = hb_map_get_population(map);
	if (len && kept > 0 && !FT_Init_FreeType(&o->lib)) {
		if (!FT_New_Memory_Face(o->lib, (const FT_Byte *)data, (FT_Long)len, 0, &o->face) &&
		    (unsigned)o->face->num_glyphs == kept) {
			/* outlines and widths are the font's: no hinting is asked for (a PDF
			 * keeps the charstrings; the widths come from hmtx) */
			f->cut = cairo_ft_font_face_create_for_ft_face(o->face, FT_LOAD_NO_HINTING);
			if (cairo_font_face_set_user_data(f->cut, &ft_owned_key, o,
							  ft_owned_free) == CAIRO_STATUS_SUCCESS) {
				f->map = hb_map_copy(map); /* the plan's own goes with it */
				o = NULL;
			} else {
				cairo_font_face_destroy(f->cut);
				f->cut = NULL;
			}
		}
	}
	if (o) {
		if (o->face)
			FT_Done_Face(o->face);
		if (o->lib)
			FT_Done_FreeType(o->lib);
		hb_blob_destroy(o->blob);
		g_free(o);
	}
	hb_face_destroy(cut);
	hb_subset_plan_destroy(plan);
}

static gpointer
cut_thread(gpointer data)
{
	cut_one(data);
	return NULL;
}

void
pb_subsets_cut(pb_subsets *s)
{
	if (s->cut_done)
		return;
	s->cut_done = TRUE;
	/* a face takes a few milliseconds, the Noto faces about ten: one thread a face, the
	 * first on this one */
	GPtrArray *threads = g_ptr_array_new();
	for (guint i = 1; i < s->order->len; i++) {
		cut_face *f = s->order->pdata[i];
		if (f->plain && !hb_set_is_empty(f->glyphs))
			g_ptr_array_add(threads, g_thread_new("paiban subset", cut_thread, f));
	}
	if (s->order->len)
		cut_one(s->order->pdata[0]);
	for (guint i = 0; i < threads->len; i++)
		g_thread_join(threads->pdata[i]);
	g_ptr_array_unref(threads);
}

/* ---- drawing with the cut -------------------------------------------------------------------- */

/* `font`'s entry with its cut scaled font made, or NULL when it is drawn as itself. */
static cut_font *
ready(pb_subsets *s, PangoFont *font)
{
	if (!s || !s->cut_done)
		return NULL;
	cut_font *cf = g_hash_table_lookup(s->fonts, font);
	if (!cf || !cf->face || !cf->face->cut)
		return NULL;
	if (!cf->scaled) {
		cairo_scaled_font_t *own = pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(font));
		if (!own)
			return NULL;
		cairo_matrix_t fm, ctm;
		cairo_scaled_font_get_font_matrix(own, &fm);
		cairo_scaled_font_get_ctm(own, &ctm);
		cairo_font_options_t *opt = cairo_font_options_create();
		cairo_scaled_font_get_font_options(own, opt);
		cf->scaled = cairo_scaled_font_create(cf->face->cut, &fm, &ctm, opt);
		cairo_font_options_destroy(opt);
	}
	return cairo_scaled_font_status(cf->scaled) == CAIRO_STATUS_SUCCESS ? cf : NULL;
}

cairo_scaled_font_t *
pb_subsets_font(pb_subsets *s, PangoFont *font)
{
	cut_font *cf = ready(s, font);
	return cf ? cf->scaled : NULL;
}

PangoGlyph
pb_subsets_glyph(pb_subsets *s, PangoFont *font, PangoGlyph glyph)
{
	cut_font *cf = g_hash_table_lookup(s->fonts, font);
	hb_codepoint_t to = hb_map_get(cf->face->map, glyph);
	return to == HB_MAP_VALUE_INVALID ? 0 : to;
}

#define ON_STACK 64

gboolean
pb_subsets_show(pb_subsets *s, cairo_t *cr, const char *text, const PangoGlyphItem *run)
{
	cut_font *cf = ready(s, run->item->analysis.font);
	const PangoGlyphString *gs = run->glyphs;
	if (!cf || (run->item->analysis.level & 1))
		return FALSE; /* a right-to-left run is Pango's (paiban refuses them anyway) */
	const hb_map_t *map = cf->face->map;
	for (int i = 0; i < gs->num_glyphs; i++) {
		PangoGlyph g = gs->glyphs[i].glyph;
		if (g != PANGO_GLYPH_EMPTY && (!font_glyph(g) || !hb_map_has(map, g)))
			return FALSE;
	}
	/* pango_cairo_renderer_show_text_glyphs's positions: each glyph at the pen plus its
	 * offsets, the pen moved by its width; an empty glyph only moves it */
	cairo_glyph_t stack_glyphs[ON_STACK];
	cairo_text_cluster_t stack_clusters[ON_STACK];
	cairo_glyph_t *glyphs =
	    gs->num_glyphs > ON_STACK ? g_new(cairo_glyph_t, gs->num_glyphs) : stack_glyphs;
	cairo_text_cluster_t *clusters = gs->num_glyphs > ON_STACK
					     ? g_new(cairo_text_cluster_t, gs->num_glyphs)
					     : stack_clusters;
	double x0 = 0, y0 = 0;
	if (cairo_has_current_point(cr))
		cairo_get_current_point(cr, &x0, &y0);
	int count = 0, pen = 0;
	for (int i = 0; i < gs->num_glyphs; i++) {
		const PangoGlyphInfo *gi = &gs->glyphs[i];
		if (gi->glyph != PANGO_GLYPH_EMPTY) {
			glyphs[count].index = hb_map_get(map, gi->glyph);
			glyphs[count].x = x0 + (double)(pen + gi->geometry.x_offset) / PANGO_SCALE;
			glyphs[count].y = y0 + (double)gi->geometry.y_offset / PANGO_SCALE;
			count++;
		}
		pen += gi->geometry.width;
	}
	/* and pango_cairo_renderer_draw_glyph_item's clusters: the bytes and the drawn glyphs of
	 * each */
	int n = 0;
	PangoGlyphItemIter iter;
	if (pango_glyph_item_iter_init_start(&iter, (PangoGlyphItem *)run, text)) {
		do {
			int drawn = 0;
			for (int i = iter.start_glyph; i < iter.end_glyph; i++)
				drawn += gs->glyphs[i].glyph != PANGO_GLYPH_EMPTY;
			clusters[n].num_bytes = iter.end_index - iter.start_index;
			clusters[n].num_glyphs = drawn;
			n++;
		} while (pango_glyph_item_iter_next_cluster(&iter));
	}
	cairo_save(cr);
	cairo_set_scaled_font(cr, cf->scaled);
	cairo_show_text_glyphs(cr, text + run->item->offset, run->item->length, glyphs, count,
			       clusters, n, 0);
	cairo_restore(cr);
	if (glyphs != stack_glyphs)
		g_free(glyphs);
	if (clusters != stack_clusters)
		g_free(clusters);
	return TRUE;
}
