/* fields.h — the fields colleges write in their Word files and file names, recognised.
 *
 * The notice asks for Word files "含学院、班级、照片名称" (photos), "含学院、班级、学生姓名"
 * (testimonials), the blessings of named roles, a story, and ID photos "注明学院、班级、和姓名".
 * Colleges write these as tables with a header row, as "班级：建工1901班" labels, as one line
 * per photo beginning with its file name or number, or as "张明（建工1901班）：……".  This
 * turns a document (docx.h) into records, one per photo, testimonial, blessing, star or
 * honoree, each with the fields it gave; init.c matches them to the files.  It reads text only:
 * it never looks at the disk.
 */
#ifndef PB_FIELDS_H
#define PB_FIELDS_H

#include "load/docx.h"

typedef enum pb_field {
	PB_FIELD_NUMBER,  /* 序号: a photo's number, as its file name starts */
	PB_FIELD_FILES,   /* 文件名: file names, separated by '\n' */
	PB_FIELD_TITLE,   /* 照片名称 */
	PB_FIELD_CLASS,   /* 班级 */
	PB_FIELD_COLLEGE, /* 学院 */
	PB_FIELD_NAME,    /* 姓名 */
	PB_FIELD_TEXT,    /* 感言, 寄语, 事迹 */
	PB_FIELD_ROLE,    /* 职务: as written (院长) */
	PB_FIELD_LEVEL,   /* 级别: as written (省级) */
	PB_FIELD_COUNT
} pb_field;

typedef struct pb_entry {
	char *f[PB_FIELD_COUNT]; /* NULL when the record does not give it */
} pb_entry;

/* Frees a record from pb_fields_records (NULL is fine). */
void pb_entry_free(gpointer record);

/* What a college's Word file holds. */
typedef enum pb_doc_kind {
	PB_DOC_UNKNOWN,
	PB_DOC_PHOTOS,       /* 照片说明 */
	PB_DOC_TESTIMONIALS, /* 毕业感言 */
	PB_DOC_BLESSINGS,    /* 毕业寄语 */
	PB_DOC_STAR,         /* 优秀毕业生事迹 */
	PB_DOC_HONOREES,     /* 其他优秀毕业生名单 */
} pb_doc_kind;

/* From the file's name (寄语, 感言, 事迹, 名单, 照片 ...), else from its headers and labels. */
pb_doc_kind pb_fields_kind(const char *file_name, const pb_docx *doc);
const char *pb_doc_kind_name(pb_doc_kind kind); /* "photo descriptions", ... */

/* The records of `doc` read as `kind`, in document order: GPtrArray of pb_entry*, with its
 * free function set.  A star's file gives at most one record. */
GPtrArray *pb_fields_records(const pb_docx *doc, pb_doc_kind kind);

/* Fields from a file's stem ("省级-赵强-建工1901班", "院长-欧阳振华"): NAME, CLASS, LEVEL,
 * ROLE where a token is one.  Fills only what `out` lacks. */
void pb_fields_from_name(const char *stem, pb_entry *out);

/* "dean", ... for a Chinese title (院长, 党总支书记, 毕业班辅导员); NULL when none. */
const char *pb_fields_role(const char *text);
/* "provincial" or "school" for 省级 / 校级 (also 省, 校); NULL when neither. */
const char *pb_fields_level(const char *text);
/* A number at the start of a file name ("03-celiang-1.jpg" -> 3); -1 when none. */
int pb_fields_leading_number(const char *name);

#endif
