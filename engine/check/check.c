/* check.c — the checks of DESIGN.md's rule table that need no typesetting.
 *
 * Thresholds come from the manifest's rule settings (rules.c); the checks only compare.  Every
 * image is probed once however often it is referred to, and only approved items are checked:
 * a pending or rejected item appears in no output, so its faults are not the print's.
 */
#include "check.h"
#include "rules.h"
#include "text/text.h"
#include "load/containment.h"

#include <math.h>

/* honoree.photo's border measurement, made once per file however many refer to it. */
typedef struct border {
	gboolean ok;
	double red_share, red_mean[3];
	char *error;               /* when !ok */
	const char *fs;            /* the file, borrowed from the model */
	const pb_image_info *info; /* its probe, borrowed from the registry */
	pb_filesums *sums;         /* where its sum goes first, or NULL */
} border;

/* The ID photos' borders, read on the processors while the build goes on (pb_check_begin),
 * and the honorees whose findings wait for them (pb_check_settle). */
struct pb_check_borders {
	GHashTable *borders; /* fs path -> border* */
	GThreadPool *pool;   /* reading them; NULL once joined */
	GPtrArray *waiting;  /* of const pb_honoree *, in manifest order */
	GHashTable *failed;  /* fs paths that could not be read, borrowed from the registry */
	GMutex lock;         /* settling happens once, on whichever thread asks first */
	gboolean settled;
	gboolean strict; /* the build's --strict, for `found` */
	pb_diags *found; /* what settling found */
};

typedef struct checker {
	const pb_manifest *m;
	pb_diags *diags;
	pb_check_result *r;
	GHashTable *borders;  /* fs path -> border*, r->borders' */
	GHashTable *failed;   /* fs paths that could not be read, borrowed from the registry */
	GStringChunk *labels; /* college labels made up for colleges without an id */
} checker;

static void
border_free(gpointer p)
{
	border *b = p;
	g_free(b->error);
	g_free(b);
}

static pb_severity
sev(const checker *c, pb_rule_id id)
{
	return c->m->rules[id].severity;
}

static double
param(const checker *c, pb_rule_id id, const char *name)
{
	return pb_rule_param(c->m->rules, id, name);
}

static void report(checker *c, pb_rule_id id, pb_loc loc, const char *fmt, ...) G_GNUC_PRINTF(4, 5);

static void
report(checker *c, pb_rule_id id, pb_loc loc, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	g_autofree char *msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	pb_diag_add(c->diags, loc, sev(c, id), pb_rule_def_lookup(id)->id, "%s", msg);
}

/* Probes `path` once; reports image.readable at every reference to a bad file.  Returns the
 * info of a good file, else NULL. */
static const pb_image_info *
image(checker *c, const pb_path *path, gboolean svg_allowed)
{
	const char *why = NULL;
	const pb_image_info *info = pb_images_probe(c->r->registry, path->fs, &why);
	if (!info) {
		g_hash_table_add(c->failed, (gpointer)path->fs);
		g_autofree char *hint =
		    pb_path_backslash_hint(c->m->dir, path->shown, path->written, why);
		report(c, PB_RULE_IMAGE_READABLE, path->loc, "cannot read image '%s': %s%s",
		       path->shown, why, hint);
		return NULL;
	}
	if (info->format == PB_IMAGE_SVG && !svg_allowed) {
		report(c, PB_RULE_IMAGE_READABLE, path->loc,
		       "image '%s' is an SVG drawing; photos must be JPEG or PNG", path->shown);
		return NULL;
	}
	return info;
}

/* image.pixels: the notice asks for ≥ 3000×1800, read after EXIF orientation. */
static void
check_pixels(checker *c, const pb_path *path, const char *what)
{
	const pb_image_info *info = image(c, path, FALSE);
	if (!info)
		return;
	guint lo = MIN(info->oriented_width, info->oriented_height);
	guint hi = MAX(info->oriented_width, info->oriented_height);
	double want_long = param(c, PB_RULE_IMAGE_PIXELS, "long");
	double want_short = param(c, PB_RULE_IMAGE_PIXELS, "short");
	if (hi < want_long || lo < want_short)
		report(c, PB_RULE_IMAGE_PIXELS, path->loc,
		       "%s '%s' is %u×%u px, below the %.0f×%.0f px asked for", what, path->shown,
		       info->oriented_width, info->oriented_height, want_long, want_short);
}

/* How messages name a college: its id, or where it starts when it has none (that is an error
 * of its own, but its items are still checked). */
static const char *
college_label(checker *c, const pb_college *col)
{
	if (col->id.s)
		return col->id.s;
	g_autofree char *label = g_strdup_printf("college at line %u", col->loc.line);
	return g_string_chunk_insert_const(c->labels, label);
}

static void
leave_out(checker *c, pb_loc loc, pb_status status, char *what)
{
	pb_left_out *lo = g_new0(pb_left_out, 1);
	lo->loc = loc;
	lo->status = status;
	lo->what = what;
	g_ptr_array_add(c->r->left_out, lo);
}

/* TRUE when the item takes part; records it as left out otherwise. */
static gboolean
approved(checker *c, pb_status status, pb_loc loc, char *what)
{
	if (status == PB_STATUS_APPROVED) {
		g_free(what);
		return TRUE;
	}
	leave_out(c, loc, status, what);
	return FALSE;
}

/* image.duplicate: a file listed a second time in one college's photos would be placed twice
 * on its boards, which is never what the college meant (a copy-paste slip in a long list).
 * `first` maps the files seen so far to the path that listed them first. */
static void
check_duplicate(checker *c, GHashTable *first, const pb_path *path)
{
	const pb_path *was = g_hash_table_lookup(first, path->fs);
	if (!was) {
		g_hash_table_insert(first, (gpointer)path->fs, (gpointer)path);
		return;
	}
	report(c, PB_RULE_IMAGE_DUPLICATE, path->loc,
	       "photo '%s' is listed twice in this college: first at line %u:%u; it would be "
	       "placed twice",
	       path->shown, was->loc.line, was->loc.col);
}

static void
check_photos(checker *c, const pb_college *col)
{
	const char *id = college_label(c, col);
	guint n = 0;
	g_autoptr(GHashTable) first = g_hash_table_new(g_str_hash, g_str_equal);
	for (guint i = 0; i < col->photos->len; i++) {
		const pb_photo *p = col->photos->pdata[i];
		if (!approved(c, p->status, p->loc,
			      g_strdup_printf("photo %s (%s)", p->title.s, id)))
			continue;
		n++;
		for (guint f = 0; f < p->files->len; f++) {
			const pb_path *path = &g_array_index(p->files, pb_path, f);
			check_pixels(c, path, "photo");
			check_duplicate(c, first, path);
		}
	}
	c->r->photos += n;
	double min = param(c, PB_RULE_COLLEGE_PHOTOS, "min");
	if (n < min)
		report(c, PB_RULE_COLLEGE_PHOTOS, col->loc,
		       "%s%s has %u photo%s (or groups), at least %.0f are asked for",
		       col->id.s ? "college " : "", id, n, n == 1 ? "" : "s", min);
}

static void
check_testimonials(checker *c, const pb_college *col)
{
	const char *id = college_label(c, col);
	guint n = 0;
	for (guint i = 0; i < col->testimonials->len; i++) {
		const pb_testimonial *t = col->testimonials->pdata[i];
		if (approved(c, t->status, t->loc,
			     g_strdup_printf("testimonial of %s (%s)", t->name.s, id)))
			n++;
	}
	c->r->testimonials += n;
	double min = param(c, PB_RULE_COLLEGE_TESTIMONIALS, "min");
	if (n < min)
		report(c, PB_RULE_COLLEGE_TESTIMONIALS, col->loc,
		       "%s%s has %u testimonial%s, at least %.0f are asked for",
		       col->id.s ? "college " : "", id, n, n == 1 ? "" : "s", min);
}

static const char *
role_phrase(pb_role role)
{
	static const char *const phrase[] = {"the dean", "the secretary", "a counselor",
					     "an officer", "the deputy secretary"};
	return phrase[role];
}

static void
check_blessings(checker *c, const pb_college *col)
{
	const char *id = college_label(c, col);
	for (guint i = 0; i < col->blessings->len; i++) {
		const pb_blessing *b = col->blessings->pdata[i];
		if (!approved(c, b->status, b->loc,
			      g_strdup_printf("blessing of %s (%s)", b->name.s, id)))
			continue;
		c->r->blessings++;
		gboolean senior = b->role == PB_ROLE_DEAN || b->role == PB_ROLE_SECRETARY;
		double limit = param(c, PB_RULE_BLESSING_LENGTH, senior ? "long" : "short");
		guint n = pb_text_count_chars(b->text.s);
		if (n > limit)
			report(c, PB_RULE_BLESSING_LENGTH, b->text.loc,
			       "blessing of %s has %u character%s, the limit is %.0f",
			       role_phrase(b->role), n, n == 1 ? "" : "s", limit);
		if (!b->portrait.written)
			report(c, PB_RULE_BLESSING_PORTRAIT, b->loc,
			       "blessing of %s %s has no portrait", role_phrase(b->role),
			       b->name.s);
		else
			image(c, &b->portrait, FALSE);
	}
}

static void
check_star(checker *c, const pb_college *col)
{
	const char *id = college_label(c, col);
	const pb_star *s = col->star;
	if (!s || !approved(c, s->status, s->loc,
			    g_strdup_printf("outstanding graduate %s (%s)", s->name.s, id)))
		return;
	c->r->stars++;
	guint n = pb_text_count_chars(s->story.s);
	double min = param(c, PB_RULE_STAR_STORY, "min"), max = param(c, PB_RULE_STAR_STORY, "max");
	if (n < min || n > max)
		report(c, PB_RULE_STAR_STORY, s->story.loc,
		       "the story of %s has %u character%s; about 500 are asked for (%.0f to "
		       "%.0f)",
		       s->name.s, n, n == 1 ? "" : "s", min, max);
	guint photos = s->photos->len;
	min = param(c, PB_RULE_STAR_PHOTOS, "min");
	max = param(c, PB_RULE_STAR_PHOTOS, "max");
	if (photos < min || photos > max)
		report(c, PB_RULE_STAR_PHOTOS, s->loc,
		       "%s has %u photo%s; %.0f to %.0f are asked for", s->name.s, photos,
		       photos == 1 ? "" : "s", min, max);
	for (guint i = 0; i < s->photos->len; i++)
		check_pixels(c, &g_array_index(s->photos, pb_path, i), "star photo");
}

/* Milliseconds each border read waits first, from $PAIBAN_TEST_SLOW_BORDERS: for the tests,
 * which must see a file drawn before its borders' findings are made (085-honor).  0 else. */
static guint
test_delay_ms(void)
{
	static gsize once;
	static guint ms;
	if (g_once_init_enter(&once)) {
		const char *env = g_getenv("PAIBAN_TEST_SLOW_BORDERS");
		ms = env ? (guint)MIN(g_ascii_strtoull(env, NULL, 10), 10000) : 0;
		g_once_init_leave(&once, 1);
	}
	return ms;
}

/* Reads the border of b->fs (a GThreadPool function: each border is its own). */
static void
measure_border(gpointer data, gpointer unused)
{
	border *b = data;
	if (test_delay_ms())
		g_usleep(test_delay_ms() * (gulong)1000);
	if (b->sums)
		pb_filesums_get(b->sums, b->fs); /* a failure is the border's to report */
	g_autoptr(GError) err = NULL;
	b->ok = pb_image_border_red(b->fs, b->info, &b->red_share, b->red_mean, &err);
	if (!b->ok)
		b->error = g_strdup(err->message);
}

/* The borders of every approved honoree's ID photo, started on every processor before the
 * checks and read while the rest of the check and the build go on.  They are the check's one
 * real decoding (each photo down to an eighth of its height, at 1/8 scale: a twentieth of a
 * millisecond or so for a 413×579 JPEG), so a roll of hundreds would otherwise be a good part
 * of a build's time.  Their findings are made in manifest order when the build settles them
 * (pb_check_settle); a photo that does not probe is left to the checks, which report it. */
static void
measure_borders(checker *c, pb_check_borders *cb, pb_filesums *sums)
{
	if (sev(c, PB_RULE_HONOREE_PHOTO) == PB_SEV_OFF)
		return;
	g_autoptr(GPtrArray) todo = g_ptr_array_new();
	for (guint i = 0; i < c->m->colleges->len; i++) {
		const pb_college *col = c->m->colleges->pdata[i];
		for (guint k = 0; k < col->honorees->len; k++) {
			const pb_honoree *h = col->honorees->pdata[k];
			if (h->status != PB_STATUS_APPROVED || !h->photo.written ||
			    g_hash_table_contains(c->borders, h->photo.fs))
				continue;
			const pb_image_info *info =
			    pb_images_probe(c->r->registry, h->photo.fs, NULL);
			if (!info || info->format == PB_IMAGE_SVG)
				continue;
			border *b = g_new0(border, 1);
			b->fs = h->photo.fs, b->info = info, b->sums = sums;
			g_hash_table_insert(c->borders, g_strdup(h->photo.fs), b);
			g_ptr_array_add(todo, b);
		}
	}
	guint threads = MIN(g_get_num_processors(), todo->len);
	if (threads < 2) {
		for (guint i = 0; i < todo->len; i++)
			measure_border(todo->pdata[i], NULL);
		return;
	}
	cb->pool = g_thread_pool_new(measure_border, NULL, (gint)threads, TRUE, NULL);
	for (guint i = 0; i < todo->len; i++)
		g_thread_pool_push(cb->pool, todo->pdata[i], NULL);
}

/* honoree.photo: a red-background 2-inch ID photo (35×45, 35×49 or 35×53 mm: w/h 0.65–0.78). */
static void
check_honoree(checker *c, const pb_college *col, const pb_honoree *h)
{
	if (!h->photo.written) {
		report(c, PB_RULE_HONOREE_PHOTO, h->loc, "honoree %s has no ID photo", h->name.s);
		return;
	}
	const pb_image_info *info = image(c, &h->photo, FALSE);
	if (!info || sev(c, PB_RULE_HONOREE_PHOTO) == PB_SEV_OFF)
		return;
	double ratio = (double)info->oriented_width / info->oriented_height;
	double lo = param(c, PB_RULE_HONOREE_PHOTO, "min_ratio");
	double hi = param(c, PB_RULE_HONOREE_PHOTO, "max_ratio");
	if (ratio < lo || ratio > hi)
		report(
		    c, PB_RULE_HONOREE_PHOTO, h->photo.loc,
		    "ID photo '%s' is %u×%u px (width/height %.3f); a 2-inch photo is %.2f to %.2f",
		    h->photo.shown, info->oriented_width, info->oriented_height, ratio, lo, hi);
	if (g_hash_table_contains(c->borders, h->photo.fs))
		g_ptr_array_add(c->r->borders->waiting, (gpointer)h);
}

/* honoree.photo's border, once read: red, or a photo that could not be read. */
static void
check_border(checker *c, const pb_honoree *h)
{
	border *b = g_hash_table_lookup(c->borders, h->photo.fs);
	if (!b->ok) {
		g_hash_table_add(c->failed, (gpointer)h->photo.fs);
		report(c, PB_RULE_IMAGE_READABLE, h->photo.loc, "cannot read image '%s': %s",
		       h->photo.shown, b->error);
		return;
	}
	double share = b->red_share, *mean = b->red_mean;
	double want = param(c, PB_RULE_HONOREE_PHOTO, "red_share");
	if (share < want)
		report(c, PB_RULE_HONOREE_PHOTO, h->photo.loc,
		       "ID photo '%s' has no red background (%.0f%% of its border is red, "
		       "#%02x%02x%02x "
		       "on average)",
		       h->photo.shown, share * 100, (unsigned)lround(mean[0] * 255),
		       (unsigned)lround(mean[1] * 255), (unsigned)lround(mean[2] * 255));
}

static void
check_honorees(checker *c, const pb_college *col)
{
	const char *id = college_label(c, col);
	for (guint i = 0; i < col->honorees->len; i++) {
		const pb_honoree *h = col->honorees->pdata[i];
		if (!approved(c, h->status, h->loc,
			      g_strdup_printf("honoree %s (%s)", h->name.s, id)))
			continue;
		c->r->honorees++;
		check_honoree(c, col, h);
	}
}

/* The roster: what reading it found, then its rows' values.  Every finding is at
 * roster.csv:line:col, so that any of them stops the insert and nothing else. */
static void
check_roster(checker *c)
{
	const pb_roster *r = c->m->roster;
	if (!r)
		return;
	for (guint i = 0; i < r->findings->items->len; i++) {
		const pb_diag *d = r->findings->items->pdata[i];
		pb_diag_add(c->diags, d->loc, d->severity, d->rule, "%s", d->message);
	}
	/* a graduate is the same person when name, class and college are */
	g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	g_autofree char *colleges = NULL;
	for (guint i = 0; i < r->rows->len; i++) {
		const pb_graduate *g = &g_array_index(r->rows, pb_graduate, i);
		if (!g->name.s)
			pb_diag_error(c->diags, g->name.loc, "roster.name",
				      "a graduate with no name");
		if (!g->class_.s)
			pb_diag_warning(c->diags, g->class_.loc, "roster.class",
					"%s has no class; the card shows none",
					g->name.s ? g->name.s : "a graduate");
		if (!g->college && !colleges) {
			GString *list = g_string_new(NULL);
			for (guint k = 0; k < c->m->colleges->len; k++) {
				const pb_college *col = c->m->colleges->pdata[k];
				g_string_append_printf(list, "%s%s %s", k ? ", " : "",
						       col->id.s ? col->id.s : "?",
						       col->name.s ? col->name.s : "");
			}
			colleges = g_string_free(list, FALSE);
		}
		if (!g->college && g->college_written.s)
			pb_diag_error(c->diags, g->college_written.loc, "roster.college",
				      "no college '%s' in the manifest (colleges: %s)",
				      g->college_written.s, colleges);
		else if (!g->college)
			pb_diag_error(c->diags, g->college_written.loc, "roster.college",
				      "%s has no college", g->name.s ? g->name.s : "a graduate");
		if (!g->name.s || !g->college)
			continue;
		char *key = g_strdup_printf("%s\x1f%s\x1f%p", g->name.s,
					    g->class_.s ? g->class_.s : "", (void *)g->college);
		const pb_graduate *first = g_hash_table_lookup(seen, key);
		if (first) {
			pb_diag_warning(
			    c->diags, g->name.loc, "roster.duplicate",
			    "%s (%s, %s) is listed twice, first at line %u; the card is "
			    "printed twice",
			    g->name.s, g->class_.s ? g->class_.s : "no class", g->college->id.s,
			    first->name.loc.line);
			g_free(key);
		} else
			g_hash_table_insert(seen, key, (gpointer)g);
	}
	/* an insert's quantity, with a roster, is the run the school orders: one card a
	 * graduate */
	for (guint i = 0; i < c->m->outputs->len; i++) {
		const pb_output *o = c->m->outputs->pdata[i];
		if (o->kind == PB_KIND_INSERT && o->quantity_loc.line && r->rows->len &&
		    o->quantity != r->rows->len)
			pb_diag_warning(c->diags, o->quantity_loc, "insert.quantity",
					"output '%s' orders %u cards, but the roster has %u "
					"graduate%s: each graduate's card is printed once",
					o->id.s, o->quantity, r->rows->len,
					r->rows->len == 1 ? "" : "s");
	}
}

static void
left_out_free(gpointer p)
{
	pb_left_out *lo = p;
	g_free(lo->what);
	g_free(lo);
}

pb_check_result *
pb_check_begin(const pb_manifest *m, pb_diags *diags, pb_filesums *sums)
{
	pb_check_result *r = g_new0(pb_check_result, 1);
	r->m = m;
	r->left_out = g_ptr_array_new_with_free_func(left_out_free);
	r->registry = pb_images_new();
	pb_check_borders *cb = r->borders = g_new0(pb_check_borders, 1);
	cb->borders = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, border_free);
	cb->waiting = g_ptr_array_new();
	cb->failed = g_hash_table_new(g_str_hash, g_str_equal);
	g_mutex_init(&cb->lock);
	cb->strict = diags->strict;
	checker c = {m, diags, r, cb->borders, cb->failed, g_string_chunk_new(256)};
	if (m->event.logo.written)
		image(&c, &m->event.logo, TRUE);
	measure_borders(&c, cb, sums);
	for (guint i = 0; i < m->colleges->len; i++) {
		const pb_college *col = m->colleges->pdata[i];
		r->colleges++;
		check_photos(&c, col);
		check_testimonials(&c, col);
		check_blessings(&c, col);
		check_star(&c, col);
		check_honorees(&c, col);
	}
	if (m->graduates.written && !g_file_test(m->graduates.fs, G_FILE_TEST_IS_REGULAR)) {
		/* there but not a file (a folder, a FIFO): said as the images say it */
		if (g_file_test(m->graduates.fs, G_FILE_TEST_EXISTS))
			pb_diag_error(diags, m->graduates.loc, "roster.read",
				      "cannot read roster '%s': %s", m->graduates.shown,
				      g_file_test(m->graduates.fs, G_FILE_TEST_IS_DIR)
					  ? "is a directory"
					  : "not a regular file");
		else
			pb_diag_error(diags, m->graduates.loc, "file.missing",
				      "no roster file '%s'", m->graduates.shown);
	}
	check_roster(&c);
	/* a layout's background image is a photo like any other: probed once, read at the
	 * layout's line */
	for (guint i = 0; i < m->outputs->len; i++) {
		const pb_output *o = m->outputs->pdata[i];
		if (o->layout && o->layout->background_image.written)
			image(&c, &o->layout->background_image, FALSE);
	}

	/* What was read, not what was tried: a file that failed is counted apart. */
	r->unreadable = g_hash_table_size(c.failed);
	r->images = pb_images_count(r->registry) - r->unreadable;
	g_string_chunk_free(c.labels);
	return r;
}

const pb_diags *
pb_check_settle(pb_check_result *r)
{
	pb_check_borders *cb = r->borders;
	g_mutex_lock(&cb->lock);
	if (!cb->settled) {
		if (cb->pool)
			g_thread_pool_free(g_steal_pointer(&cb->pool), FALSE, TRUE); /* waits */
		/* the sums are the build's, gone before the result: no border refers to them */
		GHashTableIter it;
		gpointer b;
		g_hash_table_iter_init(&it, cb->borders);
		while (g_hash_table_iter_next(&it, NULL, &b))
			((border *)b)->sums = NULL;
		cb->found = pb_diags_new();
		cb->found->strict = cb->strict; /* --strict judges them as the rest */
		checker c = {r->m, cb->found, r, cb->borders, cb->failed, NULL};
		for (guint i = 0; i < cb->waiting->len; i++)
			check_border(&c, cb->waiting->pdata[i]);
		r->unreadable = g_hash_table_size(cb->failed);
		r->images = pb_images_count(r->registry) - r->unreadable;
		g_atomic_int_set(&cb->settled, TRUE);
	}
	g_mutex_unlock(&cb->lock);
	return cb->found;
}

const GPtrArray *
pb_check_waiting(const pb_check_result *r)
{
	return r->borders->waiting;
}

gboolean
pb_check_settled(pb_check_result *r)
{
	return g_atomic_int_get(&r->borders->settled);
}

void
pb_check_take_late(pb_check_result *r, pb_diags *into)
{
	pb_diags *found = (pb_diags *)pb_check_settle(r); /* ours: settled, no one else writes */
	g_ptr_array_extend_and_steal(into->items, g_steal_pointer(&found->items));
	found->items = g_ptr_array_new();
}

pb_check_result *
pb_check_manifest(const pb_manifest *m, pb_diags *diags)
{
	pb_check_result *r = pb_check_begin(m, diags, NULL);
	pb_check_take_late(r, diags);
	return r;
}

void
pb_check_result_free(pb_check_result *r)
{
	if (!r)
		return;
	pb_check_settle(r); /* no border is being read past here */
	pb_check_borders *cb = r->borders;
	g_hash_table_unref(cb->borders);
	g_ptr_array_unref(cb->waiting);
	g_hash_table_unref(cb->failed);
	pb_diags_free(cb->found);
	g_mutex_clear(&cb->lock);
	g_free(cb);
	g_ptr_array_unref(r->left_out);
	pb_images_free(r->registry);
	g_free(r);
}
