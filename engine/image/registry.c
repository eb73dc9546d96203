/* registry.c — the image registry; see images.h. */
#include "images.h"

typedef struct entry {
	gboolean ok;
	pb_image_info info; /* when ok */
	char *why;          /* when !ok */
} entry;

struct pb_images {
	GHashTable *files; /* fs path -> entry*, both owned */
};

static void
entry_free(gpointer p)
{
	entry *e = p;
	g_free(e->why);
	g_free(e);
}

pb_images *
pb_images_new(void)
{
	pb_images *r = g_new0(pb_images, 1);
	r->files = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, entry_free);
	return r;
}

void
pb_images_free(pb_images *r)
{
	if (!r)
		return;
	g_hash_table_unref(r->files);
	g_free(r);
}

const pb_image_info *
pb_images_probe(pb_images *r, const char *fs, const char **why)
{
	entry *e = g_hash_table_lookup(r->files, fs);
	if (!e) {
		e = g_new0(entry, 1);
		g_autoptr(GError) err = NULL;
		e->ok = pb_image_probe(fs, &e->info, &err);
		if (!e->ok)
			e->why = g_strdup(err->message);
		g_hash_table_insert(r->files, g_strdup(fs), e);
	}
	if (why)
		*why = e->why;
	return e->ok ? &e->info : NULL;
}

const pb_image_info *
pb_images_lookup(const pb_images *r, const char *fs)
{
	const entry *e = fs ? g_hash_table_lookup(r->files, fs) : NULL;
	return e && e->ok ? &e->info : NULL;
}

const char *
pb_images_failure(const pb_images *r, const char *fs)
{
	const entry *e = fs ? g_hash_table_lookup(r->files, fs) : NULL;
	return e ? e->why : NULL;
}

void
pb_images_insert(pb_images *r, const char *fs, const pb_image_info *info)
{
	entry *e = g_new0(entry, 1);
	e->ok = TRUE;
	e->info = *info;
	g_hash_table_replace(r->files, g_strdup(fs), e);
}

guint
pb_images_count(const pb_images *r)
{
	return g_hash_table_size(r->files);
}
