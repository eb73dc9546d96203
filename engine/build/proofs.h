/* proofs.h — `paiban proof`: a PNG of every page under OUTDIR/proof/ and the contact sheet
 * that shows them with their findings (proof-index.c).
 *
 * A proof is made from the same frames as the PDF, when the PDF's frames are new or its proof
 * is missing; OUTDIR/proof/proof.json records which frames each proof shows, so a rebuild
 * redraws only the pages that changed.  Each page's proof knows the findings that concern it
 * and where on the page their items are (in hundredths of the image), so the contact sheet can
 * number them on the page.
 */
#ifndef PB_PROOFS_H
#define PB_PROOFS_H

#include "records.h"
#include "compose/frame.h"

/* One finding outlined on a page: which finding of the file's record, and where (percent of
 * the proof image: x0, y0, x1, y1). */
typedef struct pb_proof_spot {
	guint finding;
	double box[4];
} pb_proof_spot;

typedef struct pb_proof_page_rec {
	char *png, *thumb;   /* relative to OUTDIR/proof */
	guint width, height; /* px */
	guint thumb_width, thumb_height;
	GArray *findings; /* of guint: the file's findings on this page */
	GArray *spots;    /* of pb_proof_spot */
} pb_proof_page_rec;

/* The proofs of one PDF. */
typedef struct pb_proof_rec {
	char *pdf;        /* its build.json path: "boards/jianzhu-01.pdf" */
	char *frames;     /* the frame hash of the PDF it shows */
	guint px;         /* the proofs' height */
	GPtrArray *pages; /* of pb_proof_page_rec* */
} pb_proof_rec;

void pb_proof_rec_free(pb_proof_rec *r);
pb_proof_rec *pb_proof_rec_copy(const pb_proof_rec *r);

/* OUTDIR/proof/proof.json, by PDF path (pb_proof_rec*, owned); empty when there is none. */
GHashTable *pb_proofs_load(const char *outdir);

/* The proofs of `doc` (the PDF `pdf`, showing `frames`), each page `px` tall, written under
 * OUTDIR/proof, with the outlines of `findings` (of pb_diag*: what concerns the file, in the
 * order of its record).  NULL with `error` (PB_RENDER_ERROR with *failed_at for an image that
 * could not be read; else the environment's). */
pb_proof_rec *pb_proofs_make(const char *outdir, const pb_doc *doc, const char *pdf,
			     const char *frames, guint px, const GPtrArray *findings,
			     pb_loc *failed_at, GError **error);

/* TRUE when `prev` shows `frames` at `px` and its PNGs are on disk. */
gboolean pb_proofs_current(const char *outdir, const pb_proof_rec *prev, const char *frames,
			   guint px);

/* Writes proof.json for the PDFs of `files` (the records after the build), removes the proofs
 * of PDFs that are gone, and writes the contact sheet (index.html, version.js).  `findings`:
 * the run's findings that concern no file (of pb_diag*).  FALSE with `error`. */
gboolean pb_proofs_finish(const char *outdir, const pb_records *files, GHashTable *proofs,
			  const GPtrArray *general, const char *title, GError **error);

/* The contact sheet alone (proof-index.c), for pb_proofs_finish. */
gboolean pb_proofs_write_index(const char *outdir, const pb_records *files, GHashTable *proofs,
			       const GPtrArray *general, const char *title, GError **error);

#endif
