/* pdfupdate.h — the bytes of an incremental update to a PDF (PDF 1.7, 7.5.6), for the pass
 * (pdfpass.c): objects new or written again, a cross-reference section, a trailer with /Prev.
 *
 * qpdf cannot write an incremental update itself (QPDFWriter always rewrites the whole file),
 * so these few lines of syntax are written here; qpdf parses and unparses every dictionary, so
 * no PDF object is ever assembled by hand except new ones.  A reference to one of the new
 * objects goes into qpdf's dictionaries as a placeholder name (/paibanRef40) and becomes
 * "40 0 R" in the unparsed text: qpdf 11 crashes on cleanup when handed a reference to an
 * object its file does not have. */
#ifndef PB_PDFUPDATE_H
#define PB_PDFUPDATE_H

#include <glib.h>
#include <qpdf/qpdf-c.h>

/* Where an update's bytes go as they are made (pb_pdf_update_drain); FALSE with `error` when
 * they cannot. */
typedef gboolean (*pb_pdf_drain_fn)(const char *data, gsize len, gpointer user, GError **error);

typedef struct pb_pdf_update {
	GString *body;         /* the update's bytes not yet drained */
	gsize base;            /* bytes of the file before `body` (drained ones included) */
	GArray *xref;          /* of (object number, offset) pairs */
	int next;              /* next free object number */
	pb_pdf_drain_fn drain; /* NULL: the whole update stays in `body` */
	gpointer drain_to;
	GChecksum *drained;  /* when not NULL, the MD5 of the bytes drained so far (an /ID that
			      * hashes the update's bytes: pb_pdf_update_md5) */
	GError *drain_error; /* the first failed drain's; nothing is drained after it */
} pb_pdf_update;

/* An empty update of a file of `base` bytes whose next free object number is `next`, with
 * room for `reserve` bytes; cleared frees it (and its body, unless taken). */
void pb_pdf_update_init(pb_pdf_update *u, gsize base, gsize reserve, int next);
void pb_pdf_update_clear(pb_pdf_update *u);

/* Hands `body` to the update's drain once it holds pb_pdf_drain_at bytes or more
 * (PB_PDF_DRAIN_AT; tests lower it), between objects: a document of 20,000 pages is then never
 * all in memory.  A failure is kept in drain_error. */
extern gsize pb_pdf_drain_at;
void pb_pdf_update_drain(pb_pdf_update *u);

/* Its usual value: a quarter of a megabyte written at a time.  A megabyte held for each of the
 * files a build writes at once bought no speed a bench could see. */
#define PB_PDF_DRAIN_AT ((gsize)256 << 10)

/* The MD5 of every byte of the update so far, drained or not, as 32 hex digits (new string);
 * `drained` must have been set before the first drain. */
char *pb_pdf_update_md5(pb_pdf_update *u);

/* Object `num` with the text `text`; a stream whose dictionary holds `dict` (may be "")
 * besides /Length. */
void pb_pdf_object(pb_pdf_update *u, int num, const char *text);
void pb_pdf_stream_dict(pb_pdf_update *u, int num, const char *dict, const char *data, gsize len);
void pb_pdf_stream(pb_pdf_update *u, int num, const char *data, gsize len);

/* A placeholder for "N 0 R" while the text is in qpdf's hands. */
char *pb_pdf_ref(int num);

/* An object as qpdf now holds it (with our keys), written under number `num`, or again under
 * its own. */
void pb_pdf_write_as(pb_pdf_update *u, qpdf_data q, qpdf_oh oh, int num);
void pb_pdf_rewrite(pb_pdf_update *u, qpdf_data q, qpdf_oh oh);

/* `key` of dictionary `res`, made a direct dictionary if absent, with `name` -> object `num`. */
void pb_pdf_add_resource(qpdf_data q, qpdf_oh res, const char *key, const char *name, int num);

/* The cross-reference section of the update, in contiguous runs, and the trailer (/Prev
 * `prev_xref`, /ID `id`, 32 hex digits). */
void pb_pdf_update_finish(pb_pdf_update *u, qpdf_data q, gsize prev_xref, const char *id);

/* `v` as a PDF number with at most four decimals ("12.5", "-0.0042"): points to 1/10000, far
 * below any device's resolution, and the same on every machine. */
void pb_pdf_append_num(GString *s, double v);
/* `v` in decimal, as printf's %d writes it, without printf. */
void pb_pdf_append_int(GString *s, gint64 v);

/* The offset after the last "startxref" of the file's `tail`. */
gboolean pb_pdf_find_prev_xref(const char *tail, gsize len, gsize *out);

#endif
