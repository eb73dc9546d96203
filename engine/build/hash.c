/* hash.c — common input parts and the frame hash; see hash.h. */
#include "hash.h"
#include "base/sha256.h"
#include "check/rules.h"
#include "compose/compose.h"

#include <string.h>

void
pb_hash_common(pb_inputs *in, const pb_manifest *m, const pb_output *o, pb_fonts *fonts,
	       gboolean draft)
{
	const pb_layout *l = o->layout;
	g_autofree char *what = g_strdup_printf("layout %s", l->name ? l->name : l->file);
	pb_inputs_part(in, "layout", what, pb_loc_make("", 0, 0));
	pb_inputs_str(in, l->name);
	const char *sum = pb_filesums_get(pb_inputs_sums(in), l->file);
	pb_inputs_str(in, sum ? sum : "unreadable");
	if (l->background_image.written)
		pb_inputs_file(in, l->background_image.fs, l->background_image.shown,
			       "layout background");

	/* The files the roles resolve to, by their stat: a font updated by the system is a new
	 * file date (hashing 20 MB collections on every build would cost more than it saves). */
	pb_inputs_part(in, "fonts", "fonts", pb_loc_make("", 0, 0));
	for (guint i = 0; pb_font_roles[i]; i++) {
		const char *role = pb_font_roles[i];
		pb_font_face face;
		pb_inputs_str(in, role);
		if (!pb_fonts_resolve(fonts, pb_compose_family(l, role), pb_font_role_weight(role),
				      &face, NULL)) {
			pb_inputs_str(in, "not installed");
			continue;
		}
		pb_filestat st;
		pb_filestat_of(face.file, &st);
		pb_inputs_str(in, face.file);
		pb_inputs_num(in, face.index);
		pb_inputs_num(in, (double)st.size);
		pb_inputs_num(in, (double)st.mtime);
		pb_font_face_clear(&face);
	}
	pb_inputs_part(in, "version", "paiban version", pb_loc_make("", 0, 0));
	pb_inputs_str(in, PB_VERSION);
	pb_inputs_part(in, "options", "options", pb_loc_make("", 0, 0));
	pb_inputs_str(in, draft ? "draft" : "final");
	pb_inputs_num(in, o->quantity);
	/* rules decide the findings a series records, and so which of its files are written */
	pb_inputs_part(in, "rules", "rules", pb_loc_make("", 0, 0));
	for (guint r = 0; r < PB_RULE_COUNT; r++) {
		pb_inputs_num(in, m->rules[r].severity);
		for (guint k = 0; k < G_N_ELEMENTS(m->rules[r].params); k++)
			pb_inputs_num(in, m->rules[r].params[k]);
	}
}

/* ---- the frame hash ---------------------------------------------------------------------------
 */

typedef struct framer {
	pb_sha256 *h;
	pb_filesums *sums;
	GHashTable *shared; /* children already hashed -> number */
} framer;

static void put(framer *f, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

static void
put(framer *f, const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	va_start(ap, fmt);
	int n = g_vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (n >= (int)sizeof buf) {
		va_start(ap, fmt);
		g_autofree char *big = g_strdup_vprintf(fmt, ap);
		va_end(ap);
		pb_sha256_update(f->h, big, strlen(big));
		return;
	}
	pb_sha256_update(f->h, buf, (gsize)n);
}

static void
put_paint(framer *f, const pb_paint *p)
{
	put(f, "paint %d %.5f,%.5f,%.5f %d %.5f,%.5f,%.5f %.5f %.5f %s %d\n", p->fill,
	    p->fill_color.r, p->fill_color.g, p->fill_color.b, p->stroke, p->stroke_color.r,
	    p->stroke_color.g, p->stroke_color.b, p->stroke_width, p->opacity,
	    p->spot ? p->spot->name : "-", p->overprint);
}

static void hash_items(framer *f, const GPtrArray *items);

static void
hash_glyphs(framer *f, const pb_item *it)
{
	const PangoGlyphItem *run = it->glyphs.run;
	PangoFontDescription *d = pango_font_describe(run->item->analysis.font);
	g_autofree char *font = pango_font_description_to_string(d);
	pango_font_description_free(d);
	put(f, "glyphs %.5f %.5f %s %.4f %.5f,%.5f,%.5f %d\n", it->x, it->y, font, it->glyphs.size,
	    it->glyphs.color.r, it->glyphs.color.g, it->glyphs.color.b, run->glyphs->num_glyphs);
	for (int g = 0; g < run->glyphs->num_glyphs; g++) {
		const PangoGlyphInfo *gi = &run->glyphs->glyphs[g];
		put(f, "%u %d %d %d %d\n", gi->glyph, gi->geometry.width, gi->geometry.x_offset,
		    gi->geometry.y_offset, run->glyphs->log_clusters[g]);
	}
	/* the text the runs index: it is what pdftotext gives back */
	pb_sha256_update(f->h, it->glyphs.text + run->item->offset, (gsize)run->item->length);
}

static void
hash_item(framer *f, const pb_item *it)
{
	put(f, "%d %d %.5f %.5f\n", it->kind, it->role, it->x, it->y);
	switch (it->kind) {
	case PB_ITEM_GROUP: {
		const typeof(it->group) *g = &it->group;
		put(f, "group %d %.5f %.5f %.6f %.6f %.6f %.6f %d\n", g->clip, g->w, g->h, g->a,
		    g->b, g->c, g->d, g->shared);
		/* shared children count once, then by their number */
		guint seen = GPOINTER_TO_UINT(g_hash_table_lookup(f->shared, g->children));
		if (g->shared && seen) {
			put(f, "as #%u\n", seen);
			return;
		}
		if (g->shared)
			g_hash_table_insert(f->shared, g->children,
					    GUINT_TO_POINTER(g_hash_table_size(f->shared) + 1));
		put(f, "{\n");
		hash_items(f, g->children);
		put(f, "}\n");
		return;
	}
	case PB_ITEM_GLYPHS:
		hash_glyphs(f, it);
		return;
	case PB_ITEM_IMAGE: {
		const pb_image_info *info = &it->image.info;
		const char *sum = pb_filesums_get(f->sums, it->image.path);
		put(f, "image %s %s %u %u %u %d %.5f %.5f\n", it->image.shown, sum ? sum : "-",
		    info->width, info->height, info->orientation, info->colorspace, it->image.w,
		    it->image.h);
		return;
	}
	case PB_ITEM_RECT:
		put(f, "rect %.5f %.5f %.5f\n", it->rect.w, it->rect.h, it->rect.radius);
		put_paint(f, &it->rect.paint);
		return;
	case PB_ITEM_PATH:
		put(f, "path %u\n", it->path.ops->len);
		pb_sha256_update(f->h, it->path.ops->data, it->path.ops->len * sizeof(pb_path_op));
		pb_sha256_update(f->h, it->path.points->data,
				 it->path.points->len * sizeof(double));
		put_paint(f, &it->path.paint);
		return;
	case PB_ITEM_MARK:
		put(f, "mark %.5f %.5f %.5f\n", it->mark.x2, it->mark.y2, it->mark.width);
		return;
	}
}

static void
hash_items(framer *f, const GPtrArray *items)
{
	for (guint i = 0; i < items->len; i++)
		hash_item(f, items->pdata[i]);
}

char *
pb_hash_frames(const pb_doc *doc, const char *salt, pb_filesums *sums)
{
	framer f = {pb_sha256_new(), sums, g_hash_table_new(NULL, NULL)};
	put(&f, "%s\n%s\n%s\n%s\n%.3f\n", salt, doc->title ? doc->title : "",
	    doc->author ? doc->author : "", doc->date ? doc->date : "", doc->max_ppi);
	for (guint p = 0; p < doc->pages->len; p++) {
		const pb_page *page = doc->pages->pdata[p];
		put(&f, "page %.5f %.5f %.5f %.5f %s\n", page->width, page->height, page->bleed,
		    page->slug, page->slug_text ? page->slug_text : "");
		hash_items(&f, page->items);
	}
	g_hash_table_unref(f.shared);
	char hex[65];
	pb_sha256_finish(f.h, hex);
	return g_strdup(hex);
}
