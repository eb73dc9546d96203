/* dump.c — frames -> text; see dump.h.  Reads frames, never changes them. */
#include "dump.h"

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
	if (p->fill)
		color(s, "fill", p->fill_color);
	if (p->stroke) {
		color(s, "stroke", p->stroke_color);
		g_string_append_printf(s, " width=%.2f", p->stroke_width);
	}
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

static void
dump_items(GString *s, const GPtrArray *items, int depth, GHashTable *fonts_used)
{
	for (guint i = 0; i < items->len; i++) {
		const pb_item *it = items->pdata[i];
		g_string_append_printf(s, "%*s", depth * 2, "");
		switch (it->kind) {
		case PB_ITEM_GROUP:
			g_string_append_printf(s, "group %.2f %.2f %.2f×%.2f%s\n", it->x, it->y,
					       it->group.w, it->group.h,
					       it->group.clip ? " clip" : "");
			dump_items(s, it->group.children, depth + 1, fonts_used);
			continue;
		case PB_ITEM_RECT:
			g_string_append_printf(s, "rect %.2f %.2f %.2f×%.2f", it->x, it->y,
					       it->rect.w, it->rect.h);
			paint(s, &it->rect.paint);
			break;
		case PB_ITEM_PATH:
			g_string_append_printf(s, "path %.2f %.2f ops=%u", it->x, it->y,
					       it->path.ops->len);
			paint(s, &it->path.paint);
			break;
		case PB_ITEM_GLYPHS: {
			g_autofree char *font = run_font(it, fonts_used);
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
					       pb_image_format_name(it->image.info.format),
					       it->image.info.oriented_width,
					       it->image.info.oriented_height);
			break;
		case PB_ITEM_MARK:
			g_string_append_printf(s, "mark %.2f %.2f %.2f %.2f", it->x, it->y,
					       it->mark.x2, it->mark.y2);
			break;
		}
		if (it->loc.line)
			g_string_append_printf(s, " @%s:%u:%u", it->loc.file, it->loc.line,
					       it->loc.col);
		g_string_append_c(s, '\n');
	}
}

char *
pb_dump_doc(const pb_doc *doc, pb_fonts *fonts)
{
	GString *body = g_string_new(NULL);
	g_autoptr(GHashTable) used = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	for (guint p = 0; p < doc->pages->len; p++) {
		const pb_page *page = doc->pages->pdata[p];
		g_string_append_printf(body, "page %u %.2f×%.2f bleed=%.2f slug=%.2f\n", p + 1,
				       page->width, page->height, page->bleed, page->slug);
		dump_items(body, page->items, 1, used);
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
