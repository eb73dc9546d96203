/* usage.c — a command's one-line usage, made from its GOptionEntry table.
 *
 * The line printed after an option error ("usage: paiban build MANIFEST [-o OUTDIR] ...") is
 * generated from the very table GLib parses, so an option added to a command is in its usage
 * line the moment it exists, and none can be forgotten there.  Options are written as
 * DESIGN.md writes them: an option with a value and a one-letter name by its letter
 * (`-o OUTDIR`, `-j N`), every other by its long name (`--only OUTPUT[/SERIES]`, `--quiet`).
 * Hidden entries are left out, as in --help.
 */
#include "commands.h"

char *
pb_cmd_usage(const char *command, const char *args, const GOptionEntry *entries)
{
	GString *s = g_string_new("usage: paiban ");
	g_string_append(s, command);
	if (args && *args)
		g_string_append_printf(s, " %s", args);
	for (const GOptionEntry *e = entries; e && e->long_name; e++) {
		if (e->flags & G_OPTION_FLAG_HIDDEN)
			continue;
		gboolean takes_value = e->arg != G_OPTION_ARG_NONE;
		const char *value = e->arg_description ? e->arg_description : "VALUE";
		if (takes_value && e->short_name)
			g_string_append_printf(s, " [-%c %s]", e->short_name, value);
		else if (takes_value)
			g_string_append_printf(s, " [--%s %s]", e->long_name, value);
		else
			g_string_append_printf(s, " [--%s]", e->long_name);
	}
	return g_string_free(s, FALSE);
}

gboolean
pb_cmd_jobs_ok(const char *command, const char *args, const GOptionEntry *entries, gint jobs)
{
	if (jobs >= 0 && jobs <= 256)
		return TRUE;
	g_autofree char *what = g_strdup_printf(
	    "-j %d: the series built at once must be from 1 to 256, or 0 for one per processor",
	    jobs);
	pb_cmd_usage_error(command, args, entries, what);
	return FALSE;
}

int
pb_cmd_usage_error(const char *command, const char *args, const GOptionEntry *entries,
		   const char *message)
{
	g_autofree char *usage = pb_cmd_usage(command, args, entries);
	fprintf(stderr, "paiban %s: %s\n%s\n", command, message, usage);
	return PB_EXIT_USAGE;
}

int
pb_cmd_parse_manifest(GOptionContext *ctx, int *argc, char ***argv, const char *command,
		      const GOptionEntry *entries)
{
	g_autoptr(GError) err = NULL;
	if (g_option_context_parse(ctx, argc, argv, &err) && *argc == 2)
		return 0;
	return pb_cmd_usage_error(command, "MANIFEST", entries,
				  err         ? err->message
				  : *argc < 2 ? "no manifest given"
					      : "more than one manifest");
}

int
pb_cmd_build_status(gboolean ok, const GError *err, const pb_diags *diags)
{
	return !ok && err->domain == G_OPTION_ERROR ? PB_EXIT_USAGE
	       : !ok                                ? PB_EXIT_ENV
	       : pb_diags_has_errors(diags)         ? PB_EXIT_ERRORS
						    : PB_EXIT_OK;
}
