/* lib-submissions.c — the example manifest turned back into the folder the colleges handed in.
 *
 * Design.  Each college becomes a folder of five numbered sub-folders, as a school office
 * would sort annex 1's items: 1.最美毕业照 (photos and 照片说明.docx), 2.毕业感言, 3.毕业寄语
 * (毕业寄语.docx and one portrait each, named after the person), 4.优秀毕业生 (the story
 * and its photos), 5.优秀毕业生寸照 (ID photos).  Beside the colleges lie the school's notice
 * (the event: theme, motto, the ceremony's day, the school) and its seal.
 *
 * The three colleges write their Word files three ways, as real colleges do, so that init
 * meets each form the notice's wording allows:
 *   college 1  tables with a header row everywhere; ID photos named 省级-赵强-建工1901班.jpg;
 *   college 2  paragraphs: a file name then title and class, "姓名：… 班级：…" then the text,
 *              "院长 欧阳振华：" then the blessing; ID photos named after the person, with a
 *              名单.docx table giving class and level;
 *   college 3  an ASCII folder name (the college's name only in the files' 学院 fields),
 *              numbered lines "1. 照片名称：… 班级：…", one-line testimonials
 * "钟睿（计应1901班）：…", "院长刘喆寄语：…", star photos named after the star, ID photos in 省级/
 * and 校级/. Items with status pending or rejected are handed in like the others: approving is the
 * school's step, after init.  Every picture keeps the look (the seed) of the example's, so
 * `paiban check` finds the same faults in both.
 */
#include "submissions.h"
#include "docxwrite.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

typedef struct plan {
	yaml_document_t *doc;
	const char *out;   /* the submission folder */
	GPtrArray *images; /* of pbw_sub_image* */
	GError **error;
	bool ok;
} plan;

void
pbw_sub_image_free(gpointer p)
{
	pbw_sub_image *im = p;
	if (!im)
		return;
	g_free(im->seed);
	g_free(im->out);
	g_free(im);
}

/* ---- reading the manifest ------------------------------------------------------------------ */

static yaml_node_t *
node(plan *p, yaml_node_item_t id)
{
	return yaml_document_get_node(p->doc, id);
}

static yaml_node_t *
get(plan *p, yaml_node_t *map, const char *key)
{
	if (!map || map->type != YAML_MAPPING_NODE)
		return NULL;
	for (yaml_node_pair_t *q = map->data.mapping.pairs.start; q < map->data.mapping.pairs.top;
	     q++) {
		yaml_node_t *k = node(p, q->key);
		if (k && k->type == YAML_SCALAR_NODE && !strcmp((char *)k->data.scalar.value, key))
			return node(p, q->value);
	}
	return NULL;
}

/* The text under `key`, trailing newlines of a block scalar dropped; "" when absent. */
static char *
text(plan *p, yaml_node_t *map, const char *key)
{
	yaml_node_t *v = get(p, map, key);
	if (!v || v->type != YAML_SCALAR_NODE)
		return g_strdup("");
	return g_strchomp(g_strdup((const char *)v->data.scalar.value));
}

static guint
count(yaml_node_t *seq)
{
	return seq && seq->type == YAML_SEQUENCE_NODE
		   ? (guint)(seq->data.sequence.items.top - seq->data.sequence.items.start)
		   : 0;
}

static yaml_node_t *
item(plan *p, yaml_node_t *seq, guint i)
{
	return node(p, seq->data.sequence.items.start[i]);
}

/* The files of a photo item (`file` or `files`) or of a star's `photos`. */
static GPtrArray *
files_of(plan *p, yaml_node_t *map, const char *key)
{
	GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
	yaml_node_t *v = get(p, map, key);
	if (v && v->type == YAML_SCALAR_NODE)
		g_ptr_array_add(out, g_strdup((const char *)v->data.scalar.value));
	for (guint i = 0; i < count(v); i++) {
		yaml_node_t *f = item(p, v, i);
		if (f->type == YAML_SCALAR_NODE)
			g_ptr_array_add(out, g_strdup((const char *)f->data.scalar.value));
	}
	return out;
}

/* ---- writing -------------------------------------------------------------------------------- */

static void
picture(plan *p, const char *folder, const char *rel, char *out, pbw_picture kind)
{
	pbw_sub_image *im = g_new0(pbw_sub_image, 1);
	im->seed = *folder ? g_build_filename(folder, rel, NULL) : g_strdup(rel);
	im->out = out;
	im->kind = kind;
	g_ptr_array_add(p->images, im);
}

static void
save(plan *p, pbw_docx *d, const char *rel)
{
	if (p->ok) {
		char *path = g_build_filename(p->out, rel, NULL);
		char *dir = g_path_get_dirname(path);
		if (g_mkdir_with_parents(dir, 0755) != 0) {
			g_set_error(p->error, G_FILE_ERROR, g_file_error_from_errno(errno),
				    "cannot create %s: %s", dir, g_strerror(errno));
			p->ok = false;
		} else if (!pbw_docx_save(d, path, p->error)) {
			p->ok = false;
		}
		g_free(dir);
		g_free(path);
	}
	pbw_docx_free(d);
}

static const char *
role_chinese(const char *role)
{
	static const char *const map[][2] = {{"dean", "院长"},
					     {"secretary", "书记"},
					     {"counselor", "毕业班辅导员"},
					     {"officer", "学管干事"},
					     {"deputy", "副书记"}};
	for (gsize i = 0; i < G_N_ELEMENTS(map); i++)
		if (!strcmp(role, map[i][0]))
			return map[i][1];
	return role;
}

static const char *
extension(const char *name)
{
	const char *dot = strrchr(name, '.');
	return dot ? dot : "";
}

/* 1.最美毕业照: the photos under their own names, and the Word file describing them. */
static void
photos(plan *p, yaml_node_t *college, const char *base, const char *dir, const char *name, int form)
{
	yaml_node_t *list = get(p, college, "photos");
	pbw_docx *d = pbw_docx_new();
	g_autofree char *heading = g_strdup_printf("%s最美毕业照文字说明", name);
	if (form != 0)
		pbw_docx_title(d, heading);
	else {
		pbw_docx_table_begin(d, 4);
		pbw_docx_table_row(d,
				   (const char *const[]){"序号", "学院", "班级", "照片名称", NULL});
	}
	for (guint i = 0; i < count(list); i++) {
		yaml_node_t *ph = item(p, list, i);
		g_autoptr(GPtrArray) files = files_of(p, ph, get(p, ph, "file") ? "file" : "files");
		g_autofree char *title = text(p, ph, "title"), *klass = text(p, ph, "class");
		GString *names = g_string_new(NULL);
		for (guint f = 0; f < files->len; f++) {
			g_autofree char *file = g_path_get_basename(files->pdata[f]);
			picture(p, base, files->pdata[f],
				g_strconcat(dir, "/1.最美毕业照/", file, NULL), PBW_PICTURE_PHOTO);
			g_string_append_printf(names, "%s%s", f ? "、" : "", file);
		}
		g_autofree char *first = g_path_get_basename(files->len ? files->pdata[0] : "");
		g_autofree char *number = g_strdup_printf("%d", atoi(first));
		if (form == 0) {
			pbw_docx_table_row(d,
					   (const char *const[]){number, name, klass, title, NULL});
		} else if (form == 1) {
			g_autofree char *line =
			    g_strdup_printf("%s %s（%s）", names->str, title, klass);
			pbw_docx_para(d, NULL, line);
		} else {
			g_autofree char *line = g_strdup_printf(
			    "%s. 照片名称：%s  班级：%s  学院：%s", number, title, klass, name);
			pbw_docx_para(d, NULL, line);
		}
		g_string_free(names, TRUE);
	}
	if (form == 0)
		pbw_docx_table_end(d);
	g_autofree char *rel = g_strconcat(dir, "/1.最美毕业照/照片说明.docx", NULL);
	save(p, d, rel);
}

/* 2.毕业感言/毕业感言.docx */
static void
testimonials(plan *p, yaml_node_t *college, const char *dir, const char *name, int form)
{
	yaml_node_t *list = get(p, college, "testimonials");
	pbw_docx *d = pbw_docx_new();
	g_autofree char *heading = g_strdup_printf("%s毕业感言", name);
	pbw_docx_title(d, heading);
	if (form == 0) {
		pbw_docx_table_begin(d, 4);
		pbw_docx_table_row(d,
				   (const char *const[]){"学院", "班级", "姓名", "毕业感言", NULL});
	}
	for (guint i = 0; i < count(list); i++) {
		yaml_node_t *t = item(p, list, i);
		g_autofree char *who = text(p, t, "name"), *klass = text(p, t, "class");
		g_autofree char *words = text(p, t, "text");
		if (form == 0) {
			pbw_docx_table_row(d, (const char *const[]){name, klass, who, words, NULL});
		} else if (form == 1) {
			pbw_docx_fields(d, (const char *const[]){"姓名", who, "班级", klass, NULL});
			pbw_docx_para(d, NULL, words);
		} else {
			g_autofree char *line = g_strdup_printf("%s（%s）：%s", who, klass, words);
			pbw_docx_para(d, NULL, line);
		}
	}
	if (form == 0)
		pbw_docx_table_end(d);
	g_autofree char *rel = g_strconcat(dir, "/2.毕业感言/毕业感言.docx", NULL);
	save(p, d, rel);
}

/* 3.毕业寄语: the blessings and a portrait each, named after the person. */
static void
blessings(plan *p, yaml_node_t *college, const char *base, const char *dir, const char *name,
	  int form)
{
	yaml_node_t *list = get(p, college, "blessings");
	pbw_docx *d = pbw_docx_new();
	g_autofree char *heading = g_strdup_printf("%s毕业寄语", name);
	pbw_docx_title(d, heading);
	if (form == 0) {
		pbw_docx_table_begin(d, 3);
		pbw_docx_table_row(d, (const char *const[]){"职务", "姓名", "寄语", NULL});
	}
	for (guint i = 0; i < count(list); i++) {
		yaml_node_t *b = item(p, list, i);
		g_autofree char *role = text(p, b, "role"), *who = text(p, b, "name");
		g_autofree char *words = text(p, b, "text"), *portrait = text(p, b, "portrait");
		const char *zh = role_chinese(role);
		if (form == 0) {
			pbw_docx_table_row(d, (const char *const[]){zh, who, words, NULL});
		} else if (form == 1) {
			g_autofree char *label = g_strdup_printf("%s %s：", zh, who);
			pbw_docx_para(d, label, NULL);
			pbw_docx_para(d, NULL, words);
		} else {
			g_autofree char *line = g_strdup_printf("%s%s寄语：%s", zh, who, words);
			pbw_docx_para(d, NULL, line);
		}
		if (*portrait) {
			const char *ext = extension(portrait);
			char *out =
			    form == 0 ? g_strdup_printf("%s/3.毕业寄语/%s%s", dir, who, ext)
			    : form == 1
				? g_strdup_printf("%s/3.毕业寄语/%s-%s%s", dir, zh, who, ext)
				: g_strdup_printf("%s/3.毕业寄语/%s生活照%s", dir, who, ext);
			picture(p, base, portrait, out, PBW_PICTURE_PORTRAIT);
		}
	}
	if (form == 0)
		pbw_docx_table_end(d);
	g_autofree char *rel = g_strconcat(dir, "/3.毕业寄语/毕业寄语.docx", NULL);
	save(p, d, rel);
}

/* 4.优秀毕业生: the story (paragraphs under a 事迹 label) and its photos. */
static void
star(plan *p, yaml_node_t *college, const char *base, const char *dir, const char *name, int form)
{
	yaml_node_t *s = get(p, college, "star");
	if (!s)
		return;
	g_autofree char *who = text(p, s, "name"), *klass = text(p, s, "class");
	g_autofree char *story = text(p, s, "story");
	pbw_docx *d = pbw_docx_new();
	pbw_docx_title(d, "优秀毕业生事迹材料");
	if (form == 0)
		pbw_docx_fields(
		    d, (const char *const[]){"姓名", who, "班级", klass, "学院", name, NULL});
	else {
		pbw_docx_para(d, "姓名：", who);
		pbw_docx_para(d, "班级：", klass);
		pbw_docx_para(d, "学院：", name);
	}
	pbw_docx_para(d, "事迹：", NULL);
	g_auto(GStrv) lines = g_strsplit(story, "\n", -1);
	for (char **l = lines; *l; l++)
		if (**l)
			pbw_docx_para(d, NULL, *l);
	g_autofree char *rel = g_strdup_printf("%s/4.优秀毕业生/%s事迹材料.docx", dir, who);
	save(p, d, rel);
	g_autoptr(GPtrArray) files = files_of(p, s, "photos");
	for (guint i = 0; i < files->len; i++) {
		g_autofree char *file = g_path_get_basename(files->pdata[i]);
		char *out = form == 2 ? g_strdup_printf("%s/4.优秀毕业生/%s-%s", dir, who, file)
				      : g_strdup_printf("%s/4.优秀毕业生/%s", dir, file);
		picture(p, base, files->pdata[i], out, PBW_PICTURE_PHOTO);
	}
}

/* 5.优秀毕业生寸照: the ID photos, named as the notice asks (学院、班级、姓名). */
static void
honorees(plan *p, yaml_node_t *college, const char *base, const char *dir, const char *name,
	 int form)
{
	yaml_node_t *list = get(p, college, "honorees");
	pbw_docx *d = form == 1 ? pbw_docx_new() : NULL;
	if (d) {
		pbw_docx_title(d, "其他优秀毕业生名单");
		pbw_docx_table_begin(d, 5);
		pbw_docx_table_row(
		    d, (const char *const[]){"序号", "姓名", "班级", "级别", "学院", NULL});
	}
	for (guint i = 0; i < count(list); i++) {
		yaml_node_t *h = item(p, list, i);
		g_autofree char *who = text(p, h, "name"), *klass = text(p, h, "class");
		g_autofree char *level = text(p, h, "level"), *photo = text(p, h, "photo");
		const char *zh = !strcmp(level, "provincial") ? "省级" : "校级";
		if (d) {
			g_autofree char *n = g_strdup_printf("%u", i + 1);
			pbw_docx_table_row(d, (const char *const[]){n, who, klass, zh, name, NULL});
		}
		if (!*photo)
			continue;
		const char *ext = extension(photo);
		char *out = form == 0 ? g_strdup_printf("%s/5.优秀毕业生寸照/%s-%s-%s%s", dir, zh,
							who, klass, ext)
			    : form == 1 ? g_strdup_printf("%s/5.优秀毕业生寸照/%s%s", dir, who, ext)
					: g_strdup_printf("%s/5.优秀毕业生寸照/%s/%s-%s%s", dir, zh,
							  who, klass, ext);
		picture(p, base, photo, out, PBW_PICTURE_IDPHOTO);
	}
	if (d) {
		pbw_docx_table_end(d);
		g_autofree char *rel =
		    g_strconcat(dir, "/5.优秀毕业生寸照/优秀毕业生名单.docx", NULL);
		save(p, d, rel);
	}
}

/* The school's notice, reduced to the lines that carry the event (see the seed notice). */
static void
notice(plan *p, yaml_node_t *event)
{
	g_autofree char *school = text(p, event, "school"), *title = text(p, event, "title");
	g_autofree char *motto = text(p, event, "motto"), *date = text(p, event, "date");
	g_autofree char *logo = text(p, event, "logo");
	int year = atoi(date), month = strlen(date) >= 7 ? atoi(date + 5) : 6;
	int day = strlen(date) >= 10 ? atoi(date + 8) : 1;
	pbw_docx *d = pbw_docx_new();
	g_autofree char *head =
	    g_strdup_printf("关于组织开展%d届毕业生“毕业季”主题教育活动的通知", year);
	pbw_docx_title(d, head);
	pbw_docx_para(d, NULL, "校属各处室、二级学院：");
	g_autofree char *intro = g_strdup_printf(
	    "“毕业季”主题教育活动是我校加强大学生思想政治教育的重要内容。为引导毕业生秉承“%s”"
	    "校训，学校决定在%d届全体毕业生中开展“毕业季”主题教育活动，现就相关工作通知如下：",
	    motto, year);
	pbw_docx_para(d, NULL, intro);
	pbw_docx_para(d, "一、活动主题", NULL);
	pbw_docx_para(d, NULL, title);
	pbw_docx_para(d, "二、活动对象", NULL);
	g_autofree char *who = g_strdup_printf("%d届全体毕业生", year);
	pbw_docx_para(d, NULL, who);
	g_autofree char *ceremony =
	    g_strdup_printf("（五）筹办一典礼。学校将于%d月%d日下午举行以“%s”为主题的线上毕业典礼，"
			    "并对优秀毕业生进行表彰。",
			    month, day, title);
	pbw_docx_para(d, NULL, ceremony);
	pbw_docx_para(d, NULL, "附件：1.各二级学院素材提交要求");
	pbw_docx_para(d, NULL, school);
	g_autofree char *signed_on = g_strdup_printf("%d年5月18日", year);
	pbw_docx_para(d, NULL, signed_on);
	g_autofree char *rel =
	    g_strdup_printf("关于组织开展%d届毕业生毕业季主题教育活动的通知.docx", year);
	save(p, d, rel);
	if (*logo)
		picture(p, "", logo, g_strconcat("校徽", extension(logo), NULL), PBW_PICTURE_LOGO);
}

bool
pbw_submissions_write(const char *manifest, const char *out, GPtrArray *images, GError **error)
{
	FILE *fp = fopen(manifest, "rb");
	if (!fp) {
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno),
			    "cannot open %s: %s", manifest, g_strerror(errno));
		return false;
	}
	yaml_parser_t parser;
	yaml_document_t doc;
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_file(&parser, fp);
	bool loaded = yaml_parser_load(&parser, &doc);
	yaml_parser_delete(&parser);
	fclose(fp);
	if (!loaded) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s is not YAML", manifest);
		return false;
	}
	plan p = {&doc, out, images, error, true};
	yaml_node_t *root = yaml_document_get_root_node(&doc);
	notice(&p, get(&p, root, "event"));
	yaml_node_t *colleges = get(&p, root, "colleges");
	for (guint i = 0; i < count(colleges) && p.ok; i++) {
		yaml_node_t *c = item(&p, colleges, i);
		g_autofree char *id = text(&p, c, "id"), *name = text(&p, c, "name");
		g_autofree char *base = text(&p, c, "folder");
		int form = (int)(i % 3);
		const char *dir = form == 2 ? id : name;
		photos(&p, c, base, dir, name, form);
		testimonials(&p, c, dir, name, form);
		blessings(&p, c, base, dir, name, form);
		star(&p, c, base, dir, name, form);
		honorees(&p, c, base, dir, name, form);
	}
	yaml_document_delete(&doc);
	return p.ok;
}
