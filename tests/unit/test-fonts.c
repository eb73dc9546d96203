/* test-fonts.c — the font service: paiban's private fontconfig configuration, family
 * resolution without silent substitution, glyph coverage, extra font folders, checksums.
 *
 * Runs from the repository root with PAIBAN_DATADIR unset: pb_data_dir() finds fonts/fonts.conf
 * beside the test binary.  Needs the Debian fonts of DESIGN.md (fonts-noto-cjk,
 * fonts-lxgw-wenkai, fonts-smiley-sans); the extra-folder test borrows DejaVu Sans, which is not
 * in paiban's folders, and skips when it is not on the machine.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "text/fonts.h"

#include <glib/gstdio.h>
#include <string.h>

#define SERIF "Noto Serif CJK SC"
#define DEJAVU "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

static int
setup(void **state)
{
	g_autoptr(GError) err = NULL;
	pb_fonts *f = pb_fonts_new(NULL, &err);
	if (!f)
		fprintf(stderr, "pb_fonts_new: %s\n", err->message);
	*state = f;
	return f ? 0 : -1;
}

static int
teardown(void **state)
{
	pb_fonts_free(*state);
	return 0;
}

static void
test_resolve_serif(void **state)
{
	pb_fonts *f = *state;
	pb_font_face face;
	g_autoptr(GError) err = NULL;
	assert_true(pb_fonts_resolve(f, SERIF, 400, &face, &err));
	assert_null(err);
	assert_string_equal(face.family, SERIF);
	assert_non_null(strstr(face.file, "/NotoSerifCJK-Regular.ttc"));
	assert_int_equal(face.weight, 400);
	pb_font_face_clear(&face);
	assert_null(face.file);

	/* Bold is a file of its own; the SC face is the third in both collections. */
	assert_true(pb_fonts_resolve(f, SERIF, 700, &face, NULL));
	assert_non_null(strstr(face.file, "/NotoSerifCJK-Bold.ttc"));
	assert_int_equal(face.index, 2);
	assert_int_equal(face.weight, 700);
	pb_font_face_clear(&face);

	/* Families compare as fontconfig compares them: case and blanks do not count, and any of
	 * a font's names will do (得意黑 is Smiley Sans). */
	assert_true(pb_fonts_resolve(f, "noto serifCJK sc", 400, &face, NULL));
	assert_string_equal(face.family, SERIF);
	pb_font_face_clear(&face);
	assert_true(pb_fonts_resolve(f, "得意黑", 400, &face, NULL));
	assert_non_null(strstr(face.file, "SmileySans"));
	pb_font_face_clear(&face);
}

static void
test_resolve_missing(void **state)
{
	pb_fonts *f = *state;
	pb_font_face face;
	g_autoptr(GError) err = NULL;
	assert_false(pb_fonts_resolve(f, "Comic Paiban", 400, &face, &err));
	assert_non_null(err);
	assert_true(g_error_matches(err, PB_FONTS_ERROR, PB_FONTS_ERROR_NOT_INSTALLED));
	assert_string_equal(
	    err->message,
	    "font family 'Comic Paiban' is not installed (paiban fonts lists what is)");
	assert_null(face.file);
	/* Asked twice, the cached answer is the same. */
	assert_false(pb_fonts_resolve(f, "Comic Paiban", 400, &face, NULL));
	assert_false(pb_fonts_has_char(f, "Comic Paiban", 400, 0x9752));
}

static void
test_no_system_fonts(void **state)
{
	/* DejaVu Sans is on most Debian machines, but not in paiban's folders: the machine's own
	 * configuration must not leak in. */
	pb_fonts *f = *state;
	pb_font_face face;
	assert_false(pb_fonts_resolve(f, "DejaVu Sans", 400, &face, NULL));
	g_auto(GStrv) families = pb_fonts_families(f);
	assert_true(g_strv_contains((const char *const *)families, SERIF));
	assert_true(g_strv_contains((const char *const *)families, "LXGW WenKai"));
	assert_true(g_strv_contains((const char *const *)families, "Smiley Sans"));
	assert_false(g_strv_contains((const char *const *)families, "DejaVu Sans"));
	for (guint i = 1; families[i]; i++)
		assert_true(strcmp(families[i - 1], families[i]) < 0);
}

static void
test_has_char(void **state)
{
	pb_fonts *f = *state;
	assert_true(pb_fonts_has_char(f, SERIF, 400, 0x9752)); /* 青 */
	assert_true(pb_fonts_has_char(f, SERIF, 700, 0x9752));
	assert_true(pb_fonts_has_char(f, SERIF, 400, 0x36C3)); /* 㛃, extension A */
	/* U+20000 (𠀀, extension B) and the private-use U+E000 are in none of the CJK fonts. */
	const char *families[] = {SERIF, "Noto Sans CJK SC", "LXGW WenKai", "Smiley Sans"};
	for (gsize i = 0; i < G_N_ELEMENTS(families); i++) {
		assert_true(pb_fonts_has_char(f, families[i], 400, 0x9752));
		assert_false(pb_fonts_has_char(f, families[i], 400, 0x20000));
		assert_false(pb_fonts_has_char(f, families[i], 400, 0xE000));
	}
	/* Smiley Sans covers fewer characters than Noto: 堃 is beyond it. */
	assert_true(pb_fonts_has_char(f, SERIF, 400, 0x5803));
	assert_false(pb_fonts_has_char(f, "Smiley Sans", 400, 0x5803));
}

static void
test_first_missing(void **state)
{
	pb_fonts *f = *state;
	gsize off = 99;
	assert_int_equal(pb_fonts_first_missing(f, SERIF, 400, "青春不散场，奋进新征程", &off), 0);
	assert_int_equal(off, 0);
	assert_int_equal(pb_fonts_first_missing(f, SERIF, 400, "", &off), 0);
	assert_int_equal(pb_fonts_first_missing(f, SERIF, 400, NULL, &off), 0);

	/* 王 and 𠀀: the second starts at byte 3 (王 is three bytes in UTF-8). */
	assert_int_equal(pb_fonts_first_missing(f, SERIF, 400, "王𠀀明\uE000", &off), 0x20000);
	assert_int_equal(off, 3);
	/* The rest is found by starting after it. */
	const char *rest = "王𠀀明\uE000" + 3 + 4;
	assert_int_equal(pb_fonts_first_missing(f, SERIF, 400, rest, &off), 0xE000);
	assert_int_equal(off, 3);

	/* What draws nothing is never missing: spaces (U+3000 too), tabs, newlines, controls,
	 * zero-width joiners and variation selectors. */
	assert_int_equal(
	    pb_fonts_first_missing(f, "Smiley Sans", 400, "青\u3000\t\n\x01\u200d\ufe0f 青", &off),
	    0);
	/* An uninstalled family lacks everything but what draws nothing. */
	assert_int_equal(pb_fonts_first_missing(f, "Comic Paiban", 400, " 青", &off), 0x9752);
	assert_int_equal(off, 1);
}

static void
test_checksum(void **state)
{
	pb_fonts *f = *state;
	pb_font_face face;
	assert_true(pb_fonts_resolve(f, "LXGW WenKai", 400, &face, NULL));
	const char *sum = pb_fonts_file_checksum(f, face.file);
	assert_non_null(sum);
	assert_int_equal(strlen(sum), 64);
	assert_true(strspn(sum, "0123456789abcdef") == 64);

	/* The same as GLib computes from the bytes, and the same pointer the second time. */
	gchar *data = NULL;
	gsize len = 0;
	assert_true(g_file_get_contents(face.file, &data, &len, NULL));
	g_autofree char *expect =
	    g_compute_checksum_for_data(G_CHECKSUM_SHA256, (guchar *)data, len);
	g_free(data);
	assert_string_equal(sum, expect);
	assert_ptr_equal(pb_fonts_file_checksum(f, face.file), sum);
	pb_font_face_clear(&face);

	assert_null(pb_fonts_file_checksum(f, "/nonexistent/font.ttf"));
}

static void
test_context(void **state)
{
	pb_fonts *f = *state;
	PangoContext *ctx = pb_fonts_context(f);
	assert_ptr_equal(pango_context_get_font_map(ctx), pb_fonts_map(f));
	assert_string_equal(pango_language_to_string(pango_context_get_language(ctx)), "zh-cn");
	assert_int_equal(pango_context_get_base_gravity(ctx), PANGO_GRAVITY_SOUTH);

	/* At 72 dpi one Pango unit is 1/1024 pt: an ideograph of a 10 pt font is 10 pt wide, so
	 * eleven of them set 110 pt. */
	PangoLayout *layout = pango_layout_new(ctx);
	PangoFontDescription *desc = pango_font_description_from_string(SERIF " 10");
	pango_layout_set_font_description(layout, desc);
	pango_layout_set_text(layout, "青春不散场奋进新征程啊", -1);
	int width = 0, height = 0;
	pango_layout_get_size(layout, &width, &height);
	assert_int_equal(width, 110 * PANGO_SCALE);
	pango_font_description_free(desc);
	g_object_unref(layout);
}

static void
test_role_weights(void **state)
{
	assert_int_equal(pb_font_role_weight("title"), 700);
	assert_int_equal(pb_font_role_weight("heading"), 700);
	assert_int_equal(pb_font_role_weight("name"), 700);
	assert_int_equal(pb_font_role_weight("body"), 400);
	assert_int_equal(pb_font_role_weight("quote"), 400);
	assert_int_equal(pb_font_role_weight("caption"), 400);
	assert_int_equal(pb_font_role_weight("display"), 400);
	assert_int_equal(pb_font_role_weight("footnote"), 400);
	assert_int_equal(pb_font_role_weight(NULL), 400);
	assert_string_equal(pb_font_roles[0], "title");
	assert_null(pb_font_roles[7]);
}

static void
remove_tree(const char *path)
{
	if (g_file_test(path, G_FILE_TEST_IS_DIR) && !g_file_test(path, G_FILE_TEST_IS_SYMLINK)) {
		g_autoptr(GDir) d = g_dir_open(path, 0, NULL);
		for (const char *name; d && (name = g_dir_read_name(d));) {
			g_autofree char *child = g_build_filename(path, name, NULL);
			remove_tree(child);
		}
		g_rmdir(path);
	} else {
		g_unlink(path);
	}
}

/* A font dropped into an extra folder (a manifest's fonts/) is found; without the folder, it
 * is not. */
static void
test_extra_dir(void **state)
{
	if (!g_file_test(DEJAVU, G_FILE_TEST_IS_REGULAR))
		skip();
	g_autoptr(GError) err = NULL;
	g_autofree char *dir = g_dir_make_tmp("paiban-fonts-XXXXXX", &err);
	assert_non_null(dir);
	/* fontconfig caches each folder it scans: keep this one's cache in the temporary folder. */
	g_autofree char *cache = g_build_filename(dir, "cache", NULL);
	g_autofree char *old_cache = g_strdup(g_getenv("XDG_CACHE_HOME"));
	g_setenv("XDG_CACHE_HOME", cache, TRUE);
	g_autofree char *fonts_dir = g_build_filename(dir, "fonts", NULL);
	g_mkdir(fonts_dir, 0755);
	g_autofree char *copy = g_build_filename(fonts_dir, "school-font.ttf", NULL);
	gchar *data = NULL;
	gsize len = 0;
	assert_true(g_file_get_contents(DEJAVU, &data, &len, NULL));
	assert_true(g_file_set_contents(copy, data, (gssize)len, NULL));
	g_free(data);

	pb_fonts *f = pb_fonts_new(fonts_dir, &err);
	assert_non_null(f);
	pb_font_face face;
	assert_true(pb_fonts_resolve(f, "DejaVu Sans", 400, &face, &err));
	assert_string_equal(face.file, copy);
	assert_int_equal(face.index, 0);
	pb_font_face_clear(&face);
	assert_true(pb_fonts_has_char(f, "DejaVu Sans", 400, 'A'));
	assert_false(pb_fonts_has_char(f, "DejaVu Sans", 400, 0x9752));
	/* The configuration's own fonts are still there. */
	assert_true(pb_fonts_resolve(f, SERIF, 400, &face, NULL));
	pb_font_face_clear(&face);
	pb_fonts_free(f);

	/* A folder that does not exist is no error. */
	g_autofree char *nowhere = g_build_filename(dir, "nowhere", NULL);
	f = pb_fonts_new(nowhere, &err);
	assert_non_null(f);
	assert_false(pb_fonts_resolve(f, "DejaVu Sans", 400, &face, NULL));
	pb_fonts_free(f);

	if (old_cache)
		g_setenv("XDG_CACHE_HOME", old_cache, TRUE);
	else
		g_unsetenv("XDG_CACHE_HOME");
	remove_tree(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_resolve_serif),   cmocka_unit_test(test_resolve_missing),
	    cmocka_unit_test(test_no_system_fonts), cmocka_unit_test(test_has_char),
	    cmocka_unit_test(test_first_missing),   cmocka_unit_test(test_checksum),
	    cmocka_unit_test(test_context),         cmocka_unit_test(test_role_weights),
	    cmocka_unit_test(test_extra_dir),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
