/* writer.c — atomic, hashed, never-half file writes; see writer.h.
 *
 * Why not g_file_set_contents_full: it needs the whole file in memory (a board is 15 MB, an
 * insert run 100), it names its temporary "NAME.XXXXXX" (visible, and not ours to sweep), and
 * it cannot leave an identical target untouched.  The steps are the same: temporary in the
 * target's folder, fsync, rename.
 *
 * A temporary is flock()ed from its creation until it is renamed or removed, so that the sweep
 * of a build started meanwhile into the same folder (--only jobs shared out by a scheduler)
 * tells a live temporary from one an interrupted build left, and removes only the latter: the
 * lock dies with the process that held it.
 */
#define _GNU_SOURCE /* sync_file_range */
#include "writer.h"
#include "sha256-bg.h"

#include <errno.h>
#include <gio/gio.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

struct pb_writer {
	char *target;
	char *temp;
	FILE *fp;
	pb_sha256_bg *sum; /* hashed on a thread of its own past a mebibyte */
	gsize size;
	gsize kicked;         /* bytes handed to the kernel's writeback so far (kick_writeback) */
	int error;            /* errno of the first failed write */
	gboolean cancellable; /* an interrupt stops it */
};

static gboolean (*cancel_check)(void);

void
pb_writer_set_cancel(gboolean (*cancelled)(void))
{
	cancel_check = cancelled;
}

static gboolean
set_errno_error(GError **error, int e, const char *what, const char *path)
{
	g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(e), "cannot %s '%s': %s", what,
		    path, g_strerror(e));
	return FALSE;
}

static pb_writer *
writer_open(const char *target, gboolean cancellable, GError **error)
{
	g_autofree char *dir = g_path_get_dirname(target);
	g_autofree char *base = g_path_get_basename(target);
	if (g_mkdir_with_parents(dir, 0755) != 0) {
		int e = errno;
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(e),
			    "cannot create folder '%s': %s", dir, g_strerror(e));
		return NULL;
	}
	g_autofree char *name = g_strconcat(".", base, ".tmp-XXXXXX", NULL);
	char *temp = g_build_filename(dir, name, NULL);
	int fd = g_mkstemp_full(temp, O_WRONLY | O_CLOEXEC, 0644);
	if (fd >= 0)
		flock(fd, LOCK_EX); /* new, so nobody else holds it: this cannot block */
	FILE *fp = fd >= 0 ? fdopen(fd, "wb") : NULL;
	if (!fp) {
		int e = errno;
		if (fd >= 0) {
			close(fd);
			g_unlink(temp);
		}
		g_free(temp);
		set_errno_error(error, e, "create a file beside", target);
		return NULL;
	}
	pb_writer *w = g_new0(pb_writer, 1);
	w->target = g_strdup(target);
	w->temp = temp;
	w->fp = fp;
	w->sum = pb_sha256_bg_new();
	w->cancellable = cancellable;
	return w;
}

pb_writer *
pb_writer_open(const char *target, GError **error)
{
	return writer_open(target, TRUE, error);
}

pb_writer *
pb_writer_open_record(const char *target, GError **error)
{
	return writer_open(target, FALSE, error);
}

/* Every 8 MiB of a large file, the bytes so far start on their way to the disk while the rest
 * is made, so that the commit's fsync waits only for the last of them (a roll of 1,000
 * honorees is 36 MB: its fsync took 26 ms).  The flush is checked like any write (stdio drops
 * what a failed flush held, and a later flush would not say so); the writeback is a hint, and
 * the fsync at the commit is what makes the bytes durable. */
static void
kick_writeback(pb_writer *w)
{
	const gsize step = 8u << 20;
	if (w->size - w->kicked < step)
		return;
	if (fflush(w->fp) != 0) {
		w->error = errno ? errno : EIO;
		return;
	}
#ifdef __linux__
	sync_file_range(fileno(w->fp), (off_t)w->kicked, (off_t)(w->size - w->kicked),
			SYNC_FILE_RANGE_WRITE);
#endif
	w->kicked = w->size;
}

gboolean
pb_writer_write(pb_writer *w, const void *data, gsize len, GError **error)
{
	if (!w->error && w->cancellable && cancel_check && cancel_check())
		w->error = ECANCELED;
	if (!w->error && len && fwrite(data, 1, len, w->fp) != len)
		w->error = errno ? errno : EIO;
	if (!w->error) {
		pb_sha256_bg_update(w->sum, data, len);
		w->size += len;
		kick_writeback(w);
	}
	if (w->error) {
		if (w->error == ECANCELED)
			g_set_error(error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
				    "interrupted while writing '%s'", w->target);
		else
			set_errno_error(error, w->error, "write", w->target);
		return FALSE;
	}
	return TRUE;
}

const char *
pb_writer_temp_path(pb_writer *w)
{
	return w->temp;
}

gboolean
pb_writer_flush(pb_writer *w, GError **error)
{
	if (!w->error && fflush(w->fp) != 0)
		w->error = errno ? errno : EIO;
	return w->error ? set_errno_error(error, w->error, "write", w->target) : TRUE;
}

gsize
pb_writer_size(const pb_writer *w)
{
	return w->size;
}

static void
writer_free(pb_writer *w)
{
	if (w->fp)
		fclose(w->fp);
	if (w->sum)
		pb_sha256_bg_finish(w->sum, (char[65]){0});
	g_free(w->target);
	g_free(w->temp);
	g_free(w);
}

void
pb_writer_abort(pb_writer *w)
{
	if (!w)
		return;
	if (w->fp) {
		fclose(w->fp);
		w->fp = NULL;
	}
	g_unlink(w->temp);
	writer_free(w);
}

/* The target holds `size` bytes: cheap evidence, with the recorded hash, that it is intact. */
static gboolean
target_has_size(const char *target, gsize size)
{
	GStatBuf st;
	return g_stat(target, &st) == 0 && S_ISREG(st.st_mode) && (gsize)st.st_size == size;
}

gboolean
pb_writer_commit(pb_writer *w, const char *same_as, pb_written *out, GError **error)
{
	pb_written done = {{0}, w->size, FALSE};
	pb_sha256_bg_finish(g_steal_pointer(&w->sum), done.sha256);
	gboolean ok = pb_writer_flush(w, error);
	if (ok && ferror(w->fp)) /* a failed write stdio did not report, should there be one */
		ok = set_errno_error(error, EIO, "write", w->target);
	if (ok && same_as && !strcmp(same_as, done.sha256) && target_has_size(w->target, w->size)) {
		done.unchanged = TRUE;
		pb_writer_abort(w);
		if (out)
			*out = done;
		return TRUE;
	}
	/* Durable before it replaces the previous good file; renamed while still open, so its
	 * lock keeps another build's sweep off it to the end. */
	if (ok && (fsync(fileno(w->fp)) != 0))
		ok = set_errno_error(error, errno, "write", w->target);
	if (ok && g_rename(w->temp, w->target) != 0)
		ok = set_errno_error(error, errno, "write", w->target);
	if (!ok) {
		pb_writer_abort(w);
		return FALSE;
	}
	int fail = fclose(w->fp); /* flushed and synced: nothing is left to fail but the call */
	w->fp = NULL;
	if (fail != 0) {
		set_errno_error(error, errno, "write", w->target);
		writer_free(w);
		return FALSE;
	}
	writer_free(w);
	if (out)
		*out = done;
	return TRUE;
}

static gboolean
write_bytes(pb_writer *w, const void *data, gsize len, const char *same_as, pb_written *out,
	    GError **error)
{
	if (!w)
		return FALSE;
	if (!pb_writer_write(w, data, len, error)) {
		pb_writer_abort(w);
		return FALSE;
	}
	return pb_writer_commit(w, same_as, out, error);
}

gboolean
pb_write_bytes(const char *target, const void *data, gsize len, const char *same_as,
	       pb_written *out, GError **error)
{
	return write_bytes(pb_writer_open(target, error), data, len, same_as, out, error);
}

gboolean
pb_write_record(const char *target, const void *data, gsize len, GError **error)
{
	return write_bytes(pb_writer_open_record(target, error), data, len, NULL, NULL, error);
}

gboolean
pb_writer_is_temp(const char *name)
{
	const char *t = strstr(name, ".tmp-");
	return name[0] == '.' && t && strlen(t) == strlen(".tmp-XXXXXX");
}

/* No writer holds the temporary `path`: its lock can be taken at once.  (Taken, then dropped
 * on close: a writer never reopens a temporary it lost.) */
static gboolean
abandoned(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	if (fd < 0)
		return FALSE;
	gboolean free = flock(fd, LOCK_EX | LOCK_NB) == 0;
	close(fd);
	return free;
}

static guint
sweep_under(const char *root, const char *dir, pb_doomed_fn doomed, gpointer data)
{
	g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
	if (!d)
		return 0;
	guint n = 0;
	for (const char *name; (name = g_dir_read_name(d));) {
		g_autofree char *path = g_build_filename(dir, name, NULL);
		GStatBuf st;
		if (g_lstat(path, &st) != 0 || S_ISLNK(st.st_mode))
			continue; /* never follow a link out of the output folder */
		if (S_ISDIR(st.st_mode))
			n += sweep_under(root, path, doomed, data);
		else if (doomed(path + strlen(root) + 1, name, path, data) && g_unlink(path) == 0)
			n++;
	}
	return n;
}

guint
pb_sweep_tree(const char *dir, pb_doomed_fn doomed, gpointer data)
{
	return sweep_under(dir, dir, doomed, data);
}

static gboolean
is_abandoned_temp(const char *rel, const char *name, const char *path, gpointer unused)
{
	return pb_writer_is_temp(name) && abandoned(path);
}

guint
pb_writer_sweep(const char *dir)
{
	return pb_sweep_tree(dir, is_abandoned_temp, NULL);
}
