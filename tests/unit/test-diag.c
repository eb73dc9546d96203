/* test-diag.c — diagnostics with their source line and a caret (base/diag.c), as a terminal
 * shows them: the caret under the right character whatever stands before it; the cap on one
 * rule's diagnostics in one file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/diag.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

/* What `print` (pb_diags_print or pb_diags_print_source) writes for `d`; g_free it. */
static char *
printed_by(void (*print)(const pb_diags *, FILE *), const pb_diags *d)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	print(d, out);
	fclose(out);
	char *copy = g_strdup(buf);
	free(buf);
	return copy;
}

static char *
print_source(const pb_diags *d)
{
	return printed_by(pb_diags_print_source, d);
}

/* What pb_diags_print_source writes for one warning at line:col of a file holding `text`,
 * without the first line (which names the scratch file). */
static char *
printed(const char *text, guint line, guint col)
{
	g_autofree char *dir = g_dir_make_tmp("test-diag-XXXXXX", NULL);
	g_autofree char *file = g_build_filename(dir, "m.yaml", NULL);
	assert_true(g_file_set_contents(file, text, -1, NULL));
	pb_diags *d = pb_diags_new();
	pb_diag_add(d, pb_loc_make(file, line, col), PB_SEV_WARNING, "r", "here");
	g_autofree char *all = print_source(d);
	pb_diags_free(d);
	g_unlink(file);
	g_rmdir(dir);
	return g_strdup(strchr(all, '\n') + 1);
}

static void
test_caret_ascii(void **state)
{
	g_autofree char *s = printed("paiban: 1\nevent: {title: x}\n", 2, 9);
	assert_string_equal(s, "    2 | event: {title: x}\n"
			       "      |         ^\n");
}

/* Each CJK character before the column takes two terminal columns. */
static void
test_caret_after_wide_characters(void **state)
{
	g_autofree char *s = printed("  - {name: 罗婷, text: 前路漫漫}\n", 1, 17);
	assert_string_equal(s, "    1 |   - {name: 罗婷, text: 前路漫漫}\n"
			       "      |                   ^\n");
	/* under a CJK character itself: the caret at its first column */
	g_autofree char *t = printed("名字: 王芳\n", 1, 5);
	assert_string_equal(t, "    1 | 名字: 王芳\n"
			       "      |       ^\n");
}

/* A tab runs to the next multiple of eight, and is printed as the spaces it takes; a control
 * character is escaped as the one-line form escapes it, and the caret counts the escape. */
static void
test_caret_after_tab_and_control(void **state)
{
	g_autofree char *s = printed("a:\tb\n", 1, 4);
	assert_string_equal(s, "    1 | a:      b\n"
			       "      |         ^\n");
	g_autofree char *t = printed("a: \x1b[31mx\n", 1, 9);
	assert_string_equal(t, "    1 | a: \\x1b[31mx\n"
			       "      |            ^\n");
}

/* A BOM is not a character of line 1 (libyaml does not count it); CRLF ends are dropped. */
static void
test_caret_bom_crlf(void **state)
{
	g_autofree char *s = printed("\xEF\xBB\xBFkey: 值\r\n", 1, 6);
	assert_string_equal(s, "    1 | key: 值\n"
			       "      |      ^\n");
}

/* A line of thousands of characters is a window around the caret, cut ends marked. */
static void
test_caret_long_line(void **state)
{
	GString *line = g_string_new("text: ");
	for (int i = 0; i < 1000; i++)
		g_string_append(line, "字");
	g_string_append(line, "X");
	for (int i = 0; i < 1000; i++)
		g_string_append(line, "字");
	g_autofree char *text = g_string_free(line, FALSE);
	g_autofree char *s = printed(text, 1, 1007); /* the X */
	/* 60 columns (30 characters) before the caret, 70 after it */
	GString *want = g_string_new("    1 | …");
	for (int i = 0; i < 30; i++)
		g_string_append(want, "字");
	g_string_append(want, "X");
	for (int i = 0; i < 34; i++)
		g_string_append(want, "字");
	g_string_append(want, "…\n      |  ");
	for (int i = 0; i < 60; i++)
		g_string_append_c(want, ' ');
	g_string_append(want, "^\n");
	g_autofree char *w = g_string_free(want, FALSE);
	assert_string_equal(s, w);
}

/* Without a line, or a file to read, the one-line form alone. */
static void
test_no_source(void **state)
{
	pb_diags *d = pb_diags_new();
	pb_diag_add(d, pb_loc_make("nowhere/m.yaml", 3, 1), PB_SEV_ERROR, "r", "gone");
	pb_diag_add(d, pb_loc_make("layouts/x.yaml", 0, 0), PB_SEV_ERROR, "r", "whole file");
	g_autofree char *s = print_source(d);
	assert_string_equal(s, "nowhere/m.yaml:3:1: error: gone [r]\n"
			       "layouts/x.yaml: error: whole file [r]\n");
	pb_diags_free(d);
}

static char *
print_plain(const pb_diags *d)
{
	return printed_by(pb_diags_print, d);
}

/* Of one rule at one severity in one file the first 20 are printed, and after the last of them
 * a line counts the rest; an error of the rule is printed though 20 warnings came before it; a
 * diagnostic without a file is counted with the same prefix it prints with. */
static void
test_cap(void **state)
{
	pb_diags *d = pb_diags_new();
	for (guint i = 1; i <= 23; i++)
		pb_diag_add(d, pb_loc_make("a.csv", i, 1), PB_SEV_WARNING, "r", "w%u", i);
	pb_diag_add(d, pb_loc_make("a.csv", 24, 1), PB_SEV_ERROR, "r", "the error");
	pb_diag_add(d, pb_loc_make("b.yaml", 1, 1), PB_SEV_WARNING, "r", "b's");
	for (guint i = 0; i < 21; i++)
		pb_diag_add(d, pb_loc_make("", 0, 0), PB_SEV_NOTE, "n", "fileless");
	g_autofree char *s = print_plain(d);
	g_auto(GStrv) lines = g_strsplit(s, "\n", -1);
	assert_int_equal(g_strv_length(lines), 20 + 1 + 1 + 1 + 20 + 1 + 1);
	assert_string_equal(lines[19], "a.csv:20:1: warning: w20 [r]");
	assert_string_equal(lines[20], "a.csv: warning: 3 more like the above not shown (the first "
				       "20 are); --json lists them all [r]");
	assert_string_equal(lines[21], "a.csv:24:1: error: the error [r]");
	assert_string_equal(lines[22], "b.yaml:1:1: warning: b's [r]");
	assert_string_equal(lines[23], ": note: fileless [n]");
	assert_string_equal(lines[43], ": note: 1 more like the above not shown (the first 20 "
				       "are); --json lists them all [n]");
	pb_diags_free(d);
}

/* Findings about whole files (no line), as `paiban init` makes one for each .doc of a
 * folder, are counted by their folder. */
static void
test_cap_by_folder(void **state)
{
	pb_diags *d = pb_diags_new();
	for (guint i = 1; i <= 25; i++) {
		g_autofree char *f = g_strdup_printf("学院/%02u.doc", i);
		pb_diag_add(d, pb_loc_make(f, 0, 0), PB_SEV_WARNING, "init.doc", "a .doc");
	}
	g_autofree char *s = print_plain(d);
	g_auto(GStrv) lines = g_strsplit(s, "\n", -1);
	assert_int_equal(g_strv_length(lines), 20 + 1 + 1);
	assert_string_equal(lines[19], "学院/20.doc: warning: a .doc [init.doc]");
	assert_string_equal(lines[20],
			    "学院: warning: 5 more like the above not shown (the first 20 "
			    "are); --json lists them all [init.doc]");
	pb_diags_free(d);
}

/* In a list that is not sorted, groups that take turns: each count's line comes once, after
 * its last diagnostic, not after each turn. */
static void
test_cap_unsorted(void **state)
{
	pb_diags *d = pb_diags_new();
	for (guint i = 1; i <= 30; i++) {
		g_autofree char *a = g_strdup_printf("A/%02u.doc", i),
				*b = g_strdup_printf("B/%02u.doc", i);
		pb_diag_add(d, pb_loc_make(a, 0, 0), PB_SEV_WARNING, "init.doc", "a");
		pb_diag_add(d, pb_loc_make(b, 0, 0), PB_SEV_WARNING, "init.doc", "b");
	}
	g_autofree char *s = print_plain(d);
	g_auto(GStrv) lines = g_strsplit(s, "\n", -1);
	assert_int_equal(g_strv_length(lines), 40 + 2 + 1);
	assert_string_equal(lines[40], "A: warning: 10 more like the above not shown (the first 20 "
				       "are); --json lists them all [init.doc]");
	assert_string_equal(lines[41], "B: warning: 10 more like the above not shown (the first 20 "
				       "are); --json lists them all [init.doc]");
	pb_diags_free(d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_caret_ascii),
	    cmocka_unit_test(test_caret_after_wide_characters),
	    cmocka_unit_test(test_caret_after_tab_and_control),
	    cmocka_unit_test(test_caret_bom_crlf),
	    cmocka_unit_test(test_caret_long_line),
	    cmocka_unit_test(test_no_source),
	    cmocka_unit_test(test_cap),
	    cmocka_unit_test(test_cap_by_folder),
	    cmocka_unit_test(test_cap_unsorted),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
