/* units.h — lengths (mm, cm, pt, in, px) and colours (#rrggbb) as layouts write them.
 *
 * Everything inside paiban is millimetres; conversion happens here, once, at load time.
 * px is the CSS pixel, 1/96 in, because that is what designers' tools mean by it.
 */
#ifndef PB_UNITS_H
#define PB_UNITS_H

#include <glib.h>

/* A process colour as the screen and the layouts write it. */
typedef struct pb_rgb {
	double r, g, b; /* 0..1 */
} pb_rgb;

#define PB_MM_PER_IN 25.4
#define PB_MM_PER_PT (25.4 / 72.0)

/* "5mm", "0.5 in", "12pt", "0".  FALSE with a reason in *why (static string). */
gboolean pb_length_parse(const char *text, double *mm, const char **why);
/* "1200mm x 2400mm" (also ×, X, and a shared unit: "297 x 420 mm"). */
gboolean pb_size_parse(const char *text, double *w_mm, double *h_mm, const char **why);
/* "#c8102e" or "#C8102E". */
gboolean pb_color_parse(const char *text, pb_rgb *out);

#endif
