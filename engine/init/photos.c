/* photos.c — a college's photo descriptions matched to its photos; see college.h.
 *
 * The notice asks for a Word file describing each photo (学院、班级、照片名称).  A description
 * is matched to its photos, surest first:
 *   1. by the file names it gives ("01-zuihou-yike.jpg", or the name without .jpg);
 *   2. by its number (序号 3 -> every photo whose name starts with 3 or 03: a group, 组, when
 *      there are several);
 *   3. by order: the descriptions left, in the document's order, to the photos left, in the
 *      folder's order; a guess, marked TODO on the title.
 * A photo no description names keeps an empty title and class, marked TODO (check then says
 * what is missing); photos left over whose names start with the same number are put in one
 * group, marked TODO too.  A description no photo matched is listed as a comment.
 */
#include "college.h"

#include <string.h>

/* Photos that share a leading number, in the folder's order: the unit descriptions match. */
typedef struct unit {
	GPtrArray *pictures; /* of pb_picture* */
	int number;          /* -1 when the names start with no number */
} unit;

static void
unit_free(gpointer p)
{
	unit *u = p;
	g_ptr_array_unref(u->pictures);
	g_free(u);
}

static GPtrArray *
units_of(pb_college_read *r)
{
	GPtrArray *units = g_ptr_array_new_with_free_func(unit_free);
	for (guint i = 0; i < r->pictures->len; i++) {
		pb_picture *p = r->pictures->pdata[i];
		if (p->use != PB_USE_PHOTO)
			continue;
		int n = pb_fields_leading_number(p->file->name);
		unit *u = NULL;
		for (guint k = 0; n >= 0 && k < units->len && !u; k++) {
			unit *x = units->pdata[k];
			const pb_picture *first = x->pictures->pdata[0];
			if (x->number == n && !strcmp(first->file->dir, p->file->dir))
				u = x;
		}
		if (!u) {
			u = g_new0(unit, 1);
			u->pictures = g_ptr_array_new();
			u->number = n;
			g_ptr_array_add(units, u);
		}
		g_ptr_array_add(u->pictures, p);
	}
	return units;
}

static gboolean
unit_free_to_take(const unit *u)
{
	for (guint i = 0; i < u->pictures->len; i++)
		if (((pb_picture *)u->pictures->pdata[i])->taken)
			return FALSE;
	return TRUE;
}

/* The photo a description names: its file name, or that name without the extension. */
static pb_picture *
photo_named(pb_college_read *r, const char *name)
{
	for (guint i = 0; i < r->pictures->len; i++) {
		pb_picture *p = r->pictures->pdata[i];
		if (p->use == PB_USE_PHOTO && !p->taken &&
		    (!g_ascii_strcasecmp(p->file->name, name) ||
		     !g_ascii_strcasecmp(p->file->stem, name)))
			return p;
	}
	return NULL;
}

static void
add_files(pb_draft_photo *ph, pb_picture *p)
{
	p->taken = TRUE;
	g_ptr_array_add(ph->files, g_strdup(p->file->rel));
	if (p->unreadable && !ph->files_note.todo)
		pb_draft_miss(&ph->files_note, "%s cannot be read: %s", p->file->rel,
			      p->unreadable);
}

static void
describe(pb_college_read *r, pb_draft_photo *ph, const pb_entry *rec, gboolean by_order)
{
	const char *doc = r->doc[PB_DOC_PHOTOS];
	if (!rec) {
		const char *where = doc ? doc : "no Word file describes the photos";
		pb_draft_miss(&ph->title, "the photo's title (照片名称): %s%s", where,
			      doc ? " does not describe it" : "");
		pb_draft_miss(&ph->class_, "the class (班级)");
		return;
	}
	if (rec->f[PB_FIELD_TITLE] && by_order)
		pb_draft_guess(&ph->title, rec->f[PB_FIELD_TITLE],
			       "matched to this photo by order: %s gives no file name or number "
			       "that names one",
			       doc);
	else if (rec->f[PB_FIELD_TITLE])
		pb_draft_set(&ph->title, rec->f[PB_FIELD_TITLE]);
	else
		pb_draft_miss(&ph->title, "the photo's title (照片名称): not in %s", doc);
	if (rec->f[PB_FIELD_CLASS])
		pb_draft_set(&ph->class_, rec->f[PB_FIELD_CLASS]);
	else
		pb_draft_miss(&ph->class_, "the class (班级): not in %s", doc);
}

/* Steps 1 and 2: a description's own files, by name or by number; FALSE when it names none
 * that is there. */
static gboolean
match_named(pb_college_read *r, GPtrArray *units, const pb_entry *rec)
{
	pb_draft_photo *ph = NULL;
	if (rec->f[PB_FIELD_FILES]) {
		g_auto(GStrv) names = g_strsplit(rec->f[PB_FIELD_FILES], "\n", -1);
		for (char **n = names; *n; n++) {
			pb_picture *p = photo_named(r, *n);
			if (!p)
				continue;
			if (!ph)
				ph = pb_draft_add_photo(r->c);
			add_files(ph, p);
		}
	} else if (rec->f[PB_FIELD_NUMBER]) {
		int number = pb_fields_leading_number(rec->f[PB_FIELD_NUMBER]);
		for (guint k = 0; k < units->len && !ph; k++) {
			unit *u = units->pdata[k];
			if (u->number != number || !unit_free_to_take(u))
				continue;
			ph = pb_draft_add_photo(r->c);
			for (guint i = 0; i < u->pictures->len; i++)
				add_files(ph, u->pictures->pdata[i]);
		}
	}
	if (ph)
		describe(r, ph, rec, FALSE);
	return ph != NULL;
}

static pb_draft_photo *
photo_of_unit(pb_college_read *r, unit *u)
{
	pb_draft_photo *ph = pb_draft_add_photo(r->c);
	for (guint i = 0; i < u->pictures->len; i++)
		add_files(ph, u->pictures->pdata[i]);
	if (u->pictures->len > 1 && !ph->files_note.todo)
		pb_draft_guess(&ph->files_note, "group",
			       "grouped because their names start with %d: split them if they are "
			       "separate photos",
			       u->number);
	return ph;
}

void
pb_college_photos(pb_college_read *r)
{
	g_autoptr(GPtrArray) units = units_of(r);
	const GPtrArray *recs = r->records[PB_DOC_PHOTOS];
	g_autoptr(GPtrArray) left = g_ptr_array_new();
	for (guint i = 0; i < recs->len; i++) {
		const pb_entry *rec = recs->pdata[i];
		if (!rec->f[PB_FIELD_TITLE] && !rec->f[PB_FIELD_CLASS] && !rec->f[PB_FIELD_FILES])
			continue;
		if (!match_named(r, units, rec))
			g_ptr_array_add(left, (gpointer)rec);
	}
	/* Step 3: by order, the descriptions left to the photos left. */
	guint next = 0;
	for (guint k = 0; k < units->len; k++) {
		unit *u = units->pdata[k];
		if (!unit_free_to_take(u))
			continue;
		pb_draft_photo *ph = photo_of_unit(r, u);
		const pb_entry *rec = NULL;
		/* a description that gave a file name or number matched none: not used by order */
		while (next < left->len && !rec) {
			const pb_entry *x = left->pdata[next++];
			if (!x->f[PB_FIELD_FILES] && !x->f[PB_FIELD_NUMBER])
				rec = x;
			else
				g_ptr_array_add(
				    r->c->unused,
				    g_strdup_printf("%s: the description '%s' names %s, "
						    "which is not among the photos",
						    r->doc[PB_DOC_PHOTOS],
						    x->f[PB_FIELD_TITLE] ? x->f[PB_FIELD_TITLE]
									 : "?",
						    x->f[PB_FIELD_FILES] ? x->f[PB_FIELD_FILES]
									 : x->f[PB_FIELD_NUMBER]));
		}
		describe(r, ph, rec, rec != NULL);
	}
	for (; next < left->len; next++) {
		const pb_entry *x = left->pdata[next];
		g_ptr_array_add(r->c->unused,
				g_strdup_printf("%s: no photo is left for the description '%s'",
						r->doc[PB_DOC_PHOTOS],
						x->f[PB_FIELD_TITLE] ? x->f[PB_FIELD_TITLE] : "?"));
	}
}
