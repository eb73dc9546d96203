/* benchinsert.c — `make bench` helper: the insert of a manifest through the engine, stage by
 * stage.
 *
 *     build/tools/benchinsert MANIFEST OUTDIR
 *
 * Loads the manifest (and its roster), runs the check, composes the first insert output
 * through the composer table (the three files), adds their marks and slugs, and renders each
 * file with pb_render_pdf_file into OUTDIR.  Prints one line:
 *
 *     cards 2000  load 12.3 ms  compose 45.6 ms  insert 321.0 ms  insert-dieline 45.6 ms
 *     insert-sheets 123.4 ms  total 567.8 ms
 *
 * `paiban build` does the same plus what is not the insert's (fonts found, every output's
 * jobs); this splits the insert's own time so a profile has somewhere to start.  It links the
 * engine's objects, like benchphotos: it measures the engine, not a copy.  Peak memory is
 * measured from outside (/usr/bin/time).
 */
#include "check/check.h"
#include "compose/composer.h"
#include "load/manifest.h"
#include "render/render.h"

#include <stdio.h>
#include <string.h>

static double
ms_since(gint64 t0)
{
	return (double)(g_get_monotonic_time() - t0) / 1000.0;
}

int
main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: benchinsert MANIFEST OUTDIR\n");
		return 2;
	}
	gint64 start = g_get_monotonic_time(), t0 = start;
	g_autoptr(GError) e = NULL;
	pb_diags *diags = pb_diags_new();
	pb_manifest *m = pb_manifest_load(argv[1], diags, &e);
	if (!m) {
		fprintf(stderr, "benchinsert: %s\n", e ? e->message : "the manifest does not load");
		return 1;
	}
	pb_check_result *check = pb_check_manifest(m, diags);
	double load_ms = ms_since(t0);
	const pb_output *o = NULL;
	for (guint i = 0; i < m->outputs->len && !o; i++)
		if (((pb_output *)m->outputs->pdata[i])->kind == PB_KIND_INSERT)
			o = m->outputs->pdata[i];
	if (!o || !o->layout) {
		fprintf(stderr, "benchinsert: no insert output with a layout in %s\n", argv[1]);
		return 1;
	}
	g_autofree char *font_dir = g_build_filename(m->dir, "fonts", NULL);
	pb_fonts *fonts = pb_fonts_new(font_dir, &e);
	if (!fonts) {
		fprintf(stderr, "benchinsert: %s\n", e->message);
		return 3;
	}
	pb_text_cache *texts = pb_text_cache_new();
	pb_compose c = {.m = m,
			.output = o,
			.layout = o->layout,
			.fonts = fonts,
			.texts = texts,
			.images = check->registry,
			.diags = diags};
	const pb_composer *k = pb_composers;
	while (k->compose && k->kind != PB_KIND_INSERT)
		k++;
	GArray *series = g_array_new(FALSE, FALSE, sizeof(pb_series));
	k->series(m, o, series);
	GPtrArray *files = g_ptr_array_new_with_free_func((GDestroyNotify)pb_file_free);
	t0 = g_get_monotonic_time();
	k->compose(&c, &g_array_index(series, pb_series, 0), files);
	for (guint i = 0; i < files->len; i++) {
		const pb_file *f = files->pdata[i];
		g_autofree char *label = g_strdup_printf("%s/%s.pdf", o->id.s, f->name);
		pb_compose_finish(&c, f->doc, label);
	}
	double compose_ms = ms_since(t0);
	g_mkdir_with_parents(argv[2], 0755);
	guint cards = m->roster ? m->roster->rows->len : 1;
	printf("cards %u  load %.1f ms  compose %.1f ms", cards, load_ms, compose_ms);
	for (guint i = 0; i < files->len; i++) {
		const pb_file *f = files->pdata[i];
		g_autofree char *name = g_strconcat(f->name, ".pdf", NULL);
		g_autofree char *path = g_build_filename(argv[2], name, NULL);
		t0 = g_get_monotonic_time();
		if (!pb_render_pdf_file(f->doc, path, NULL, NULL, &e)) {
			fprintf(stderr, "\nbenchinsert: %s\n", e->message);
			return 1;
		}
		printf("  %s %.1f ms", f->name, ms_since(t0));
	}
	printf("  total %.1f ms\n", ms_since(start));
	/* the documents hold the fonts' Pango fonts: freed before them */
	g_ptr_array_unref(files);
	g_array_unref(series);
	pb_text_cache_free(texts);
	pb_fonts_free(fonts);
	pb_check_result_free(check);
	pb_manifest_free(m);
	pb_diags_free(diags);
	return 0;
}
