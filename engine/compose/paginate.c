/* paginate.c — fewest pages, reading order, balanced; see paginate.h. */
#include "paginate.h"

static double
run(const pb_paginate *p, guint from, guint to)
{
	return p->run(p->units, from, to, p->data);
}

/* Each page as full as it can be.  *last_fill is the last page's share of a page. */
static GArray *
fill_pages(const pb_paginate *p, double *last_fill)
{
	GArray *starts = g_array_new(FALSE, FALSE, sizeof(guint));
	guint from = 0;
	while (from < p->n) {
		guint to = from + 1; /* a unit taller than a page still gets one */
		while (to < p->n && run(p, from, to + 1) <= p->capacity)
			to++;
		g_array_append_val(starts, from);
		*last_fill = run(p, from, to) / p->capacity;
		from = to;
	}
	return starts;
}

/* `pages` pages filled to about the same height: break where the running height crosses
 * k·total/pages.  NULL when some page would overflow. */
static GArray *
even_pages(const pb_paginate *p, guint pages)
{
	double total = run(p, 0, p->n);
	GArray *starts = g_array_new(FALSE, FALSE, sizeof(guint));
	guint from = 0;
	for (guint b = 0; b < pages; b++) {
		guint to = p->n;
		if (b + 1 < pages) {
			double target = total * (b + 1) / pages, before = run(p, 0, from);
			to = from;
			while (to < p->n) {
				double height = run(p, from, to + 1);
				/* take the unit if it ends nearer the target than leaving it out */
				if (before + height - p->unit(p->units, to, p->data) / 2 > target ||
				    height > p->capacity)
					break;
				to++;
			}
			if (to == from && to < p->n)
				to++;
		}
		if (to > from + 1 && run(p, from, to) > p->capacity + 0.01) {
			g_array_unref(starts);
			return NULL;
		}
		g_array_append_val(starts, from);
		from = to;
	}
	return starts;
}

/* When even spreading cannot be done (the units are too uneven for the pages to come out alike
 * without one overflowing), the last page still need not be a leftover: units come back to it
 * from the end of the page before, one at a time, while it stays under half full, the page
 * before keeps a unit and the last page still holds them. */
static void
pull_back(const pb_paginate *p, GArray *starts)
{
	guint last = starts->len - 1;
	guint *from = &g_array_index(starts, guint, last);
	guint before = g_array_index(starts, guint, last - 1);
	while (*from > before + 1 && run(p, *from, p->n) < p->capacity / 2 &&
	       run(p, *from - 1, p->n) <= p->capacity)
		(*from)--;
}

GArray *
pb_paginate_run(const pb_paginate *p)
{
	double last_fill = 1;
	GArray *full = fill_pages(p, &last_fill);
	if (full->len < 2 || last_fill >= 0.5)
		return full;
	GArray *even = even_pages(p, full->len);
	if (!even) {
		pull_back(p, full);
		return full;
	}
	g_array_unref(full);
	return even;
}
