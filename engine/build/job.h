/* job.h — one series of one output: the unit of work a build's worker takes.
 *
 * A job hashes what its series is made from, and when that and every file it made last time
 * are as build.json says, it is done without composing anything.  Otherwise it composes the
 * series, and for each of its files decides: stopped by an error (stale, the previous file
 * kept), unchanged (the same frames as last time), or rendered through the writer (which
 * still leaves the file untouched when the bytes come out the same).  Everything a job reads
 * is shared and read-only while jobs run; everything it produces is its own, merged by the
 * build in job order, so -j changes the speed of a build and nothing else.
 *
 * Internal to build/.
 */
#ifndef PB_JOB_H
#define PB_JOB_H

#include "build.h"
#include "stops.h"
#include "compose/composer.h"
#include "render/render.h"
#include "hash.h"

/* What every job of a run reads. */
typedef struct pb_job_shared {
	const pb_build_options *opt;
	const pb_manifest *m;
	pb_check_result *check;  /* its ID photos' borders may still be being read */
	const pb_diags *checked; /* the check's findings, but for those borders' */
	pb_records *prev; /* build.json as the run found it; a job refreshes the stat of its own
			   * series' files found unchanged by their bytes (pb_job_intact) */
	pb_filestat prev_stat; /* build.json's, taken before it was read ... */
	gboolean prev_stat_ok; /* ... when there was one */
	pb_filesums *sums;
	gboolean may_skip;       /* the check found no error (but for the borders', which
				  * pb_job_may_skip asks): an unchanged series need not be composed */
	GHashTable *proofs_prev; /* proof.json as the run found it: PDF path -> pb_proof_rec* */
	GAsyncQueue *fonts;      /* idle pb_fonts: a Pango context serves one thread at a time */
	GMutex progress_lock;
	guint done, total;
} pb_job_shared;

typedef struct pb_job {
	pb_job_shared *sh;
	const pb_output *output;
	const pb_composer *composer;
	pb_series series;
	GPtrArray *only_files; /* names --only picked, of char*; empty for every file */
	/* what it produced */
	GPtrArray *matched;              /* of those names, the ones the series made */
	GPtrArray *records;              /* of pb_record*: its files, in order */
	pb_series_record *series_record; /* its inputs and findings, for build.json */
	GPtrArray *notes;                /* of char*: "boards/x: no board, nothing approved" */
	GPtrArray *listed;               /* of pb_job_entry* (--jobs-list) */
	GPtrArray *proofs;               /* of pb_proof_rec*: its PDFs' proofs (`proof`) */
	pb_diags *diags;                 /* its composition's findings */
	GString *dump;                   /* its frames, when asked */
	GError *error;                   /* an environment failure */
	/* its PDFs drawn and being finished on the side (job.c) */
	pb_pdf_family *family;     /* the series' PDFs, one template for them (render.h) */
	pb_frame_digests *digests; /* the series' shared arrays, each hashed once (hash.h) */
	GThreadPool *finisher;
	GPtrArray *finishing;
} pb_job;

/* A file drawn before the check's findings on the ID photos' borders are all made (they are
 * read meanwhile: pb_check_begin): which file of its series it is, for its stops, and whether
 * those findings were taken into its stops and findings yet (pb_job_late_findings). */
typedef struct pb_late {
	pb_stops *stops;
	guint index;
	const pb_series *series;
	gboolean taken;
} pb_late;

/* Once: waits for the borders (when the file shows a photo of theirs), and adds their findings
 * that stop file `late` to `stopping`, those that concern it to `concerning` and, when `r` is
 * not NULL, to its record's findings.  Nothing when `late` is NULL or taken. */
void pb_job_late_findings(pb_job *j, pb_late *late, GPtrArray *stopping, GPtrArray *concerning,
			  pb_record *r);

pb_job *pb_job_new(pb_job_shared *sh, const pb_output *output, const pb_composer *composer,
		   const pb_series *series, GPtrArray *only_files);
void pb_job_free(pb_job *j);

/* Runs the job (a GFunc for the thread pool). */
void pb_job_run(gpointer job, gpointer unused);

/* TRUE once SIGINT or SIGTERM asked the build to stop. */
gboolean pb_build_cancelled(void);

#endif
