/* writer.h — the one way paiban writes a file: atomically, hashed as it goes, never half.
 *
 * A writer opens a hidden temporary beside its target (`DIR/.NAME.tmp-XXXXXX`, in the same
 * folder so the final rename is atomic), takes the bytes as they are produced (computing their
 * sha256 on the way, so the file is never read back to be hashed), and on commit makes them
 * durable (fsync) and renames them over the target.  Until then the target keeps its previous
 * good bytes; on abort, or when the process dies, only a hidden temporary is left, which
 * pb_writer_sweep removes at the start of the next build.
 *
 * A commit whose bytes equal what the target already holds (`same_as`, its recorded sha256)
 * leaves the target untouched: same inode, same mtime.
 */
#ifndef PB_WRITER_H
#define PB_WRITER_H

#include <glib.h>
#include <stdio.h>

typedef struct pb_writer pb_writer;

/* Opens a temporary beside `target`, creating the target's folder if needed.  NULL with
 * `error` (G_FILE_ERROR) when it cannot.  The writes of an output stop when the build is
 * interrupted (pb_writer_set_cancel); those of the records (build.json) do not: they must
 * say what finished. */
pb_writer *pb_writer_open(const char *target, GError **error);
pb_writer *pb_writer_open_record(const char *target, GError **error);

/* Appends bytes.  FALSE with `error` on a failed write (a full disk); the writer is then in
 * error and commit refuses. */
gboolean pb_writer_write(pb_writer *w, const void *data, gsize len, GError **error);

/* The temporary's path (for a reader that needs a name, qpdf) and its stream (flushed before
 * anyone reads the file by name).  Borrowed. */
const char *pb_writer_temp_path(pb_writer *w);
gboolean pb_writer_flush(pb_writer *w, GError **error);

/* Bytes written so far. */
gsize pb_writer_size(const pb_writer *w);

typedef struct pb_written {
	char sha256[65];    /* lowercase hex of the bytes */
	gsize size;         /* bytes */
	gboolean unchanged; /* the target already held these bytes and was left as it was */
} pb_written;

/* Makes the bytes durable and puts them in place (see above), then frees the writer.  FALSE
 * with `error` when anything failed; the target then keeps its previous bytes and the
 * temporary is gone.  `same_as` may be NULL. */
gboolean pb_writer_commit(pb_writer *w, const char *same_as, pb_written *out, GError **error);

/* Drops the temporary and frees the writer.  NULL is fine. */
void pb_writer_abort(pb_writer *w);

/* Whole files in one call: `bytes` to `target` through a writer (an output's, or with
 * pb_write_record a record's, which an interrupt does not stop). */
gboolean pb_write_bytes(const char *target, const void *data, gsize len, const char *same_as,
			pb_written *out, GError **error);
gboolean pb_write_record(const char *target, const void *data, gsize len, GError **error);

/* TRUE when `name` is one of our temporaries (".x.pdf.tmp-AB12CD"). */
gboolean pb_writer_is_temp(const char *name);

/* Removes every temporary an interrupted build left anywhere under `dir`; returns how many. */
guint pb_writer_sweep(const char *dir);

/* Removes the files under `dir` (in its folders too, never through a link) that `doomed` says
 * so of, given the path relative to `dir`, the name and the full path; returns how many. */
typedef gboolean (*pb_doomed_fn)(const char *rel, const char *name, const char *path,
				 gpointer data);
guint pb_sweep_tree(const char *dir, pb_doomed_fn doomed, gpointer data);

/* Called by the writers between writes: when it returns TRUE (SIGINT or SIGTERM arrived), a
 * write fails with G_IO_ERROR_CANCELLED.  NULL for never. */
void pb_writer_set_cancel(gboolean (*cancelled)(void));

#endif
