/* test-roster.c — the roster (load/roster.c): values and their roster.csv:line:col through
 * quotes, CRLF, a BOM, blank and empty rows, a multi-line value (refused); the header in any order
 * and in Chinese; GB18030 read when declared and refused when not; binding rows to colleges by id
 * or name; and what reading finds, each at its position, and once: a first row that is a graduate
 * rather than a header, UTF-16 with or without its BOM, a file cut short inside a character, a
 * value never closed that would run on through megabytes, a refused value (not also "a graduate
 * with no name").
 *
 * Positions are what an editor shows: lines from 1, columns in characters from 1 (a Chinese
 * character is one column, whatever its bytes in UTF-8 or GB18030).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "load/roster.h"

#include <string.h>

static pb_roster *
parse(const char *text, pb_encoding enc)
{
	return pb_roster_parse("r.csv", text, strlen(text), enc, pb_loc_make("m.yaml", 5, 30));
}

static const pb_graduate *
row(const pb_roster *r, guint i)
{
	assert_true(i < r->rows->len);
	return &g_array_index(r->rows, pb_graduate, i);
}

static void
assert_at(pb_text t, const char *s, guint line, guint col)
{
	if (s)
		assert_string_equal(t.s, s);
	else
		assert_null(t.s);
	assert_string_equal(t.loc.file, "r.csv");
	assert_int_equal(t.loc.line, line);
	assert_int_equal(t.loc.col, col);
}

/* The only finding, as "line:col: rule: message". */
static char *
only_finding(const pb_roster *r)
{
	assert_int_equal(r->findings->items->len, 1);
	const pb_diag *d = r->findings->items->pdata[0];
	return g_strdup_printf("%u:%u: %s: %s", d->loc.line, d->loc.col, d->rule, d->message);
}

static void
test_values_and_positions(void **state)
{
	g_autoptr(pb_roster) r =
	    parse("name,class,college,blessing\r\n"
		  "张明,建工1901班,jianzhu,\r\n"
		  "\r\n"
		  " 欧阳明月 , \"建工1902班\",建筑工程学院,\"愿你，\n前程似锦\"\r\n"
		  ",,,\r\n"
		  "李华,机电1901班,jixie",
		  PB_ENCODING_UTF8);
	assert_true(r->blessings);
	/* a value over two lines is read whole, and refused at its quote: a card sets it on one
	 * line */
	g_autofree char *f = only_finding(r);
	assert_string_equal(f, "4:26: roster.value: blessing runs over two lines; the card sets "
			       "it on one (a line break typed in the cell: Alt+Enter in Excel)");
	assert_int_equal(r->rows->len, 2); /* the blank line and ",,," are no graduates */
	assert_at(row(r, 0)->name, "张明", 2, 1);
	assert_at(row(r, 0)->class_, "建工1901班", 2, 4);
	assert_at(row(r, 0)->college_written, "jianzhu", 2, 12);
	assert_at(row(r, 0)->blessing, NULL, 2, 20); /* empty: the card's default line */
	/* the row after a value over two lines, and one without a last line break or blessing */
	assert_at(row(r, 1)->name, "李华", 7, 1);
	assert_at(row(r, 1)->college_written, "jixie", 7, 12);
	assert_at(row(r, 1)->blessing, NULL, 7, 17);
	/* spaces around a value are not part of it; a quoted value's column is its quote */
	g_autoptr(pb_roster) q =
	    parse("name,class,college,blessing\n"
		  " 欧阳明月 , \"建工1902班\",建筑工程学院,\"愿你，前程似锦\"\n",
		  PB_ENCODING_UTF8);
	assert_int_equal(q->findings->items->len, 0);
	assert_at(row(q, 0)->name, "欧阳明月", 2, 2);
	assert_at(row(q, 0)->class_, "建工1902班", 2, 9);
	assert_at(row(q, 0)->college_written, "建筑工程学院", 2, 19);
	assert_at(row(q, 0)->blessing, "愿你，前程似锦", 2, 26);
}

static void
test_header_any_order_bom_chinese(void **state)
{
	g_autoptr(pb_roster) r =
	    parse("\xEF\xBB\xBF学院,姓名,班级\n信息工程学院,周杰,软件1901班\n", PB_ENCODING_UTF8);
	assert_int_equal(r->findings->items->len, 0);
	assert_false(r->blessings);
	assert_at(row(r, 0)->name, "周杰", 2, 8);
	assert_at(row(r, 0)->class_, "软件1901班", 2, 11);
	assert_at(row(r, 0)->college_written, "信息工程学院", 2, 1);
}

static void
test_header_findings(void **state)
{
	g_autoptr(pb_roster) a = parse("name,class\n张明,建工1901班\n", PB_ENCODING_UTF8);
	g_autofree char *fa = only_finding(a);
	assert_string_equal(fa, "1:1: roster.header: the header has no 'college' column; the first "
				"row names the columns: name, class, college (and blessing, "
				"optional), in any order");
	assert_int_equal(a->rows->len, 0);
	g_autoptr(pb_roster) b =
	    parse("name,class,college,blesing\n张明,建工1901班,jianzhu,好\n", PB_ENCODING_UTF8);
	g_autofree char *fb = only_finding(b);
	assert_string_equal(fb, "1:20: roster.header: column 'blesing' is not read; did you mean "
				"'blessing'?");
	assert_int_equal(b->rows->len, 1);
	g_autoptr(pb_roster) c = parse("name,class,college,name\n", PB_ENCODING_UTF8);
	assert_int_equal(c->findings->items->len, 1); /* no "no graduates" after an error */
	const pb_diag *d = c->findings->items->pdata[0];
	assert_string_equal(d->message, "column 'name' appears twice (first at column 1)");
	assert_int_equal(d->loc.col, 20);
	g_autoptr(pb_roster) e = parse("", PB_ENCODING_UTF8);
	g_autofree char *fe = only_finding(e);
	assert_true(g_str_has_prefix(fe, "1:1: roster.header: the roster is empty"));
}

static void
test_syntax_findings(void **state)
{
	g_autoptr(pb_roster) a =
	    parse("name,class,college\n张\"明,建工1901班,j\n", PB_ENCODING_UTF8);
	g_autofree char *fa = only_finding(a);
	assert_true(g_str_has_prefix(fa, "2:2: roster.csv: a quote in the middle of a value"));
	g_autoptr(pb_roster) b =
	    parse("name,class,college\n张明,建工1901班,j\n\"李华,建工,j\n", PB_ENCODING_UTF8);
	g_autofree char *fb = only_finding(b);
	assert_string_equal(fb, "3:1: roster.csv: a quoted value is never closed");
	g_autoptr(pb_roster) c =
	    parse("name,class,college\n张明,建工1901班,j,多\n", PB_ENCODING_UTF8);
	g_autofree char *fc = only_finding(c);
	assert_string_equal(fc, "2:14: roster.row: this row has 4 values, the header names 3 "
				"columns (a value with a comma in it needs quotes)");
	GString *long_name = g_string_new("name,class,college\n");
	for (int i = 0; i < 201; i++)
		g_string_append(long_name, "长");
	g_string_append(long_name, ",一班,j\n");
	g_autoptr(pb_roster) d = parse(long_name->str, PB_ENCODING_UTF8);
	g_string_free(long_name, TRUE);
	g_autofree char *fd = only_finding(d);
	assert_string_equal(fd, "2:1: roster.value: name has 201 characters, a roster value has "
				"at most 200");
}

/* 张明,建工1901班 in GB18030: what Excel's "CSV (comma delimited)" writes on a Chinese Windows. */
#define GB_ROW                                                                                     \
	"\xD5\xC5\xC3\xF7,\xBD\xA8\xB9\xA4"                                                        \
	"1901\xB0\xE0,jianzhu\n"

static void
test_gb18030(void **state)
{
	const char *text = "name,class,college\n" GB_ROW;
	g_autoptr(pb_roster) read = parse(text, PB_ENCODING_GB18030);
	assert_int_equal(read->findings->items->len, 0);
	assert_at(row(read, 0)->name, "张明", 2, 1);
	assert_at(row(read, 0)->class_, "建工1901班", 2, 4);
	assert_at(row(read, 0)->college_written, "jianzhu", 2, 12);
	/* undeclared: one error where the first byte that is not UTF-8 is, and no rows */
	g_autoptr(pb_roster) refused = parse(text, PB_ENCODING_UTF8);
	g_autofree char *f = only_finding(refused);
	assert_true(g_str_has_prefix(f, "2:1: roster.encoding: the roster is not UTF-8 (byte 0xD5 "
					"here); save it as \"CSV UTF-8 (comma delimited)\", or "
					"set encoding: gb18030"));
	assert_int_equal(refused->rows->len, 0);
	/* declared, but the file is UTF-8 after all: read as what it is, said at the manifest */
	g_autoptr(pb_roster) utf8 =
	    parse("name,class,college\n张明,建工1901班,jianzhu\n", PB_ENCODING_GB18030);
	g_autofree char *fu = only_finding(utf8);
	assert_true(
	    g_str_has_prefix(fu, "5:30: roster.encoding: the roster is UTF-8, not GB18030"));
	assert_string_equal(row(utf8, 0)->name.s, "张明");
	/* not GB18030 either: the column of the bad byte in characters of the line before it */
	g_autoptr(pb_roster) bad =
	    parse("name,class,college\n\xD5\xC5\xFF\xFF,x,y\n", PB_ENCODING_GB18030);
	g_autofree char *fbad = only_finding(bad);
	assert_true(
	    g_str_has_prefix(fbad, "2:2: roster.encoding: the roster is not GB18030 either"));
}

static void
test_utf16_and_nul(void **state)
{
	g_autoptr(pb_roster) a =
	    pb_roster_parse("r.csv", "\xFF\xFEn\0a\0", 6, PB_ENCODING_UTF8, pb_loc_make("", 0, 0));
	g_autofree char *fa = only_finding(a);
	assert_true(g_str_has_prefix(fa, "1:1: roster.encoding: the roster is UTF-16"));
	g_autoptr(pb_roster) b =
	    pb_roster_parse("r.csv", "name\nab\0c", 10, PB_ENCODING_UTF8, pb_loc_make("", 0, 0));
	g_autofree char *fb = only_finding(b);
	assert_string_equal(fb, "2:3: roster.encoding: the roster holds a NUL byte; is it a "
				"spreadsheet rather than CSV?");
}

/* A roster whose first row is already a graduate: one error at 1:1, not one a column. */
static void
test_first_row_not_a_header(void **state)
{
	g_autoptr(pb_roster) r =
	    parse("张明,建工1901班,jianzhu\n李四,建工1901班,jianzhu\n", PB_ENCODING_UTF8);
	g_autofree char *f = only_finding(r);
	assert_string_equal(f, "1:1: roster.header: the first row names no column; the roster "
			       "begins with a header row that names the columns: name, class, "
			       "college (and blessing, optional), in any order (姓名, 班级, 学院, "
			       "寄语 too)");
	assert_int_equal(r->rows->len, 0);
}

/* UTF-16 as Excel's "Unicode Text" writes it, but without its BOM (every other byte NUL). */
static void
test_utf16_without_bom(void **state)
{
	static const char le[] = "n\0a\0m\0e\0,\0c\0l\0a\0s\0s\0\n\0";
	static const char be[] = "\0n\0a\0m\0e\0,\0c\0l\0a\0s\0s\0\n";
	g_autoptr(pb_roster) a =
	    pb_roster_parse("r.csv", le, sizeof le - 1, PB_ENCODING_UTF8, pb_loc_make("", 0, 0));
	g_autoptr(pb_roster) b =
	    pb_roster_parse("r.csv", be, sizeof be - 1, PB_ENCODING_GB18030, pb_loc_make("", 0, 0));
	g_autofree char *fa = only_finding(a);
	g_autofree char *fb = only_finding(b);
	assert_true(g_str_has_prefix(fa, "1:1: roster.encoding: the roster is UTF-16 (Excel's"));
	assert_true(g_str_has_prefix(fb, "1:1: roster.encoding: the roster is UTF-16 (Excel's"));
}

/* The last character cut off (a copy that stopped short): said so, in UTF-8 and in GB18030,
 * rather than "not UTF-8, set encoding" or nothing at all (g_convert drops it silently). */
static void
test_cut_short(void **state)
{
	g_autoptr(pb_roster) a =
	    parse("name,class,college\n张明,建工1901班,jianzhu\n王\xE5\xBC", PB_ENCODING_UTF8);
	g_autofree char *fa = only_finding(a);
	assert_string_equal(fa, "3:2: roster.encoding: the roster ends inside a character (byte "
				"0xE5 here); was the file cut short? save it again");
	g_autoptr(pb_roster) b = parse("name,class,college\n" GB_ROW "\xD5", PB_ENCODING_GB18030);
	g_autofree char *fb = only_finding(b);
	assert_string_equal(fb, "3:1: roster.encoding: the roster ends inside a character (byte "
				"0xD5 here); was the file cut short? save it again");
	assert_int_equal(b->rows->len, 0);
	/* a bad byte with more after it is another encoding, as before */
	g_autoptr(pb_roster) c = parse("name,class,college\n\xE5x,c,j\n", PB_ENCODING_UTF8);
	g_autofree char *fc = only_finding(c);
	assert_true(
	    g_str_has_prefix(fc, "2:1: roster.encoding: the roster is not UTF-8 (byte 0xE5"));
}

/* A value that never ends: a megabyte on one line, or a quote never closed before a megabyte
 * of rows.  Reading stops with one error at the value's start, at once (libcsv grows its buffer
 * a block at a time: a 10 MB field took minutes). */
static void
test_endless_value(void **state)
{
	const char *why =
	    "roster.csv: a value of more than 65536 bytes begins here (a roster value "
	    "has at most 200 characters); is a quote never closed?";
	GString *s = g_string_new("name,class,college\n");
	for (int i = 0; i < 1000 * 1000; i++)
		g_string_append_c(s, 'x');
	g_string_append(s, ",c,j\n");
	g_autoptr(pb_roster) a = parse(s->str, PB_ENCODING_UTF8);
	g_autofree char *fa = only_finding(a);
	g_autofree char *wa = g_strdup_printf("2:1: %s", why);
	assert_string_equal(fa, wa);
	g_string_assign(s, "name,class,college\n张明,建工1901班,j\n\"李四");
	for (int i = 0; i < 100 * 1000; i++)
		g_string_append(s, ",c,j\n王五");
	g_autoptr(pb_roster) b = parse(s->str, PB_ENCODING_UTF8);
	g_string_free(s, TRUE);
	g_autofree char *fb = only_finding(b);
	g_autofree char *wb = g_strdup_printf("3:1: %s", why);
	assert_string_equal(fb, wb);
	assert_int_equal(b->rows->len, 1);
}

/* A value refused (too long, a control character) is its row's one error: the row is not
 * also "a graduate with no name" for the check. */
static void
test_refused_value_said_once(void **state)
{
	GString *s = g_string_new("name,class,college\n");
	for (int i = 0; i < 500; i++)
		g_string_append(s, "长");
	g_string_append(s, ",一班,j\n李\a四,一班,j\n王五,\x01"
			   "一班,j\n赵六,一班,j\n");
	g_autoptr(pb_roster) r = parse(s->str, PB_ENCODING_UTF8);
	g_string_free(s, TRUE);
	const char *want[] = {
	    "2:1: roster.value: name has 500 characters, a roster value has at most 200",
	    "3:1: roster.value: name holds a control character (U+0007)",
	    "4:4: roster.value: class holds a control character (U+0001)"};
	assert_int_equal(r->findings->items->len, G_N_ELEMENTS(want));
	for (guint i = 0; i < G_N_ELEMENTS(want); i++) {
		const pb_diag *d = r->findings->items->pdata[i];
		g_autofree char *got =
		    g_strdup_printf("%u:%u: %s: %s", d->loc.line, d->loc.col, d->rule, d->message);
		assert_string_equal(got, want[i]);
	}
	assert_int_equal(r->rows->len, 1);
	assert_at(row(r, 0)->name, "赵六", 5, 1);
}

static void
test_bind_by_id_or_name(void **state)
{
	pb_college a = {.id = {"jianzhu", {0}}, .name = {"建筑工程学院", {0}}};
	pb_college b = {.id = {"jixie", {0}}, .name = {"机械工程学院", {0}}};
	g_autoptr(GPtrArray) colleges = g_ptr_array_new();
	g_ptr_array_add(colleges, &a);
	g_ptr_array_add(colleges, &b);
	g_autoptr(pb_roster) r = parse("name,class,college\n甲,一班,jixie\n乙,二班,建筑工程学院\n"
				       "丙,三班,土木学院\n丁,四班,\n",
				       PB_ENCODING_UTF8);
	pb_roster_bind(r, colleges);
	assert_ptr_equal(row(r, 0)->college, &b);
	assert_ptr_equal(row(r, 1)->college, &a);
	assert_null(row(r, 2)->college);
	assert_null(row(r, 3)->college);
	assert_at(row(r, 3)->college_written, NULL, 5, 6); /* empty, at its comma's right */
}

/* 100,000 rows: every one read, in well under a second (make bench gives the figure). */
static void
test_many_rows(void **state)
{
	GString *s = g_string_new("name,class,college\n");
	for (int i = 0; i < 100000; i++)
		g_string_append_printf(s, "学生%d,建工%02d班,jianzhu\n", i, i % 40);
	g_autoptr(pb_roster) r = parse(s->str, PB_ENCODING_UTF8);
	g_string_free(s, TRUE);
	assert_int_equal(r->findings->items->len, 0);
	assert_int_equal(r->rows->len, 100000);
	assert_at(row(r, 99999)->name, "学生99999", 100001, 1);
	/* classes repeat down the roster and are stored once */
	assert_ptr_equal(row(r, 0)->class_.s, row(r, 40)->class_.s);
}

/* Lines that end with a lone CR (an old Mac export): the values and an encoding error are at
 * the same line, counted the same way. */
static void
test_lone_cr_lines(void **state)
{
	g_autoptr(pb_roster) r =
	    parse("name,class,college\r张明,建工1901班,jianzhu\r", PB_ENCODING_UTF8);
	assert_at(row(r, 0)->name, "张明", 2, 1);
	g_autoptr(pb_roster) bad =
	    parse("name,class,college\r张明,x,y\r王\xFF,x,y\r", PB_ENCODING_UTF8);
	g_autofree char *f = only_finding(bad);
	assert_true(
	    g_str_has_prefix(f, "3:2: roster.encoding: the roster is not UTF-8 (byte 0xFF"));
}

/* Values that pass as text but print wrong: only a zero-width space, only combining accents
 * (a dotted circle on the card), a name behind a right-to-left override (printed back to
 * front).  Each refused at its own cell; an accent on a letter is a name like any other. */
static void
test_values_that_print_wrong(void **state)
{
	g_autoptr(pb_roster) r = parse("name,class,college\n"
				       "\xE2\x80\x8B,建工1901班,jianzhu\n"
				       "\xCC\x81\xCC\x81,建工1901班,jianzhu\n"
				       "\xE2\x80\xAE张明伟,建工1901班,jianzhu\n"
				       "张明,建工1901班\xE2\x80\x8B\xE2\x81\xA7,jianzhu\n"
				       "Jose\xCC\x81,建工1901班,jianzhu\n",
				       PB_ENCODING_UTF8);
	assert_int_equal(r->findings->items->len, 4);
	const char *want[] = {
	    "2:1: name shows no character: it holds only invisible characters or marks with "
	    "nothing to sit on (U+200B first)",
	    "3:1: name shows no character: it holds only invisible characters or marks with "
	    "nothing to sit on (U+0301 first)",
	    "4:1: name holds U+202E, a direction control: the card would print it reordered or "
	    "back to front",
	    "5:4: class holds U+2067, a direction control: the card would print it reordered or "
	    "back to front",
	};
	for (guint i = 0; i < G_N_ELEMENTS(want); i++) {
		const pb_diag *d = r->findings->items->pdata[i];
		g_autofree char *got =
		    g_strdup_printf("%u:%u: %s", d->loc.line, d->loc.col, d->message);
		assert_string_equal(got, want[i]);
	}
	assert_int_equal(r->rows->len, 1);
	assert_at(row(r, 0)->name, "Jose\xCC\x81", 6, 1);
}

/* Excel's "name,class,college,,," (cells once formatted beyond the table): the unnamed columns
 * are not read, and said nothing of, so --strict does not stop the insert over them; a value
 * found under one is said once, where it is. */
static void
test_unnamed_columns(void **state)
{
	g_autoptr(pb_roster) r = parse("name,class,college,,,\r\n"
				       "张明,建工1901班,jianzhu,,,\r\n"
				       "李华,建工1901班,jianzhu,,,祝你\r\n"
				       "王芳,建工1901班,jianzhu,,,前程似锦\r\n",
				       PB_ENCODING_UTF8);
	g_autofree char *f = only_finding(r);
	assert_string_equal(f, "3:22: roster.header: this value is not read: its column has no "
			       "name in the header (name, class, college or blessing)");
	assert_int_equal(r->rows->len, 3);
	assert_at(row(r, 2)->name, "王芳", 4, 1);
}

/* A second BOM (a file that had one saved with another, or two files joined): the header's
 * first column is still 'name', and a value that begins with one is the value. */
static void
test_second_bom(void **state)
{
	g_autoptr(pb_roster) r = parse("\xEF\xBB\xBF\xEF\xBB\xBFname,class,college\n"
				       "\xEF\xBB\xBF张明,建工1901班,jianzhu\n",
				       PB_ENCODING_UTF8);
	assert_int_equal(r->findings->items->len, 0);
	assert_at(row(r, 0)->name, "张明", 2, 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_values_and_positions),
	    cmocka_unit_test(test_header_any_order_bom_chinese),
	    cmocka_unit_test(test_header_findings),
	    cmocka_unit_test(test_syntax_findings),
	    cmocka_unit_test(test_gb18030),
	    cmocka_unit_test(test_utf16_and_nul),
	    cmocka_unit_test(test_first_row_not_a_header),
	    cmocka_unit_test(test_utf16_without_bom),
	    cmocka_unit_test(test_cut_short),
	    cmocka_unit_test(test_endless_value),
	    cmocka_unit_test(test_refused_value_said_once),
	    cmocka_unit_test(test_bind_by_id_or_name),
	    cmocka_unit_test(test_many_rows),
	    cmocka_unit_test(test_lone_cr_lines),
	    cmocka_unit_test(test_values_that_print_wrong),
	    cmocka_unit_test(test_unnamed_columns),
	    cmocka_unit_test(test_second_bom),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
