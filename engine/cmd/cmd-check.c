/* cmd-check.c — `paiban check MANIFEST [--strict] [--json]`: everything build would report,
 * nothing written.
 *
 * It runs the build with nothing to write (every page is composed in memory), so that
 * text.glyphs, text.fit, image.ppi and the layouts' font families are found here and not
 * first by `build`.  Diagnostics go to stderr, sorted by position; the items left out
 * (pending, rejected) and a closing summary go to stdout.  With --json, stdout carries all of
 * it as one JSON document.
 */
#include "build/build.h"
#include "build/report.h"
#include "commands.h"

#include <stdio.h>

int
pb_cmd_check(int argc, char **argv)
{
	gboolean strict = FALSE, json = FALSE, no_caret = FALSE;
	GOptionEntry entries[] = {
	    {"strict", 0, 0, G_OPTION_ARG_NONE, &strict, "treat every warning as an error", NULL},
	    {"json", 0, 0, G_OPTION_ARG_NONE, &json, "print diagnostics and summary as JSON", NULL},
	    PB_CMD_NO_CARET_OPTION(no_caret),
	    {NULL, 0, 0, 0, NULL, NULL, NULL},
	};
	g_autoptr(GOptionContext) ctx = g_option_context_new("MANIFEST");
	g_option_context_set_summary(ctx, "Checks the manifest and its material against the rules; "
					  "writes nothing.");
	g_option_context_add_main_entries(ctx, entries, NULL);
	int bad = pb_cmd_parse_manifest(ctx, &argc, &argv, "check", entries);
	if (bad)
		return bad;
	g_autoptr(GError) err = NULL;
	pb_diags *diags = pb_diags_new();
	diags->strict = strict;
	pb_build_options opt = {.manifest = argv[1], .dry_run = TRUE, .formats = PB_FORMAT_PDF};
	pb_build_result result = {0};
	if (!pb_build_run(&opt, diags, &result, &err)) {
		fprintf(stderr, "paiban check: %s\n", err->message);
		pb_build_result_clear(&result);
		pb_diags_free(diags);
		return PB_EXIT_ENV;
	}
	const pb_check_result *r = result.check;
	guint errors = pb_diags_count(diags, PB_SEV_ERROR);
	guint warnings = pb_diags_count(diags, PB_SEV_WARNING);
	if (json) {
		g_autofree char *text = pb_report_check_json(diags, r);
		printf("%s\n", text);
	} else {
		pb_cmd_print_diags(diags, no_caret);
		for (guint i = 0; r && i < r->left_out->len; i++) {
			const pb_left_out *lo = r->left_out->pdata[i];
			g_autofree char *line = g_strdup_printf(
			    "%s:%u:%u: left out (%s): %s", lo->loc.file, lo->loc.line, lo->loc.col,
			    pb_status_key(lo->status), lo->what);
			g_autofree char *safe = pb_diag_escape(line);
			printf("%s\n", safe);
		}
		if (r) {
			printf("%u %s: %u %s, %u %s, %u %s, %u %s, %u %s; %u %s read", r->colleges,
			       PB_CMD_NOUN(r->colleges, "college"), r->photos,
			       PB_CMD_NOUN(r->photos, "photo"), r->testimonials,
			       PB_CMD_NOUN(r->testimonials, "testimonial"), r->blessings,
			       PB_CMD_NOUN(r->blessings, "blessing"), r->stars,
			       PB_CMD_NOUN(r->stars, "outstanding graduate"), r->honorees,
			       PB_CMD_NOUN(r->honorees, "honoree"), r->images,
			       PB_CMD_NOUN(r->images, "image"));
			if (r->unreadable)
				printf(", %u unreadable", r->unreadable);
			printf("\n");
		}
		guint left_out = r ? r->left_out->len : 0;
		printf("%u %s, %u %s, %u %s left out\n", errors, PB_CMD_NOUN(errors, "error"),
		       warnings, PB_CMD_NOUN(warnings, "warning"), left_out,
		       PB_CMD_NOUN(left_out, "item"));
	}
	pb_build_result_clear(&result);
	pb_diags_free(diags);
	return errors ? PB_EXIT_ERRORS : PB_EXIT_OK;
}
