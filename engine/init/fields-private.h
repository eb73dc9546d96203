/* fields-private.h — what fields.c (labels, tables, kinds) and forms.c (the paragraph forms)
 * share.  Nothing outside these two includes it.
 */
#ifndef PB_FIELDS_PRIVATE_H
#define PB_FIELDS_PRIVATE_H

#include "fields.h"

/* ---- fields.c: text ---- */
gboolean pb_fields_is_space(gunichar c);     /* also U+3000, NBSP, BOM */
gboolean pb_fields_is_separator(gunichar c); /* a space, or ；;，,、|/ */
gboolean pb_fields_is_han(gunichar c);       /* a Han character, or the · of names */
/* [start, end) without surrounding spaces and separators; NULL when nothing is left. */
char *pb_fields_cut(const char *start, const char *end);
char *pb_fields_cut_all(const char *s);
/* Where the value after a colon (：or :, spaces before it) starts; NULL when there is none. */
const char *pb_fields_after_colon(const char *s);
/* The role title (院长, 党总支书记, ...) that `s` starts with, or NULL. */
const char *pb_fields_title_at(const char *s);

/* ---- fields.c: records ---- */
/* Sets a field the record lacks, taking `value` (freed when the field is already set). */
void pb_fields_set(pb_entry *r, pb_field f, char *value);
gboolean pb_fields_entry_empty(const pb_entry *r);
/* The "标签：值" fields of `s` into `r`; how many labels were found. */
guint pb_fields_labelled(const char *s, pb_entry *r);
/* A table that is a form (rows of label, value): its one record, or NULL. */
pb_entry *pb_fields_form_record(const pb_docx_block *table);

/* ---- forms.c ---- */
/* "01-a.jpg、01-b.jpg 标题（班级）", "3. 照片名称：…", or NULL when `s` is no photo's line. */
pb_entry *pb_forms_photo_line(const char *s);
/* "张明（建工1901班）：……", or NULL. */
pb_entry *pb_forms_testimonial_line(const char *s);
/* "院长 周建国：……", "院长周建国寄语：", or NULL. */
pb_entry *pb_forms_blessing_line(const char *s);
/* The Han name (2 to 6 characters) `s` starts with, or NULL; *after points past it. */
char *pb_forms_han_name(const char *s, const char **after);
/* One paragraph of testimonials, blessings or honorees: a new record into `out`, or more text
 * for `*open`, the record still waiting for its text. */
void pb_forms_people(const pb_docx_block *b, pb_doc_kind kind, pb_entry **open, GPtrArray *out);
/* A star's file: its one record into `out`. */
void pb_forms_star(const pb_docx *doc, GPtrArray *out);

#endif
