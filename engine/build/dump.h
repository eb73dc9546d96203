/* dump.h — frames as stable text, for tests: one line per item, millimetres to 0.01, and a
 * header naming each font file used with its checksum (SILE's and libraqm's habit: layout
 * regressions read as text diffs, not pixel diffs). */
#ifndef PB_DUMP_H
#define PB_DUMP_H

#include "text/fonts.h"
#include "compose/frame.h"

/* The dump of `doc`.  Caller frees. */
char *pb_dump_doc(const pb_doc *doc, pb_fonts *fonts);

#endif
