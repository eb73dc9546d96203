/* cmd-watch.c — `paiban watch MANIFEST [-o OUTDIR]`: build with proofs, then rebuild and refresh
 * the proofs on every save (a browser showing OUTDIR/proof/index.html reloads by itself).
 *
 * After each build it prints the errors (on stderr, in the compilers' format), a line for each
 * file written, stale or removed, and one summary line with the time; unchanged files are
 * counted, not listed.  It runs until SIGINT or SIGTERM.
 */
#include "build/watch.h"
#include "commands.h"

#include <stdio.h>
#include <string.h>

typedef struct watch_ui {
	const pb_build_options *opt;
	gboolean quiet;
} watch_ui;

static void
after_build(const pb_diags *diags, const pb_build_result *r, const GError *error, gpointer data)
{
	const watch_ui *ui = data;
	for (guint i = 0; i < diags->items->len; i++) {
		const pb_diag *d = diags->items->pdata[i];
		if (pb_diag_effective(diags, d) != PB_SEV_ERROR)
			continue;
		g_autofree char *line = pb_diag_format(diags, d);
		fprintf(stderr, "%s\n", line);
	}
	if (error)
		fprintf(stderr, "paiban watch: %s\n", error->message);
	guint counts[PB_FILE_REMOVED + 1] = {0};
	for (guint i = 0; r->records && i < r->records->len; i++) {
		const pb_record *f = r->records->pdata[i];
		counts[f->status]++;
		if (ui->quiet || f->status == PB_FILE_UNCHANGED)
			continue;
		g_autofree char *why = NULL;
		if (f->why->len) {
			g_ptr_array_add(f->why, NULL);
			why = g_strjoinv("; ", (char **)f->why->pdata);
			g_ptr_array_set_size(f->why, f->why->len - 1);
		}
		printf("  %s %s%s%s\n", pb_file_status_name(f->status), f->path, why ? ": " : "",
		       why ? why : "");
	}
	g_autoptr(GDateTime) now = g_date_time_new_now_local();
	g_autofree char *clock = g_date_time_format(now, "%H:%M:%S");
	/* a manifest that cannot be read (deleted while watched) is an error too, not "0 errors" */
	guint errors = pb_diags_count(diags, PB_SEV_ERROR) + (error ? 1 : 0);
	guint warnings = pb_diags_count(diags, PB_SEV_WARNING);
	printf("%s  %u written, %u unchanged, %u stale, %u removed; %u %s, %u %s\n", clock,
	       counts[PB_FILE_WRITTEN], counts[PB_FILE_UNCHANGED], counts[PB_FILE_STALE],
	       counts[PB_FILE_REMOVED], errors, PB_CMD_NOUN(errors, "error"), warnings,
	       PB_CMD_NOUN(warnings, "warning"));
	fflush(stdout);
}

int
pb_cmd_watch(int argc, char **argv)
{
	gboolean strict = FALSE, draft = FALSE, quiet = FALSE;
	g_autofree char *outdir = NULL;
	gint jobs = 0;
	GOptionEntry entries[] = {
	    {"output", 'o', 0, G_OPTION_ARG_FILENAME, &outdir, "write into OUTDIR (default out/)",
	     "OUTDIR"},
	    {"jobs", 'j', 0, G_OPTION_ARG_INT, &jobs, PB_CMD_JOBS_HELP, "N"},
	    {"strict", 0, 0, G_OPTION_ARG_NONE, &strict, "treat every warning as an error", NULL},
	    {"draft", 0, 0, G_OPTION_ARG_NONE, &draft,
	     "a missing or broken image becomes a placeholder", NULL},
	    {"quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "print only the summary of each build",
	     NULL},
	    {NULL, 0, 0, 0, NULL, NULL, NULL},
	};
	g_autoptr(GOptionContext) ctx = g_option_context_new("MANIFEST");
	g_option_context_set_summary(ctx, "Builds, then rebuilds what a save touched, until "
					  "interrupted.");
	g_option_context_add_main_entries(ctx, entries, NULL);
	int bad = pb_cmd_parse_manifest(ctx, &argc, &argv, "watch", entries);
	if (bad)
		return bad;
	g_autoptr(GError) err = NULL;
	if (!pb_cmd_jobs_ok("watch", "MANIFEST", entries, jobs))
		return PB_EXIT_USAGE;
	pb_build_options opt = {.manifest = argv[1],
				.outdir = outdir ? outdir : "out",
				.formats = PB_FORMAT_PDF,
				.png_dpi = 50,
				.draft = draft,
				.proof = TRUE,
				.jobs = (guint)jobs};
	watch_ui ui = {&opt, quiet};
	if (!pb_watch_run(&opt, strict, after_build, &ui, &err)) {
		fprintf(stderr, "paiban watch: %s\n", err->message);
		return PB_EXIT_ENV;
	}
	return PB_EXIT_OK;
}
