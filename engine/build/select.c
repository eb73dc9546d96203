/* select.c — --only selectors; see select.h. */
#include "select.h"
#include "compose/composer.h"

#include <string.h>

gboolean
pb_select_name_of_series(const char *name, const char *id)
{
	gsize n = strlen(id);
	return !strncmp(name, id, n) && (name[n] == 0 || name[n] == '-');
}

gboolean
pb_select_series(char **only, const char *output, const char *series, GPtrArray *files)
{
	if (!only)
		return TRUE;
	gboolean some = FALSE;
	gsize olen = strlen(output);
	for (char **e = only; *e; e++) {
		if (!strcmp(*e, output))
			return TRUE;
		if (strncmp(*e, output, olen) || (*e)[olen] != '/')
			continue;
		const char *rest = *e + olen + 1;
		if (!strcmp(rest, series))
			return TRUE;
		if (pb_select_name_of_series(rest, series)) {
			g_ptr_array_add(files, g_strdup(rest));
			some = TRUE;
		}
	}
	return some;
}

char *
pb_select_example(const pb_manifest *m)
{
	for (guint i = 0; i < m->outputs->len; i++) {
		const pb_output *o = m->outputs->pdata[i];
		char *first = NULL;
		for (const pb_composer *k = pb_composers; k->compose; k++) {
			if (k->kind != o->kind)
				continue;
			g_autoptr(GArray) series = g_array_new(FALSE, FALSE, sizeof(pb_series));
			k->series(m, o, series);
			for (guint s = 0; s < series->len; s++) {
				const pb_series *se = &g_array_index(series, pb_series, s);
				if (se->college) {
					g_free(first);
					return g_strdup_printf("%s/%s", o->id.s, se->id);
				}
				if (!first)
					first = g_strdup_printf("%s/%s", o->id.s, se->id);
			}
		}
		if (first)
			return first;
	}
	return g_strdup("OUTPUT");
}

gboolean
pb_select_error(const char *selector, const char *example, GError **error)
{
	g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
		    "--only '%s' names no output of the manifest (OUTPUT, OUTPUT/SERIES or "
		    "OUTPUT/FILE, e.g. %s)",
		    selector, example);
	return FALSE;
}
