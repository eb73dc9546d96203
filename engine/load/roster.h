/* roster.h — the roster of graduates (`graduates: roster.csv`) -> pb_roster.
 *
 * A CSV file with a header row naming the columns name, class, college and, optionally,
 * blessing (in any order; 姓名, 班级, 学院, 寄语 are read as the same), then one graduate a
 * row.  It is what a school office keeps in Excel, so it arrives in UTF-8 (with or without a
 * BOM) or, from "CSV (comma delimited)" on a Chinese Windows, in GB18030; a file that is not
 * UTF-8 and declares no encoding is refused with one clear error, never read as mojibake.
 *
 * Reading records what is wrong with the file itself (its encoding, the header, a quote out of
 * place, a row longer than the header) in the roster's findings, each at roster.csv:line:col
 * (columns in characters); what is wrong with a row's values (an unknown college, an empty
 * name, a graduate listed twice) is the check's to say (check.c).
 */
#ifndef PB_ROSTER_H
#define PB_ROSTER_H

#include "model.h"

/* The longest value a roster cell may hold, in characters: a name, a class, a college or a
 * card's one personal line.  Longer is a pasted paragraph, not a roster value. */
#define PB_ROSTER_VALUE_MAX 200

/* Reads the roster file `path` (as diagnostics name it) in `encoding`.  `ref` is the manifest's
 * `graduates` value (where a file that cannot be read is reported) and `encoding_loc` where
 * the encoding is written (line 0 when it is not).  NULL when `path` is not a regular file:
 * the check reports "no roster file".  Free with pb_roster_free. */
pb_roster *pb_roster_load(const char *path, pb_encoding encoding, pb_loc ref, pb_loc encoding_loc);

/* The same from bytes in memory, named `file` in positions. */
pb_roster *pb_roster_parse(const char *file, const char *data, gsize len, pb_encoding encoding,
			   pb_loc encoding_loc);

/* Points each row at the college whose id or name it writes (NULL when none). */
void pb_roster_bind(pb_roster *r, const GPtrArray *colleges);

void pb_roster_free(pb_roster *r);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(pb_roster, pb_roster_free)

#endif
