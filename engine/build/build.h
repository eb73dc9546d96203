/* build.h — `paiban build` and `paiban check`: load, check, compose every output through the
 * composer table, and (for build) render and write the files atomically, so a failed output
 * keeps its previous good version and no half-written file is ever left.
 */
#ifndef PB_BUILD_H
#define PB_BUILD_H

#include "base/diag.h"
#include "check/check.h"

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
	gboolean dry_run;        /* compose everything, write nothing (`paiban check`) */
	guint jobs;              /* workers; 0 means one per processor */
	/* Called as each series (a cover, a college's boards) is done, with the count done so
	 * far, the total and its name, one call at a time; NULL for none.  The command draws a
	 * progress bar with it. */
	void (*progress)(guint done, guint total, const char *what, gpointer data);
	gpointer progress_data;
} pb_build_options;

/* One file written. */
typedef struct pb_built_file {
	char *path; /* as written, OUTDIR-relative path joined to OUTDIR */
	char *kind; /* output kind */
	guint pages;
	gsize bytes;
} pb_built_file;

typedef struct pb_build_result {
	GPtrArray *files;       /* of pb_built_file*, in writing order */
	GPtrArray *skipped;     /* of char*: outputs not built, with the reason */
	pb_check_result *check; /* the check's counts and left-out items; NULL when the manifest
				 * did not load */
} pb_build_result;

/* Runs the build.  Diagnostics go to `diags`; returns FALSE with `error` only for environment
 * failures (fonts, unwritable OUTDIR: exit 3) and for --only naming nothing (G_OPTION_ERROR:
 * exit 2).  Errors in the material are in `diags`. */
gboolean pb_build_run(const pb_build_options *opt, pb_diags *diags, pb_build_result *result,
		      GError **error);
void pb_build_result_clear(pb_build_result *r);

#endif
