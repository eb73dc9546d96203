/* direct-bind.c — Cairo's template read back: the name Cairo gave each form and the code it
 * gave each glyph (see direct.c).  Only as much PDF syntax as Cairo writes on those pages is
 * read; anything else makes the bind fail, and Cairo draws the pages itself. */
#include "direct-private.h"

#include <math.h>
#include <qpdf/qpdf-c.h>
#include <string.h>

/* The bytes a font's codes take, by resource name: 2 for Cairo's CID fonts, 1 for its simple
 * ones (the Latin subsets, Type 3). */
static GHashTable *
code_widths(qpdf_data q, qpdf_oh page)
{
	GHashTable *widths = g_hash_table_new(g_str_hash, g_str_equal);
	qpdf_oh fonts = qpdf_oh_get_key(q, qpdf_oh_get_key(q, page, "/Resources"), "/Font");
	if (!qpdf_oh_is_dictionary(q, fonts))
		return widths;
	GPtrArray *names = g_ptr_array_new();
	qpdf_oh_begin_dict_key_iter(q, fonts);
	while (qpdf_oh_dict_more_keys(q))
		g_ptr_array_add(names, (gpointer)g_intern_string(qpdf_oh_dict_next_key(q)));
	for (guint i = 0; i < names->len; i++) {
		qpdf_oh font = qpdf_oh_get_key(q, fonts, names->pdata[i]);
		qpdf_oh sub = qpdf_oh_get_key(q, font, "/Subtype");
		gboolean cid = qpdf_oh_is_name_and_equals(q, sub, "/Type0");
		g_hash_table_insert(widths, names->pdata[i], GUINT_TO_POINTER(cid ? 2 : 1));
	}
	g_ptr_array_unref(names);
	return widths;
}

typedef struct reader {
	pb_direct *d;
	GHashTable *widths;
	const char *font; /* interned, the current Tf's */
	guint glyph, form, image;
	gboolean on_images; /* the page of images: its Do's are theirs, in order */
	gboolean ok;
} reader;

/* The codes of one string shown in the current font, given to the next catalogue entries. */
static void
shown(reader *r, const guchar *bytes, gsize n)
{
	guint w = r->font ? GPOINTER_TO_UINT(g_hash_table_lookup(r->widths, r->font)) : 0;
	if (!w || n % w) {
		r->ok = FALSE;
		return;
	}
	for (gsize i = 0; i < n && r->ok; i += w) {
		if (r->glyph >= r->d->drawn->len) {
			r->ok = FALSE;
			return;
		}
		guint k = g_array_index(r->d->drawn, guint, r->glyph++);
		glyph_entry *e = &g_array_index(r->d->glyphs, glyph_entry, k);
		e->name = r->font;
		e->width = w;
		e->code = w == 2 ? (guint)bytes[i] << 8 | bytes[i + 1] : bytes[i];
	}
}

/* The bytes of the hex string at s[i] ('<') into `out` (an odd last digit counts as its high
 * half, as PDF says); the index after its '>'. */
static gsize
read_hex(const char *s, gsize n, gsize i, GByteArray *out)
{
	int hi = -1;
	for (i++; i < n && s[i] != '>'; i++) {
		if (!g_ascii_isxdigit(s[i]))
			continue;
		int v = g_ascii_xdigit_value(s[i]);
		if (hi < 0) {
			hi = v;
		} else {
			guint8 b = (guint8)(hi << 4 | v);
			g_byte_array_append(out, &b, 1);
			hi = -1;
		}
	}
	if (hi >= 0) {
		guint8 b = (guint8)(hi << 4);
		g_byte_array_append(out, &b, 1);
	}
	return i + 1;
}

/* Tokens of a content stream, enough of them for what Cairo writes on the template: names,
 * strings (hex and literal, outside dictionaries), operators; the rest is skipped. */
static void
read_content(reader *r, const char *s, gsize n)
{
	const char *name = NULL; /* the last name, interned */
	int dict = 0;
	GByteArray *bytes = g_byte_array_new();
	for (gsize i = 0; i < n && r->ok;) {
		char c = s[i];
		if (g_ascii_isspace(c)) {
			i++;
		} else if (c == '/') {
			gsize j = i + 1;
			while (j < n && !g_ascii_isspace(s[j]) && !strchr("/[]<>()", s[j]))
				j++;
			g_autofree char *t = g_strndup(s + i, j - i);
			name = g_intern_string(t);
			i = j;
		} else if (c == '<' && i + 1 < n && s[i + 1] == '<') {
			dict++, i += 2;
		} else if (c == '>' && i + 1 < n && s[i + 1] == '>') {
			dict--, i += 2;
		} else if (c == '<') {
			g_byte_array_set_size(bytes, 0);
			i = read_hex(s, n, i, bytes);
			if (dict == 0)
				shown(r, bytes->data, bytes->len);
		} else if (c == '(') {
			g_byte_array_set_size(bytes, 0);
			int depth = 1;
			for (i++; i < n; i++) {
				guint8 b = (guint8)s[i];
				if (b == '\\' && i + 1 < n) {
					char e = s[++i];
					if (e >= '0' && e <= '7') {
						int v = 0, k = 0;
						for (; k < 3 && i < n && s[i] >= '0' && s[i] <= '7';
						     k++, i++)
							v = v * 8 + (s[i] - '0');
						i--;
						b = (guint8)v;
					} else {
						b = (guint8)(e == 'n'   ? '\n'
							     : e == 'r' ? '\r'
							     : e == 't' ? '\t'
							     : e == 'b' ? '\b'
							     : e == 'f' ? '\f'
									: e);
					}
				} else if (b == '(') {
					depth++;
				} else if (b == ')' && --depth == 0) {
					break;
				}
				g_byte_array_append(bytes, &b, 1);
			}
			i++;
			if (dict == 0)
				shown(r, bytes->data, bytes->len);
		} else if (g_ascii_isalpha(c) || c == '\'' || c == '"') {
			gsize j = i;
			while (j < n && (g_ascii_isalnum(s[j]) || s[j] == '*' || s[j] == '\'' ||
					 s[j] == '"'))
				j++;
			if (j - i == 2 && !memcmp(s + i, "Tf", 2)) {
				r->font = name;
			} else if (j - i == 2 && !memcmp(s + i, "Do", 2) && r->on_images) {
				if (!name || r->image >= r->d->images->len)
					r->ok = FALSE;
				else
					r->d->image_names[r->image++] = g_strdup(name);
			} else if (j - i == 2 && !memcmp(s + i, "Do", 2)) {
				if (!name || r->form >= r->d->forms->len)
					r->ok = FALSE;
				else
					r->d->form_names[r->form++] = g_strdup(name);
			}
			i = j;
		} else {
			i++; /* numbers, brackets */
		}
	}
	g_byte_array_unref(bytes);
}

/* UTF-16BE bytes as UTF-8 (NULL if they are not UTF-16). */
static char *
utf16be_to_utf8(const guint8 *b, gsize n)
{
	if (n == 0 || n % 2)
		return NULL;
	gunichar2 *units = g_new(gunichar2, n / 2);
	for (gsize i = 0; i < n / 2; i++)
		units[i] = (gunichar2)(b[2 * i] << 8 | b[2 * i + 1]);
	char *utf8 = g_utf16_to_utf8(units, (glong)(n / 2), NULL, NULL, NULL);
	g_free(units);
	return utf8;
}

static guint
code_of(const GByteArray *b)
{
	guint c = 0;
	for (guint i = 0; i < b->len && i < 4; i++)
		c = c << 8 | b->data[i];
	return c;
}

/* A ToUnicode CMap's bfchar and bfrange entries into `map` (code -> UTF-8), as Cairo writes
 * them: hex strings, keywords, and arrays in a range. */
static void
read_to_unicode(const char *s, gsize n, GHashTable *map)
{
	enum { NONE, CHAR, RANGE } in = NONE;
	GPtrArray *strings = g_ptr_array_new_with_free_func((GDestroyNotify)g_byte_array_unref);
	gboolean array = FALSE;
	guint range_lo = 0, range_hi = 0, range_at = 0;
	for (gsize i = 0; i < n;) {
		if (s[i] == '<') {
			GByteArray *b = g_byte_array_new();
			i = read_hex(s, n, i, b);
			g_ptr_array_add(strings, b);
		} else if (s[i] == '[' || s[i] == ']') {
			array = s[i++] == '[';
			if (!array)
				g_ptr_array_set_size(strings, 0);
			continue;
		} else if (g_ascii_isalpha(s[i])) {
			gsize j = i;
			while (j < n && g_ascii_isalnum(s[j]))
				j++;
			g_autofree char *word = g_strndup(s + i, j - i);
			in = !strcmp(word, "beginbfchar")    ? CHAR
			     : !strcmp(word, "beginbfrange") ? RANGE
			     : g_str_has_prefix(word, "end") ? NONE
							     : in;
			g_ptr_array_set_size(strings, 0);
			i = j;
			continue;
		} else {
			i++;
			continue;
		}
		/* a string was read */
		GByteArray *last = strings->pdata[strings->len - 1];
		if (in == CHAR && strings->len == 2) {
			char *utf8 = utf16be_to_utf8(last->data, last->len);
			if (utf8)
				g_hash_table_insert(
				    map, GUINT_TO_POINTER(code_of(strings->pdata[0])), utf8);
			g_ptr_array_set_size(strings, 0);
		} else if (in == RANGE && strings->len == 2 && !array) {
			range_lo = code_of(strings->pdata[0]),
			range_hi = code_of(strings->pdata[1]);
			range_at = range_lo;
		} else if (in == RANGE && strings->len >= 3) {
			GByteArray *dst = g_byte_array_sized_new(last->len);
			g_byte_array_append(dst, last->data, last->len);
			if (!array &&
			    dst->len >= 2) { /* the destination counts up from its last unit */
				for (guint c = range_lo; c <= range_hi && c - range_lo < 65536;
				     c++) {
					guint add = c - range_lo;
					guint unit = (guint)(last->data[last->len - 2] << 8 |
							     last->data[last->len - 1]) +
						     add;
					dst->data[dst->len - 2] = (guint8)(unit >> 8);
					dst->data[dst->len - 1] = (guint8)unit;
					char *utf8 = utf16be_to_utf8(dst->data, dst->len);
					if (utf8)
						g_hash_table_insert(map, GUINT_TO_POINTER(c), utf8);
				}
			} else if (array && range_at <= range_hi) {
				char *utf8 = utf16be_to_utf8(dst->data, dst->len);
				if (utf8)
					g_hash_table_insert(map, GUINT_TO_POINTER(range_at), utf8);
				range_at++;
				g_ptr_array_remove_index(strings, strings->len - 1);
			}
			if (!array) /* a range with a base string ends here, whatever it held */
				g_ptr_array_set_size(strings, 0);
			g_byte_array_unref(dst);
		}
	}
	g_ptr_array_unref(strings);
}

/* The text each glyph's font maps its code to (its ToUnicode CMap), for the glyphs of the
 * template's last page: a page whose cluster says otherwise wraps it in /ActualText. */
static void
read_unicode(pb_direct *d, qpdf_data q, qpdf_oh page)
{
	qpdf_oh fonts = qpdf_oh_get_key(q, qpdf_oh_get_key(q, page, "/Resources"), "/Font");
	g_autoptr(GHashTable) maps =
	    g_hash_table_new_full(NULL, NULL, NULL, (GDestroyNotify)g_hash_table_unref);
	for (guint i = 0; i < d->glyphs->len; i++) {
		glyph_entry *e = &g_array_index(d->glyphs, glyph_entry, i);
		GHashTable *map = g_hash_table_lookup(maps, e->name);
		if (!map) {
			map = g_hash_table_new_full(NULL, NULL, NULL, g_free);
			g_hash_table_insert(maps, (gpointer)e->name, map);
			qpdf_oh cmap =
			    qpdf_oh_get_key(q, qpdf_oh_get_key(q, fonts, e->name), "/ToUnicode");
			unsigned char *data = NULL;
			size_t n = 0;
			QPDF_BOOL filtered = QPDF_FALSE;
			if (qpdf_oh_is_stream(q, cmap) &&
			    qpdf_oh_get_stream_data(q, cmap, qpdf_dl_generalized, &filtered, &data,
						    &n) == QPDF_SUCCESS &&
			    filtered)
				read_to_unicode((const char *)data, n, map);
			free(data);
		}
		e->unicode = g_strdup(g_hash_table_lookup(map, GUINT_TO_POINTER(e->code)));
	}
}

/* The widths a font dictionary gives its codes, in thousandths of an em: a CID font's /W (and
 * /DW for the codes it does not name), a simple font's /FirstChar and /Widths.  A Type 3
 * font's widths are in its own glyph space: it gives none. */
typedef struct font_widths {
	GArray *by_code; /* of double, NAN where the font says nothing */
	double other;    /* a code beyond by_code's */
} font_widths;

static void
font_widths_free(gpointer p)
{
	font_widths *fw = p;
	g_array_unref(fw->by_code);
	g_free(fw);
}

static void
set_width(font_widths *fw, long long code, double v)
{
	if (code < 0 || code > 65535)
		return; /* no code of Cairo's */
	while (fw->by_code->len <= code)
		g_array_append_val(fw->by_code, fw->other);
	g_array_index(fw->by_code, double, code) = v;
}

static font_widths *
widths_of(qpdf_data q, qpdf_oh font)
{
	font_widths *fw = g_new0(font_widths, 1);
	fw->by_code = g_array_new(FALSE, FALSE, sizeof(double));
	fw->other = NAN;
	qpdf_oh sub = qpdf_oh_get_key(q, font, "/Subtype");
	if (qpdf_oh_is_name_and_equals(q, sub, "/Type0")) {
		qpdf_oh cid =
		    qpdf_oh_get_array_item(q, qpdf_oh_get_key(q, font, "/DescendantFonts"), 0);
		qpdf_oh dw = qpdf_oh_get_key(q, cid, "/DW");
		fw->other = qpdf_oh_is_number(q, dw) ? qpdf_oh_get_numeric_value(q, dw) : 1000;
		qpdf_oh list = qpdf_oh_get_key(q, cid, "/W");
		const int n = qpdf_oh_is_array(q, list) ? qpdf_oh_get_array_n_items(q, list) : 0;
		/* c [w1 w2 …], or c_first c_last w */
		for (int i = 0; i + 1 < n;) {
			long long c = qpdf_oh_get_int_value(q, qpdf_oh_get_array_item(q, list, i));
			qpdf_oh next = qpdf_oh_get_array_item(q, list, i + 1);
			if (c < 0 || c > 65535)
				break; /* no code of Cairo's (and no sum below to overflow) */
			if (qpdf_oh_is_array(q, next)) {
				const int k = MIN(qpdf_oh_get_array_n_items(q, next), 65536);
				for (int j = 0; j < k; j++)
					set_width(fw, c + j,
						  qpdf_oh_get_numeric_value(
						      q, qpdf_oh_get_array_item(q, next, j)));
				i += 2;
			} else if (i + 2 < n) {
				long long last = MIN(qpdf_oh_get_int_value(q, next), 65535);
				double v = qpdf_oh_get_numeric_value(
				    q, qpdf_oh_get_array_item(q, list, i + 2));
				for (long long k = c; k <= last; k++)
					set_width(fw, k, v);
				i += 3;
			} else {
				break;
			}
		}
		return fw;
	}
	qpdf_oh fc = qpdf_oh_get_key(q, font, "/FirstChar");
	qpdf_oh widths = qpdf_oh_get_key(q, font, "/Widths");
	if (qpdf_oh_is_name_and_equals(q, sub, "/Type3") || !qpdf_oh_is_number(q, fc) ||
	    !qpdf_oh_is_array(q, widths))
		return fw;
	const long long first = qpdf_oh_get_int_value(q, fc);
	const int n = MIN(qpdf_oh_get_array_n_items(q, widths), 256);
	for (int i = 0; i < n; i++)
		set_width(fw, first + i,
			  qpdf_oh_get_numeric_value(q, qpdf_oh_get_array_item(q, widths, i)));
	return fw;
}

/* Each glyph's advance, from the widths of the font its code is in. */
static void
read_advances(pb_direct *d, qpdf_data q, qpdf_oh page)
{
	qpdf_oh fonts = qpdf_oh_get_key(q, qpdf_oh_get_key(q, page, "/Resources"), "/Font");
	g_autoptr(GHashTable) of = g_hash_table_new_full(NULL, NULL, NULL, font_widths_free);
	for (guint i = 0; i < d->glyphs->len; i++) {
		glyph_entry *e = &g_array_index(d->glyphs, glyph_entry, i);
		font_widths *fw = g_hash_table_lookup(of, e->name);
		if (!fw) {
			fw = widths_of(q, qpdf_oh_get_key(q, fonts, e->name));
			g_hash_table_insert(of, (gpointer)e->name, fw);
		}
		double w = e->code < fw->by_code->len ? g_array_index(fw->by_code, double, e->code)
						      : fw->other;
		e->advance = w / 1000;
	}
}

/* TRUE when resource `name` of the page's /XObject is of `subtype` ("/Form": not, say, an
 * image Cairo fell back to; "/Image"). */
static gboolean
is_xobject(qpdf_data q, qpdf_oh page, const char *name, const char *subtype)
{
	qpdf_oh xo = qpdf_oh_get_key(q, qpdf_oh_get_key(q, page, "/Resources"), "/XObject");
	qpdf_oh sub =
	    qpdf_oh_get_key(q, qpdf_oh_get_dict(q, qpdf_oh_get_key(q, xo, name)), "/Subtype");
	return qpdf_oh_is_name_and_equals(q, sub, subtype);
}

/* The page of images: each placed once, in order, a photo as an image and an SVG as a form
 * (the page's /XObject looked up once: a roll's has a thousand). */
static gboolean
images_bound(const pb_direct *d, qpdf_data q, qpdf_oh page, guint read)
{
	if (read != d->images->len)
		return FALSE;
	qpdf_oh xo = qpdf_oh_get_key(q, qpdf_oh_get_key(q, page, "/Resources"), "/XObject");
	for (guint i = 0; i < d->images->len; i++) {
		const pb_item *it = d->images->pdata[i];
		qpdf_oh dict = qpdf_oh_get_dict(q, qpdf_oh_get_key(q, xo, d->image_names[i]));
		qpdf_oh sub = qpdf_oh_get_key(q, dict, "/Subtype");
		if (!qpdf_oh_is_name_and_equals(
			q, sub, it->image.info->format == PB_IMAGE_SVG ? "/Form" : "/Image"))
			return FALSE;
		/* the handles of a thousand lookups are not kept until the end */
		qpdf_oh_release(q, sub);
		qpdf_oh_release(q, dict);
	}
	return TRUE;
}

gboolean
pb_direct_bind(pb_direct *d, const char *pdf, gsize len)
{
	qpdf_data q = qpdf_init();
	qpdf_silence_errors(q);
	qpdf_set_suppress_warnings(q, QPDF_TRUE);
	qpdf_read_memory(q, "template", pdf, len, NULL);
	const int pages = (int)pb_direct_template_pages(d);
	reader r = {.d = d,
		    .ok = !d->too_large && !qpdf_has_error(q) && qpdf_get_num_pages(q) == pages};
	g_strfreev(d->form_names);
	d->form_names = g_new0(char *, d->forms->len + 1);
	g_strfreev(d->image_names);
	d->image_names = g_new0(char *, d->images->len + 1);
	const int images_at = d->images->len ? (int)d->forms->len : -1;
	for (int i = 0; r.ok && i < pages; i++) {
		qpdf_oh page = qpdf_get_page_n(q, (size_t)i);
		unsigned char *content = NULL;
		size_t n = 0;
		r.ok = qpdf_oh_get_page_content_data(q, page, &content, &n) == QPDF_SUCCESS;
		if (!r.ok)
			break;
		r.widths = code_widths(q, page);
		r.on_images = i == images_at;
		read_content(&r, (const char *)content, n);
		g_hash_table_unref(r.widths);
		free(content);
		/* a form's page places it once, the images' page each image once; the last page
		 * shows the glyphs */
		r.ok = r.ok && r.form == (guint)MIN(i + 1, (int)d->forms->len);
		if (r.ok && i < (int)d->forms->len)
			r.ok = is_xobject(q, page, d->form_names[i], "/Form");
		if (r.ok && i == images_at)
			r.ok = images_bound(d, q, page, r.image);
		if (r.ok && i == pages - 1 && r.glyph == d->glyphs->len) {
			read_unicode(d, q, page);
			read_advances(d, q, page);
		}
	}
	r.ok = r.ok && !qpdf_has_error(q) && r.glyph == d->glyphs->len &&
	       d->drawn->len == d->glyphs->len && r.form == d->forms->len &&
	       r.image == d->images->len;
	qpdf_cleanup(&q);
	d->bound = r.ok;
	return r.ok;
}
