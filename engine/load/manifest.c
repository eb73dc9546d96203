/* manifest.c — the manifest's YAML tree -> pb_manifest, schema version 1 (DESIGN.md).
 *
 * Every key is checked against the key table (keys.h: a typo must not silently vanish), every
 * value keeps its position, and every path is resolved against the manifest's folder (or the
 * college's `folder`) and refused if it would leave the manifest's folder tree, by its spelling
 * or by where its symbolic links lead (containment.c).  It does not read files: whether an
 * image exists and reads is check.c's business.
 */
#include "manifest.h"
#include "containment.h"
#include "layoutspec.h"
#include "roster.h"
#include "check/rules.h"
#include "schema.h"
#include "yamltree.h"

#include <stdlib.h>
#include <string.h>

typedef struct loader {
	pb_schema s;
	pb_manifest *m;
	pb_containment *inside; /* where the paths' symbolic links lead */
} loader;

const char *
pb_role_key(pb_role role)
{
	return role < PB_ROLE_COUNT ? pb_role_choices[role] : "?";
}

const char *
pb_role_chinese(pb_role role)
{
	static const char *const zh[] = {"院长", "书记", "毕业班辅导员", "学管干事", "副书记"};
	return role < PB_ROLE_COUNT ? zh[role] : "?";
}

const char *
pb_kind_key(pb_output_kind kind)
{
	return kind < PB_KIND_COUNT ? pb_kind_choices[kind] : "?";
}

const char *
pb_status_key(pb_status status)
{
	return pb_status_choices[status];
}

static gpointer
owned(loader *l, gsize size)
{
	gpointer p = g_malloc0(size);
	g_ptr_array_add(l->m->owned, p);
	return p;
}

/* A path value: text, inside the manifest's tree.  Only a `folder` may name the manifest's
 * folder itself ("." or "./"). */
static gboolean
load_path_in(loader *l, const pb_node *node, const char *folder, const char *what,
	     gboolean folder_ok, pb_path *out)
{
	if (node->kind != PB_NODE_SCALAR || !*node->text) {
		pb_diag_error(l->s.diags, node->loc, "schema.type", "%s must be a file name", what);
		return FALSE;
	}
	g_autofree char *shown = pb_path_inside_spelled(folder, node->text);
	if (!shown) {
		pb_diag_error(l->s.diags, node->loc, "manifest.path",
			      "path '%s' leaves the manifest's folder; material must sit inside it",
			      node->text);
		return FALSE;
	}
	g_autofree char *fs =
	    strcmp(l->m->dir, ".") ? g_build_filename(l->m->dir, shown, NULL) : g_strdup(shown);
	if (*shown && !pb_containment_inside(l->inside, fs)) {
		pb_diag_error(l->s.diags, node->loc, "manifest.path",
			      "path '%s' leaves the manifest's folder (through a symbolic link); "
			      "material must sit inside it",
			      node->text);
		return FALSE;
	}
	if (!*shown && !folder_ok) {
		pb_diag_error(l->s.diags, node->loc, "manifest.path",
			      "path '%s' names the manifest's folder itself, not a file",
			      node->text);
		return FALSE;
	}
	out->written = pb_schema_intern(&l->s, node->text);
	out->shown = pb_schema_intern(&l->s, shown);
	out->fs = pb_schema_intern(&l->s, fs);
	out->loc = node->loc;
	return TRUE;
}

static gboolean
load_path(loader *l, const pb_node *node, const char *folder, const char *what, pb_path *out)
{
	return load_path_in(l, node, folder, what, FALSE, out);
}

static gboolean
load_path_field(loader *l, const pb_node *map, const char *key, gboolean required,
		const char *folder, const char *what, pb_path *out)
{
	const pb_node *v = pb_schema_field(&l->s, map, key, required, what);
	if (!v)
		return !required;
	g_autofree char *label = g_strdup_printf("'%s' of %s", key, what);
	return load_path(l, v, folder, label, out);
}

static gboolean
load_path_list(loader *l, const pb_node *seq, const char *folder, const char *what, GArray *out)
{
	if (!pb_schema_seq(&l->s, seq, what))
		return FALSE;
	gboolean ok = TRUE;
	for (guint i = 0; i < seq->items->len; i++) {
		pb_path p = {0};
		if (load_path(l, seq->items->pdata[i], folder, what, &p))
			g_array_append_val(out, p);
		else
			ok = FALSE;
	}
	return ok;
}

static gboolean
load_status(loader *l, const pb_node *map, const char *what, pb_status *out)
{
	int v = PB_STATUS_APPROVED;
	gboolean ok = pb_schema_enum(&l->s, map, "status", pb_status_choices, what, &v);
	*out = (pb_status)v;
	return ok;
}

/* Photo: { file | files, title, class, focus, status } */
static pb_photo *
load_photo(loader *l, const pb_node *n, const char *folder, const char *what)
{
	if (!pb_schema_map(&l->s, n, what))
		return NULL;
	gboolean ok = pb_schema_keyset(&l->s, n, &pb_photo_keys, what);
	pb_photo *p = owned(l, sizeof *p);
	p->loc = n->loc;
	p->files = g_array_new(FALSE, TRUE, sizeof(pb_path));
	g_ptr_array_add(l->m->arrays, p->files);
	const pb_node *file = pb_schema_field(&l->s, n, "file", FALSE, what);
	const pb_node *files = pb_schema_field(&l->s, n, "files", FALSE, what);
	if (file && files) {
		pb_diag_error(l->s.diags, files->loc, "schema.value",
			      "%s has both 'file' and 'files'; give one", what);
		ok = FALSE;
	} else if (file) {
		pb_path path = {0};
		if (load_path(l, file, folder, "'file'", &path))
			g_array_append_val(p->files, path);
		else
			ok = FALSE;
	} else if (files) {
		p->group = TRUE;
		ok &= load_path_list(l, files, folder, "'files'", p->files);
		if (ok && p->files->len == 0) {
			pb_diag_error(l->s.diags, files->loc, "schema.value",
				      "'files' of %s is empty", what);
			ok = FALSE;
		}
	} else {
		pb_diag_error(l->s.diags, n->loc, "schema.missing", "%s has no 'file' (or 'files')",
			      what);
		ok = FALSE;
	}
	ok &= pb_schema_text(&l->s, n, "title", TRUE, what, &p->title);
	ok &= pb_schema_text(&l->s, n, "class", TRUE, what, &p->class_);
	const pb_node *focus = pb_schema_field(&l->s, n, "focus", FALSE, what);
	if (focus) {
		gboolean good = focus->kind == PB_NODE_SEQ && focus->items->len == 2;
		for (guint i = 0; good && i < 2; i++) {
			const pb_node *c = focus->items->pdata[i];
			good = c->kind == PB_NODE_SCALAR &&
			       pb_schema_number(&l->s, c, "'focus'", &p->focus[i]) &&
			       p->focus[i] >= 0 && p->focus[i] <= 1;
		}
		if (!good) {
			pb_diag_error(l->s.diags, focus->loc, "schema.value",
				      "'focus' must be [x, y] with both from 0 to 1");
			ok = FALSE;
		}
		p->has_focus = good;
	}
	ok &= load_status(l, n, what, &p->status);
	return ok ? p : NULL;
}

static pb_testimonial *
load_testimonial(loader *l, const pb_node *n, const char *what)
{
	if (!pb_schema_map(&l->s, n, what))
		return NULL;
	gboolean ok = pb_schema_keyset(&l->s, n, &pb_testimonial_keys, what);
	pb_testimonial *t = owned(l, sizeof *t);
	t->loc = n->loc;
	ok &= pb_schema_text(&l->s, n, "name", TRUE, what, &t->name);
	ok &= pb_schema_text(&l->s, n, "class", TRUE, what, &t->class_);
	ok &= pb_schema_text(&l->s, n, "text", TRUE, what, &t->text);
	ok &= load_status(l, n, what, &t->status);
	return ok ? t : NULL;
}

static pb_blessing *
load_blessing(loader *l, const pb_node *n, const char *folder, const char *what)
{
	if (!pb_schema_map(&l->s, n, what))
		return NULL;
	gboolean ok = pb_schema_keyset(&l->s, n, &pb_blessing_keys, what);
	pb_blessing *b = owned(l, sizeof *b);
	b->loc = n->loc;
	int role = -1;
	if (!pb_schema_field(&l->s, n, "role", TRUE, what) ||
	    !pb_schema_enum(&l->s, n, "role", pb_role_choices, what, &role))
		ok = FALSE;
	b->role = role < 0 ? PB_ROLE_DEAN : (pb_role)role;
	ok &= pb_schema_text(&l->s, n, "name", TRUE, what, &b->name);
	ok &= pb_schema_text(&l->s, n, "text", TRUE, what, &b->text);
	ok &= load_path_field(l, n, "portrait", FALSE, folder, what, &b->portrait);
	ok &= load_status(l, n, what, &b->status);
	return ok ? b : NULL;
}

static pb_star *
load_star(loader *l, const pb_node *n, const char *folder, const char *what)
{
	if (!pb_schema_map(&l->s, n, what))
		return NULL;
	gboolean ok = pb_schema_keyset(&l->s, n, &pb_star_keys, what);
	pb_star *st = owned(l, sizeof *st);
	st->loc = n->loc;
	st->photos = g_array_new(FALSE, TRUE, sizeof(pb_path));
	g_ptr_array_add(l->m->arrays, st->photos);
	ok &= pb_schema_text(&l->s, n, "name", TRUE, what, &st->name);
	ok &= pb_schema_text(&l->s, n, "class", TRUE, what, &st->class_);
	ok &= pb_schema_text(&l->s, n, "story", TRUE, what, &st->story);
	const pb_node *photos = pb_schema_field(&l->s, n, "photos", TRUE, what);
	if (photos)
		ok &= load_path_list(l, photos, folder, "'photos' of the star", st->photos);
	else
		ok = FALSE;
	ok &= load_status(l, n, what, &st->status);
	return ok ? st : NULL;
}

static pb_honoree *
load_honoree(loader *l, const pb_node *n, const char *folder, const char *what)
{
	if (!pb_schema_map(&l->s, n, what))
		return NULL;
	gboolean ok = pb_schema_keyset(&l->s, n, &pb_honoree_keys, what);
	pb_honoree *h = owned(l, sizeof *h);
	h->loc = n->loc;
	ok &= pb_schema_text(&l->s, n, "name", TRUE, what, &h->name);
	ok &= pb_schema_text(&l->s, n, "class", TRUE, what, &h->class_);
	int level = -1;
	if (!pb_schema_field(&l->s, n, "level", TRUE, what) ||
	    !pb_schema_enum(&l->s, n, "level", pb_level_choices, what, &level))
		ok = FALSE;
	h->level = level < 0 ? PB_LEVEL_SCHOOL : (pb_level)level;
	ok &= load_path_field(l, n, "photo", FALSE, folder, what, &h->photo);
	ok &= load_status(l, n, what, &h->status);
	return ok ? h : NULL;
}

/* Loads each item of a list with `fn`; failures are left out (their errors are recorded). */
typedef gpointer (*item_loader)(loader *l, const pb_node *n, const char *folder, const char *what);

static void
load_items(loader *l, const pb_node *college, const char *key, const char *noun,
	   const char *college_id, const char *folder, item_loader fn, GPtrArray *out)
{
	g_autofree char *listwhat = g_strdup_printf("'%s' of %s", key, college_id);
	const pb_node *seq = pb_schema_field(&l->s, college, key, FALSE, listwhat);
	if (!seq || !pb_schema_seq(&l->s, seq, listwhat))
		return;
	for (guint i = 0; i < seq->items->len; i++) {
		g_autofree char *what = g_strdup_printf("%s %u of %s", noun, i + 1, college_id);
		gpointer item = fn(l, seq->items->pdata[i], folder, what);
		if (item)
			g_ptr_array_add(out, item);
	}
}

static gpointer
photo_fn(loader *l, const pb_node *n, const char *folder, const char *what)
{
	return load_photo(l, n, folder, what);
}
static gpointer
testimonial_fn(loader *l, const pb_node *n, const char *folder, const char *what)
{
	return load_testimonial(l, n, what);
}
static gpointer
blessing_fn(loader *l, const pb_node *n, const char *folder, const char *what)
{
	return load_blessing(l, n, folder, what);
}
static gpointer
honoree_fn(loader *l, const pb_node *n, const char *folder, const char *what)
{
	return load_honoree(l, n, folder, what);
}

static gboolean
is_slug(const char *s)
{
	if (!*s || strlen(s) > 64)
		return FALSE;
	for (; *s; s++)
		if (!g_ascii_islower(*s) && !g_ascii_isdigit(*s) && *s != '-' && *s != '_')
			return FALSE;
	return TRUE;
}

static void
check_slug(loader *l, const pb_text *id, const char *what, GHashTable *seen)
{
	if (!id->s)
		return;
	if (!is_slug(id->s)) {
		pb_diag_error(
		    l->s.diags, id->loc, "schema.value",
		    "%s id '%s' must be lowercase ASCII letters, digits, - or _ (it names "
		    "files)",
		    what, id->s);
		return;
	}
	const pb_loc *first = g_hash_table_lookup(seen, id->s);
	if (first)
		pb_diag_error(l->s.diags, id->loc, "schema.duplicate",
			      "%s id '%s' is used twice (first at line %u)", what, id->s,
			      first->line);
	else
		g_hash_table_insert(seen, (char *)id->s, (gpointer)&id->loc);
}

static void
load_college(loader *l, const pb_node *n, guint index, GHashTable *ids)
{
	g_autofree char *what = g_strdup_printf("college %u", index + 1);
	if (!pb_schema_map(&l->s, n, what))
		return;
	pb_schema_keyset(&l->s, n, &pb_college_keys, what);
	pb_college *c = owned(l, sizeof *c);
	c->loc = n->loc;
	c->photos = g_ptr_array_new();
	c->testimonials = g_ptr_array_new();
	c->blessings = g_ptr_array_new();
	c->honorees = g_ptr_array_new();
	pb_schema_text(&l->s, n, "id", TRUE, what, &c->id);
	pb_schema_text(&l->s, n, "name", TRUE, what, &c->name);
	check_slug(l, &c->id, "college", ids);
	const char *cid = c->id.s ? c->id.s : what;

	c->folder = "";
	const pb_node *folder = pb_schema_field(&l->s, n, "folder", FALSE, what);
	if (folder) {
		pb_path p = {0};
		if (load_path_in(l, folder, "", "'folder'", TRUE, &p))
			c->folder = p.shown;
	}
	load_items(l, n, "photos", "photo", cid, c->folder, photo_fn, c->photos);
	load_items(l, n, "testimonials", "testimonial", cid, c->folder, testimonial_fn,
		   c->testimonials);
	load_items(l, n, "blessings", "blessing", cid, c->folder, blessing_fn, c->blessings);
	load_items(l, n, "honorees", "honoree", cid, c->folder, honoree_fn, c->honorees);
	const pb_node *star = pb_schema_field(&l->s, n, "star", FALSE, what);
	if (star) {
		g_autofree char *swhat = g_strdup_printf("the star of %s", cid);
		c->star = load_star(l, star, c->folder, swhat);
	}
	g_ptr_array_add(l->m->colleges, c);
}

/* YYYY-MM-DD, digits only (no sign, no space: sscanf would take "-001-01-01"), a real day. */
static gboolean
is_day(const char *s)
{
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return FALSE;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !g_ascii_isdigit(s[i]))
			return FALSE;
	guint y = (guint)atoi(s), mo = (guint)atoi(s + 5), d = (guint)atoi(s + 8);
	return y >= 1 && mo >= 1 && mo <= 12 && d >= 1 &&
	       g_date_valid_dmy((GDateDay)d, (GDateMonth)mo, (GDateYear)y);
}

static void
load_event(loader *l, const pb_node *n)
{
	if (!pb_schema_map(&l->s, n, "'event'"))
		return;
	pb_schema_keyset(&l->s, n, &pb_event_keys, "event");
	pb_event *e = &l->m->event;
	pb_schema_text(&l->s, n, "school", TRUE, "event", &e->school);
	pb_schema_text(&l->s, n, "title", TRUE, "event", &e->title);
	pb_schema_text(&l->s, n, "edition", FALSE, "event", &e->edition);
	pb_schema_text(&l->s, n, "motto", FALSE, "event", &e->motto);
	if (pb_schema_text(&l->s, n, "date", TRUE, "event", &e->date) && e->date.s) {
		/* The date is also the PDFs' creation date, so it must be a real day. */
		if (!is_day(e->date.s)) {
			pb_diag_error(l->s.diags, e->date.loc, "schema.value",
				      "'date' must be a day written YYYY-MM-DD, not '%s'",
				      e->date.s);
			e->date.s = NULL;
		}
	}
	load_path_field(l, n, "logo", FALSE, "", "event", &e->logo);
}

static void
load_outputs(loader *l, const pb_node *seq)
{
	if (!pb_schema_seq(&l->s, seq, "'outputs'"))
		return;
	g_autoptr(GHashTable) ids = g_hash_table_new(g_str_hash, g_str_equal);
	for (guint i = 0; i < seq->items->len; i++) {
		const pb_node *n = seq->items->pdata[i];
		g_autofree char *what = g_strdup_printf("output %u", i + 1);
		if (!pb_schema_map(&l->s, n, what))
			continue;
		gboolean ok = pb_schema_keyset(&l->s, n, &pb_output_keys, what);
		pb_output *o = owned(l, sizeof *o);
		o->loc = n->loc;
		o->quantity = 1;
		ok &= pb_schema_text(&l->s, n, "id", TRUE, what, &o->id);
		check_slug(l, &o->id, "output", ids);
		int kind = -1;
		if (!pb_schema_field(&l->s, n, "kind", TRUE, what) ||
		    !pb_schema_enum(&l->s, n, "kind", pb_kind_choices, what, &kind))
			ok = FALSE;
		o->kind = kind < 0 ? PB_KIND_BOARD : (pb_output_kind)kind;
		ok &= pb_schema_text(&l->s, n, "layout", TRUE, what, &o->layout_name);
		ok &= pb_schema_uint(&l->s, n, "quantity", 1, 1000000, what, &o->quantity,
				     &o->quantity_loc);
		if (!ok)
			continue;
		o->layout =
		    pb_layout_load(o->layout_name.s, l->m->dir, o->layout_name.loc, l->s.diags);
		if (o->layout && o->layout->kind != o->kind) {
			pb_diag_error(l->s.diags, o->layout_name.loc, "layout.kind",
				      "layout '%s' is for kind '%s', but output '%s' is '%s'",
				      o->layout_name.s, pb_kind_key(o->layout->kind), o->id.s,
				      pb_kind_key(o->kind));
		}
		g_ptr_array_add(l->m->outputs, o);
	}
}

/* graduates: roster.csv, or {file: roster.csv, encoding: gb18030}.  The roster is read here,
 * its problems kept with it for the check to report (roster.h), and its rows bound to the
 * colleges, which are loaded by now. */
static void
load_graduates(loader *l, const pb_node *v)
{
	/* gbk and gb2312 are subsets of GB18030, and what older tools call the same files */
	const char *const *encodings = pb_encoding_choices;
	pb_manifest *m = l->m;
	pb_loc encoding_loc = {0};
	if (v->kind == PB_NODE_MAP) {
		if (!pb_schema_keyset(&l->s, v, &pb_graduates_keys, "graduates") ||
		    !load_path_field(l, v, "file", TRUE, "", "graduates", &m->graduates))
			return;
		const pb_node *e = pb_schema_field(&l->s, v, "encoding", FALSE, "graduates");
		if (e) {
			/* written as Excel and iconv spell them: GB18030, UTF-8, gbk all do */
			int enc = -1;
			for (int i = 0; e->kind == PB_NODE_SCALAR && encodings[i] && enc < 0; i++)
				if (!g_ascii_strcasecmp(encodings[i], e->text))
					enc = i;
			if (enc < 0 && e->kind != PB_NODE_SCALAR) {
				pb_diag_error(l->s.diags, e->loc, "schema.type",
					      "'encoding' of graduates must be utf-8 or gb18030, "
					      "not %s",
					      pb_node_kind_name(e));
				return;
			}
			if (enc < 0) {
				g_autofree char *safe = pb_diag_escape(e->text);
				pb_diag_error(
				    l->s.diags, e->loc, "schema.value",
				    "'encoding' of graduates must be utf-8 or gb18030, not "
				    "'%s'",
				    safe);
				return;
			}
			m->graduates_encoding = enc == 0 ? PB_ENCODING_UTF8 : PB_ENCODING_GB18030;
			encoding_loc = e->loc;
		}
	} else if (!load_path(l, v, "", "'graduates'", &m->graduates))
		return;
	m->roster =
	    pb_roster_load(m->graduates.fs, m->graduates_encoding, m->graduates.loc, encoding_loc);
	if (m->roster)
		pb_roster_bind(m->roster, m->colleges);
}

static void
output_free(gpointer p)
{
	pb_output *o = p;
	pb_layout_free(o->layout);
}

static void
college_free(gpointer p)
{
	pb_college *c = p;
	g_ptr_array_unref(c->photos);
	g_ptr_array_unref(c->testimonials);
	g_ptr_array_unref(c->blessings);
	g_ptr_array_unref(c->honorees);
}

static void
load_root(loader *l, const pb_node *root)
{
	pb_manifest *m = l->m;
	pb_loc top = pb_loc_make(m->file, 1, 1);
	if (!root) {
		pb_diag_error(l->s.diags, top, "schema.missing", "the manifest is empty");
		return;
	}
	if (!pb_schema_map(&l->s, root, "the manifest"))
		return;
	/* The version decides how everything else reads, so it comes first. */
	const pb_node *ver = pb_schema_field(&l->s, root, "paiban", TRUE, "the manifest");
	if (!ver)
		return;
	if (ver->kind != PB_NODE_SCALAR || strcmp(ver->text, "1") != 0) {
		pb_diag_error(l->s.diags, ver->loc, "manifest.version",
			      "unsupported manifest version '%s'; this paiban reads version %d",
			      ver->kind == PB_NODE_SCALAR ? ver->text : pb_node_kind_name(ver),
			      PB_MANIFEST_VERSION);
		return;
	}
	m->version = PB_MANIFEST_VERSION;
	pb_schema_keyset(&l->s, root, &pb_manifest_keys, "the manifest");

	const pb_node *v;
	if ((v = pb_schema_field(&l->s, root, "rules", FALSE, "the manifest")))
		pb_rules_load(&l->s, v, m->rules);
	if ((v = pb_schema_field(&l->s, root, "event", TRUE, "the manifest")))
		load_event(l, v);
	if ((v = pb_schema_field(&l->s, root, "colleges", TRUE, "the manifest")) &&
	    pb_schema_seq(&l->s, v, "'colleges'")) {
		g_autoptr(GHashTable) ids = g_hash_table_new(g_str_hash, g_str_equal);
		for (guint i = 0; i < v->items->len; i++)
			load_college(l, v->items->pdata[i], i, ids);
	}
	if ((v = pb_schema_field(&l->s, root, "graduates", FALSE, "the manifest")))
		load_graduates(l, v);
	if ((v = pb_schema_field(&l->s, root, "outputs", FALSE, "the manifest")))
		load_outputs(l, v);
}

pb_manifest *
pb_manifest_parse(const char *path, const char *data, gsize len, pb_diags *diags)
{
	pb_manifest *m = g_new0(pb_manifest, 1);
	m->file = g_intern_string(path);
	g_autofree char *dir = g_path_get_dirname(path);
	m->strings = g_string_chunk_new(4096);
	m->dir = g_string_chunk_insert_const(m->strings, dir);
	m->colleges = g_ptr_array_new_with_free_func(college_free);
	m->outputs = g_ptr_array_new_with_free_func(output_free);
	m->owned = g_ptr_array_new_with_free_func(g_free);
	m->arrays = g_ptr_array_new_with_free_func((GDestroyNotify)g_array_unref);
	m->rules = g_new0(pb_rule_setting, PB_RULE_COUNT);
	pb_rules_init(m->rules);

	g_autoptr(pb_yaml_doc) doc = pb_yaml_parse(path, data, len, diags);
	if (!doc) {
		pb_manifest_free(m);
		return NULL;
	}
	g_autoptr(pb_containment) inside = pb_containment_new(m->dir);
	loader l = {{diags, m->strings}, m, inside};
	load_root(&l, doc->root);
	return m;
}

pb_manifest *
pb_manifest_load(const char *path, pb_diags *diags, GError **error)
{
	g_autofree char *data = NULL;
	gsize len = 0;
	if (!pb_yaml_read_file(path, &data, &len, error))
		return NULL;
	return pb_manifest_parse(path, data, len, diags);
}

void
pb_manifest_free(pb_manifest *m)
{
	if (!m)
		return;
	g_ptr_array_unref(m->colleges);
	g_ptr_array_unref(m->outputs);
	g_ptr_array_unref(m->owned);
	g_ptr_array_unref(m->arrays);
	g_free(m->rules);
	pb_roster_free(m->roster);
	g_string_chunk_free(m->strings);
	g_free(m);
}
