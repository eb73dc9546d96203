/* inputs.c — the named parts of a series; see inputs.h. */
#include "inputs.h"

#include <string.h>

struct pb_inputs {
	pb_filesums *sums;
	GPtrArray *parts;   /* of pb_part*, owned */
	GHashTable *keys;   /* key -> times used, for " #2" */
	GChecksum *current; /* the open part's values */
};

static void
part_free(gpointer p)
{
	pb_part *part = p;
	g_free(part->key);
	g_free(part->label);
	g_free(part);
}

pb_inputs *
pb_inputs_new(pb_filesums *sums)
{
	pb_inputs *in = g_new0(pb_inputs, 1);
	in->sums = sums;
	in->parts = g_ptr_array_new_with_free_func(part_free);
	in->keys = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	return in;
}

/* Closes the open part: its hash is its values'. */
static void
close_part(pb_inputs *in)
{
	if (!in->current)
		return;
	pb_part *part = in->parts->pdata[in->parts->len - 1];
	g_strlcpy(part->hash, g_checksum_get_string(in->current), sizeof part->hash);
	g_clear_pointer(&in->current, g_checksum_free);
}

void
pb_inputs_free(pb_inputs *in)
{
	if (!in)
		return;
	close_part(in);
	g_ptr_array_unref(in->parts);
	g_hash_table_unref(in->keys);
	g_free(in);
}

void
pb_inputs_part(pb_inputs *in, const char *key, const char *what, pb_loc loc)
{
	close_part(in);
	guint used = GPOINTER_TO_UINT(g_hash_table_lookup(in->keys, key)) + 1;
	g_hash_table_insert(in->keys, g_strdup(key), GUINT_TO_POINTER(used));
	pb_part *part = g_new0(pb_part, 1);
	part->key = used > 1 ? g_strdup_printf("%s #%u", key, used) : g_strdup(key);
	part->label =
	    loc.line ? g_strdup_printf("%s:%u %s", loc.file, loc.line, what) : g_strdup(what);
	g_ptr_array_add(in->parts, part);
	in->current = g_checksum_new(G_CHECKSUM_SHA256);
}

void
pb_inputs_str(pb_inputs *in, const char *s)
{
	g_assert(in->current);
	/* length-prefixed, so that ("ab", "c") and ("a", "bc") differ */
	char len[24];
	g_snprintf(len, sizeof len, "%zd:", s ? (gssize)strlen(s) : (gssize)-1);
	g_checksum_update(in->current, (const guchar *)len, -1);
	if (s)
		g_checksum_update(in->current, (const guchar *)s, -1);
}

void
pb_inputs_text(pb_inputs *in, const pb_text *t)
{
	pb_inputs_str(in, t->s);
}

void
pb_inputs_num(pb_inputs *in, double v)
{
	char buf[G_ASCII_DTOSTR_BUF_SIZE];
	pb_inputs_str(in, g_ascii_dtostr(buf, sizeof buf, v));
}

void
pb_inputs_status(pb_inputs *in, pb_status status)
{
	pb_inputs_str(in, pb_status_key(status));
}

void
pb_inputs_file(pb_inputs *in, const char *fs, const char *shown, const char *what)
{
	if (!fs)
		return;
	g_autofree char *key = g_strdup_printf("file %s", shown);
	g_autofree char *label = g_strdup_printf("%s %s", what, shown);
	pb_inputs_part(in, key, label, pb_loc_make("", 0, 0));
	const char *sum = pb_filesums_get(in->sums, fs);
	pb_inputs_str(in, sum ? sum : "unreadable");
}

void
pb_inputs_event(pb_inputs *in, const pb_manifest *m)
{
	const pb_event *e = &m->event;
	pb_inputs_part(in, "event", "event",
		       e->school.loc.line ? e->school.loc : pb_loc_make("", 0, 0));
	pb_inputs_text(in, &e->school);
	pb_inputs_text(in, &e->title);
	pb_inputs_text(in, &e->edition);
	pb_inputs_text(in, &e->motto);
	pb_inputs_text(in, &e->date);
	pb_inputs_str(in, e->logo.shown);
	if (e->logo.written)
		pb_inputs_file(in, e->logo.fs, e->logo.shown, "logo");
}

pb_filesums *
pb_inputs_sums(pb_inputs *in)
{
	return in->sums;
}

const GPtrArray *
pb_inputs_parts(pb_inputs *in)
{
	close_part(in);
	return in->parts;
}

char *
pb_inputs_hash(pb_inputs *in)
{
	close_part(in);
	GChecksum *all = g_checksum_new(G_CHECKSUM_SHA256);
	for (guint i = 0; i < in->parts->len; i++) {
		const pb_part *p = in->parts->pdata[i];
		g_checksum_update(all, (const guchar *)p->key, -1);
		g_checksum_update(all, (const guchar *)"=", 1);
		g_checksum_update(all, (const guchar *)p->hash, -1);
		g_checksum_update(all, (const guchar *)"\n", 1);
	}
	char *hex = g_strdup(g_checksum_get_string(all));
	g_checksum_free(all);
	return hex;
}
