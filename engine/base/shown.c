/* shown.c — what a text value would look like set on a page; see shown.h.
 *
 * The loaders ask this of every value a user writes (the manifest's texts, the roster's
 * cells), because such values pass every other rule: a name of only U+200B or of combining
 * accents is not empty and has glyphs, and a name behind U+202E has the very characters it
 * should, yet the card shows a blank, a dotted circle or the name reversed.
 */
#include "shown.h"

gunichar
pb_text_first_reordering(const char *utf8)
{
	for (const char *p = utf8; p && *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if ((c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069))
			return c;
	}
	return 0;
}

gboolean
pb_text_shows_nothing(const char *utf8)
{
	for (const char *p = utf8; p && *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		GUnicodeType t = g_unichar_type(c);
		/* isgraph is FALSE for spaces, controls, format characters and unassigned
		 * code points; marks need a base before them */
		if (g_unichar_isgraph(c) && t != G_UNICODE_NON_SPACING_MARK &&
		    t != G_UNICODE_SPACING_MARK && t != G_UNICODE_ENCLOSING_MARK)
			return FALSE;
	}
	return TRUE;
}
