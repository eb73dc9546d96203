/* strdist.h — how far apart two words are, for "did you mean" suggestions. */
#ifndef PB_STRDIST_H
#define PB_STRDIST_H

#include <glib.h>

/* The Levenshtein distance between `a` and `b` in bytes, ASCII case ignored when `fold_case`;
 * G_MAXUINT when either is longer than 64 bytes (a far guess is worth nothing). */
guint pb_edit_distance(const char *a, const char *b, gboolean fold_case);

#endif
