/* stops.c — which findings stop which file; see stops.h. */
#include "stops.h"

struct pb_stops {
	const GPtrArray *files; /* of pb_file*, which outlive it */
	/* per file: a set of the pb_loc * its items hold, collected when a finding is first
	 * asked about it (a build without findings never walks 20,000 cards for them) */
	GPtrArray *locs;
};

static guint
loc_hash(gconstpointer p)
{
	const pb_loc *l = p;
	return g_direct_hash(l->file) ^ (l->line * 2654435761u) ^ (l->col * 40503u);
}

static gboolean
loc_equal(gconstpointer a, gconstpointer b)
{
	const pb_loc *x = a, *y = b;
	return x->file == y->file && x->line == y->line && x->col == y->col;
}

/* The positions of `items` into `set`; a shared array once (a card's ground is on every page) */
static void
collect(const GPtrArray *items, GHashTable *set, GHashTable *seen)
{
	for (guint i = 0; i < items->len; i++) {
		const pb_item *it = items->pdata[i];
		/* copied: a page filled when asked drops its items after */
		if (it->loc.line && !g_hash_table_contains(set, &it->loc))
			g_hash_table_add(set, g_memdup2(&it->loc, sizeof it->loc));
		if (it->kind == PB_ITEM_GROUP &&
		    (!it->group.shared || g_hash_table_add(seen, it->group.children)))
			collect(it->group.children, set, seen);
	}
}

static void
locs_free(gpointer set)
{
	if (set)
		g_hash_table_unref(set);
}

pb_stops *
pb_stops_new(const GPtrArray *files)
{
	pb_stops *s = g_new0(pb_stops, 1);
	s->files = files;
	s->locs = g_ptr_array_new_with_free_func(locs_free);
	g_ptr_array_set_size(s->locs, files->len);
	return s;
}

/* The positions file `i` shows. */
static GHashTable *
locs_of(pb_stops *s, guint i)
{
	GHashTable *set = s->locs->pdata[i];
	if (set)
		return set;
	const pb_doc *doc = ((const pb_file *)s->files->pdata[i])->doc;
	set = g_hash_table_new_full(loc_hash, loc_equal, g_free, NULL);
	g_autoptr(GHashTable) seen = g_hash_table_new(NULL, NULL);
	for (guint p = 0; p < doc->pages->len; p++) {
		g_autoptr(GPtrArray) items = pb_page_items(doc->pages->pdata[p]);
		collect(items, set, seen);
	}
	s->locs->pdata[i] = set;
	return set;
}

void
pb_stops_free(pb_stops *s)
{
	if (!s)
		return;
	g_ptr_array_unref(s->locs);
	g_free(s);
}

gboolean
pb_stops_shows(pb_stops *s, guint i, pb_loc loc)
{
	return loc.line && g_hash_table_contains(locs_of(s, i), &loc);
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
pb_stops_file(pb_stops *s, guint i, const pb_diags *checked, const pb_diags *own,
	      const pb_series *series, gboolean draft, gboolean all, GPtrArray *out)
{
	guint before = out->len;
	for (guint k = 0; k < checked->items->len; k++) {
		pb_diag *d = checked->items->pdata[k];
		if (!all && !is_error(checked, d, draft))
			continue;
		const pb_loc *key = &d->loc;
		gboolean whole =
		    same_loc(d->loc, series->whole) ||
		    (series->whole_file && !g_strcmp0(d->loc.file, series->whole_file)) ||
		    (series->layout_file && !g_strcmp0(d->loc.file, series->layout_file));
		if (whole || g_hash_table_contains(locs_of(s, i), key))
			g_ptr_array_add(out, d);
	}
	for (guint k = 0; own && k < own->items->len; k++) {
		pb_diag *d = own->items->pdata[k];
		if (!all && !is_error(own, d, draft))
			continue;
		const pb_loc *key = &d->loc;
		gboolean shown = FALSE;
		for (guint o = 0; o < s->locs->len && !shown; o++)
			shown = g_hash_table_contains(locs_of(s, o), key);
		/* on this file, or on none (then it concerns the whole series) */
		if (!shown || g_hash_table_contains(locs_of(s, i), key))
			g_ptr_array_add(out, d);
	}
	return out->len > before;
}
