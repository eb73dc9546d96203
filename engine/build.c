/* build.c — the build: load -> check -> compose -> render -> atomic write; see build.h.
 *
 * An error stops only the files it touches: a file is written when the manifest loaded and
 * its own composition raised no error.  Files are written with g_file_set_contents_full
 * (temporary file in the same folder, fsync, rename), so a previous good file survives any
 * failure.
 */
#include "build.h"
#include "check.h"
#include "compose.h"
#include "dump.h"
#include "fonts.h"
#include "manifest.h"
#include "render.h"

#include <errno.h>
#include <glib/gstdio.h>

static gboolean
write_file(const char *path, GBytes *bytes, GError **error)
{
	g_autofree char *dir = g_path_get_dirname(path);
	if (g_mkdir_with_parents(dir, 0755) != 0) {
		int e = errno;
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(e),
			    "cannot create folder '%s': %s", dir, g_strerror(e));
		return FALSE;
	}
	gsize len = 0;
	const char *data = g_bytes_get_data(bytes, &len);
	return g_file_set_contents_full(path, data, (gssize)len, G_FILE_SET_CONTENTS_CONSISTENT,
					0644, error);
}

static void
record(pb_build_result *r, const char *path, const char *kind, guint pages, GBytes *bytes)
{
	pb_built_file *f = g_new0(pb_built_file, 1);
	f->path = g_strdup(path);
	f->kind = g_strdup(kind);
	f->pages = pages;
	f->bytes = g_bytes_get_size(bytes);
	g_ptr_array_add(r->files, f);
}

/* Renders `doc` in every asked format as OUTDIR/ID/BASE.{pdf,svg,png}. */
static gboolean
render_doc(const pb_build_options *opt, const pb_doc *doc, const char *id, const char *base,
	   const char *kind, pb_build_result *r, GError **error)
{
	g_autofree char *stem = g_build_filename(opt->outdir, id, base, NULL);
	if (opt->formats & PB_FORMAT_PDF) {
		g_autoptr(GBytes) pdf = pb_render_pdf(doc, error);
		g_autofree char *path = g_strconcat(stem, ".pdf", NULL);
		if (!pdf || !write_file(path, pdf, error))
			return FALSE;
		record(r, path, kind, doc->pages->len, pdf);
	}
	for (guint p = 0; p < doc->pages->len; p++) {
		g_autofree char *suffix = doc->pages->len > 1 ? g_strdup_printf("-%u", p + 1)
							      : g_strdup("");
		if (opt->formats & PB_FORMAT_SVG) {
			g_autoptr(GBytes) svg = pb_render_svg(doc, p, error);
			g_autofree char *path = g_strconcat(stem, suffix, ".svg", NULL);
			if (!svg || !write_file(path, svg, error))
				return FALSE;
			record(r, path, kind, 1, svg);
		}
		if (opt->formats & PB_FORMAT_PNG) {
			g_autoptr(GBytes) png = pb_render_png(doc, p, opt->png_dpi, error);
			g_autofree char *path = g_strconcat(stem, suffix, ".png", NULL);
			if (!png || !write_file(path, png, error))
				return FALSE;
			record(r, path, kind, 1, png);
		}
	}
	return TRUE;
}

static gboolean
wanted(const pb_build_options *opt, const char *id)
{
	return !opt->only || g_strv_contains((const char *const *)opt->only, id);
}

gboolean
pb_build_run(const pb_build_options *opt, pb_diags *diags, pb_build_result *r, GError **error)
{
	r->files = g_ptr_array_new();
	r->skipped = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(pb_manifest) m = pb_manifest_load(opt->manifest, diags, error);
	if (!m)
		return error == NULL || *error == NULL;
	if (pb_diags_has_errors(diags))
		return TRUE; /* a manifest that does not load builds nothing */
	g_autoptr(pb_check_result) check = pb_check_manifest(m, diags);
	g_autofree char *font_dir = g_build_filename(m->dir, "fonts", NULL);
	g_autoptr(pb_fonts) fonts = pb_fonts_new(font_dir, error);
	if (!fonts)
		return FALSE;

	for (guint i = 0; i < m->outputs->len; i++) {
		const pb_output *o = m->outputs->pdata[i];
		if (!wanted(opt, o->id.s) || !o->layout)
			continue;
		if (o->kind != PB_KIND_BOARD) {
			g_ptr_array_add(r->skipped,
					g_strdup_printf("%s: no composer for kind '%s' yet", o->id.s,
							pb_kind_key(o->kind)));
			continue;
		}
		g_autofree char *label = g_strdup_printf("%s/cover.pdf", o->id.s);
		pb_diags *own = pb_diags_new();
		pb_compose c = {m, o, o->layout, fonts, own, check, label};
		g_autoptr(pb_doc) doc = pb_compose_cover(&c);
		gboolean failed = pb_diags_has_errors(own);
		/* Hand the output's own findings to the build's list. */
		g_ptr_array_extend_and_steal(diags->items, g_steal_pointer(&own->items));
		own->items = g_ptr_array_new();
		pb_diags_free(own);
		if (opt->dump_frames) {
			g_autofree char *dump = pb_dump_doc(doc, fonts);
			if (!g_file_set_contents(opt->dump_frames, dump, -1, error))
				return FALSE;
		}
		if (failed) {
			g_ptr_array_add(r->skipped, g_strdup_printf("%s: not written, it has errors",
								    label));
			continue;
		}
		if (!render_doc(opt, doc, o->id.s, "cover", pb_kind_key(o->kind), r, error))
			return FALSE;
	}
	return TRUE;
}

static void
built_file_free(gpointer p)
{
	pb_built_file *f = p;
	g_free(f->path);
	g_free(f->kind);
	g_free(f);
}

void
pb_build_result_clear(pb_build_result *r)
{
	if (r->files) {
		g_ptr_array_set_free_func(r->files, built_file_free);
		g_ptr_array_unref(r->files);
	}
	if (r->skipped)
		g_ptr_array_unref(r->skipped);
	r->files = r->skipped = NULL;
}
