/* manifest-writer.c — a draft as manifest text; see manifest-writer.h.
 *
 * Scalars are written plain when YAML cannot read them as anything else (no indicator at the
 * start, no ':' or '#', none of true/no/null, nothing that reads as a number or a date), and
 * double-quoted, with escapes, otherwise: a caption "再见，508宿舍" stays plain, a class "1901"
 * or a title "No: 1" is quoted.  Stories are literal blocks (|), line for line, unless a line
 * would change meaning there (leading spaces, control characters), when they are quoted too.
 * The loader keeps numbers as written, so quoting never changes a value; it only keeps other
 * YAML readers (the language server, ajv) reading text as text.
 */
#include "manifest-writer.h"

#include <string.h>

typedef struct out {
	GString *s;
	guint found, todo;
} out;

static gboolean
odd_char(gunichar c)
{
	return c < 0x20 || c == 0x7f || c == 0x85 || c == 0x2028 || c == 0x2029 || c == 0xfeff;
}

static gboolean
plain_ok(const char *s, gboolean flow)
{
	static const char *const words[] = {"true", "false", "yes",  "no", "on", "off",
					    "y",    "n",     "null", "~",  NULL};
	if (!*s || strchr("-?:,[]{}#&*!|>'\"%@` \t", s[0]))
		return FALSE;
	g_autofree char *lower = g_ascii_strdown(s, -1);
	if (g_strv_contains(words, lower))
		return FALSE;
	/* numbers, dates, times: all digits and the signs they are written with */
	if (strspn(s, "0123456789abcdefABCDEFxXoO._+-:") == strlen(s))
		return FALSE;
	if (g_ascii_isspace(s[strlen(s) - 1]))
		return FALSE;
	for (const char *p = s; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (odd_char(c) || c == ':' || c == '#' || c == 0x3000)
			return FALSE;
		if (flow && strchr(",[]{}", *p) && c < 0x80)
			return FALSE;
	}
	return TRUE;
}

static void
quoted(GString *s, const char *text)
{
	g_string_append_c(s, '"');
	for (const char *p = text; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		switch (c) {
		case '"':
			g_string_append(s, "\\\"");
			break;
		case '\\':
			g_string_append(s, "\\\\");
			break;
		case '\n':
			g_string_append(s, "\\n");
			break;
		case '\t':
			g_string_append(s, "\\t");
			break;
		default:
			if (c < 0x20 || c == 0x7f)
				g_string_append_printf(s, "\\x%02x", c);
			else if (odd_char(c))
				g_string_append_printf(s, "\\u%04x", c);
			else
				g_string_append_unichar(s, c);
		}
	}
	g_string_append_c(s, '"');
}

static void
scalar(GString *s, const char *text, gboolean flow)
{
	if (plain_ok(text, flow))
		g_string_append(s, text);
	else
		quoted(s, text);
}

/* A story as a literal block, when every line can stand in one. */
static gboolean
literal_ok(const char *text)
{
	if (!*text)
		return FALSE;
	gboolean line_start = TRUE;
	for (const char *p = text; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (c == '\n') {
			line_start = TRUE;
			continue;
		}
		if (odd_char(c) || (line_start && (c == ' ' || c == '\t')))
			return FALSE;
		line_start = FALSE;
	}
	return TRUE;
}

static void
indent(out *o, int n)
{
	for (int i = 0; i < n; i++)
		g_string_append_c(o->s, ' ');
}

/* "  # TODO: what" (the comment's text on one line). */
static void
todo_comment(out *o, const char *todo)
{
	g_autofree char *line = g_strdelimit(g_strdup(todo), "\n", ' ');
	g_string_append_printf(o->s, "  # TODO: %s", line);
}

static gboolean
needs_todo(const pb_draft_value *v)
{
	return v->how != PB_DRAFT_FOUND || !v->text;
}

/* `key: value` at `col` (after "- " when `dash`), with its TODO; a missing optional value
 * becomes a commented-out key.  Counts the value. */
static void
key_value(out *o, int col, gboolean dash, const char *key, const pb_draft_value *v,
	  gboolean required)
{
	indent(o, dash ? col - 2 : col);
	if (dash)
		g_string_append(o->s, "- ");
	if (!v->text && !required) {
		g_string_append_printf(o->s, "# %s:", key);
	} else {
		g_string_append_printf(o->s, "%s: ", key);
		scalar(o->s, v->text ? v->text : "", FALSE);
	}
	if (needs_todo(v)) {
		todo_comment(o, v->todo ? v->todo : "not found");
		o->todo++;
	} else {
		o->found++;
	}
	g_string_append_c(o->s, '\n');
}

/* A list of paths in flow style, each counted as found. */
static void
path_list(out *o, const GPtrArray *paths)
{
	g_string_append_c(o->s, '[');
	for (guint i = 0; i < paths->len; i++) {
		if (i)
			g_string_append(o->s, ", ");
		scalar(o->s, paths->pdata[i], TRUE);
		o->found++;
	}
	g_string_append_c(o->s, ']');
}

/* ---- items ------------------------------------------------------------------------------- */

typedef struct field {
	const char *key;
	const pb_draft_value *v;
	gboolean required;
} field;

/* One list item: a flow mapping on one line when every value was found, else key by key. */
static void
item(out *o, int col, const field *fields, gsize n)
{
	gboolean sure = TRUE;
	for (gsize i = 0; i < n; i++)
		sure &= !needs_todo(fields[i].v) ||
			(!fields[i].v->text && !fields[i].required && !fields[i].v->todo);
	if (sure) {
		indent(o, col - 2);
		g_string_append(o->s, "- {");
		gboolean first = TRUE;
		for (gsize i = 0; i < n; i++) {
			if (!fields[i].v->text)
				continue;
			g_string_append_printf(o->s, "%s%s: ", first ? "" : ", ", fields[i].key);
			scalar(o->s, fields[i].v->text, TRUE);
			o->found++;
			first = FALSE;
		}
		g_string_append(o->s, "}\n");
		return;
	}
	for (gsize i = 0; i < n; i++)
		key_value(o, col, i == 0, fields[i].key, fields[i].v, fields[i].required);
}

static void
photo(out *o, const pb_draft_photo *p)
{
	const int col = 8;
	if (p->files->len == 1 && !p->files_note.todo) {
		pb_draft_value file = {p->files->pdata[0], PB_DRAFT_FOUND, NULL};
		field f[] = {
		    {"file", &file, TRUE}, {"title", &p->title, TRUE}, {"class", &p->class_, TRUE}};
		item(o, col, f, G_N_ELEMENTS(f));
		return;
	}
	gboolean sure = !needs_todo(&p->title) && !needs_todo(&p->class_) && !p->files_note.todo;
	indent(o, col - 2);
	if (sure) {
		g_string_append(o->s, "- {files: ");
		path_list(o, p->files);
		g_string_append(o->s, ", title: ");
		scalar(o->s, p->title.text, TRUE);
		g_string_append(o->s, ", class: ");
		scalar(o->s, p->class_.text, TRUE);
		g_string_append(o->s, "}\n");
		o->found += 2;
		return;
	}
	g_string_append(o->s, p->files->len == 1 ? "- file: " : "- files: ");
	if (p->files->len == 1) {
		scalar(o->s, p->files->pdata[0], FALSE);
		o->found++;
	} else {
		path_list(o, p->files);
	}
	if (p->files_note.todo) {
		todo_comment(o, p->files_note.todo);
		o->todo++;
	}
	g_string_append_c(o->s, '\n');
	key_value(o, col, FALSE, "title", &p->title, TRUE);
	key_value(o, col, FALSE, "class", &p->class_, TRUE);
}

static void
star(out *o, const pb_draft_star *s)
{
	g_string_append(o->s, "    star:\n");
	key_value(o, 6, FALSE, "name", &s->name, TRUE);
	key_value(o, 6, FALSE, "class", &s->class_, TRUE);
	if (s->story.text && !needs_todo(&s->story) && literal_ok(s->story.text)) {
		g_string_append(o->s, "      story: |\n");
		g_auto(GStrv) lines = g_strsplit(s->story.text, "\n", -1);
		for (char **l = lines; *l; l++)
			g_string_append_printf(o->s, "%s%s\n", **l ? "        " : "", *l);
		o->found++;
	} else {
		key_value(o, 6, FALSE, "story", &s->story, TRUE);
	}
	g_string_append(o->s, "      photos: ");
	path_list(o, s->photos);
	if (s->photos_note.todo) {
		todo_comment(o, s->photos_note.todo);
		o->todo++;
	}
	g_string_append_c(o->s, '\n');
}

static void
unused(out *o, int col, const GPtrArray *list)
{
	for (guint i = 0; i < list->len; i++) {
		g_autofree char *line = g_strdelimit(g_strdup(list->pdata[i]), "\n", ' ');
		indent(o, col);
		g_string_append_printf(o->s, "# not used: %s\n", line);
	}
}

static void
college(out *o, const pb_draft_college *c)
{
	g_string_append(o->s, "  # ----------------------------------------------------------"
			      "-----------------------------\n");
	key_value(o, 4, TRUE, "id", &c->id, TRUE);
	key_value(o, 4, FALSE, "name", &c->name, TRUE);
	pb_draft_value folder = {c->folder, PB_DRAFT_FOUND, NULL};
	key_value(o, 4, FALSE, "folder", &folder, TRUE);
	if (c->photos->len) {
		g_string_append(o->s, "    photos:\n");
		for (guint i = 0; i < c->photos->len; i++)
			photo(o, c->photos->pdata[i]);
	}
	if (c->testimonials->len) {
		g_string_append(o->s, "    testimonials:\n");
		for (guint i = 0; i < c->testimonials->len; i++) {
			const pb_draft_testimonial *t = c->testimonials->pdata[i];
			field f[] = {{"name", &t->name, TRUE},
				     {"class", &t->class_, TRUE},
				     {"text", &t->text, TRUE}};
			item(o, 8, f, G_N_ELEMENTS(f));
		}
	}
	if (c->blessings->len) {
		g_string_append(o->s, "    blessings:\n");
		for (guint i = 0; i < c->blessings->len; i++) {
			const pb_draft_blessing *b = c->blessings->pdata[i];
			field f[] = {{"role", &b->role, TRUE},
				     {"name", &b->name, TRUE},
				     {"text", &b->text, TRUE},
				     {"portrait", &b->portrait, FALSE}};
			item(o, 8, f, G_N_ELEMENTS(f));
		}
	}
	if (c->star)
		star(o, c->star);
	if (c->honorees->len) {
		g_string_append(o->s, "    honorees:\n");
		for (guint i = 0; i < c->honorees->len; i++) {
			const pb_draft_honoree *h = c->honorees->pdata[i];
			field f[] = {{"name", &h->name, TRUE},
				     {"class", &h->class_, TRUE},
				     {"level", &h->level, TRUE},
				     {"photo", &h->photo, FALSE}};
			item(o, 8, f, G_N_ELEMENTS(f));
		}
	}
	unused(o, 4, c->unused);
	g_string_append_c(o->s, '\n');
}

char *
pb_manifest_writer_text(const pb_draft *d, guint *found, guint *todo)
{
	out o = {g_string_new(NULL), 0, 0};
	g_string_append_printf(o.s, "# yaml-language-server: $schema=%s\n", d->schema);
	g_string_append(
	    o.s,
	    "# Begun by `paiban init` from the colleges' folders beside it.  Each TODO marks a\n"
	    "# value that was guessed or not found: check or fill in each one, then run\n"
	    "# `paiban check` on this file, which lists what is still missing.  Every item\n"
	    "# is approved: add `status: pending` or `status: rejected` to hold one back.\n");
	g_string_append(o.s, "paiban: 1\nevent:\n");
	key_value(&o, 2, FALSE, "school", &d->school, TRUE);
	key_value(&o, 2, FALSE, "title", &d->title, TRUE);
	key_value(&o, 2, FALSE, "edition", &d->edition, FALSE);
	key_value(&o, 2, FALSE, "motto", &d->motto, FALSE);
	key_value(&o, 2, FALSE, "date", &d->date, TRUE);
	key_value(&o, 2, FALSE, "logo", &d->logo, FALSE);
	unused(&o, 2, d->unused);
	g_string_append(o.s, "\ncolleges:\n");
	for (guint i = 0; i < d->colleges->len; i++)
		college(&o, d->colleges->pdata[i]);
	if (!d->colleges->len)
		g_string_append(o.s, "  []  # TODO: no college folders were found\n");
	g_string_append(o.s, "outputs:\n"
			     "  - {id: boards, kind: board, layout: board-120x240}\n"
			     "  - {id: honor, kind: honor, layout: honor-a3}\n"
			     "  - {id: roll, kind: honor-roll, layout: roll-a3}\n"
			     "  - {id: insert, kind: insert, layout: insert-100}"
			     "  # TODO: quantity: how many to print, one per graduate\n");
	o.todo++;
	*found = o.found;
	*todo = o.todo;
	return g_string_free(o.s, FALSE);
}
