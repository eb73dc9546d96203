/* test-text.c — the text service: characters counted as the rules count them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "text/text.h"

static void
test_count_chinese(void **state)
{
	assert_int_equal(pb_text_count_chars("青春不散场，奋进新征程"), 11);
	assert_int_equal(pb_text_count_chars(""), 0);
	assert_int_equal(pb_text_count_chars(NULL), 0);
}

static void
test_whitespace_not_counted(void **state)
{
	/* ASCII spaces, newlines, the ideographic space U+3000 and tabs are not characters. */
	assert_int_equal(pb_text_count_chars(" 王\u3000芳 \n\t好"), 3);
}

static void
test_grapheme_clusters(void **state)
{
	/* e + combining acute is one; a thumbs-up with a skin tone is one; a flag is one. */
	assert_int_equal(pb_text_count_chars("e\u0301"), 1);
	assert_int_equal(pb_text_count_chars("👍🏽"), 1);
	assert_int_equal(pb_text_count_chars("🇨🇳"), 1);
	/* A supplementary-plane CJK character (rare in names) is one. */
	assert_int_equal(pb_text_count_chars("𠀀喆"), 2);
	assert_int_equal(pb_text_count_chars("abc 123"), 6);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_count_chinese),
	    cmocka_unit_test(test_whitespace_not_counted),
	    cmocka_unit_test(test_grapheme_clusters),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
