/* records.c — build.json and print-order.csv; see records.h. */
#include "records.h"
#include "json-read.h"
#include "json-write.h"
#include "base/writer.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

const char *
pb_file_status_name(pb_file_status s)
{
	static const char *const names[] = {"written", "unchanged", "stale", "removed"};
	return names[s];
}

static gboolean
status_parse(const char *name, pb_file_status *out)
{
	for (int s = PB_FILE_WRITTEN; s <= PB_FILE_REMOVED; s++)
		if (!g_strcmp0(name, pb_file_status_name((pb_file_status)s))) {
			*out = (pb_file_status)s;
			return TRUE;
		}
	return FALSE;
}

/* ---- construction ------------------------------------------------------------------------ */

pb_finding *
pb_finding_new(const pb_diag *d)
{
	pb_finding *f = g_new0(pb_finding, 1);
	f->file = g_strdup(d->loc.file);
	f->line = d->loc.line;
	f->col = d->loc.col;
	f->severity = d->severity;
	f->rule = g_strdup(d->rule);
	f->message = g_strdup(d->message);
	return f;
}

pb_finding *
pb_finding_copy(const pb_finding *f)
{
	pb_finding *c = g_memdup2(f, sizeof *f);
	c->file = g_strdup(f->file);
	c->rule = g_strdup(f->rule);
	c->message = g_strdup(f->message);
	return c;
}

void
pb_finding_free(pb_finding *f)
{
	if (!f)
		return;
	g_free(f->file);
	g_free(f->rule);
	g_free(f->message);
	g_free(f);
}

pb_record *
pb_record_new(void)
{
	pb_record *r = g_new0(pb_record, 1);
	r->why = g_ptr_array_new_with_free_func(g_free);
	r->findings = g_ptr_array_new_with_free_func((GDestroyNotify)pb_finding_free);
	r->quantity = 1;
	return r;
}

pb_record *
pb_record_copy(const pb_record *r)
{
	pb_record *c = pb_record_new();
	GPtrArray *why = c->why, *findings = c->findings;
	*c = *r;
	c->why = why;
	c->findings = findings;
	c->path = g_strdup(r->path);
	c->name = g_strdup(r->name);
	c->output = g_strdup(r->output);
	c->series = g_strdup(r->series);
	c->college = g_strdup(r->college);
	c->kind = g_strdup(r->kind);
	c->format = g_strdup(r->format);
	c->paper = g_strdup(r->paper);
	c->inputs = g_strdup(r->inputs);
	c->frames = g_strdup(r->frames);
	for (guint i = 0; i < r->why->len; i++)
		g_ptr_array_add(c->why, g_strdup(r->why->pdata[i]));
	for (guint i = 0; i < r->findings->len; i++)
		g_ptr_array_add(c->findings, pb_finding_copy(r->findings->pdata[i]));
	return c;
}

void
pb_record_free(pb_record *r)
{
	if (!r)
		return;
	g_free(r->path);
	g_free(r->name);
	g_free(r->output);
	g_free(r->series);
	g_free(r->college);
	g_free(r->kind);
	g_free(r->format);
	g_free(r->paper);
	g_free(r->inputs);
	g_free(r->frames);
	g_ptr_array_unref(r->why);
	g_ptr_array_unref(r->findings);
	g_free(r);
}

pb_series_record *
pb_series_record_new(const char *output, const char *series, const char *college)
{
	pb_series_record *s = g_new0(pb_series_record, 1);
	s->output = g_strdup(output);
	s->series = g_strdup(series);
	s->college = g_strdup(college);
	s->parts = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	s->findings = g_ptr_array_new_with_free_func((GDestroyNotify)pb_finding_free);
	return s;
}

GPtrArray *
pb_series_documents_copy(const GPtrArray *documents)
{
	if (!documents)
		return NULL;
	GPtrArray *c = g_ptr_array_new_full(documents->len, g_free);
	for (guint i = 0; i < documents->len; i++)
		g_ptr_array_add(c, g_strdup(documents->pdata[i]));
	return c;
}

pb_series_record *
pb_series_record_copy(const pb_series_record *s)
{
	pb_series_record *c = pb_series_record_new(s->output, s->series, s->college);
	c->inputs = g_strdup(s->inputs);
	GHashTableIter it;
	gpointer key, value;
	g_hash_table_iter_init(&it, s->parts);
	while (g_hash_table_iter_next(&it, &key, &value))
		g_hash_table_insert(c->parts, g_strdup(key), g_strdup(value));
	for (guint i = 0; i < s->findings->len; i++)
		g_ptr_array_add(c->findings, pb_finding_copy(s->findings->pdata[i]));
	c->documents = pb_series_documents_copy(s->documents);
	return c;
}

void
pb_series_record_free(pb_series_record *s)
{
	if (!s)
		return;
	g_free(s->output);
	g_free(s->series);
	g_free(s->college);
	g_free(s->inputs);
	g_hash_table_unref(s->parts);
	g_ptr_array_unref(s->findings);
	if (s->documents)
		g_ptr_array_unref(s->documents);
	g_free(s);
}

pb_records *
pb_records_new(void)
{
	pb_records *r = g_new0(pb_records, 1);
	r->files = g_ptr_array_new_with_free_func((GDestroyNotify)pb_record_free);
	r->series = g_ptr_array_new_with_free_func((GDestroyNotify)pb_series_record_free);
	r->sources = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	return r;
}

void
pb_records_free(pb_records *r)
{
	if (!r)
		return;
	g_ptr_array_unref(r->files);
	g_ptr_array_unref(r->series);
	g_hash_table_unref(r->sources);
	g_free(r);
}

pb_record *
pb_records_file(const pb_records *r, const char *path)
{
	for (guint i = 0; i < r->files->len; i++) {
		pb_record *f = r->files->pdata[i];
		if (!strcmp(f->path, path))
			return f;
	}
	return NULL;
}

pb_series_record *
pb_records_series(const pb_records *r, const char *output, const char *series)
{
	for (guint i = 0; i < r->series->len; i++) {
		pb_series_record *s = r->series->pdata[i];
		if (!strcmp(s->output, output) && !strcmp(s->series, series))
			return s;
	}
	return NULL;
}

/* ---- JSON ---------------------------------------------------------------------------------- */

static void
add_findings(JsonBuilder *b, const GPtrArray *findings)
{
	json_builder_set_member_name(b, "diagnostics");
	json_builder_begin_array(b);
	for (guint i = 0; i < findings->len; i++) {
		const pb_finding *f = findings->pdata[i];
		json_builder_begin_object(b);
		pb_json_member_string(b, "file", f->file);
		pb_json_member_int(b, "line", f->line);
		pb_json_member_int(b, "column", f->col);
		pb_json_member_string(b, "severity", pb_severity_name(f->severity));
		pb_json_member_string(b, "rule", f->rule);
		pb_json_member_string(b, "message", f->message);
		json_builder_end_object(b);
	}
	json_builder_end_array(b);
}

static void
add_stat(JsonBuilder *b, const pb_filestat *st)
{
	pb_json_member_int(b, "size", st->size);
	pb_json_member_int(b, "mtime_ns", st->mtime);
	pb_json_member_int(b, "inode", (gint64)st->inode);
	pb_json_member_int(b, "device", (gint64)st->device);
}

static void
add_file(JsonBuilder *b, const pb_record *f)
{
	json_builder_begin_object(b);
	pb_json_member_string(b, "path", f->path);
	pb_json_member_string(b, "name", f->name);
	pb_json_member_string(b, "output", f->output);
	pb_json_member_string(b, "series", f->series);
	pb_json_member_string(b, "college", f->college);
	pb_json_member_string(b, "kind", f->kind);
	pb_json_member_string(b, "format", f->format);
	pb_json_member_int(b, "pages", f->pages);
	json_builder_set_member_name(b, "trim_mm");
	json_builder_begin_array(b);
	json_builder_add_double_value(b, f->trim_w);
	json_builder_add_double_value(b, f->trim_h);
	json_builder_end_array(b);
	pb_json_member_double(b, "bleed_mm", f->bleed);
	pb_json_member_int(b, "quantity", f->quantity);
	pb_json_member_string(b, "paper", f->paper);
	if (f->dpi > 0)
		pb_json_member_double(b, "dpi", f->dpi);
	if (f->draft)
		pb_json_member_boolean(b, "draft", TRUE);
	pb_json_member_string(b, "sha256", f->file.sha256[0] ? f->file.sha256 : NULL);
	pb_json_member_string(b, "inputs", f->inputs);
	pb_json_member_string(b, "frames", f->frames);
	pb_json_member_string(b, "status", pb_file_status_name(f->status));
	json_builder_set_member_name(b, "why");
	json_builder_begin_array(b);
	for (guint i = 0; i < f->why->len; i++)
		json_builder_add_string_value(b, f->why->pdata[i]);
	json_builder_end_array(b);
	add_findings(b, f->findings);
	/* the file as written, so the next build knows it without reading it */
	json_builder_set_member_name(b, "stat");
	json_builder_begin_object(b);
	add_stat(b, &f->file);
	json_builder_end_object(b);
	json_builder_end_object(b);
}

/* Where a record goes in a build's order (pb_records_order). */
typedef struct record_place {
	guint series, document, format, index;
} record_place;

static gint
by_place(gconstpointer pa, gconstpointer pb)
{
	const record_place *a = pa, *b = pb;
	const guint ka[] = {a->series, a->document, a->format, a->index};
	const guint kb[] = {b->series, b->document, b->format, b->index};
	for (gsize i = 0; i < G_N_ELEMENTS(ka); i++)
		if (ka[i] != kb[i])
			return ka[i] < kb[i] ? -1 : 1;
	return 0;
}

/* rank + 1 in `t`, or for a key it does not know, after all it knows */
static guint
rank_in(GHashTable *t, const char *key)
{
	guint r = t ? GPOINTER_TO_UINT(g_hash_table_lookup(t, key)) : 0;
	return r ? r : G_MAXUINT;
}

void
pb_records_order(GPtrArray *files, GHashTable *series_rank, const GPtrArray *series)
{
	g_autoptr(GHashTable) doc_rank =
	    g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	for (guint i = 0; series && i < series->len; i++) {
		const pb_series_record *s = series->pdata[i];
		for (guint d = 0; s->documents && d < s->documents->len; d++)
			g_hash_table_insert(doc_rank,
					    g_strdup_printf("%s/%s\x1f%s", s->output, s->series,
							    (const char *)s->documents->pdata[d]),
					    GUINT_TO_POINTER(d + 1));
	}
	g_autoptr(GArray) places =
	    g_array_sized_new(FALSE, FALSE, sizeof(record_place), files->len);
	for (guint i = 0; i < files->len; i++) {
		const pb_record *r = files->pdata[i];
		g_autofree char *key = g_strdup_printf("%s/%s", r->output, r->series);
		g_autofree char *doc = g_strdup_printf("%s\x1f%s", key, r->name);
		record_place p = {.series = series_rank ? rank_in(series_rank, key) : 0,
				  .document = rank_in(doc_rank, doc),
				  .format = !g_strcmp0(r->format, "pdf")   ? 0
					    : !g_strcmp0(r->format, "svg") ? 1
									   : 2,
				  .index = i};
		g_array_append_val(places, p);
	}
	g_array_sort(places, by_place);
	/* the pointers as they stood (not a copy of the array: it would free them) */
	g_autofree gpointer *was = g_memdup2(files->pdata, files->len * sizeof(gpointer));
	for (guint i = 0; i < files->len; i++)
		files->pdata[i] = was[g_array_index(places, record_place, i).index];
}

static gint
by_key(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The table's keys, sorted (GLib 2.74 has no g_hash_table_get_keys_as_ptr_array). */
static GPtrArray *
sorted_keys(GHashTable *t)
{
	GPtrArray *keys = g_ptr_array_new();
	GHashTableIter it;
	gpointer k;
	g_hash_table_iter_init(&it, t);
	while (g_hash_table_iter_next(&it, &k, NULL))
		g_ptr_array_add(keys, k);
	g_ptr_array_sort(keys, by_key);
	return keys;
}

static void
add_series(JsonBuilder *b, const pb_series_record *s)
{
	json_builder_begin_object(b);
	pb_json_member_string(b, "output", s->output);
	pb_json_member_string(b, "series", s->series);
	pb_json_member_string(b, "college", s->college);
	pb_json_member_string(b, "inputs", s->inputs);
	json_builder_set_member_name(b, "parts");
	json_builder_begin_object(b);
	/* sorted, so that the same parts are the same bytes */
	g_autoptr(GPtrArray) keys = sorted_keys(s->parts);
	for (guint i = 0; i < keys->len; i++)
		pb_json_member_string(b, keys->pdata[i],
				      g_hash_table_lookup(s->parts, keys->pdata[i]));
	json_builder_end_object(b);
	if (s->documents) {
		json_builder_set_member_name(b, "documents");
		json_builder_begin_array(b);
		for (guint i = 0; i < s->documents->len; i++)
			json_builder_add_string_value(b, s->documents->pdata[i]);
		json_builder_end_array(b);
	}
	add_findings(b, s->findings);
	json_builder_end_object(b);
}

static char *
records_json(const pb_records *r)
{
	g_autoptr(JsonBuilder) b = json_builder_new();
	json_builder_begin_object(b);
	pb_json_member_string(b, "paiban", PB_VERSION);
	json_builder_set_member_name(b, "files");
	json_builder_begin_array(b);
	for (guint i = 0; i < r->files->len; i++)
		add_file(b, r->files->pdata[i]);
	json_builder_end_array(b);
	json_builder_set_member_name(b, "series");
	json_builder_begin_array(b);
	for (guint i = 0; i < r->series->len; i++)
		add_series(b, r->series->pdata[i]);
	json_builder_end_array(b);
	json_builder_set_member_name(b, "sources");
	json_builder_begin_object(b);
	g_autoptr(GPtrArray) paths = sorted_keys(r->sources);
	for (guint i = 0; i < paths->len; i++) {
		const pb_filestat *st = g_hash_table_lookup(r->sources, paths->pdata[i]);
		json_builder_set_member_name(b, paths->pdata[i]);
		json_builder_begin_object(b);
		add_stat(b, st);
		pb_json_member_string(b, "sha256", st->sha256);
		json_builder_end_object(b);
	}
	json_builder_end_object(b);
	json_builder_end_object(b);
	return pb_json_finish(b);
}

/* ---- reading -------------------------------------------------------------------------------- */

/* A file's path as recorded: relative, inside OUTDIR ("boards/x-01.pdf").  A record that says
 * "../x" or "/x" is not paiban's, and must never make a build remove a file outside OUTDIR. */
static gboolean
path_inside(const char *path)
{
	if (!*path || g_path_is_absolute(path))
		return FALSE;
	g_auto(GStrv) parts = g_strsplit(path, "/", -1);
	for (char **p = parts; *p; p++)
		if (!**p || !strcmp(*p, ".") || !strcmp(*p, ".."))
			return FALSE;
	return TRUE;
}

static void
read_stat(JsonObject *o, pb_filestat *st)
{
	st->size = pb_json_int(o, "size");
	st->mtime = pb_json_int(o, "mtime_ns");
	st->inode = (guint64)pb_json_int(o, "inode");
	st->device = (guint64)pb_json_int(o, "device");
}

static void
read_findings(JsonObject *o, GPtrArray *out)
{
	JsonArray *a = pb_json_array(o, "diagnostics");
	for (guint i = 0; a && i < json_array_get_length(a); i++) {
		JsonObject *d = pb_json_element_object(a, i);
		if (!d)
			continue;
		pb_finding *f = g_new0(pb_finding, 1);
		f->file = g_strdup(pb_json_string(d, "file"));
		f->line = (guint)pb_json_int(d, "line");
		f->col = (guint)pb_json_int(d, "column");
		const char *sev = pb_json_string(d, "severity");
		f->severity = !g_strcmp0(sev, "error")     ? PB_SEV_ERROR
			      : !g_strcmp0(sev, "warning") ? PB_SEV_WARNING
							   : PB_SEV_NOTE;
		f->rule = g_strdup(pb_json_string(d, "rule"));
		f->message = g_strdup(pb_json_string(d, "message"));
		g_ptr_array_add(out, f);
	}
}

static pb_record *
read_file(JsonObject *o)
{
	const char *path = pb_json_string(o, "path"), *status = pb_json_string(o, "status");
	pb_record *f = pb_record_new();
	if (!path || !path_inside(path) || !pb_json_string(o, "name") ||
	    !pb_json_string(o, "output") || !pb_json_string(o, "series") ||
	    !status_parse(status, &f->status)) {
		pb_record_free(f);
		return NULL;
	}
	f->path = g_strdup(path);
	f->name = g_strdup(pb_json_string(o, "name"));
	f->output = g_strdup(pb_json_string(o, "output"));
	f->series = g_strdup(pb_json_string(o, "series"));
	f->college = g_strdup(pb_json_string(o, "college"));
	f->kind = g_strdup(pb_json_string(o, "kind"));
	f->format = g_strdup(pb_json_string(o, "format"));
	f->pages = (guint)pb_json_int(o, "pages");
	JsonArray *trim = pb_json_array(o, "trim_mm");
	if (trim && json_array_get_length(trim) == 2) {
		f->trim_w = pb_json_element_double(trim, 0);
		f->trim_h = pb_json_element_double(trim, 1);
	}
	f->bleed = pb_json_double(o, "bleed_mm");
	f->quantity = (guint)pb_json_int(o, "quantity");
	f->paper = g_strdup(pb_json_string(o, "paper"));
	f->dpi = pb_json_double(o, "dpi");
	f->draft = pb_json_boolean(o, "draft");
	f->inputs = g_strdup(pb_json_string(o, "inputs"));
	f->frames = g_strdup(pb_json_string(o, "frames"));
	const char *sha = pb_json_string(o, "sha256");
	if (sha && strlen(sha) == 64)
		g_strlcpy(f->file.sha256, sha, sizeof f->file.sha256);
	JsonArray *why = pb_json_array(o, "why");
	for (guint i = 0; why && i < json_array_get_length(why); i++)
		if (pb_json_element_string(why, i))
			g_ptr_array_add(f->why, g_strdup(pb_json_element_string(why, i)));
	read_findings(o, f->findings);
	JsonObject *st = pb_json_object(o, "stat");
	if (st)
		read_stat(st, &f->file);
	return f;
}

static pb_series_record *
read_series(JsonObject *o)
{
	const char *output = pb_json_string(o, "output"), *series = pb_json_string(o, "series");
	if (!output || !series)
		return NULL;
	pb_series_record *s = pb_series_record_new(output, series, pb_json_string(o, "college"));
	s->inputs = g_strdup(pb_json_string(o, "inputs"));
	JsonObject *parts = pb_json_object(o, "parts");
	g_autoptr(GList) keys = parts ? json_object_get_members(parts) : NULL;
	for (GList *k = keys; k; k = k->next) {
		const char *v = pb_json_string(parts, k->data);
		if (v)
			g_hash_table_insert(s->parts, g_strdup(k->data), g_strdup(v));
	}
	JsonArray *docs = pb_json_array(o, "documents");
	if (docs) {
		s->documents = g_ptr_array_new_with_free_func(g_free);
		for (guint i = 0; i < json_array_get_length(docs); i++)
			if (pb_json_element_string(docs, i))
				g_ptr_array_add(s->documents,
						g_strdup(pb_json_element_string(docs, i)));
	}
	read_findings(o, s->findings);
	return s;
}

pb_records *
pb_records_load(const char *outdir, char **note)
{
	pb_records *r = pb_records_new();
	g_autofree char *path = g_build_filename(outdir, "build.json", NULL);
	if (!g_file_test(path, G_FILE_TEST_EXISTS))
		return r;
	g_autoptr(JsonParser) parser = json_parser_new();
	g_autoptr(GError) err = NULL;
	JsonNode *root = NULL;
	/* not waiting on a FIFO, not filling the memory, not recursing off the stack (json-read.h)
	 */
	if (pb_json_load_file(parser, path, &err))
		root = json_parser_get_root(parser);
	JsonObject *top = root && JSON_NODE_HOLDS_OBJECT(root) ? json_node_get_object(root) : NULL;
	JsonArray *files = top ? pb_json_array(top, "files") : NULL;
	if (!files) {
		if (note)
			*note = g_strdup_printf("%s is not paiban's (%s); building everything",
						path, err ? err->message : "no \"files\" list");
		return r;
	}
	for (guint i = 0; i < json_array_get_length(files); i++) {
		JsonObject *o = pb_json_element_object(files, i);
		pb_record *f = o ? read_file(o) : NULL;
		if (f)
			g_ptr_array_add(r->files, f);
	}
	JsonArray *series = pb_json_array(top, "series");
	for (guint i = 0; series && i < json_array_get_length(series); i++) {
		JsonObject *o = pb_json_element_object(series, i);
		pb_series_record *s = o ? read_series(o) : NULL;
		if (s)
			g_ptr_array_add(r->series, s);
	}
	JsonObject *sources = pb_json_object(top, "sources");
	g_autoptr(GList) names = sources ? json_object_get_members(sources) : NULL;
	for (GList *n = names; n; n = n->next) {
		JsonObject *o = pb_json_object(sources, n->data);
		const char *sha = o ? pb_json_string(o, "sha256") : NULL;
		if (!sha || strlen(sha) != 64)
			continue;
		pb_filestat *st = g_new0(pb_filestat, 1);
		read_stat(o, st);
		g_strlcpy(st->sha256, sha, sizeof st->sha256);
		g_hash_table_insert(r->sources, g_strdup(n->data), st);
	}
	return r;
}

gboolean
pb_records_save(const pb_records *r, const char *outdir, GError **error)
{
	g_autofree char *json = records_json(r);
	g_autofree char *json_path = g_build_filename(outdir, "build.json", NULL);
	if (!pb_write_record(json_path, json, strlen(json), error))
		return FALSE;
	g_autofree char *csv = pb_print_order_csv(r);
	g_autofree char *csv_path = g_build_filename(outdir, "print-order.csv", NULL);
	return pb_write_record(csv_path, csv, strlen(csv), error);
}

int
pb_records_lock(const char *outdir, GError **error)
{
	if (g_mkdir_with_parents(outdir, 0755) != 0) {
		int e = errno;
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(e),
			    "cannot create folder '%s': %s", outdir, g_strerror(e));
		return -1;
	}
	g_autofree char *path = g_build_filename(outdir, ".paiban.lock", NULL);
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0 || flock(fd, LOCK_EX) != 0) {
		int e = errno;
		if (fd >= 0)
			close(fd);
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(e), "cannot lock '%s': %s",
			    path, g_strerror(e));
		return -1;
	}
	return fd;
}

void
pb_records_unlock(int fd)
{
	if (fd >= 0)
		close(fd); /* releases the flock */
}
