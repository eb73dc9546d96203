/* init.c — `paiban init FOLDER`: the colleges side by side, the notice and the logo beside
 * them, the draft written as FOLDER/manifest.yaml; see init.h.
 *
 * Every sub-folder of FOLDER is a college (college.c reads each).  The files directly in
 * FOLDER give the event: the school's notice (any .docx there, notice.c) and the logo (an
 * image named 校徽, 校标, logo; an SVG when there is no such name).  What the folder cannot
 * tell — the outputs' layouts, how many inserts to print — is written as the shipped layouts'
 * defaults and a TODO.  The manifest is written through the one atomic writer, never over an
 * existing one.
 */
#include "init.h"
#include "base/writer.h"
#include "college.h"
#include "load/docx.h"
#include "load/layoutspec.h"
#include "manifest-writer.h"
#include "notice.h"
#include "walk.h"

#include <glib/gstdio.h>
#include <string.h>

G_DEFINE_QUARK(pb - init - error - quark, pb_init_error)

static void
event_value(pb_draft_value *v, const char *found, const char *what, const char *notice)
{
	if (found)
		pb_draft_set(v, found);
	else if (notice)
		pb_draft_miss(v, "%s: not found in %s", what, notice);
	else
		pb_draft_miss(v, "%s: no notice (.docx) lies beside the colleges' folders", what);
}

static gboolean
is_logo_name(const char *stem)
{
	static const char *const words[] = {"校徽", "校标", "标志", "logo", "Logo", "LOGO"};
	for (gsize i = 0; i < G_N_ELEMENTS(words); i++)
		if (strstr(stem, words[i]))
			return TRUE;
	return FALSE;
}

/* The files beside the colleges: the notice, the logo; the rest listed as unused. */
static void
read_top(pb_draft *d, const char *folder, const char *shown, pb_diags *diags)
{
	g_autoptr(GPtrArray) files = pb_walk_files(folder, shown, FALSE, diags);
	pb_event_fields ev = {0};
	const char *notice = NULL, *logo = NULL, *svg = NULL;
	for (guint i = 0; i < files->len; i++) {
		const pb_walk_file *f = files->pdata[i];
		g_autofree char *at = pb_diag_escape(f->shown);
		if (f->kind == PB_FILE_DOCX || f->kind == PB_FILE_WORD97) {
			g_autoptr(pb_docx) doc = pb_init_open_word(f, diags);
			if (!doc)
				continue;
			pb_notice_read(doc, &ev);
			if (!notice)
				notice = f->name;
		} else if (f->kind == PB_FILE_IMAGE && !logo && is_logo_name(f->stem)) {
			logo = f->rel;
		} else if (f->kind == PB_FILE_IMAGE && !svg && g_str_has_suffix(f->name, ".svg")) {
			svg = f->rel;
		} else {
			g_ptr_array_add(
			    d->unused,
			    g_strdup_printf("%s: not a college's folder, a notice or a logo",
					    f->rel));
		}
	}
	event_value(&d->school, ev.school, "the school's name (the notice's signature)", notice);
	event_value(&d->title, ev.title, "the theme (活动主题)", notice);
	event_value(&d->edition, ev.edition, "the edition, e.g. 2022届毕业季", notice);
	event_value(&d->motto, ev.motto, "the school's motto (校训)", notice);
	if (ev.date && ev.date_year_guessed)
		pb_draft_guess(
		    &d->date, ev.date,
		    "the notice gives the day of the ceremony (毕业典礼) without a year; "
		    "the year is the edition's");
	else
		event_value(&d->date, ev.date, "the day of the ceremony (毕业典礼), YYYY-MM-DD",
			    notice);
	if (logo)
		pb_draft_set(&d->logo, logo);
	else if (svg)
		pb_draft_guess(&d->logo, svg, "the only SVG beside the colleges: is it the logo?");
	else
		pb_draft_miss(&d->logo, "the school's logo (svg, png or jpg): none found");
	for (guint i = 0; i < files->len; i++) {
		const pb_walk_file *f = files->pdata[i];
		if (f->kind == PB_FILE_IMAGE && f->rel != logo && f->rel != svg)
			g_ptr_array_add(
			    d->unused,
			    g_strdup_printf("%s: a picture beside the colleges' folders", f->rel));
	}
	pb_event_fields_clear(&ev);
}

pb_draft *
pb_init_read(const char *folder, pb_diags *diags, GError **error)
{
	g_autoptr(GPtrArray) colleges = pb_walk_folders(folder, error);
	if (!colleges)
		return NULL;
	pb_draft *d = pb_draft_new();
	g_autofree char *data = g_canonicalize_filename(pb_data_dir(), NULL);
	d->schema = g_build_filename(data, "schema", "manifest.schema.json", NULL);
	read_top(d, folder, folder, diags);
	g_autoptr(GHashTable) ids = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	for (guint i = 0; i < colleges->len; i++)
		pb_college_read_folder(d, folder, folder, colleges->pdata[i], i, ids, diags);
	return d;
}

gboolean
pb_init_run(const char *folder, pb_diags *diags, pb_init_result *out, GError **error)
{
	g_autofree char *target = g_build_filename(folder, "manifest.yaml", NULL);
	GStatBuf st;
	if (g_lstat(target, &st) == 0) {
		g_set_error(error, PB_INIT_ERROR, PB_INIT_ERROR_EXISTS,
			    "%s already exists; init never overwrites a manifest (move it away to "
			    "start again)",
			    target);
		return FALSE;
	}
	g_autoptr(pb_draft) d = pb_init_read(folder, diags, error);
	if (!d)
		return FALSE;
	guint found = 0, todo = 0;
	g_autofree char *text = pb_manifest_writer_text(d, &found, &todo);
	if (!pb_write_bytes(target, text, strlen(text), NULL, NULL, error))
		return FALSE;
	out->manifest = g_steal_pointer(&target);
	out->found = found;
	out->todo = todo;
	out->colleges = d->colleges->len;
	for (guint i = 0; i < d->colleges->len; i++) {
		const pb_draft_college *c = d->colleges->pdata[i];
		out->photos += c->photos->len;
		out->testimonials += c->testimonials->len;
		out->blessings += c->blessings->len;
		out->stars += c->star != NULL;
		out->honorees += c->honorees->len;
	}
	return TRUE;
}

void
pb_init_result_clear(pb_init_result *r)
{
	g_clear_pointer(&r->manifest, g_free);
}
