/* shown.h — what a text value would look like set on a page: nothing at all, or reordered. */
#ifndef PB_SHOWN_H
#define PB_SHOWN_H

#include <glib.h>

/* The first character of `utf8` that reorders the text after it when it is set (the Unicode
 * bidi embeddings, overrides and isolates, U+202A–U+202E and U+2066–U+2069: one pasted
 * before a name prints it back to front), or 0. */
gunichar pb_text_first_reordering(const char *utf8);

/* TRUE when `utf8` has no character that shows a mark of its own: only spaces, controls,
 * format characters (U+200B and the like) and combining marks with no base (which print as
 * a dotted circle, or as nothing). */
gboolean pb_text_shows_nothing(const char *utf8);

#endif
