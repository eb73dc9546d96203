/* fields.c — records out of a college's Word file: the vocabulary of labels and titles,
 * "标签：值" labels, tables with a header row, what a file is, fields in file names; see
 * fields.h.  The paragraph forms (a photo's line, "张明（建工1901班）：……") are forms.c's.
 *
 * Design.  A label is only a label where a field would start: at the start of a paragraph or
 * after a space or a separator, and followed by a colon (full-width or not), so that a
 * testimonial saying "老师说：" does not start a field.  A table's header is the first of its
 * first three rows in which two or more cells name fields; a table of two (or four) columns
 * whose first cells name fields is a form (登记表) that gives one record.  Text is cut at
 * whitespace and separators only: the values keep their own punctuation (a testimonial's closing
 * "！").
 */
#include "fields-private.h"

#include <stdlib.h>
#include <string.h>

/* Labels and the fields they name, longest first so that 照片名称 wins over 名称. */
static const struct {
	const char *label;
	pb_field field;
} labels[] = {
    {"毕业生姓名", PB_FIELD_NAME},  {"照片文件名", PB_FIELD_FILES}, {"照片名称", PB_FIELD_TITLE},
    {"照片标题", PB_FIELD_TITLE},   {"作品名称", PB_FIELD_TITLE},   {"照片序号", PB_FIELD_NUMBER},
    {"照片编号", PB_FIELD_NUMBER},  {"照片文件", PB_FIELD_FILES},   {"学生姓名", PB_FIELD_NAME},
    {"所在班级", PB_FIELD_CLASS},   {"专业班级", PB_FIELD_CLASS},   {"所在学院", PB_FIELD_COLLEGE},
    {"二级学院", PB_FIELD_COLLEGE}, {"学院名称", PB_FIELD_COLLEGE}, {"班级名称", PB_FIELD_CLASS},
    {"毕业感言", PB_FIELD_TEXT},    {"毕业寄语", PB_FIELD_TEXT},    {"寄语内容", PB_FIELD_TEXT},
    {"感言内容", PB_FIELD_TEXT},    {"优秀事迹", PB_FIELD_TEXT},    {"事迹材料", PB_FIELD_TEXT},
    {"主要事迹", PB_FIELD_TEXT},    {"荣誉级别", PB_FIELD_LEVEL},   {"文件名", PB_FIELD_FILES},
    {"序号", PB_FIELD_NUMBER},      {"编号", PB_FIELD_NUMBER},      {"标题", PB_FIELD_TITLE},
    {"名称", PB_FIELD_TITLE},       {"班级", PB_FIELD_CLASS},       {"学院", PB_FIELD_COLLEGE},
    {"姓名", PB_FIELD_NAME},        {"感言", PB_FIELD_TEXT},        {"寄语", PB_FIELD_TEXT},
    {"事迹", PB_FIELD_TEXT},        {"内容", PB_FIELD_TEXT},        {"职务", PB_FIELD_ROLE},
    {"职位", PB_FIELD_ROLE},        {"身份", PB_FIELD_ROLE},        {"级别", PB_FIELD_LEVEL},
    {"类别", PB_FIELD_LEVEL},
};

/* Chinese titles and the roles of the manifest; the specific ones first (副书记 before 书记).
 * 副院长 is no role of the notice's: it is named so that it is not read as 院长. */
static const struct {
	const char *title;
	const char *role;
} roles[] = {
    {"党总支副书记", "deputy"},
    {"党委副书记", "deputy"},
    {"副书记", "deputy"},
    {"党总支书记", "secretary"},
    {"党委书记", "secretary"},
    {"书记", "secretary"},
    {"副院长", NULL},
    {"院长", "dean"},
    {"毕业班辅导员", "counselor"},
    {"辅导员", "counselor"},
    {"学管干事", "officer"},
    {"学工干事", "officer"},
    {"干事", "officer"},
};

const char *
pb_doc_kind_name(pb_doc_kind kind)
{
	static const char *const names[] = {"unknown",
					    "photo descriptions",
					    "testimonials",
					    "blessings",
					    "the outstanding graduate's story",
					    "a list of honorees"};
	return names[kind];
}

/* ---- text ---------------------------------------------------------------------------------- */

gboolean
pb_fields_is_space(gunichar c)
{
	return g_unichar_isspace(c) || c == 0xfeff; /* U+3000 and U+00A0 are spaces to GLib */
}

gboolean
pb_fields_is_separator(gunichar c)
{
	return pb_fields_is_space(c) || g_utf8_strchr("；;，,、|/", -1, c) != NULL;
}

gboolean
pb_fields_is_han(gunichar c)
{
	return g_unichar_get_script(c) == G_UNICODE_SCRIPT_HAN || c == 0xb7 || c == 0x2022;
}

/* A copy of [start, end) without surrounding whitespace and separators; NULL when empty. */
char *
pb_fields_cut(const char *start, const char *end)
{
	while (start < end && pb_fields_is_separator(g_utf8_get_char(start)))
		start = g_utf8_next_char(start);
	while (end > start) {
		const char *prev = g_utf8_prev_char(end);
		if (!pb_fields_is_separator(g_utf8_get_char(prev)))
			break;
		end = prev;
	}
	return end > start ? g_strndup(start, (gsize)(end - start)) : NULL;
}

char *
pb_fields_cut_all(const char *s)
{
	return pb_fields_cut(s, s + strlen(s));
}

/* Is `s` a colon, after optional spaces?  Where the value starts, or NULL. */
const char *
pb_fields_after_colon(const char *s)
{
	while (*s && pb_fields_is_space(g_utf8_get_char(s)))
		s = g_utf8_next_char(s);
	if (g_str_has_prefix(s, "："))
		return s + strlen("：");
	if (*s == ':')
		return s + 1;
	return NULL;
}

const char *
pb_fields_title_at(const char *s)
{
	for (gsize i = 0; i < G_N_ELEMENTS(roles); i++)
		if (g_str_has_prefix(s, roles[i].title))
			return roles[i].title;
	return NULL;
}

const char *
pb_fields_role(const char *text)
{
	for (gsize i = 0; text && i < G_N_ELEMENTS(roles); i++)
		if (strstr(text, roles[i].title))
			return roles[i].role;
	return NULL;
}

const char *
pb_fields_level(const char *text)
{
	if (!text)
		return NULL;
	if (strstr(text, "省级") || strstr(text, "省优") || !strcmp(text, "省"))
		return "provincial";
	if (strstr(text, "校级") || strstr(text, "校优") || !strcmp(text, "校"))
		return "school";
	return NULL;
}

int
pb_fields_leading_number(const char *name)
{
	if (!g_ascii_isdigit(*name))
		return -1;
	long n = strtol(name, NULL, 10);
	return n >= 0 && n < 100000 ? (int)n : -1;
}

void
pb_fields_set(pb_entry *r, pb_field f, char *value)
{
	if (!value)
		return;
	if (r->f[f]) {
		g_free(value);
		return;
	}
	r->f[f] = value;
}

void
pb_entry_free(gpointer p)
{
	pb_entry *r = p;
	if (!r)
		return;
	for (int i = 0; i < PB_FIELD_COUNT; i++)
		g_free(r->f[i]);
	g_free(r);
}

gboolean
pb_fields_entry_empty(const pb_entry *r)
{
	for (int i = 0; i < PB_FIELD_COUNT; i++)
		if (r->f[i])
			return FALSE;
	return TRUE;
}

/* ---- labels -------------------------------------------------------------------------------- */

typedef struct hit {
	const char *at;    /* where the label starts */
	const char *value; /* where its value starts */
	pb_field field;
} hit;

/* Every "LABEL：" in `s` where a field may start. */
static GArray *
find_labels(const char *s)
{
	GArray *hits = g_array_new(FALSE, FALSE, sizeof(hit));
	gboolean may_start = TRUE;
	for (const char *p = s; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (may_start) {
			for (gsize i = 0; i < G_N_ELEMENTS(labels); i++) {
				if (!g_str_has_prefix(p, labels[i].label))
					continue;
				const char *v = pb_fields_after_colon(p + strlen(labels[i].label));
				if (!v)
					continue;
				hit h = {p, v, labels[i].field};
				g_array_append_val(hits, h);
				p = v;
				break;
			}
			if (!*p)
				break;
			c = g_utf8_get_char(p);
		}
		may_start = pb_fields_is_separator(c) || g_utf8_strchr("。）)", -1, c);
	}
	return hits;
}

/* The labelled fields of `s` into `r`; how many were found. */
guint
pb_fields_labelled(const char *s, pb_entry *r)
{
	GArray *hits = find_labels(s);
	for (guint i = 0; i < hits->len; i++) {
		const hit *h = &g_array_index(hits, hit, i);
		const char *end = i + 1 < hits->len ? g_array_index(hits, hit, i + 1).at
						    : h->value + strlen(h->value);
		pb_fields_set(r, h->field, pb_fields_cut(h->value, end));
	}
	guint n = hits->len;
	g_array_unref(hits);
	return n;
}

/* The field a table's header cell names, or -1. */
static int
header_field(const char *cell)
{
	g_autofree char *plain = g_strdup(cell);
	/* "照片名称（必填）", "* 姓名": the label is what is left of the decorations */
	char *paren = strstr(plain, "（");
	if (!paren)
		paren = strchr(plain, '(');
	if (paren && paren != plain)
		*paren = 0;
	g_autofree char *t = pb_fields_cut_all(plain);
	if (!t)
		return -1;
	for (gsize i = 0; i < G_N_ELEMENTS(labels); i++)
		if (!strcmp(t, labels[i].label))
			return labels[i].field;
	/* "本人感言", "寄语人姓名": a label with a word or two before it; never 学院, since a
	 * college's own name ends in it */
	for (gsize i = 0; i < G_N_ELEMENTS(labels); i++)
		if (labels[i].field != PB_FIELD_COLLEGE && g_str_has_suffix(t, labels[i].label) &&
		    g_utf8_strlen(t, -1) <= g_utf8_strlen(labels[i].label, -1) + 2)
			return labels[i].field;
	return -1;
}

/* ---- tables -------------------------------------------------------------------------------- */

static const char *
cell(GPtrArray *row, guint i)
{
	return i < row->len ? row->pdata[i] : "";
}

/* A form: rows of [label, value] (or [label, value, label, value]); one record. */
pb_entry *
pb_fields_form_record(const pb_docx_block *table)
{
	pb_entry *r = g_new0(pb_entry, 1);
	guint named = 0;
	for (guint i = 0; i < table->rows->len; i++) {
		GPtrArray *row = table->rows->pdata[i];
		for (guint c = 0; c + 1 < row->len; c += 2) {
			int f = header_field(cell(row, c));
			if (f >= 0) {
				pb_fields_set(r, (pb_field)f, pb_fields_cut_all(cell(row, c + 1)));
				named++;
			}
		}
	}
	if (named < 2) {
		pb_entry_free(r);
		return NULL;
	}
	return r;
}

static void
table_records(const pb_docx_block *table, GPtrArray *out)
{
	int map[32];
	guint header = G_MAXUINT;
	for (guint i = 0; i < table->rows->len && i < 3 && header == G_MAXUINT; i++) {
		GPtrArray *row = table->rows->pdata[i];
		guint named = 0;
		for (guint c = 0; c < row->len && c < G_N_ELEMENTS(map); c++)
			named += header_field(row->pdata[c]) >= 0;
		if (named >= 2 && !(row->len == 2 || row->len == 4))
			header = i;
		else if (named >= 2) {
			/* two or four columns: a header row, unless the first column is all labels
			 * (a form) */
			guint labels_down = 0;
			for (guint k = 0; k < table->rows->len; k++)
				labels_down += header_field(cell(table->rows->pdata[k], 0)) >= 0;
			if (labels_down * 2 < table->rows->len || table->rows->len < 2)
				header = i;
		}
	}
	if (header == G_MAXUINT) {
		pb_entry *r = pb_fields_form_record(table);
		if (r)
			g_ptr_array_add(out, r);
		return;
	}
	GPtrArray *head = table->rows->pdata[header];
	for (guint c = 0; c < G_N_ELEMENTS(map); c++)
		map[c] = c < head->len ? header_field(head->pdata[c]) : -1;
	for (guint i = header + 1; i < table->rows->len; i++) {
		GPtrArray *row = table->rows->pdata[i];
		pb_entry *r = g_new0(pb_entry, 1);
		for (guint c = 0; c < row->len && c < G_N_ELEMENTS(map); c++)
			if (map[c] >= 0)
				pb_fields_set(r, (pb_field)map[c],
					      pb_fields_cut_all(row->pdata[c]));
		if (pb_fields_entry_empty(r))
			pb_entry_free(r);
		else
			g_ptr_array_add(out, r);
	}
}

GPtrArray *
pb_fields_records(const pb_docx *doc, pb_doc_kind kind)
{
	GPtrArray *out = g_ptr_array_new_with_free_func(pb_entry_free);
	if (kind == PB_DOC_STAR) {
		pb_forms_star(doc, out);
		return out;
	}
	pb_entry *open = NULL;
	for (guint i = 0; i < doc->blocks->len; i++) {
		const pb_docx_block *b = doc->blocks->pdata[i];
		if (b->kind == PB_DOCX_TABLE) {
			table_records(b, out);
			open = NULL;
		} else if (kind == PB_DOC_PHOTOS) {
			pb_entry *r = pb_forms_photo_line(b->text);
			if (r)
				g_ptr_array_add(out, r);
		} else {
			pb_forms_people(b, kind, &open, out);
		}
	}
	return out;
}

void
pb_fields_from_name(const char *stem, pb_entry *out)
{
	g_auto(GStrv) tokens =
	    g_regex_split_simple("[-_\\s　.、，,（）()\\[\\]【】+#]+", stem, 0, 0);
	static const char *const not_names[] = {"照",   "寸",   "级",   "班",   "学院", "毕业",
						"事迹", "材料", "寄语", "感言", "名单", "优秀"};
	static const char *const photo_words[] = {"生活照", "证件照", "寸照", "照片", "近照", "照"};
	for (char **t = tokens; *t; t++) {
		if (!**t)
			continue;
		/* 周建国生活照, 赵强照片: the name before what the picture is */
		for (gsize i = 0; i < G_N_ELEMENTS(photo_words); i++)
			if (g_str_has_suffix(*t, photo_words[i]) &&
			    strlen(*t) > strlen(photo_words[i])) {
				(*t)[strlen(*t) - strlen(photo_words[i])] = 0;
				break;
			}
		if (pb_fields_level(*t)) {
			pb_fields_set(out, PB_FIELD_LEVEL, g_strdup(*t));
			continue;
		}
		if (strstr(*t, "班") && strpbrk(*t, "0123456789")) {
			pb_fields_set(out, PB_FIELD_CLASS, g_strdup(*t));
			continue;
		}
		const char *after;
		g_autofree char *name = pb_forms_han_name(*t, &after);
		if (pb_fields_role(*t)) {
			pb_fields_set(out, PB_FIELD_ROLE, g_strdup(*t));
			continue;
		}
		gboolean plain = name && !*after;
		for (gsize i = 0; plain && i < G_N_ELEMENTS(not_names); i++)
			plain = !strstr(*t, not_names[i]);
		if (plain)
			pb_fields_set(out, PB_FIELD_NAME, g_steal_pointer(&name));
	}
}

/* ---- what a document is ---------------------------------------------------------------------- */

pb_doc_kind
pb_fields_kind(const char *file_name, const pb_docx *doc)
{
	static const struct {
		const char *word;
		pb_doc_kind kind;
	} by_name[] = {
	    {"事迹", PB_DOC_STAR},         {"寄语", PB_DOC_BLESSINGS},
	    {"感言", PB_DOC_TESTIMONIALS}, {"心语", PB_DOC_TESTIMONIALS},
	    {"名单", PB_DOC_HONOREES},     {"寸照", PB_DOC_HONOREES},
	    {"证件照", PB_DOC_HONOREES},   {"照片", PB_DOC_PHOTOS},
	    {"毕业照", PB_DOC_PHOTOS},
	};
	for (gsize i = 0; i < G_N_ELEMENTS(by_name); i++)
		if (strstr(file_name, by_name[i].word))
			return by_name[i].kind;
	/* By content: each table and paragraph votes for what it looks like. */
	guint votes[PB_DOC_HONOREES + 1] = {0};
	for (guint i = 0; i < doc->blocks->len; i++) {
		const pb_docx_block *b = doc->blocks->pdata[i];
		if (b->kind == PB_DOCX_TABLE) {
			gboolean has[PB_FIELD_COUNT] = {FALSE};
			for (guint r = 0; r < b->rows->len && r < 3; r++) {
				GPtrArray *row = b->rows->pdata[r];
				for (guint c = 0; c < row->len; c++) {
					int f = header_field(row->pdata[c]);
					if (f >= 0)
						has[f] = TRUE;
				}
			}
			if (has[PB_FIELD_ROLE])
				votes[PB_DOC_BLESSINGS] += 5;
			else if (has[PB_FIELD_LEVEL])
				votes[PB_DOC_HONOREES] += 5;
			else if (has[PB_FIELD_TITLE] || has[PB_FIELD_FILES])
				votes[PB_DOC_PHOTOS] += 5;
			else if (has[PB_FIELD_NAME] && has[PB_FIELD_TEXT])
				votes[PB_DOC_TESTIMONIALS] += 5;
			continue;
		}
		pb_entry *r;
		if ((r = pb_forms_blessing_line(b->text)))
			votes[PB_DOC_BLESSINGS]++;
		else if ((r = pb_forms_testimonial_line(b->text)))
			votes[PB_DOC_TESTIMONIALS]++;
		else if ((r = pb_forms_photo_line(b->text)) && r->f[PB_FIELD_FILES])
			votes[PB_DOC_PHOTOS]++;
		else if (g_regex_match_simple("^\\s*(优秀|主要)?事迹(材料)?\\s*[：:]", b->text, 0,
					      0))
			votes[PB_DOC_STAR] += 5;
		if (r)
			pb_entry_free(r);
	}
	pb_doc_kind best = PB_DOC_UNKNOWN;
	guint most = 0;
	gboolean tie = FALSE;
	for (int k = PB_DOC_PHOTOS; k <= PB_DOC_HONOREES; k++) {
		if (votes[k] > most)
			most = votes[k], best = (pb_doc_kind)k, tie = FALSE;
		else if (votes[k] && votes[k] == most)
			tie = TRUE;
	}
	return tie ? PB_DOC_UNKNOWN : best;
}
