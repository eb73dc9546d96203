/* dump.c — frames -> text; see dump.h.  Reads frames, never changes them. */
#include "dump.h"
#include "load/layoutspec.h"

#include <stdlib.h>
#include <string.h>

static void
color(GString *s, const char *key, pb_rgb c)
{
	g_string_append_printf(s, " %s=#%02x%02x%02x", key, (unsigned)(c.r * 255 + 0.5),
			       (unsigned)(c.g * 255 + 0.5), (unsigned)(c.b * 255 + 0.5));
}

static void
paint(GString *s, const pb_paint *p)
{
	if (p->fill && !p->spot)
		color(s, "fill", p->fill_color);
	if (p->stroke && !p->spot)
		color(s, "stroke", p->stroke_color);
	if (p->spot)
		g_string_append_printf(s, " %s=%s", p->fill ? "fill" : "stroke", p->spot->name);
	if (p->stroke)
		g_string_append_printf(s, " width=%.2f", p->stroke_width);
	if (p->overprint)
		g_string_append(s, " overprint");
}

/* A position's file as the dump shows it: the shipped layouts relative to the data folder, so
 * that a dump does not depend on where paiban is installed. */
static const char *
shown_file(const char *file)
{
	const char *data = pb_data_dir();
	gsize n = strlen(data);
	if (!strncmp(file, data, n) && file[n] == '/')
		return file + n + 1;
	return file;
}

static void
append_loc(GString *s, pb_loc loc)
{
	if (loc.line)
		g_string_append_printf(s, " @%s:%u:%u", shown_file(loc.file), loc.line, loc.col);
}

/* "Noto Serif CJK SC 700" for a run's font. */
static char *
run_font(const pb_item *item, GHashTable *fonts_used)
{
	PangoFontDescription *d = pango_font_describe(item->glyphs.run->item->analysis.font);
	char *name = g_strdup_printf("%s %d", pango_font_description_get_family(d),
				     (int)pango_font_description_get_weight(d));
	pango_font_description_free(d);
	if (!g_hash_table_contains(fonts_used, name))
		g_hash_table_add(fonts_used, g_strdup(name));
	return name;
}

/* What a dump has seen of a document: the fonts used, and shared children already dumped
 * (printed in full the first time, by number afterwards). */
typedef struct dumper {
	GHashTable *fonts_used;
	GHashTable *shared; /* children array -> its number, from 1 */
} dumper;

static void
dump_items(GString *s, const GPtrArray *items, int depth, dumper *dp)
{
	for (guint i = 0; i < items->len; i++) {
		const pb_item *it = items->pdata[i];
		g_string_append_printf(s, "%*s", depth * 2, "");
		switch (it->kind) {
		case PB_ITEM_GROUP: {
			const typeof(it->group) *g = &it->group;
			g_string_append_printf(s, "group %.2f %.2f %.2f×%.2f%s", it->x, it->y, g->w,
					       g->h, g->clip ? " clip" : "");
			if (g->a != 1 || g->b != 0 || g->c != 0 || g->d != 1)
				g_string_append_printf(s, " matrix=%.4f,%.4f,%.4f,%.4f", g->a, g->b,
						       g->c, g->d);
			/* shared children are the same items as elsewhere: dumped once, then named
			 */
			guint seen = GPOINTER_TO_UINT(g_hash_table_lookup(dp->shared, g->children));
			gboolean first = g->shared && !seen;
			if (first) {
				seen = g_hash_table_size(dp->shared) + 1;
				g_hash_table_insert(dp->shared, g->children,
						    GUINT_TO_POINTER(seen));
			}
			if (g->shared)
				g_string_append_printf(s, " shared=#%u%s", seen,
						       first ? "" : " (as above)");
			if (it->role != PB_AS_NONE)
				g_string_append_printf(s, " role=%s", pb_item_role_name(it->role));
			append_loc(s, it->loc);
			g_string_append_c(s, '\n');
			if (!g->shared || first)
				dump_items(s, g->children, depth + 1, dp);
			continue;
		}
		case PB_ITEM_RECT:
			g_string_append_printf(s, "rect %.2f %.2f %.2f×%.2f", it->x, it->y,
					       it->rect.w, it->rect.h);
			paint(s, it->rect.paint);
			break;
		case PB_ITEM_PATH:
			g_string_append_printf(s, "path %.2f %.2f ops=%u", it->x, it->y,
					       it->path.ops->len);
			paint(s, it->path.paint);
			break;
		case PB_ITEM_GLYPHS: {
			g_autofree char *font = run_font(it, dp->fonts_used);
			const PangoItem *pi = it->glyphs.run->item;
			g_string_append_printf(s, "glyphs %.2f %.2f w=%.2f size=%.2f font=\"%s\"",
					       it->x, it->y, pb_glyphs_width(it), it->glyphs.size,
					       font);
			color(s, "color", it->glyphs.color);
			g_string_append_printf(s, " text=\"%.*s\"", pi->length,
					       it->glyphs.text + pi->offset);
			break;
		}
		case PB_ITEM_IMAGE:
			g_string_append_printf(s, "image %.2f %.2f %.2f×%.2f %s %s %u×%u", it->x,
					       it->y, it->image.w, it->image.h, it->image.shown,
					       pb_image_format_name(it->image.info->format),
					       it->image.info->oriented_width,
					       it->image.info->oriented_height);
			break;
		case PB_ITEM_MARK:
			g_string_append_printf(s, "mark %.2f %.2f %.2f %.2f", it->x, it->y,
					       it->mark.x2, it->mark.y2);
			break;
		}
		g_string_append_printf(s, " role=%s", pb_item_role_name(it->role));
		append_loc(s, it->loc);
		g_string_append_c(s, '\n');
	}
}

char *
pb_dump_doc(const pb_doc *doc, pb_fonts *fonts)
{
	GString *body = g_string_new(NULL);
	g_autoptr(GHashTable) used = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	g_autoptr(GHashTable) shared = g_hash_table_new(NULL, NULL);
	dumper dp = {used, shared};
	for (guint p = 0; p < doc->pages->len; p++) {
		const pb_page *page = doc->pages->pdata[p];
		g_string_append_printf(body, "page %u %.2f×%.2f bleed=%.2f slug=%.2f\n", p + 1,
				       page->width, page->height, page->bleed, page->slug);
		g_autoptr(GPtrArray) items = pb_page_items(page);
		dump_items(body, items, 1, &dp);
	}
	/* Header: each font used, the file it resolved to and its checksum, sorted. */
	GString *s = g_string_new(NULL);
	g_autoptr(GList) names = g_list_sort(g_hash_table_get_keys(used), (GCompareFunc)g_strcmp0);
	for (GList *n = names; n; n = n->next) {
		const char *name = n->data;
		const char *sp = strrchr(name, ' ');
		g_autofree char *family = g_strndup(name, sp - name);
		pb_font_face face = {0};
		if (pb_fonts_resolve(fonts, family, atoi(sp + 1), &face, NULL)) {
			const char *sum = pb_fonts_file_checksum(fonts, face.file);
			g_autofree char *base = g_path_get_basename(face.file);
			g_string_append_printf(s, "font \"%s\" %s#%d sha256:%.16s\n", name, base,
					       face.index, sum ? sum : "?");
			pb_font_face_clear(&face);
		}
	}
	g_string_append(s, body->str);
	g_string_free(body, TRUE);
	return g_string_free(s, FALSE);
}
