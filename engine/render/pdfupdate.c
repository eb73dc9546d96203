/* pdfupdate.c — the bytes of an incremental update; see pdfupdate.h. */
#include "pdfupdate.h"

#include <math.h>
#include <string.h>

typedef struct xref_entry {
	int num;
	gsize offset;
} xref_entry;

void
pb_pdf_update_init(pb_pdf_update *u, gsize base, gsize reserve, int next)
{
	*u = (pb_pdf_update){.body = g_string_sized_new(reserve),
			     .base = base,
			     .xref = g_array_new(FALSE, FALSE, sizeof(xref_entry)),
			     .next = next};
}

gsize pb_pdf_drain_at = PB_PDF_DRAIN_AT;

void
pb_pdf_update_drain(pb_pdf_update *u)
{
	if (!u->drain || u->drain_error || u->body->len < pb_pdf_drain_at)
		return;
	if (u->drained)
		g_checksum_update(u->drained, (const guchar *)u->body->str, (gssize)u->body->len);
	if (u->drain(u->body->str, u->body->len, u->drain_to, &u->drain_error)) {
		u->base += u->body->len;
		g_string_truncate(u->body, 0);
	}
}

char *
pb_pdf_update_md5(pb_pdf_update *u)
{
	if (!u->drained)
		return g_compute_checksum_for_data(G_CHECKSUM_MD5, (const guchar *)u->body->str,
						   u->body->len);
	GChecksum *all = g_checksum_copy(u->drained);
	g_checksum_update(all, (const guchar *)u->body->str, (gssize)u->body->len);
	char *hex = g_strdup(g_checksum_get_string(all));
	g_checksum_free(all);
	return hex;
}

void
pb_pdf_update_clear(pb_pdf_update *u)
{
	g_clear_pointer(&u->drained, g_checksum_free);
	g_clear_pointer(&u->xref, g_array_unref);
	g_clear_error(&u->drain_error);
	if (u->body)
		g_string_free(u->body, TRUE);
	u->body = NULL;
}

static void
object_begin(pb_pdf_update *u, int num)
{
	xref_entry e = {num, u->base + u->body->len};
	g_array_append_val(u->xref, e);
	pb_pdf_append_int(u->body, num);
	g_string_append(u->body, " 0 obj\n");
}

void
pb_pdf_object(pb_pdf_update *u, int num, const char *text)
{
	object_begin(u, num);
	g_string_append(u->body, text);
	g_string_append(u->body, "\nendobj\n");
}

/* A stream object; `dict` holds the dictionary's entries besides /Length (may be "") */
void
pb_pdf_stream_dict(pb_pdf_update *u, int num, const char *dict, const char *data, gsize len)
{
	object_begin(u, num);
	g_string_append(u->body, "<< ");
	g_string_append(u->body, dict);
	g_string_append(u->body, "/Length ");
	pb_pdf_append_int(u->body, (gint64)len);
	g_string_append(u->body, " >>\nstream\n");
	g_string_append_len(u->body, data, (gssize)len);
	g_string_append(u->body, "\nendstream\nendobj\n");
}

void
pb_pdf_stream(pb_pdf_update *u, int num, const char *data, gsize len)
{
	pb_pdf_stream_dict(u, num, "", data, len);
}

/* A placeholder for "N 0 R" while the text is in qpdf's hands. */
char *
pb_pdf_ref(int num)
{
	return g_strdup_printf("/paibanRef%d", num);
}

static gboolean
placeholder_to_ref(const GMatchInfo *match, GString *out, gpointer data)
{
	g_autofree char *num = g_match_info_fetch(match, 1);
	g_string_append_printf(out, "%s 0 R", num);
	return FALSE;
}

/* An object as qpdf now holds it (with our keys), written under number `num`. */
void
pb_pdf_write_as(pb_pdf_update *u, qpdf_data q, qpdf_oh oh, int num)
{
	static GRegex *re;
	if (g_once_init_enter(&re)) {
		GRegex *r = g_regex_new("/paibanRef([0-9]+)", G_REGEX_OPTIMIZE, 0, NULL);
		g_once_init_leave(&re, r);
	}
	const char *text = qpdf_oh_unparse_resolved(q, oh);
	g_autofree char *fixed =
	    strstr(text, "/paibanRef")
		? g_regex_replace_eval(re, text, -1, 0, 0, placeholder_to_ref, NULL, NULL)
		: NULL;
	pb_pdf_object(u, num, fixed ? fixed : text);
}

/* An existing object written again under its number. */
void
pb_pdf_rewrite(pb_pdf_update *u, qpdf_data q, qpdf_oh oh)
{
	pb_pdf_write_as(u, q, oh, qpdf_oh_get_object_id(q, oh));
}

/* `key` of dictionary `res`, made a direct dictionary if absent, with `name` -> object `num`. */
void
pb_pdf_add_resource(qpdf_data q, qpdf_oh res, const char *key, const char *name, int num)
{
	qpdf_oh sub = qpdf_oh_get_key(q, res, key);
	if (!qpdf_oh_is_dictionary(q, sub)) {
		g_autofree char *dict = g_strdup_printf("<< %s /paibanRef%d >>", name, num);
		qpdf_oh_replace_key(q, res, key, qpdf_oh_parse(q, dict));
		return;
	}
	g_autofree char *value = pb_pdf_ref(num);
	qpdf_oh_replace_key(q, sub, name, qpdf_oh_new_name(q, value));
}

static gint
by_number(gconstpointer a, gconstpointer b)
{
	const xref_entry *x = a, *y = b;
	return x->num < y->num ? -1 : x->num > y->num;
}

/* The cross-reference section of the update, in contiguous runs, and the trailer. */
void
pb_pdf_update_finish(pb_pdf_update *u, qpdf_data q, gsize prev_xref, const char *id)
{
	g_array_sort(u->xref, by_number);
	gsize xref_at = u->base + u->body->len;
	g_string_append(u->body, "xref\n");
	for (guint i = 0; i < u->xref->len;) {
		guint j = i + 1;
		while (j < u->xref->len && g_array_index(u->xref, xref_entry, j).num ==
					       g_array_index(u->xref, xref_entry, j - 1).num + 1)
			j++;
		g_string_append_printf(u->body, "%d %u\n",
				       g_array_index(u->xref, xref_entry, i).num, j - i);
		for (; i < j; i++)
			g_string_append_printf(u->body, "%010zu 00000 n \n",
					       g_array_index(u->xref, xref_entry, i).offset);
	}
	qpdf_oh trailer = qpdf_get_trailer(q);
	g_string_append_printf(u->body, "trailer\n<< /Size %d /Root %s", u->next,
			       qpdf_oh_unparse(q, qpdf_oh_get_key(q, trailer, "/Root")));
	if (qpdf_oh_has_key(q, trailer, "/Info"))
		g_string_append_printf(u->body, " /Info %s",
				       qpdf_oh_unparse(q, qpdf_oh_get_key(q, trailer, "/Info")));
	g_string_append_printf(u->body, " /Prev %zu /ID [<%s> <%s>] >>\nstartxref\n%zu\n%%%%EOF\n",
			       prev_xref, id, id, xref_at);
}

/* The offset after the last "startxref" of the file's tail. */
gboolean
pb_pdf_find_prev_xref(const char *tail, gsize len, gsize *out)
{
	for (gsize i = len; i-- > 0;) {
		if (i + 9 <= len && !memcmp(tail + i, "startxref", 9)) {
			*out = (gsize)g_ascii_strtoull(tail + i + 9, NULL, 10);
			return *out > 0;
		}
	}
	return FALSE;
}

/* The digits of n >= 0, by hand: printf costs more than the rest of a page's numbers. */
static void
append_digits(GString *s, guint64 n)
{
	char digits[24];
	int len = 0;
	do {
		digits[sizeof digits - 1 - len++] = (char)('0' + n % 10);
		n /= 10;
	} while (n && len < (int)sizeof digits);
	g_string_append_len(s, digits + sizeof digits - len, len);
}

void
pb_pdf_append_int(GString *s, gint64 v)
{
	if (v < 0)
		g_string_append_c(s, '-');
	append_digits(s, v < 0 ? (guint64) - (v + 1) + 1 : (guint64)v);
}

void
pb_pdf_append_num(GString *s, double v)
{
	if (!isfinite(v) || fabs(v) > 1e12)
		v = 0; /* never in a frame: a guard for llround, not a value */
	gint64 n = (gint64)llround(v * 10000);
	if (n < 0) {
		g_string_append_c(s, '-');
		n = -n;
	}
	append_digits(s, (guint64)(n / 10000));
	int frac = (int)(n % 10000);
	if (frac) {
		char f[6] = {'.',
			     (char)('0' + frac / 1000),
			     (char)('0' + frac / 100 % 10),
			     (char)('0' + frac / 10 % 10),
			     (char)('0' + frac % 10),
			     0};
		int end = 5;
		while (f[end - 1] == '0')
			end--;
		g_string_append_len(s, f, end);
	}
}
