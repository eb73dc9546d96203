/* diag.c — the diagnostic list: record, sort, count, and print in the compilers' format.
 *
 * It does not decide severities (rules.c does) and does not print JSON (report.c does); it
 * only keeps what was found, in the order a reader wants it: by file, line and column.
 */
#include "diag.h"

#include <stdio.h>
#include <string.h>

pb_loc
pb_loc_make(const char *file, guint line, guint col)
{
	pb_loc loc = {g_intern_string(file ? file : ""), line, col};
	return loc;
}

static void
diag_free(gpointer p)
{
	pb_diag *d = p;
	if (!d)
		return;
	g_free(d->message);
	g_free(d->rule);
	g_free(d);
}

pb_diags *
pb_diags_new(void)
{
	pb_diags *d = g_new0(pb_diags, 1);
	d->items = g_ptr_array_new_with_free_func(diag_free);
	return d;
}

void
pb_diags_free(pb_diags *d)
{
	if (!d)
		return;
	g_ptr_array_unref(d->items);
	g_free(d);
}

void
pb_diag_add(pb_diags *d, pb_loc loc, pb_severity sev, const char *rule, const char *fmt, ...)
{
	if (sev == PB_SEV_OFF)
		return;
	pb_diag *diag = g_new0(pb_diag, 1);
	va_list ap;
	va_start(ap, fmt);
	diag->message = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	diag->loc = loc;
	diag->severity = sev;
	diag->rule = g_strdup(rule);
	diag->seq = d->items->len;
	g_ptr_array_add(d->items, diag);
}

pb_severity
pb_diag_effective(const pb_diags *d, const pb_diag *diag)
{
	if (d->strict && diag->severity == PB_SEV_WARNING)
		return PB_SEV_ERROR;
	return diag->severity;
}

guint
pb_diags_count(const pb_diags *d, pb_severity sev)
{
	guint n = 0;
	for (guint i = 0; i < d->items->len; i++)
		if (pb_diag_effective(d, d->items->pdata[i]) == sev)
			n++;
	return n;
}

gboolean
pb_diags_has_errors(const pb_diags *d)
{
	return pb_diags_count(d, PB_SEV_ERROR) > 0;
}

static gint
diag_compare(gconstpointer a, gconstpointer b)
{
	const pb_diag *x = *(pb_diag *const *)a, *y = *(pb_diag *const *)b;
	int c = g_strcmp0(x->loc.file, y->loc.file);
	if (c)
		return c;
	if (x->loc.line != y->loc.line)
		return x->loc.line < y->loc.line ? -1 : 1;
	if (x->loc.col != y->loc.col)
		return x->loc.col < y->loc.col ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void
pb_diags_sort(pb_diags *d)
{
	g_ptr_array_sort(d->items, diag_compare);
}

void
pb_diags_unique(pb_diags *d)
{
	guint kept = 0;
	for (guint i = 0; i < d->items->len; i++) {
		pb_diag *x = d->items->pdata[i];
		pb_diag *prev = kept ? d->items->pdata[kept - 1] : NULL;
		if (prev && prev->loc.file == x->loc.file && prev->loc.line == x->loc.line &&
		    prev->loc.col == x->loc.col && prev->severity == x->severity &&
		    !g_strcmp0(prev->rule, x->rule) && !g_strcmp0(prev->message, x->message)) {
			g_free(x->message);
			g_free(x->rule);
			g_free(x);
			continue;
		}
		d->items->pdata[kept++] = x;
	}
	/* the tail's pointers were moved or freed above: NULL them, which diag_free skips */
	for (guint i = kept; i < d->items->len; i++)
		d->items->pdata[i] = NULL;
	g_ptr_array_set_size(d->items, kept);
}

const char *
pb_severity_name(pb_severity sev)
{
	switch (sev) {
	case PB_SEV_ERROR:
		return "error";
	case PB_SEV_WARNING:
		return "warning";
	case PB_SEV_NOTE:
		return "note";
	case PB_SEV_OFF:
		break;
	}
	return "off";
}

char *
pb_diag_escape(const char *text)
{
	GString *s = g_string_sized_new(strlen(text));
	const char *p = text, *end = text + strlen(text);
	while (p < end) {
		gunichar c = g_utf8_get_char_validated(p, end - p);
		if (c == (gunichar)-1 || c == (gunichar)-2) {
			/* not UTF-8 (a file name from the disk may be anything): byte by byte */
			g_string_append_printf(s, "\\x%02x", (unsigned char)*p++);
			continue;
		}
		const char *next = g_utf8_next_char(p);
		if (c < 0x20 || c == 0x7f)
			g_string_append_printf(s, "\\x%02x", c);
		else if (c == 0x85 || c == 0x2028 || c == 0x2029)
			g_string_append_printf(s, "\\u%04x", c);
		else
			g_string_append_len(s, p, next - p);
		p = next;
	}
	return g_string_free(s, FALSE);
}

char *
pb_diag_format(const pb_diags *d, const pb_diag *diag)
{
	GString *s = g_string_new(diag->loc.file);
	if (diag->loc.line) {
		g_string_append_printf(s, ":%u", diag->loc.line);
		if (diag->loc.col)
			g_string_append_printf(s, ":%u", diag->loc.col);
	}
	g_string_append_printf(s, ": %s: %s", pb_severity_name(pb_diag_effective(d, diag)),
			       diag->message);
	if (diag->rule && *diag->rule)
		g_string_append_printf(s, " [%s]", diag->rule);
	/* One diagnostic, one line: a file name or a text quoted from the manifest may hold a
	 * newline or a terminal escape, which must not reach the terminal as such. */
	g_autofree char *line = g_string_free(s, FALSE);
	return pb_diag_escape(line);
}

void
pb_diags_print(const pb_diags *d, FILE *out)
{
	for (guint i = 0; i < d->items->len; i++) {
		g_autofree char *line = pb_diag_format(d, d->items->pdata[i]);
		fprintf(out, "%s\n", line);
	}
}
