/* build.c — the build: load -> check -> compose (the composer table) -> render -> atomic write;
 * see build.h.
 *
 * This file knows no kind of output.  It asks the composer table (compose/composer.h) for the
 * series of every output, makes one job of each series, and writes the files each job's
 * composer returns under OUTDIR/OUTPUT/NAME.EXT.
 *
 * An error stops only the files it touches: a file is written when the manifest loaded and
 * neither the check nor its own composition found an error in what it shows.  Every frame
 * item keeps the position of the manifest value it shows, so a document's positions are known
 * exactly; a finding at the series' own position (the college's line) or in its own file (the
 * roster) touches all its files, and one the composer raised for something it could not place
 * at all (an unreadable photo, a unit too tall for any page) touches every file of the series.
 */
#include "build.h"
#include "dump.h"
#include "compose/composer.h"
#include "load/manifest.h"
#include "render/render.h"
#include "text/fonts.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

static gboolean
make_parent(const char *path, GError **error)
{
	g_autofree char *dir = g_path_get_dirname(path);
	if (g_mkdir_with_parents(dir, 0755) == 0)
		return TRUE;
	int e = errno;
	g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(e),
		    "cannot create folder '%s': %s", dir, g_strerror(e));
	return FALSE;
}

static gboolean
write_file(const char *path, GBytes *bytes, GError **error)
{
	if (!make_parent(path, error))
		return FALSE;
	gsize len = 0;
	const char *data = g_bytes_get_data(bytes, &len);
	return g_file_set_contents_full(path, data, (gssize)len, G_FILE_SET_CONTENTS_CONSISTENT,
					0644, error);
}

static void
record(pb_build_result *r, const char *path, const char *kind, guint pages, gsize bytes)
{
	pb_built_file *f = g_new0(pb_built_file, 1);
	f->path = g_strdup(path);
	f->kind = g_strdup(kind);
	f->pages = pages;
	f->bytes = bytes;
	g_ptr_array_add(r->files, f);
}

/* A file that could not be rendered (an image that broke after the check, say) is an error of
 * that file, reported at the manifest line of the image: the build goes on with the others.
 * Anything else is the environment's. */
static gboolean
render_failed(pb_diags *diags, pb_loc at, const char *path, GError **error)
{
	if (!*error || (*error)->domain != PB_RENDER_ERROR)
		return FALSE;
	if (!at.line)
		at = pb_loc_make(path, 0, 0);
	pb_diag_error(diags, at, "render", "%s not written: %s", path, (*error)->message);
	g_clear_error(error);
	return TRUE;
}

/* Renders `doc` in every asked format as STEM.{pdf,svg,png}.  The PDF streams to a temporary
 * file that is renamed when complete, so its size never sits in memory. */
static gboolean
render_doc(const pb_build_options *opt, const pb_doc *doc, const char *stem, const char *kind,
	   pb_build_result *r, pb_diags *diags, GError **error)
{
	pb_loc at = {0};
	if (opt->formats & PB_FORMAT_PDF) {
		g_autofree char *path = g_strconcat(stem, ".pdf", NULL);
		gsize size = 0;
		if (!make_parent(path, error))
			return FALSE;
		if (pb_render_pdf_file(doc, path, &size, &at, error))
			record(r, path, kind, doc->pages->len, size);
		else if (!render_failed(diags, at, path, error))
			return FALSE;
	}
	for (guint p = 0; p < doc->pages->len; p++) {
		g_autofree char *suffix =
		    doc->pages->len > 1 ? g_strdup_printf("-%u", p + 1) : g_strdup("");
		if (opt->formats & PB_FORMAT_SVG) {
			g_autofree char *path = g_strconcat(stem, suffix, ".svg", NULL);
			g_autoptr(GBytes) svg = pb_render_svg(doc, p, &at, error);
			if (svg && !write_file(path, svg, error))
				return FALSE;
			if (svg)
				record(r, path, kind, 1, g_bytes_get_size(svg));
			else if (!render_failed(diags, at, path, error))
				return FALSE;
		}
		if (opt->formats & PB_FORMAT_PNG) {
			g_autofree char *path = g_strconcat(stem, suffix, ".png", NULL);
			g_autoptr(GBytes) png = pb_render_png(doc, p, opt->png_dpi, &at, error);
			if (png && !write_file(path, png, error))
				return FALSE;
			if (png)
				record(r, path, kind, 1, g_bytes_get_size(png));
			else if (!render_failed(diags, at, path, error))
				return FALSE;
		}
	}
	return TRUE;
}

/* ---- which findings stop which file ------------------------------------------------------ */

static char *
loc_key(pb_loc loc)
{
	return g_strdup_printf("%p:%u:%u", (const void *)loc.file, loc.line, loc.col);
}

static void
collect_locs(const GPtrArray *items, GHashTable *set)
{
	for (guint i = 0; i < items->len; i++) {
		const pb_item *it = items->pdata[i];
		if (it->loc.line)
			g_hash_table_add(set, loc_key(it->loc));
		if (it->kind == PB_ITEM_GROUP)
			collect_locs(it->group.children, set);
	}
}

static GHashTable *
doc_locs(const pb_doc *doc)
{
	GHashTable *set = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	for (guint p = 0; p < doc->pages->len; p++)
		collect_locs(((pb_page *)doc->pages->pdata[p])->items, set);
	return set;
}

/* An error that stops files.  Under --draft an unreadable image stands as a placeholder and
 * stops nothing: a proof is wanted all the same. */
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

/* TRUE when an error of the check (`checked`) or of the series' own composition (`own`)
 * touches file `i`; `locs` holds the positions each file of the series shows. */
static gboolean
file_has_errors(GPtrArray *locs, guint i, const pb_diags *checked, const pb_diags *own,
		const pb_series *s, gboolean draft)
{
	GHashTable *mine = locs->pdata[i];
	for (guint k = 0; k < checked->items->len; k++) {
		const pb_diag *d = checked->items->pdata[k];
		if (!is_error(checked, d, draft))
			continue;
		g_autofree char *key = loc_key(d->loc);
		gboolean whole = same_loc(d->loc, s->whole) ||
				 (s->whole_file && !g_strcmp0(d->loc.file, s->whole_file));
		if (whole || g_hash_table_contains(mine, key))
			return TRUE;
	}
	for (guint k = 0; k < own->items->len; k++) {
		const pb_diag *d = own->items->pdata[k];
		if (!is_error(own, d, draft))
			continue;
		g_autofree char *key = loc_key(d->loc);
		gboolean shown = FALSE;
		for (guint o = 0; o < locs->len && !shown; o++)
			shown = g_hash_table_contains(locs->pdata[o], key);
		/* on this file, or on none (then it concerns the whole series) */
		if (!shown || g_hash_table_contains(mine, key))
			return TRUE;
	}
	return FALSE;
}

/* After a series of numbered files (jianzhu-01, -02) is written: its files beyond the new
 * count are an older build's, and would go to the print shop as if current. */
static void
remove_stale(const pb_build_options *opt, const char *output, const char *series, guint count)
{
	for (guint n = count + 1; n < 1000; n++) {
		gboolean any = FALSE;
		static const char *const ext[] = {"pdf", "svg", "png"};
		for (gsize e = 0; e < G_N_ELEMENTS(ext); e++) {
			g_autofree char *name = g_strdup_printf("%s-%02u.%s", series, n, ext[e]);
			g_autofree char *path = g_build_filename(opt->outdir, output, name, NULL);
			any |= g_unlink(path) == 0;
		}
		if (!any)
			break;
	}
}

/* ---- selection (--only) ------------------------------------------------------------------- */

/* A file's name belongs to series `id` when it is the id, or the id and "-" and more. */
static gboolean
name_of_series(const char *name, const char *id)
{
	gsize n = strlen(id);
	return !strncmp(name, id, n) && (name[n] == 0 || name[n] == '-');
}

/* How --only selects a series: all of its files (OUTPUT, OUTPUT/SERIES), some of them
 * (OUTPUT/FILE: their names in `files`), or none. */
static gboolean
series_wanted(const pb_build_options *opt, const char *output, const char *series, GPtrArray *files)
{
	if (!opt->only)
		return TRUE;
	gboolean some = FALSE;
	gsize olen = strlen(output);
	for (char **e = opt->only; *e; e++) {
		if (!strcmp(*e, output))
			return TRUE;
		if (strncmp(*e, output, olen) || (*e)[olen] != '/')
			continue;
		const char *rest = *e + olen + 1;
		if (!strcmp(rest, series))
			return TRUE;
		if (name_of_series(rest, series)) {
			g_ptr_array_add(files, g_strdup(rest));
			some = TRUE;
		}
	}
	return some;
}

/* ---- jobs ---------------------------------------------------------------------------------- */

/* One series of one output: the unit of work a worker takes.  Everything it reads is shared and
 * read-only while jobs run; everything it produces is its own, and the results are merged in
 * job order, so -j changes the speed of a build and nothing else. */
typedef struct job {
	const pb_build_options *opt;
	const pb_manifest *m;
	const pb_output *output;
	const pb_composer *composer;
	pb_series series;
	GPtrArray *only_files; /* names --only picked, of char*; empty for every file */
	GPtrArray *matched;    /* of those, the ones this series made */
	const pb_check_result *check;
	const pb_diags *checked; /* the check's findings */
	GAsyncQueue *fonts;      /* idle pb_fonts: a Pango context serves one thread at a time */
	pb_build_result r;       /* files written, files skipped */
	pb_diags *diags;         /* this job's findings */
	GString *dump;           /* its frames, when asked */
	GError *error;           /* an environment failure */
	GMutex *progress_lock;
	guint *done, total;
} job;

static gboolean
file_selected(const job *j, const char *name)
{
	return j->only_files->len == 0 ||
	       g_ptr_array_find_with_equal_func(j->only_files, name, g_str_equal, NULL);
}

/* Composes the job's files and writes each one whose composition raised no error and whose
 * manifest lines the check found no error in. */
static void
run_job(gpointer data, gpointer unused)
{
	job *j = data;
	const pb_build_options *opt = j->opt;
	const char *out_id = j->output->id.s;
	pb_fonts *fonts = g_async_queue_pop(j->fonts);
	g_autoptr(pb_text_cache) texts = pb_text_cache_new();
	pb_compose c = {.m = j->m,
			.output = j->output,
			.layout = j->output->layout,
			.fonts = fonts,
			.texts = texts,
			.images = j->check->registry,
			.draft = opt->draft,
			.diags = j->diags};
	g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func((GDestroyNotify)pb_file_free);
	j->composer->compose(&c, &j->series, files);
	for (guint i = 0; i < files->len; i++) {
		pb_file *f = files->pdata[i];
		g_assert(name_of_series(f->name, j->series.id));
		g_autofree char *label = g_strdup_printf("%s/%s.pdf", out_id, f->name);
		pb_compose_finish(&c, f->doc, label);
	}
	/* The manifest positions each file shows, gathered once for the error test. */
	g_autoptr(GPtrArray) locs =
	    g_ptr_array_new_with_free_func((GDestroyNotify)g_hash_table_unref);
	for (guint i = 0; i < files->len; i++)
		g_ptr_array_add(locs, doc_locs(((pb_file *)files->pdata[i])->doc));
	gboolean all_written = TRUE;
	for (guint i = 0; i < files->len && !j->error; i++) {
		const pb_file *f = files->pdata[i];
		if (!file_selected(j, f->name))
			continue;
		if (j->only_files->len)
			g_ptr_array_add(j->matched, g_strdup(f->name));
		if (j->dump) {
			g_autofree char *text = pb_dump_doc(f->doc, fonts);
			g_string_append_printf(j->dump, "document %s/%s\n%s", out_id, f->name,
					       text);
		}
		if (file_has_errors(locs, i, j->checked, j->diags, &j->series, opt->draft)) {
			g_ptr_array_add(j->r.skipped,
					g_strdup_printf("%s/%s.pdf: not written, it has errors",
							out_id, f->name));
			all_written = FALSE;
			continue;
		}
		if (opt->dry_run)
			continue;
		g_autofree char *stem = g_build_filename(opt->outdir, out_id, f->name, NULL);
		render_doc(opt, f->doc, stem, pb_kind_key(j->output->kind), &j->r, j->diags,
			   &j->error);
	}
	if (!opt->dry_run && all_written && !j->error && !j->only_files->len)
		remove_stale(opt, out_id, j->series.id, files->len);
	if (files->len == 0 && j->composer->empty)
		g_ptr_array_add(j->r.skipped, g_strdup_printf("%s/%s: %s", out_id, j->series.id,
							      j->composer->empty));
	/* The documents hold fonts of this worker's font map: free them before another worker
	 * may take the map. */
	g_clear_pointer(&files, g_ptr_array_unref);
	g_clear_pointer(&texts, pb_text_cache_free);
	g_async_queue_push(j->fonts, fonts);
	if (opt->progress) {
		g_mutex_lock(j->progress_lock);
		g_autofree char *what = g_strdup_printf("%s/%s", out_id, j->series.id);
		opt->progress(++*j->done, j->total, what, opt->progress_data);
		g_mutex_unlock(j->progress_lock);
	}
}

static void
job_free(gpointer p)
{
	job *j = p;
	pb_build_result_clear(&j->r);
	pb_diags_free(j->diags);
	g_ptr_array_unref(j->only_files);
	g_ptr_array_unref(j->matched);
	if (j->dump)
		g_string_free(j->dump, TRUE);
	g_clear_error(&j->error);
	g_free(j);
}

/* The jobs of every wanted output, in the order of the outputs and the composer table; outputs
 * no composer makes are reported in `r`.  The --only selectors that named no output or series
 * go to `unmatched`. */
static GPtrArray *
make_jobs(const pb_build_options *opt, const pb_manifest *m, pb_check_result *check,
	  pb_diags *diags, pb_build_result *r, GHashTable *unmatched)
{
	GPtrArray *jobs = g_ptr_array_new_with_free_func(job_free);
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
				if (!series_wanted(opt, o->id.s, se->id, files)) {
					g_ptr_array_unref(files);
					continue;
				}
				/* a selector that reached this series is matched (a FILE one only
				 * if the series then makes that file) */
				for (char **e = opt->only; e && *e; e++) {
					g_autofree char *full =
					    g_strdup_printf("%s/%s", o->id.s, se->id);
					if (!strcmp(*e, o->id.s) || !strcmp(*e, full))
						g_hash_table_remove(unmatched, *e);
				}
				job *j = g_new0(job, 1);
				*j = (job){.opt = opt,
					   .m = m,
					   .output = o,
					   .composer = k,
					   .series = *se,
					   .only_files = files,
					   .matched = g_ptr_array_new_with_free_func(g_free),
					   .check = check,
					   .checked = diags,
					   .diags = pb_diags_new(),
					   .dump = opt->dump_frames ? g_string_new(NULL) : NULL};
				j->diags->strict =
				    diags->strict; /* --strict judges composing too */
				j->r.files = g_ptr_array_new();
				j->r.skipped = g_ptr_array_new_with_free_func(g_free);
				if (o->layout)
					g_ptr_array_add(jobs, j);
				else
					job_free(j);
			}
		}
		if (!made && o->layout &&
		    (!opt->only || g_strv_contains((const char *const *)opt->only, o->id.s))) {
			g_hash_table_remove(unmatched, o->id.s);
			g_ptr_array_add(r->skipped,
					g_strdup_printf("%s: no composer for kind '%s' yet",
							o->id.s, pb_kind_key(o->kind)));
		}
	}
	return jobs;
}

/* `example` is a selector that does name something: the last series of the first output. */
static gboolean
only_error(const char *selector, const char *example, GError **error)
{
	g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
		    "--only '%s' names no output of the manifest (OUTPUT, OUTPUT/SERIES or "
		    "OUTPUT/FILE, e.g. %s)",
		    selector, example);
	return FALSE;
}

/* A selector the manifest has, for the message: the first output's first college-like series
 * (one with a college), else its first series. */
static char *
example_selector(const pb_manifest *m)
{
	for (guint i = 0; i < m->outputs->len; i++) {
		const pb_output *o = m->outputs->pdata[i];
		char *first = NULL;
		for (const pb_composer *k = pb_composers; k->compose; k++) {
			if (k->kind != o->kind)
				continue;
			g_autoptr(GArray) series = g_array_new(FALSE, FALSE, sizeof(pb_series));
			k->series(m, o, series);
			for (guint s = 0; s < series->len; s++) {
				const pb_series *se = &g_array_index(series, pb_series, s);
				if (se->college) {
					g_free(first);
					return g_strdup_printf("%s/%s", o->id.s, se->id);
				}
				if (!first)
					first = g_strdup_printf("%s/%s", o->id.s, se->id);
			}
		}
		if (first)
			return first;
	}
	return g_strdup("OUTPUT");
}

/* Runs the jobs on `workers` threads (one font service each: loading fonts is not for many
 * threads, and a Pango context serves one thread at a time). */
static gboolean
run_jobs(GPtrArray *jobs, pb_fonts **fonts, const char *font_dir, guint workers, GError **error)
{
	g_autoptr(GAsyncQueue) idle_fonts = g_async_queue_new();
	GMutex progress_lock;
	g_mutex_init(&progress_lock);
	guint done = 0;
	gboolean ok = TRUE;
	for (guint w = 0; w < workers && ok; w++) {
		pb_fonts *f = w == 0 ? g_steal_pointer(fonts) : pb_fonts_new(font_dir, error);
		if (f)
			g_async_queue_push(idle_fonts, f);
		ok = f != NULL;
	}
	for (guint i = 0; i < jobs->len; i++) {
		job *j = jobs->pdata[i];
		j->fonts = idle_fonts;
		j->progress_lock = &progress_lock;
		j->done = &done;
		j->total = jobs->len;
	}
	if (ok && workers == 1) {
		for (guint i = 0; i < jobs->len; i++)
			run_job(jobs->pdata[i], NULL);
	} else if (ok) {
		GThreadPool *pool = g_thread_pool_new(run_job, NULL, (gint)workers, TRUE, NULL);
		for (guint i = 0; i < jobs->len; i++)
			g_thread_pool_push(pool, jobs->pdata[i], NULL);
		g_thread_pool_free(pool, FALSE, TRUE); /* waits for every job */
	}
	pb_fonts *f;
	while ((f = g_async_queue_try_pop(idle_fonts)))
		pb_fonts_free(f);
	g_mutex_clear(&progress_lock);
	return ok;
}

gboolean
pb_build_run(const pb_build_options *opt, pb_diags *diags, pb_build_result *r, GError **error)
{
	r->files = g_ptr_array_new();
	r->skipped = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(pb_manifest) m = pb_manifest_load(opt->manifest, diags, error);
	if (!m && error && *error)
		g_prefix_error(error, "cannot read manifest '%s': ", opt->manifest);
	if (!m)
		return error == NULL || *error == NULL;
	/* A manifest with errors of its own is checked (so that one run reports everything) but
	 * builds nothing: what failed to load is missing from the model. */
	gboolean broken = pb_diags_has_errors(diags);
	r->check = pb_check_manifest(m, diags);
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

	g_autoptr(GHashTable) unmatched = g_hash_table_new(g_str_hash, g_str_equal);
	for (char **e = opt->only; e && *e; e++)
		g_hash_table_add(unmatched, *e);
	g_autoptr(GPtrArray) jobs = make_jobs(opt, m, r->check, diags, r, unmatched);
	/* selectors of files: matched once some series of theirs is composed (below) */
	for (guint i = 0; i < jobs->len; i++) {
		job *j = jobs->pdata[i];
		for (guint k = 0; k < j->only_files->len; k++) {
			g_autofree char *full = g_strdup_printf("%s/%s", j->output->id.s,
								(char *)j->only_files->pdata[k]);
			g_hash_table_remove(unmatched, full);
		}
	}
	GHashTableIter it;
	gpointer sel;
	g_hash_table_iter_init(&it, unmatched);
	g_autofree char *example = example_selector(m);
	if (g_hash_table_iter_next(&it, &sel, NULL))
		return only_error(sel, example, error);

	guint workers = MAX(1, MIN(opt->jobs ? opt->jobs : g_get_num_processors(), jobs->len));
	if (!run_jobs(jobs, &fonts, font_dir, workers, error))
		return FALSE;

	/* Merge in job order: the report reads the same whatever the number of workers. */
	g_autoptr(GString) dump = opt->dump_frames ? g_string_new(NULL) : NULL;
	for (guint i = 0; i < jobs->len; i++) {
		job *j = jobs->pdata[i];
		for (guint k = 0; k < j->only_files->len; k++) {
			if (!g_ptr_array_find_with_equal_func(j->matched, j->only_files->pdata[k],
							      g_str_equal, NULL)) {
				g_autofree char *full = g_strdup_printf(
				    "%s/%s", j->output->id.s, (char *)j->only_files->pdata[k]);
				gboolean elsewhere = FALSE; /* another series made it */
				for (guint o = 0; o < jobs->len && !elsewhere; o++) {
					job *k2 = jobs->pdata[o];
					elsewhere = k2->output == j->output &&
						    g_ptr_array_find_with_equal_func(
							k2->matched, j->only_files->pdata[k],
							g_str_equal, NULL);
				}
				if (!elsewhere)
					return only_error(full, example, error);
			}
		}
		g_ptr_array_extend_and_steal(r->files, g_steal_pointer(&j->r.files));
		g_ptr_array_extend_and_steal(r->skipped, g_steal_pointer(&j->r.skipped));
		g_ptr_array_extend_and_steal(diags->items, g_steal_pointer(&j->diags->items));
		j->diags->items = g_ptr_array_new();
		if (dump)
			g_string_append(dump, j->dump->str);
		if (j->error && error && !*error)
			*error = g_steal_pointer(&j->error);
	}
	if (error && *error)
		return FALSE;
	if (dump && !g_file_set_contents(opt->dump_frames, dump->str, (gssize)dump->len, error))
		return FALSE;
	return TRUE;
}

static void
built_file_free(gpointer p)
{
	pb_built_file *f = p;
	g_free(f->path);
	g_free(f->kind);
	g_free(f);
}

void
pb_build_result_clear(pb_build_result *r)
{
	if (r->files) {
		g_ptr_array_set_free_func(r->files, built_file_free);
		g_ptr_array_unref(r->files);
	}
	if (r->skipped)
		g_ptr_array_unref(r->skipped);
	g_clear_pointer(&r->check, pb_check_result_free);
	r->files = r->skipped = NULL;
}
