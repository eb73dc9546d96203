/* proofs.c — proof PNGs and proof.json; see proofs.h.  The contact sheet is proof-index.c. */
#include "proofs.h"
#include "json-read.h"
#include "json-write.h"
#include "base/writer.h"
#include "render/render.h"

#include <glib/gstdio.h>
#include <string.h>

/* Thumbnails on the contact sheet: this tall. */
#define PB_PROOF_THUMB_PX 260

static void
page_rec_free(gpointer p)
{
	pb_proof_page_rec *r = p;
	g_free(r->png);
	g_free(r->thumb);
	g_array_unref(r->findings);
	g_array_unref(r->spots);
	g_free(r);
}

static pb_proof_page_rec *
page_rec_new(void)
{
	pb_proof_page_rec *r = g_new0(pb_proof_page_rec, 1);
	r->findings = g_array_new(FALSE, FALSE, sizeof(guint));
	r->spots = g_array_new(FALSE, FALSE, sizeof(pb_proof_spot));
	return r;
}

static pb_proof_rec *
rec_new(const char *pdf, const char *frames, guint px)
{
	pb_proof_rec *r = g_new0(pb_proof_rec, 1);
	r->pdf = g_strdup(pdf);
	r->frames = g_strdup(frames);
	r->px = px;
	r->pages = g_ptr_array_new_with_free_func(page_rec_free);
	return r;
}

void
pb_proof_rec_free(pb_proof_rec *r)
{
	if (!r)
		return;
	g_free(r->pdf);
	g_free(r->frames);
	g_ptr_array_unref(r->pages);
	g_free(r);
}

pb_proof_rec *
pb_proof_rec_copy(const pb_proof_rec *r)
{
	pb_proof_rec *c = rec_new(r->pdf, r->frames, r->px);
	for (guint i = 0; i < r->pages->len; i++) {
		const pb_proof_page_rec *p = r->pages->pdata[i];
		pb_proof_page_rec *q = page_rec_new();
		q->png = g_strdup(p->png);
		q->thumb = g_strdup(p->thumb);
		q->width = p->width, q->height = p->height;
		q->thumb_width = p->thumb_width, q->thumb_height = p->thumb_height;
		g_array_append_vals(q->findings, p->findings->data, p->findings->len);
		g_array_append_vals(q->spots, p->spots->data, p->spots->len);
		g_ptr_array_add(c->pages, q);
	}
	return c;
}

/* ---- making them ----------------------------------------------------------------------------- */

typedef struct finder {
	pb_loc loc;
	double box[4];
	gboolean found;
} finder;

static void
find_loc(const pb_item *it, const pb_matrix *m, gpointer data)
{
	finder *f = data;
	if (it->loc.file != f->loc.file || it->loc.line != f->loc.line ||
	    it->loc.col != f->loc.col || it->kind == PB_ITEM_GROUP)
		return;
	double b[4];
	pb_item_bounds_m(it, m, b);
	if (!f->found) {
		memcpy(f->box, b, sizeof b);
		f->found = TRUE;
		return;
	}
	f->box[0] = MIN(f->box[0], b[0]), f->box[1] = MIN(f->box[1], b[1]);
	f->box[2] = MAX(f->box[2], b[2]), f->box[3] = MAX(f->box[3], b[3]);
}

/* "boards/jianzhu-01.pdf", page 2 -> "boards/jianzhu-01-2.png" (and .thumb.png). */
static char *
proof_name(const char *pdf, guint page, const char *suffix)
{
	gsize n = strlen(pdf);
	if (n > 4 && !strcmp(pdf + n - 4, ".pdf"))
		n -= 4;
	return g_strdup_printf("%.*s-%u%s", (int)n, pdf, page, suffix);
}

/* ---- encoding: the PNGs compressed on every processor while the next page is drawn ---------
 *
 * Drawing a page needs its series' fonts and stays on the job's thread; compressing and
 * writing its PNGs needs only its pixels, so a process-wide pool does that, as many at once as
 * there are processors.  zlib is half a proof's time: without this, one series with many
 * pages (the insert's cards) keeps one processor busy while the other waits. */

typedef struct batch {
	GMutex lock;
	GCond done;    /* a task of this batch finished */
	guint pending; /* tasks pushed and not yet finished */
	GError *error; /* the first failure */
} batch;

typedef struct encode_task {
	batch *b;
	pb_proof_raster *raster;
	pb_proof_page_rec *pr; /* its sizes are written by the task, read after batch_wait */
	char *png, *thumb;     /* paths */
} encode_task;

static void
encode_page(gpointer data, gpointer unused)
{
	encode_task *t = data;
	GError *err = NULL;
	pb_proof_page out = {0};
	gboolean ok = pb_proof_raster_encode(t->raster, PB_PROOF_THUMB_PX, &out, &err) &&
		      pb_write_bytes(t->png, g_bytes_get_data(out.png, NULL),
				     g_bytes_get_size(out.png), NULL, NULL, &err) &&
		      pb_write_bytes(t->thumb, g_bytes_get_data(out.thumb, NULL),
				     g_bytes_get_size(out.thumb), NULL, NULL, &err);
	if (ok) {
		t->pr->width = out.width, t->pr->height = out.height;
		t->pr->thumb_width = out.thumb_width, t->pr->thumb_height = out.thumb_height;
	}
	pb_proof_page_clear(&out);
	batch *b = t->b;
	g_free(t->png);
	g_free(t->thumb);
	g_free(t);
	g_mutex_lock(&b->lock);
	if (err && !b->error)
		b->error = err;
	else
		g_clear_error(&err);
	b->pending--;
	g_cond_broadcast(&b->done);
	g_mutex_unlock(&b->lock);
}

static GThreadPool *
encoders(void)
{
	static gsize made;
	static GThreadPool *pool;
	if (g_once_init_enter(&made)) {
		pool =
		    g_thread_pool_new(encode_page, NULL, (gint)g_get_num_processors(), FALSE, NULL);
		g_once_init_leave(&made, 1);
	}
	return pool;
}

static void
batch_init(batch *b)
{
	memset(b, 0, sizeof *b);
	g_mutex_init(&b->lock);
	g_cond_init(&b->done);
}

static void
batch_clear(batch *b)
{
	g_cond_clear(&b->done);
	g_mutex_clear(&b->lock);
}

/* Until at most `most` tasks of `b` are pending. */
static void
batch_wait(batch *b, guint most)
{
	g_mutex_lock(&b->lock);
	while (b->pending > most)
		g_cond_wait(&b->done, &b->lock);
	g_mutex_unlock(&b->lock);
}

/* Hands `t` to the pool; a page or two per processor in flight at most, so a long document's
 * pixels are never all in memory at once. */
static void
batch_push(batch *b, encode_task *t)
{
	batch_wait(b, 2 * g_get_num_processors());
	g_mutex_lock(&b->lock);
	b->pending++;
	g_mutex_unlock(&b->lock);
	if (!g_thread_pool_push(encoders(), t, NULL))
		encode_page(t, NULL); /* no thread to be had: here, then */
}

pb_proof_rec *
pb_proofs_make(const char *outdir, const pb_doc *doc, const char *pdf, const char *frames, guint px,
	       const GPtrArray *findings, pb_loc *failed_at, GError **error)
{
	pb_proof_rec *rec = rec_new(pdf, frames, px);
	batch b;
	batch_init(&b);
	g_autofree gboolean *placed = g_new0(gboolean, findings->len + 1);
	pb_matrix id = pb_matrix_identity();
	for (guint p = 0; p < doc->pages->len; p++) {
		const pb_page *page = doc->pages->pdata[p];
		g_autoptr(GPtrArray) items = NULL; /* asked for when a finding may be on it */
		pb_proof_page_rec *pr = page_rec_new();
		g_ptr_array_add(rec->pages, pr);
		g_autoptr(GArray) marks = g_array_new(FALSE, FALSE, sizeof(pb_proof_mark));
		double W = page->width + 2 * page->bleed, H = page->height + 2 * page->bleed;
		for (guint i = 0; i < findings->len; i++) {
			const pb_diag *d = findings->pdata[i];
			finder f = {d->loc, {0}, FALSE};
			if (d->loc.line && !items)
				items = pb_page_items(page);
			if (d->loc.line)
				pb_frame_walk(items, &id, find_loc, &f);
			if (!f.found)
				continue;
			placed[i] = TRUE;
			g_array_append_val(pr->findings, i);
			pb_proof_mark mk = {{f.box[0], f.box[1], f.box[2], f.box[3]}, d->severity};
			g_array_append_val(marks, mk);
			pb_proof_spot sp = {i,
					    {100 * (f.box[0] + page->bleed) / W,
					     100 * (f.box[1] + page->bleed) / H,
					     100 * (f.box[2] + page->bleed) / W,
					     100 * (f.box[3] + page->bleed) / H}};
			g_array_append_val(pr->spots, sp);
		}
		pb_proof_raster *raster = pb_render_proof(doc, p, px, marks, failed_at, error);
		if (!raster) {
			batch_wait(&b, 0);
			g_clear_error(&b.error);
			batch_clear(&b);
			pb_proof_rec_free(rec);
			return NULL;
		}
		pr->png = proof_name(pdf, p + 1, ".png");
		pr->thumb = proof_name(pdf, p + 1, ".thumb.png");
		encode_task *t = g_new0(encode_task, 1);
		t->b = &b;
		t->raster = raster;
		t->pr = pr;
		t->png = g_build_filename(outdir, "proof", pr->png, NULL);
		t->thumb = g_build_filename(outdir, "proof", pr->thumb, NULL);
		batch_push(&b, t);
	}
	batch_wait(&b, 0);
	if (b.error) {
		g_propagate_error(error, b.error);
		b.error = NULL;
		batch_clear(&b);
		pb_proof_rec_free(rec);
		return NULL;
	}
	batch_clear(&b);
	/* a finding on no page of its own is shown beside the first */
	if (rec->pages->len)
		for (guint i = 0; i < findings->len; i++)
			if (!placed[i])
				g_array_append_val(
				    ((pb_proof_page_rec *)rec->pages->pdata[0])->findings, i);
	return rec;
}

gboolean
pb_proofs_current(const char *outdir, const pb_proof_rec *prev, const char *frames, guint px)
{
	if (!prev || g_strcmp0(prev->frames, frames) || prev->px != px || !prev->pages->len)
		return FALSE;
	for (guint i = 0; i < prev->pages->len; i++) {
		const pb_proof_page_rec *p = prev->pages->pdata[i];
		g_autofree char *png = g_build_filename(outdir, "proof", p->png, NULL);
		g_autofree char *thumb = g_build_filename(outdir, "proof", p->thumb, NULL);
		if (!g_file_test(png, G_FILE_TEST_IS_REGULAR) ||
		    !g_file_test(thumb, G_FILE_TEST_IS_REGULAR))
			return FALSE;
	}
	return TRUE;
}

/* ---- proof.json --------------------------------------------------------------------------------
 */

static void
uint_array(JsonBuilder *b, const char *name, GArray *a)
{
	json_builder_set_member_name(b, name);
	json_builder_begin_array(b);
	for (guint i = 0; i < a->len; i++)
		json_builder_add_int_value(b, g_array_index(a, guint, i));
	json_builder_end_array(b);
}

static gint
by_pdf(gconstpointer a, gconstpointer b)
{
	return strcmp((*(pb_proof_rec *const *)a)->pdf, (*(pb_proof_rec *const *)b)->pdf);
}

static char *
proofs_json(GHashTable *proofs)
{
	g_autoptr(JsonBuilder) b = json_builder_new();
	json_builder_begin_object(b);
	json_builder_set_member_name(b, "files");
	json_builder_begin_array(b);
	g_autoptr(GPtrArray) recs = g_ptr_array_new();
	GHashTableIter it;
	gpointer k, v;
	g_hash_table_iter_init(&it, proofs);
	while (g_hash_table_iter_next(&it, &k, &v))
		g_ptr_array_add(recs, v);
	g_ptr_array_sort(recs, by_pdf);
	for (guint i = 0; i < recs->len; i++) {
		const pb_proof_rec *r = recs->pdata[i];
		json_builder_begin_object(b);
		pb_json_member_string(b, "pdf", r->pdf);
		pb_json_member_string(b, "frames", r->frames);
		pb_json_member_int(b, "px", r->px);
		json_builder_set_member_name(b, "pages");
		json_builder_begin_array(b);
		for (guint p = 0; p < r->pages->len; p++) {
			const pb_proof_page_rec *pg = r->pages->pdata[p];
			json_builder_begin_object(b);
			pb_json_member_string(b, "png", pg->png);
			pb_json_member_string(b, "thumb", pg->thumb);
			const guint dims[4] = {pg->width, pg->height, pg->thumb_width,
					       pg->thumb_height};
			const char *names[4] = {"width", "height", "thumb_width", "thumb_height"};
			for (int d = 0; d < 4; d++) {
				pb_json_member_int(b, names[d], dims[d]);
			}
			uint_array(b, "findings", pg->findings);
			json_builder_set_member_name(b, "spots");
			json_builder_begin_array(b);
			for (guint s = 0; s < pg->spots->len; s++) {
				const pb_proof_spot *sp =
				    &g_array_index(pg->spots, pb_proof_spot, s);
				json_builder_begin_object(b);
				pb_json_member_int(b, "finding", sp->finding);
				json_builder_set_member_name(b, "box");
				json_builder_begin_array(b);
				for (int c = 0; c < 4; c++)
					json_builder_add_double_value(b, sp->box[c]);
				json_builder_end_array(b);
				json_builder_end_object(b);
			}
			json_builder_end_array(b);
			json_builder_end_object(b);
		}
		json_builder_end_array(b);
		json_builder_end_object(b);
	}
	json_builder_end_array(b);
	json_builder_end_object(b);
	return pb_json_finish(b);
}

static void
read_uints(JsonObject *o, const char *name, GArray *out)
{
	JsonArray *a = pb_json_array(o, name);
	for (guint i = 0; a && i < json_array_get_length(a); i++) {
		guint v = (guint)pb_json_element_int(a, i);
		g_array_append_val(out, v);
	}
}

GHashTable *
pb_proofs_load(const char *outdir)
{
	GHashTable *t = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
					      (GDestroyNotify)pb_proof_rec_free);
	g_autofree char *path = g_build_filename(outdir, "proof", "proof.json", NULL);
	g_autoptr(JsonParser) parser = json_parser_new();
	if (!pb_json_load_file(parser, path, NULL)) /* what it held is drawn again */
		return t;
	JsonNode *root = json_parser_get_root(parser);
	JsonObject *top = root && JSON_NODE_HOLDS_OBJECT(root) ? json_node_get_object(root) : NULL;
	JsonArray *files = top ? pb_json_array(top, "files") : NULL;
	for (guint i = 0; files && i < json_array_get_length(files); i++) {
		JsonObject *o = pb_json_element_object(files, i);
		JsonArray *pages = o ? pb_json_array(o, "pages") : NULL;
		if (!pages || !pb_json_string(o, "pdf"))
			continue;
		pb_proof_rec *r = rec_new(pb_json_string(o, "pdf"), pb_json_string(o, "frames"),
					  (guint)pb_json_int(o, "px"));
		for (guint p = 0; p < json_array_get_length(pages); p++) {
			JsonObject *po = pb_json_element_object(pages, p);
			if (!po)
				continue;
			pb_proof_page_rec *pr = page_rec_new();
			pr->png = g_strdup(pb_json_string(po, "png"));
			pr->thumb = g_strdup(pb_json_string(po, "thumb"));
			pr->width = (guint)pb_json_int(po, "width");
			pr->height = (guint)pb_json_int(po, "height");
			pr->thumb_width = (guint)pb_json_int(po, "thumb_width");
			pr->thumb_height = (guint)pb_json_int(po, "thumb_height");
			read_uints(po, "findings", pr->findings);
			JsonArray *spots = pb_json_array(po, "spots");
			for (guint s = 0; spots && s < json_array_get_length(spots); s++) {
				JsonObject *so = pb_json_element_object(spots, s);
				JsonArray *box = so ? pb_json_array(so, "box") : NULL;
				if (!so)
					continue;
				pb_proof_spot sp = {(guint)pb_json_int(so, "finding"), {0}};
				for (guint c = 0; box && c < 4 && c < json_array_get_length(box);
				     c++)
					sp.box[c] = pb_json_element_double(box, c);
				g_array_append_val(pr->spots, sp);
			}
			if (pr->png && pr->thumb)
				g_ptr_array_add(r->pages, pr);
			else
				page_rec_free(pr);
		}
		if (r->pdf && r->frames)
			g_hash_table_replace(t, g_strdup(r->pdf), r);
		else
			pb_proof_rec_free(r);
	}
	return t;
}

/* ---- finishing ----------------------------------------------------------------------------------
 */

/* A PNG under proof/ that no kept proof names (pb_sweep_tree's test). */
static gboolean
unkept_png(const char *rel, const char *name, const char *path, gpointer kept)
{
	return g_str_has_suffix(name, ".png") && !g_hash_table_contains(kept, rel);
}

gboolean
pb_proofs_finish(const char *outdir, const pb_records *files, GHashTable *proofs,
		 const GPtrArray *general, const char *title, GError **error)
{
	/* the proofs of PDFs that are there */
	g_autoptr(GHashTable) live = g_hash_table_new(g_str_hash, g_str_equal);
	for (guint i = 0; i < files->files->len; i++) {
		const pb_record *f = files->files->pdata[i];
		if (!g_strcmp0(f->format, "pdf") && f->status != PB_FILE_REMOVED)
			g_hash_table_add(live, f->path);
	}
	GHashTableIter it;
	gpointer k, v;
	g_hash_table_iter_init(&it, proofs);
	while (g_hash_table_iter_next(&it, &k, &v))
		if (!g_hash_table_contains(live, k))
			g_hash_table_iter_remove(&it);
	g_autoptr(GHashTable) kept = g_hash_table_new(g_str_hash, g_str_equal);
	g_hash_table_iter_init(&it, proofs);
	while (g_hash_table_iter_next(&it, &k, &v)) {
		const pb_proof_rec *r = v;
		for (guint p = 0; p < r->pages->len; p++) {
			const pb_proof_page_rec *pg = r->pages->pdata[p];
			g_hash_table_add(kept, pg->png);
			g_hash_table_add(kept, pg->thumb);
		}
	}
	g_autofree char *dir = g_build_filename(outdir, "proof", NULL);
	pb_sweep_tree(dir, unkept_png, kept);
	g_autofree char *json = proofs_json(proofs);
	g_autofree char *json_path = g_build_filename(dir, "proof.json", NULL);
	if (!pb_write_record(json_path, json, strlen(json), error))
		return FALSE;
	return pb_proofs_write_index(outdir, files, proofs, general, title, error);
}
