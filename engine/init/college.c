/* college.c — one college folder into the draft: its Word files, its pictures sorted by where
 * they are and what they are, the blessings, the star and the honorees (photos.c does the
 * photos); see college.h.
 *
 * Sorting, in this order, first answer wins:
 *   1. a folder named for ID photos (寸照, 证件照, 红底 ...) -> an honoree's ID photo;
 *   2. a file named after a blessing's person (周建国.jpg, 院长-周建国.jpg) -> that portrait;
 *   3. a folder named for blessings (寄语, 生活照) -> a portrait, its person read from the name;
 *   4. a folder named for the star (优秀毕业生, 事迹), the star's Word file's own folder, or a
 *      file named after the star -> a photo of the story;
 *   5. a red border and 2-inch proportions (the honoree.photo rule's own thresholds) -> an ID
 *      photo, wherever it lies;
 *   6. anything else -> a graduation photo.
 * The college's name is the 学院 its Word files give most often, else its folder's name; its
 * id is the folder's name when that is ASCII, else a placeholder marked TODO (no pinyin
 * guessing: a wrong id would name every output file wrongly).
 */
#include "college.h"
#include "check/rules.h"
#include "image/image.h"
#include "load/docx.h"
#include "load/keys.h"

#include <string.h>

/* ---- the Word files ------------------------------------------------------------------------ */

static void
warn(pb_college_read *r, const pb_walk_file *f, const char *rule, const char *message)
{
	g_autofree char *shown = pb_diag_escape(f->shown);
	pb_diag_warning(r->diags, pb_loc_make(shown, 0, 0), rule, "%s", message);
}

pb_docx *
pb_init_open_word(const pb_walk_file *f, pb_diags *diags)
{
	g_autofree char *shown = pb_diag_escape(f->shown);
	pb_loc at = pb_loc_make(shown, 0, 0);
	if (f->kind == PB_FILE_WORD97) {
		pb_diag_warning(diags, at, "init.doc",
				"a Word 97-2003 or WPS file: save it as .docx (Word 2007 or later) "
				"and run init again; skipped");
		return NULL;
	}
	if (f->kind != PB_FILE_DOCX)
		return NULL;
	g_autoptr(GError) err = NULL;
	pb_docx *doc = pb_docx_load(f->path, &err);
	if (!doc)
		pb_diag_warning(diags, at,
				err->code == PB_DOCX_ERROR_WORD97 ? "init.doc" : "init.docx",
				"cannot read this .docx: %s; skipped", err->message);
	return doc;
}

static gboolean
same_record(const pb_entry *a, const pb_entry *b)
{
	for (int i = 0; i < PB_FIELD_COUNT; i++)
		if (g_strcmp0(a->f[i], b->f[i]))
			return FALSE;
	return TRUE;
}

static void
read_documents(pb_college_read *r)
{
	for (guint i = 0; i < r->files->len; i++) {
		const pb_walk_file *f = r->files->pdata[i];
		g_autoptr(pb_docx) doc = pb_init_open_word(f, r->diags);
		if (!doc)
			continue;
		pb_doc_kind kind = pb_fields_kind(f->name, doc);
		if (kind == PB_DOC_UNKNOWN) {
			warn(r, f, "init.docx",
			     "cannot tell what this file holds (photo descriptions, testimonials, "
			     "blessings, a story or a list of honorees); skipped");
			continue;
		}
		g_autoptr(GPtrArray) found = pb_fields_records(doc, kind);
		if (found->len == 0) {
			g_autofree char *why =
			    g_strdup_printf("found no %s in it; skipped", pb_doc_kind_name(kind));
			warn(r, f, "init.docx", why);
			continue;
		}
		if (!r->doc[kind])
			r->doc[kind] = g_strdup(f->name);
		if (kind == PB_DOC_STAR && !r->star_dir)
			r->star_dir = g_strdup(f->dir);
		/* the same entry twice (a file and its revised copy): once */
		guint repeats = 0;
		for (guint k = 0; k < found->len; k++) {
			pb_entry *rec = found->pdata[k];
			gboolean seen = FALSE;
			for (guint j = 0; j < r->records[kind]->len && !seen; j++)
				seen = same_record(rec, r->records[kind]->pdata[j]);
			if (seen) {
				repeats++;
				continue;
			}
			g_ptr_array_add(r->records[kind], g_steal_pointer(&found->pdata[k]));
		}
		if (repeats) {
			g_autofree char *why =
			    g_strdup_printf("%u of its %u entries repeat another file's; they are "
					    "read once",
					    repeats, found->len);
			warn(r, f, "init.docx", why);
		}
	}
}

/* ---- pictures ------------------------------------------------------------------------------ */

static gboolean
any_in(const char *text, const char *const *words)
{
	for (; *words; words++)
		if (strstr(text, *words))
			return TRUE;
	return FALSE;
}

static const char *const id_words[] = {"寸照", "证件照", "登记照",         "红底", "二寸",
				       "2寸",  "两寸",   "其他优秀毕业生", NULL};
static const char *const blessing_words[] = {"寄语", "生活照", NULL};
static const char *const star_words[] = {"优秀毕业生", "事迹", NULL};

/* An ID photo by its pixels: the honoree.photo rule's proportions and red border. */
static gboolean
looks_like_id_photo(pb_picture *p, const pb_image_info *info)
{
	pb_rule_setting rules[PB_RULE_COUNT];
	pb_rules_init(rules);
	double ratio = (double)info->oriented_width / MAX(1u, info->oriented_height);
	if (ratio < pb_rule_param(rules, PB_RULE_HONOREE_PHOTO, "min_ratio") ||
	    ratio > pb_rule_param(rules, PB_RULE_HONOREE_PHOTO, "max_ratio"))
		return FALSE;
	double red = 0;
	return pb_image_border_red(p->file->path, info, &red, NULL, NULL) &&
	       red >= pb_rule_param(rules, PB_RULE_HONOREE_PHOTO, "red_share");
}

static const char *
star_name(const pb_college_read *r)
{
	const GPtrArray *s = r->records[PB_DOC_STAR];
	return s->len ? ((pb_entry *)s->pdata[0])->f[PB_FIELD_NAME] : NULL;
}

/* The blessing record whose person names the file, longest name first (欧阳振华 over 欧阳). */
static pb_entry *
blessing_named_in(const pb_college_read *r, const char *stem)
{
	pb_entry *best = NULL;
	for (guint i = 0; i < r->records[PB_DOC_BLESSINGS]->len; i++) {
		pb_entry *b = r->records[PB_DOC_BLESSINGS]->pdata[i];
		const char *name = b->f[PB_FIELD_NAME];
		if (name && g_utf8_strlen(name, -1) >= 2 && strstr(stem, name) &&
		    (!best || strlen(name) > strlen(best->f[PB_FIELD_NAME])))
			best = b;
	}
	return best;
}

static void
sort_images(pb_college_read *r)
{
	for (guint i = 0; i < r->files->len; i++) {
		const pb_walk_file *f = r->files->pdata[i];
		if (f->kind != PB_FILE_IMAGE)
			continue;
		pb_picture *p = g_new0(pb_picture, 1);
		p->file = f;
		g_ptr_array_add(r->pictures, p);
		g_autofree char *lower = g_ascii_strdown(f->name, -1);
		if (g_str_has_suffix(lower, ".svg")) {
			p->use = PB_USE_NONE, p->why = "an SVG: only the school's logo may be one";
			continue;
		}
		pb_image_info info;
		g_autoptr(GError) err = NULL;
		gboolean readable = pb_image_probe(f->path, &info, &err);
		if (!readable)
			p->unreadable = g_strdup(err->message);
		const char *sname = star_name(r);
		if (any_in(f->dir, id_words))
			p->use = PB_USE_HONOREE, p->why = "in a folder of ID photos";
		else if (blessing_named_in(r, f->stem))
			p->use = PB_USE_PORTRAIT, p->why = "named after a blessing's person";
		else if (any_in(f->dir, blessing_words))
			p->use = PB_USE_PORTRAIT, p->why = "in the blessings' folder";
		else if (any_in(f->dir, star_words) ||
			 (r->star_dir && *r->star_dir && !strcmp(f->dir, r->star_dir)) ||
			 (sname && strstr(f->stem, sname)))
			p->use = PB_USE_STAR, p->why = "with the outstanding graduate's story";
		else if (readable && looks_like_id_photo(p, &info))
			p->use = PB_USE_HONOREE, p->why = "a red-background 2-inch photo";
		else
			p->use = PB_USE_PHOTO, p->why = "a photo";
	}
}

/* ---- name and id --------------------------------------------------------------------------- */

/* "1.建筑工程学院", "01-建筑工程学院", "一、建筑工程学院" -> 建筑工程学院 */
static char *
without_ordinal(const char *name)
{
	g_autoptr(GRegex) re =
	    g_regex_new("^\\s*([0-9]+|[一二三四五六七八九十]+)\\s*[-_.、．\\s]+", 0, 0, NULL);
	char *s = g_regex_replace_literal(re, name, -1, 0, "", 0, NULL);
	return g_strstrip(s);
}

static void
name_and_id(pb_college_read *r, const char *folder, guint index, GHashTable *ids)
{
	/* The 学院 the files give most often. */
	g_autoptr(GHashTable) votes = g_hash_table_new(g_str_hash, g_str_equal);
	const char *best = NULL;
	guint most = 0;
	for (int k = 0; k <= PB_DOC_HONOREES; k++)
		for (guint i = 0; r->records[k] && i < r->records[k]->len; i++) {
			const char *c = ((pb_entry *)r->records[k]->pdata[i])->f[PB_FIELD_COLLEGE];
			if (!c)
				continue;
			guint n = GPOINTER_TO_UINT(g_hash_table_lookup(votes, c)) + 1;
			g_hash_table_insert(votes, (char *)c, GUINT_TO_POINTER(n));
			if (n > most)
				most = n, best = c;
		}
	g_autofree char *plain = without_ordinal(folder);
	if (best)
		pb_draft_set(&r->c->name, best);
	else if (!g_str_is_ascii(plain) && *plain)
		pb_draft_set(&r->c->name, plain);
	else
		pb_draft_guess(&r->c->name, *plain ? plain : folder,
			       "the college's name (学院): no Word file gives it");

	g_autofree char *slug = g_ascii_strdown(plain, -1);
	for (char *p = slug; *p; p++)
		if (!g_ascii_isalnum(*p) && *p != '-' && *p != '_')
			*p = '-';
	gboolean ascii = g_str_is_ascii(plain) && *slug && strlen(slug) <= 64;
	g_autofree char *id = ascii ? g_strdup(slug) : g_strdup_printf("college-%u", index + 1);
	for (guint n = 2; g_hash_table_contains(ids, id); n++) {
		g_free(id);
		id = ascii ? g_strdup_printf("%s-%u", slug, n)
			   : g_strdup_printf("college-%u-%u", index + 1, n);
	}
	g_hash_table_add(ids, g_strdup(id));
	if (ascii)
		pb_draft_set(&r->c->id, id);
	else
		pb_draft_guess(&r->c->id, id,
			       "a short ASCII id (lowercase letters, digits, -): it names the "
			       "output files, e.g. boards/%s-01.pdf",
			       id);
}

/* ---- people -------------------------------------------------------------------------------- */

/* A record's field into a draft value: found, or missing with `what` to fill in. */
static void
field(pb_draft_value *v, const pb_entry *rec, pb_field f, const char *what, const char *doc)
{
	if (rec && rec->f[f])
		pb_draft_set(v, rec->f[f]);
	else if (doc)
		pb_draft_miss(v, "%s: not found in %s", what, doc);
	else
		pb_draft_miss(v, "%s: no Word file gives it", what);
}

static void
testimonials(pb_college_read *r)
{
	const char *doc = r->doc[PB_DOC_TESTIMONIALS];
	for (guint i = 0; i < r->records[PB_DOC_TESTIMONIALS]->len; i++) {
		const pb_entry *rec = r->records[PB_DOC_TESTIMONIALS]->pdata[i];
		if (!rec->f[PB_FIELD_NAME] && !rec->f[PB_FIELD_TEXT])
			continue;
		pb_draft_testimonial *t = pb_draft_add_testimonial(r->c);
		field(&t->name, rec, PB_FIELD_NAME, "the graduate's name (姓名)", doc);
		field(&t->class_, rec, PB_FIELD_CLASS, "the class (班级)", doc);
		field(&t->text, rec, PB_FIELD_TEXT, "the testimonial (感言)", doc);
	}
}

/* The picture of use `use` not yet taken whose name holds `name`. */
static pb_picture *
picture_named(pb_college_read *r, pb_use use, const char *name)
{
	for (guint i = 0; name && i < r->pictures->len; i++) {
		pb_picture *p = r->pictures->pdata[i];
		if (p->use == use && !p->taken && strstr(p->file->stem, name))
			return p;
	}
	return NULL;
}

static void
take_picture(pb_draft_value *v, pb_picture *p)
{
	p->taken = TRUE;
	if (p->unreadable)
		pb_draft_guess(v, p->file->rel, "this image cannot be read: %s", p->unreadable);
	else
		pb_draft_set(v, p->file->rel);
}

static void
role_of(pb_draft_value *v, const char *written, guint index)
{
	const char *role = pb_fields_role(written);
	if (role)
		pb_draft_set(v, role);
	else if (index < PB_ROLE_COUNT)
		/* the manifest's roles are in the notice's order */
		pb_draft_guess(v, pb_role_choices[index],
			       "guessed from the order of the notice (院长, 书记, 毕业班辅导员, "
			       "学管干事, 副书记)%s%s%s",
			       written ? ": '" : "", written ? written : "",
			       written ? "' is none" : "");
	else
		pb_draft_guess(v, "counselor",
			       "dean, secretary, counselor, officer or deputy? (%s)",
			       written ? written : "no title given");
}

static void
blessings(pb_college_read *r)
{
	const char *doc = r->doc[PB_DOC_BLESSINGS];
	guint n = 0;
	for (guint i = 0; i < r->records[PB_DOC_BLESSINGS]->len; i++) {
		const pb_entry *rec = r->records[PB_DOC_BLESSINGS]->pdata[i];
		if (!rec->f[PB_FIELD_NAME] && !rec->f[PB_FIELD_TEXT])
			continue;
		pb_draft_blessing *b = pb_draft_add_blessing(r->c);
		role_of(&b->role, rec->f[PB_FIELD_ROLE], n++);
		field(&b->name, rec, PB_FIELD_NAME, "who gives the blessing (姓名)", doc);
		field(&b->text, rec, PB_FIELD_TEXT, "the blessing (寄语)", doc);
		pb_picture *p = picture_named(r, PB_USE_PORTRAIT, rec->f[PB_FIELD_NAME]);
		if (p)
			take_picture(&b->portrait, p);
		else
			pb_draft_miss(&b->portrait, "no picture is named after %s",
				      rec->f[PB_FIELD_NAME] ? rec->f[PB_FIELD_NAME]
							    : "this person");
	}
	/* Portraits that no blessing names: a blessing each, its person read from the name. */
	for (guint i = 0; i < r->pictures->len; i++) {
		pb_picture *p = r->pictures->pdata[i];
		if (p->use != PB_USE_PORTRAIT || p->taken)
			continue;
		pb_entry from = {{0}};
		pb_fields_from_name(p->file->stem, &from);
		if (from.f[PB_FIELD_NAME]) {
			pb_draft_blessing *b = pb_draft_add_blessing(r->c);
			role_of(&b->role, from.f[PB_FIELD_ROLE], n++);
			pb_draft_guess(&b->name, from.f[PB_FIELD_NAME],
				       "read from the portrait's file name");
			pb_draft_miss(&b->text, "the blessing (寄语): %s",
				      doc ? "not in the Word file" : "no Word file gives it");
			take_picture(&b->portrait, p);
		}
		for (int f = 0; f < PB_FIELD_COUNT; f++)
			g_free(from.f[f]);
	}
}

static void
star(pb_college_read *r)
{
	const GPtrArray *recs = r->records[PB_DOC_STAR];
	gboolean photos = FALSE;
	for (guint i = 0; i < r->pictures->len; i++)
		photos |= ((pb_picture *)r->pictures->pdata[i])->use == PB_USE_STAR;
	if (!recs->len && !photos)
		return;
	const pb_entry *rec = recs->len ? recs->pdata[0] : NULL;
	const char *doc = r->doc[PB_DOC_STAR];
	pb_draft_star *s = pb_draft_add_star(r->c);
	field(&s->name, rec, PB_FIELD_NAME, "the outstanding graduate's name (姓名)", doc);
	field(&s->class_, rec, PB_FIELD_CLASS, "the class (班级)", doc);
	field(&s->story, rec, PB_FIELD_TEXT, "the story (事迹, about 500 characters)", doc);
	for (guint i = 0; i < r->pictures->len; i++) {
		pb_picture *p = r->pictures->pdata[i];
		if (p->use == PB_USE_STAR && !p->taken) {
			p->taken = TRUE;
			g_ptr_array_add(s->photos, g_strdup(p->file->rel));
		}
	}
	if (!s->photos->len)
		pb_draft_miss(&s->photos_note, "3 to 5 photos of the story: none found");
	for (guint i = 1; i < recs->len; i++) {
		const pb_entry *other = recs->pdata[i];
		g_ptr_array_add(
		    r->c->unused,
		    g_strdup_printf("another outstanding graduate's story (%s): one is "
				    "shown per college",
				    other->f[PB_FIELD_NAME] ? other->f[PB_FIELD_NAME] : "?"));
	}
}

static const pb_entry *
honoree_record(const pb_college_read *r, const char *name)
{
	for (guint i = 0; name && i < r->records[PB_DOC_HONOREES]->len; i++) {
		const pb_entry *h = r->records[PB_DOC_HONOREES]->pdata[i];
		if (h->f[PB_FIELD_NAME] && !strcmp(h->f[PB_FIELD_NAME], name))
			return h;
	}
	return NULL;
}

static void
honoree_level(pb_draft_value *v, const char *written)
{
	const char *level = pb_fields_level(written);
	if (level)
		pb_draft_set(v, level);
	else
		pb_draft_guess(v, "school", "provincial (省级) or school (校级)?");
}

static void
honorees(pb_college_read *r)
{
	g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal);
	const char *doc = r->doc[PB_DOC_HONOREES];
	for (guint i = 0; i < r->pictures->len; i++) {
		pb_picture *p = r->pictures->pdata[i];
		if (p->use != PB_USE_HONOREE || p->taken)
			continue;
		pb_entry from = {{0}};
		pb_fields_from_name(p->file->stem, &from);
		/* a folder 省级/ or 校级/ gives the level */
		g_auto(GStrv) dirs = g_strsplit(p->file->dir, "/", -1);
		for (char **d = dirs; *d && !from.f[PB_FIELD_LEVEL]; d++)
			if (pb_fields_level(*d))
				from.f[PB_FIELD_LEVEL] = g_strdup(*d);
		const pb_entry *listed = honoree_record(r, from.f[PB_FIELD_NAME]);
		pb_draft_honoree *h = pb_draft_add_honoree(r->c);
		if (from.f[PB_FIELD_NAME])
			pb_draft_set(&h->name, from.f[PB_FIELD_NAME]);
		else
			pb_draft_miss(&h->name,
				      "the graduate's name: the file name (%s) gives none",
				      p->file->name);
		const char *klass = from.f[PB_FIELD_CLASS] ? from.f[PB_FIELD_CLASS]
				    : listed               ? listed->f[PB_FIELD_CLASS]
							   : NULL;
		if (klass)
			pb_draft_set(&h->class_, klass);
		else
			pb_draft_miss(&h->class_,
				      "the class (班级): neither the file name nor %s "
				      "gives it",
				      doc ? doc : "a list of honorees");
		honoree_level(&h->level, from.f[PB_FIELD_LEVEL] ? from.f[PB_FIELD_LEVEL]
					 : listed               ? listed->f[PB_FIELD_LEVEL]
								: NULL);
		take_picture(&h->photo, p);
		if (h->name.text)
			g_hash_table_add(seen, h->name.text);
		for (int f = 0; f < PB_FIELD_COUNT; f++)
			g_free(from.f[f]);
	}
	/* Listed, but no ID photo found. */
	for (guint i = 0; i < r->records[PB_DOC_HONOREES]->len; i++) {
		const pb_entry *rec = r->records[PB_DOC_HONOREES]->pdata[i];
		if (!rec->f[PB_FIELD_NAME] || g_hash_table_contains(seen, rec->f[PB_FIELD_NAME]))
			continue;
		pb_draft_honoree *h = pb_draft_add_honoree(r->c);
		pb_draft_set(&h->name, rec->f[PB_FIELD_NAME]);
		field(&h->class_, rec, PB_FIELD_CLASS, "the class (班级)", doc);
		honoree_level(&h->level, rec->f[PB_FIELD_LEVEL]);
		pb_draft_miss(&h->photo,
			      "the red-background 2-inch ID photo: no picture is named "
			      "after %s",
			      rec->f[PB_FIELD_NAME]);
	}
}

/* ---- the college --------------------------------------------------------------------------- */

static void
picture_free(gpointer p)
{
	pb_picture *x = p;
	g_free(x->unreadable);
	g_free(x);
}

void
pb_college_read_folder(pb_draft *d, const char *folder, const char *shown, const char *name,
		       guint index, GHashTable *ids, pb_diags *diags)
{
	g_autofree char *fs = g_build_filename(folder, name, NULL);
	g_autofree char *at = g_build_filename(shown, name, NULL);
	pb_college_read r = {0};
	r.c = pb_draft_add_college(d);
	r.c->folder = g_strdup(name);
	r.diags = diags;
	r.files = pb_walk_files(fs, at, TRUE, diags);
	r.pictures = g_ptr_array_new_with_free_func(picture_free);
	for (int k = 0; k <= PB_DOC_HONOREES; k++)
		r.records[k] = g_ptr_array_new_with_free_func(pb_entry_free);
	read_documents(&r);
	name_and_id(&r, name, index, ids);
	sort_images(&r);
	pb_college_photos(&r);
	testimonials(&r);
	blessings(&r);
	star(&r);
	honorees(&r);
	for (guint i = 0; i < r.pictures->len; i++) {
		const pb_picture *p = r.pictures->pdata[i];
		if (!p->taken)
			g_ptr_array_add(r.c->unused, g_strdup_printf("%s: %s, used for nothing",
								     p->file->rel, p->why));
	}
	for (guint i = 0; i < r.files->len; i++) {
		const pb_walk_file *f = r.files->pdata[i];
		if (f->kind == PB_FILE_OTHER)
			g_ptr_array_add(
			    r.c->unused,
			    g_strdup_printf("%s: neither a picture nor a Word file", f->rel));
	}
	for (int k = 0; k <= PB_DOC_HONOREES; k++) {
		g_ptr_array_unref(r.records[k]);
		g_free(r.doc[k]);
	}
	g_free(r.star_dir);
	g_ptr_array_unref(r.pictures);
	g_ptr_array_unref(r.files);
}
