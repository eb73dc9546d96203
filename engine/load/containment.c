/* containment.c — paths judged by where their symbolic links lead; see containment.h.
 *
 * realpath(3) resolves every link and every "..", so the answer is the kernel's own idea of
 * the file that open() would reach.  Links that stay inside the folder keep working (a
 * shared/ folder linked into two colleges' folders, say).  This is a check at load time: a link
 * swapped between the check and the render is outside what a manifest can do by itself.
 */
#include "containment.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct pb_containment {
	char *root;          /* the folder's real path; NULL when it cannot be resolved */
	GHashTable *answers; /* fs path -> GINT_TO_POINTER(1 inside, 2 outside), owned keys */
	GHashTable *folders; /* a file's folder -> its real path ("" when it cannot be resolved),
			      * both owned */
};

pb_containment *
pb_containment_new(const char *folder)
{
	pb_containment *c = g_new0(pb_containment, 1);
	c->root = realpath(folder && *folder ? folder : ".", NULL);
	c->answers = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	c->folders = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	return c;
}

void
pb_containment_free(pb_containment *c)
{
	if (!c)
		return;
	free(c->root);
	g_hash_table_unref(c->answers);
	g_hash_table_unref(c->folders);
	g_free(c);
}

/* The real path of `fs`, or of its deepest existing ancestor: what `fs` would be reached
 * through.  NULL when not even "." resolves.  free() the result. */
static char *
real_or_ancestor(const char *fs)
{
	g_autofree char *p = g_strdup(fs);
	for (;;) {
		char *real = realpath(p, NULL);
		if (real || (errno != ENOENT && errno != ENOTDIR))
			return real;
		char *slash = strrchr(p, '/');
		if (!slash)
			return realpath(".", NULL);
		if (slash == p)
			return realpath("/", NULL);
		*slash = 0;
	}
}

static gboolean
is_under(const char *root, const char *path)
{
	gsize n = strlen(root);
	if (n == 1 && root[0] == '/')
		return TRUE; /* the manifest sits at / : everything is under it */
	return !strncmp(path, root, n) && (path[n] == 0 || path[n] == '/');
}

gboolean
pb_containment_inside(pb_containment *c, const char *fs)
{
	if (!c->root)
		return TRUE;
	gpointer known = g_hash_table_lookup(c->answers, fs);
	if (known)
		return GPOINTER_TO_INT(known) == 1;
	/* A file that is no link (or is not there) is where its folder is: the folder is
	 * resolved once for all its files (a roll's thousand ID photos share a few), and the
	 * file costs one lstat instead of realpath's one a component. */
	const char *slash = strrchr(fs, '/');
	GStatBuf st;
	const gboolean exists = g_lstat(fs, &st) == 0;
	if (slash && slash != fs && slash[1] && (exists ? !S_ISLNK(st.st_mode) : errno == ENOENT)) {
		g_autofree char *folder = g_strndup(fs, (gsize)(slash - fs));
		const char *real = g_hash_table_lookup(c->folders, folder);
		if (!real) {
			char *r = real_or_ancestor(folder);
			real = r ? g_strdup(r) : g_strdup("");
			free(r);
			g_hash_table_insert(c->folders, g_steal_pointer(&folder), (gpointer)real);
		}
		if (*real) {
			/* the file's real path is its folder's and its name; an absent file is
			 * reached through its folder (or that folder's deepest existing ancestor),
			 * as real_or_ancestor has it */
			g_autofree char *joined = exists ? g_strconcat(real, slash, NULL) : NULL;
			gboolean inside = is_under(c->root, exists ? joined : real);
			g_hash_table_insert(c->answers, g_strdup(fs),
					    GINT_TO_POINTER(inside ? 1 : 2));
			return inside;
		}
	}
	char *real = real_or_ancestor(fs);
	/* A path that cannot be resolved for another reason (a loop of links, no permission) is
	 * not judged here: opening it fails the same way, and the check names that. */
	gboolean inside = !real || is_under(c->root, real);
	free(real);
	g_hash_table_insert(c->answers, g_strdup(fs), GINT_TO_POINTER(inside ? 1 : 2));
	return inside;
}

char *
pb_path_inside_spelled(const char *folder, const char *rel)
{
	if (g_path_is_absolute(rel) || g_path_is_absolute(folder))
		return NULL;
	g_autofree char *joined = *folder ? g_strconcat(folder, "/", rel, NULL) : g_strdup(rel);
	g_auto(GStrv) parts = g_strsplit(joined, "/", -1);
	GPtrArray *kept = g_ptr_array_new();
	gboolean escaped = FALSE;
	for (char **p = parts; *p; p++) {
		if (!**p || strcmp(*p, ".") == 0)
			continue;
		if (strcmp(*p, "..") == 0) {
			if (kept->len == 0) {
				escaped = TRUE;
				break;
			}
			g_ptr_array_set_size(kept, kept->len - 1);
			continue;
		}
		g_ptr_array_add(kept, *p);
	}
	char *out = NULL;
	if (!escaped) {
		g_ptr_array_add(kept, NULL);
		out = g_strjoinv("/", (char **)kept->pdata);
	}
	g_ptr_array_free(kept, TRUE);
	return out;
}

char *
pb_path_backslash_hint(const char *dir, const char *shown, const char *written, const char *why)
{
	if (!why || strcmp(why, "no such file") || !strchr(shown, '\\'))
		return g_strdup("");
	const char *plain = " (folders are divided by /; a \\ is part of a file's name here)";
	g_autofree char *slashed = g_strdup(shown);
	g_strdelimit(slashed, "\\", '/');
	g_autofree char *meant = pb_path_inside_spelled("", slashed); /* "a//b" is "a/b" */
	if (!meant || !*meant)
		return g_strdup(plain);
	g_autofree char *fs =
	    strcmp(dir, ".") ? g_build_filename(dir, meant, NULL) : g_strdup(meant);
	g_autoptr(pb_containment) inside = pb_containment_new(dir);
	if (!pb_containment_inside(inside, fs) || !g_file_test(fs, G_FILE_TEST_IS_REGULAR))
		return g_strdup(plain);
	/* named as it is to be written, where it was written: under a college's folder, relative
	 * to that folder, each run of slashes one */
	GString *as_written = g_string_new(NULL);
	for (const char *p = written ? written : shown; *p; p++) {
		char ch = *p == '\\' ? '/' : *p;
		if (ch != '/' || !as_written->len || as_written->str[as_written->len - 1] != '/')
			g_string_append_c(as_written, ch);
	}
	g_autofree char *w = g_string_free(as_written, FALSE);
	return g_strdup_printf("; did you mean '%s'? (folders are divided by /, not \\)", w);
}
