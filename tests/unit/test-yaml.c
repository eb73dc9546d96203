/* test-yaml.c — the YAML layer: positions, errors with their positions, aliases, depth. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "load/yamltree.h"

#include <string.h>

static pb_yaml_doc *
parse(const char *text, pb_diags *d)
{
	return pb_yaml_parse("m.yaml", text, strlen(text), d);
}

/* The only diagnostic, formatted. */
static char *
only_diag(pb_diags *d)
{
	assert_int_equal(d->items->len, 1);
	return pb_diag_format(d, d->items->pdata[0]);
}

static void
test_positions(void **state)
{
	pb_diags *d = pb_diags_new();
	pb_yaml_doc *doc = parse("a: 1\nlist:\n  - x\n  - {k: 名字, v: 2}\n", d);
	assert_non_null(doc);
	pb_node *list = pb_node_lookup(doc->root, "list");
	assert_int_equal(list->loc.line, 3);
	assert_int_equal(list->loc.col, 3);
	pb_node *map = list->items->pdata[1];
	pb_node *v = pb_node_lookup(map, "v");
	/* Columns count characters, not bytes: 名字 is two characters (six bytes). */
	assert_int_equal(v->loc.line, 4);
	assert_int_equal(v->loc.col, 16);
	assert_string_equal(pb_node_lookup(map, "k")->text, "名字");
	pb_yaml_doc_free(doc);
	pb_diags_free(d);
}

static void
test_bom_and_crlf(void **state)
{
	pb_diags *d = pb_diags_new();
	pb_yaml_doc *doc = parse("\xEF\xBB\xBF"
				 "a: 1\r\nb: 二\r\n",
				 d);
	assert_non_null(doc);
	pb_node *b = pb_node_lookup(doc->root, "b");
	assert_string_equal(b->text, "二");
	assert_int_equal(b->loc.line, 2);
	assert_int_equal(b->loc.col, 4);
	pb_yaml_doc_free(doc);
	pb_diags_free(d);
}

static void
test_syntax_error(void **state)
{
	pb_diags *d = pb_diags_new();
	assert_null(parse("a: 1\nb: [1, 2\nc: 3\n", d));
	g_autofree char *line = only_diag(d);
	assert_string_equal(line, "m.yaml:3:2: error: did not find expected ',' or ']' while "
				  "parsing a flow sequence that starts at line 2 [yaml.syntax]");
	pb_diags_free(d);
}

static void
test_duplicate_key(void **state)
{
	pb_diags *d = pb_diags_new();
	assert_null(parse("name: a\nclass: b\nname: c\n", d));
	g_autofree char *line = only_diag(d);
	assert_string_equal(line, "m.yaml:3:1: error: duplicate key 'name' (first given at line 1) "
				  "[yaml.duplicate-key]");
	pb_diags_free(d);
}

static void
test_invalid_utf8(void **state)
{
	pb_diags *d = pb_diags_new();
	assert_null(parse("a: 好\nb: x\xff"
			  "y\n",
			  d));
	g_autofree char *line = only_diag(d);
	assert_string_equal(line, "m.yaml:2:5: error: invalid leading UTF-8 octet (byte 0xFF); the "
				  "file must be UTF-8 [yaml.encoding]");
	pb_diags_free(d);
}

static void
test_alias_shared(void **state)
{
	pb_diags *d = pb_diags_new();
	pb_yaml_doc *doc = parse("base: &b {x: 1}\nuse: *b\n", d);
	assert_non_null(doc);
	assert_ptr_equal(pb_node_lookup(doc->root, "base"), pb_node_lookup(doc->root, "use"));
	pb_yaml_doc_free(doc);
	pb_diags_free(d);
}

static void
test_alias_unknown(void **state)
{
	pb_diags *d = pb_diags_new();
	assert_null(parse("a: *nope\n", d));
	g_autofree char *line = only_diag(d);
	assert_string_equal(line, "m.yaml:1:4: error: unknown alias '*nope' [yaml.alias]");
	pb_diags_free(d);
}

/* Billion laughs: nine levels of nine aliases each would expand to 9^9 nodes. */
static void
test_alias_bomb(void **state)
{
	GString *s = g_string_new("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\","
				  "\"lol\",\"lol\"]\n");
	for (char c = 'b'; c <= 'j'; c++)
		g_string_append_printf(s, "%c: &%c [*%c,*%c,*%c,*%c,*%c,*%c,*%c,*%c,*%c]\n", c, c,
				       c - 1, c - 1, c - 1, c - 1, c - 1, c - 1, c - 1, c - 1,
				       c - 1);
	pb_diags *d = pb_diags_new();
	gint64 t0 = g_get_monotonic_time();
	assert_null(parse(s->str, d));
	/* Refused while parsing, long before anything is expanded: well under a second even
	 * under the sanitizers (this is a bound on the algorithm, not a benchmark). */
	assert_true(g_get_monotonic_time() - t0 < G_USEC_PER_SEC);
	g_autofree char *line = only_diag(d);
	assert_true(g_str_has_prefix(line, "m.yaml:6:"));
	assert_true(g_str_has_suffix(line, "[yaml.alias]"));
	g_string_free(s, TRUE);
	pb_diags_free(d);
}

static void
test_depth(void **state)
{
	GString *s = g_string_new("a: ");
	for (int i = 0; i < 10000; i++)
		g_string_append_c(s, '[');
	pb_diags *d = pb_diags_new();
	assert_null(parse(s->str, d));
	g_autofree char *line = only_diag(d);
	assert_string_equal(line, "m.yaml:1:67: error: nesting deeper than 64 levels [yaml.depth]");
	g_string_free(s, TRUE);
	pb_diags_free(d);
}

static void
test_two_documents(void **state)
{
	pb_diags *d = pb_diags_new();
	assert_null(parse("a: 1\n---\nb: 2\n", d));
	g_autofree char *line = only_diag(d);
	assert_string_equal(line,
			    "m.yaml:2:1: error: a second document; the file must hold exactly "
			    "one [yaml.syntax]");
	pb_diags_free(d);
}

static void
test_null_and_quoted(void **state)
{
	pb_diags *d = pb_diags_new();
	pb_yaml_doc *doc = parse("a: ~\nb: \"~\"\nc:\nd: null\n", d);
	assert_true(pb_node_is_null(pb_node_lookup(doc->root, "a")));
	assert_false(pb_node_is_null(pb_node_lookup(doc->root, "b")));
	assert_true(pb_node_is_null(pb_node_lookup(doc->root, "c")));
	assert_true(pb_node_is_null(pb_node_lookup(doc->root, "d")));
	pb_yaml_doc_free(doc);
	pb_diags_free(d);
}

/* A large document (a 20 MB manifest's worth of items) loads; time is for make bench. */
static void
test_large(void **state)
{
	GString *s = g_string_new("items:\n");
	while (s->len < 20u * 1024 * 1024)
		g_string_append(s,
				"  - {name: 张明, class: 建工1901班, text: \"四年时光，感谢老师的"
				"教诲与同学的陪伴，我们江湖再见。\"}\n");
	pb_diags *d = pb_diags_new();
	pb_yaml_doc *doc = parse(s->str, d);
	assert_non_null(doc);
	assert_true(pb_node_lookup(doc->root, "items")->items->len > 100000);
	pb_yaml_doc_free(doc);
	g_string_free(s, TRUE);
	pb_diags_free(d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_positions),       cmocka_unit_test(test_bom_and_crlf),
	    cmocka_unit_test(test_syntax_error),    cmocka_unit_test(test_duplicate_key),
	    cmocka_unit_test(test_invalid_utf8),    cmocka_unit_test(test_alias_shared),
	    cmocka_unit_test(test_alias_unknown),   cmocka_unit_test(test_alias_bomb),
	    cmocka_unit_test(test_depth),           cmocka_unit_test(test_two_documents),
	    cmocka_unit_test(test_null_and_quoted), cmocka_unit_test(test_large),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
