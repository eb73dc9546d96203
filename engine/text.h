/* text.h — the text service: every question about text goes through Pango here.
 *
 * For now it counts characters the way the rules count them; measuring, breaking and fitting
 * join it with the typesetting core.
 */
#ifndef PB_TEXT_H
#define PB_TEXT_H

#include <glib.h>

/* Characters as the rules count them: Unicode grapheme clusters (what a reader sees as one
 * character: 👍🏽 or e + combining accent is one), whitespace not counted. */
guint pb_text_count_chars(const char *utf8);

#endif
