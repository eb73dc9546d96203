/* diag.h — source locations and the diagnostic list.
 *
 * Problems in the user's material are diagnostics, not control flow: each one is recorded with
 * the file:line:col it comes from and a rule id, and the run goes on so that one pass reports
 * everything.  Environment failures use GError instead; programmer errors g_assert.
 */
#ifndef PB_DIAG_H
#define PB_DIAG_H

#include <glib.h>
#include <stdio.h>

/* A position in a source file.  `file` is an interned string (g_intern_string), so locations
 * are copied by value and never freed.  line and col are 1-based; 0 means "whole file". */
typedef struct pb_loc {
	const char *file; /* as the user named it, interned */
	guint line;       /* 1-based line, 0 when unknown */
	guint col;        /* 1-based column in characters, 0 when unknown */
} pb_loc;

typedef enum pb_severity {
	PB_SEV_OFF = 0, /* a rule switched off under rules: */
	PB_SEV_NOTE,
	PB_SEV_WARNING,
	PB_SEV_ERROR,
} pb_severity;

typedef struct pb_diag {
	pb_loc loc;
	pb_severity severity;
	char *message; /* lowercase, no full stop */
	char *rule;    /* rule or check id, e.g. "blessing.length" */
	guint seq;     /* insertion order, keeps the sort stable */
} pb_diag;

typedef struct pb_diags {
	GPtrArray *items; /* of pb_diag*, owned */
	gboolean strict;  /* --strict: warnings count as errors */
} pb_diags;

pb_diags *pb_diags_new(void);
void pb_diags_free(pb_diags *d);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(pb_diags, pb_diags_free)

/* Records a diagnostic; message is printf-style.  Severity OFF records nothing. */
void pb_diag_add(pb_diags *d, pb_loc loc, pb_severity sev, const char *rule, const char *fmt, ...)
    G_GNUC_PRINTF(5, 6);

/* Shorthands for loader errors. */
#define pb_diag_error(d, loc, rule, ...) pb_diag_add((d), (loc), PB_SEV_ERROR, (rule), __VA_ARGS__)
#define pb_diag_warning(d, loc, rule, ...)                                                         \
	pb_diag_add((d), (loc), PB_SEV_WARNING, (rule), __VA_ARGS__)

/* Effective severity of a diagnostic: a warning is an error under --strict. */
pb_severity pb_diag_effective(const pb_diags *d, const pb_diag *diag);

guint pb_diags_count(const pb_diags *d, pb_severity sev); /* counts effective severities */
gboolean pb_diags_has_errors(const pb_diags *d);

/* Sorts by file, line, column, then insertion order. */
void pb_diags_sort(pb_diags *d);
/* After sorting: drops a diagnostic identical to the one before it (the same text checked for
 * every board that shows it is one finding, not one per board). */
void pb_diags_unique(pb_diags *d);

/* One line in the compilers' format: "file:line:col: warning: message [rule]".  Caller frees. */
char *pb_diag_format(const pb_diags *d, const pb_diag *diag);

/* `text` with control characters (and the Unicode line separators) written as \xNN or
 * \uNNNN, so that it stays on one line and sends no escape to a terminal.  Caller frees. */
char *pb_diag_escape(const char *text);

/* Writes every diagnostic, one a line, to `out`: of one rule at one severity in one file (or,
 * for findings about whole files, one folder) the first 20, and after the last of them one
 * line that counts the rest ("FILE: warning: 99979 more like the above not shown (the first 20
 * are); --json lists them all [rule]"), in whatever order the list is.  An error is never
 * hidden behind warnings of its rule. */
void pb_diags_print(const pb_diags *d, FILE *out);

/* The same, each diagnostic followed by the line of the file it points at and a caret under
 * its column, as gcc and jq show them at a terminal:
 *
 *     m.yaml:64:45: warning: blessing of a counselor has 27 characters ... [blessing.length]
 *        64 |       - {role: counselor, name: 罗婷, text: 前路漫漫，愿你们步步生花。...}
 *           |                                            ^
 *
 * Columns are characters; the caret sits under the character at the terminal column the
 * characters before it take (a CJK character takes two, a tab runs to the next multiple of
 * 8).  A file that cannot be read, or a diagnostic without a line, gets the one line alone. */
void pb_diags_print_source(const pb_diags *d, FILE *out);

const char *pb_severity_name(pb_severity sev);

/* A location in `file` with the given 1-based line and column. */
pb_loc pb_loc_make(const char *file, guint line, guint col);

#endif
