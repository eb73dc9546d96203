/* walk.c — the files of a submission folder, by lstat, never through a link; see walk.h. */
#include "walk.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

static void
file_free(gpointer p)
{
	pb_walk_file *f = p;
	g_free(f->rel);
	g_free(f->path);
	g_free(f->shown);
	g_free(f->dir);
	g_free(f->name);
	g_free(f->stem);
	g_free(f);
}

static pb_file_kind
kind_of(const char *name)
{
	g_autofree char *lower = g_ascii_strdown(name, -1);
	static const char *const images[] = {".jpg", ".jpeg", ".png", ".svg"};
	for (gsize i = 0; i < G_N_ELEMENTS(images); i++)
		if (g_str_has_suffix(lower, images[i]))
			return PB_FILE_IMAGE;
	if (g_str_has_suffix(lower, ".docx"))
		return PB_FILE_DOCX;
	if (g_str_has_suffix(lower, ".doc") || g_str_has_suffix(lower, ".wps"))
		return PB_FILE_WORD97;
	return PB_FILE_OTHER;
}

static gboolean
skipped_quietly(const char *name)
{
	static const char *const junk[] = {"Thumbs.db", "desktop.ini", "manifest.yaml", NULL};
	return name[0] == '.' || g_str_has_prefix(name, "~$") || g_strv_contains(junk, name);
}

/* A name and its collation key (made once, not at every comparison of the sort). */
typedef struct named {
	char *name, *key;
} named;

static int
by_name(gconstpointer a, gconstpointer b)
{
	const named *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	return c ? c : strcmp(x->name, y->name);
}

/* The entries of `dir`, sorted, each checked with lstat.  NULL with `error` when `dir` cannot
 * be opened. */
static GPtrArray *
entries(const char *dir, GError **error)
{
	GDir *d = g_dir_open(dir, 0, error);
	if (!d)
		return NULL;
	g_autoptr(GArray) sorted = g_array_new(FALSE, FALSE, sizeof(named));
	for (const char *n; (n = g_dir_read_name(d));) {
		named e = {g_strdup(n), g_utf8_collate_key_for_filename(n, -1)};
		g_array_append_val(sorted, e);
	}
	g_dir_close(d);
	g_array_sort(sorted, by_name);
	GPtrArray *names = g_ptr_array_new_full(sorted->len, g_free);
	for (guint i = 0; i < sorted->len; i++) {
		named *e = &g_array_index(sorted, named, i);
		g_ptr_array_add(names, e->name);
		g_free(e->key);
	}
	return names;
}

typedef struct walker {
	pb_diags *diags;
	GPtrArray *out;
	gboolean recurse;
	gboolean warned_full;
} walker;

/* What a path is, by lstat: 'f' regular file, 'd' folder, 'l' link, 's' anything else, 0 gone. */
static char
what_is(const char *path)
{
	GStatBuf st;
	if (g_lstat(path, &st) != 0)
		return 0;
	return S_ISLNK(st.st_mode)   ? 'l'
	       : S_ISREG(st.st_mode) ? 'f'
	       : S_ISDIR(st.st_mode) ? 'd'
				     : 's';
}

static void
warn(walker *w, const char *shown, const char *rule, const char *message)
{
	g_autofree char *escaped = pb_diag_escape(shown);
	pb_diag_warning(w->diags, pb_loc_make(escaped, 0, 0), rule, "%s", message);
}

static void
walk(walker *w, const char *fs, const char *shown, const char *rel, guint depth)
{
	g_autoptr(GError) err = NULL;
	g_autoptr(GPtrArray) names = entries(fs, &err);
	if (!names) {
		warn(w, shown, "init.read", err->message);
		return;
	}
	GPtrArray *folders = g_ptr_array_new_with_free_func(g_free);
	for (guint i = 0; i < names->len; i++) {
		const char *name = names->pdata[i];
		if (skipped_quietly(name))
			continue;
		g_autofree char *path = g_build_filename(fs, name, NULL);
		g_autofree char *at = g_build_filename(shown, name, NULL);
		if (!g_utf8_validate(name, -1, NULL)) {
			/* a zip made on a Chinese Windows names its files in GBK: say what the
			 * name reads as there, so the user knows what to rename it to */
			g_autofree char *gbk =
			    g_convert(name, -1, "UTF-8", "GB18030", NULL, NULL, NULL);
			g_autofree char *why =
			    gbk ? g_strdup_printf("this name is not UTF-8 (from a zip made on "
						  "another system?); in GBK it reads '%s': rename "
						  "it so; left out",
						  gbk)
				: g_strdup("this name is not UTF-8 (from a zip made on another "
					   "system?): rename it; left out");
			warn(w, at, "init.name", why);
			continue;
		}
		switch (what_is(path)) {
		case 'l':
			warn(w, at, "init.link",
			     "a symbolic link: init reads nothing outside the folder it is given, "
			     "and follows no link; left out");
			continue;
		case 's':
			warn(w, at, "init.special", "not a regular file or folder; left out");
			continue;
		case 0:
			continue;
		case 'd':
			if (w->recurse)
				g_ptr_array_add(folders, g_strdup(name));
			continue;
		default:
			break;
		}
		if (w->out->len >= PB_WALK_MAX_FILES) {
			if (!w->warned_full)
				warn(w, at, "init.limit",
				     "more than 20000 files: the rest are left out");
			w->warned_full = TRUE;
			continue;
		}
		pb_walk_file *f = g_new0(pb_walk_file, 1);
		f->rel = *rel ? g_strconcat(rel, "/", name, NULL) : g_strdup(name);
		f->path = g_steal_pointer(&path);
		f->shown = g_steal_pointer(&at);
		f->dir = g_strdup(rel);
		f->name = g_strdup(name);
		const char *dot = strrchr(name, '.');
		f->stem =
		    dot && dot != name ? g_strndup(name, (gsize)(dot - name)) : g_strdup(name);
		f->kind = kind_of(name);
		g_ptr_array_add(w->out, f);
	}
	for (guint i = 0; i < folders->len; i++) {
		const char *name = folders->pdata[i];
		g_autofree char *path = g_build_filename(fs, name, NULL);
		g_autofree char *at = g_build_filename(shown, name, NULL);
		if (depth >= PB_WALK_MAX_DEPTH) {
			warn(w, at, "init.limit", "folders nested deeper than 8: left out");
			continue;
		}
		g_autofree char *sub = *rel ? g_strconcat(rel, "/", name, NULL) : g_strdup(name);
		walk(w, path, at, sub, depth + 1);
	}
	g_ptr_array_unref(folders);
}

GPtrArray *
pb_walk_files(const char *folder, const char *shown, gboolean recurse, pb_diags *diags)
{
	walker w = {diags, g_ptr_array_new_with_free_func(file_free), recurse, FALSE};
	walk(&w, folder, shown, "", 0);
	return w.out;
}

GPtrArray *
pb_walk_folders(const char *folder, GError **error)
{
	g_autoptr(GPtrArray) names = entries(folder, error);
	if (!names)
		return NULL;
	GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
	for (guint i = 0; i < names->len; i++) {
		const char *name = names->pdata[i];
		/* links, odd names and special files: pb_walk_files on `folder` names them */
		if (skipped_quietly(name) || !g_utf8_validate(name, -1, NULL))
			continue;
		g_autofree char *path = g_build_filename(folder, name, NULL);
		if (what_is(path) == 'd')
			g_ptr_array_add(out, g_strdup(name));
	}
	return out;
}
