/* cmd-init.c — `paiban init FOLDER`: FOLDER/manifest.yaml from the colleges' folders in it.
 *
 * Warnings about single files (a .doc, a broken .docx, a link) go to stderr in the compilers'
 * format; stdout says what was written and how many of its values are marked TODO.  Exit
 * status: 0 written (warnings allowed), 1 a manifest is already there (it is left as it
 * was), 2 usage, 3 the folder cannot be read or the manifest not written.
 */
#include "commands.h"
#include "init/init.h"

#include <stdio.h>

int
pb_cmd_init(int argc, char **argv)
{
	GOptionEntry entries[] = {{NULL, 0, 0, 0, NULL, NULL, NULL}};
	g_autoptr(GOptionContext) ctx = g_option_context_new("FOLDER");
	g_option_context_set_summary(
	    ctx,
	    "Writes FOLDER/manifest.yaml from the colleges' submission folders in FOLDER:\n"
	    "every college, every picture sorted into photos, portraits, the star's photos\n"
	    "and ID photos, captions, classes and names from the Word files (.docx), and a\n"
	    "TODO on every value it guessed or did not find.  It never overwrites a manifest.");
	g_option_context_add_main_entries(ctx, entries, NULL);
	g_autoptr(GError) err = NULL;
	if (!g_option_context_parse(ctx, &argc, &argv, &err) || argc != 2) {
		fprintf(stderr, "paiban init: %s\nusage: paiban init FOLDER\n",
			err        ? err->message
			: argc < 2 ? "no folder given"
				   : "more than one folder");
		return PB_EXIT_USAGE;
	}
	const char *folder = argv[1];
	pb_diags *diags = pb_diags_new();
	pb_init_result r = {0};
	gboolean ok = pb_init_run(folder, diags, &r, &err);
	pb_diags_print(diags, stderr);
	pb_diags_free(diags);
	if (!ok) {
		g_autofree char *why = pb_diag_escape(err->message);
		fprintf(stderr, "paiban init: %s\n", why);
		return g_error_matches(err, PB_INIT_ERROR, PB_INIT_ERROR_EXISTS) ? PB_EXIT_ERRORS
										 : PB_EXIT_ENV;
	}
	g_autofree char *shown = pb_diag_escape(r.manifest);
	printf("wrote %s: %u %s, %u %s, %u %s, %u %s, %u %s, %u %s\n", shown, r.colleges,
	       PB_CMD_NOUN(r.colleges, "college"), r.photos, PB_CMD_NOUN(r.photos, "photo"),
	       r.testimonials, PB_CMD_NOUN(r.testimonials, "testimonial"), r.blessings,
	       PB_CMD_NOUN(r.blessings, "blessing"), r.stars,
	       PB_CMD_NOUN(r.stars, "outstanding graduate"), r.honorees,
	       PB_CMD_NOUN(r.honorees, "honoree"));
	printf("%u values found, %u marked TODO: check each TODO, then run `paiban check %s`\n",
	       r.found, r.todo, shown);
	pb_init_result_clear(&r);
	return PB_EXIT_OK;
}
