/* cmd-fonts.c — `paiban fonts [MANIFEST]`: which font file each role of each layout resolves to.
 *
 * One row per layout and font role: the layout (as the manifest names it, or the shipped
 * layout's name), the role, the family (as the layout wrote it, or the composers' default for a
 * role it leaves out but sets text in), and the file (with the face index inside a .ttc) that
 * paiban's own fontconfig configuration resolves it to, at the weight the role is set in
 * (fonts.c).  Without a manifest, every shipped layout's roles, each layout once.
 *
 * With a manifest, a last column says whether the family has a glyph for every character of
 * the texts that role sets, and if not which characters it lacks and where each first appears
 * (a rare character in a name, 𠀀 or 𪚥, is found before the print shop finds it).  Which role
 * sets which text is the composers' decision: the manifest is composed as `check` composes it
 * (compose/coverage.c) and each role is judged on what it set, so `fonts`, `check` and `build`
 * agree: a display face without a character of a story it never sets is no finding.
 *
 * A family that is not installed is an error at the layout's line:col, worded as `check` and
 * `build` word it (pb_compose_check_fonts); exit 1.  Only approved items are composed.
 */
#include "commands.h"
#include "check/check.h"
#include "compose/coverage.h"
#include "text/fonts.h"
#include "load/layoutspec.h"
#include "load/manifest.h"

#include <stdio.h>
#include <string.h>

/* How many missing characters a coverage column lists before it says "...". */
#define PB_FONTS_MISSING_SHOWN 10

typedef struct font_row {
	const pb_layout *layout; /* borrowed */
	guint role;              /* index in pb_font_roles */
	const char *family;      /* as the layout wrote it, or the default; borrowed */
	char *file;              /* "path" or "path#index"; NULL when not installed */
	char *coverage;          /* NULL without a manifest */
} font_row;

static void
font_row_free(gpointer data)
{
	font_row *r = data;
	g_free(r->file);
	g_free(r->coverage);
	g_free(r);
}

/* The layout's name as a manifest names it: "board-120x240" for layouts/board-120x240.yaml. */
static char *
layout_name(const pb_layout *layout)
{
	if (layout->name)
		return g_strdup(layout->name);
	g_autofree char *base = g_path_get_basename(layout->file);
	if (g_str_has_suffix(base, ".yaml"))
		base[strlen(base) - 5] = 0;
	return g_steal_pointer(&base);
}

/* The rows of one layout: every role it names, and (with a coverage) every role its composer
 * set text in, with the family the composers use for it. */
static void
add_layout_rows(GPtrArray *rows, const pb_layout *layout, const pb_coverage *cov)
{
	for (guint i = 0; pb_font_roles[i]; i++) {
		const char *role = pb_font_roles[i];
		const char *family = g_hash_table_lookup(layout->fonts, role);
		if (!family && !(cov && pb_coverage_texts(cov, layout, role)))
			continue;
		font_row *r = g_new0(font_row, 1);
		r->layout = layout;
		r->role = i;
		r->family = family ? family : pb_compose_family(layout, role);
		g_ptr_array_add(rows, r);
	}
}

static int
compare_names(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every shipped layout (the .yaml files of DATADIR/layouts), in file-name order, added to
 * `layouts` (which frees them).  FALSE (and `error`) when the folder cannot be read; a layout
 * with errors records them in `diags` and is left out. */
static gboolean
load_shipped_layouts(GPtrArray *layouts, pb_diags *diags, GError **error)
{
	g_autofree char *dir_path = g_build_filename(pb_data_dir(), "layouts", NULL);
	g_autoptr(GDir) dir = g_dir_open(dir_path, 0, error);
	if (!dir)
		return FALSE;
	g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
	for (const char *name; (name = g_dir_read_name(dir));)
		if (g_str_has_suffix(name, ".yaml"))
			g_ptr_array_add(names, g_strdup(name));
	g_ptr_array_sort(names, compare_names);
	for (guint i = 0; i < names->len; i++) {
		g_autofree char *path = g_build_filename(dir_path, names->pdata[i], NULL);
		pb_layout *layout = pb_layout_load_file(path, diags);
		if (layout)
			g_ptr_array_add(layouts, layout);
	}
	return TRUE;
}

/* "covered", or "missing N: 㛃 U+36C3 (m.yaml:12:15), ..." with each character the face lacks
 * once, in the order the role first sets it, and the position of the text it is in. */
static char *
coverage(pb_fonts *fonts, const char *family, int weight, const GPtrArray *texts)
{
	g_autoptr(GHashTable) seen = g_hash_table_new(NULL, NULL);
	g_autoptr(GString) list = g_string_new(NULL);
	guint missing = 0;
	for (guint i = 0; i < texts->len; i++) {
		const pb_set_text *t = texts->pdata[i];
		const char *p = t->text;
		gsize off;
		gunichar c;
		while ((c = pb_fonts_first_missing(fonts, family, weight, p, &off))) {
			p = g_utf8_next_char(p + off);
			if (!g_hash_table_add(seen, GUINT_TO_POINTER(c)))
				continue;
			if (++missing > PB_FONTS_MISSING_SHOWN)
				continue;
			char ch[8] = {0};
			g_unichar_to_utf8(c, ch);
			g_string_append_printf(list, "%s%s U+%04X (%s:%u:%u)",
					       missing > 1 ? ", " : "", ch, c, t->loc.file,
					       t->loc.line, t->loc.col);
		}
	}
	if (!missing)
		return g_strdup("covered");
	return g_strdup_printf("missing %u: %s%s", missing, list->str,
			       missing > PB_FONTS_MISSING_SHOWN ? ", ..." : "");
}

/* Columns on a terminal: a CJK character takes two. */
static guint
display_width(const char *s)
{
	guint w = 0;
	for (; s && *s; s = g_utf8_next_char(s))
		w += g_unichar_iswide(g_utf8_get_char(s)) ? 2 : 1;
	return w;
}

static void
print_cell(const char *s, guint width, gboolean last)
{
	fputs(s, stdout);
	if (last) {
		fputc('\n', stdout);
		return;
	}
	for (guint w = display_width(s); w < width + 2; w++)
		fputc(' ', stdout);
}

static void
print_table(const GPtrArray *rows, gboolean with_coverage)
{
	guint wlayout = display_width("layout"), wrole = display_width("role");
	guint wfamily = display_width("family"), wfile = display_width("file");
	for (guint i = 0; i < rows->len; i++) {
		const font_row *r = rows->pdata[i];
		g_autofree char *name = layout_name(r->layout);
		wlayout = MAX(wlayout, display_width(name));
		wrole = MAX(wrole, display_width(pb_font_roles[r->role]));
		wfamily = MAX(wfamily, display_width(r->family));
		wfile = MAX(wfile, display_width(r->file ? r->file : "not installed"));
	}
	print_cell("layout", wlayout, FALSE);
	print_cell("role", wrole, FALSE);
	print_cell("family", wfamily, FALSE);
	print_cell("file", wfile, !with_coverage);
	if (with_coverage)
		print_cell("coverage", 0, TRUE);
	for (guint i = 0; i < rows->len; i++) {
		const font_row *r = rows->pdata[i];
		g_autofree char *name = layout_name(r->layout);
		print_cell(name, wlayout, FALSE);
		print_cell(pb_font_roles[r->role], wrole, FALSE);
		print_cell(r->family, wfamily, FALSE);
		/* A missing family has no coverage to show: its line ends there. */
		print_cell(r->file ? r->file : "not installed", wfile, !with_coverage || !r->file);
		if (with_coverage && r->file)
			print_cell(r->coverage, 0, TRUE);
	}
}

static void
print_families(pb_fonts *fonts)
{
	g_auto(GStrv) families = pb_fonts_families(fonts);
	printf("\ninstalled families:\n");
	for (guint i = 0; families[i]; i++)
		printf("  %s\n", families[i]);
}

int
pb_cmd_fonts(int argc, char **argv)
{
	gboolean no_caret = FALSE;
	GOptionEntry entries[] = {
	    PB_CMD_NO_CARET_OPTION(no_caret),
	    {NULL, 0, 0, 0, NULL, NULL, NULL},
	};
	g_autoptr(GOptionContext) ctx = g_option_context_new("[MANIFEST]");
	g_option_context_set_summary(
	    ctx, "Shows which font file each font role of the layouts resolves to, and with a "
		 "manifest, whether it has every character of the manifest's texts.  Without a "
		 "manifest, the shipped layouts are shown and every installed family is listed.");
	g_option_context_add_main_entries(ctx, entries, NULL);
	g_autoptr(GError) err = NULL;
	if (!g_option_context_parse(ctx, &argc, &argv, &err) || argc > 2)
		return pb_cmd_usage_error("fonts", "[MANIFEST]", entries,
					  err ? err->message : "more than one manifest");
	const char *path = argc == 2 ? argv[1] : NULL;

	pb_diags *diags = pb_diags_new();
	g_autoptr(pb_manifest) m = NULL;
	g_autoptr(GPtrArray) shipped =
	    g_ptr_array_new_with_free_func((GDestroyNotify)pb_layout_free);
	g_autoptr(GPtrArray) layouts = g_ptr_array_new(); /* borrowed */
	if (path) {
		m = pb_manifest_load(path, diags, &err);
		if (err) {
			fprintf(stderr, "paiban fonts: cannot read manifest '%s': %s\n", path,
				err->message);
			pb_diags_free(diags);
			return PB_EXIT_ENV;
		}
		/* A manifest with errors is not composed: what failed to load is missing. */
		if (!m || pb_diags_has_errors(diags)) {
			pb_diags_sort(diags);
			pb_cmd_print_diags(diags, no_caret);
			pb_diags_free(diags);
			return PB_EXIT_ERRORS;
		}
		for (guint i = 0; i < m->outputs->len; i++) {
			const pb_output *o = m->outputs->pdata[i];
			if (o->layout)
				g_ptr_array_add(layouts, o->layout);
		}
	} else {
		if (!load_shipped_layouts(shipped, diags, &err)) {
			fprintf(stderr, "paiban fonts: cannot read the shipped layouts: %s\n",
				err->message);
			pb_diags_free(diags);
			return PB_EXIT_ENV;
		}
		for (guint i = 0; i < shipped->len; i++)
			g_ptr_array_add(layouts, shipped->pdata[i]);
	}

	/* A manifest's own fonts/ folder holds the fonts its own layouts may name. */
	g_autofree char *extra = m ? g_build_filename(m->dir, "fonts", NULL) : NULL;
	g_autoptr(pb_fonts) fonts = pb_fonts_new(extra, &err);
	if (!fonts) {
		fprintf(stderr, "paiban fonts: %s\n", err->message);
		pb_diags_free(diags);
		return PB_EXIT_ENV;
	}

	/* Each layout once, in the order the manifest names them (or by file name). */
	g_autoptr(GHashTable) seen = g_hash_table_new(NULL, NULL);
	gboolean not_installed = FALSE;
	for (guint i = 0; i < layouts->len; i++)
		if (g_hash_table_add(seen, layouts->pdata[i]) &&
		    !pb_compose_check_fonts(fonts, layouts->pdata[i], diags))
			not_installed = TRUE;
	/* What each role sets: the manifest composed as check composes it. */
	g_autoptr(pb_check_result) checked = NULL;
	g_autoptr(pb_coverage) cov = NULL;
	if (m) {
		pb_diags *dropped = pb_diags_new(); /* check reports those */
		checked = pb_check_manifest(m, dropped);
		pb_diags_free(dropped);
		cov = pb_compose_coverage(m, checked->registry, fonts);
	}
	g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func(font_row_free);
	g_hash_table_remove_all(seen);
	for (guint i = 0; i < layouts->len; i++)
		if (g_hash_table_add(seen, layouts->pdata[i]))
			add_layout_rows(rows, layouts->pdata[i], cov);
	for (guint i = 0; i < rows->len; i++) {
		font_row *r = rows->pdata[i];
		const char *role = pb_font_roles[r->role];
		int weight = pb_font_role_weight(role);
		pb_font_face face;
		if (!pb_fonts_resolve(fonts, r->family, weight, &face, NULL))
			continue; /* pb_compose_check_fonts said so, at the layout's line */
		/* A collection holds several faces: the index says which one. */
		gboolean collection =
		    g_str_has_suffix(face.file, ".ttc") || g_str_has_suffix(face.file, ".otc");
		r->file = collection ? g_strdup_printf("%s#%d", face.file, face.index)
				     : g_strdup(face.file);
		pb_font_face_clear(&face);
		if (!cov)
			continue;
		const GPtrArray *texts = pb_coverage_texts(cov, r->layout, role);
		if (!pb_coverage_composed(cov, r->layout))
			r->coverage = g_strdup_printf("nothing set: no composer for kind '%s' yet",
						      pb_kind_key(r->layout->kind));
		else if (!texts)
			r->coverage = g_strdup("sets no text of the manifest");
		else
			r->coverage = coverage(fonts, r->family, weight, texts);
	}

	print_table(rows, cov != NULL);
	/* What a layout may name instead: always without a manifest (the question is then "what
	 * is there?"), and with one when a family it names is missing. */
	if (!m || not_installed)
		print_families(fonts);
	pb_diags_sort(diags);
	pb_cmd_print_diags(diags, no_caret);
	gboolean errors = pb_diags_has_errors(diags);
	pb_diags_free(diags);
	return errors ? PB_EXIT_ERRORS : PB_EXIT_OK;
}
