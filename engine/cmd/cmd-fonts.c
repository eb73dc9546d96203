/* cmd-fonts.c — `paiban fonts [MANIFEST]`: which font file each role resolves to.
 *
 * For every font role (title, heading, body, quote, name, caption, display) named by the layouts
 * in play — the manifest's outputs, or without a manifest every shipped layout — one line per
 * distinct (role, family): the role, the family as the layout wrote it, and the file (with the
 * face index inside a .ttc) that paiban's own fontconfig configuration resolves it to, at the
 * weight the role is set in (fonts.c).  With a manifest, a last column says whether that family
 * has a glyph for every character of the manifest's texts, and if not, which characters it
 * lacks and where each first appears, so that a rare character in a name (𠀀, 𪚥) is found before
 * the print shop finds it.
 *
 * What it does not do: it does not decide which text is set in which role (the composers do), so
 * coverage is of all the texts, whatever their role; a display face without some character of a
 * story is reported but is no error.  Only approved items are read: pending and rejected ones are
 * not printed.  A family that is not installed is an error (exit 1), as it is for `build`.
 */
#include "commands.h"
#include "text/fonts.h"
#include "load/layoutspec.h"
#include "load/manifest.h"

#include <stdio.h>
#include <string.h>

/* How many missing characters a coverage column lists before it says "...". */
#define PB_FONTS_MISSING_SHOWN 10

typedef struct font_row {
	guint role;         /* index in pb_font_roles */
	const char *family; /* as the layout wrote it, borrowed from the layout */
	const char *layout; /* file of the first layout naming it, for the not-installed error */
	char *file;         /* "path" or "path#index"; NULL when not installed */
	char *coverage;     /* NULL without a manifest */
} font_row;

static void
font_row_free(gpointer data)
{
	font_row *r = data;
	g_free(r->file);
	g_free(r->coverage);
	g_free(r);
}

static int
compare_rows(gconstpointer a, gconstpointer b)
{
	const font_row *x = *(font_row *const *)a, *y = *(font_row *const *)b;
	if (x->role != y->role)
		return x->role < y->role ? -1 : 1;
	return strcmp(x->family, y->family);
}

/* Adds the (role, family) pairs of `layout` not seen before. */
static void
add_layout_rows(GPtrArray *rows, GHashTable *seen, const pb_layout *layout)
{
	for (guint i = 0; pb_font_roles[i]; i++) {
		const char *family = g_hash_table_lookup(layout->fonts, pb_font_roles[i]);
		if (!family)
			continue;
		char *key = g_strdup_printf("%u\n%s", i, family);
		if (!g_hash_table_add(seen, key))
			continue;
		font_row *r = g_new0(font_row, 1);
		r->role = i;
		r->family = family;
		r->layout = layout->file;
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

/* The texts paiban sets from the manifest, in the manifest's order: the event's, and per
 * college its name and its approved items' names, classes, titles, texts and story. */
static void
add_text(GPtrArray *texts, const pb_text *t)
{
	if (t->s && *t->s)
		g_ptr_array_add(texts, (gpointer)t);
}

static GPtrArray *
manifest_texts(const pb_manifest *m)
{
	GPtrArray *texts = g_ptr_array_new();
	add_text(texts, &m->event.school);
	add_text(texts, &m->event.title);
	add_text(texts, &m->event.edition);
	add_text(texts, &m->event.motto);
	for (guint i = 0; i < m->colleges->len; i++) {
		const pb_college *c = m->colleges->pdata[i];
		add_text(texts, &c->name);
		for (guint j = 0; j < c->photos->len; j++) {
			const pb_photo *p = c->photos->pdata[j];
			if (p->status != PB_STATUS_APPROVED)
				continue;
			add_text(texts, &p->title);
			add_text(texts, &p->class_);
		}
		for (guint j = 0; j < c->testimonials->len; j++) {
			const pb_testimonial *t = c->testimonials->pdata[j];
			if (t->status != PB_STATUS_APPROVED)
				continue;
			add_text(texts, &t->name);
			add_text(texts, &t->class_);
			add_text(texts, &t->text);
		}
		for (guint j = 0; j < c->blessings->len; j++) {
			const pb_blessing *b = c->blessings->pdata[j];
			if (b->status != PB_STATUS_APPROVED)
				continue;
			add_text(texts, &b->name);
			add_text(texts, &b->text);
		}
		if (c->star && c->star->status == PB_STATUS_APPROVED) {
			add_text(texts, &c->star->name);
			add_text(texts, &c->star->class_);
			add_text(texts, &c->star->story);
		}
		for (guint j = 0; j < c->honorees->len; j++) {
			const pb_honoree *h = c->honorees->pdata[j];
			if (h->status != PB_STATUS_APPROVED)
				continue;
			add_text(texts, &h->name);
			add_text(texts, &h->class_);
		}
	}
	return texts;
}

/* "covered", or "missing N: 㛃 U+36C3 (m.yaml:12:15), ..." with each character the face lacks
 * once, in the order the manifest first uses it, and the position of the text it is in. */
static char *
coverage(pb_fonts *fonts, const char *family, int weight, const GPtrArray *texts)
{
	g_autoptr(GHashTable) seen = g_hash_table_new(NULL, NULL);
	g_autoptr(GString) list = g_string_new(NULL);
	guint missing = 0;
	for (guint i = 0; i < texts->len; i++) {
		const pb_text *t = texts->pdata[i];
		const char *p = t->s;
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
	guint wrole = display_width("role"), wfamily = display_width("family");
	guint wfile = display_width("file");
	for (guint i = 0; i < rows->len; i++) {
		const font_row *r = rows->pdata[i];
		wrole = MAX(wrole, display_width(pb_font_roles[r->role]));
		wfamily = MAX(wfamily, display_width(r->family));
		wfile = MAX(wfile, display_width(r->file ? r->file : "not installed"));
	}
	print_cell("role", wrole, FALSE);
	print_cell("family", wfamily, FALSE);
	print_cell("file", wfile, !with_coverage);
	if (with_coverage)
		print_cell("coverage", 0, TRUE);
	for (guint i = 0; i < rows->len; i++) {
		const font_row *r = rows->pdata[i];
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
		if (!m) {
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

	g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func(font_row_free);
	g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	for (guint i = 0; i < layouts->len; i++)
		add_layout_rows(rows, seen, layouts->pdata[i]);
	g_ptr_array_sort(rows, compare_rows);

	g_autoptr(GPtrArray) texts = m ? manifest_texts(m) : NULL;
	gboolean not_installed = FALSE;
	for (guint i = 0; i < rows->len; i++) {
		font_row *r = rows->pdata[i];
		int weight = pb_font_role_weight(pb_font_roles[r->role]);
		pb_font_face face;
		if (!pb_fonts_resolve(fonts, r->family, weight, &face, NULL)) {
			pb_diag_error(diags, pb_loc_make(r->layout, 0, 0), "font.missing",
				      "font family '%s' of role '%s' is not installed", r->family,
				      pb_font_roles[r->role]);
			not_installed = TRUE;
			continue;
		}
		/* A collection holds several faces: the index says which one. */
		gboolean collection =
		    g_str_has_suffix(face.file, ".ttc") || g_str_has_suffix(face.file, ".otc");
		r->file = collection ? g_strdup_printf("%s#%d", face.file, face.index)
				     : g_strdup(face.file);
		if (texts)
			r->coverage = coverage(fonts, r->family, weight, texts);
		pb_font_face_clear(&face);
	}

	print_table(rows, texts != NULL);
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
