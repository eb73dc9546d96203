/* notice.h — the event (school, theme, motto, edition, the ceremony's day) out of the school's
 * notice, when the submission folder holds it beside the colleges' folders.
 *
 * The notice is prose (../shared/seed: "一、活动主题 / 青春不散场，奋进新征程", "秉承“德技共举、
 * 知行合一”校训", "学校将于6月21日下午举行……毕业典礼", the school's name above the date it
 * was signed); `paiban init` reads what it can and marks the rest TODO.
 */
#ifndef PB_NOTICE_H
#define PB_NOTICE_H

#include "load/docx.h"

typedef struct pb_event_fields {
	char *school;               /* the signature: 湖南工程职业技术学院 */
	char *title;                /* under 活动主题 */
	char *edition;              /* 2022届毕业季 */
	char *motto;                /* from “德技共举、知行合一”校训 */
	char *date;                 /* YYYY-MM-DD of the 毕业典礼 */
	gboolean date_year_guessed; /* the notice gave month and day only, and no date of its
				       own: the year is the edition's */
} pb_event_fields;

/* Reads the event out of a notice; fills only the members still NULL. */
void pb_notice_read(const pb_docx *doc, pb_event_fields *out);
void pb_event_fields_clear(pb_event_fields *e);

#endif
