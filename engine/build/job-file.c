/* job-file.c — one output file of a job: its record, rendered and written, or stale or
 * unchanged; PDFs finished on the side; see job-file.h. */
#include "job-file.h"
#include "base/sha256.h"
#include "render/render.h"

#include <gio/gio.h>
#include <string.h>

char *
pb_job_disk_path(const pb_job *j, const char *path)
{
	return g_build_filename(j->sh->opt->outdir, path, NULL);
}

/* The recorded file is still the one on disk: the same stat (cheap), or failing that the same
 * bytes (a copied folder keeps its files, not their inodes). */
gboolean
pb_job_intact(const pb_job *j, pb_record *r)
{
	if (!r->file.sha256[0] || r->status == PB_FILE_REMOVED)
		return FALSE;
	g_autofree char *p = pb_job_disk_path(j, r->path);
	pb_filestat now;
	if (!pb_filestat_of(p, &now) || now.size != r->file.size)
		return FALSE;
	if (pb_filestat_same(&now, &r->file))
		return TRUE;
	char sha[65];
	if (!pb_sha256_file(p, sha, NULL) || strcmp(sha, r->file.sha256))
		return FALSE;
	/* the same bytes under a new stat: the record takes it, so the next look (this build's,
	 * and the next build's through build.json) is a stat again, not a hash */
	memcpy(now.sha256, r->file.sha256, sizeof now.sha256);
	r->file = now;
	return TRUE;
}

static pb_record *
record_of(pb_job *j, const pb_file *f, const char *path, const char *ext, const char *hash)
{
	pb_record *r = pb_record_new();
	const pb_page *first = f->doc->pages->pdata[0];
	r->path = g_strdup(path);
	r->name = g_strdup(f->name);
	r->output = g_strdup(j->output->id.s);
	r->series = g_strdup(j->series.id);
	r->college = g_strdup(j->series.college ? j->series.college->id.s : NULL);
	r->kind = g_strdup(pb_kind_key(j->output->kind));
	r->format = g_strdup(ext);
	r->pages = f->doc->pages->len;
	r->trim_w = first->width;
	r->trim_h = first->height;
	r->bleed = first->bleed;
	r->quantity = f->quantity;
	r->paper = g_strdup(f->paper);
	r->dpi = strcmp(ext, "png") ? 0 : j->sh->opt->png_dpi;
	r->draft = j->sh->opt->draft;
	r->inputs = g_strdup(hash);
	return r;
}

/* A file that could not be rendered (an image that broke after the check) is an error of that
 * file, reported at the manifest line of the image; the build goes on with the others. */
gboolean
pb_job_render_failed(pb_job *j, pb_loc at, const char *path, GError **error)
{
	if (!*error || (*error)->domain != PB_RENDER_ERROR)
		return FALSE;
	if (!at.line)
		at = pb_loc_make(path, 0, 0);
	pb_diag_error(j->diags, at, "render", "%s not written: %s", path, (*error)->message);
	g_clear_error(error);
	return TRUE;
}

/* The file's size, sha256 and identity on disk into its record, once it is in place. */
static void
record_written(pb_record *r, const pb_written *done, const char *target)
{
	r->file.size = (gint64)done->size;
	memcpy(r->file.sha256, done->sha256, sizeof r->file.sha256);
	pb_filestat st;
	if (pb_filestat_of(target, &st)) {
		r->file.mtime = st.mtime;
		r->file.inode = st.inode;
		r->file.device = st.device;
	}
}

/* Renders page `page` of `doc` as `ext` (SVG or PNG) into `r`'s path through the writer.
 * FALSE on an environment failure, in *error; a file that could not be rendered because of
 * an image is reported and leaves r->file.sha256 empty. */
static gboolean
render_to(pb_job *j, const pb_doc *doc, guint page, const char *ext, pb_record *r,
	  const char *same_as, gboolean *unchanged, GError **error)
{
	g_autofree char *target = pb_job_disk_path(j, r->path);
	pb_loc at = {0};
	pb_written done = {.size = 0};
	g_autoptr(GBytes) bytes = !strcmp(ext, "svg")
				      ? pb_render_svg(doc, page, &at, error)
				      : pb_render_png(doc, page, j->sh->opt->png_dpi, &at, error);
	if (!bytes || !pb_write_bytes(target, g_bytes_get_data(bytes, NULL),
				      g_bytes_get_size(bytes), same_as, &done, error))
		return pb_job_render_failed(j, at, r->path, error);
	*unchanged = done.unchanged;
	record_written(r, &done, target);
	return TRUE;
}

/* The file on disk is still the previous one: `r` says so (its bytes, and whether a draft). */
static void
keep_previous(pb_record *r, const pb_record *prev)
{
	r->file = prev->file;
	r->draft = prev->draft;
}

/* Why file `r` is written again when its series' inputs are as they were. */
static char *
again_because(const pb_record *r, const pb_record *prev, gboolean prev_intact)
{
	if (!prev)
		return g_strdup("new");
	if (prev->status == PB_FILE_STALE && !prev->file.sha256[0])
		return g_strdup("not written before");
	if (!prev_intact)
		return g_strdup("the previous file was changed or gone");
	if (g_strcmp0(prev->inputs, r->inputs)) /* a build with --only made the others anew */
		return g_strdup("the previous file was made from earlier inputs");
	if (prev->status == PB_FILE_STALE)
		return g_strdup("the previous file was stale");
	if (prev->dpi != r->dpi)
		return g_strdup_printf("at %g dpi, the previous at %g", r->dpi, prev->dpi);
	if (g_strcmp0(prev->frames, r->frames))
		return g_strdup("what it shows changed");
	return g_strdup("made again (--force)");
}

/* What a file's record says once its rendering ended: not written (`ok` FALSE: an interrupt
 * or a full disk, `failure` says which; the previous file stays and the record says it is
 * that one), an image that could not be read (reported; r->file.sha256 empty), or written or
 * unchanged, with the series' reasons. */
static void
settle(pb_record *r, const pb_record *prev, gboolean prev_intact, gboolean ok,
       const GError *failure, gboolean unchanged, GPtrArray *why)
{
	if (!ok) {
		r->status = PB_FILE_STALE;
		g_ptr_array_add(r->why,
				g_strdup(g_error_matches(failure, G_IO_ERROR, G_IO_ERROR_CANCELLED)
					     ? "not written, the build was interrupted"
					     : "not written, it could not be saved"));
		/* the frames of the file on disk, not of the one that was not written: else the
		 * next build would take the old file for the new */
		g_free(r->frames);
		r->frames = prev_intact ? g_strdup(prev->frames) : NULL;
		if (prev_intact)
			keep_previous(r, prev);
		return;
	}
	if (!r->file.sha256[0]) { /* it could not be drawn (an image that could not be read, a
				   * PNG too large to make): reported, the file stale */
		r->status = PB_FILE_STALE;
		g_ptr_array_add(r->why, g_strdup("not written, it could not be drawn"));
		/* as above: the frames of the file on disk, not of the one not written */
		g_free(r->frames);
		r->frames = prev_intact ? g_strdup(prev->frames) : NULL;
		if (prev_intact)
			keep_previous(r, prev);
		return;
	}
	r->status = unchanged ? PB_FILE_UNCHANGED : PB_FILE_WRITTEN;
	for (guint i = 0; !unchanged && i < why->len; i++)
		g_ptr_array_add(r->why, g_strdup(why->pdata[i]));
	if (!unchanged && !why->len) /* the series' inputs are as before: the file's own reason */
		g_ptr_array_add(r->why, again_because(r, prev, prev_intact));
}

/* ---- PDFs finished on the side ------------------------------------------------------------------
 *
 * A PDF is Cairo's drawing (Pango's fonts, the images: the job's thread) and then the pass and
 * the commit (page boxes, inks, /ID, fsync, rename), which read only the frames and the file.
 * So the second part runs on a thread of the job's own while the job draws its next file (the
 * insert's 2,000 cards are finished while its press sheets are drawn), in file order, and the
 * records are settled in file order once every one is done (pb_job_finish_files). */

typedef struct finishing {
	pb_record *r; /* the job's record, settled by pb_job_finish_files */
	const pb_record *prev;
	gboolean prev_intact;
	GPtrArray *why; /* the series' reasons: compose_series's, alive until pb_job_finish_files */
	pb_pdf_drawn *drawn;
	pb_writer *w;
	char *target, *same_as;
	/* what the finishing thread found */
	gboolean ok;
	pb_written done;
	GError *error;
	pb_loc at; /* where a photo the pass writes failed (PB_RENDER_ERROR) */
} finishing;

static void
finish_pdf(gpointer data, gpointer unused)
{
	finishing *f = data;
	f->ok = pb_render_pdf_finish(f->drawn, &f->at, &f->error);
	f->drawn = NULL; /* freed by finish */
	if (f->ok)
		f->ok = pb_writer_commit(f->w, f->same_as, &f->done, &f->error);
	else
		pb_writer_abort(f->w);
}

/* A file an error stops: stale, and the previous good file stays, saying which bytes it is
 * (and no frames: those of the file not written would pass the old file for the new). */
static void
stopped(pb_record *r, const pb_record *prev, gboolean prev_intact)
{
	g_clear_pointer(&r->frames, g_free);
	r->status = PB_FILE_STALE;
	g_ptr_array_add(r->why, g_strdup("not written, it has errors"));
	if (prev_intact)
		keep_previous(r, prev);
}

/* Draws `doc` as a PDF into `r`'s path and hands the rest to the job's finishing thread.
 * FALSE on an environment failure, in *error (the record is then the caller's to settle);
 * TRUE when handed on, or when an image stopped the drawing (reported, and the record
 * settled), or when the borders' findings (`late`, taken once it is drawn) stop it. */
static gboolean
draw_pdf(pb_job *j, const pb_doc *doc, pb_record *r, const pb_record *prev, gboolean prev_intact,
	 const char *same_as, GPtrArray *why, GPtrArray *stopping, GPtrArray *concerning,
	 pb_late *late, GError **error)
{
	g_autofree char *target = pb_job_disk_path(j, r->path);
	pb_writer *w = pb_writer_open(target, error);
	if (!w) {
		pb_job_late_findings(j, late, stopping, concerning, r); /* for the record */
		return FALSE;
	}
	pb_loc at = {0};
	pb_pdf_drawn *drawn = pb_render_pdf_draw(doc, j->family, w, &at, error);
	pb_job_late_findings(j, late, stopping, concerning, r);
	if (drawn && stopping->len) {
		pb_render_pdf_drawn_free(drawn);
		pb_writer_abort(w);
		stopped(r, prev, prev_intact);
		return TRUE;
	}
	if (!drawn) {
		pb_writer_abort(w);
		if (!pb_job_render_failed(j, at, r->path, error))
			return FALSE;
		settle(r, prev, prev_intact, TRUE, NULL, FALSE, why); /* stale: the image */
		return TRUE;
	}
	finishing *f = g_new0(finishing, 1);
	*f = (finishing){.r = r,
			 .prev = prev,
			 .prev_intact = prev_intact,
			 .why = why,
			 .drawn = drawn,
			 .w = w,
			 .target = g_steal_pointer(&target),
			 .same_as = g_strdup(same_as)};
	if (!j->finisher) {
		/* two: a series' files (the cards and their sheets) finish side by side */
		gint threads = (gint)MIN(2, g_get_num_processors());
		j->finisher = g_thread_pool_new(finish_pdf, NULL, threads, FALSE, NULL);
		j->finishing = g_ptr_array_new();
	}
	g_ptr_array_add(j->finishing, f);
	g_thread_pool_push(j->finisher, f, NULL);
	return TRUE;
}

/* Waits for the PDFs on the side and settles their records, in file order.  The first
 * environment failure among them becomes the job's error. */
void
pb_job_finish_files(pb_job *j)
{
	if (!j->finisher)
		return;
	g_thread_pool_free(j->finisher, FALSE, TRUE); /* waits for every one */
	j->finisher = NULL;
	for (guint i = 0; i < j->finishing->len; i++) {
		finishing *f = j->finishing->pdata[i];
		if (f->ok)
			record_written(f->r, &f->done, f->target);
		/* a photo the pass could not read: reported at its line, the file stale as when
		 * Cairo's drawing meets one */
		if (!f->ok && pb_job_render_failed(j, f->at, f->r->path, &f->error))
			f->ok = TRUE;
		settle(f->r, f->prev, f->prev_intact, f->ok, f->error, f->done.unchanged, f->why);
		if (f->error && !j->error)
			j->error = g_steal_pointer(&f->error);
		g_clear_error(&f->error);
		g_free(f->target);
		g_free(f->same_as);
		g_free(f);
	}
	g_clear_pointer(&j->finishing, g_ptr_array_unref);
}

/* Page `page` of `f` (or all of it, for a PDF) as `ext`: stale, unchanged or written, as a
 * record of the job; a PDF's is settled by pb_job_finish_files.  `frames` is the document's frame
 * hash for that format. */
void
pb_job_file(pb_job *j, const pb_file *f, guint page, const char *ext, const char *hash,
	    const char *frames, GPtrArray *stopping, GPtrArray *concerning, GPtrArray *why,
	    pb_late *late)
{
	const pb_build_options *opt = j->sh->opt;
	gboolean paged = strcmp(ext, "pdf") && f->doc->pages->len > 1;
	g_autofree char *path =
	    paged ? g_strdup_printf("%s/%s-%u.%s", j->output->id.s, f->name, page + 1, ext)
		  : g_strdup_printf("%s/%s.%s", j->output->id.s, f->name, ext);
	pb_record *r = record_of(j, f, path, ext, hash);
	if (strcmp(ext, "pdf"))
		r->pages = 1;
	g_ptr_array_add(j->records, r);
	for (guint i = 0; i < concerning->len; i++)
		g_ptr_array_add(r->findings, pb_finding_new(concerning->pdata[i]));
	pb_record *prev = pb_records_file(j->sh->prev, r->path);
	gboolean prev_intact = prev && pb_job_intact(j, prev);
	char *shows = paged ? g_strdup_printf("%s#%u", frames, page + 1) : g_strdup(frames);
	/* only a PDF about to be drawn takes the borders' findings after: it is drawn meanwhile */
	gboolean drawing = !stopping->len && !strcmp(ext, "pdf") &&
			   (opt->force || !prev_intact || g_strcmp0(prev->frames, shows));
	if (!drawing)
		pb_job_late_findings(j, late, stopping, concerning, r);
	if (stopping->len) {
		g_free(shows);
		stopped(r, prev, prev_intact);
		return;
	}
	r->frames = shows;
	if (!opt->force && prev_intact && !g_strcmp0(prev->frames, r->frames)) {
		r->status = PB_FILE_UNCHANGED;
		keep_previous(r, prev);
		return;
	}
	/* --force writes the file again even when its bytes come out the same */
	const char *same_as = prev_intact && !opt->force ? prev->file.sha256 : NULL;
	if (!strcmp(ext, "pdf")) {
		if (!draw_pdf(j, f->doc, r, prev, prev_intact, same_as, why, stopping, concerning,
			      late, &j->error))
			settle(r, prev, prev_intact, FALSE, j->error, FALSE, why);
		return;
	}
	gboolean unchanged = FALSE;
	gboolean ok =
	    render_to(j, f->doc, page, ext, r, same_as, &unchanged, &j->error) && !j->error;
	settle(r, prev, prev_intact, ok, j->error, unchanged, why);
}
