/* report.h — what a command tells its caller in JSON (--json): diagnostics, counts, files.
 *
 * Text output is diag.c's; this is the machine-readable twin, built with json-glib so that
 * escaping is never our problem.
 */
#ifndef PB_REPORT_H
#define PB_REPORT_H

#include "build.h"
#include "check/check.h"
#include "base/diag.h"

#include <json-glib/json-glib.h>

/* Adds "diagnostics": [...] and "summary": {errors, warnings} members to an open object. */
void pb_report_diags(JsonBuilder *b, const pb_diags *d);
/* The whole report of `paiban check`, pretty-printed.  Caller frees. */
char *pb_report_check_json(const pb_diags *d, const pb_check_result *r);

/* The report of `paiban build`: diagnostics, and every file of the build with its status
 * (written, unchanged, stale, removed) and why; notes of outputs that made nothing. */
char *pb_report_build_json(const pb_diags *d, const pb_build_result *r);

/* `paiban build --jobs-list`: every file the manifest makes, with its --only selector and the
 * hash of its series' inputs. */
char *pb_report_jobs_json(const pb_build_result *r);

#endif
