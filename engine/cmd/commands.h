/* commands.h — the subcommands.  Each parses its own options, calls the engine, prints, and
 * returns the exit status; they are the only code that prints to the user or decides a status.
 */
#ifndef PB_COMMANDS_H
#define PB_COMMANDS_H

/* Exit statuses (DESIGN.md). */
enum {
	PB_EXIT_OK = 0,     /* done; warnings allowed unless --strict */
	PB_EXIT_ERRORS = 1, /* the manifest or its material has errors */
	PB_EXIT_USAGE = 2,  /* bad command line */
	PB_EXIT_ENV = 3,    /* environment or I/O failure */
};

int pb_cmd_build(int argc, char **argv);
int pb_cmd_check(int argc, char **argv);
int pb_cmd_fonts(int argc, char **argv);
int pb_cmd_watch(int argc, char **argv);
int pb_cmd_proof(int argc, char **argv);
int pb_cmd_init(int argc, char **argv);

#endif
