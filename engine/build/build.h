/* build.h — `paiban build`, `check` and `--jobs-list`: load, check, compose every output through
 * the composer table, and (for build) render what changed and write it atomically, recording
 * everything in OUTDIR/build.json and OUTDIR/print-order.csv.
 *
 * A rebuild does only what a change requires: a series whose inputs match build.json is not
 * composed, a composed file whose frames match is not rendered, a rendered file whose bytes
 * match is not replaced.  An output that fails keeps its previous file.
 */
#ifndef PB_BUILD_H
#define PB_BUILD_H

#include "base/diag.h"
#include "check/check.h"
#include "records.h"

typedef enum pb_format {
	PB_FORMAT_PDF = 1 << 0,
	PB_FORMAT_SVG = 1 << 1,
	PB_FORMAT_PNG = 1 << 2,
} pb_format;

typedef struct pb_build_options {
	const char *manifest;    /* path as given */
	const char *outdir;      /* default "out" */
	guint formats;           /* pb_format bits; default PDF */
	char **only;             /* OUTPUT, OUTPUT/SERIES or OUTPUT/FILE to build; NULL for all */
	double png_dpi;          /* PNG resolution */
	const char *dump_frames; /* write the frames of every document here, NULL for none */
	gboolean draft;          /* placeholders for missing or broken images */
	gboolean force;          /* rebuild everything, whatever build.json says */
	gboolean dry_run;        /* compose everything, write nothing (`paiban check`) */
	gboolean jobs_list;      /* with dry_run: list every file and its selector */
	gboolean proof;          /* also a proof PNG of every page and OUTDIR/proof/index.html */
	guint jobs;              /* workers; 0 means one per processor */
	/* Called as each series (a cover, a college's boards) is done, with the count done so
	 * far, the total and its name, one call at a time; NULL for none.  The command draws a
	 * progress bar with it. */
	void (*progress)(guint done, guint total, const char *what, gpointer data);
	gpointer progress_data;
} pb_build_options;

/* One file --jobs-list names. */
typedef struct pb_job_entry {
	char *selector; /* "boards/jianzhu-01": what --only takes */
	char *path;     /* "boards/jianzhu-01.pdf" */
	char *output, *series;
	char *inputs; /* the series' input hash */
} pb_job_entry;

typedef struct pb_build_result {
	GPtrArray *records;     /* of pb_record*: this build's files, written, unchanged, stale or
				 * removed, in the order of the build */
	GPtrArray *notes;       /* of char*: outputs and series that made no file, and why */
	GPtrArray *jobs;        /* of pb_job_entry* (--jobs-list) */
	pb_check_result *check; /* the check's counts and left-out items; NULL when the manifest
				 * did not load */
	gboolean interrupted;   /* SIGINT or SIGTERM stopped it; what finished is recorded */
	GPtrArray *sources;     /* of char*: every file the build read (the manifest, its layouts,
				 * the images and the roster), for `watch` */
} pb_build_result;

/* Runs the build.  Diagnostics go to `diags`; returns FALSE with `error` only for environment
 * failures (fonts, unwritable OUTDIR, an interrupt: exit 3) and for --only naming nothing
 * (G_OPTION_ERROR: exit 2).  Errors in the material are in `diags`, sorted by position and
 * each once. */
gboolean pb_build_run(const pb_build_options *opt, pb_diags *diags, pb_build_result *result,
		      GError **error);
void pb_build_result_clear(pb_build_result *r);

/* SIGINT and SIGTERM stop a build cleanly from now on: no new file is started, the one being
 * written is dropped (its previous version kept), and what finished is recorded. */
void pb_build_catch_signals(void);

#endif
