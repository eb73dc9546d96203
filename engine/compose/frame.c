/* frame.c — building and freeing frames; see frame.h.  No drawing and no layout here. */
#include "frame.h"

#include <string.h>
#include "base/units.h"

static void item_free(gpointer p);

const pb_spot pb_spot_cut_contour = {"CutContour", {0, 1, 0, 0}, {0.93, 0.0, 0.55}};

const char *
pb_item_role_name(pb_item_role role)
{
	static const char *const names[PB_AS_COUNT] = {
	    "none", "background", "photo", "text", "card", "rule", "ornament", "cut", "mark",
	};
	return role < PB_AS_COUNT ? names[role] : "?";
}

pb_doc *
pb_doc_new(const char *title, const char *author, const char *date)
{
	pb_doc *doc = g_new0(pb_doc, 1);
	doc->pages = g_ptr_array_new();
	doc->title = g_strdup(title);
	doc->author = g_strdup(author);
	doc->date = g_strdup(date);
	return doc;
}

typedef struct pb_kept {
	gpointer data;
	GDestroyNotify destroy;
} pb_kept;

void
pb_doc_keep(pb_doc *doc, gpointer data, GDestroyNotify destroy)
{
	if (!doc->kept)
		doc->kept = g_array_new(FALSE, FALSE, sizeof(pb_kept));
	pb_kept k = {data, destroy};
	g_array_append_val(doc->kept, k);
}

static void
page_free(pb_page *page)
{
	if (page->items)
		g_ptr_array_unref(page->items);
	g_free(page->slug_text);
	g_free(page);
}

void
pb_doc_free(pb_doc *doc)
{
	if (!doc)
		return;
	for (guint i = 0; i < doc->pages->len; i++)
		page_free(doc->pages->pdata[i]);
	g_ptr_array_unref(doc->pages);
	/* after the pages, whose items may borrow from it; last kept, first freed */
	for (guint i = doc->kept ? doc->kept->len : 0; i-- > 0;) {
		pb_kept *k = &g_array_index(doc->kept, pb_kept, i);
		k->destroy(k->data);
	}
	if (doc->kept)
		g_array_unref(doc->kept);
	g_free(doc->title);
	g_free(doc->author);
	g_free(doc->date);
	g_free(doc->id);
	g_free(doc);
}

pb_page *
pb_doc_add_page(pb_doc *doc, double width, double height, double bleed, double slug)
{
	pb_page *page = g_new0(pb_page, 1);
	page->width = width;
	page->height = height;
	page->bleed = bleed;
	page->slug = slug;
	page->items = g_ptr_array_new_with_free_func(item_free);
	g_ptr_array_add(doc->pages, page);
	return page;
}

void
pb_page_fill_with(pb_page *page, guint layer, pb_page_fill_fn fn, gconstpointer data, guint index)
{
	g_assert(layer < G_N_ELEMENTS(page->fill));
	g_assert(layer == 0 || page->fill[0].fn); /* a later layer adds to a filled page */
	g_clear_pointer(&page->items, g_ptr_array_unref);
	page->fill[layer] = (pb_page_fill){fn, data, index};
}

GPtrArray *
pb_page_items(const pb_page *page)
{
	if (page->items)
		return g_ptr_array_ref(page->items);
	GPtrArray *items = pb_frame_items_new();
	for (guint i = 0; i < G_N_ELEMENTS(page->fill); i++)
		if (page->fill[i].fn)
			page->fill[i].fn(page, items, page->fill[i].data, page->fill[i].index);
	return items;
}

GPtrArray *
pb_page_fix(pb_page *page)
{
	if (!page->items) {
		page->items = pb_page_items(page);
		memset(page->fill, 0, sizeof page->fill);
	}
	return page->items;
}

GPtrArray *
pb_frame_items_new(void)
{
	return g_ptr_array_new_with_free_func(item_free);
}

static void
item_free(gpointer p)
{
	pb_item *item = p;
	switch (item->kind) {
	case PB_ITEM_GROUP:
		g_ptr_array_unref(item->group.children);
		break;
	case PB_ITEM_GLYPHS:
		if (item->glyphs.release)
			item->glyphs.release(item->glyphs.owner);
		break;
	case PB_ITEM_PATH:
		g_array_unref(item->path.ops);
		g_array_unref(item->path.points);
		break;
	case PB_ITEM_IMAGE:
	case PB_ITEM_RECT:
	case PB_ITEM_MARK:
		break;
	}
	g_free(item);
}

static pb_item *
item_new(GPtrArray *parent, pb_item_kind kind, double x, double y, pb_loc loc)
{
	pb_item *item = g_new0(pb_item, 1);
	static const pb_item_role usual[] = {
	    [PB_ITEM_GROUP] = PB_AS_NONE,    [PB_ITEM_GLYPHS] = PB_AS_TEXT,
	    [PB_ITEM_IMAGE] = PB_AS_PHOTO,   [PB_ITEM_RECT] = PB_AS_ORNAMENT,
	    [PB_ITEM_PATH] = PB_AS_ORNAMENT, [PB_ITEM_MARK] = PB_AS_MARK,
	};
	item->kind = kind;
	item->role = usual[kind];
	item->x = x;
	item->y = y;
	item->loc = loc;
	g_ptr_array_add(parent, item);
	return item;
}

pb_item *
pb_frame_add_group(GPtrArray *parent, double x, double y, gboolean clip, double w, double h,
		   pb_loc loc)
{
	pb_item *item = item_new(parent, PB_ITEM_GROUP, x, y, loc);
	item->group.children = g_ptr_array_new_with_free_func(item_free);
	item->group.clip = clip;
	item->group.w = w;
	item->group.h = h;
	item->group.a = item->group.d = 1;
	return item;
}

pb_item *
pb_frame_add_shared(GPtrArray *parent, GPtrArray *children, double x, double y, double a, double b,
		    double c, double d, double w, double h, pb_loc loc)
{
	pb_item *item = item_new(parent, PB_ITEM_GROUP, x, y, loc);
	item->group.children = g_ptr_array_ref(children);
	item->group.shared = TRUE;
	item->group.w = w;
	item->group.h = h;
	item->group.a = a, item->group.b = b, item->group.c = c, item->group.d = d;
	return item;
}

/* One copy of each distinct value of a small struct for the life of the process, which items
 * point to: a page's rects share a handful of paints, its photos are a few hundred, and an item
 * holding a pointer is 112 bytes where one holding the paint was 160 (20,000 cards of a roster
 * are some 200,000 items).  `data` must hold no padding, or padding zeroed. */
static const void *
intern_bytes(const void *data, gsize size)
{
	static GMutex lock;
	static GHashTable *values;                              /* of GBytes*, its own keys */
	g_autoptr(GBytes) key = g_bytes_new_static(data, size); /* a copy only when new */
	g_mutex_lock(&lock);
	if (!values)
		values = g_hash_table_new_full(g_bytes_hash, g_bytes_equal,
					       (GDestroyNotify)g_bytes_unref, NULL);
	GBytes *kept = g_hash_table_lookup(values, key);
	if (!kept) {
		kept = g_bytes_new(data, size);
		g_hash_table_add(values, kept);
	}
	g_mutex_unlock(&lock);
	return g_bytes_get_data(kept, NULL);
}

/* A paint, its padding zeroed so that equal paints are equal bytes. */
static const pb_paint *
intern_paint(const pb_paint *p)
{
	/* every field, one by one, so that the padding stays zero: a field added to pb_paint
	 * must be copied here too (the size says when one is) */
	G_STATIC_ASSERT(sizeof(pb_paint) == 96);
	pb_paint k;
	memset(&k, 0, sizeof k);
	k.fill = p->fill, k.fill_color = p->fill_color;
	k.stroke = p->stroke, k.stroke_color = p->stroke_color;
	k.stroke_width = p->stroke_width, k.opacity = p->opacity;
	k.spot = p->spot, k.overprint = p->overprint;
	return intern_bytes(&k, sizeof k);
}

pb_item *
pb_frame_add_rect(GPtrArray *parent, double x, double y, double w, double h, const pb_paint *paint,
		  pb_loc loc)
{
	pb_item *item = item_new(parent, PB_ITEM_RECT, x, y, loc);
	item->rect.w = w;
	item->rect.h = h;
	item->rect.paint = intern_paint(paint);
	return item;
}

pb_item *
pb_frame_add_glyphs(GPtrArray *parent, double x, double baseline, const PangoGlyphItem *run,
		    const char *text, gpointer owner, GDestroyNotify release, pb_rgb color,
		    double size, pb_loc loc)
{
	pb_item *item = item_new(parent, PB_ITEM_GLYPHS, x, baseline, loc);
	item->glyphs.run = run;
	item->glyphs.text = text;
	item->glyphs.owner = owner;
	item->glyphs.release = release;
	item->glyphs.color = color;
	item->glyphs.size = size;
	item->glyphs.scale = 1;
	return item;
}

/* An image's paths, one copy each for the life of the process, so that the renderers compare
 * them by pointer.  Not g_intern_string: GLib's quark table abandons its old block each time
 * it grows past another 2048 entries, which LeakSanitizer reports as a leak (and `make test`
 * fails on): a build of some 900 distinct photos reached it. */
static const char *
intern_path(const char *s)
{
	static GMutex lock;
	static GHashTable *paths;
	g_mutex_lock(&lock);
	if (!paths)
		paths = g_hash_table_new(g_str_hash, g_str_equal);
	char *p = g_hash_table_lookup(paths, s);
	if (!p) {
		p = g_strdup(s);
		g_hash_table_add(paths, p);
	}
	g_mutex_unlock(&lock);
	return p;
}

pb_item *
pb_frame_add_image(GPtrArray *parent, double x, double y, double w, double h, const char *path,
		   const char *shown, const pb_image_info *info, pb_loc loc)
{
	pb_item *item = item_new(parent, PB_ITEM_IMAGE, x, y, loc);
	item->image.path = intern_path(path);
	item->image.shown = intern_path(shown);
	G_STATIC_ASSERT(sizeof(pb_image_info) ==
			14 * sizeof(guint) + sizeof(gsize)); /* no padding */
	item->image.info = intern_bytes(info, sizeof *info);
	item->image.w = w;
	item->image.h = h;
	return item;
}

pb_item *
pb_frame_add_path(GPtrArray *parent, double x, double y, const pb_paint *paint, pb_loc loc)
{
	pb_item *item = item_new(parent, PB_ITEM_PATH, x, y, loc);
	item->path.ops = g_array_new(FALSE, FALSE, sizeof(pb_path_op));
	item->path.points = g_array_new(FALSE, FALSE, sizeof(double));
	item->path.paint = intern_paint(paint);
	return item;
}

static void
path_add(pb_item *path, pb_path_op op, const double *pts, guint n)
{
	g_array_append_val(path->path.ops, op);
	g_array_append_vals(path->path.points, pts, n * 2);
}

void
pb_path_move(pb_item *path, double x, double y)
{
	double p[] = {x, y};
	path_add(path, PB_PATH_MOVE, p, 1);
}

void
pb_path_line(pb_item *path, double x, double y)
{
	double p[] = {x, y};
	path_add(path, PB_PATH_LINE, p, 1);
}

void
pb_path_curve(pb_item *path, double x1, double y1, double x2, double y2, double x3, double y3)
{
	double p[] = {x1, y1, x2, y2, x3, y3};
	path_add(path, PB_PATH_CURVE, p, 3);
}

void
pb_path_close(pb_item *path)
{
	path_add(path, PB_PATH_CLOSE, NULL, 0);
}

pb_item *
pb_frame_add_mark(GPtrArray *parent, double x1, double y1, double x2, double y2, double width)
{
	pb_item *item = item_new(parent, PB_ITEM_MARK, x1, y1, pb_loc_make("", 0, 0));
	item->mark.x2 = x2;
	item->mark.y2 = y2;
	item->mark.width = width;
	return item;
}

double
pb_glyphs_width(const pb_item *glyphs)
{
	/* Text is measured at 72 dpi: one Pango device unit is one point. */
	int w = pango_glyph_string_get_width(glyphs->glyphs.run->glyphs);
	return (double)w / PANGO_SCALE * PB_MM_PER_PT * glyphs->glyphs.scale;
}

pb_matrix
pb_matrix_identity(void)
{
	return (pb_matrix){1, 0, 0, 1, 0, 0};
}

/* m × G, where G maps the group's children's space into its parent's. */
pb_matrix
pb_matrix_group(const pb_matrix *m, const pb_item *g)
{
	const double a = g->group.a, b = g->group.b, c = g->group.c, d = g->group.d;
	pb_matrix r;
	r.xx = m->xx * a + m->xy * b;
	r.yx = m->yx * a + m->yy * b;
	r.xy = m->xx * c + m->xy * d;
	r.yy = m->yx * c + m->yy * d;
	r.x0 = m->xx * g->x + m->xy * g->y + m->x0;
	r.y0 = m->yx * g->x + m->yy * g->y + m->y0;
	return r;
}

void
pb_matrix_apply(const pb_matrix *m, double x, double y, double *ox, double *oy)
{
	*ox = m->xx * x + m->xy * y + m->x0;
	*oy = m->yx * x + m->yy * y + m->y0;
}

void
pb_frame_walk(const GPtrArray *items, const pb_matrix *to_page, pb_frame_walk_fn fn, gpointer data)
{
	for (guint i = 0; i < items->len; i++) {
		const pb_item *it = items->pdata[i];
		fn(it, to_page, data);
		if (it->kind == PB_ITEM_GROUP) {
			pb_matrix inner = pb_matrix_group(to_page, it);
			pb_frame_walk(it->group.children, &inner, fn, data);
		}
	}
}

/* The bounds of the box `local` after `m`: its four corners mapped. */
static void
map_box(const pb_matrix *m, const double local[4], double box[4])
{
	double xs[4], ys[4];
	pb_matrix_apply(m, local[0], local[1], &xs[0], &ys[0]);
	pb_matrix_apply(m, local[2], local[1], &xs[1], &ys[1]);
	pb_matrix_apply(m, local[0], local[3], &xs[2], &ys[2]);
	pb_matrix_apply(m, local[2], local[3], &xs[3], &ys[3]);
	box[0] = MIN(MIN(xs[0], xs[1]), MIN(xs[2], xs[3]));
	box[1] = MIN(MIN(ys[0], ys[1]), MIN(ys[2], ys[3]));
	box[2] = MAX(MAX(xs[0], xs[1]), MAX(xs[2], xs[3]));
	box[3] = MAX(MAX(ys[0], ys[1]), MAX(ys[2], ys[3]));
}

void
pb_item_bounds_m(const pb_item *item, const pb_matrix *to_page, double box[4])
{
	double local[4];
	if (item->kind == PB_ITEM_GROUP) {
		/* the group's extent, in its own space */
		const double extent[4] = {0, 0, item->group.w, item->group.h};
		pb_matrix inner = pb_matrix_group(to_page, item);
		map_box(&inner, extent, box);
		return;
	}
	pb_item_bounds(item, 0, 0, local);
	map_box(to_page, local, box);
}

void
pb_item_bounds(const pb_item *item, double ox, double oy, double box[4])
{
	double x = ox + item->x, y = oy + item->y;
	switch (item->kind) {
	case PB_ITEM_GROUP:
		box[0] = x, box[1] = y, box[2] = x + item->group.w, box[3] = y + item->group.h;
		return;
	case PB_ITEM_RECT:
		box[0] = x, box[1] = y, box[2] = x + item->rect.w, box[3] = y + item->rect.h;
		return;
	case PB_ITEM_IMAGE:
		box[0] = x, box[1] = y, box[2] = x + item->image.w, box[3] = y + item->image.h;
		return;
	case PB_ITEM_GLYPHS: {
		PangoRectangle logical;
		pango_glyph_string_extents(item->glyphs.run->glyphs,
					   item->glyphs.run->item->analysis.font, NULL, &logical);
		double k = PB_MM_PER_PT / PANGO_SCALE * item->glyphs.scale;
		box[0] = x + logical.x * k;
		box[1] = y + logical.y * k;
		box[2] = box[0] + logical.width * k;
		box[3] = box[1] + logical.height * k;
		return;
	}
	case PB_ITEM_PATH: {
		GArray *pts = item->path.points;
		box[0] = box[1] = G_MAXDOUBLE;
		box[2] = box[3] = -G_MAXDOUBLE;
		for (guint i = 0; i + 1 < pts->len; i += 2) {
			double px = x + g_array_index(pts, double, i);
			double py = y + g_array_index(pts, double, i + 1);
			box[0] = MIN(box[0], px), box[1] = MIN(box[1], py);
			box[2] = MAX(box[2], px), box[3] = MAX(box[3], py);
		}
		if (pts->len == 0)
			box[0] = box[2] = x, box[1] = box[3] = y;
		return;
	}
	case PB_ITEM_MARK:
		box[0] = MIN(item->x, item->mark.x2), box[1] = MIN(item->y, item->mark.y2);
		box[2] = MAX(item->x, item->mark.x2), box[3] = MAX(item->y, item->mark.y2);
		return;
	}
}
