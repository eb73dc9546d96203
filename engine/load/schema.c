/* schema.c — typed values out of YAML nodes; see schema.h.
 *
 * Messages name the key and the place in the document ("photo 3 of jianzhu") that the
 * caller passes as `what`, because "line 88" alone does not tell a designer which thing is
 * wrong when the manifest is long.
 */
#include "schema.h"
#include "base/shown.h"
#include "base/strdist.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *
pb_schema_intern(pb_schema *s, const char *text)
{
	return g_string_chunk_insert_const(s->strings, text);
}

static gboolean
expect_kind(pb_schema *s, const pb_node *node, pb_node_kind kind, const char *what)
{
	if (node->kind == kind)
		return TRUE;
	const char *want = kind == PB_NODE_MAP   ? "a mapping"
			   : kind == PB_NODE_SEQ ? "a list"
						 : "text";
	pb_diag_error(s->diags, node->loc, "schema.type", "%s must be %s, not %s", what, want,
		      pb_node_kind_name(node));
	return FALSE;
}

gboolean
pb_schema_map(pb_schema *s, const pb_node *node, const char *what)
{
	return expect_kind(s, node, PB_NODE_MAP, what);
}

gboolean
pb_schema_seq(pb_schema *s, const pb_node *node, const char *what)
{
	return expect_kind(s, node, PB_NODE_SEQ, what);
}

gboolean
pb_schema_keys(pb_schema *s, const pb_node *map, const char *const *allowed, const char *what)
{
	gboolean ok = TRUE;
	for (guint i = 0; i < pb_node_map_len(map); i++) {
		const pb_node *key = pb_node_map_key(map, i);
		const char *best = NULL;
		guint best_d = 3;
		gboolean known = FALSE;
		for (const char *const *a = allowed; *a; a++) {
			if (strcmp(*a, key->text) == 0) {
				known = TRUE;
				break;
			}
			guint d = pb_edit_distance(*a, key->text, FALSE);
			if (d < best_d) {
				best_d = d;
				best = *a;
			}
		}
		if (known)
			continue;
		ok = FALSE;
		if (strcmp(key->text, "<<") == 0) {
			/* YAML 1.1's merge key: libyaml leaves it to the application, and a key
			 * that silently pulled in another mapping would hide what an item really
			 * holds. */
			pb_diag_error(
			    s->diags, key->loc, "schema.key",
			    "merge keys ('<<') are not supported in %s; write the keys out", what);
			continue;
		}
		/* A suggestion only when the typo keeps more of the word than it changes: "titel"
		 * is "title", but "xy" is not "id". */
		if (best && (best_d >= strlen(key->text) || best_d >= strlen(best)))
			best = NULL;
		if (best)
			pb_diag_error(s->diags, key->loc, "schema.key",
				      "unknown key '%s' in %s; did you mean '%s'?", key->text, what,
				      best);
		else {
			g_autofree char *list = g_strjoinv(", ", (char **)allowed);
			pb_diag_error(s->diags, key->loc, "schema.key",
				      "unknown key '%s' in %s (known keys: %s)", key->text, what,
				      list);
		}
	}
	return ok;
}

gboolean
pb_schema_keyset(pb_schema *s, const pb_node *map, const pb_keyset *set, const char *what)
{
	const char *names[PB_KEYSET_MAX + 1];
	guint n = 0;
	for (const pb_key *k = set->keys; k->name; k++) {
		g_assert(n < PB_KEYSET_MAX);
		names[n++] = k->name;
	}
	names[n] = NULL;
	return pb_schema_keys(s, map, names, what);
}

const pb_node *
pb_schema_field(pb_schema *s, const pb_node *map, const char *key, gboolean required,
		const char *what)
{
	const pb_node *v = pb_node_lookup(map, key);
	if (v && pb_node_is_null(v))
		v = NULL;
	if (!v && required)
		pb_diag_error(s->diags, map->loc, "schema.missing", "%s has no '%s'", what, key);
	return v;
}

gboolean
pb_schema_text(pb_schema *s, const pb_node *map, const char *key, gboolean required,
	       const char *what, pb_text *out)
{
	const pb_node *v = pb_schema_field(s, map, key, required, what);
	if (!v)
		return !required;
	g_autofree char *label = g_strdup_printf("'%s' of %s", key, what);
	if (!expect_kind(s, v, PB_NODE_SCALAR, label))
		return FALSE;
	/* Block scalars keep a trailing newline that is not part of the text. */
	g_autofree char *t = g_strdup(v->text);
	g_strchomp(t);
	if (!*t) {
		if (required)
			pb_diag_error(s->diags, v->loc, "schema.missing", "%s is empty", label);
		return !required;
	}
	/* The longest text the notice asks for is a 500-character story; a text past this is a
	 * pasted file, and laying it out (a single word of it, above all) would take minutes. */
	glong chars = g_utf8_strlen(t, -1);
	if (chars > PB_SCHEMA_TEXT_MAX) {
		pb_diag_error(s->diags, v->loc, "schema.value",
			      "%s is %ld characters long; at most %d are set", label, chars,
			      PB_SCHEMA_TEXT_MAX);
		return FALSE;
	}
	/* what passes as text but would not show as written: a name behind U+202E, a value of
	 * U+200B or of accents alone */
	gunichar turn = pb_text_first_reordering(t);
	if (turn) {
		pb_diag_error(s->diags, v->loc, "schema.value",
			      "%s holds U+%04X, a direction control: it would print reordered or "
			      "back to front",
			      label, turn);
		return FALSE;
	}
	if (pb_text_shows_nothing(t)) {
		pb_diag_error(s->diags, v->loc, "schema.value",
			      "%s shows no character: it holds only invisible characters or marks "
			      "with nothing to sit on (U+%04X first)",
			      label, g_utf8_get_char(t));
		return FALSE;
	}
	out->s = pb_schema_intern(s, t);
	out->loc = v->loc;
	return TRUE;
}

/* A number written as a list or a mapping: said as what is wanted ("a number"), not as
 * "text", which is how a number is written but not what the user needs to hear. */
static gboolean
expect_scalar_as(pb_schema *s, const pb_node *node, const char *what, const char *want)
{
	if (node->kind == PB_NODE_SCALAR)
		return TRUE;
	pb_diag_error(s->diags, node->loc, "schema.type", "%s must be %s, not %s", what, want,
		      pb_node_kind_name(node));
	return FALSE;
}

gboolean
pb_schema_number(pb_schema *s, const pb_node *node, const char *what, double *out)
{
	if (!expect_scalar_as(s, node, what, "a number"))
		return FALSE;
	char *end = NULL;
	errno = 0;
	double v = g_ascii_strtod(node->text, &end);
	if (errno || end == node->text || *end || !isfinite(v)) {
		pb_diag_error(s->diags, node->loc, "schema.type", "%s must be a number, not '%s'",
			      what, node->text);
		return FALSE;
	}
	*out = v;
	return TRUE;
}

gboolean
pb_schema_uint(pb_schema *s, const pb_node *map, const char *key, guint min, guint max,
	       const char *what, guint *out, pb_loc *loc)
{
	const pb_node *v = pb_schema_field(s, map, key, FALSE, what);
	if (!v)
		return TRUE;
	g_autofree char *label = g_strdup_printf("'%s' of %s", key, what);
	g_autofree char *want = g_strdup_printf("a whole number from %u to %u", min, max);
	if (!expect_scalar_as(s, v, label, want))
		return FALSE;
	guint64 n = 0;
	if (!g_ascii_string_to_unsigned(v->text, 10, min, max, &n, NULL)) {
		pb_diag_error(s->diags, v->loc, "schema.type",
			      "%s must be a whole number from %u to %u, not '%s'", label, min, max,
			      v->text);
		return FALSE;
	}
	*out = (guint)n;
	if (loc)
		*loc = v->loc;
	return TRUE;
}

gboolean
pb_schema_bool(pb_schema *s, const pb_node *node, const char *what, gboolean *out)
{
	if (!expect_kind(s, node, PB_NODE_SCALAR, what))
		return FALSE;
	static const char *const yes[] = {"true", "yes", "on", NULL};
	static const char *const no[] = {"false", "no", "off", NULL};
	if (g_strv_contains(yes, node->text)) {
		*out = TRUE;
		return TRUE;
	}
	if (g_strv_contains(no, node->text)) {
		*out = FALSE;
		return TRUE;
	}
	pb_diag_error(s->diags, node->loc, "schema.type", "%s must be true or false, not '%s'",
		      what, node->text);
	return FALSE;
}

gboolean
pb_schema_enum(pb_schema *s, const pb_node *map, const char *key, const char *const *choices,
	       const char *what, int *out)
{
	const pb_node *v = pb_schema_field(s, map, key, FALSE, what);
	if (!v)
		return TRUE;
	g_autofree char *label = g_strdup_printf("'%s' of %s", key, what);
	if (!expect_kind(s, v, PB_NODE_SCALAR, label))
		return FALSE;
	for (int i = 0; choices[i]; i++)
		if (strcmp(choices[i], v->text) == 0) {
			*out = i;
			return TRUE;
		}
	g_autofree char *list = g_strjoinv(", ", (char **)choices);
	pb_diag_error(s->diags, v->loc, "schema.value", "%s must be one of %s, not '%s'", label,
		      list, v->text);
	return FALSE;
}
