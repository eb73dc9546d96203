/* strdist.c — edit distance; see strdist.h. */
#include "strdist.h"

#include <string.h>

#define PB_DIST_MAX_LEN 64

guint
pb_edit_distance(const char *a, const char *b, gboolean fold_case)
{
	gsize la = strlen(a), lb = strlen(b);
	if (la > PB_DIST_MAX_LEN || lb > PB_DIST_MAX_LEN)
		return G_MAXUINT;
	guint row[PB_DIST_MAX_LEN + 1];
	for (gsize j = 0; j <= lb; j++)
		row[j] = (guint)j;
	for (gsize i = 1; i <= la; i++) {
		guint diag = row[0];
		row[0] = (guint)i;
		for (gsize j = 1; j <= lb; j++) {
			guint up = row[j];
			char x = a[i - 1], y = b[j - 1];
			gboolean same =
			    fold_case ? g_ascii_tolower(x) == g_ascii_tolower(y) : x == y;
			row[j] = MIN(MIN(row[j] + 1, row[j - 1] + 1), diag + !same);
			diag = up;
		}
	}
	return row[lb];
}
