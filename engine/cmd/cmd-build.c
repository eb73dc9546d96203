/* cmd-build.c — `paiban build MANIFEST [-o OUTDIR] [--format pdf,svg,png] [--only ID] ...`.
 *
 * Prints diagnostics to stderr (sorted), then one line per file written to stdout (unless
 * --quiet); with --json, one JSON document on stdout instead.
 */
#include "build/build.h"
#include "commands.h"
#include "build/report.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

static gboolean
parse_formats(const char *spec, guint *out)
{
	*out = 0;
	g_auto(GStrv) parts = g_strsplit(spec, ",", -1);
	for (char **p = parts; *p; p++) {
		if (!strcmp(*p, "pdf"))
			*out |= PB_FORMAT_PDF;
		else if (!strcmp(*p, "svg"))
			*out |= PB_FORMAT_SVG;
		else if (!strcmp(*p, "png"))
			*out |= PB_FORMAT_PNG;
		else
			return FALSE;
	}
	return *out != 0;
}

/* A one-line progress bar on stderr: [#####-----] 3/8 boards/jianzhu */
static void
progress(guint done, guint total, const char *what, gpointer data)
{
	const guint width = 24;
	guint filled = total ? done * width / total : width;
	char bar[32];
	for (guint i = 0; i < width; i++)
		bar[i] = i < filled ? '#' : '-';
	bar[width] = 0;
	fprintf(stderr, "\r\033[K[%s] %u/%u %s", bar, done, total, what);
	fflush(stderr);
}

/* One line a file: written (and what changed), unchanged, stale or skipped (and why), removed
 * (and why).  Paths of files on disk are OUTDIR's, as a shell would name them. */
static void
print_records(const pb_build_options *opt, const pb_build_result *r)
{
	for (guint i = 0; r->records && i < r->records->len; i++) {
		const pb_record *f = r->records->pdata[i];
		g_autofree char *disk = g_build_filename(opt->outdir, f->path, NULL);
		g_autofree char *why = NULL;
		if (f->why->len) {
			g_ptr_array_add(f->why, NULL);
			why = g_strjoinv("; ", (char **)f->why->pdata);
			g_ptr_array_set_size(f->why, f->why->len - 1);
		}
		switch (f->status) {
		case PB_FILE_WRITTEN:
			printf("wrote %s (%u page%s, %" G_GINT64_FORMAT " bytes)%s%s\n", disk,
			       f->pages, f->pages == 1 ? "" : "s", f->file.size,
			       why && strcmp(why, "new") ? ": " : "",
			       why && strcmp(why, "new") ? why : "");
			break;
		case PB_FILE_UNCHANGED:
			printf("unchanged %s\n", disk);
			break;
		case PB_FILE_STALE:
			if (f->file.sha256[0])
				printf("stale %s: %s; the previous file%s is kept\n", f->path, why,
				       f->draft ? ", a draft," : "");
			else
				printf("skipped %s: %s\n", f->path, why);
			break;
		case PB_FILE_REMOVED:
			printf("removed %s: %s\n", disk, why);
			break;
		}
	}
	for (guint i = 0; r->notes && i < r->notes->len; i++)
		printf("skipped %s\n", (char *)r->notes->pdata[i]);
}

int
pb_cmd_build(int argc, char **argv)
{
	gboolean strict = FALSE, json = FALSE, quiet = FALSE, draft = FALSE, force = FALSE,
		 jobs_list = FALSE, no_caret = FALSE;
	g_autofree char *outdir = NULL, *formats = NULL, *dump = NULL;
	g_auto(GStrv) only = NULL;
	double dpi = 50;
	gint jobs = 0;
	GOptionEntry entries[] = {
	    {"output", 'o', 0, G_OPTION_ARG_FILENAME, &outdir, "write into OUTDIR (default out/)",
	     "OUTDIR"},
	    {"format", 0, 0, G_OPTION_ARG_STRING, &formats,
	     "formats to write, comma-separated: pdf, svg, png (default pdf)", "pdf,svg,png"},
	    {"only", 0, 0, G_OPTION_ARG_STRING_ARRAY, &only,
	     "build only this output, one series of it (boards/jianzhu) or one file "
	     "(boards/jianzhu-01); repeatable",
	     "OUTPUT[/SERIES|/FILE]"},
	    {"dpi", 0, 0, G_OPTION_ARG_DOUBLE, &dpi, "PNG resolution (default 50)", "DPI"},
	    {"jobs", 'j', 0, G_OPTION_ARG_INT, &jobs, PB_CMD_JOBS_HELP, "N"},
	    {"force", 0, 0, G_OPTION_ARG_NONE, &force,
	     "rebuild every file, whatever build.json says is unchanged", NULL},
	    {"jobs-list", 0, 0, G_OPTION_ARG_NONE, &jobs_list,
	     "print every file with its --only selector and input hash as JSON; build nothing",
	     NULL},
	    {"strict", 0, 0, G_OPTION_ARG_NONE, &strict, "treat every warning as an error", NULL},
	    {"draft", 0, 0, G_OPTION_ARG_NONE, &draft,
	     "a missing or broken image becomes a placeholder (proofs only; the slug says DRAFT)",
	     NULL},
	    {"quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "print only diagnostics", NULL},
	    {"json", 0, 0, G_OPTION_ARG_NONE, &json, "print diagnostics and files as JSON", NULL},
	    {"dump-frames", 0, 0, G_OPTION_ARG_FILENAME, &dump,
	     "write the frames as text to FILE (for tests)", "FILE"},
	    PB_CMD_NO_CARET_OPTION(no_caret),
	    {NULL, 0, 0, 0, NULL, NULL, NULL},
	};
	g_autoptr(GOptionContext) ctx = g_option_context_new("MANIFEST");
	g_option_context_set_summary(ctx, "Typesets every output of the manifest as print-ready "
					  "files.");
	g_option_context_add_main_entries(ctx, entries, NULL);
	int bad = pb_cmd_parse_manifest(ctx, &argc, &argv, "build", entries);
	if (bad)
		return bad;
	g_autoptr(GError) err = NULL;
	pb_build_options opt = {.manifest = argv[1],
				.outdir = outdir ? outdir : "out",
				.formats = PB_FORMAT_PDF,
				.only = only,
				.png_dpi = dpi,
				.dump_frames = dump,
				.draft = draft,
				.force = force,
				.dry_run = jobs_list,
				.jobs_list = jobs_list};
	if (formats && !parse_formats(formats, &opt.formats)) {
		g_autofree char *what =
		    g_strdup_printf("unknown format in '%s' (pdf, svg, png)", formats);
		return pb_cmd_usage_error("build", "MANIFEST", entries, what);
	}
	if (!pb_cmd_jobs_ok("build", "MANIFEST", entries, jobs))
		return PB_EXIT_USAGE;
	opt.jobs = (guint)jobs;
	if (dpi < 1 || dpi > 1200)
		return pb_cmd_usage_error("build", "MANIFEST", entries,
					  "--dpi must be from 1 to 1200");

	/* The bar only for a person at a terminal: never in logs, pipes or --json. */
	gboolean bar = isatty(STDERR_FILENO) && !quiet && !json && !jobs_list;
	if (bar)
		opt.progress = progress;
	pb_build_catch_signals();
	pb_diags *diags = pb_diags_new();
	diags->strict = strict;
	pb_build_result r = {0};
	gboolean ok = pb_build_run(&opt, diags, &r, &err);
	if (bar)
		fprintf(stderr, "\r\033[K");
	int status = pb_cmd_build_status(ok, err, diags);
	if (jobs_list) {
		pb_cmd_print_diags(diags, no_caret);
		if (ok) {
			g_autofree char *text = pb_report_jobs_json(&r);
			printf("%s\n", text);
		}
	} else if (json) {
		g_autofree char *text = pb_report_build_json(diags, &r);
		printf("%s\n", text);
	} else {
		pb_cmd_print_diags(diags, no_caret);
		if (!quiet)
			print_records(&opt, &r);
	}
	if (!ok)
		fprintf(stderr, "paiban build: %s\n", err->message);
	pb_build_result_clear(&r);
	pb_diags_free(diags);
	return status;
}
