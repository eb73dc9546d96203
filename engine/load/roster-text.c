/* roster-text.c — a roster's bytes as UTF-8, or one finding that says what they are instead
 * (UTF-16, UTF-32, GB18030 undeclared, a spreadsheet, a file cut short); see roster-private.h.
 * A file in no encoding we can be sure of is refused, never guessed at.
 */
#include "roster-private.h"

#include <string.h>

void
pb_roster_count_position(const char *text, gsize len, gsize from, gsize to, guint *line, guint *col)
{
	for (gsize i = from; i < to; i++) {
		guchar b = (guchar)text[i];
		if (b == '\n' || (b == '\r' && i + 1 < len && text[i + 1] != '\n'))
			(*line)++, *col = 1;
		else if ((b & 0xC0) != 0x80 && b != '\r')
			(*col)++;
	}
}

/* The line:col of byte `offset` of UTF-8 `text`, counted as the reader counts (the byte at
 * `offset` is there: the one that went wrong, or the terminating NUL). */
static pb_loc
text_loc(const char *file, const char *text, gsize offset)
{
	guint line = 1, col = 1;
	pb_roster_count_position(text, offset + 1, 0, offset, &line, &col);
	return pb_loc_make(file, line, col);
}

static gboolean
has_non_ascii(const char *data, gsize len)
{
	for (gsize i = 0; i < len; i++)
		if ((guchar)data[i] >= 0x80)
			return TRUE;
	return FALSE;
}

/* UTF-32 without its BOM, as its first 64 characters show it: every four bytes one character,
 * none of them NUL, all below U+110000 (the top byte zero, the next at most 0x10: the last two
 * little-endian, the first two big-endian).  UTF-16 puts its next character's low byte where
 * the top one would be, and a file of zeros is not text. */
static gboolean
looks_utf32(const char *data, gsize len)
{
	gsize n = MIN(len, 256) / 4 * 4;
	if (n < 8)
		return FALSE;
	for (int big = 0; big < 2; big++) {
		gboolean all = TRUE;
		for (gsize i = 0; i < n && all; i += 4) {
			const guchar *u = (const guchar *)data + i;
			guint32 cp = big ? (guint32)u[0] << 24 | (guint32)u[1] << 16 |
					       (guint32)u[2] << 8 | u[3]
					 : (guint32)u[3] << 24 | (guint32)u[2] << 16 |
					       (guint32)u[1] << 8 | u[0];
			all = cp != 0 && cp < 0x110000;
		}
		if (all)
			return TRUE;
	}
	return FALSE;
}

/* UTF-16 without its BOM, as the header (ASCII: every other byte zero) shows it: in the first
 * bytes, NULs at every second offset or more of one parity, and none at the other; not a
 * stray NUL in a UTF-8 file. */
static gboolean
looks_utf16(const char *data, gsize len)
{
	gsize n = MIN(len, 256), nul[2] = {0, 0};
	for (gsize i = 0; i < n; i++)
		if (!data[i])
			nul[i & 1]++;
	for (int p = 0; p < 2; p++)
		if (nul[p] >= 2 && !nul[!p] && nul[p] * 2 >= (n + !p) / 2)
			return TRUE;
	return FALSE;
}

/* The `n` bytes from `p` to the end of the text are the start of one UTF-8 character, cut
 * off: the file was cut short, not written in another encoding. */
static gboolean
utf8_cut_short(const guchar *p, gsize n)
{
	gsize need = p[0] >= 0xC2 && p[0] <= 0xDF   ? 2
		     : p[0] >= 0xE0 && p[0] <= 0xEF ? 3
		     : p[0] >= 0xF0 && p[0] <= 0xF4 ? 4
						    : 0;
	if (!need || n >= need)
		return FALSE;
	for (gsize i = 1; i < n; i++)
		if ((p[i] & 0xC0) != 0x80)
			return FALSE;
	return TRUE;
}

#define SAVE_AS                                                                                    \
	"save it as \"CSV UTF-8 (comma delimited)\", or set encoding: gb18030 under "              \
	"graduates in the manifest (what Excel's \"CSV (comma delimited)\" writes on a Chinese "   \
	"Windows)"

char *
pb_roster_utf8(const char *file, pb_diags *findings, const char *data, gsize len, pb_encoding enc,
	       pb_loc enc_loc, gsize *out)
{
	pb_loc top = pb_loc_make(file, 1, 1);
	/* UTF-32's BOMs first: the little-endian one begins as UTF-16's does */
	if ((len >= 4 && (!memcmp(data, "\xFF\xFE\0\0", 4) || !memcmp(data, "\0\0\xFE\xFF", 4))) ||
	    looks_utf32(data, len)) {
		pb_diag_error(findings, top, "roster.encoding", "the roster is UTF-32; " SAVE_AS);
		return NULL;
	}
	if ((len >= 2 && (((guchar)data[0] == 0xFF && (guchar)data[1] == 0xFE) ||
			  ((guchar)data[0] == 0xFE && (guchar)data[1] == 0xFF))) ||
	    looks_utf16(data, len)) {
		pb_diag_error(findings, top, "roster.encoding",
			      "the roster is UTF-16 (Excel's \"Unicode Text\"); " SAVE_AS);
		return NULL;
	}
	gboolean bom = len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3);
	if (bom)
		data += 3, len -= 3;
	const char *bad = NULL;
	gboolean valid = g_utf8_validate(data, (gssize)len, &bad); /* once: up to 64 MB */
	if (bom || enc == PB_ENCODING_UTF8 || valid) {
		if (!valid) {
			gsize at = (gsize)(bad - data);
			pb_loc loc = text_loc(file, data, at);
			if (data[at] == 0)
				pb_diag_error(
				    findings, loc, "roster.encoding",
				    "the roster holds a NUL byte; is it a spreadsheet rather "
				    "than CSV?");
			else if (utf8_cut_short((const guchar *)data + at, len - at))
				pb_diag_error(findings, loc, "roster.encoding",
					      "the roster ends inside a character (byte 0x%02X "
					      "here); was the file cut short? save it again",
					      (guchar)data[at]);
			else
				pb_diag_error(
				    findings, loc, "roster.encoding",
				    "the roster is not UTF-8 (byte 0x%02X here); " SAVE_AS,
				    (guchar)data[at]);
			return NULL;
		}
		/* GB18030 declared for a file that is UTF-8: read what it is, and say so */
		if (enc == PB_ENCODING_GB18030 && (bom || has_non_ascii(data, len)))
			pb_diag_warning(findings, enc_loc.line ? enc_loc : top, "roster.encoding",
					"the roster is UTF-8, not GB18030; read as UTF-8 (drop "
					"'encoding: gb18030')");
		*out = len;
		return g_strndup(data, len);
	}
	gsize read = 0, written = 0;
	g_autoptr(GError) err = NULL;
	char *text = g_convert(data, (gssize)len, "UTF-8", "GB18030", &read, &written, &err);
	if (!text) {
		/* where it went wrong: the characters before it, converted, say the column */
		g_autofree char *before =
		    g_convert(data, (gssize)read, "UTF-8", "GB18030", NULL, NULL, NULL);
		pb_loc loc = before ? text_loc(file, before, strlen(before)) : top;
		pb_diag_error(findings, loc, "roster.encoding",
			      "the roster is not GB18030 either (byte 0x%02X here: %s); save it as "
			      "\"CSV UTF-8 (comma delimited)\"",
			      read < len ? (guchar)data[read] : 0,
			      err->code == G_CONVERT_ERROR_PARTIAL_INPUT
				  ? "it ends inside a character"
				  : "no such character");
		return NULL;
	}
	if (read < len) { /* g_convert drops an incomplete last character without a word */
		pb_diag_error(findings, text_loc(file, text, written), "roster.encoding",
			      "the roster ends inside a character (byte 0x%02X here); was the file "
			      "cut short? save it again",
			      (guchar)data[read]);
		g_free(text);
		return NULL;
	}
	char *body = text;
	if (written >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))
		body += 3, written -= 3; /* GB18030's own BOM, 84 31 95 33, is U+FEFF too */
	const char *nul = memchr(body, 0, written);
	if (nul) {
		pb_diag_error(findings, text_loc(file, body, (gsize)(nul - body)),
			      "roster.encoding",
			      "the roster holds a NUL byte; is it a spreadsheet rather than CSV?");
		g_free(text);
		return NULL;
	}
	memmove(text, body, written + 1); /* drop the BOM in place, with the terminating NUL */
	*out = written;
	return text;
}
