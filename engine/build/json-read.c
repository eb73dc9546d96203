/* json-read.c — typed reads of build.json and proof.json; see json-read.h. */
#include "json-read.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static GType
value_type(JsonNode *n)
{
	return n && JSON_NODE_HOLDS_VALUE(n) ? json_node_get_value_type(n) : G_TYPE_INVALID;
}

static const char *
node_string(JsonNode *n)
{
	return value_type(n) == G_TYPE_STRING ? json_node_get_string(n) : NULL;
}

static gint64
node_int(JsonNode *n)
{
	return value_type(n) == G_TYPE_INT64 ? json_node_get_int(n) : 0;
}

static double
node_double(JsonNode *n)
{
	GType t = value_type(n);
	return t == G_TYPE_DOUBLE || t == G_TYPE_INT64 ? json_node_get_double(n) : 0;
}

static JsonObject *
node_object(JsonNode *n)
{
	return n && JSON_NODE_HOLDS_OBJECT(n) ? json_node_get_object(n) : NULL;
}

const char *
pb_json_string(JsonObject *o, const char *name)
{
	return node_string(json_object_get_member(o, name));
}

gint64
pb_json_int(JsonObject *o, const char *name)
{
	return node_int(json_object_get_member(o, name));
}

double
pb_json_double(JsonObject *o, const char *name)
{
	return node_double(json_object_get_member(o, name));
}

gboolean
pb_json_boolean(JsonObject *o, const char *name)
{
	JsonNode *n = json_object_get_member(o, name);
	return n && JSON_NODE_HOLDS_VALUE(n) && json_node_get_value_type(n) == G_TYPE_BOOLEAN &&
	       json_node_get_boolean(n);
}

JsonArray *
pb_json_array(JsonObject *o, const char *name)
{
	JsonNode *n = json_object_get_member(o, name);
	return n && JSON_NODE_HOLDS_ARRAY(n) ? json_node_get_array(n) : NULL;
}

JsonObject *
pb_json_object(JsonObject *o, const char *name)
{
	return node_object(json_object_get_member(o, name));
}

double
pb_json_element_double(JsonArray *a, guint i)
{
	return node_double(json_array_get_element(a, i));
}

gint64
pb_json_element_int(JsonArray *a, guint i)
{
	return node_int(json_array_get_element(a, i));
}

JsonObject *
pb_json_element_object(JsonArray *a, guint i)
{
	return node_object(json_array_get_element(a, i));
}

const char *
pb_json_element_string(JsonArray *a, guint i)
{
	return node_string(json_array_get_element(a, i));
}

/* ---- reading the file ---------------------------------------------------------------------- */

#define PB_JSON_MAX_FILE (64u << 20)
#define PB_JSON_MAX_DEPTH 64 /* paiban writes five levels */

/* FALSE with `error` unless `data` is strict JSON's alphabet outside its double-quoted strings
 * (no comment, no single quote, no bare word but true, false and null: what json-glib would
 * take and paiban never writes) nested at most PB_JSON_MAX_DEPTH deep.  Not a parser: the
 * rest is json-glib's to judge once this bounds its recursion. */
static gboolean
strict_and_shallow(const char *data, gsize len, GError **error)
{
	guint depth = 0;
	for (gsize i = 0; i < len; i++) {
		guchar ch = (guchar)data[i];
		if (ch == '"') {
			for (i++; i < len && data[i] != '"'; i++)
				if (data[i] == '\\')
					i++;
			continue;
		}
		if (ch == '[' || ch == '{') {
			if (++depth > PB_JSON_MAX_DEPTH) {
				g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
					    "nested deeper than %u levels", PB_JSON_MAX_DEPTH);
				return FALSE;
			}
		} else if (ch == ']' || ch == '}') {
			if (depth)
				depth--;
		} else if (!strchr(" \t\r\n:,-+.0123456789eEtruefalsn", ch) || !ch) {
			g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
				    "not JSON as paiban writes it, at byte %zu", i + 1);
			return FALSE;
		}
	}
	return TRUE;
}

gboolean
pb_json_load_file(JsonParser *parser, const char *path, GError **error)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		int e = errno;
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(e), "%s", g_strerror(e));
		return FALSE;
	}
	struct stat st;
	gboolean ok = FALSE;
	g_autofree char *data = NULL;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "not a regular file");
	else if (st.st_size > (off_t)PB_JSON_MAX_FILE)
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "larger than 64 MiB");
	else {
		gsize len = (gsize)st.st_size, got = 0;
		data = g_malloc(len + 1);
		while (got < len) {
			ssize_t n = read(fd, data + got, len - got);
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0)
				break;
			got += (gsize)n;
		}
		data[got] = '\0';
		ok = strict_and_shallow(data, got, error) &&
		     json_parser_load_from_data(parser, data, (gssize)got, error);
	}
	close(fd);
	return ok;
}
