/* print-order.c — OUTDIR/print-order.csv: the PDFs for the press, one a line (records.h). */
#include "records.h"

#include <string.h>

/* A field as CSV writes it: quoted when it holds a comma, a quote or a line break. */
static void
csv_field(GString *s, const char *v)
{
	if (!v)
		v = "";
	if (strpbrk(v, ",\"\r\n")) {
		g_string_append_c(s, '"');
		for (const char *p = v; *p; p++) {
			if (*p == '"')
				g_string_append_c(s, '"');
			g_string_append_c(s, *p);
		}
		g_string_append_c(s, '"');
	} else {
		g_string_append(s, v);
	}
}

char *
pb_print_order_csv(const pb_records *r)
{
	GString *s = g_string_new("file,width_mm,height_mm,bleed_mm,pages,quantity,sheets,paper,"
				  "state\r\n");
	for (guint i = 0; i < r->files->len; i++) {
		const pb_record *f = r->files->pdata[i];
		/* the press prints PDFs that exist */
		if (g_strcmp0(f->format, "pdf") || f->status == PB_FILE_REMOVED ||
		    !f->file.sha256[0])
			continue;
		csv_field(s, f->path);
		g_autofree char *sheets =
		    f->paper ? g_strdup_printf("%u", f->pages * f->quantity) : g_strdup("");
		g_string_append_printf(s, ",%g,%g,%g,%u,%u,%s,", f->trim_w, f->trim_h, f->bleed,
				       f->pages, f->quantity, sheets);
		csv_field(s, f->paper);
		/* current, stale or a draft: whether this build or an earlier one made it is not
		 * the press's concern, and would change the file on every rebuild */
		g_string_append_printf(s, ",%s\r\n",
				       f->draft                     ? "draft"
				       : f->status == PB_FILE_STALE ? "stale"
								    : "current");
	}
	return g_string_free(s, FALSE);
}
