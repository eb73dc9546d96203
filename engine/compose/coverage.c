/* coverage.c — the texts each layout's roles set, by composing everything; see coverage.h.
 *
 * Composition here is the build's without the build: the composer table's series for every
 * output, composed in manifest order on one thread and thrown away.  It knows no kind of
 * output either.
 */
#include "coverage.h"
#include "composer.h"

struct pb_coverage {
	GHashTable *texts;    /* "layout-pointer\nrole" -> GPtrArray of pb_set_text*, owned */
	GHashTable *seen;     /* "key\ntext\nfile:line:col" already recorded */
	GHashTable *composed; /* layouts some composer set texts for */
};

static char *
key_of(const pb_layout *layout, const char *role)
{
	return g_strdup_printf("%p\n%s", (const void *)layout, role ? role : "");
}

typedef struct gather {
	pb_coverage *cov;
	const pb_layout *layout;
} gather;

static void
set_text_free(gpointer p)
{
	pb_set_text *t = p;
	g_free(t->text);
	g_free(t);
}

static void
on_set(const pb_text_style *style, const char *text, pb_loc loc, gpointer data)
{
	gather *g = data;
	if (!text || !*text || !style->role)
		return;
	char *key = key_of(g->layout, style->role);
	char *once = g_strdup_printf("%s\n%s\n%s:%u:%u", key, text, loc.file, loc.line, loc.col);
	if (!g_hash_table_add(g->cov->seen, once)) {
		g_free(key);
		return;
	}
	GPtrArray *list = g_hash_table_lookup(g->cov->texts, key);
	if (!list) {
		list = g_ptr_array_new_with_free_func(set_text_free);
		g_hash_table_insert(g->cov->texts, key, list);
	} else {
		g_free(key);
	}
	pb_set_text *t = g_new(pb_set_text, 1);
	t->text = g_strdup(text);
	t->loc = loc;
	g_ptr_array_add(list, t);
}

pb_coverage *
pb_compose_coverage(const pb_manifest *m, const pb_images *images, pb_fonts *fonts)
{
	pb_coverage *cov = g_new0(pb_coverage, 1);
	cov->texts = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
					   (GDestroyNotify)g_ptr_array_unref);
	cov->seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	cov->composed = g_hash_table_new(NULL, NULL);
	for (guint i = 0; i < m->outputs->len; i++) {
		const pb_output *o = m->outputs->pdata[i];
		if (!o->layout)
			continue;
		for (const pb_composer *k = pb_composers; k->compose; k++) {
			if (k->kind != o->kind)
				continue;
			g_hash_table_add(cov->composed, (gpointer)o->layout);
			g_autoptr(GArray) series = g_array_new(FALSE, FALSE, sizeof(pb_series));
			k->series(m, o, series);
			for (guint s = 0; s < series->len; s++) {
				gather g = {cov, o->layout};
				g_autoptr(pb_text_cache) texts = pb_text_cache_new();
				pb_diags *dropped = pb_diags_new();
				pb_compose c = {.m = m,
						.output = o,
						.layout = o->layout,
						.fonts = fonts,
						.texts = texts,
						.images = images,
						.diags = dropped,
						.on_set = on_set,
						.on_set_data = &g};
				g_autoptr(GPtrArray) files =
				    g_ptr_array_new_with_free_func((GDestroyNotify)pb_file_free);
				k->compose(&c, &g_array_index(series, pb_series, s), files);
				pb_diags_free(dropped);
			}
		}
	}
	return cov;
}

void
pb_coverage_free(pb_coverage *cov)
{
	if (!cov)
		return;
	g_hash_table_unref(cov->texts);
	g_hash_table_unref(cov->seen);
	g_hash_table_unref(cov->composed);
	g_free(cov);
}

const GPtrArray *
pb_coverage_texts(const pb_coverage *cov, const pb_layout *layout, const char *role)
{
	g_autofree char *key = key_of(layout, role);
	return g_hash_table_lookup(cov->texts, key);
}

gboolean
pb_coverage_composed(const pb_coverage *cov, const pb_layout *layout)
{
	return g_hash_table_contains(cov->composed, layout);
}
