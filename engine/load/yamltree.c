/* yamltree.c — libyaml events -> pb_node tree with positions.  The only file with <yaml.h>.
 *
 * libyaml's marks are zero-based and count characters, so columns here are characters, not
 * bytes; we add 1 to both.  Reader errors (invalid UTF-8) carry only a byte offset, which we
 * turn into line:col ourselves.  Duplicate keys are refused here, once, for every loader.
 */
#include "yamltree.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

typedef struct open_node {
	pb_node *node;
	char *anchor;      /* to register when the container ends */
	GHashTable *keys;  /* map only: key text -> key node, for duplicate detection */
	gboolean want_key; /* map only: the next child is a key */
} open_node;

typedef struct parse_state {
	pb_yaml_doc *doc;
	pb_diags *diags;
	const char *data;
	gsize len;
	GArray *stack;       /* of open_node */
	GHashTable *anchors; /* name -> pb_node* (borrowed from doc->nodes) */
	gsize expanded;      /* nodes added by alias expansion so far */
	gboolean failed;
} parse_state;

static pb_loc
mark_loc(parse_state *st, yaml_mark_t mark)
{
	return pb_loc_make(st->doc->file, (guint)mark.line + 1, (guint)mark.column + 1);
}

/* Line and column (in characters) of a byte offset, for reader errors. */
static pb_loc
offset_loc(parse_state *st, gsize offset)
{
	guint line = 1, col = 1;
	gsize i = 0;
	if (st->len >= 3 && memcmp(st->data, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	for (; i < offset && i < st->len; i++) {
		unsigned char c = (unsigned char)st->data[i];
		if (c == '\n') {
			line++;
			col = 1;
		} else if (c == '\r') {
			if (i + 1 < st->len && st->data[i + 1] == '\n')
				continue;
			line++;
			col = 1;
		} else if ((c & 0xC0) != 0x80) {
			col++;
		}
	}
	return pb_loc_make(st->doc->file, line, col);
}

static pb_node *
node_new(parse_state *st, pb_node_kind kind, yaml_mark_t mark)
{
	pb_node *n = g_new0(pb_node, 1);
	n->kind = kind;
	n->loc = mark_loc(st, mark);
	n->weight = 1;
	if (kind != PB_NODE_SCALAR)
		n->items = g_ptr_array_new();
	g_ptr_array_add(st->doc->nodes, n);
	return n;
}

static void
node_free(gpointer p)
{
	pb_node *n = p;
	g_free(n->text);
	if (n->items)
		g_ptr_array_unref(n->items);
	g_free(n);
}

static void fail(parse_state *st, pb_loc loc, const char *rule, const char *fmt, ...)
    G_GNUC_PRINTF(4, 5);

static void
fail(parse_state *st, pb_loc loc, const char *rule, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	g_autofree char *msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	pb_diag_error(st->diags, loc, rule, "%s", msg);
	st->failed = TRUE;
}

/* Adds `child` to the innermost open container, or makes it the root. */
static void
attach(parse_state *st, pb_node *child)
{
	if (st->stack->len == 0) {
		st->doc->root = child;
		return;
	}
	open_node *top = &g_array_index(st->stack, open_node, st->stack->len - 1);
	if (top->node->kind == PB_NODE_MAP) {
		if (top->want_key) {
			if (child->kind != PB_NODE_SCALAR) {
				fail(st, child->loc, "yaml.syntax", "a key must be plain text");
				return;
			}
			pb_node *first = g_hash_table_lookup(top->keys, child->text);
			if (first) {
				fail(st, child->loc, "yaml.duplicate-key",
				     "duplicate key '%s' (first given at line %u)", child->text,
				     first->loc.line);
				return;
			}
			g_hash_table_insert(top->keys, child->text, child);
		}
		top->want_key = !top->want_key;
	}
	g_ptr_array_add(top->node->items, child);
	top->node->weight += child->weight;
}

static void
open_container(parse_state *st, pb_node_kind kind, yaml_mark_t mark, yaml_char_t *anchor)
{
	pb_node *n = node_new(st, kind, mark);
	if (st->stack->len >= PB_YAML_MAX_DEPTH) {
		fail(st, n->loc, "yaml.depth", "nesting deeper than %d levels", PB_YAML_MAX_DEPTH);
		return;
	}
	open_node o = {n, g_strdup((char *)anchor), NULL, TRUE};
	if (kind == PB_NODE_MAP)
		o.keys = g_hash_table_new(g_str_hash, g_str_equal);
	g_array_append_val(st->stack, o);
}

static void
close_container(parse_state *st)
{
	open_node o = g_array_index(st->stack, open_node, st->stack->len - 1);
	g_array_set_size(st->stack, st->stack->len - 1);
	if (o.keys)
		g_hash_table_unref(o.keys);
	if (o.anchor)
		g_hash_table_replace(st->anchors, o.anchor, o.node);
	attach(st, o.node);
}

static void
on_scalar(parse_state *st, const yaml_event_t *ev)
{
	pb_node *n = node_new(st, PB_NODE_SCALAR, ev->start_mark);
	n->text = g_strndup((const char *)ev->data.scalar.value, ev->data.scalar.length);
	if (strlen(n->text) != ev->data.scalar.length) {
		fail(st, n->loc, "yaml.syntax", "text contains a NUL character");
		return;
	}
	n->quoted = ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE ||
		    (ev->data.scalar.tag && strcmp((char *)ev->data.scalar.tag, YAML_STR_TAG) == 0);
	if (ev->data.scalar.anchor)
		g_hash_table_replace(st->anchors, g_strdup((char *)ev->data.scalar.anchor), n);
	attach(st, n);
}

static void
on_alias(parse_state *st, const yaml_event_t *ev)
{
	const char *name = (const char *)ev->data.alias.anchor;
	pb_node *target = g_hash_table_lookup(st->anchors, name);
	pb_loc loc = mark_loc(st, ev->start_mark);
	if (!target) {
		fail(st, loc, "yaml.alias", "unknown alias '*%s'", name);
		return;
	}
	/* Shared, not copied: the bound is on what a reader of the tree would walk. */
	st->expanded += target->weight;
	if (st->expanded > st->doc->nodes->len + PB_YAML_MAX_ALIAS_EXPANSION) {
		fail(st, loc, "yaml.alias",
		     "aliases expand to more than %u nodes; refusing a document that multiplies "
		     "itself",
		     PB_YAML_MAX_ALIAS_EXPANSION);
		return;
	}
	attach(st, target);
}

static void
report_parser_error(parse_state *st, const yaml_parser_t *p)
{
	pb_loc loc;
	if (p->error == YAML_READER_ERROR) {
		loc = offset_loc(st, p->problem_offset);
		if (p->problem_value != -1)
			fail(st, loc, "yaml.encoding", "%s (byte 0x%02X); the file must be UTF-8",
			     p->problem, (unsigned)p->problem_value);
		else
			fail(st, loc, "yaml.encoding", "%s; the file must be UTF-8", p->problem);
		return;
	}
	if (p->error == YAML_MEMORY_ERROR) {
		fail(st, mark_loc(st, p->mark), "yaml.syntax", "out of memory");
		return;
	}
	loc = mark_loc(st, p->problem_mark);
	if (p->context)
		fail(st, loc, "yaml.syntax", "%s %s that starts at line %zu", p->problem,
		     p->context, p->context_mark.line + 1);
	else
		fail(st, loc, "yaml.syntax", "%s", p->problem ? p->problem : "invalid YAML");
}

pb_yaml_doc *
pb_yaml_parse(const char *file, const char *data, gsize len, pb_diags *diags)
{
	pb_yaml_doc *doc = g_new0(pb_yaml_doc, 1);
	doc->file = g_intern_string(file);
	doc->nodes = g_ptr_array_new_with_free_func(node_free);
	parse_state st = {doc,
			  diags,
			  data,
			  len,
			  g_array_new(FALSE, FALSE, sizeof(open_node)),
			  g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL),
			  0,
			  FALSE};

	yaml_parser_t parser;
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_string(&parser, (const unsigned char *)data, len);
	guint documents = 0;
	gboolean done = FALSE;
	while (!done && !st.failed) {
		yaml_event_t ev;
		if (!yaml_parser_parse(&parser, &ev)) {
			report_parser_error(&st, &parser);
			break;
		}
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = TRUE;
			break;
		case YAML_DOCUMENT_START_EVENT:
			if (++documents > 1)
				fail(&st, mark_loc(&st, ev.start_mark), "yaml.syntax",
				     "a second document; the file must hold exactly one");
			break;
		case YAML_MAPPING_START_EVENT:
			open_container(&st, PB_NODE_MAP, ev.start_mark,
				       ev.data.mapping_start.anchor);
			break;
		case YAML_SEQUENCE_START_EVENT:
			open_container(&st, PB_NODE_SEQ, ev.start_mark,
				       ev.data.sequence_start.anchor);
			break;
		case YAML_MAPPING_END_EVENT:
		case YAML_SEQUENCE_END_EVENT:
			close_container(&st);
			break;
		case YAML_SCALAR_EVENT:
			on_scalar(&st, &ev);
			break;
		case YAML_ALIAS_EVENT:
			on_alias(&st, &ev);
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);

	for (guint i = 0; i < st.stack->len; i++) {
		open_node *o = &g_array_index(st.stack, open_node, i);
		g_free(o->anchor);
		if (o->keys)
			g_hash_table_unref(o->keys);
	}
	g_array_unref(st.stack);
	g_hash_table_unref(st.anchors);
	if (st.failed) {
		pb_yaml_doc_free(doc);
		return NULL;
	}
	return doc;
}

static gboolean
read_error(GError **error, const char *path, int err, const char *why)
{
	g_autofree char *shown = g_filename_display_name(path);
	g_set_error(error, G_FILE_ERROR, err ? g_file_error_from_errno(err) : G_FILE_ERROR_FAILED,
		    "Error reading file “%s”: %s", shown, why ? why : g_strerror(err));
	return FALSE;
}

gboolean
pb_yaml_read_file(const char *path, char **data, gsize *len, GError **error)
{
	/* O_NONBLOCK: opening a FIFO must not wait for a writer; cleared before reading. */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		int err = errno;
		g_autofree char *shown = g_filename_display_name(path);
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(err),
			    "Failed to open file “%s”: %s", shown, g_strerror(err));
		return FALSE;
	}
	struct stat st;
	int flags;
	gboolean ok = FALSE;
	GByteArray *buf = g_byte_array_new();
	if (fstat(fd, &st) != 0)
		read_error(error, path, errno, NULL);
	else if (S_ISDIR(st.st_mode))
		read_error(error, path, EISDIR, NULL);
	else if (!S_ISREG(st.st_mode) && !S_ISFIFO(st.st_mode))
		read_error(error, path, 0, "not a regular file");
	else if (S_ISREG(st.st_mode) && st.st_size > (off_t)PB_YAML_MAX_FILE)
		read_error(error, path, EFBIG, "larger than 64 MiB");
	else if ((flags = fcntl(fd, F_GETFL)) < 0 || fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) < 0)
		read_error(error, path, errno, NULL);
	else {
		ok = TRUE;
		guint8 chunk[65536];
		for (;;) {
			ssize_t n = read(fd, chunk, sizeof chunk);
			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0) {
				ok = read_error(error, path, errno, NULL);
				break;
			}
			if (n == 0)
				break;
			if (buf->len + (gsize)n > PB_YAML_MAX_FILE) {
				ok = read_error(error, path, EFBIG, "larger than 64 MiB");
				break;
			}
			g_byte_array_append(buf, chunk, (guint)n);
		}
	}
	close(fd);
	if (!ok) {
		g_byte_array_unref(buf);
		return FALSE;
	}
	*len = buf->len;
	g_byte_array_append(buf, (const guint8 *)"", 1);
	*data = (char *)g_byte_array_free(buf, FALSE);
	return TRUE;
}

void
pb_yaml_doc_free(pb_yaml_doc *doc)
{
	if (!doc)
		return;
	g_ptr_array_unref(doc->nodes);
	g_free(doc);
}

guint
pb_node_map_len(const pb_node *map)
{
	return map->items->len / 2;
}

pb_node *
pb_node_map_key(const pb_node *map, guint i)
{
	return map->items->pdata[2 * i];
}

pb_node *
pb_node_map_value(const pb_node *map, guint i)
{
	return map->items->pdata[2 * i + 1];
}

pb_node *
pb_node_lookup(const pb_node *map, const char *key)
{
	if (!map || map->kind != PB_NODE_MAP)
		return NULL;
	for (guint i = 0; i < pb_node_map_len(map); i++)
		if (strcmp(pb_node_map_key(map, i)->text, key) == 0)
			return pb_node_map_value(map, i);
	return NULL;
}

gboolean
pb_node_is_null(const pb_node *node)
{
	if (!node || node->kind != PB_NODE_SCALAR || node->quoted)
		return node == NULL;
	const char *t = node->text;
	return !*t || !strcmp(t, "~") || !strcmp(t, "null") || !strcmp(t, "Null") ||
	       !strcmp(t, "NULL");
}

const char *
pb_node_kind_name(const pb_node *node)
{
	switch (node->kind) {
	case PB_NODE_MAP:
		return "a mapping";
	case PB_NODE_SEQ:
		return "a list";
	case PB_NODE_SCALAR:
		break;
	}
	return "text";
}
