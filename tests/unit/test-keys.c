/* test-keys.c — the loaders held to their key table (load/keys.c), key by key.
 *
 * The loaders check key names against the table by construction; what could still drift is
 * what they do with each key.  So, for every key of the manifest and of layouts, documents are
 * written from the table itself (each key's example as its value):
 *   - the whole document loads without an error (every example is a value the loader takes);
 *   - a value of the wrong type under the key is an error on that key's line (the loader reads
 *     the key: nothing written there silently vanishes), except for `description`, which the
 *     table says paiban does not read;
 *   - leaving the key out is an error naming it when the table says it is required, and no
 *     error when it says it is optional.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "load/keys.h"
#include "load/layoutspec.h"
#include "load/manifest.h"
#include "text/fonts.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

typedef struct doc {
	GString *text;
	guint line;         /* lines written so far */
	const pb_key *omit; /* left out */
	const pb_key *bad;  /* given a value of the wrong type */
	guint bad_line;     /* where it was written */
} doc;

static gboolean
is_container(const pb_key *k)
{
	return k->type == PB_VALUE_MAP || k->type == PB_VALUE_LIST || k->type == PB_VALUE_RULES ||
	       k->type == PB_VALUE_COLORS;
}

static void
emit_set(doc *d, const pb_keyset *set, int indent, gboolean list_item)
{
	gboolean first = TRUE;
	/* of a pair where exactly one is given, the first, unless the test is about the other */
	const char *skip = set->one_of_b;
	if (set->one_of_b && ((d->bad && !strcmp(d->bad->name, set->one_of_b) &&
			       pb_keyset_lookup(set, set->one_of_b) == d->bad)))
		skip = set->one_of_a;
	for (const pb_key *k = set->keys; k->name; k++) {
		if (k == d->omit || (skip && !strcmp(k->name, skip)))
			continue;
		for (int i = 0; i < indent - (first && list_item ? 2 : 0); i++)
			g_string_append_c(d->text, ' ');
		if (first && list_item)
			g_string_append(d->text, "- ");
		first = FALSE;
		g_string_append_printf(d->text, "%s:", k->name);
		d->line++;
		if (k == d->bad) {
			g_string_append(d->text, is_container(k) ? " zz\n" : " {zz: 1}\n");
			d->bad_line = d->line;
		} else if (k->type == PB_VALUE_MAP || k->type == PB_VALUE_PATH_OR_MAP) {
			/* a file or a mapping: the mapping, so that its keys are tested too */
			g_string_append_c(d->text, '\n');
			emit_set(d, k->children, indent + 2, FALSE);
		} else if (k->type == PB_VALUE_LIST) {
			g_string_append_c(d->text, '\n');
			emit_set(d, k->children, indent + 4, TRUE);
		} else if (k->type == PB_VALUE_RULES) {
			g_string_append(d->text, " {}\n");
		} else {
			g_assert(k->example);
			g_string_append_printf(d->text, " %s\n", k->example);
		}
	}
}

static char *
document(const pb_keyset *root, const pb_key *omit, const pb_key *bad, guint *bad_line)
{
	doc d = {g_string_new(NULL), 0, omit, bad, 0};
	emit_set(&d, root, 0, FALSE);
	if (bad_line)
		*bad_line = d.bad_line;
	return g_string_free(d.text, FALSE);
}

/* Every key under `set`, depth first. */
static void
all_keys(const pb_keyset *set, GPtrArray *out)
{
	for (const pb_key *k = set->keys; k->name; k++) {
		g_ptr_array_add(out, (gpointer)k);
		if (k->children)
			all_keys(k->children, out);
	}
}

/* Loads `text` as a manifest or a layout; the diagnostics. */
static pb_diags *
load(const pb_keyset *root, const char *text)
{
	pb_diags *d = pb_diags_new();
	if (root == &pb_manifest_keys) {
		pb_manifest *m = pb_manifest_parse("m.yaml", text, strlen(text), d);
		pb_manifest_free(m);
		return d;
	}
	g_autofree char *path = NULL;
	int fd = g_file_open_tmp("test-keys-XXXXXX.yaml", &path, NULL);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	pb_layout_free(pb_layout_load_file(path, d));
	g_unlink(path);
	return d;
}

static guint
errors_on_line(const pb_diags *d, guint line)
{
	guint n = 0;
	for (guint i = 0; i < d->items->len; i++) {
		const pb_diag *x = d->items->pdata[i];
		n += x->severity == PB_SEV_ERROR && x->loc.line == line;
	}
	return n;
}

static void
print_diags(const pb_diags *d, const char *text)
{
	fprintf(stderr, "%s", text);
	pb_diags_print(d, stderr);
}

static void
whole_document_loads(const pb_keyset *root)
{
	g_autofree char *text = document(root, NULL, NULL, NULL);
	pb_diags *d = load(root, text);
	if (d->items->len)
		print_diags(d, text);
	assert_int_equal(d->items->len, 0);
	pb_diags_free(d);
}

static void
every_key_is_read(const pb_keyset *root)
{
	g_autoptr(GPtrArray) keys = g_ptr_array_new();
	all_keys(root, keys);
	for (guint i = 0; i < keys->len; i++) {
		const pb_key *k = keys->pdata[i];
		guint line = 0;
		g_autofree char *text = document(root, NULL, k, &line);
		assert_true(line > 0);
		pb_diags *d = load(root, text);
		guint n = errors_on_line(d, line);
		gboolean want = k->type != PB_VALUE_NOTE;
		if ((n > 0) != want) {
			fprintf(stderr, "key '%s' on line %u: %u errors there, expected %s\n",
				k->name, line, n, want ? "some" : "none");
			print_diags(d, text);
		}
		assert_int_equal(n > 0, want);
		pb_diags_free(d);
	}
}

/* The key whose absence the loader must refuse: required, or the one of a pair given. */
static gboolean
must_be_there(const pb_keyset *root, const pb_key *k)
{
	if (k->required)
		return TRUE;
	g_autoptr(GPtrArray) sets = g_ptr_array_new();
	g_ptr_array_add(sets, (gpointer)root);
	for (guint i = 0; i < sets->len; i++) {
		const pb_keyset *s = sets->pdata[i];
		if (s->one_of_a && pb_keyset_lookup(s, s->one_of_a) == k)
			return TRUE;
		for (const pb_key *c = s->keys; c->name; c++)
			if (c->children)
				g_ptr_array_add(sets, (gpointer)c->children);
	}
	return FALSE;
}

static void
required_keys_are_required(const pb_keyset *root)
{
	g_autoptr(GPtrArray) keys = g_ptr_array_new();
	all_keys(root, keys);
	for (guint i = 0; i < keys->len; i++) {
		const pb_key *k = keys->pdata[i];
		g_autofree char *text = document(root, k, NULL, NULL);
		pb_diags *d = load(root, text);
		g_autofree char *quoted = g_strdup_printf("'%s'", k->name);
		gboolean named = FALSE;
		for (guint j = 0; j < d->items->len; j++) {
			const pb_diag *x = d->items->pdata[j];
			named |= x->severity == PB_SEV_ERROR &&
				 !g_strcmp0(x->rule, "schema.missing") &&
				 strstr(x->message, quoted);
		}
		gboolean want = must_be_there(root, k);
		if (named != want || (!want && d->items->len)) {
			fprintf(stderr, "without '%s' (%s in the table):\n", k->name,
				want ? "required" : "optional");
			print_diags(d, text);
		}
		assert_int_equal(named, want);
		if (!want)
			assert_int_equal(d->items->len, 0);
		pb_diags_free(d);
	}
}

static void
test_manifest_document_loads(void **state)
{
	whole_document_loads(&pb_manifest_keys);
}

static void
test_layout_document_loads(void **state)
{
	whole_document_loads(&pb_layout_keys);
}

static void
test_manifest_keys_are_read(void **state)
{
	every_key_is_read(&pb_manifest_keys);
}

static void
test_layout_keys_are_read(void **state)
{
	every_key_is_read(&pb_layout_keys);
}

static void
test_manifest_required_keys(void **state)
{
	required_keys_are_required(&pb_manifest_keys);
}

static void
test_layout_required_keys(void **state)
{
	required_keys_are_required(&pb_layout_keys);
}

/* The layouts' font keys are the text service's roles, in its order. */
static void
test_font_keys_are_the_roles(void **state)
{
	guint n = 0;
	for (const pb_key *k = pb_font_keys.keys; k->name; k++, n++) {
		assert_non_null(pb_font_roles[n]);
		assert_string_equal(k->name, pb_font_roles[n]);
	}
	assert_null(pb_font_roles[n]);
}

/* Every choice key names its choices, every container its children, every key its meaning. */
static void
test_table_is_complete(void **state)
{
	const pb_keyset *roots[] = {&pb_manifest_keys, &pb_layout_keys};
	for (gsize r = 0; r < G_N_ELEMENTS(roots); r++) {
		g_autoptr(GPtrArray) keys = g_ptr_array_new();
		all_keys(roots[r], keys);
		for (guint i = 0; i < keys->len; i++) {
			const pb_key *k = keys->pdata[i];
			assert_non_null(k->meaning);
			assert_true((k->type == PB_VALUE_CHOICE) == (k->choices != NULL));
			assert_true((k->type == PB_VALUE_MAP || k->type == PB_VALUE_LIST ||
				     k->type == PB_VALUE_PATH_OR_MAP) == (k->children != NULL));
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_manifest_document_loads),
	    cmocka_unit_test(test_layout_document_loads),
	    cmocka_unit_test(test_manifest_keys_are_read),
	    cmocka_unit_test(test_layout_keys_are_read),
	    cmocka_unit_test(test_manifest_required_keys),
	    cmocka_unit_test(test_layout_required_keys),
	    cmocka_unit_test(test_font_keys_are_the_roles),
	    cmocka_unit_test(test_table_is_complete),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
