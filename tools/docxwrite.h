/* docxwrite.h — writes the small Word (.docx) files of the example's submission folder.
 *
 * Only for the project's generators (tools/): the engine reads .docx (engine/load/docx.c) and
 * never writes one.  A document is a list of paragraphs (each a bold label and a text, either
 * may be empty) and tables (a header row, then rows), saved as the three parts Word needs
 * ([Content_Types].xml, _rels/.rels, word/document.xml) in a zip written with libgsf, with a
 * fixed date, so the same document gives the same bytes.
 */
#ifndef PB_DOCXWRITE_H
#define PB_DOCXWRITE_H

#include <glib.h>
#include <stdbool.h>

typedef struct pbw_docx pbw_docx;

pbw_docx *pbw_docx_new(void);
void pbw_docx_free(pbw_docx *d);

/* A centred bold title. */
void pbw_docx_title(pbw_docx *d, const char *text);
/* A paragraph: `label` in bold (NULL for none), then `text` (NULL for none); a '\n' in the
 * text is a line break within the paragraph. */
void pbw_docx_para(pbw_docx *d, const char *label, const char *text);
/* A paragraph of fields: "LABEL：value  LABEL：value", each label in bold.  `pairs` holds
 * label, value, label, value, ... and ends with NULL. */
void pbw_docx_fields(pbw_docx *d, const char *const *pairs);
/* A table: the first row given is the header (bold).  Rows are NULL-terminated arrays of
 * cells; every row has `columns` cells. */
void pbw_docx_table_begin(pbw_docx *d, guint columns);
void pbw_docx_table_row(pbw_docx *d, const char *const *cells);
void pbw_docx_table_end(pbw_docx *d);

/* Writes the file (replacing it).  false with `error` when it cannot. */
bool pbw_docx_save(const pbw_docx *d, const char *path, GError **error);

#endif
