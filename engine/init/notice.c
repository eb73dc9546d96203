/* notice.c — the event out of the school's notice; see notice.h.
 *
 * Each field has one pattern, the notice's own wording, and a label form ("主题：…") for an
 * office that wrote a short note instead: the theme is the paragraph after the heading
 * 活动主题; the motto is what stands in quotes before 校训; the edition is the first "2022届",
 * called 毕业季 when the notice is about one; the day is the one in the sentence about the
 * 毕业典礼 (its year, when the sentence gives none, is the year the notice was signed, else a
 * guess: the edition's); the school is the signature, the last paragraph that is only a name
 * ending in 学院, 大学 or 学校.
 */
#include "notice.h"

#include <stdlib.h>
#include <string.h>

void
pb_event_fields_clear(pb_event_fields *e)
{
	g_clear_pointer(&e->school, g_free);
	g_clear_pointer(&e->title, g_free);
	g_clear_pointer(&e->edition, g_free);
	g_clear_pointer(&e->motto, g_free);
	g_clear_pointer(&e->date, g_free);
}

/* The first group of `pattern` in `text`, or NULL. */
static char *
match(const char *pattern, const char *text, int group)
{
	g_autoptr(GRegex) re = g_regex_new(pattern, 0, 0, NULL);
	g_autoptr(GMatchInfo) m = NULL;
	if (!re || !g_regex_match(re, text, 0, &m))
		return NULL;
	char *s = g_match_info_fetch(m, group);
	if (s && !*s)
		g_clear_pointer(&s, g_free);
	return s;
}

static void
take(char **slot, char *value)
{
	if (!*slot && value)
		*slot = value;
	else
		g_free(value);
}

/* The paragraphs of `doc` (table cells too), in order. */
static GPtrArray *
paragraphs(const pb_docx *doc)
{
	GPtrArray *out = g_ptr_array_new();
	for (guint i = 0; i < doc->blocks->len; i++) {
		const pb_docx_block *b = doc->blocks->pdata[i];
		if (b->kind == PB_DOCX_PARAGRAPH) {
			g_ptr_array_add(out, b->text);
			continue;
		}
		for (guint r = 0; r < b->rows->len; r++) {
			GPtrArray *row = b->rows->pdata[r];
			for (guint c = 0; c < row->len; c++)
				g_ptr_array_add(out, row->pdata[c]);
		}
	}
	return out;
}

void
pb_notice_read(const pb_docx *doc, pb_event_fields *out)
{
	g_autoptr(GPtrArray) ps = paragraphs(doc);
	char *signed_year = NULL, *edition_year = NULL, *school = NULL, *title = NULL;
	gboolean season = FALSE;
	for (guint i = 0; i < ps->len; i++) {
		const char *p = ps->pdata[i];
		if (!title && i + 1 < ps->len &&
		    g_regex_match_simple("^\\s*([一二三四五六七八九十]+[、.．]|[0-9]+[.、．])?\\s*"
					 "活动主题\\s*[：:]?\\s*$",
					 p, 0, 0))
			title = g_strstrip(g_strdup(ps->pdata[i + 1]));
		if (!title)
			title = match("^\\s*(活动)?主题\\s*[：:]\\s*(.+?)\\s*$", p, 2);
		take(&out->motto, match("[“\"]([^”\"]{2,20})[”\"]\\s*(的)?校训", p, 1));
		take(&out->motto, match("校训\\s*[：:]\\s*[“\"]?([^”\"]+?)[”\"]?\\s*$", p, 1));
		if (!edition_year)
			edition_year = match("([0-9]{4})\\s*届", p, 1);
		season |= strstr(p, "毕业季") != NULL;
		char *signed_on = match(
		    "^\\s*([0-9]{4})\\s*年\\s*[0-9]{1,2}\\s*月\\s*[0-9]{1,2}\\s*日\\s*$", p, 1);
		if (signed_on) {
			g_free(signed_year);
			signed_year = signed_on;
		}
		char *name = match("^\\s*(\\p{Han}{2,20}(学院|大学|学校))\\s*$", p, 1);
		if (name) {
			g_free(school);
			school = name;
		}
		take(&school, match("^\\s*学校(名称)?\\s*[：:]\\s*(.+?)\\s*$", p, 2));
		if (!out->date && strstr(p, "典礼")) {
			g_autoptr(GRegex) re = g_regex_new(
			    "(([0-9]{4})\\s*年\\s*)?([0-9]{1,2})\\s*月\\s*([0-9]{1,2})\\s*日", 0, 0,
			    NULL);
			g_autoptr(GMatchInfo) m = NULL;
			if (g_regex_match(re, p, 0, &m)) {
				g_autofree char *y = g_match_info_fetch(m, 2);
				g_autofree char *mo = g_match_info_fetch(m, 3);
				g_autofree char *d = g_match_info_fetch(m, 4);
				/* the year is filled in below when the sentence has none */
				out->date = g_strdup_printf("%s-%02d-%02d", y && *y ? y : "????",
							    atoi(mo), atoi(d));
			}
		}
	}
	take(&out->title, title);
	take(&out->school, school);
	if (edition_year)
		take(&out->edition,
		     g_strdup_printf("%s届%s", edition_year, season ? "毕业季" : ""));
	if (out->date && g_str_has_prefix(out->date, "????")) {
		const char *year = signed_year ? signed_year : edition_year;
		if (year) {
			char *dated = g_strconcat(year, out->date + 4, NULL);
			g_free(out->date);
			out->date = dated;
			out->date_year_guessed = !signed_year;
		} else {
			g_clear_pointer(&out->date, g_free);
		}
	}
	g_free(signed_year);
	g_free(edition_year);
}
