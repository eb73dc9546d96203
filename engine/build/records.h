/* records.h — OUTDIR/build.json and OUTDIR/print-order.csv: what a build made, for the print
 * shop and for the next build.
 *
 * build.json (DESIGN.md, Outputs) lists every file with its kind, pages, trim and bleed, sha256,
 * the hash of its inputs, its status (written, unchanged, stale, removed), why, and the
 * findings that concern it.  It also keeps what the next build needs to skip work: each
 * series' input parts (to say what changed), each file's frame hash, size, modification time
 * and inode (to know it is still the file that was written without reading it), and the sums
 * of the source files (photos, layouts, the roster) with their stats.  print-order.csv lists
 * the PDFs for the press: file, size, bleed, pages, quantity, then sheets, paper and state
 * (current, or stale: kept from an earlier build because this one found errors).
 *
 * Both are written through the one writer, after the files, under a lock on OUTDIR (several
 * builds of different --only selectors into one folder merge their records instead of
 * overwriting each other's).
 */
#ifndef PB_RECORDS_H
#define PB_RECORDS_H

#include "base/diag.h"
#include "base/filesum.h"

typedef enum pb_file_status {
	PB_FILE_WRITTEN,
	PB_FILE_UNCHANGED,
	PB_FILE_STALE,   /* not written this time (errors): the previous file, if any, is kept */
	PB_FILE_REMOVED, /* the manifest no longer makes it */
} pb_file_status;

/* One finding as recorded, detached from any diagnostics list. */
typedef struct pb_finding {
	char *file;
	guint line, col;
	pb_severity severity; /* as found, before --strict */
	char *rule;
	char *message;
} pb_finding;

/* One output file. */
typedef struct pb_record {
	char *path;    /* OUTDIR-relative: "boards/jianzhu-01.pdf" */
	char *name;    /* the document's name in its output: "jianzhu-01" (an SVG or PNG of a
			* many-page document is one file a page: jianzhu-01-2.png) */
	char *output;  /* the output's id */
	char *series;  /* the series' id */
	char *college; /* the college the series shows, or NULL */
	char *kind;    /* "board" */
	char *format;  /* "pdf", "svg", "png" */
	guint pages;
	double trim_w, trim_h, bleed; /* mm */
	guint quantity;               /* copies of each page */
	char *paper;                  /* press sheet, or NULL */
	double dpi;                   /* a PNG's resolution (--dpi), else 0 */
	gboolean draft;               /* the file on disk is a --draft build's: not for print */
	char *inputs;                 /* the series' input hash */
	char *frames;                 /* what the file shows, as it was rendered */
	pb_filestat file;             /* the file as written; sha256 "" when there is none */
	pb_file_status status;
	GPtrArray *why;      /* of char*: what changed, or why not written */
	GPtrArray *findings; /* of pb_finding*: what concerns the file */
} pb_record;

/* One series: its input parts, for saying next time what changed. */
typedef struct pb_series_record {
	char *output, *series, *college;
	char *inputs;         /* hash of all parts */
	GHashTable *parts;    /* key -> "hash\tlabel", both owned */
	GPtrArray *findings;  /* of pb_finding*: its composition's, replayed when it is skipped */
	GPtrArray *documents; /* of char*: the names of the files it makes, or NULL when not known
			       * (a build.json from before they were recorded) */
} pb_series_record;

typedef struct pb_records {
	GPtrArray *files;    /* of pb_record*, in the order of the build */
	GPtrArray *series;   /* of pb_series_record* */
	GHashTable *sources; /* path -> pb_filestat* with sha256: what inputs were */
} pb_records;

pb_records *pb_records_new(void);
void pb_records_free(pb_records *r);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(pb_records, pb_records_free)

pb_record *pb_record_new(void);
pb_record *pb_record_copy(const pb_record *r);
void pb_record_free(pb_record *r);
pb_series_record *pb_series_record_new(const char *output, const char *series, const char *college);
pb_series_record *pb_series_record_copy(const pb_series_record *s);
/* A copy of a series record's `documents` (NULL for NULL). */
GPtrArray *pb_series_documents_copy(const GPtrArray *documents);
void pb_series_record_free(pb_series_record *s);
pb_finding *pb_finding_new(const pb_diag *d);
pb_finding *pb_finding_copy(const pb_finding *f);
void pb_finding_free(pb_finding *f);

/* The records of OUTDIR/build.json; empty records when there is none.  A file that cannot be
 * parsed counts as none (the next build is a full one) and says so in *note (caller frees). */
pb_records *pb_records_load(const char *outdir, char **note);

/* The file record of `path`, the series record of (output, series); NULL when none.  Borrowed. */
pb_record *pb_records_file(const pb_records *r, const char *path);

/* Puts `files` (of pb_record*) in the order one whole build writes them, whatever order the
 * builds that made them ran in (parallel --only jobs): by series, in the order of
 * `series_rank` ("output/series" -> rank + 1; NULL: as they stand), then by document, in the
 * order of its series record's documents in `series` (of pb_series_record*), then PDF, SVG,
 * PNG.  Stable: a document's pages keep their order. */
void pb_records_order(GPtrArray *files, GHashTable *series_rank, const GPtrArray *series);
pb_series_record *pb_records_series(const pb_records *r, const char *output, const char *series);

/* Writes OUTDIR/build.json and OUTDIR/print-order.csv from `r`, through the writer.  FALSE
 * with `error` (the environment's). */
gboolean pb_records_save(const pb_records *r, const char *outdir, GError **error);

/* The text of print-order.csv (print-order.c).  Caller frees. */
char *pb_print_order_csv(const pb_records *r);

/* The lock that serialises the records of builds into one folder: taken before the previous
 * records are merged with this build's, released after they are written.  -1 on failure. */
int pb_records_lock(const char *outdir, GError **error);
void pb_records_unlock(int fd);

const char *pb_file_status_name(pb_file_status s); /* "written" ... */

#endif
