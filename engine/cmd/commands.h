/* commands.h — the subcommands.  Each parses its own options, calls the engine, prints, and
 * returns the exit status; they are the only code that prints to the user or decides a status.
 */
#ifndef PB_COMMANDS_H
#define PB_COMMANDS_H

#include "base/diag.h"

#include <glib.h>
#include <stdio.h>

/* Exit statuses (DESIGN.md). */
enum {
	PB_EXIT_OK = 0,     /* done; warnings allowed unless --strict */
	PB_EXIT_ERRORS = 1, /* the manifest or its material has errors */
	PB_EXIT_USAGE = 2,  /* bad command line */
	PB_EXIT_ENV = 3,    /* environment or I/O failure */
};

/* "usage: paiban COMMAND ARGS [-o OUTDIR] [--strict] ...", generated from the command's option
 * table (usage.c), so that it cannot drift from the options it parses.  Caller frees. */
char *pb_cmd_usage(const char *command, const char *args, const GOptionEntry *entries);

/* Prints "paiban COMMAND: MESSAGE" and the usage line to stderr; returns PB_EXIT_USAGE. */
int pb_cmd_usage_error(const char *command, const char *args, const GOptionEntry *entries,
		       const char *message);

/* Parses the options of a command that takes one MANIFEST: 0 when argv[1] is it, else
 * PB_EXIT_USAGE after saying what was wrong (the option's error, no manifest, or two). */
int pb_cmd_parse_manifest(GOptionContext *ctx, int *argc, char ***argv, const char *command,
			  const GOptionEntry *entries);

/* The exit status of a build that returned `ok` (and `err`) with `diags`: 2 for --only naming
 * nothing, 3 for the environment, 1 for errors in the material, else 0. */
int pb_cmd_build_status(gboolean ok, const GError *err, const pb_diags *diags);

/* The option every command that prints diagnostics takes: the one-line form at a terminal too
 * (gcc's -fno-diagnostics-show-caret). */
#define PB_CMD_NO_CARET_OPTION(flag)                                                               \
	{                                                                                          \
		"no-caret", 0, 0, G_OPTION_ARG_NONE, &(flag),                                      \
		    "diagnostics on one line each, without the source line and caret shown at a "  \
		    "terminal",                                                                    \
		    NULL                                                                           \
	}

/* Prints `diags` on stderr: with the source line and a caret under the column when stderr is
 * a terminal and not `no_caret`, else one line each (print.c). */
void pb_cmd_print_diags(const pb_diags *diags, gboolean no_caret);

/* -j N, the same in every command that takes it: N from 1 to 256, or 0 (as when -j is left out)
 * for one series per processor, as xz -T0 and zstd -T0 read it.  FALSE after printing the one
 * message that states the rule, with the usage line. */
/* The noun for `n` things: "1 college", "0 colleges", "3 colleges", for the summaries the
 * commands print.  Every noun they use takes a plain -s; `word` must be a string literal. */
#define PB_CMD_NOUN(n, word) ((n) == 1 ? word : word "s")

#define PB_CMD_JOBS_HELP "build N series at once, 1 to 256 (default, and 0: one per processor)"
gboolean pb_cmd_jobs_ok(const char *command, const char *args, const GOptionEntry *entries,
			gint jobs);

int pb_cmd_build(int argc, char **argv);
int pb_cmd_check(int argc, char **argv);
int pb_cmd_fonts(int argc, char **argv);
int pb_cmd_watch(int argc, char **argv);
int pb_cmd_proof(int argc, char **argv);
int pb_cmd_init(int argc, char **argv);

#endif
