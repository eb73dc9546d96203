/* filesum.c — file sums with a stat fast path; see filesum.h. */
#include "filesum.h"
#include "sha256.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

typedef enum state { NOT_ASKED, HASHING, DONE } state;

typedef struct entry {
	pb_filestat known; /* what a previous build recorded; sha256 "" when nothing */
	pb_filestat now;   /* this run's, once asked */
	state state;
	gboolean ok;
} entry;

struct pb_filesums {
	gboolean stat_only; /* sums are of the stat, never of the bytes */
	GMutex lock;
	GCond done;        /* an entry became DONE */
	GHashTable *files; /* path -> entry*, both owned */
};

pb_filesums *
pb_filesums_new(void)
{
	pb_filesums *s = g_new0(pb_filesums, 1);
	g_mutex_init(&s->lock);
	g_cond_init(&s->done);
	s->files = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	return s;
}

pb_filesums *
pb_filesums_new_stat_only(void)
{
	pb_filesums *s = pb_filesums_new();
	s->stat_only = TRUE;
	return s;
}

void
pb_filesums_free(pb_filesums *s)
{
	if (!s)
		return;
	g_hash_table_unref(s->files);
	g_cond_clear(&s->done);
	g_mutex_clear(&s->lock);
	g_free(s);
}

gboolean
pb_filestat_of(const char *path, pb_filestat *out)
{
	GStatBuf st;
	memset(out, 0, sizeof *out);
	if (g_stat(path, &st) != 0 || !S_ISREG(st.st_mode))
		return FALSE;
	out->size = st.st_size;
	out->mtime = (gint64)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
	out->inode = st.st_ino;
	out->device = st.st_dev;
	return TRUE;
}

static entry *
entry_for(pb_filesums *s, const char *path)
{
	entry *e = g_hash_table_lookup(s->files, path);
	if (!e) {
		e = g_new0(entry, 1);
		g_hash_table_insert(s->files, g_strdup(path), e);
	}
	return e;
}

void
pb_filesums_know(pb_filesums *s, const char *path, const pb_filestat *st)
{
	g_mutex_lock(&s->lock);
	entry_for(s, path)->known = *st;
	g_mutex_unlock(&s->lock);
}

gboolean
pb_filestat_same(const pb_filestat *a, const pb_filestat *b)
{
	return a->size == b->size && a->mtime == b->mtime && a->inode == b->inode &&
	       a->device == b->device;
}

/* The stat-only "sum": the SHA-256 of the stat's fields, in the sum's slot. */
static void
stat_sum(pb_filestat *st)
{
	gint64 fields[] = {st->size, st->mtime, (gint64)st->inode, (gint64)st->device};
	g_autofree char *hex =
	    g_compute_checksum_for_data(G_CHECKSUM_SHA256, (const guchar *)fields, sizeof fields);
	g_strlcpy(st->sha256, hex, sizeof st->sha256);
}

const char *
pb_filesums_get(pb_filesums *s, const char *path)
{
	g_mutex_lock(&s->lock);
	entry *e = entry_for(s, path);
	if (e->state == NOT_ASKED) {
		/* hashed outside the lock, so workers hash different files at once; a second
		 * asker of this one waits for it instead of hashing the same bytes */
		e->state = HASHING;
		pb_filestat known = e->known, now;
		g_mutex_unlock(&s->lock);
		gboolean ok = pb_filestat_of(path, &now);
		if (ok && s->stat_only)
			stat_sum(&now);
		else if (ok && known.sha256[0] && pb_filestat_same(&now, &known))
			memcpy(now.sha256, known.sha256, sizeof now.sha256);
		else if (ok)
			ok = pb_sha256_file(path, now.sha256, NULL);
		g_mutex_lock(&s->lock);
		e->now = now;
		e->ok = ok;
		e->state = DONE;
		g_cond_broadcast(&s->done);
	}
	while (e->state == HASHING)
		g_cond_wait(&s->done, &s->lock);
	const char *sum = e->ok ? e->now.sha256 : NULL;
	g_mutex_unlock(&s->lock);
	return sum;
}

gboolean
pb_filesums_lookup(pb_filesums *s, const char *path, pb_filestat *out)
{
	g_mutex_lock(&s->lock);
	entry *e = g_hash_table_lookup(s->files, path);
	gboolean ok = e && e->state == DONE && e->ok;
	if (ok)
		*out = e->now;
	g_mutex_unlock(&s->lock);
	return ok;
}

static gint
by_name(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

GPtrArray *
pb_filesums_paths(pb_filesums *s)
{
	g_mutex_lock(&s->lock);
	GPtrArray *out = g_ptr_array_new();
	GHashTableIter it;
	gpointer key, value;
	g_hash_table_iter_init(&it, s->files);
	while (g_hash_table_iter_next(&it, &key, &value))
		if (((entry *)value)->state == DONE && ((entry *)value)->ok)
			g_ptr_array_add(out, key);
	g_mutex_unlock(&s->lock);
	g_ptr_array_sort(out, by_name);
	return out;
}
