/* job-file.h — one output file of a job: its record, and the file rendered and written.
 *
 * A file is stale (an error stops it: the previous good file stays and its record says which
 * bytes it is), unchanged (the same frames as build.json records, and the file on disk still
 * the one recorded), or rendered through the writer.  A PDF is drawn by Cairo on the job's
 * thread (Pango's fonts serve one thread) and then finished, the qpdf pass and the commit, on
 * a thread of the job's own while the job draws its next file; pb_job_finish_files waits for
 * those and settles their records, in file order.
 *
 * Internal to build/.
 */
#ifndef PB_JOB_FILE_H
#define PB_JOB_FILE_H

#include "job.h"

/* `path` (relative to OUTDIR, as records have it) on disk: a new string. */
char *pb_job_disk_path(const pb_job *j, const char *path);

/* The recorded file is still the one on disk: the same stat (cheap), or failing that the same
 * bytes (a copied folder keeps its files, not their inodes), when `r` takes the new stat. */
gboolean pb_job_intact(const pb_job *j, pb_record *r);

/* A file that could not be rendered because of an image is an error of that file, reported at
 * the image's manifest line (`at`), and TRUE with *error cleared; any other error is left in
 * *error, and FALSE. */
gboolean pb_job_render_failed(pb_job *j, pb_loc at, const char *path, GError **error);

/* Page `page` of `f` (or all of it, for a PDF) as `ext` ("pdf", "svg", "png"): its record
 * added to the job's, stale, unchanged or written.  `frames` is the document's frame hash for
 * that format, `hash` the series' input hash, `stopping` and `concerning` the findings that
 * stop it or are shown with it, `why` what changed in the series.  With `late` not yet taken,
 * the borders' findings are added to those once a PDF is drawn (the ID photos' borders are
 * read meanwhile), and before anything else is decided or rendered.  A PDF's record is settled
 * by pb_job_finish_files, which must be called before `f`, `why` and the records are used. */
void pb_job_file(pb_job *j, const pb_file *f, guint page, const char *ext, const char *hash,
		 const char *frames, GPtrArray *stopping, GPtrArray *concerning, GPtrArray *why,
		 pb_late *late);

/* Waits for the job's PDFs being finished and settles their records; the first environment
 * failure among them becomes the job's error.  Nothing to do when none is pending. */
void pb_job_finish_files(pb_job *j);

#endif
