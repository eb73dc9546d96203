/* test-units.c — lengths and colours as layouts write them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/units.h"

static void
test_lengths(void **state)
{
	double mm;
	const char *why;
	assert_true(pb_length_parse("5mm", &mm, &why));
	assert_float_equal(mm, 5, 1e-9);
	assert_true(pb_length_parse("1.5 cm", &mm, &why));
	assert_float_equal(mm, 15, 1e-9);
	assert_true(pb_length_parse("72pt", &mm, &why));
	assert_float_equal(mm, 25.4, 1e-9);
	assert_true(pb_length_parse("1in", &mm, &why));
	assert_float_equal(mm, 25.4, 1e-9);
	assert_true(pb_length_parse("96px", &mm, &why));
	assert_float_equal(mm, 25.4, 1e-9);
	assert_true(pb_length_parse("0", &mm, &why));
	assert_float_equal(mm, 0, 1e-9);
	assert_false(pb_length_parse("5", &mm, &why));
	assert_string_equal(why, "a length needs a unit: mm, cm, pt, in or px");
	assert_false(pb_length_parse("5 furlongs", &mm, &why));
	assert_false(pb_length_parse("-3mm", &mm, &why));
	assert_false(pb_length_parse("", &mm, &why));
}

static void
test_sizes(void **state)
{
	double w, h;
	const char *why;
	assert_true(pb_size_parse("1200mm x 2400mm", &w, &h, &why));
	assert_float_equal(w, 1200, 1e-9);
	assert_float_equal(h, 2400, 1e-9);
	assert_true(pb_size_parse("297 × 420 mm", &w, &h, &why));
	assert_float_equal(w, 297, 1e-9);
	assert_float_equal(h, 420, 1e-9);
	assert_true(pb_size_parse("10cm X 4in", &w, &h, &why));
	assert_float_equal(h, 101.6, 1e-9);
	assert_false(pb_size_parse("1200 x 2400", &w, &h, &why));
	assert_false(pb_size_parse("1200mm", &w, &h, &why));
	assert_false(pb_size_parse("0mm x 10mm", &w, &h, &why));
}

static void
test_colours(void **state)
{
	pb_rgb c;
	assert_true(pb_color_parse("#B5121b", &c));
	assert_float_equal(c.r, 0xb5 / 255.0, 1e-9);
	assert_float_equal(c.g, 0x12 / 255.0, 1e-9);
	assert_float_equal(c.b, 0x1b / 255.0, 1e-9);
	assert_false(pb_color_parse("#b5121", &c));
	assert_false(pb_color_parse("b5121bb", &c));
	assert_false(pb_color_parse("#gg0000", &c));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_lengths),
	    cmocka_unit_test(test_sizes),
	    cmocka_unit_test(test_colours),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
