/* forms.c — the paragraph forms of a college's Word files: a photo's line, a testimonial on
 * one line, a blessing's first line, the people who take the paragraphs after them, a star's
 * story; see fields.h (and fields-private.h for what this shares with fields.c).
 *
 * Each form is tried where its kind of document is expected (fields.c decides the kind), since
 * "张明（建工1901班）：" is a testimonial in 毕业感言 and "院长 周建国：" a blessing in
 * 毕业寄语; a paragraph that fits no form is a title, or the text of the record above it.
 */
#include "fields-private.h"

#include <string.h>

static gboolean
has_image_extension(const char *s, gsize len)
{
	static const char *const ext[] = {".jpg", ".jpeg", ".png"};
	for (gsize i = 0; i < G_N_ELEMENTS(ext); i++) {
		gsize n = strlen(ext[i]);
		if (len > n && g_ascii_strncasecmp(s + len - n, ext[i], n) == 0)
			return TRUE;
	}
	return FALSE;
}

/* A class in brackets, or a token with 班 and a digit: cut out of `rest` into the record. */
static void
take_class(char *rest, pb_entry *r)
{
	for (char *p = rest; *p; p = g_utf8_next_char(p)) {
		const char *close = NULL;
		gsize open_len = 0;
		if (g_str_has_prefix(p, "（"))
			close = "）", open_len = strlen("（");
		else if (*p == '(')
			close = ")", open_len = 1;
		if (!close)
			continue;
		char *end = strstr(p + open_len, close);
		if (!end)
			continue;
		g_autofree char *inside = g_strndup(p + open_len, (gsize)(end - p - open_len));
		if (!strstr(inside, "班"))
			continue;
		pb_fields_set(r, PB_FIELD_CLASS, pb_fields_cut_all(inside));
		memmove(p, end + strlen(close), strlen(end + strlen(close)) + 1);
		return;
	}
	g_auto(GStrv) words = g_regex_split_simple("[\\s　]+", rest, 0, 0);
	for (char **w = words; *w; w++)
		if (strstr(*w, "班") && strpbrk(*w, "0123456789")) {
			pb_fields_set(r, PB_FIELD_CLASS, g_strdup(*w));
			char *at = strstr(rest, *w);
			memmove(at, at + strlen(*w), strlen(at + strlen(*w)) + 1);
			return;
		}
}

/* "01-a.jpg、01-b.jpg 标题（班级）", "3. 照片名称：…  班级：…", "照片3：…": a photo's line. */
pb_entry *
pb_forms_photo_line(const char *s)
{
	pb_entry *r = g_new0(pb_entry, 1);
	GString *files = g_string_new(NULL);
	const char *p = s;
	for (;;) {
		while (*p && pb_fields_is_separator(g_utf8_get_char(p)))
			p = g_utf8_next_char(p);
		const char *end = p;
		while (*end && !pb_fields_is_separator(g_utf8_get_char(end)))
			end = g_utf8_next_char(end);
		if (end == p || !has_image_extension(p, (gsize)(end - p)))
			break;
		if (files->len)
			g_string_append_c(files, '\n');
		g_string_append_len(files, p, end - p);
		p = end;
	}
	if (files->len) {
		r->f[PB_FIELD_FILES] = g_string_free(files, FALSE);
	} else {
		g_string_free(files, TRUE);
		p = s;
		if (g_str_has_prefix(p, "照片"))
			p += strlen("照片");
		else if (g_str_has_prefix(p, "第"))
			p += strlen("第");
		const char *digits = p;
		while (g_ascii_isdigit(*p))
			p++;
		if (p == digits || p - digits > 4) {
			pb_entry_free(r);
			return NULL;
		}
		if (g_str_has_prefix(p, "张") || g_str_has_prefix(p, "号"))
			p += strlen("张");
		gunichar c = g_utf8_get_char(p);
		if (*p && !pb_fields_is_separator(c) && !g_utf8_strchr(".．:：)）-", -1, c)) {
			pb_entry_free(r);
			return NULL;
		}
		r->f[PB_FIELD_NUMBER] = g_strndup(digits, (gsize)(p - digits));
		if (*p)
			p = g_utf8_next_char(p);
	}
	if (pb_fields_labelled(p, r) == 0) {
		g_autofree char *rest = g_strdup(p);
		take_class(rest, r);
		g_autofree char *title = pb_fields_cut_all(rest);
		if (title && g_str_has_prefix(title, "《") && g_str_has_suffix(title, "》")) {
			char *inner = g_strndup(title + strlen("《"),
						strlen(title) - strlen("《") - strlen("》"));
			g_free(title);
			title = inner;
		}
		pb_fields_set(r, PB_FIELD_TITLE, g_steal_pointer(&title));
	}
	return r;
}

/* The Han name at the start of `s` (2 to 6 characters), or NULL; *after past it. */
char *
pb_forms_han_name(const char *s, const char **after)
{
	const char *p = s;
	guint n = 0;
	while (*p && pb_fields_is_han(g_utf8_get_char(p)) && n < 8) {
		p = g_utf8_next_char(p);
		n++;
	}
	*after = p;
	return n >= 2 && n <= 6 ? g_strndup(s, (gsize)(p - s)) : NULL;
}

/* "张明（建工1901班）：……": a testimonial on one line. */
pb_entry *
pb_forms_testimonial_line(const char *s)
{
	const char *p;
	g_autofree char *name = pb_forms_han_name(s, &p);
	if (!name)
		return NULL;
	pb_entry *r = g_new0(pb_entry, 1);
	g_autofree char *rest = g_strdup(p);
	const char *v = NULL;
	if (g_str_has_prefix(rest, "（") || rest[0] == '(') {
		take_class(rest, r);
		v = pb_fields_after_colon(rest);
	}
	if (!r->f[PB_FIELD_CLASS] || !v) {
		pb_entry_free(r);
		return NULL;
	}
	r->f[PB_FIELD_NAME] = g_steal_pointer(&name);
	pb_fields_set(r, PB_FIELD_TEXT, pb_fields_cut_all(v));
	return r;
}

/* "院长 周建国：……", "院长周建国寄语：……", "毕业班辅导员 罗婷：": a blessing's first line. */
pb_entry *
pb_forms_blessing_line(const char *s)
{
	const char *title = pb_fields_title_at(s);
	if (!title)
		return NULL;
	const char *p = s + strlen(title);
	while (*p && pb_fields_is_space(g_utf8_get_char(p)))
		p = g_utf8_next_char(p);
	const char *after;
	g_autofree char *name = pb_forms_han_name(p, &after);
	static const char *const tails[] = {"的寄语", "寄语", "老师"};
	for (gsize t = 0; name && t < G_N_ELEMENTS(tails); t++)
		if (g_str_has_suffix(name, tails[t]) &&
		    strlen(name) > strlen(tails[t]) + strlen("某")) {
			name[strlen(name) - strlen(tails[t])] = 0;
			break;
		}
	const char *v = pb_fields_after_colon(after);
	if (!v)
		return NULL;
	pb_entry *r = g_new0(pb_entry, 1);
	r->f[PB_FIELD_ROLE] = g_strdup(title);
	r->f[PB_FIELD_NAME] = g_steal_pointer(&name);
	pb_fields_set(r, PB_FIELD_TEXT, pb_fields_cut_all(v));
	return r;
}

/* Appends a paragraph to the text of the record waiting for it. */
static void
append_text(pb_entry *r, const char *s)
{
	if (!r->f[PB_FIELD_TEXT]) {
		r->f[PB_FIELD_TEXT] = g_strdup(s);
		return;
	}
	char *joined = g_strconcat(r->f[PB_FIELD_TEXT], "\n", s, NULL);
	g_free(r->f[PB_FIELD_TEXT]);
	r->f[PB_FIELD_TEXT] = joined;
}

/* Paragraphs of testimonials, blessings and honorees: a record starts at its first line (a
 * one-line form, or labels with a name), and takes the paragraphs after it as its text until
 * the next one starts. */
void
pb_forms_people(const pb_docx_block *b, pb_doc_kind kind, pb_entry **open, GPtrArray *out)
{
	pb_entry *r = kind == PB_DOC_TESTIMONIALS ? pb_forms_testimonial_line(b->text)
		      : kind == PB_DOC_BLESSINGS  ? pb_forms_blessing_line(b->text)
						  : NULL;
	if (!r) {
		pb_entry *l = g_new0(pb_entry, 1);
		if (pb_fields_labelled(b->text, l) > 0 &&
		    (l->f[PB_FIELD_NAME] || l->f[PB_FIELD_ROLE]))
			r = l;
		else
			pb_entry_free(l);
	}
	if (kind == PB_DOC_HONOREES && !r) {
		pb_entry *t = g_new0(pb_entry, 1);
		pb_fields_from_name(b->text, t);
		if (t->f[PB_FIELD_NAME] && (t->f[PB_FIELD_CLASS] || t->f[PB_FIELD_LEVEL]))
			r = t;
		else
			pb_entry_free(t);
	}
	if (r) {
		g_ptr_array_add(out, r);
		*open = r->f[PB_FIELD_TEXT] || kind == PB_DOC_HONOREES ? NULL : r;
	} else if (*open) {
		append_text(*open, b->text);
	}
}

/* A star's story: labels give name and class; the paragraphs after 事迹 (or after the last
 * label, when there is no 事迹 label) are the story. */
void
pb_forms_star(const pb_docx *doc, GPtrArray *out)
{
	pb_entry *r = g_new0(pb_entry, 1);
	gboolean story = FALSE, labels_seen = FALSE;
	GString *text = g_string_new(NULL);
	for (guint i = 0; i < doc->blocks->len; i++) {
		const pb_docx_block *b = doc->blocks->pdata[i];
		if (b->kind == PB_DOCX_TABLE) {
			pb_entry *form = pb_fields_form_record(b);
			for (int f = 0; form && f < PB_FIELD_COUNT; f++)
				pb_fields_set(r, (pb_field)f, g_steal_pointer(&form->f[f]));
			if (form)
				pb_entry_free(form), labels_seen = TRUE;
			continue;
		}
		if (!story) {
			pb_entry l = {{0}};
			guint n = pb_fields_labelled(b->text, &l);
			if (n > 0) {
				labels_seen = TRUE;
				if (l.f[PB_FIELD_TEXT] || strstr(b->text, "事迹"))
					story = TRUE;
				for (int f = 0; f < PB_FIELD_COUNT; f++)
					pb_fields_set(r, (pb_field)f, g_steal_pointer(&l.f[f]));
				continue;
			}
			if (!labels_seen)
				continue; /* the title above the fields */
		}
		if (text->len)
			g_string_append_c(text, '\n');
		g_string_append(text, b->text);
	}
	if (text->len) {
		if (r->f[PB_FIELD_TEXT]) {
			char *all = g_strconcat(r->f[PB_FIELD_TEXT], "\n", text->str, NULL);
			g_free(r->f[PB_FIELD_TEXT]);
			r->f[PB_FIELD_TEXT] = all;
		} else {
			r->f[PB_FIELD_TEXT] = g_strdup(text->str);
		}
	}
	g_string_free(text, TRUE);
	if (pb_fields_entry_empty(r))
		pb_entry_free(r);
	else
		g_ptr_array_add(out, r);
}
