/* test-init.c — paiban init on the example's submission folder, held to the hand-written
 * example manifest, value by value.
 *
 * build/example-submissions is what `mkexample --submissions` makes from the example (one
 * folder per college, Word files in table and paragraph form, the same pictures).  init reads
 * it, the draft is written as manifest text and loaded back by the manifest loader, and each
 * college of the result is compared with the example's college of the same name: every photo's
 * title, class and number of files, every testimonial, every blessing (role, name, text, a
 * portrait or none), the star (name, class, story, number of photos) and every honoree (name,
 * class, level).  Paths differ (the folders are laid out as handed in), ids too (the folder
 * names are Chinese: init asks for ids in a TODO), and status (init cannot know what the
 * school approved), so those are not compared.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "init/init.h"
#include "init/manifest-writer.h"
#include "load/docx.h"
#include "load/manifest.h"

#include <string.h>

#define SUBMISSIONS "build/example-submissions"
#define EXAMPLE "examples/graduation-2022/manifest.yaml"

typedef struct loaded {
	pb_manifest *example, *init;
	char *text; /* init's manifest text */
	guint found, todo;
} loaded;

static int
setup(void **state)
{
	loaded *l = g_new0(loaded, 1);
	pb_diags *d = pb_diags_new();
	g_autoptr(GError) err = NULL;
	l->example = pb_manifest_load(EXAMPLE, d, &err);
	assert_non_null(l->example);
	pb_draft *draft = pb_init_read(SUBMISSIONS, d, &err);
	if (!draft)
		fail_msg("cannot read %s (make %s.generated): %s", SUBMISSIONS, SUBMISSIONS,
			 err->message);
	l->text = pb_manifest_writer_text(draft, &l->found, &l->todo);
	pb_draft_free(draft);
	assert_int_equal(d->items->len, 0); /* the folder holds nothing init must warn about */
	pb_diags_free(d);
	*state = l;
	return 0;
}

static int
teardown(void **state)
{
	loaded *l = *state;
	pb_manifest_free(l->example);
	pb_manifest_free(l->init);
	g_free(l->text);
	g_free(l);
	return 0;
}

/* init's manifest, loaded by paiban's own loader as if it lay in the submission folder. */
static void
test_written_manifest_loads(void **state)
{
	loaded *l = *state;
	assert_true(g_str_has_prefix(l->text, "# yaml-language-server: $schema="));
	pb_diags *d = pb_diags_new();
	l->init = pb_manifest_parse(SUBMISSIONS "/manifest.yaml", l->text, strlen(l->text), d);
	assert_non_null(l->init);
	if (d->items->len)
		pb_diags_print(d, stderr);
	assert_int_equal(d->items->len, 0);
	pb_diags_free(d);
}

static const pb_college *
college_named(const pb_manifest *m, const char *name)
{
	for (guint i = 0; i < m->colleges->len; i++) {
		const pb_college *c = m->colleges->pdata[i];
		if (!g_strcmp0(c->name.s, name))
			return c;
	}
	return NULL;
}

/* The items of a list as sorted lines, to compare as multisets. */
typedef char *(*describe_fn)(gconstpointer item);

static int
by_text(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *
lines(const GPtrArray *items, describe_fn fn)
{
	g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func(g_free);
	for (guint i = 0; i < items->len; i++)
		g_ptr_array_add(all, fn(items->pdata[i]));
	g_ptr_array_sort(all, by_text);
	g_ptr_array_add(all, NULL);
	return g_strjoinv("\n", (char **)all->pdata);
}

static char *
photo_line(gconstpointer p)
{
	const pb_photo *x = p;
	return g_strdup_printf("%s | %s | %u file(s)", x->title.s, x->class_.s, x->files->len);
}

static char *
testimonial_line(gconstpointer p)
{
	const pb_testimonial *x = p;
	return g_strdup_printf("%s | %s | %s", x->name.s, x->class_.s, x->text.s);
}

static char *
blessing_line(gconstpointer p)
{
	const pb_blessing *x = p;
	return g_strdup_printf("%s | %s | %s | %s", pb_role_key(x->role), x->name.s, x->text.s,
			       x->portrait.written ? "portrait" : "no portrait");
}

static char *
honoree_line(gconstpointer p)
{
	const pb_honoree *x = p;
	return g_strdup_printf("%s | %s | %s | %s", x->name.s, x->class_.s,
			       x->level == PB_LEVEL_PROVINCIAL ? "provincial" : "school",
			       x->photo.written ? "photo" : "no photo");
}

static void
same_items(const GPtrArray *want, const GPtrArray *got, describe_fn fn, const char *what)
{
	g_autofree char *a = lines(want, fn), *b = lines(got, fn);
	if (strcmp(a, b))
		fail_msg("%s differ:\n--- example\n%s\n--- init\n%s", what, a, b);
	assert_int_equal(want->len, got->len);
}

static void
test_same_items_as_the_example(void **state)
{
	loaded *l = *state;
	assert_non_null(l->init);
	const pb_manifest *ex = l->example, *in = l->init;
	assert_int_equal(in->colleges->len, ex->colleges->len);
	assert_string_equal(in->event.school.s, ex->event.school.s);
	assert_string_equal(in->event.title.s, ex->event.title.s);
	assert_string_equal(in->event.edition.s, ex->event.edition.s);
	assert_string_equal(in->event.motto.s, ex->event.motto.s);
	assert_string_equal(in->event.date.s, ex->event.date.s);
	assert_non_null(in->event.logo.written);
	for (guint i = 0; i < ex->colleges->len; i++) {
		const pb_college *e = ex->colleges->pdata[i];
		const pb_college *c = college_named(in, e->name.s);
		if (!c)
			fail_msg("init found no college named %s", e->name.s);
		same_items(e->photos, c->photos, photo_line, "photos");
		same_items(e->testimonials, c->testimonials, testimonial_line, "testimonials");
		same_items(e->blessings, c->blessings, blessing_line, "blessings");
		same_items(e->honorees, c->honorees, honoree_line, "honorees");
		assert_non_null(e->star);
		assert_non_null(c->star);
		assert_string_equal(c->star->name.s, e->star->name.s);
		assert_string_equal(c->star->class_.s, e->star->class_.s);
		assert_string_equal(c->star->story.s, e->star->story.s);
		assert_int_equal(c->star->photos->len, e->star->photos->len);
	}
}

/* Every value was found except what the folder cannot say: two colleges' ids (their folders
 * are named in Chinese), the portrait the example lacks too, and how many inserts to print. */
static void
test_what_is_marked_todo(void **state)
{
	loaded *l = *state;
	assert_int_equal(l->todo, 4);
	guint todo_lines = 0;
	g_auto(GStrv) all = g_strsplit(l->text, "\n", -1);
	for (char **line = all; *line; line++)
		todo_lines += strstr(*line, "# TODO: ") != NULL;
	assert_int_equal(todo_lines, 4);
	assert_non_null(strstr(l->text, "  - id: college-"));
	assert_non_null(strstr(l->text, "# portrait:  # TODO: no picture is named after 谢国强"));
	assert_non_null(strstr(l->text, "  - id: xinxi\n    name: 信息工程学院\n"));
	assert_true(l->found > 400);
}

/* The two forms of Word file, read directly: a table with its header row, and paragraphs. */
static void
test_docx_table_and_paragraphs(void **state)
{
	g_autoptr(GError) err = NULL;
	g_autoptr(pb_docx) table =
	    pb_docx_load(SUBMISSIONS "/建筑工程学院/2.毕业感言/毕业感言.docx", &err);
	assert_non_null(table);
	assert_int_equal(table->blocks->len, 2); /* the title, then the table */
	const pb_docx_block *t = table->blocks->pdata[1];
	assert_int_equal(t->kind, PB_DOCX_TABLE);
	assert_int_equal(t->rows->len, 1 + 21);
	GPtrArray *head = t->rows->pdata[0], *first = t->rows->pdata[1];
	assert_string_equal(head->pdata[3], "毕业感言");
	assert_string_equal(first->pdata[2], "张明");

	g_autoptr(pb_docx) paras =
	    pb_docx_load(SUBMISSIONS "/机械工程学院/2.毕业感言/毕业感言.docx", &err);
	assert_non_null(paras);
	const pb_docx_block *label = paras->blocks->pdata[1], *text = paras->blocks->pdata[2];
	assert_int_equal(label->kind, PB_DOCX_PARAGRAPH);
	/* bold labels and their values are separate runs, joined */
	assert_string_equal(label->text, "姓名：王浩  班级：机制1901班");
	assert_true(g_str_has_prefix(text->text, "车间里机油的味道"));
}

/* A .docx that cannot be opened: the reason alone, since the caller names the file (libgsf
 * puts the path in front: "cannot read this .docx: a/说明.docx: No such file…"). */
static void
test_docx_unopened(void **state)
{
	g_autoptr(GError) err = NULL;
	g_autoptr(pb_docx) none = pb_docx_load("/nonexistent/说明.docx", &err);
	assert_null(none);
	assert_string_equal(err->message, "No such file or directory");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_written_manifest_loads),
	    cmocka_unit_test(test_same_items_as_the_example),
	    cmocka_unit_test(test_what_is_marked_todo),
	    cmocka_unit_test(test_docx_table_and_paragraphs),
	    cmocka_unit_test(test_docx_unopened),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
