/* main.c — the command table: `paiban NAME ...` -> pb_cmd_NAME().  Nothing else lives here. */
#include "cmd/commands.h"

#include <glib.h>
#include <locale.h>
#include <malloc.h>
#include <stdio.h>
#include <string.h>

static const struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *usage;
	const char *summary;
} commands[] = {
    {"build", pb_cmd_build, "build MANIFEST [-o OUTDIR] [--format pdf,svg,png]",
     "typeset every output as print-ready files"},
    {"check", pb_cmd_check, "check MANIFEST [--strict] [--json]",
     "everything build would report, writes nothing"},
    {"proof", pb_cmd_proof, "proof MANIFEST [-o OUTDIR]",
     "PNG proofs of every page and an index.html contact sheet"},
    {"watch", pb_cmd_watch, "watch MANIFEST [-o OUTDIR]",
     "rebuild what each save touched and refresh the proofs"},
    {"init", pb_cmd_init, "init FOLDER", "a first manifest from the colleges' submission folders"},
    {"fonts", pb_cmd_fonts, "fonts [MANIFEST]", "which font each role resolves to"},
};

static void
usage(FILE *out)
{
	fprintf(out, "usage: paiban COMMAND [OPTIONS]\n\n"
		     "paiban typesets graduation-season boards, honor pages and inserts from one "
		     "manifest.\n\ncommands:\n");
	for (gsize i = 0; i < G_N_ELEMENTS(commands); i++)
		fprintf(out, "  paiban %s\n        %s\n", commands[i].usage, commands[i].summary);
	fprintf(out, "\n  paiban COMMAND --help      options of one command\n"
		     "  paiban --version\n\nexit status: 0 done, 1 errors in the manifest or its "
		     "material, 2 usage error, 3 environment or I/O failure\n");
}

int
main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
	/* Photos are read into buffers of megabytes, one after another: served from the heap and
	 * reused, they cost no fresh pages (page faults and zeroing were a tenth of a board's
	 * build when each came from its own mmap). */
	mallopt(M_MMAP_THRESHOLD, 64 << 20);
	mallopt(M_TRIM_THRESHOLD, 128 << 20);
	if (argc < 2) {
		usage(stderr);
		return PB_EXIT_USAGE;
	}
	const char *name = argv[1];
	if (!strcmp(name, "--help") || !strcmp(name, "-h") || !strcmp(name, "help")) {
		usage(stdout);
		return PB_EXIT_OK;
	}
	if (!strcmp(name, "--version")) {
		printf("paiban %s\n", PB_VERSION);
		return PB_EXIT_OK;
	}
	for (gsize i = 0; i < G_N_ELEMENTS(commands); i++)
		if (!strcmp(name, commands[i].name)) {
			/* "Usage: paiban build [OPTION…] MANIFEST" in the command's --help */
			g_autofree char *prgname = g_strdup_printf("paiban %s", name);
			g_set_prgname(prgname);
			return commands[i].run(argc - 1, argv + 1);
		}
	fprintf(stderr, "paiban: unknown command '%s'\n", name);
	usage(stderr);
	return PB_EXIT_USAGE;
}
