/* build.c — the build: load -> check -> jobs over the composer table -> records; see build.h.
 *
 * This file knows no kind of output.  It asks the composer table (compose/composer.h) for the
 * series of every output, runs one job (job.c) per wanted series on a GLib thread pool, and
 * merges what the jobs did into OUTDIR/build.json and OUTDIR/print-order.csv (records.c): the
 * jobs' files, the previous records of series this build did not touch, and the removal of
 * files whose series the manifest no longer makes, judged from the previous records, never by
 * guessing names.  Before anything, temporaries an interrupted build left are swept away.
 */
#include "build.h"
#include "job.h"
#include "proofs.h"
#include "select.h"
#include "base/writer.h"
#include "compose/composer.h"
#include "load/manifest.h"
#include "text/fonts.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <sys/stat.h>
#include <string.h>

/* ---- interrupts ----------------------------------------------------------------------------- */

static volatile sig_atomic_t interrupted;

static void
on_signal(int sig)
{
	interrupted = sig;
}

gboolean
pb_build_cancelled(void)
{
	return interrupted != 0;
}

void
pb_build_catch_signals(void)
{
	struct sigaction sa = {0};
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	pb_writer_set_cancel(pb_build_cancelled);
}

/* ---- the jobs ------------------------------------------------------------------------------- */

/* The jobs of every wanted output, in the order of the outputs and the composer table; outputs
 * no composer makes are noted in `r`.  Selectors that reached a series leave `unmatched`. */
static GPtrArray *
make_jobs(pb_job_shared *sh, pb_build_result *r, GHashTable *unmatched)
{
	const pb_build_options *opt = sh->opt;
	const pb_manifest *m = sh->m;
	GPtrArray *jobs = g_ptr_array_new_with_free_func((GDestroyNotify)pb_job_free);
	for (guint i = 0; i < m->outputs->len; i++) {
		const pb_output *o = m->outputs->pdata[i];
		gboolean made = FALSE;
		for (const pb_composer *k = pb_composers; k->compose; k++) {
			if (k->kind != o->kind)
				continue;
			made = TRUE;
			g_autoptr(GArray) series = g_array_new(FALSE, FALSE, sizeof(pb_series));
			k->series(m, o, series);
			for (guint s = 0; s < series->len; s++) {
				const pb_series *se = &g_array_index(series, pb_series, s);
				GPtrArray *files = g_ptr_array_new_with_free_func(g_free);
				if (!o->layout ||
				    !pb_select_series(opt->only, o->id.s, se->id, files)) {
					g_ptr_array_unref(files);
					continue;
				}
				g_autofree char *full = g_strdup_printf("%s/%s", o->id.s, se->id);
				g_hash_table_remove(unmatched, o->id.s);
				g_hash_table_remove(unmatched, full);
				/* a FILE selector is matched here if its series may make it;
				 * whether it does is known once the series is composed */
				for (guint f = 0; f < files->len; f++) {
					g_autofree char *sel = g_strdup_printf(
					    "%s/%s", o->id.s, (char *)files->pdata[f]);
					g_hash_table_remove(unmatched, sel);
				}
				g_ptr_array_add(jobs, pb_job_new(sh, o, k, se, files));
			}
		}
		if (!made && o->layout &&
		    (!opt->only || g_strv_contains((const char *const *)opt->only, o->id.s))) {
			g_hash_table_remove(unmatched, o->id.s);
			g_ptr_array_add(r->notes,
					g_strdup_printf("%s: no composer for kind '%s' yet",
							o->id.s, pb_kind_key(o->kind)));
		}
	}
	return jobs;
}

/* Runs the jobs on `workers` threads, one font service each (loading fonts is not for many
 * threads, and a Pango context serves one thread at a time). */
static gboolean
run_jobs(pb_job_shared *sh, GPtrArray *jobs, pb_fonts **fonts, const char *font_dir, guint workers,
	 GError **error)
{
	sh->fonts = g_async_queue_new();
	gboolean ok = TRUE;
	for (guint w = 0; w < workers && ok; w++) {
		pb_fonts *f = w == 0 ? g_steal_pointer(fonts) : pb_fonts_new(font_dir, error);
		if (f)
			g_async_queue_push(sh->fonts, f);
		ok = f != NULL;
	}
	sh->total = jobs->len;
	if (ok && workers == 1) {
		for (guint i = 0; i < jobs->len; i++)
			pb_job_run(jobs->pdata[i], NULL);
	} else if (ok) {
		GThreadPool *pool = g_thread_pool_new(pb_job_run, NULL, (gint)workers, TRUE, NULL);
		for (guint i = 0; i < jobs->len; i++)
			g_thread_pool_push(pool, jobs->pdata[i], NULL);
		g_thread_pool_free(pool, FALSE, TRUE); /* waits for every job */
	}
	pb_fonts *f;
	while ((f = g_async_queue_try_pop(sh->fonts)))
		pb_fonts_free(f);
	g_clear_pointer(&sh->fonts, g_async_queue_unref);
	return ok;
}

/* ---- the records ------------------------------------------------------------------------------
 */

/* Every (output, series) the manifest makes, whatever --only says: what the previous records
 * are judged against; each with its rank + 1, the order a whole build makes them in. */
static GHashTable *
all_series(const pb_manifest *m)
{
	GHashTable *set = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	for (guint i = 0; i < m->outputs->len; i++) {
		const pb_output *o = m->outputs->pdata[i];
		for (const pb_composer *k = pb_composers; k->compose; k++) {
			if (k->kind != o->kind)
				continue;
			g_autoptr(GArray) series = g_array_new(FALSE, FALSE, sizeof(pb_series));
			k->series(m, o, series);
			for (guint s = 0; s < series->len; s++)
				g_hash_table_insert(
				    set,
				    g_strdup_printf("%s/%s", o->id.s,
						    g_array_index(series, pb_series, s).id),
				    GUINT_TO_POINTER(g_hash_table_size(set) + 1));
		}
	}
	return set;
}

static gboolean
has_college(const pb_manifest *m, const char *id)
{
	for (guint i = 0; id && i < m->colleges->len; i++)
		if (!g_strcmp0(((pb_college *)m->colleges->pdata[i])->id.s, id))
			return TRUE;
	return FALSE;
}

/* Why a recorded file's series is gone, in the report's words. */
static char *
gone_because(const pb_manifest *m, const pb_record *f)
{
	gboolean output = FALSE;
	for (guint i = 0; i < m->outputs->len; i++)
		output |= !g_strcmp0(((pb_output *)m->outputs->pdata[i])->id.s, f->output);
	if (!output)
		return g_strdup_printf("output %s is no longer in the manifest", f->output);
	if (f->college && !has_college(m, f->college))
		return g_strdup_printf("college %s is no longer in the manifest", f->college);
	return g_strdup_printf("%s/%s is no longer made", f->output, f->series);
}

/* A recorded file of a series a job ran that the job did not make (another file of the series
 * was asked with --only, or an interrupt came first): it is still on disk, and stays in the
 * records; as stale when made from other inputs than the series' now, so that the next build
 * makes it again rather than take the series for done.  NULL when the job made it. */
static pb_record *
untouched_file(GPtrArray *jobs, const pb_record *f)
{
	for (guint i = 0; i < jobs->len; i++) {
		const pb_job *j = jobs->pdata[i];
		if (!j->series_record || strcmp(j->output->id.s, f->output) ||
		    strcmp(j->series.id, f->series))
			continue;
		for (guint k = 0; k < j->records->len; k++)
			if (!strcmp(((const pb_record *)j->records->pdata[k])->path, f->path))
				return NULL;
		pb_record *kept = pb_record_copy(f);
		if (g_strcmp0(f->inputs, j->series_record->inputs)) {
			kept->status = PB_FILE_STALE;
			g_ptr_array_set_size(kept->why, 0);
			g_ptr_array_add(
			    kept->why,
			    g_strdup("not made again by this build; the previous file is "
				     "kept, made from earlier inputs"));
		}
		return kept;
	}
	return NULL;
}

/* The records after this build: for every series of the manifest in order, the job's records
 * when a job ran it, else the current records of it (carried over); then the removals.  `cur`
 * is build.json as it is now (re-read under the lock: another build may have written it). */
static pb_records *
merge(const pb_job_shared *sh, GPtrArray *jobs, const pb_records *cur, GPtrArray *removed)
{
	const pb_manifest *m = sh->m;
	pb_records *out = pb_records_new();
	g_autoptr(GHashTable) defined = all_series(m);
	g_autoptr(GHashTable) done = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	for (guint i = 0; i < jobs->len; i++) {
		pb_job *j = jobs->pdata[i];
		if (!j->series_record)
			continue; /* interrupted before it ran */
		g_hash_table_add(done, g_strdup_printf("%s/%s", j->output->id.s, j->series.id));
		for (guint k = 0; k < j->records->len; k++) {
			const pb_record *f = j->records->pdata[k];
			if (f->status != PB_FILE_REMOVED)
				g_ptr_array_add(out->files, pb_record_copy(f));
			else
				g_ptr_array_add(removed, pb_record_copy(f));
		}
		g_ptr_array_add(out->series, pb_series_record_copy(j->series_record));
	}
	for (guint i = 0; i < cur->files->len; i++) {
		const pb_record *f = cur->files->pdata[i];
		g_autofree char *key = g_strdup_printf("%s/%s", f->output, f->series);
		if (f->status == PB_FILE_REMOVED)
			continue;
		if (g_hash_table_contains(done, key)) {
			pb_record *kept = untouched_file(jobs, f);
			if (kept)
				g_ptr_array_add(out->files, kept);
			continue;
		}
		if (g_hash_table_contains(defined, key) || sh->opt->dry_run) {
			g_ptr_array_add(out->files, pb_record_copy(f));
			continue;
		}
		/* the manifest no longer makes it: removed, and said why */
		pb_record *gone = pb_record_copy(f);
		gone->status = PB_FILE_REMOVED;
		g_ptr_array_set_size(gone->why, 0);
		g_ptr_array_add(gone->why, gone_because(m, f));
		g_autofree char *p = g_build_filename(sh->opt->outdir, f->path, NULL);
		g_unlink(p);
		memset(&gone->file, 0, sizeof gone->file);
		g_ptr_array_add(removed, gone);
	}
	for (guint i = 0; i < cur->series->len; i++) {
		const pb_series_record *s = cur->series->pdata[i];
		g_autofree char *key = g_strdup_printf("%s/%s", s->output, s->series);
		if (g_hash_table_contains(done, key) || !g_hash_table_contains(defined, key))
			continue;
		g_ptr_array_add(out->series, pb_series_record_copy(s));
	}
	/* in the order of one whole build, whichever builds made the files and in what order */
	pb_records_order(out->files, defined, out->series);
	/* the sources: what was known, and what this build read.  A known one that is no longer
	 * there goes: a photo renamed or deleted, or a path recorded from another folder than
	 * this build's (keys are paths as opened) would otherwise stay in build.json for good.
	 * One that is there stays, though this build did not read it: another build into this
	 * folder, with another --only, may still need its sum. */
	g_autoptr(GPtrArray) read = pb_filesums_paths(sh->sums);
	for (guint i = 0; i < read->len; i++) {
		pb_filestat now;
		if (pb_filesums_lookup(sh->sums, read->pdata[i], &now))
			g_hash_table_insert(out->sources, g_strdup(read->pdata[i]),
					    g_memdup2(&now, sizeof now));
	}
	GHashTableIter it;
	gpointer path, st;
	g_hash_table_iter_init(&it, cur->sources);
	while (g_hash_table_iter_next(&it, &path, &st)) {
		GStatBuf now;
		if (g_hash_table_contains(out->sources, path) || g_stat(path, &now) != 0 ||
		    !S_ISREG(now.st_mode))
			continue; /* read by this build, or gone */
		g_hash_table_insert(out->sources, g_strdup(path),
				    g_memdup2(st, sizeof(pb_filestat)));
	}
	return out;
}

/* Writes the records under the lock: build.json as it is now (another build into the same
 * folder may have written it since this one started), merged with this build's.  The merged
 * records go to *merged_out (may be NULL). */
static gboolean
save_records(pb_job_shared *sh, GPtrArray *jobs, pb_build_result *r, pb_records **merged_out,
	     GError **error)
{
	int lock = pb_records_lock(sh->opt->outdir, error);
	if (lock < 0)
		return FALSE;
	/* build.json as it is now: as the run read it, unless another build has written it since
	 * (a new file, under a new inode: parsing a 1,000-honoree roll's again cost 20 ms) */
	g_autofree char *json = g_build_filename(sh->opt->outdir, "build.json", NULL);
	pb_filestat now;
	gboolean same = sh->prev_stat_ok && pb_filestat_of(json, &now) &&
			pb_filestat_same(&now, &sh->prev_stat);
	g_autoptr(pb_records) reread = same ? NULL : pb_records_load(sh->opt->outdir, NULL);
	const pb_records *cur = same ? sh->prev : reread;
	g_autoptr(GPtrArray) removed =
	    g_ptr_array_new_with_free_func((GDestroyNotify)pb_record_free);
	g_autoptr(pb_records) merged = merge(sh, jobs, cur, removed);
	/* removed files are recorded once, in the build that removed them */
	for (guint i = 0; i < removed->len; i++)
		g_ptr_array_add(merged->files, pb_record_copy(removed->pdata[i]));
	gboolean ok = pb_records_save(merged, sh->opt->outdir, error);
	pb_records_unlock(lock);
	/* the report: this build's files, then what it removed */
	for (guint i = 0; i < jobs->len; i++) {
		pb_job *j = jobs->pdata[i];
		for (guint k = 0; k < j->records->len; k++) {
			const pb_record *f = j->records->pdata[k];
			if (f->status != PB_FILE_REMOVED)
				g_ptr_array_add(r->records, pb_record_copy(f));
		}
	}
	for (guint i = 0; i < removed->len; i++)
		g_ptr_array_add(r->records, pb_record_copy(removed->pdata[i]));
	if (merged_out)
		*merged_out = g_steal_pointer(&merged);
	return ok;
}

static gboolean
same_finding(const pb_diag *d, const pb_finding *f)
{
	return d->loc.line == f->line && d->loc.col == f->col && !g_strcmp0(d->loc.file, f->file) &&
	       !g_strcmp0(d->rule, f->rule) && !g_strcmp0(d->message, f->message);
}

/* The contact sheet: the proofs the jobs made or kept, over the previous ones, and the
 * findings of the run that concern no file. */
static gboolean
finish_proofs(pb_job_shared *sh, GPtrArray *jobs, const pb_records *merged, const pb_diags *diags,
	      GError **error)
{
	GHashTable *proofs = sh->proofs_prev;
	for (guint i = 0; i < jobs->len; i++) {
		pb_job *j = jobs->pdata[i];
		for (guint k = 0; k < j->proofs->len; k++) {
			pb_proof_rec *p = j->proofs->pdata[k];
			g_hash_table_replace(proofs, g_strdup(p->pdf), pb_proof_rec_copy(p));
		}
	}
	g_autoptr(GPtrArray) general = g_ptr_array_new();
	for (guint i = 0; i < diags->items->len; i++) {
		const pb_diag *d = diags->items->pdata[i];
		gboolean placed = FALSE;
		for (guint f = 0; f < merged->files->len && !placed; f++) {
			const pb_record *rec = merged->files->pdata[f];
			for (guint k = 0; k < rec->findings->len && !placed; k++)
				placed = same_finding(d, rec->findings->pdata[k]);
		}
		if (!placed)
			g_ptr_array_add(general, (gpointer)d);
	}
	const pb_event *e = &sh->m->event;
	g_autofree char *title = g_strdup_printf("%s %s", e->school.s ? e->school.s : "",
						 e->edition.s ? e->edition.s : "");
	return pb_proofs_finish(sh->opt->outdir, merged, proofs, general, g_strstrip(title), error);
}

/* ---- the run --------------------------------------------------------------------------------- */

static void
job_entry_free(gpointer p)
{
	pb_job_entry *e = p;
	g_free(e->selector);
	g_free(e->path);
	g_free(e->output);
	g_free(e->series);
	g_free(e->inputs);
	g_free(e);
}

/* A FILE selector whose series was composed but made no such file names nothing. */
static gboolean
check_file_selectors(GPtrArray *jobs, const char *example, GError **error)
{
	for (guint i = 0; i < jobs->len; i++) {
		pb_job *j = jobs->pdata[i];
		for (guint k = 0; k < j->only_files->len; k++) {
			const char *name = j->only_files->pdata[k];
			gboolean made = FALSE;
			for (guint o = 0; o < jobs->len && !made; o++) {
				pb_job *other = jobs->pdata[o];
				made = other->output == j->output &&
				       g_ptr_array_find_with_equal_func(other->matched, name,
									g_str_equal, NULL);
			}
			if (!made && j->series_record) {
				g_autofree char *full =
				    g_strdup_printf("%s/%s", j->output->id.s, name);
				return pb_select_error(full, example, error);
			}
		}
	}
	return TRUE;
}

/* The check's late findings (the ID photos' borders, read while the jobs run) into the build's
 * list, once settled; again later, nothing is left to move. */
typedef struct late_check {
	pb_check_result *check;
	pb_diags *diags;
} late_check;

static void
take_late(late_check *l)
{
	if (!l->check)
		return;
	pb_check_take_late(l->check, l->diags);
}

/* An honor roll is among what this run builds (--only OUTPUT, OUTPUT/SERIES or OUTPUT/FILE of
 * one, or no --only): its input hash then reads every ID photo's bytes, which the check's
 * border reads may hash on their way; else they leave the photos' bytes alone. */
static gboolean
roll_wanted(const pb_build_options *opt, const pb_manifest *m)
{
	for (guint i = 0; i < m->outputs->len; i++) {
		const pb_output *o = m->outputs->pdata[i];
		if (o->kind != PB_KIND_HONOR_ROLL || !o->id.s)
			continue;
		if (!opt->only)
			return TRUE;
		gsize n = strlen(o->id.s);
		for (char **e = opt->only; *e; e++)
			if (!strncmp(*e, o->id.s, n) && ((*e)[n] == '\0' || (*e)[n] == '/'))
				return TRUE;
	}
	return FALSE;
}

/* build.json, read on a thread of its own while the manifest is read: each is parsed into a
 * tree, and a 1,000-honoree roll's records take about as long as its manifest (20 ms). */
typedef struct records_read {
	const char *outdir;
	GThread *thread;
	pb_filestat stat; /* taken before it is read: a build.json written after is another file */
	gboolean stat_ok;
	pb_records *records;
	char *note;
} records_read;

static gpointer
read_records(gpointer data)
{
	records_read *rr = data;
	g_autofree char *json = g_build_filename(rr->outdir, "build.json", NULL);
	rr->stat_ok = pb_filestat_of(json, &rr->stat);
	rr->records = pb_records_load(rr->outdir, &rr->note);
	return NULL;
}

/* Waits for the records (any way out of build_run); they stay in rr until taken. */
static void
records_read_join(records_read *rr)
{
	if (rr->thread)
		g_thread_join(g_steal_pointer(&rr->thread));
}

static void
records_read_clear(records_read *rr)
{
	records_read_join(rr);
	g_clear_pointer(&rr->records, pb_records_free);
	g_clear_pointer(&rr->note, g_free);
}

static gboolean
build_run(const pb_build_options *opt, pb_diags *diags, pb_build_result *r, GError **error)
{
	/* check records nothing: it reads no build.json */
	__attribute__((cleanup(records_read_clear))) records_read rr = {.outdir = opt->outdir};
	if (!opt->dry_run)
		rr.thread = g_thread_new("build.json", read_records, &rr);
	r->records = g_ptr_array_new_with_free_func((GDestroyNotify)pb_record_free);
	r->notes = g_ptr_array_new_with_free_func(g_free);
	r->jobs = g_ptr_array_new_with_free_func(job_entry_free);
	r->sources = g_ptr_array_new_with_free_func(g_free);
	g_ptr_array_add(r->sources, g_strdup(opt->manifest));
	g_autoptr(pb_manifest) m = pb_manifest_load(opt->manifest, diags, error);
	if (!m && error && *error)
		g_prefix_error(error, "cannot read manifest '%s': ", opt->manifest);
	if (!m)
		return error == NULL || *error == NULL;
	for (guint i = 0; i < m->outputs->len; i++) {
		const pb_output *o = m->outputs->pdata[i];
		if (o->layout)
			g_ptr_array_add(r->sources, g_strdup(o->layout->file));
	}
	/* A manifest with errors of its own is checked (so that one run reports everything) but
	 * builds nothing: what failed to load is missing from the model. */
	gboolean broken = pb_diags_has_errors(diags);

	/* What the previous build recorded, after sweeping what an interrupted one left: known
	 * before the check starts, whose border reads hash the ID photos on the way. */
	g_autoptr(pb_records) prev = NULL;
	/* check records nothing and --jobs-list alone publishes input hashes: a plain check
	 * needs no photo's bytes */
	g_autoptr(pb_filesums) sums =
	    opt->dry_run && !opt->jobs_list ? pb_filesums_new_stat_only() : pb_filesums_new();
	if (!opt->dry_run && !broken) {
		pb_writer_sweep(opt->outdir);
		records_read_join(&rr);
		prev = g_steal_pointer(&rr.records);
		if (rr.note)
			pb_diag_add(diags, pb_loc_make(opt->outdir, 0, 0), PB_SEV_NOTE,
				    "build.json", "%s", rr.note);
		GHashTableIter it;
		gpointer path, st;
		g_hash_table_iter_init(&it, prev->sources);
		while (g_hash_table_iter_next(&it, &path, &st))
			pb_filesums_know(sums, path, st);
	} else {
		prev = pb_records_new();
	}
	r->check = pb_check_begin(m, diags, !broken && roll_wanted(opt, m) ? sums : NULL);
	/* declared after the manifest and the sums, so settled before they go, whatever the way
	 * out */
	__attribute__((cleanup(take_late))) late_check late = {r->check, diags};
	g_autofree char *font_dir = g_build_filename(m->dir, "fonts", NULL);
	g_autoptr(pb_fonts) fonts = pb_fonts_new(font_dir, error);
	if (!fonts)
		return FALSE;
	/* A misspelt family is one error at the layout's line, before anything is set in it. */
	g_autoptr(GHashTable) layouts_seen = g_hash_table_new(NULL, NULL);
	for (guint i = 0; i < m->outputs->len; i++) {
		const pb_output *o = m->outputs->pdata[i];
		if (o->layout && g_hash_table_add(layouts_seen, o->layout))
			pb_compose_check_fonts(fonts, o->layout, diags);
	}
	if (broken)
		return TRUE;

	g_autoptr(GHashTable) proofs_prev = opt->proof && !opt->dry_run
						? pb_proofs_load(opt->outdir)
						: g_hash_table_new(g_str_hash, g_str_equal);
	pb_job_shared sh = {.opt = opt,
			    .proofs_prev = proofs_prev,
			    .m = m,
			    .check = r->check,
			    .checked = diags,
			    .prev = prev,
			    .prev_stat = rr.stat,
			    .prev_stat_ok = rr.stat_ok, /* FALSE when none was read */
			    .sums = sums,
			    .may_skip = !pb_diags_has_errors(diags)};
	g_mutex_init(&sh.progress_lock);

	g_autoptr(GHashTable) unmatched = g_hash_table_new(g_str_hash, g_str_equal);
	for (char **e = opt->only; e && *e; e++)
		g_hash_table_add(unmatched, *e);
	g_autoptr(GPtrArray) jobs = make_jobs(&sh, r, unmatched);
	g_autofree char *example = pb_select_example(m);
	GHashTableIter it;
	gpointer sel;
	g_hash_table_iter_init(&it, unmatched);
	gboolean ok = TRUE;
	if (g_hash_table_iter_next(&it, &sel, NULL))
		ok = pb_select_error(sel, example, error);

	guint workers = MAX(1, MIN(opt->jobs ? opt->jobs : g_get_num_processors(), jobs->len));
	ok = ok && run_jobs(&sh, jobs, &fonts, font_dir, workers, error);
	take_late(&late);
	ok = ok && check_file_selectors(jobs, example, error);
	g_mutex_clear(&sh.progress_lock);
	if (!ok)
		return FALSE;

	/* Merge in job order: the report reads the same whatever the number of workers. */
	g_autoptr(GString) dump = opt->dump_frames ? g_string_new(NULL) : NULL;
	for (guint i = 0; i < jobs->len; i++) {
		pb_job *j = jobs->pdata[i];
		g_ptr_array_extend_and_steal(r->notes, g_steal_pointer(&j->notes));
		j->notes = g_ptr_array_new_with_free_func(g_free);
		g_ptr_array_extend_and_steal(r->jobs, g_steal_pointer(&j->listed));
		j->listed = g_ptr_array_new();
		g_ptr_array_extend_and_steal(diags->items, g_steal_pointer(&j->diags->items));
		j->diags->items = g_ptr_array_new();
		if (dump)
			g_string_append(dump, j->dump->str);
		if (j->error && error && !*error)
			*error = g_steal_pointer(&j->error);
	}
	g_autoptr(GPtrArray) read = pb_filesums_paths(sums);
	for (guint i = 0; i < read->len; i++)
		g_ptr_array_add(r->sources, g_strdup(read->pdata[i]));
	r->interrupted = pb_build_cancelled();
	if (r->interrupted && error)
		g_clear_error(error); /* the write it stopped says "interrupted" too: say it once */
	/* What finished is recorded, even when something failed or an interrupt came. */
	g_autoptr(pb_records) merged = NULL;
	if (!opt->dry_run && !save_records(&sh, jobs, r, &merged, error && *error ? NULL : error))
		return FALSE;
	if (opt->proof && merged && !r->interrupted && !(error && *error)) {
		g_autoptr(pb_diags) sorted = pb_diags_new();
		for (guint i = 0; i < diags->items->len; i++)
			g_ptr_array_add(sorted->items, diags->items->pdata[i]);
		g_ptr_array_set_free_func(sorted->items, NULL);
		pb_diags_sort(sorted);
		if (!finish_proofs(&sh, jobs, merged, sorted, error))
			return FALSE;
	}
	if (error && *error)
		return FALSE;
	if (r->interrupted) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
			    "interrupted; the files finished before are recorded in %s/build.json",
			    opt->outdir);
		return FALSE;
	}
	if (dump && !g_file_set_contents(opt->dump_frames, dump->str, (gssize)dump->len, error))
		return FALSE;
	return TRUE;
}

gboolean
pb_build_run(const pb_build_options *opt, pb_diags *diags, pb_build_result *r, GError **error)
{
	gboolean ok = build_run(opt, diags, r, error);
	/* in file order, each once (a finding of a shared input is found by every series) */
	pb_diags_sort(diags);
	pb_diags_unique(diags);
	return ok;
}

void
pb_build_result_clear(pb_build_result *r)
{
	g_clear_pointer(&r->records, g_ptr_array_unref);
	g_clear_pointer(&r->notes, g_ptr_array_unref);
	g_clear_pointer(&r->jobs, g_ptr_array_unref);
	g_clear_pointer(&r->sources, g_ptr_array_unref);
	g_clear_pointer(&r->check, pb_check_result_free);
}
