/* yamltree.h — a YAML document as a tree of nodes, every node with its file:line:col.
 *
 * The only module that sees libyaml.  It turns the event stream into plain nodes that the
 * loaders (manifest.c, layoutspec.c) walk.  Aliases are resolved to the anchored node (shared,
 * not copied) under a bound on how much they may expand, so a "billion laughs" document is
 * refused in milliseconds; nesting depth is bounded too.
 */
#ifndef PB_YAMLTREE_H
#define PB_YAMLTREE_H

#include "base/diag.h"

#define PB_YAML_MAX_DEPTH 64 /* containers within containers */
/* Aliases may expand to at most this many nodes beyond the document's own. */
#define PB_YAML_MAX_ALIAS_EXPANSION 100000u

typedef enum pb_node_kind {
	PB_NODE_SCALAR,
	PB_NODE_SEQ,
	PB_NODE_MAP,
} pb_node_kind;

typedef struct pb_node pb_node;
struct pb_node {
	pb_node_kind kind;
	pb_loc loc;       /* where the node starts */
	char *text;       /* scalar: its value, UTF-8, NUL-terminated; NULL otherwise */
	gboolean quoted;  /* scalar was quoted, a block scalar or tagged !!str */
	GPtrArray *items; /* seq: the items; map: keys and values alternating (k0, v0, k1, ...) */
	gsize weight;     /* nodes in this subtree, aliases counted as expanded */
};

typedef struct pb_yaml_doc {
	pb_node *root;    /* NULL for an empty document */
	GPtrArray *nodes; /* owns every node */
	const char *file; /* interned */
} pb_yaml_doc;

/* The largest YAML file read: a manifest is tens of kilobytes; this bounds what a mistaken path
 * (a device, a huge file) can cost. */
#define PB_YAML_MAX_FILE (64u << 20)

/* Reads a YAML file whole, NUL-terminated, into *data (free with g_free).  Refuses directories,
 * devices and files larger than PB_YAML_MAX_FILE, and never blocks on a FIFO that has no
 * writer (it reads as empty).  Errors are G_FILE_ERRORs worded as g_file_get_contents's. */
gboolean pb_yaml_read_file(const char *path, char **data, gsize *len, GError **error);

/* Parses `len` bytes of `data` (a UTF-8 BOM and CRLF are fine) as one YAML document.
 * Errors (syntax, invalid UTF-8, duplicate keys, depth, aliases) are recorded in `diags` with
 * their position in `file`; the result is then NULL.  Free with pb_yaml_doc_free. */
pb_yaml_doc *pb_yaml_parse(const char *file, const char *data, gsize len, pb_diags *diags);
void pb_yaml_doc_free(pb_yaml_doc *doc);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(pb_yaml_doc, pb_yaml_doc_free)

/* Map access.  pb_node_map_len counts pairs; key/value borrow. */
guint pb_node_map_len(const pb_node *map);
pb_node *pb_node_map_key(const pb_node *map, guint i);
pb_node *pb_node_map_value(const pb_node *map, guint i);
/* The value under `key`, or NULL. */
pb_node *pb_node_lookup(const pb_node *map, const char *key);

/* A plain scalar spelled null, ~ or left empty. */
gboolean pb_node_is_null(const pb_node *node);
const char *pb_node_kind_name(const pb_node *node); /* "a mapping", "a list", "text" */

#endif
