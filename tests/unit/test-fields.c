/* test-fields.c — init's reading of fields (fields.c, forms.c, notice.c) on documents built in
 * memory, and its writer's quoting: hostile values written and read back by the loader. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "init/fields.h"
#include "init/manifest-writer.h"
#include "init/notice.h"
#include "load/manifest.h"

#include <string.h>

/* A document of paragraphs; a line "|a|b|c" is a table row (consecutive rows, one table). */
static pb_docx *
doc_of(const char *const *lines)
{
	pb_docx *d = g_new0(pb_docx, 1);
	d->blocks = g_ptr_array_new();
	pb_docx_block *table = NULL;
	for (; *lines; lines++) {
		if (**lines == '|') {
			if (!table) {
				table = g_new0(pb_docx_block, 1);
				table->kind = PB_DOCX_TABLE;
				table->rows = g_ptr_array_new_with_free_func(
				    (GDestroyNotify)g_ptr_array_unref);
				g_ptr_array_add(d->blocks, table);
			}
			g_auto(GStrv) cells = g_strsplit(*lines + 1, "|", -1);
			GPtrArray *row = g_ptr_array_new_with_free_func(g_free);
			for (char **c = cells; *c; c++)
				g_ptr_array_add(row, g_strdup(*c));
			g_ptr_array_add(table->rows, row);
			continue;
		}
		table = NULL;
		pb_docx_block *b = g_new0(pb_docx_block, 1);
		b->kind = PB_DOCX_PARAGRAPH;
		b->text = g_strdup(*lines);
		g_ptr_array_add(d->blocks, b);
	}
	return d;
}

static void
doc_free(pb_docx *d)
{
	for (guint i = 0; i < d->blocks->len; i++) {
		pb_docx_block *b = d->blocks->pdata[i];
		g_free(b->text);
		if (b->rows)
			g_ptr_array_unref(b->rows);
		g_free(b);
	}
	g_ptr_array_unref(d->blocks);
	g_free(d);
}

static const char *
field(GPtrArray *recs, guint i, pb_field f)
{
	assert_true(i < recs->len);
	return ((pb_entry *)recs->pdata[i])->f[f];
}

/* "老师说：" inside a testimonial is text, not a field; the labels at the start are fields. */
static void
test_labels_start_fields_only_at_a_field(void **state)
{
	pb_docx *d = doc_of((const char *const[]){"毕业感言", "姓名：王浩　班级：机制1901班",
						  "张老师说：机床不会骗人。", "姓名：李四", NULL});
	g_autoptr(GPtrArray) r = pb_fields_records(d, PB_DOC_TESTIMONIALS);
	assert_int_equal(r->len, 2);
	assert_string_equal(field(r, 0, PB_FIELD_NAME), "王浩");
	assert_string_equal(field(r, 0, PB_FIELD_CLASS), "机制1901班");
	assert_string_equal(field(r, 0, PB_FIELD_TEXT), "张老师说：机床不会骗人。");
	assert_string_equal(field(r, 1, PB_FIELD_NAME), "李四");
	assert_null(field(r, 1, PB_FIELD_TEXT));
	doc_free(d);
}

/* Header cells with decorations, a college's name in a cell that is no header. */
static void
test_table_headers(void **state)
{
	pb_docx *d = doc_of((const char *const[]){"|序号|学院|班级|照片名称（必填）",
						  "|1|建筑工程学院|建工1901班|最后一课",
						  "|2|建筑工程学院|建工1902班|工地上的回望", NULL});
	assert_int_equal(pb_fields_kind("说明.docx", d), PB_DOC_PHOTOS);
	g_autoptr(GPtrArray) r = pb_fields_records(d, PB_DOC_PHOTOS);
	assert_int_equal(r->len, 2);
	assert_string_equal(field(r, 1, PB_FIELD_NUMBER), "2");
	assert_string_equal(field(r, 1, PB_FIELD_COLLEGE), "建筑工程学院");
	assert_string_equal(field(r, 1, PB_FIELD_TITLE), "工地上的回望");
	doc_free(d);
}

/* A two-column form (登记表) gives one record. */
static void
test_form_table(void **state)
{
	pb_docx *d = doc_of((const char *const[]){"优秀毕业生事迹材料", "|姓名|李堃",
						  "|班级|建工1901班", "事迹：", "李堃来自湘西。",
						  "他说：“盖更高的房子。”", NULL});
	g_autoptr(GPtrArray) r = pb_fields_records(d, PB_DOC_STAR);
	assert_int_equal(r->len, 1);
	assert_string_equal(field(r, 0, PB_FIELD_NAME), "李堃");
	assert_string_equal(field(r, 0, PB_FIELD_CLASS), "建工1901班");
	assert_string_equal(field(r, 0, PB_FIELD_TEXT), "李堃来自湘西。\n他说：“盖更高的房子。”");
	doc_free(d);
}

static void
test_photo_lines(void **state)
{
	pb_docx *d = doc_of(
	    (const char *const[]){"照片说明", "01-a.jpg、01-b.JPG 测量实训（工管1901班）",
				  "3. 照片名称：拨穗礼  班级：软件1901班",
				  "照片4：《天台上的我们》 物联网1901班", "2022年5月", NULL});
	g_autoptr(GPtrArray) r = pb_fields_records(d, PB_DOC_PHOTOS);
	assert_int_equal(r->len, 3);
	assert_string_equal(field(r, 0, PB_FIELD_FILES), "01-a.jpg\n01-b.JPG");
	assert_string_equal(field(r, 0, PB_FIELD_TITLE), "测量实训");
	assert_string_equal(field(r, 0, PB_FIELD_CLASS), "工管1901班");
	assert_string_equal(field(r, 1, PB_FIELD_NUMBER), "3");
	assert_string_equal(field(r, 1, PB_FIELD_TITLE), "拨穗礼");
	assert_string_equal(field(r, 2, PB_FIELD_TITLE), "天台上的我们");
	assert_string_equal(field(r, 2, PB_FIELD_CLASS), "物联网1901班");
	doc_free(d);
}

static void
test_roles_and_names(void **state)
{
	assert_string_equal(pb_fields_role("党总支副书记"), "deputy");
	assert_string_equal(pb_fields_role("党总支书记"), "secretary");
	assert_string_equal(pb_fields_role("毕业班辅导员"), "counselor");
	assert_null(pb_fields_role("副院长")); /* not one of the notice's roles */
	pb_docx *d = doc_of((const char *const[]){"院长刘喆寄语：同学们，前程似锦！",
						  "副书记 谢国强：", "心有所向。", NULL});
	assert_int_equal(pb_fields_kind("x.docx", d), PB_DOC_BLESSINGS);
	g_autoptr(GPtrArray) r = pb_fields_records(d, PB_DOC_BLESSINGS);
	assert_int_equal(r->len, 2);
	assert_string_equal(field(r, 0, PB_FIELD_NAME), "刘喆");
	assert_string_equal(field(r, 0, PB_FIELD_TEXT), "同学们，前程似锦！");
	assert_string_equal(field(r, 1, PB_FIELD_ROLE), "副书记");
	assert_string_equal(field(r, 1, PB_FIELD_TEXT), "心有所向。");
	doc_free(d);

	pb_entry f = {{0}};
	pb_fields_from_name("校级-欧阳子涵-物联网1901班", &f);
	assert_string_equal(f.f[PB_FIELD_NAME], "欧阳子涵");
	assert_string_equal(f.f[PB_FIELD_CLASS], "物联网1901班");
	assert_string_equal(pb_fields_level(f.f[PB_FIELD_LEVEL]), "school");
	for (int i = 0; i < PB_FIELD_COUNT; i++)
		g_free(f.f[i]);
	pb_entry g = {{0}};
	pb_fields_from_name("zhaoqiang", &g); /* pinyin is no name init can read */
	assert_null(g.f[PB_FIELD_NAME]);
	assert_int_equal(pb_fields_leading_number("03-celiang-1.jpg"), 3);
	assert_int_equal(pb_fields_leading_number("celiang.jpg"), -1);
}

static void
test_notice(void **state)
{
	pb_docx *d = doc_of((const char *const[]){
	    "关于组织开展2023届毕业生“毕业季”主题教育活动的通知", "一、活动主题", "青春不散场",
	    "引导毕业生秉承“德技共举、知行合一”校训", "学校将于6月20日举行毕业典礼。",
	    "湖南工程职业技术学院", "2023年5月18日", NULL});
	pb_event_fields e = {0};
	pb_notice_read(d, &e);
	assert_string_equal(e.title, "青春不散场");
	assert_string_equal(e.motto, "德技共举、知行合一");
	assert_string_equal(e.edition, "2023届毕业季");
	assert_string_equal(e.date, "2023-06-20");
	assert_false(e.date_year_guessed);
	assert_string_equal(e.school, "湖南工程职业技术学院");
	pb_event_fields_clear(&e);
	doc_free(d);
}

/* Values YAML would read as something else, or that break a line: written so that the loader
 * reads them back as they were. */
static void
test_writer_quotes_what_yaml_would_misread(void **state)
{
	static const char *const nasty[] = {
	    "true",
	    "no",
	    "1901",
	    "2022-06-21",
	    "- 开头",
	    "a: b",
	    "#标签",
	    "再见，508宿舍",
	    "引号\"与\\反斜杠",
	    "两行\n文字",
	    "制表\t符",
	    "{花括号}",
	    "[方括号], 逗号",
	    "~",
	    "",
	    "　全角空格开头",
	    "尾随空格 ",
	    "\x01控制",
	    "null",
	    "@at",
	    "%百分",
	};
	pb_draft *d = pb_draft_new();
	d->schema = g_strdup("/schema/manifest.schema.json");
	pb_draft_set(&d->school, "学校");
	pb_draft_set(&d->title, "主题");
	pb_draft_set(&d->date, "2022-06-21");
	pb_draft_college *c = pb_draft_add_college(d);
	pb_draft_set(&c->id, "a");
	pb_draft_set(&c->name, "学院");
	c->folder = g_strdup("学院");
	for (gsize i = 0; i < G_N_ELEMENTS(nasty); i++) {
		pb_draft_testimonial *t = pb_draft_add_testimonial(c);
		pb_draft_set(&t->name, "名字");
		pb_draft_set(&t->class_, "班");
		if (*nasty[i])
			pb_draft_set(&t->text, nasty[i]);
		else
			pb_draft_miss(&t->text, "empty");
	}
	guint found = 0, todo = 0;
	g_autofree char *text = pb_manifest_writer_text(d, &found, &todo);
	pb_draft_free(d);
	pb_diags *diags = pb_diags_new();
	pb_manifest *m = pb_manifest_parse("m.yaml", text, strlen(text), diags);
	assert_non_null(m);
	const pb_college *col = m->colleges->pdata[0];
	guint read = 0;
	for (gsize i = 0; i < G_N_ELEMENTS(nasty); i++) {
		if (!*nasty[i])
			continue; /* empty: an error "is empty", as check should say */
		g_autofree char *want = g_strchomp(g_strdup(nasty[i]));
		const pb_testimonial *t = col->testimonials->pdata[read++];
		if (strcmp(t->text.s, want))
			fail_msg("'%s' came back as '%s' from:\n%s", want, t->text.s, text);
	}
	assert_int_equal(pb_diags_count(diags, PB_SEV_ERROR), 1);
	pb_manifest_free(m);
	pb_diags_free(diags);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_labels_start_fields_only_at_a_field),
	    cmocka_unit_test(test_table_headers),
	    cmocka_unit_test(test_form_table),
	    cmocka_unit_test(test_photo_lines),
	    cmocka_unit_test(test_roles_and_names),
	    cmocka_unit_test(test_notice),
	    cmocka_unit_test(test_writer_quotes_what_yaml_would_misread),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
