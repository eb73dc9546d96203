/* keys.c — the table of keys of keys.h: the manifest (DESIGN.md, schema version 1) and layouts.
 *
 * Order matters: it is the order in which "known keys: ..." lists them in a message, and the
 * order of the properties in the JSON Schemas.  Meanings are one line each, in the words of the
 * notice where it has them (最美毕业照, 毕业感言, ...), since they are what an editor shows on
 * hover.  Examples are JSON, which YAML reads as it is: the schema shows them and the tests
 * build valid documents from them, so each must be a value the loader accepts.
 */
#include "keys.h"

#include <string.h>

const char *const pb_status_choices[] = {"approved", "pending", "rejected", NULL};
const char *const pb_role_choices[] = {"dean", "secretary", "counselor", "officer", "deputy", NULL};
const char *const pb_level_choices[] = {"provincial", "school", NULL};
const char *const pb_kind_choices[] = {"board", "honor", "honor-roll", "insert", NULL};

/* Every item of a college may be held back. */
#define STATUS                                                                                     \
	{                                                                                          \
		.name = "status", .type = PB_VALUE_CHOICE,                                         \
		.meaning = "approved (the default) is shown; pending and rejected are left out",   \
		.example = "\"pending\"", .choices = pb_status_choices                             \
	}

/* ---- the manifest -------------------------------------------------------------------------- */

static const pb_key event_keys[] = {
    {.name = "school",
     .type = PB_VALUE_TEXT,
     .required = TRUE,
     .meaning = "the school's name",
     .example = "\"湖南工程职业技术学院\""},
    {.name = "title",
     .type = PB_VALUE_TEXT,
     .required = TRUE,
     .meaning = "the theme of the season (活动主题)",
     .example = "\"青春不散场，奋进新征程\""},
    {.name = "edition",
     .type = PB_VALUE_TEXT,
     .meaning = "the year's edition, as the boards name it",
     .example = "\"2022届毕业季\""},
    {.name = "motto",
     .type = PB_VALUE_TEXT,
     .meaning = "the school's motto (校训)",
     .example = "\"德技共举、知行合一\""},
    {.name = "date",
     .type = PB_VALUE_DATE,
     .required = TRUE,
     .meaning = "the day of the ceremony, YYYY-MM-DD; also the PDFs' creation date",
     .example = "\"2022-06-21\""},
    {.name = "logo",
     .type = PB_VALUE_PATH,
     .meaning = "the school's logo: svg, png or jpg",
     .example = "\"assets/logo.svg\""},
    {.name = NULL},
};
const pb_keyset pb_event_keys = {"event", "the season and the school", event_keys, NULL, NULL};

static const pb_key photo_keys[] = {
    {.name = "file",
     .type = PB_VALUE_PATH,
     .meaning = "the photo, relative to the college's folder",
     .example = "\"photos/01.jpg\""},
    {.name = "files",
     .type = PB_VALUE_PATHS,
     .meaning = "the photos of a group (组), shown together",
     .example = "[\"photos/03-1.jpg\", \"photos/03-2.jpg\"]",
     .min = 1},
    {.name = "title",
     .type = PB_VALUE_TEXT,
     .required = TRUE,
     .meaning = "the photo's title (照片名称)",
     .example = "\"最后一课\""},
    {.name = "class",
     .type = PB_VALUE_TEXT,
     .required = TRUE,
     .meaning = "the class (班级)",
     .example = "\"建工1901班\""},
    {.name = "focus",
     .type = PB_VALUE_FOCUS,
     .meaning =
	 "the point to keep when a crop is unavoidable: [x, y] from the left and the top, 0 to 1",
     .example = "[0.5, 0.35]"},
    STATUS,
    {.name = NULL},
};
const pb_keyset pb_photo_keys = {"photo", "a graduation photo (最美毕业照) or a group of them",
				 photo_keys, "file", "files"};

static const pb_key testimonial_keys[] = {
    {.name = "name",
     .type = PB_VALUE_TEXT,
     .required = TRUE,
     .meaning = "the graduate's name (姓名)",
     .example = "\"张明\""},
    {.name = "class",
     .type = PB_VALUE_TEXT,
     .required = TRUE,
     .meaning = "the class (班级)",
     .example = "\"建工1901班\""},
    {.name = "text",
     .type = PB_VALUE_TEXT,
     .required = TRUE,
     .meaning = "the testimonial (毕业感言)",
     .example = "\"三年时光，感谢有你。\""},
    STATUS,
    {.name = NULL},
};
const pb_keyset pb_testimonial_keys = {"testimonial", "a graduate's testimonial (毕业感言)",
				       testimonial_keys, NULL, NULL};

static const pb_key blessing_keys[] = {
    {.name = "role",
     .type = PB_VALUE_CHOICE,
     .required = TRUE,
     .meaning =
	 "dean 院长, secretary 书记, counselor 毕业班辅导员, officer 学管干事, deputy 副书记",
     .example = "\"dean\"",
     .choices = pb_role_choices},
    {.name = "name",
     .type = PB_VALUE_TEXT,
     .required = TRUE,
     .meaning = "who gives the blessing",
     .example = "\"李华\""},
    {.name = "text",
     .type = PB_VALUE_TEXT,
     .required = TRUE,
     .meaning =
	 "the blessing (毕业寄语): dean and secretary up to 100 characters, the others up to 20",
     .example = "\"愿你们前程似锦！\""},
    {.name = "portrait",
     .type = PB_VALUE_PATH,
     .meaning = "a portrait of the person (个人生活照)",
     .example = "\"people/lihua.jpg\""},
    STATUS,
    {.name = NULL},
};
const pb_keyset pb_blessing_keys = {"blessing", "a blessing (毕业寄语) of the college's staff",
				    blessing_keys, NULL, NULL};

static const pb_key star_keys[] = {
    {.name = "name",
     .type = PB_VALUE_TEXT,
     .required = TRUE,
     .meaning = "the outstanding graduate's name",
     .example = "\"王芳\""},
    {.name = "class",
     .type = PB_VALUE_TEXT,
     .required = TRUE,
     .meaning = "the class (班级)",
     .example = "\"建工1902班\""},
    {.name = "story",
     .type = PB_VALUE_TEXT,
     .required = TRUE,
     .meaning = "the story (优秀事迹), about 500 characters",
     .example = "\"王芳是建工1902班的班长……\""},
    {.name = "photos",
     .type = PB_VALUE_PATHS,
     .required = TRUE,
     .meaning = "3 to 5 photos of the story",
     .example = "[\"star/1.jpg\", \"star/2.jpg\", \"star/3.jpg\"]"},
    STATUS,
    {.name = NULL},
};
const pb_keyset pb_star_keys = {"star", "the college's outstanding graduate (优秀毕业生)",
				star_keys, NULL, NULL};

static const pb_key honoree_keys[] = {
    {.name = "name",
     .type = PB_VALUE_TEXT,
     .required = TRUE,
     .meaning = "the graduate's name (姓名)",
     .example = "\"赵强\""},
    {.name = "class",
     .type = PB_VALUE_TEXT,
     .required = TRUE,
     .meaning = "the class (班级)",
     .example = "\"建工1901班\""},
    {.name = "level",
     .type = PB_VALUE_CHOICE,
     .required = TRUE,
     .meaning = "provincial 省级 or school 校级",
     .example = "\"provincial\"",
     .choices = pb_level_choices},
    {.name = "photo",
     .type = PB_VALUE_PATH,
     .meaning = "the red-background 2-inch ID photo (红底2寸)",
     .example = "\"honor/zhaoqiang.jpg\""},
    STATUS,
    {.name = NULL},
};
const pb_keyset pb_honoree_keys = {"honoree", "another outstanding graduate, for the honor roll",
				   honoree_keys, NULL, NULL};

static const pb_key college_keys[] = {
    {.name = "id",
     .type = PB_VALUE_ID,
     .required = TRUE,
     .meaning = "a short ASCII name: lowercase letters, digits, - and _; names the files",
     .example = "\"jianzhu\""},
    {.name = "name",
     .type = PB_VALUE_TEXT,
     .required = TRUE,
     .meaning = "the college's name (学院)",
     .example = "\"建筑工程学院\""},
    {.name = "folder",
     .type = PB_VALUE_PATH,
     .meaning = "the base of this college's relative paths",
     .example = "\"submissions/jianzhu\""},
    {.name = "photos",
     .type = PB_VALUE_LIST,
     .meaning = "best graduation photos (最美毕业照): at least 10",
     .children = &pb_photo_keys},
    {.name = "testimonials",
     .type = PB_VALUE_LIST,
     .meaning = "testimonials (毕业感言): at least 20",
     .children = &pb_testimonial_keys},
    {.name = "blessings",
     .type = PB_VALUE_LIST,
     .meaning = "blessings (毕业寄语) with portraits",
     .children = &pb_blessing_keys},
    {.name = "star",
     .type = PB_VALUE_MAP,
     .meaning = "the outstanding graduate (优秀毕业生), one per college",
     .children = &pb_star_keys},
    {.name = "honorees",
     .type = PB_VALUE_LIST,
     .meaning = "the other outstanding graduates, provincial and school",
     .children = &pb_honoree_keys},
    {.name = NULL},
};
const pb_keyset pb_college_keys = {"college", "one college (二级学院) and its material",
				   college_keys, NULL, NULL};

static const pb_key output_keys[] = {
    {.name = "id",
     .type = PB_VALUE_ID,
     .required = TRUE,
     .meaning = "names the output's folder and --only",
     .example = "\"boards\""},
    {.name = "kind",
     .type = PB_VALUE_CHOICE,
     .required = TRUE,
     .meaning = "board, honor, honor-roll or insert",
     .example = "\"board\"",
     .choices = pb_kind_choices},
    {.name = "layout",
     .type = PB_VALUE_TEXT,
     .required = TRUE,
     .meaning = "a layout's name (layouts/NAME.yaml beside the manifest, or shipped) or a path",
     .example = "\"board-120x240\""},
    {.name = "quantity",
     .type = PB_VALUE_UINT,
     .meaning = "copies to print (print-order.csv)",
     .example = "3200",
     .min = 1,
     .max = 1000000},
    {.name = NULL},
};
const pb_keyset pb_output_keys = {"output", "one printed product and the layout it is set in",
				  output_keys, NULL, NULL};

const char *const pb_encoding_choices[] = {"utf-8", "gb18030", "gbk", "gb2312", NULL};

static const pb_key graduates_keys[] = {
    {.name = "file",
     .type = PB_VALUE_PATH,
     .required = TRUE,
     .meaning = "the roster: a CSV file with the header name,class,college[,blessing]",
     .example = "\"roster.csv\""},
    {.name = "encoding",
     .type = PB_VALUE_CHOICE,
     .meaning = "utf-8 (the default; a BOM is fine) or gb18030, what Excel's \"CSV (comma "
		"delimited)\" writes on a Chinese Windows",
     .example = "\"gb18030\"",
     .choices = pb_encoding_choices},
    {.name = NULL},
};
const pb_keyset pb_graduates_keys = {"graduates", "the roster and the encoding it is saved in",
				     graduates_keys, NULL, NULL};

static const pb_key manifest_keys[] = {
    {.name = "paiban",
     .type = PB_VALUE_VERSION,
     .required = TRUE,
     .meaning = "the manifest's schema version: 1",
     .example = "1"},
    {.name = "event",
     .type = PB_VALUE_MAP,
     .required = TRUE,
     .meaning = "the season and the school",
     .children = &pb_event_keys},
    {.name = "colleges",
     .type = PB_VALUE_LIST,
     .required = TRUE,
     .meaning = "the colleges, in the order their boards are shown",
     .children = &pb_college_keys},
    {.name = "graduates",
     .type = PB_VALUE_PATH_OR_MAP,
     .meaning = "a roster, one row per graduate (name,class,college[,blessing]), for "
		"personalised inserts; or {file:, encoding: gb18030}",
     .example = "\"roster.csv\"",
     .children = &pb_graduates_keys},
    {.name = "outputs",
     .type = PB_VALUE_LIST,
     .meaning = "what to print",
     .children = &pb_output_keys},
    {.name = "rules",
     .type = PB_VALUE_RULES,
     .meaning = "changes to the rules of the notice's annex 1: a severity, or thresholds"},
    {.name = NULL},
};
const pb_keyset pb_manifest_keys = {"manifest",
				    "a paiban manifest: the material the colleges submitted",
				    manifest_keys, NULL, NULL};

/* ---- layouts ------------------------------------------------------------------------------- */

static const pb_key font_keys[] = {
    {.name = "title",
     .type = PB_VALUE_TEXT,
     .meaning = "fontconfig family of titles",
     .example = "\"Noto Serif CJK SC\""},
    {.name = "heading",
     .type = PB_VALUE_TEXT,
     .meaning = "fontconfig family of headings",
     .example = "\"Noto Serif CJK SC\""},
    {.name = "body",
     .type = PB_VALUE_TEXT,
     .meaning = "fontconfig family of body text",
     .example = "\"Noto Serif CJK SC\""},
    {.name = "quote",
     .type = PB_VALUE_TEXT,
     .meaning = "fontconfig family of testimonials and blessings",
     .example = "\"LXGW WenKai\""},
    {.name = "name",
     .type = PB_VALUE_TEXT,
     .meaning = "fontconfig family of names",
     .example = "\"Noto Sans CJK SC\""},
    {.name = "caption",
     .type = PB_VALUE_TEXT,
     .meaning = "fontconfig family of captions",
     .example = "\"Noto Sans CJK SC\""},
    {.name = "display",
     .type = PB_VALUE_TEXT,
     .meaning = "fontconfig family of the display lines",
     .example = "\"Smiley Sans\""},
    {.name = NULL},
};
const pb_keyset pb_font_keys = {"fonts", "font roles mapped to fontconfig family names", font_keys,
				NULL, NULL};

static const pb_key window_keys[] = {
    {.name = "diameter",
     .type = PB_VALUE_LENGTH,
     .required = TRUE,
     .meaning = "the window's diameter: the badge shows through it",
     .example = "\"34mm\""},
    {.name = "center",
     .type = PB_VALUE_POINT,
     .required = TRUE,
     .meaning = "its centre, [x, y] from the card's top-left corner",
     .example = "[\"50mm\", \"43mm\"]"},
    {.name = NULL},
};
const pb_keyset pb_window_keys = {"window", "the insert's round window, cut out of the card",
				  window_keys, NULL, NULL};

static const pb_key layout_keys[] = {
    {.name = "kind",
     .type = PB_VALUE_CHOICE,
     .required = TRUE,
     .meaning = "the product: board, honor, honor-roll or insert",
     .example = "\"board\"",
     .choices = pb_kind_choices},
    {.name = "description",
     .type = PB_VALUE_NOTE,
     .meaning = "what the layout is for, for whoever picks one",
     .example = "\"1200 × 2400 mm KT board, portrait\""},
    {.name = "size",
     .type = PB_VALUE_SIZE,
     .required = TRUE,
     .meaning = "the trim size, WIDTH x HEIGHT",
     .example = "\"1200mm x 2400mm\""},
    {.name = "bleed",
     .type = PB_VALUE_LENGTH,
     .meaning = "the bleed, at most 50mm: 5mm on boards, 3mm on pages and cards by default",
     .example = "\"5mm\""},
    {.name = "marks",
     .type = PB_VALUE_BOOL,
     .meaning = "crop marks and a slug line outside the bleed",
     .example = "true"},
    {.name = "margin",
     .type = PB_VALUE_MARGIN,
     .meaning = "one length, or [top, right, bottom, left]",
     .example = "\"80mm\""},
    {.name = "palette",
     .type = PB_VALUE_COLORS,
     .meaning = "named colours: red, gold, ink, muted, ground",
     .example = "{\"red\": \"#b5121b\", \"ink\": \"#2b2622\"}"},
    {.name = "fonts",
     .type = PB_VALUE_MAP,
     .meaning = "font roles mapped to fontconfig family names",
     .children = &pb_font_keys},
    {.name = "background",
     .type = PB_VALUE_PAINT,
     .meaning = "the page's colour, or an image in the layout's own folder, run into the bleed",
     .example = "\"#faf6ef\""},
    {.name = "min_ppi",
     .type = PB_VALUE_NUMBER,
     .meaning = "the least effective resolution of a placed photo (image.ppi)",
     .example = "100",
     .max = 4800},
    {.name = "max_ppi",
     .type = PB_VALUE_NUMBER,
     .meaning = "photos placed above it are resampled (0: never)",
     .example = "300",
     .max = 4800},
    {.name = "flatten_transparency",
     .type = PB_VALUE_BOOL,
     .meaning = "PNGs with transparency are flattened on the page's ground",
     .example = "true"},
    {.name = "photo_rows",
     .type = PB_VALUE_LENGTHS,
     .meaning = "boards: [min, target, max] height of a photo row",
     .example = "[\"180mm\", \"264mm\", \"360mm\"]",
     .min = 3},
    {.name = "gutter",
     .type = PB_VALUE_LENGTH,
     .meaning = "boards: the one gap between photos, cards and columns",
     .example = "\"12mm\""},
    {.name = "text_size",
     .type = PB_VALUE_LENGTHS,
     .meaning = "boards: [min, max] size of the testimonials' type",
     .example = "[\"24pt\", \"48pt\"]",
     .min = 2},
    {.name = "photo_ratio",
     .type = PB_VALUE_TEXT,
     .meaning = "honor pages: the frame every star photo is cropped to, width:height (3:2), "
		"or none to show each whole",
     .example = "\"3:2\""},
    {.name = "columns",
     .type = PB_VALUE_UINT,
     .meaning = "boards: testimonial columns; the roll: card columns",
     .example = "3",
     .min = 1,
     .max = 8},
    {.name = "window",
     .type = PB_VALUE_MAP,
     .meaning = "inserts (required): the badge's round window, {diameter, center}",
     .children = &pb_window_keys},
    {.name = "cut_safe",
     .type = PB_VALUE_LENGTH,
     .meaning = "inserts: nothing that matters nearer the cut or the trim (3mm)",
     .example = "\"3mm\""},
    {.name = "sheet",
     .type = PB_VALUE_TEXT,
     .meaning = "inserts: the press sheet, SRA3 (the default), SRA2, SRA4, A2, A3, A4 or a size",
     .example = "\"SRA3\""},
    {.name = "sheet_margin",
     .type = PB_VALUE_LENGTH,
     .meaning = "inserts: the sheet's edge to the nearest bleed (5mm)",
     .example = "\"5mm\""},
    {.name = "sheet_gap",
     .type = PB_VALUE_LENGTH,
     .meaning = "inserts: the least room between two cards' bleeds, for their marks (5mm)",
     .example = "\"5mm\""},
    {.name = NULL},
};
const pb_keyset pb_layout_keys = {"layout", "a paiban layout: a product's geometry and style",
				  layout_keys, NULL, NULL};

const pb_key *
pb_keyset_lookup(const pb_keyset *set, const char *name)
{
	for (const pb_key *k = set->keys; k->name; k++)
		if (strcmp(k->name, name) == 0)
			return k;
	return NULL;
}
