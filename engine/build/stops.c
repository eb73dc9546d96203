/* stops.c — which findings stop which file; see stops.h. */
#include "stops.h"

struct pb_stops {
	GPtrArray *locs; /* per file: a set of "file:line:col" keys */
};

static char *
loc_key(pb_loc loc)
{
	return g_strdup_printf("%p:%u:%u", (const void *)loc.file, loc.line, loc.col);
}

static void
collect(const pb_item *it, const pb_matrix *m, gpointer set)
{
	if (it->loc.line)
		g_hash_table_add(set, loc_key(it->loc));
}

pb_stops *
pb_stops_new(const GPtrArray *files)
{
	pb_stops *s = g_new0(pb_stops, 1);
	s->locs = g_ptr_array_new_with_free_func((GDestroyNotify)g_hash_table_unref);
	pb_matrix id = pb_matrix_identity();
	for (guint i = 0; i < files->len; i++) {
		const pb_doc *doc = ((const pb_file *)files->pdata[i])->doc;
		GHashTable *set = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
		for (guint p = 0; p < doc->pages->len; p++)
			pb_frame_walk(((pb_page *)doc->pages->pdata[p])->items, &id, collect, set);
		g_ptr_array_add(s->locs, set);
	}
	return s;
}

void
pb_stops_free(pb_stops *s)
{
	if (!s)
		return;
	g_ptr_array_unref(s->locs);
	g_free(s);
}

static gboolean
is_error(const pb_diags *list, const pb_diag *d, gboolean draft)
{
	if (draft && !g_strcmp0(d->rule, "image.readable"))
		return FALSE;
	return pb_diag_effective(list, d) == PB_SEV_ERROR;
}

static gboolean
same_loc(pb_loc a, pb_loc b)
{
	return a.line && a.file == b.file && a.line == b.line && a.col == b.col;
}

gboolean
pb_stops_file(const pb_stops *s, guint i, const pb_diags *checked, const pb_diags *own,
	      const pb_series *series, gboolean draft, gboolean all, GPtrArray *out)
{
	GHashTable *mine = s->locs->pdata[i];
	guint before = out->len;
	for (guint k = 0; k < checked->items->len; k++) {
		pb_diag *d = checked->items->pdata[k];
		if (!all && !is_error(checked, d, draft))
			continue;
		g_autofree char *key = loc_key(d->loc);
		gboolean whole =
		    same_loc(d->loc, series->whole) ||
		    (series->whole_file && !g_strcmp0(d->loc.file, series->whole_file));
		if (whole || g_hash_table_contains(mine, key))
			g_ptr_array_add(out, d);
	}
	for (guint k = 0; k < own->items->len; k++) {
		pb_diag *d = own->items->pdata[k];
		if (!all && !is_error(own, d, draft))
			continue;
		g_autofree char *key = loc_key(d->loc);
		gboolean shown = FALSE;
		for (guint o = 0; o < s->locs->len && !shown; o++)
			shown = g_hash_table_contains(s->locs->pdata[o], key);
		/* on this file, or on none (then it concerns the whole series) */
		if (!shown || g_hash_table_contains(mine, key))
			g_ptr_array_add(out, d);
	}
	return out->len > before;
}
