/* commands.h — the subcommands.  Each parses its own options, calls the engine, prints, and
 * returns the exit status; they are the only code that prints to the user or decides a status.
 */
#ifndef PB_COMMANDS_H
#define PB_COMMANDS_H

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

int pb_cmd_build(int argc, char **argv);
int pb_cmd_check(int argc, char **argv);
int pb_cmd_fonts(int argc, char **argv);

#endif
