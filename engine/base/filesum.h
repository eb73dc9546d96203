/* filesum.h — what a file's bytes are, for input hashes: its sha256, computed at most once a run
 * and not at all when the file still has the size, modification time and inode a previous
 * build recorded with its sum (the fast path of a rebuild).
 *
 * Shared by the build's workers: every call is thread-safe, and two workers asking for the same
 * file wait for one hash.
 */
#ifndef PB_FILESUM_H
#define PB_FILESUM_H

#include <glib.h>

typedef struct pb_filesums pb_filesums;

/* What is known of a file: its stat and its sum. */
typedef struct pb_filestat {
	gint64 size;   /* bytes */
	gint64 mtime;  /* modification time, nanoseconds since the epoch */
	guint64 inode; /* with the device, the file's identity on disk */
	guint64 device;
	char sha256[65]; /* "" when not known */
} pb_filestat;

pb_filesums *pb_filesums_new(void);
/* A table that reads no file: a file's "sum" is a hash of its stat (size, time, inode).  For a
 * run that records nothing and publishes no hash (`check`), where hashing every photo's bytes
 * would be most of the run. */
pb_filesums *pb_filesums_new_stat_only(void);
void pb_filesums_free(pb_filesums *s);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(pb_filesums, pb_filesums_free)

/* Tells the table what a previous build recorded for `path`. */
void pb_filesums_know(pb_filesums *s, const char *path, const pb_filestat *st);

/* The sum of `path`'s bytes: the recorded one when the file's stat still matches, else computed
 * now.  Borrowed, lives as long as `s`.  NULL when the file cannot be read (its finding is the
 * check's to report). */
const char *pb_filesums_get(pb_filesums *s, const char *path);

/* What this run knows of `path` (after pb_filesums_get), for the records.  FALSE when it was
 * never asked for or could not be read. */
gboolean pb_filesums_lookup(pb_filesums *s, const char *path, pb_filestat *out);

/* Every path asked for this run, sorted (a new array of borrowed strings). */
GPtrArray *pb_filesums_paths(pb_filesums *s);

/* The stat of `path`, FALSE when it cannot be stat'ed. */
gboolean pb_filestat_of(const char *path, pb_filestat *out);

/* The same file as far as a stat can tell: size, modification time, inode and device. */
gboolean pb_filestat_same(const pb_filestat *a, const pb_filestat *b);

#endif
