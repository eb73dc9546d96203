/* text.c — the text service (Pango); see text.h.
 *
 * Grapheme clusters come from Pango's log attributes (is_cursor_position marks where a
 * cluster starts), not from a table of our own, so counts follow Unicode's UAX #29 as Pango
 * implements it.
 */
#include "text.h"

#include <pango/pango.h>
#include <string.h>

guint
pb_text_count_chars(const char *utf8)
{
	if (!utf8 || !*utf8)
		return 0;
	int len = (int)strlen(utf8);
	int n_chars = (int)g_utf8_strlen(utf8, len);
	PangoLogAttr *attrs = g_new0(PangoLogAttr, n_chars + 1);
	pango_get_log_attrs(utf8, len, -1, pango_language_from_string("zh-cn"), attrs, n_chars + 1);
	guint count = 0;
	const char *p = utf8;
	for (int i = 0; i < n_chars; i++, p = g_utf8_next_char(p)) {
		/* A cluster counts unless it begins with whitespace (U+3000 included). */
		if (attrs[i].is_cursor_position && !g_unichar_isspace(g_utf8_get_char(p)))
			count++;
	}
	g_free(attrs);
	return count;
}
