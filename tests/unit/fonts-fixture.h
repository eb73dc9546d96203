/* fonts-fixture.h — the font service as a cmocka group fixture, for the tests that set text.
 * Included by one test file each (it defines static functions): `fonts` is live between
 * fonts_setup and fonts_teardown. */
#ifndef PB_TEST_FONTS_FIXTURE_H
#define PB_TEST_FONTS_FIXTURE_H

#include "text/fonts.h"

#include <stdio.h>

static pb_fonts *fonts;

static int
fonts_setup(void **state)
{
	GError *err = NULL;
	fonts = pb_fonts_new(NULL, &err);
	if (!fonts) {
		fprintf(stderr, "fonts: %s\n", err->message);
		g_error_free(err);
		return -1;
	}
	return 0;
}

static int
fonts_teardown(void **state)
{
	pb_fonts_free(fonts);
	return 0;
}

#endif
