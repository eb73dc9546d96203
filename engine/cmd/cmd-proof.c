/* cmd-proof.c — `paiban proof MANIFEST [-o OUTDIR]`: build, and a proof of every page with a
 * contact sheet, OUTDIR/proof/index.html.
 *
 * Prints what build prints (the findings on stderr, a line a file), then the contact sheet's
 * path and the number of pages it shows.  Exit statuses are build's: a proof of pages with
 * errors is written all the same (that is what it is for), and the status says 1.
 */
#include "build/build.h"
#include "commands.h"

#include <stdio.h>
#include <unistd.h>

int
pb_cmd_proof(int argc, char **argv)
{
	gboolean strict = FALSE, draft = FALSE, quiet = FALSE, force = FALSE, no_caret = FALSE;
	g_autofree char *outdir = NULL;
	gint jobs = 0;
	GOptionEntry entries[] = {
	    {"output", 'o', 0, G_OPTION_ARG_FILENAME, &outdir, "write into OUTDIR (default out/)",
	     "OUTDIR"},
	    {"jobs", 'j', 0, G_OPTION_ARG_INT, &jobs, PB_CMD_JOBS_HELP, "N"},
	    {"force", 0, 0, G_OPTION_ARG_NONE, &force, "redraw every proof and rebuild every file",
	     NULL},
	    {"strict", 0, 0, G_OPTION_ARG_NONE, &strict, "treat every warning as an error", NULL},
	    {"draft", 0, 0, G_OPTION_ARG_NONE, &draft,
	     "a missing or broken image becomes a placeholder", NULL},
	    {"quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "print only diagnostics", NULL},
	    PB_CMD_NO_CARET_OPTION(no_caret),
	    {NULL, 0, 0, 0, NULL, NULL, NULL},
	};
	g_autoptr(GOptionContext) ctx = g_option_context_new("MANIFEST");
	g_option_context_set_summary(ctx, "Builds, and draws a proof of every page with a contact "
					  "sheet (OUTDIR/proof/index.html).");
	g_option_context_add_main_entries(ctx, entries, NULL);
	int bad = pb_cmd_parse_manifest(ctx, &argc, &argv, "proof", entries);
	if (bad)
		return bad;
	g_autoptr(GError) err = NULL;
	if (!pb_cmd_jobs_ok("proof", "MANIFEST", entries, jobs))
		return PB_EXIT_USAGE;
	pb_build_options opt = {.manifest = argv[1],
				.outdir = outdir ? outdir : "out",
				.formats = PB_FORMAT_PDF,
				.png_dpi = 50,
				.draft = draft,
				.force = force,
				.proof = TRUE,
				.jobs = (guint)jobs};
	pb_build_catch_signals();
	pb_diags *diags = pb_diags_new();
	diags->strict = strict;
	pb_build_result r = {0};
	gboolean ok = pb_build_run(&opt, diags, &r, &err);
	pb_cmd_print_diags(diags, no_caret);
	guint pages = 0;
	for (guint i = 0; r.records && i < r.records->len; i++) {
		const pb_record *f = r.records->pdata[i];
		if (!quiet && f->status != PB_FILE_UNCHANGED)
			printf("%s %s/%s\n", pb_file_status_name(f->status), opt.outdir, f->path);
		if (f->status != PB_FILE_REMOVED)
			pages += f->pages;
	}
	if (ok)
		printf("proofs of %u page%s: %s/proof/index.html\n", pages, pages == 1 ? "" : "s",
		       opt.outdir);
	else
		fprintf(stderr, "paiban proof: %s\n", err->message);
	int status = pb_cmd_build_status(ok, err, diags);
	pb_build_result_clear(&r);
	pb_diags_free(diags);
	return status;
}
