/* job.c — one series: skip, or compose and render what changed; see job.h. */
#include "job.h"
#include "job-file.h"
#include "dump.h"
#include "hash.h"
#include "proofs.h"
#include "select.h"
#include "stops.h"

#include <glib/gstdio.h>
#include <string.h>

/* The report names at most this many changed parts of a series, then "and N more". */
#define PB_WHY_SHOWN 6

static const struct {
	pb_format bit;
	const char *ext;
} formats[] = {{PB_FORMAT_PDF, "pdf"}, {PB_FORMAT_SVG, "svg"}, {PB_FORMAT_PNG, "png"}};

pb_job *
pb_job_new(pb_job_shared *sh, const pb_output *output, const pb_composer *composer,
	   const pb_series *series, GPtrArray *only_files)
{
	pb_job *j = g_new0(pb_job, 1);
	j->sh = sh;
	j->output = output;
	j->composer = composer;
	j->series = *series;
	/* a role's family not installed would be set in whatever fontconfig has instead (Noto
	 * Sans CJK JP's glyph forms for Chinese names): the layout's findings stop its files */
	j->series.layout_file = output->layout ? output->layout->file : NULL;
	j->only_files = only_files;
	j->matched = g_ptr_array_new_with_free_func(g_free);
	j->records = g_ptr_array_new_with_free_func((GDestroyNotify)pb_record_free);
	j->notes = g_ptr_array_new_with_free_func(g_free);
	j->listed = g_ptr_array_new();
	j->proofs = g_ptr_array_new_with_free_func((GDestroyNotify)pb_proof_rec_free);
	j->diags = pb_diags_new();
	j->diags->strict = sh->checked->strict; /* --strict judges composing too */
	j->dump = sh->opt->dump_frames ? g_string_new(NULL) : NULL;
	return j;
}

void
pb_job_free(pb_job *j)
{
	if (!j)
		return;
	g_ptr_array_unref(j->only_files);
	g_ptr_array_unref(j->matched);
	g_ptr_array_unref(j->records);
	pb_series_record_free(j->series_record);
	g_ptr_array_unref(j->notes);
	g_ptr_array_unref(j->listed);
	g_ptr_array_unref(j->proofs);
	pb_diags_free(j->diags);
	if (j->dump)
		g_string_free(j->dump, TRUE);
	g_clear_error(&j->error);
	g_free(j);
}

/* ---- what the series is made from ------------------------------------------------------------ */

static pb_inputs *
series_inputs(pb_job *j, pb_fonts *fonts)
{
	const pb_manifest *m = j->sh->m;
	pb_inputs *in = pb_inputs_new(j->sh->sums);
	if (j->composer->inputs)
		j->composer->inputs(m, &j->series, in);
	else
		pb_inputs_file(in, m->file, m->file, "manifest");
	pb_hash_common(in, m, j->output, fonts, j->sh->opt->draft);
	return in;
}

static pb_series_record *
series_record_of(pb_job *j, pb_inputs *in, const char *hash)
{
	const pb_college *col = j->series.college;
	pb_series_record *s =
	    pb_series_record_new(j->output->id.s, j->series.id, col ? col->id.s : NULL);
	s->inputs = g_strdup(hash);
	const GPtrArray *parts = pb_inputs_parts(in);
	for (guint i = 0; i < parts->len; i++) {
		const pb_part *p = parts->pdata[i];
		g_hash_table_insert(s->parts, g_strdup(p->key),
				    g_strdup_printf("%s\t%s", p->hash, p->label));
	}
	for (guint i = 0; i < j->diags->items->len; i++)
		g_ptr_array_add(s->findings, pb_finding_new(j->diags->items->pdata[i]));
	return s;
}

/* What changed since the previous build's parts: the labels of the parts that differ. */
/* Adds `label` to `why` unless it is there already (two parts may read the same: a photo
 * listed twice in one college), counting it in *changed; the first PB_WHY_SHOWN are named. */
static void
say_changed(GPtrArray *why, GHashTable *said, guint *changed, char *label)
{
	if (!g_hash_table_add(said, label))
		return; /* said already (the table keeps one copy) */
	if ((*changed)++ < PB_WHY_SHOWN)
		g_ptr_array_add(why, g_strdup(label));
}

static GPtrArray *
changed_parts(const pb_series_record *prev, pb_inputs *in)
{
	GPtrArray *why = g_ptr_array_new_with_free_func(g_free);
	if (!prev) {
		g_ptr_array_add(why, g_strdup("new"));
		return why;
	}
	guint changed = 0;
	g_autoptr(GHashTable) now = g_hash_table_new(g_str_hash, g_str_equal);
	g_autoptr(GHashTable) said = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	const GPtrArray *parts = pb_inputs_parts(in);
	for (guint i = 0; i < parts->len; i++) {
		const pb_part *p = parts->pdata[i];
		g_hash_table_add(now, p->key);
		const char *was = g_hash_table_lookup(prev->parts, p->key);
		if (was && !strncmp(was, p->hash, 64))
			continue;
		say_changed(why, said, &changed,
			    was ? g_strdup(p->label) : g_strdup_printf("%s (new)", p->label));
	}
	GHashTableIter it;
	gpointer key, value;
	g_hash_table_iter_init(&it, prev->parts);
	while (g_hash_table_iter_next(&it, &key, &value)) {
		if (g_hash_table_contains(now, key))
			continue;
		const char *label = strchr(value, '\t');
		say_changed(why, said, &changed,
			    g_strdup_printf("%s (removed)", label ? label + 1 : (char *)key));
	}
	if (changed > PB_WHY_SHOWN)
		g_ptr_array_add(why, g_strdup_printf("and %u more", changed - PB_WHY_SHOWN));
	return why;
}

/* ---- the files on disk ------------------------------------------------------------------------
 */

static gboolean
selected(const pb_job *j, const char *name)
{
	return j->only_files->len == 0 ||
	       g_ptr_array_find_with_equal_func(j->only_files, name, g_str_equal, NULL);
}

static guint
proof_px(const pb_job *j)
{
	return j->composer->proof_px ? j->composer->proof_px : 1600;
}

static gboolean
format_asked(const pb_build_options *opt, const char *format)
{
	for (gsize f = 0; f < G_N_ELEMENTS(formats); f++)
		if ((opt->formats & formats[f].bit) && !g_strcmp0(format, formats[f].ext))
			return TRUE;
	return FALSE;
}

/* The check found no error, the borders' included (waited for). */
static gboolean
may_skip(pb_job *j)
{
	return j->sh->may_skip && !pb_diags_has_errors(pb_check_settle(j->sh->check));
}

void
pb_job_late_findings(pb_job *j, pb_late *late, GPtrArray *stopping, GPtrArray *concerning,
		     pb_record *r)
{
	if (!late || late->taken)
		return;
	late->taken = TRUE;
	/* a file that shows none of the photos whose borders are still being read has nothing
	 * to wait for (an honor page, a board) */
	gboolean shows = pb_check_settled(j->sh->check);
	const GPtrArray *waiting = pb_check_waiting(j->sh->check);
	for (guint i = 0; i < waiting->len && !shows; i++)
		shows = pb_stops_shows(late->stops, late->index,
				       ((const pb_honoree *)waiting->pdata[i])->photo.loc);
	if (!shows)
		return;
	const pb_diags *found = pb_check_settle(j->sh->check);
	/* even in a draft: a photo found unreadable this late probed well before, so it was
	 * drawn as itself, not as a placeholder, and its bytes are in the file */
	pb_stops_file(late->stops, late->index, found, NULL, late->series, FALSE, FALSE, stopping);
	guint before = concerning->len;
	pb_stops_file(late->stops, late->index, found, NULL, late->series, FALSE, TRUE, concerning);
	for (guint i = before; r && i < concerning->len; i++)
		g_ptr_array_add(r->findings, pb_finding_new(concerning->pdata[i]));
}

/* A series may be left alone: the same inputs, and every document it makes (as recorded when
 * it was last composed: a build with --only makes one of them) is there in every asked
 * format, written or unchanged. */
static gboolean
series_unchanged(pb_job *j, const char *hash)
{
	const pb_build_options *opt = j->sh->opt;
	const pb_series_record *prev =
	    pb_records_series(j->sh->prev, j->output->id.s, j->series.id);
	if (opt->force || opt->dry_run || opt->dump_frames || !prev ||
	    g_strcmp0(prev->inputs, hash) || !may_skip(j))
		return FALSE;
	/* per document of the series, the formats found good */
	g_autoptr(GHashTable) good = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, NULL);
	for (guint i = 0; i < j->sh->prev->files->len; i++) {
		pb_record *r = j->sh->prev->files->pdata[i];
		if (strcmp(r->output, j->output->id.s) || strcmp(r->series, j->series.id) ||
		    r->status == PB_FILE_REMOVED)
			continue;
		guint have = GPOINTER_TO_UINT(g_hash_table_lookup(good, r->name));
		/* with proofs, a PDF's proofs must show what it shows */
		if (opt->proof && !g_strcmp0(r->format, "pdf") &&
		    !pb_proofs_current(opt->outdir,
				       g_hash_table_lookup(j->sh->proofs_prev, r->path), r->frames,
				       proof_px(j)))
			return FALSE;
		/* a PNG at another --dpi is another file */
		gboolean same_dpi = strcmp(r->format, "png") || r->dpi == opt->png_dpi;
		if (format_asked(opt, r->format) && r->status != PB_FILE_STALE && same_dpi &&
		    pb_job_intact(j, r))
			for (gsize f = 0; f < G_N_ELEMENTS(formats); f++)
				if (!g_strcmp0(r->format, formats[f].ext))
					have |= formats[f].bit;
		g_hash_table_insert(good, r->name, GUINT_TO_POINTER(have | 1u << 16));
	}
	GHashTableIter it;
	gpointer name, have;
	g_hash_table_iter_init(&it, good);
	while (g_hash_table_iter_next(&it, &name, &have))
		if ((GPOINTER_TO_UINT(have) & opt->formats) != opt->formats)
			return FALSE;
	if (!prev->documents)
		return FALSE; /* not known which it makes: composed, and known from then on */
	for (guint i = 0; i < prev->documents->len; i++)
		if (!g_hash_table_contains(good, prev->documents->pdata[i]))
			return FALSE;
	return TRUE;
}

/* The unchanged series: its records of the asked formats again, as unchanged, its findings
 * replayed.  The records of the formats not asked are the merge's to carry over as they are
 * (build.c's untouched_file): this build says nothing of files it did not make. */
static void
keep_series(pb_job *j, const pb_series_record *prev)
{
	const pb_build_options *opt = j->sh->opt;
	for (guint i = 0; i < j->sh->prev->files->len; i++) {
		const pb_record *r = j->sh->prev->files->pdata[i];
		if (strcmp(r->output, j->output->id.s) || strcmp(r->series, j->series.id) ||
		    r->status == PB_FILE_REMOVED || !format_asked(opt, r->format))
			continue;
		const char *stem = r->name;
		pb_record *c = pb_record_copy(r);
		const pb_proof_rec *proof =
		    opt->proof ? g_hash_table_lookup(j->sh->proofs_prev, r->path) : NULL;
		if (proof)
			g_ptr_array_add(j->proofs, pb_proof_rec_copy(proof));
		c->status = PB_FILE_UNCHANGED;
		g_ptr_array_set_size(c->why, 0);
		if (j->only_files->len && selected(j, stem))
			g_ptr_array_add(j->matched, g_strdup(stem));
		g_ptr_array_add(j->records, c);
	}
	for (guint i = 0; i < prev->findings->len; i++) {
		const pb_finding *f = prev->findings->pdata[i];
		pb_diag_add(j->diags, pb_loc_make(f->file, f->line, f->col), f->severity, f->rule,
			    "%s", f->message);
	}
	j->series_record = pb_series_record_new(prev->output, prev->series, prev->college);
	j->series_record->inputs = g_strdup(prev->inputs);
	GHashTableIter it;
	gpointer k, v;
	g_hash_table_iter_init(&it, prev->parts);
	while (g_hash_table_iter_next(&it, &k, &v))
		g_hash_table_insert(j->series_record->parts, g_strdup(k), g_strdup(v));
	for (guint i = 0; i < prev->findings->len; i++)
		g_ptr_array_add(j->series_record->findings,
				pb_finding_copy(prev->findings->pdata[i]));
	j->series_record->documents = pb_series_documents_copy(prev->documents);
	/* in the order its composition makes them, not the order builds with --only made them */
	g_autoptr(GPtrArray) one = g_ptr_array_new();
	g_ptr_array_add(one, (gpointer)prev);
	pb_records_order(j->records, NULL, one);
}

/* The proofs of file `f` (its PDF): the previous ones when they show the same frames, else made
 * now; a stopped file gets them too, since they show what stopped it. */
static void
proof_file(pb_job *j, const pb_file *f, const char *frames, GPtrArray *concerning)
{
	const char *outdir = j->sh->opt->outdir;
	g_autofree char *pdf = g_strdup_printf("%s/%s.pdf", j->output->id.s, f->name);
	const pb_proof_rec *prev = g_hash_table_lookup(j->sh->proofs_prev, pdf);
	if (pb_proofs_current(outdir, prev, frames, proof_px(j))) {
		g_ptr_array_add(j->proofs, pb_proof_rec_copy(prev));
		return;
	}
	pb_loc at = {0};
	pb_proof_rec *rec =
	    pb_proofs_make(outdir, f->doc, pdf, frames, proof_px(j), concerning, &at, &j->error);
	if (rec)
		g_ptr_array_add(j->proofs, rec);
	else
		pb_job_render_failed(j, at, pdf, &j->error);
}

/* Every asked format of file `f`. */
static void
all_formats(pb_job *j, pb_file *f, const char *hash, const char *salt, GPtrArray *stopping,
	    GPtrArray *concerning, GPtrArray *why, pb_late *late)
{
	const pb_build_options *opt = j->sh->opt;
	for (gsize k = 0; k < G_N_ELEMENTS(formats) && !j->error; k++) {
		if (!(opt->formats & formats[k].bit))
			continue;
		const char *ext = formats[k].ext;
		g_autofree char *key_salt =
		    g_strdup_printf("%s %s %g", salt, ext, strcmp(ext, "png") ? 0.0 : opt->png_dpi);
		g_autofree char *frames = pb_hash_frames(f->doc, key_salt, j->sh->sums, j->digests);
		/* the PDF's /ID: what it shows, not a hash of its bytes (set for the PDF alone: its
		 * pass may still be reading it while the other formats are drawn) */
		if (!strcmp(ext, "pdf")) {
			g_free(f->doc->id);
			f->doc->id = g_strndup(frames, 32);
		}
		guint pages = strcmp(ext, "pdf") ? f->doc->pages->len : 1;
		for (guint p = 0; p < pages && !j->error; p++)
			pb_job_file(j, f, p, ext, hash, frames, stopping, concerning, why, late);
		if (opt->proof && !strcmp(ext, "pdf") && !j->error)
			proof_file(j, f, frames, concerning);
	}
}

/* "name\x1fformat": a document in one format. */
static char *
document_format(const pb_record *r)
{
	return g_strconcat(r->name, "\x1f", r->format, NULL);
}

/* Records and removes the files of the series' previous build that it no longer makes: a
 * document it no longer makes (fewer boards than last time), or the SVG or PNG of a page past
 * the end of a document made again in that format (a roster cut from 17 cards to 9: an old
 * insert-17.png, or a third sheet, could otherwise be printed; or roll.png, when the roll of
 * one page has two: roll-1.png and roll-2.png now). */
static void
remove_unmade(pb_job *j, GPtrArray *files)
{
	g_autoptr(GHashTable) made = g_hash_table_new(g_str_hash, g_str_equal); /* name -> pages */
	for (guint i = 0; i < files->len; i++) {
		const pb_file *f = files->pdata[i];
		g_hash_table_insert(made, f->name, GUINT_TO_POINTER(f->doc->pages->len));
	}
	/* this build's files, and the documents it made in a format (written, or found current) */
	g_autoptr(GHashTable) paths = g_hash_table_new(g_str_hash, g_str_equal);
	g_autoptr(GHashTable) done = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	for (guint i = 0; i < j->records->len; i++) {
		const pb_record *r = j->records->pdata[i];
		g_hash_table_add(paths, r->path);
		if (r->status == PB_FILE_WRITTEN || r->status == PB_FILE_UNCHANGED)
			g_hash_table_add(done, document_format(r));
	}
	for (guint i = 0; i < j->sh->prev->files->len; i++) {
		const pb_record *r = j->sh->prev->files->pdata[i];
		if (strcmp(r->output, j->output->id.s) || strcmp(r->series, j->series.id) ||
		    r->status == PB_FILE_REMOVED)
			continue;
		g_autofree char *doc = document_format(r);
		gboolean page_gone = g_hash_table_contains(made, r->name) &&
				     !g_hash_table_contains(paths, r->path) &&
				     g_hash_table_contains(done, doc);
		if (g_hash_table_contains(made, r->name) && !page_gone)
			continue;
		pb_record *c = pb_record_copy(r);
		c->status = PB_FILE_REMOVED;
		g_ptr_array_set_size(c->why, 0);
		guint pages = GPOINTER_TO_UINT(g_hash_table_lookup(made, r->name));
		if (page_gone) /* fewer pages, or one page where there were more: named otherwise */
			g_ptr_array_add(c->why, g_strdup_printf("%s has %u page%s now", r->name,
								pages, pages == 1 ? "" : "s"));
		else
			g_ptr_array_add(c->why, g_strdup_printf("%s/%s makes %u file%s now",
								r->output, r->series, files->len,
								files->len == 1 ? "" : "s"));
		g_autofree char *p = pb_job_disk_path(j, r->path);
		g_unlink(p);
		memset(&c->file, 0, sizeof c->file);
		g_ptr_array_add(j->records, c);
	}
}

/* ---- the job --------------------------------------------------------------------------------- */

static void
compose_series(pb_job *j, pb_fonts *fonts, pb_inputs *in, const char *hash)
{
	const pb_build_options *opt = j->sh->opt;
	const char *out_id = j->output->id.s;
	g_autoptr(pb_text_cache) texts = pb_text_cache_new();
	pb_compose c = {.m = j->sh->m,
			.output = j->output,
			.layout = j->output->layout,
			.fonts = fonts,
			.texts = texts,
			.images = j->sh->check->registry,
			.draft = opt->draft,
			.diags = j->diags};
	g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func((GDestroyNotify)pb_file_free);
	j->composer->compose(&c, &j->series, files);
	for (guint i = 0; i < files->len; i++) {
		pb_file *f = files->pdata[i];
		g_assert(pb_select_name_of_series(f->name, j->series.id));
		g_autofree char *label = g_strdup_printf("%s/%s.pdf", out_id, f->name);
		pb_compose_finish(&c, f->doc, label);
	}
	const pb_series_record *prev = pb_records_series(j->sh->prev, out_id, j->series.id);
	g_autoptr(GPtrArray) why = changed_parts(prev, in);
	if (opt->force && prev) {
		g_ptr_array_set_size(why, 0);
		g_ptr_array_add(why, g_strdup("--force"));
	}
	/* the fonts part, in every file's frame hash: a new font file is new bytes */
	const char *fonts_hash = "";
	const GPtrArray *parts = pb_inputs_parts(in);
	for (guint i = 0; i < parts->len; i++)
		if (!strcmp(((pb_part *)parts->pdata[i])->key, "fonts"))
			fonts_hash = ((pb_part *)parts->pdata[i])->hash;
	g_autofree char *salt = g_strdup_printf("paiban %s %s", PB_VERSION, fonts_hash);
	g_autoptr(pb_stops) stops = pb_stops_new(files);
	j->digests = pb_frame_digests_new(); /* the files' shared arrays, hashed once for all */
	if (!opt->dry_run) {
		/* The series' PDFs share one template where they can: all of them, selected or
		 * not, so that a file's bytes do not depend on what else is built with it. */
		g_autoptr(GPtrArray) docs = g_ptr_array_new();
		for (guint i = 0; i < files->len; i++)
			g_ptr_array_add(docs, ((pb_file *)files->pdata[i])->doc);
		j->family = pb_pdf_family_new(docs);
	}
	for (guint i = 0; i < files->len && !j->error && !pb_build_cancelled(); i++) {
		pb_file *f = files->pdata[i];
		if (!selected(j, f->name))
			continue;
		if (j->only_files->len)
			g_ptr_array_add(j->matched, g_strdup(f->name));
		if (j->dump) {
			g_autofree char *text = pb_dump_doc(f->doc, fonts);
			g_string_append_printf(j->dump, "document %s/%s\n%s", out_id, f->name,
					       text);
		}
		g_autoptr(GPtrArray) stopping = g_ptr_array_new();
		pb_stops_file(stops, i, j->sh->checked, j->diags, &j->series, opt->draft, FALSE,
			      stopping);
		if (opt->dry_run) {
			if (opt->jobs_list) {
				pb_job_entry *e = g_new0(pb_job_entry, 1);
				e->selector = g_strdup_printf("%s/%s", out_id, f->name);
				e->path = g_strdup_printf("%s/%s.pdf", out_id, f->name);
				e->output = g_strdup(out_id);
				e->series = g_strdup(j->series.id);
				e->inputs = g_strdup(hash);
				g_ptr_array_add(j->listed, e);
			}
			continue;
		}
		g_autoptr(GPtrArray) concerning = g_ptr_array_new();
		pb_stops_file(stops, i, j->sh->checked, j->diags, &j->series, opt->draft, TRUE,
			      concerning);
		/* the borders' findings now if they are made, else once the file is drawn */
		pb_late late = {stops, i, &j->series, FALSE};
		if (pb_check_settled(j->sh->check))
			pb_job_late_findings(j, &late, stopping, concerning, NULL);
		all_formats(j, f, hash, salt, stopping, concerning, why, &late);
	}
	pb_job_finish_files(j); /* before the documents go, and before anything reads the records */
	g_clear_pointer(&j->family, pb_pdf_family_free);
	g_clear_pointer(&j->digests, pb_frame_digests_free);
	if (!opt->dry_run && !j->error && !pb_build_cancelled())
		remove_unmade(j, files);
	if (files->len == 0 && j->composer->empty)
		g_ptr_array_add(j->notes, g_strdup_printf("%s/%s: %s", out_id, j->series.id,
							  j->composer->empty));
	j->series_record = series_record_of(j, in, hash);
	j->series_record->documents = g_ptr_array_new_with_free_func(g_free);
	for (guint i = 0; i < files->len; i++)
		g_ptr_array_add(j->series_record->documents,
				g_strdup(((const pb_file *)files->pdata[i])->name));
	/* The documents hold fonts of this worker's font map: freed before another worker may
	 * take the map (the caller pushes it back after this returns). */
	g_clear_pointer(&files, g_ptr_array_unref);
}

void
pb_job_run(gpointer data, gpointer unused)
{
	pb_job *j = data;
	pb_job_shared *sh = j->sh;
	if (!pb_build_cancelled()) {
		pb_fonts *fonts = g_async_queue_pop(sh->fonts);
		g_autoptr(pb_inputs) in = series_inputs(j, fonts);
		g_autofree char *hash = pb_inputs_hash(in);
		if (series_unchanged(j, hash))
			keep_series(j, pb_records_series(sh->prev, j->output->id.s, j->series.id));
		else
			compose_series(j, fonts, in, hash);
		g_async_queue_push(sh->fonts, fonts);
	}
	if (sh->opt->progress) {
		g_mutex_lock(&sh->progress_lock);
		g_autofree char *what = g_strdup_printf("%s/%s", j->output->id.s, j->series.id);
		sh->opt->progress(++sh->done, sh->total, what, sh->opt->progress_data);
		g_mutex_unlock(&sh->progress_lock);
	}
}
