/* docx.h — the text of a Word 2007+ file (.docx): its paragraphs and its tables, in order.
 *
 * A .docx is a zip of XML parts; the body is word/document.xml (or the part the package's
 * relationships name).  This reads that part alone and keeps what `paiban init` needs to find
 * the fields colleges write: each paragraph's text, and each table as rows of cell texts.
 * Styles, numbering, images, headers and footers, tracked changes' deleted text are left out.
 * It never runs an unzip program, never resolves external entities, and bounds what a file may
 * cost (PB_DOCX_MAX_PART bytes of XML once unzipped).
 */
#ifndef PB_DOCX_H
#define PB_DOCX_H

#include <glib.h>

/* The most bytes of document.xml read, unzipped: a 200-page report is a few megabytes. */
#define PB_DOCX_MAX_PART (32u << 20)

typedef enum pb_docx_block_kind {
	PB_DOCX_PARAGRAPH,
	PB_DOCX_TABLE,
} pb_docx_block_kind;

typedef struct pb_docx_block {
	pb_docx_block_kind kind;
	char *text;      /* PARAGRAPH: its text, tabs as spaces, line breaks as '\n' */
	GPtrArray *rows; /* TABLE: of GPtrArray* of char* (each cell's paragraphs joined by '\n') */
} pb_docx_block;

typedef struct pb_docx {
	GPtrArray *blocks; /* of pb_docx_block*, in document order; empty paragraphs left out */
} pb_docx;

#define PB_DOCX_ERROR (pb_docx_error_quark())
GQuark pb_docx_error_quark(void);
typedef enum {
	PB_DOCX_ERROR_IO,      /* cannot be opened or read */
	PB_DOCX_ERROR_WORD97,  /* an OLE2 file: Word 97-2003 (.doc), not a .docx */
	PB_DOCX_ERROR_CORRUPT, /* not a zip, no document part, bad XML, too large */
} pb_docx_error;

/* Reads `path`.  NULL with `error` (a message that completes "cannot read 'x.docx': ...")
 * when it is not a readable .docx.  Free with pb_docx_free. */
pb_docx *pb_docx_load(const char *path, GError **error);
void pb_docx_free(pb_docx *doc);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(pb_docx, pb_docx_free)

/* TRUE when the first bytes of `path` are an OLE2 compound file's (Word 97's .doc). */
gboolean pb_docx_is_word97(const char *path);

#endif
