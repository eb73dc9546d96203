/* build.c — the build: load -> check -> compose -> render -> atomic write; see build.h.
 *
 * An error stops only the files it touches: a file is written when the manifest loaded and
 * its own composition raised no error.  Files are written with g_file_set_contents_full
 * (temporary file in the same folder, fsync, rename), so a previous good file survives any
 * failure.
 */
#include "build.h"
#include "check/check.h"
#include "compose/compose.h"
#include "dump.h"
#include "text/fonts.h"
#include "load/manifest.h"
#include "render/render.h"

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

/* The manifest position of the image a render error names: the renderer says "cannot read
 * image 'x'", the frames know where x came from. */
static gboolean
find_image_loc(const GPtrArray *items, const char *message, pb_loc *out)
{
	for (guint i = 0; i < items->len; i++) {
		const pb_item *it = items->pdata[i];
		if (it->kind == PB_ITEM_GROUP && find_image_loc(it->group.children, message, out))
			return TRUE;
		if (it->kind == PB_ITEM_IMAGE && it->loc.line) {
			g_autofree char *quoted = g_strdup_printf("'%s'", it->image.shown);
			if (strstr(message, quoted)) {
				*out = it->loc;
				return TRUE;
			}
		}
	}
	return FALSE;
}

/* A file that could not be rendered (an image that broke after the check, say) is an error of
 * that file, reported at the manifest line of the image: the build goes on with the others.
 * Anything else is the environment's. */
static gboolean
render_failed(pb_diags *diags, const pb_doc *doc, const char *path, GError **error)
{
	if (!*error || (*error)->domain != PB_RENDER_ERROR)
		return FALSE;
	pb_loc loc = pb_loc_make(path, 0, 0);
	for (guint p = 0; p < doc->pages->len && !loc.line; p++)
		find_image_loc(((pb_page *)doc->pages->pdata[p])->items, (*error)->message, &loc);
	pb_diag_error(diags, loc, "render", "%s not written: %s", path, (*error)->message);
	g_clear_error(error);
	return TRUE;
}

/* Renders `doc` in every asked format as OUTDIR/ID/BASE.{pdf,svg,png}.  The PDF streams to
 * a temporary file that is renamed when complete, so its size never sits in memory. */
static gboolean
render_doc(const pb_build_options *opt, const pb_doc *doc, const char *id, const char *base,
	   const char *kind, pb_build_result *r, pb_diags *diags, GError **error)
{
	g_autofree char *stem = g_build_filename(opt->outdir, id, base, NULL);
	if (opt->formats & PB_FORMAT_PDF) {
		g_autofree char *path = g_strconcat(stem, ".pdf", NULL);
		gsize size = 0;
		if (!make_parent(path, error))
			return FALSE;
		if (pb_render_pdf_file(doc, path, &size, error))
			record(r, path, kind, doc->pages->len, size);
		else if (!render_failed(diags, doc, path, error))
			return FALSE;
	}
	for (guint p = 0; p < doc->pages->len; p++) {
		g_autofree char *suffix =
		    doc->pages->len > 1 ? g_strdup_printf("-%u", p + 1) : g_strdup("");
		if (opt->formats & PB_FORMAT_SVG) {
			g_autofree char *path = g_strconcat(stem, suffix, ".svg", NULL);
			g_autoptr(GBytes) svg = pb_render_svg(doc, p, error);
			if (svg && !write_file(path, svg, error))
				return FALSE;
			if (svg)
				record(r, path, kind, 1, g_bytes_get_size(svg));
			else if (!render_failed(diags, doc, path, error))
				return FALSE;
		}
		if (opt->formats & PB_FORMAT_PNG) {
			g_autofree char *path = g_strconcat(stem, suffix, ".png", NULL);
			g_autoptr(GBytes) png = pb_render_png(doc, p, opt->png_dpi, error);
			if (png && !write_file(path, png, error))
				return FALSE;
			if (png)
				record(r, path, kind, 1, g_bytes_get_size(png));
			else if (!render_failed(diags, doc, path, error))
				return FALSE;
		}
	}
	return TRUE;
}

/* Which findings stop which file: an error stops the files that show the manifest value it
 * points at.  Every frame item keeps the position of the value it shows, so a document's
 * positions are known exactly; a finding about the college as a whole (college.photos under
 * --strict) touches all its boards, and one the composer raised for something it could not
 * place at all (an unreadable photo, a row too tall for any board) touches every document of
 * the series. */
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

/* TRUE when an error of the check (`checked`) or of the series' own composition (`own`)
 * touches document `i`; `locs` holds the positions each document of the series shows. */
static gboolean
doc_has_errors(GPtrArray *locs, guint i, const pb_diags *checked, const pb_diags *own,
	       const pb_college *col, gboolean draft)
{
	GHashTable *mine = locs->pdata[i];
	for (guint k = 0; k < checked->items->len; k++) {
		const pb_diag *d = checked->items->pdata[k];
		if (!is_error(checked, d, draft))
			continue;
		g_autofree char *key = loc_key(d->loc);
		gboolean whole_college = col && d->loc.file == col->loc.file &&
					 d->loc.line == col->loc.line && d->loc.col == col->loc.col;
		if (whole_college || g_hash_table_contains(mine, key))
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
		/* on this document, or on none (then it concerns the whole series) */
		if (!shown || g_hash_table_contains(mine, key))
			return TRUE;
	}
	return FALSE;
}

/* After a series is written: its boards beyond the new count are an older build's, and
 * would go to the print shop as if current. */
static void
remove_stale(const pb_build_options *opt, const char *id, const char *series, guint count)
{
	for (guint n = count + 1; n < 1000; n++) {
		gboolean any = FALSE;
		static const char *const ext[] = {"pdf", "svg", "png"};
		for (gsize e = 0; e < G_N_ELEMENTS(ext); e++) {
			g_autofree char *name = g_strdup_printf("%s-%02u.%s", series, n, ext[e]);
			g_autofree char *path = g_build_filename(opt->outdir, id, name, NULL);
			any |= g_unlink(path) == 0;
		}
		if (!any)
			break;
	}
}

/* One series of one output (the opening board, or one college's boards): the unit of work a
 * worker takes.  Everything it reads is shared and read-only while jobs run; everything it
 * produces is its own, and the results are merged in job order, so -j changes the speed of a
 * build and nothing else. */
typedef struct job {
	const pb_build_options *opt;
	const pb_manifest *m;
	const pb_output *output;
	const pb_check_result *check;
	const pb_diags *checked; /* the check's findings */
	const pb_college *col;   /* NULL for the opening board */
	GAsyncQueue *fonts;      /* idle pb_fonts: a Pango context serves one thread at a time */
	pb_build_result r;       /* files written, files skipped */
	pb_diags *diags;         /* this job's findings */
	GString *dump;           /* its frames, when asked */
	GError *error;           /* an environment failure */
	GMutex *progress_lock;
	guint *done, total;
} job;

/* Composes the job's documents and writes each one whose composition raised no error and
 * whose manifest lines the check found no error in. */
static void
run_job(gpointer data, gpointer unused)
{
	job *j = data;
	const pb_build_options *opt = j->opt;
	pb_fonts *fonts = g_async_queue_pop(j->fonts);
	pb_compose c = {.m = j->m,
			.output = j->output,
			.layout = j->output->layout,
			.fonts = fonts,
			.check = j->check,
			.draft = opt->draft,
			.diags = j->diags};
	g_autofree char *cover_label = g_strdup_printf("%s/cover.pdf", j->output->id.s);
	c.file_label = cover_label;
	g_autoptr(GPtrArray) docs = NULL;
	if (j->col) {
		docs = pb_compose_boards(&c, j->col);
	} else {
		docs = g_ptr_array_new_with_free_func((GDestroyNotify)pb_doc_free);
		g_ptr_array_add(docs, pb_compose_cover(&c));
	}
	/* The manifest positions each document shows, gathered once for the error test. */
	g_autoptr(GPtrArray) locs =
	    g_ptr_array_new_with_free_func((GDestroyNotify)g_hash_table_unref);
	for (guint i = 0; i < docs->len; i++)
		g_ptr_array_add(locs, doc_locs(docs->pdata[i]));
	gboolean all_written = TRUE;
	for (guint i = 0; i < docs->len && !j->error; i++) {
		const pb_doc *doc = docs->pdata[i];
		g_autofree char *name =
		    j->col ? g_strdup_printf("%s-%02u", j->col->id.s, i + 1) : g_strdup("cover");
		if (j->dump) {
			g_autofree char *text = pb_dump_doc(doc, fonts);
			g_string_append_printf(j->dump, "document %s/%s\n%s", j->output->id.s, name,
					       text);
		}
		if (doc_has_errors(locs, i, j->checked, j->diags, j->col, opt->draft)) {
			g_ptr_array_add(j->r.skipped,
					g_strdup_printf("%s/%s.pdf: not written, it has errors",
							j->output->id.s, name));
			all_written = FALSE;
			continue;
		}
		render_doc(opt, doc, j->output->id.s, name, pb_kind_key(j->output->kind), &j->r,
			   j->diags, &j->error);
	}
	if (j->col && all_written && !j->error)
		remove_stale(opt, j->output->id.s, j->col->id.s, docs->len);
	if (j->col && docs->len == 0)
		g_ptr_array_add(j->r.skipped,
				g_strdup_printf("%s/%s: no board, nothing approved to show",
						j->output->id.s, j->col->id.s));
	/* The documents hold fonts of this worker's font map: free them before another worker
	 * may take the map. */
	g_clear_pointer(&docs, g_ptr_array_unref);
	g_async_queue_push(j->fonts, fonts);
	if (opt->progress) {
		g_mutex_lock(j->progress_lock);
		g_autofree char *what =
		    g_strdup_printf("%s/%s", j->output->id.s, j->col ? j->col->id.s : "cover");
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
	if (j->dump)
		g_string_free(j->dump, TRUE);
	g_clear_error(&j->error);
	g_free(j);
}

static gboolean
wanted(const pb_build_options *opt, const char *id)
{
	if (!opt->only)
		return TRUE;
	for (char **e = opt->only; *e; e++)
		if (!strcmp(*e, id) || (g_str_has_prefix(*e, id) && (*e)[strlen(id)] == '/'))
			return TRUE;
	return FALSE;
}

/* --only OUTPUT/SERIES: a board output's series are "cover" and each college's id. */
static gboolean
wanted_series(const pb_build_options *opt, const char *id, const char *series)
{
	if (!opt->only)
		return TRUE;
	g_autofree char *full = g_strdup_printf("%s/%s", id, series);
	return g_strv_contains((const char *const *)opt->only, id) ||
	       g_strv_contains((const char *const *)opt->only, full);
}

/* Every --only names an output (and a series of it) of the manifest; else a usage error. */
static gboolean
only_matches(const pb_build_options *opt, const pb_manifest *m, GError **error)
{
	for (char **e = opt->only; e && *e; e++) {
		gboolean found = FALSE;
		for (guint i = 0; i < m->outputs->len && !found; i++) {
			const pb_output *o = m->outputs->pdata[i];
			if (!strcmp(*e, o->id.s))
				found = TRUE;
			for (guint k = 0; k <= m->colleges->len && !found; k++) {
				const char *series =
				    k < m->colleges->len
					? ((pb_college *)m->colleges->pdata[k])->id.s
					: "cover";
				g_autofree char *full = g_strdup_printf("%s/%s", o->id.s, series);
				found = !strcmp(*e, full);
			}
		}
		if (!found) {
			g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
				    "--only '%s' names no output of the manifest (OUTPUT or "
				    "OUTPUT/SERIES, e.g. boards/%s)",
				    *e,
				    m->colleges->len ? ((pb_college *)m->colleges->pdata[0])->id.s
						     : "cover");
			return FALSE;
		}
	}
	return TRUE;
}

gboolean
pb_build_run(const pb_build_options *opt, pb_diags *diags, pb_build_result *r, GError **error)
{
	r->files = g_ptr_array_new();
	r->skipped = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(pb_manifest) m = pb_manifest_load(opt->manifest, diags, error);
	if (!m)
		return error == NULL || *error == NULL;
	if (pb_diags_has_errors(diags))
		return TRUE; /* a manifest that does not load builds nothing */
	if (!only_matches(opt, m, error))
		return FALSE;
	g_autoptr(pb_check_result) check = pb_check_manifest(m, diags);
	g_autofree char *font_dir = g_build_filename(m->dir, "fonts", NULL);
	g_autoptr(pb_fonts) fonts = pb_fonts_new(font_dir, error);
	if (!fonts)
		return FALSE;

	/* The jobs, in the order their files are reported. */
	g_autoptr(GPtrArray) jobs = g_ptr_array_new_with_free_func(job_free);
	GMutex progress_lock;
	g_mutex_init(&progress_lock);
	guint done = 0;
	g_autoptr(GAsyncQueue) idle_fonts = g_async_queue_new();
	for (guint i = 0; i < m->outputs->len; i++) {
		const pb_output *o = m->outputs->pdata[i];
		if (!wanted(opt, o->id.s) || !o->layout)
			continue;
		if (o->kind != PB_KIND_BOARD) {
			g_ptr_array_add(r->skipped,
					g_strdup_printf("%s: no composer for kind '%s' yet",
							o->id.s, pb_kind_key(o->kind)));
			continue;
		}
		/* The exhibition's opening board, then each college's boards. */
		for (guint k = 0; k <= m->colleges->len; k++) {
			const pb_college *col = k ? m->colleges->pdata[k - 1] : NULL;
			if (!wanted_series(opt, o->id.s, col ? col->id.s : "cover"))
				continue;
			job *j = g_new0(job, 1);
			*j = (job){.opt = opt,
				   .m = m,
				   .output = o,
				   .check = check,
				   .checked = diags,
				   .col = col,
				   .fonts = idle_fonts,
				   .diags = pb_diags_new(),
				   .dump = opt->dump_frames ? g_string_new(NULL) : NULL,
				   .progress_lock = &progress_lock,
				   .done = &done};
			j->diags->strict = diags->strict; /* --strict judges composing too */
			j->r.files = g_ptr_array_new();
			j->r.skipped = g_ptr_array_new_with_free_func(g_free);
			g_ptr_array_add(jobs, j);
		}
	}
	/* One font service per worker, made here: loading fonts is not for many threads. */
	guint workers = MAX(1, MIN(opt->jobs ? opt->jobs : g_get_num_processors(), jobs->len));
	gboolean ok = TRUE;
	for (guint w = 0; w < workers && ok; w++) {
		pb_fonts *f = w == 0 ? g_steal_pointer(&fonts) : pb_fonts_new(font_dir, error);
		if (f)
			g_async_queue_push(idle_fonts, f);
		ok = f != NULL;
	}
	for (guint i = 0; i < jobs->len; i++)
		((job *)jobs->pdata[i])->total = jobs->len;
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
	if (!ok)
		return FALSE;

	/* Merge in job order: the report reads the same whatever the number of workers. */
	g_autoptr(GString) dump = opt->dump_frames ? g_string_new(NULL) : NULL;
	for (guint i = 0; i < jobs->len; i++) {
		job *j = jobs->pdata[i];
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
	r->files = r->skipped = NULL;
}
