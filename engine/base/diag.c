/* diag.c — the diagnostic list: record, sort, count, and print in the compilers' format.
 *
 * It does not decide severities (rules.c does) and does not print JSON (report.c does); it
 * only keeps what was found, in the order a reader wants it: by file, line and column.  At a
 * terminal (the commands decide when) each diagnostic can be followed by its source line and
 * a caret under the column, as gcc and jq show them.
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

/* ---- the same finding many times over --------------------------------------------------- */

/* A roster of 100,000 rows that repeats itself is 99,999 warnings of one rule, which no one
 * reads past the first screen.  The first PB_DIAGS_SHOWN of a rule at one severity in a file
 * are printed, the rest counted and said in one line after the last of them (--json still
 * lists every one). */
#define PB_DIAGS_SHOWN 20

/* One rule at one severity in one group: the file, or for findings about whole files (no line:
 * `paiban init`'s 3,000 .doc files of one folder) its folder. */
typedef struct said_count {
	char *group;
	const char *rule; /* borrowed from a diagnostic of the three */
	pb_severity severity;
	guint seen, total; /* seen so far while printing; in the whole list */
	guint last;        /* index of its last diagnostic: its count line comes after it */
} said_count;

static void
said_count_free(gpointer p)
{
	said_count *c = p;
	g_free(c->group);
	g_free(c);
}

/* The counts of a list, made in a first pass, and each diagnostic's count, so that any order
 * (init's list is not sorted) gets at most one count line a rule, after its last diagnostic. */
typedef struct said {
	GHashTable *counts; /* "group\x1frule\x1fseverity" -> said_count* */
	GPtrArray *of;      /* of said_count* or NULL (no rule), one per diagnostic */
} said;

static void
said_init(said *s, const pb_diags *d)
{
	s->counts = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, said_count_free);
	s->of = g_ptr_array_sized_new(d->items->len);
	for (guint i = 0; i < d->items->len; i++) {
		const pb_diag *diag = d->items->pdata[i];
		said_count *c = NULL;
		if (diag->rule && *diag->rule) {
			const char *file = diag->loc.file ? diag->loc.file : "";
			g_autofree char *group =
			    diag->loc.line || !*file ? g_strdup(file) : g_path_get_dirname(file);
			pb_severity sev = pb_diag_effective(d, diag);
			g_autofree char *key =
			    g_strdup_printf("%s\x1f%s\x1f%d", group, diag->rule, (int)sev);
			c = g_hash_table_lookup(s->counts, key);
			if (!c) {
				c = g_new0(said_count, 1);
				c->group = g_steal_pointer(&group), c->rule = diag->rule;
				c->severity = sev;
				g_hash_table_insert(s->counts, g_steal_pointer(&key), c);
			}
			c->total++;
			c->last = i;
		}
		g_ptr_array_add(s->of, c);
	}
}

static void
said_clear(said *s)
{
	g_hash_table_unref(s->counts);
	g_ptr_array_unref(s->of);
}

/* TRUE when diagnostic `i` is printed: one of the first PB_DIAGS_SHOWN of its count. */
static gboolean
said_shows(said *s, guint i)
{
	said_count *c = s->of->pdata[i];
	return !c || ++c->seen <= PB_DIAGS_SHOWN;
}

/* After diagnostic `i`: its count's line, when `i` is that count's last and some were not
 * printed. */
static void
said_count_line(said *s, guint i, FILE *out)
{
	const said_count *c = s->of->pdata[i];
	if (!c || c->last != i || c->total <= PB_DIAGS_SHOWN)
		return;
	g_autofree char *line = g_strdup_printf(
	    "%s: %s: %u more like the above not shown (the first %u are); --json lists them "
	    "all [%s]",
	    c->group, pb_severity_name(c->severity), c->total - PB_DIAGS_SHOWN, PB_DIAGS_SHOWN,
	    c->rule);
	g_autofree char *safe = pb_diag_escape(line);
	fprintf(out, "%s\n", safe);
}

void
pb_diags_print(const pb_diags *d, FILE *out)
{
	said s;
	said_init(&s, d);
	for (guint i = 0; i < d->items->len; i++) {
		if (said_shows(&s, i)) {
			g_autofree char *line = pb_diag_format(d, d->items->pdata[i]);
			fprintf(out, "%s\n", line);
		}
		said_count_line(&s, i, out);
	}
	said_clear(&s);
}

/* ---- the source line and a caret, at a terminal ------------------------------------------ */

/* Lines wider than this many terminal columns are shown as a window around the caret. */
#define PB_CARET_WIDE 150
#define PB_CARET_BEFORE 60 /* columns kept before the caret in such a window */
#define PB_CARET_AFTER 70  /* and after it */

/* One character of a source line as a terminal shows it. */
typedef struct shown_char {
	char text[16]; /* what is printed: the character, spaces for a tab, or an escape */
	guint width;   /* terminal columns: 2 for wide (CJK) characters, 0 for combining marks */
} shown_char;

/* The line's characters as shown, tabs expanded to the next multiple of 8 columns and
 * control characters escaped as the one-line form escapes them. */
static GArray *
shown_chars(const char *line)
{
	GArray *chars = g_array_new(FALSE, TRUE, sizeof(shown_char));
	guint column = 0;
	const char *end = line + strlen(line);
	for (const char *p = line; p < end;) {
		shown_char sc = {{0}, 0};
		gunichar c = g_utf8_get_char_validated(p, end - p);
		const char *next =
		    c == (gunichar)-1 || c == (gunichar)-2 ? p + 1 : g_utf8_next_char(p);
		if (c == '\t') {
			sc.width = 8 - column % 8;
			memset(sc.text, ' ', sc.width);
		} else if (c == (gunichar)-1 || c == (gunichar)-2 || c < 0x20 || c == 0x7f) {
			g_snprintf(sc.text, sizeof sc.text, "\\x%02x", (unsigned char)*p);
			sc.width = 4;
		} else if (c == 0x85 || c == 0x2028 || c == 0x2029) {
			g_snprintf(sc.text, sizeof sc.text, "\\u%04x", c);
			sc.width = 6;
		} else {
			memcpy(sc.text, p, next - p);
			sc.width = g_unichar_iszerowidth(c) ? 0 : g_unichar_iswide(c) ? 2 : 1;
		}
		column += sc.width;
		g_array_append_val(chars, sc);
		p = next;
	}
	return chars;
}

/* "   64 |       - {role: counselor, ...}" and "      |                      ^" under
 * character `col` (1-based; 0 for none), at the terminal column the characters before it
 * take. */
static void
print_source(FILE *out, guint line_no, const char *line, guint col)
{
	g_autoptr(GArray) chars = shown_chars(line);
	if (col > chars->len + 1)
		col = 0; /* a column past the end of the line: the line alone */
	guint total = 0, caret = 0;
	for (guint i = 0; i < chars->len; i++) {
		guint w = g_array_index(chars, shown_char, i).width;
		if (i + 1 < col)
			caret += w;
		total += w;
	}
	/* A long line (a testimonial of 3000 characters) is shown as a window around the caret,
	 * each cut end marked with an ellipsis (one column). */
	guint from = 0, to = total;
	if (total > PB_CARET_WIDE) {
		from = caret > PB_CARET_BEFORE ? caret - PB_CARET_BEFORE : 0;
		to = MIN(total, caret + PB_CARET_AFTER);
	}
	g_autoptr(GString) text = g_string_new(from ? "…" : "");
	guint at = 0, first = G_MAXUINT; /* columns: of each character, of the first shown */
	for (guint i = 0; i < chars->len; i++) {
		const shown_char *sc = &g_array_index(chars, shown_char, i);
		if (at >= from && at + sc->width <= to) {
			g_string_append(text, sc->text);
			first = MIN(first, at);
		}
		at += sc->width;
	}
	if (to < total)
		g_string_append(text, "…");
	fprintf(out, "%5u | %s\n", line_no, text->str);
	if (!col)
		return;
	guint indent = (from ? 1 : 0) + (first == G_MAXUINT ? 0 : caret - MIN(caret, first));
	fprintf(out, "      | %*s^\n", (int)indent, "");
}

/* The lines of each file a diagnostic names, read once per print. */
static const char *
source_line(GHashTable *files, const char *file, guint line)
{
	if (!g_hash_table_contains(files, file)) {
		g_autofree char *data = NULL;
		char **lines = NULL;
		/* A BOM is no character of line 1: libyaml's columns do not count it. */
		if (g_file_get_contents(file, &data, NULL, NULL))
			lines = g_strsplit(g_str_has_prefix(data, "\xEF\xBB\xBF") ? data + 3 : data,
					   "\n", -1);
		g_hash_table_insert(files, (gpointer)file, lines);
	}
	char **lines = g_hash_table_lookup(files, file);
	if (!lines || line == 0 || line > g_strv_length(lines))
		return NULL;
	return lines[line - 1];
}

/* One diagnostic, and its source line with a caret when it has one that can be read. */
static void
print_with_source(const pb_diags *d, const pb_diag *diag, GHashTable *files, FILE *out)
{
	g_autofree char *one = pb_diag_format(d, diag);
	fprintf(out, "%s\n", one);
	const char *line = diag->loc.line && diag->loc.file && *diag->loc.file
			       ? source_line(files, diag->loc.file, diag->loc.line)
			       : NULL;
	if (!line)
		return;
	g_autofree char *bare = g_strdup(line);
	g_strchomp(bare); /* a CRLF file's \r, and trailing blanks */
	print_source(out, diag->loc.line, bare, diag->loc.col);
}

void
pb_diags_print_source(const pb_diags *d, FILE *out)
{
	g_autoptr(GHashTable) files =
	    g_hash_table_new_full(g_str_hash, g_str_equal, NULL, (GDestroyNotify)g_strfreev);
	said s;
	said_init(&s, d);
	for (guint i = 0; i < d->items->len; i++) {
		const pb_diag *diag = d->items->pdata[i];
		if (said_shows(&s, i))
			print_with_source(d, diag, files, out);
		said_count_line(&s, i, out);
	}
	said_clear(&s);
}
