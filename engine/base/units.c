/* units.c — lengths and colours from layout text; see units.h. */
#include "units.h"

#include <math.h>
#include <string.h>

static const struct {
	const char *name;
	double mm;
} units[] = {
    {"mm", 1.0}, {"cm", 10.0}, {"pt", PB_MM_PER_PT}, {"in", PB_MM_PER_IN}, {"px", 25.4 / 96.0},
};

/* Parses a number and an optional unit at *p, advancing it.  unit_mm is 0 when none. */
static gboolean
parse_quantity(const char **p, double *value, double *unit_mm)
{
	while (g_ascii_isspace(**p))
		(*p)++;
	char *end = NULL;
	double v = g_ascii_strtod(*p, &end);
	if (end == *p || !isfinite(v))
		return FALSE;
	*p = end;
	while (g_ascii_isspace(**p))
		(*p)++;
	*unit_mm = 0;
	for (gsize i = 0; i < G_N_ELEMENTS(units); i++)
		if (g_ascii_strncasecmp(*p, units[i].name, 2) == 0) {
			*unit_mm = units[i].mm;
			*p += 2;
			break;
		}
	while (g_ascii_isspace(**p))
		(*p)++;
	*value = v;
	return TRUE;
}

gboolean
pb_length_parse(const char *text, double *mm, const char **why)
{
	const char *p = text;
	double v, unit;
	if (!parse_quantity(&p, &v, &unit) || *p) {
		*why = "a length is a number and a unit: mm, cm, pt, in or px";
		return FALSE;
	}
	if (unit == 0 && v != 0) {
		*why = "a length needs a unit: mm, cm, pt, in or px";
		return FALSE;
	}
	if (v < 0) {
		*why = "a length must not be negative";
		return FALSE;
	}
	*mm = v * (unit ? unit : 1);
	return TRUE;
}

gboolean
pb_size_parse(const char *text, double *w_mm, double *h_mm, const char **why)
{
	const char *p = text;
	double w, wu, h, hu;
	*why = "a size is written WIDTH x HEIGHT with units, e.g. 1200mm x 2400mm";
	if (!parse_quantity(&p, &w, &wu))
		return FALSE;
	if (*p == 'x' || *p == 'X')
		p++;
	else if (g_str_has_prefix(p, "×"))
		p += strlen("×");
	else
		return FALSE;
	if (!parse_quantity(&p, &h, &hu) || *p)
		return FALSE;
	if (!wu)
		wu = hu; /* "297 x 420 mm" */
	if (!wu || !hu)
		return FALSE;
	if (w <= 0 || h <= 0) {
		*why = "a size must be larger than zero";
		return FALSE;
	}
	*w_mm = w * wu;
	*h_mm = h * hu;
	return TRUE;
}

gboolean
pb_color_parse(const char *text, pb_rgb *out)
{
	if (strlen(text) != 7 || text[0] != '#')
		return FALSE;
	int v[3];
	for (int i = 0; i < 3; i++) {
		int hi = g_ascii_xdigit_value(text[1 + 2 * i]);
		int lo = g_ascii_xdigit_value(text[2 + 2 * i]);
		if (hi < 0 || lo < 0)
			return FALSE;
		v[i] = hi * 16 + lo;
	}
	out->r = v[0] / 255.0;
	out->g = v[1] / 255.0;
	out->b = v[2] / 255.0;
	return TRUE;
}
