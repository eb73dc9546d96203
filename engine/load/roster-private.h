/* roster-private.h — what the roster's reader (roster.c) and its encodings (roster-text.c)
 * share. */
#ifndef PB_ROSTER_PRIVATE_H
#define PB_ROSTER_PRIVATE_H

#include "roster.h"

/* Counts lines and columns through text[from, to) (of `len` bytes in all): a line ends at LF,
 * CRLF or a lone CR (old Mac exports); a column is a character. */
void pb_roster_count_position(const char *text, gsize len, gsize from, gsize to, guint *line,
			      guint *col);

/* The roster `file`'s bytes as UTF-8, BOM dropped, its length in *out; NULL after a finding
 * in `findings` at its position (or at `enc_loc`, the manifest's encoding, for a declared
 * GB18030 that is UTF-8 after all, which is read and warned of). */
char *pb_roster_utf8(const char *file, pb_diags *findings, const char *data, gsize len,
		     pb_encoding enc, pb_loc enc_loc, gsize *out);

#endif
