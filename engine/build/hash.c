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

/* The frame hash is taken over the frames' values as bytes (numbers as their doubles, texts with
 * their length first), gathered in a buffer and hashed by the 4 KiB: formatting each number as
 * text cost more than the hashing (a tenth of the build of 2,000 insert cards).
 *
 * A shared children array is hashed once, on its own, and its every placement feeds that digest:
 * the 20,000 cards of an insert are placed on their pages and again on the press sheets, and
 * hashing each twice (and keeping a table of every one per document) was a tenth of the
 * build's main thread. */
struct pb_frame_digests {
	GHashTable *of;    /* children -> its digest, 64 hex digits */
	GHashTable *fonts; /* PangoFont* -> its description, as text */
};

pb_frame_digests *
pb_frame_digests_new(void)
{
	pb_frame_digests *d = g_new(pb_frame_digests, 1);
	d->of = g_hash_table_new_full(NULL, NULL, NULL, g_free);
	d->fonts = g_hash_table_new_full(NULL, NULL, NULL, g_free);
	return d;
}

void
pb_frame_digests_free(pb_frame_digests *d)
{
	if (!d)
		return;
	g_hash_table_unref(d->of);
	g_hash_table_unref(d->fonts);
	g_free(d);
}

typedef struct framer {
	pb_sha256 *h;
	pb_filesums *sums;
	pb_frame_digests *digests;
	gsize len;        /* bytes in buf, not hashed yet */
	guchar buf[4096]; /* on the stack: a framer is made for each shared array */
} framer;

static void
put_bytes(framer *f, const void *data, gsize len)
{
	if (len == 0)
		return; /* data may be NULL: an absent text */
	if (f->len + len > sizeof f->buf) {
		pb_sha256_update(f->h, f->buf, f->len);
		f->len = 0;
		if (len > sizeof f->buf) {
			pb_sha256_update(f->h, data, len);
			return;
		}
	}
	memcpy(f->buf + f->len, data, len);
	f->len += len;
}

static void
framer_finish(framer *f, char hex[65])
{
	pb_sha256_update(f->h, f->buf, f->len);
	pb_sha256_finish(f->h, hex);
}

static void
put_num(framer *f, double v)
{
	if (v == 0)
		v = 0; /* -0 and 0 draw the same */
	put_bytes(f, &v, sizeof v);
}

static void
put_int(framer *f, gint64 v)
{
	put_bytes(f, &v, sizeof v);
}

static void
put_str(framer *f, const char *s)
{
	gsize n = s ? strlen(s) : 0;
	put_int(f, s ? (gint64)n : -1);
	put_bytes(f, s, n);
}

static void
put_rgb(framer *f, const pb_rgb *c)
{
	put_num(f, c->r);
	put_num(f, c->g);
	put_num(f, c->b);
}

static void
put_paint(framer *f, const pb_paint *p)
{
	put_int(f, p->fill);
	put_rgb(f, &p->fill_color);
	put_int(f, p->stroke);
	put_rgb(f, &p->stroke_color);
	put_num(f, p->stroke_width);
	put_num(f, p->opacity);
	put_str(f, p->spot ? p->spot->name : NULL);
	put_int(f, p->overprint);
}

static void hash_items(framer *f, const GPtrArray *items);

/* The description of a run's font, made once per font of the document. */
static const char *
font_text(framer *f, PangoFont *font)
{
	const char *known = g_hash_table_lookup(f->digests->fonts, font);
	if (known)
		return known;
	PangoFontDescription *d = pango_font_describe(font);
	char *text = pango_font_description_to_string(d);
	pango_font_description_free(d);
	g_hash_table_insert(f->digests->fonts, font, text);
	return text;
}

static void
hash_glyphs(framer *f, const pb_item *it)
{
	const PangoGlyphItem *run = it->glyphs.run;
	put_str(f, font_text(f, run->item->analysis.font));
	put_num(f, it->glyphs.size);
	put_rgb(f, &it->glyphs.color);
	put_int(f, run->glyphs->num_glyphs);
	for (int g = 0; g < run->glyphs->num_glyphs; g++) {
		const PangoGlyphInfo *gi = &run->glyphs->glyphs[g];
		const gint32 v[5] = {(gint32)gi->glyph, gi->geometry.width, gi->geometry.x_offset,
				     gi->geometry.y_offset, run->glyphs->log_clusters[g]};
		put_bytes(f, v, sizeof v);
	}
	/* the text the runs index: it is what pdftotext gives back */
	put_int(f, run->item->length);
	put_bytes(f, it->glyphs.text + run->item->offset, (gsize)run->item->length);
}

/* The digest of a shared children array, made the first time it is met. */
static const char *
children_digest(framer *f, const GPtrArray *children)
{
	const char *known = g_hash_table_lookup(f->digests->of, children);
	if (known)
		return known;
	framer sub; /* not zeroed: only its first `len` bytes are read */
	sub.h = pb_sha256_new(), sub.sums = f->sums, sub.digests = f->digests, sub.len = 0;
	put_int(&sub, children->len);
	hash_items(&sub, children);
	char *hex = g_malloc(65);
	framer_finish(&sub, hex);
	g_hash_table_insert(f->digests->of, (gpointer)children, hex);
	return hex;
}

static void
hash_item(framer *f, const pb_item *it)
{
	put_int(f, it->kind);
	put_int(f, it->role);
	put_num(f, it->x);
	put_num(f, it->y);
	switch (it->kind) {
	case PB_ITEM_GROUP: {
		const typeof(it->group) *g = &it->group;
		put_int(f, g->clip);
		const double v[6] = {g->w, g->h, g->a, g->b, g->c, g->d};
		for (gsize i = 0; i < G_N_ELEMENTS(v); i++)
			put_num(f, v[i]);
		put_int(f, g->shared);
		if (g->shared) {
			put_bytes(f, children_digest(f, g->children), 64);
			return;
		}
		put_int(f, g->children->len);
		hash_items(f, g->children);
		return;
	}
	case PB_ITEM_GLYPHS:
		hash_glyphs(f, it);
		return;
	case PB_ITEM_IMAGE: {
		const pb_image_info *info = it->image.info;
		put_str(f, it->image.shown);
		put_str(f, pb_filesums_get(f->sums, it->image.path));
		put_int(f, info->width);
		put_int(f, info->height);
		put_int(f, info->orientation);
		put_int(f, info->colorspace);
		put_num(f, it->image.w);
		put_num(f, it->image.h);
		return;
	}
	case PB_ITEM_RECT:
		put_num(f, it->rect.w);
		put_num(f, it->rect.h);
		put_num(f, it->rect.radius);
		put_paint(f, it->rect.paint);
		return;
	case PB_ITEM_PATH:
		put_int(f, it->path.ops->len);
		put_bytes(f, it->path.ops->data, it->path.ops->len * sizeof(pb_path_op));
		put_int(f, it->path.points->len);
		put_bytes(f, it->path.points->data, it->path.points->len * sizeof(double));
		put_paint(f, it->path.paint);
		return;
	case PB_ITEM_MARK:
		put_num(f, it->mark.x2);
		put_num(f, it->mark.y2);
		put_num(f, it->mark.width);
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
pb_hash_frames(const pb_doc *doc, const char *salt, pb_filesums *sums, pb_frame_digests *digests)
{
	g_autoptr(pb_frame_digests) own = digests ? NULL : pb_frame_digests_new();
	framer top, *f = &top;
	top.h = pb_sha256_new(), top.sums = sums, top.digests = digests ? digests : own,
	top.len = 0;
	put_str(f, salt);
	put_str(f, doc->title);
	put_str(f, doc->author);
	put_str(f, doc->date);
	put_num(f, doc->max_ppi);
	for (guint p = 0; p < doc->pages->len; p++) {
		const pb_page *page = doc->pages->pdata[p];
		const double v[4] = {page->width, page->height, page->bleed, page->slug};
		for (gsize i = 0; i < G_N_ELEMENTS(v); i++)
			put_num(f, v[i]);
		put_str(f, page->slug_text);
		g_autoptr(GPtrArray) items = pb_page_items(page);
		put_int(f, items->len);
		hash_items(f, items);
	}
	char hex[65];
	framer_finish(f, hex);
	return g_strdup(hex);
}
