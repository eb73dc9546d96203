/* roster.c — roster.csv -> pb_roster, with libcsv; see roster.h.  The only file that includes
 * <csv.h>.
 *
 * libcsv parses; it does not say where a field is.  So the text is handed to it in pieces
 * that end just after each byte that can end a field or a row (a comma, a quote, CR or LF):
 * when a callback fires, the byte that fired it is the last one handed over, and the next
 * field begins right after it.  Positions are then counted forward once over the text (lines,
 * and columns in characters), so a 100,000-row roster costs one pass for libcsv and one for
 * the positions.
 *
 * The text is made UTF-8 first (roster-text.c), so positions count the characters the user
 * sees in either encoding: one GB18030 character is one Unicode character, and the line breaks
 * are the same bytes.
 *
 * Not here: whether a row's college exists, a name is empty or a row repeats another (the
 * check's rules), nor whether the fonts have a name's characters (the composer's text.glyphs).
 */
#include "roster.h"
#include "roster-private.h"
#include "base/shown.h"
#include "base/strdist.h"
#include "yamltree.h"

#include <csv.h>
#include <string.h>

enum { COL_NAME, COL_CLASS, COL_COLLEGE, COL_BLESSING, COL_COUNT, COL_UNKNOWN = -1 };

/* The header's words for each column: English as DESIGN.md writes them, and the Chinese a
 * school office writes in Excel. */
static const char *const column_keys[COL_COUNT] = {"name", "class", "college", "blessing"};
static const char *const column_zh[COL_COUNT] = {"姓名", "班级", "学院", "寄语"};

/* A cell of the row being read: its bytes in the reader's row buffer, and where it starts. */
typedef struct cell {
	gsize at, len; /* in reader.row */
	pb_loc loc;
} cell;

typedef struct reader {
	pb_roster *r;
	const char *text; /* UTF-8, BOM skipped */
	gsize len;
	gsize chunk_end;    /* offset just past the bytes libcsv has been given */
	gsize field_start;  /* offset where the field being read began */
	gboolean row_start; /* the next field starts a row: skip the line breaks before it */
	/* the position cursor: text[pos] is at line:col */
	gsize pos;
	guint line, col;
	GString *row;  /* the current row's cells' bytes */
	GArray *cells; /* of cell */
	gboolean header_done;
	int columns[64]; /* header column -> COL_*; COL_UNKNOWN for a column not read */
	/* a header cell left empty (Excel writes "name,class,college,,," for cells once
	 * formatted): its column is not read, said only at the first value found in it */
	gboolean unnamed[64];
	guint ncolumns;     /* read: the header's first 64 at most */
	guint header_cells; /* the header's cells, all of them: what a row is measured by */
	gboolean stop;      /* the header cannot be read: no row can */
} reader;

static pb_loc
loc_at(reader *rd, gsize offset)
{
	g_assert(offset >= rd->pos);
	pb_roster_count_position(rd->text, rd->len, rd->pos, offset, &rd->line, &rd->col);
	rd->pos = offset;
	return pb_loc_make(rd->r->file, rd->line, rd->col);
}

static void finding(reader *rd, pb_loc loc, pb_severity sev, const char *rule, const char *fmt, ...)
    G_GNUC_PRINTF(5, 6);

static void
finding(reader *rd, pb_loc loc, pb_severity sev, const char *rule, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	g_autofree char *msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	pb_diag_add(rd->r->findings, loc, sev, rule, "%s", msg);
}

/* ---- libcsv's callbacks -------------------------------------------------------------------- */

/* Where the field being read begins: a row's first field after the line breaks (and blank
 * lines) before it, every field after the spaces libcsv trims. */
static gsize
field_begin(const reader *rd)
{
	gsize start = rd->field_start;
	if (rd->row_start)
		while (start < rd->chunk_end &&
		       (rd->text[start] == '\r' || rd->text[start] == '\n'))
			start++;
	while (start < rd->chunk_end && (rd->text[start] == ' ' || rd->text[start] == '\t'))
		start++;
	return start;
}

static void
on_field(void *data, size_t len, void *user)
{
	reader *rd = user;
	gsize start = field_begin(rd);
	rd->row_start = FALSE;
	rd->field_start = rd->chunk_end;
	if (rd->stop)
		return;
	cell c = {rd->row->len, len, loc_at(rd, start)};
	g_string_append_len(rd->row, data ? data : "", (gssize)len);
	g_array_append_val(rd->cells, c);
}

/* White space around a value (U+3000 too: Excel users pad names with it), and U+FEFF: a
 * second BOM, where a file that had one was saved with another or two files were joined, would
 * make the header's 'name' a column of its own, said as "column 'name' is not read". */
static gboolean
is_padding(gunichar c)
{
	return g_unichar_isspace(c) || c == 0xFEFF;
}

/* A cell's text with the padding around it taken off. */
static char *
cell_text(reader *rd, const cell *c)
{
	const char *s = rd->row->str + c->at, *e = s + c->len;
	while (s < e && is_padding(g_utf8_get_char(s)))
		s = g_utf8_next_char(s);
	while (e > s) {
		const char *prev = g_utf8_prev_char(e);
		if (!is_padding(g_utf8_get_char(prev)))
			break;
		e = prev;
	}
	return g_strndup(s, (gsize)(e - s));
}

static int
column_of(const char *word)
{
	for (int k = 0; k < COL_COUNT; k++)
		if (!g_ascii_strcasecmp(word, column_keys[k]) || !strcmp(word, column_zh[k]))
			return k;
	return COL_UNKNOWN;
}

/* The header's first cell past the columns read that names column `k` (a header wider than
 * 64 columns, the college's column at the far right); -1 when none does. */
static int
named_past_read(reader *rd, int k)
{
	for (guint i = rd->ncolumns; i < rd->cells->len; i++) {
		g_autofree char *word = cell_text(rd, &g_array_index(rd->cells, cell, i));
		if (column_of(word) == k)
			return (int)i;
	}
	return -1;
}

/* Column `k`, named at header cell `at` past the columns read: an error there that says so. */
static void
named_too_far(reader *rd, int k, int at)
{
	finding(rd, g_array_index(rd->cells, cell, at).loc, PB_SEV_ERROR, "roster.header",
		"column '%s' is the header's column %d, and only its first %u are read; move it "
		"among them",
		column_keys[k], at + 1, rd->ncolumns);
	rd->stop = TRUE;
}

static void
read_header(reader *rd)
{
	pb_loc where[COL_COUNT] = {{0}};
	gboolean have[COL_COUNT] = {0};
	pb_loc header = g_array_index(rd->cells, cell, 0).loc;
	rd->ncolumns = MIN(rd->cells->len, G_N_ELEMENTS(rd->columns));
	rd->header_cells = rd->cells->len;
	/* said at the header's start, before its columns' own findings, which a header this
	 * wide has many of */
	if (rd->cells->len > rd->ncolumns)
		finding(rd, g_array_index(rd->cells, cell, 0).loc, PB_SEV_WARNING, "roster.header",
			"the header has %u columns; only the first %u are read, none from line %u, "
			"column %u on",
			rd->cells->len, rd->ncolumns,
			g_array_index(rd->cells, cell, rd->ncolumns).loc.line,
			g_array_index(rd->cells, cell, rd->ncolumns).loc.col);
	/* a first row that names no column at all is a graduate, not a header: one error, not
	 * one a column */
	gboolean names_one = FALSE;
	for (guint i = 0; i < rd->ncolumns && !names_one; i++) {
		g_autofree char *word = cell_text(rd, &g_array_index(rd->cells, cell, i));
		names_one = column_of(word) != COL_UNKNOWN;
	}
	if (!names_one) {
		/* a header all of whose known names lie past the columns read: each said where
		 * it is, and each one missing said as such */
		int at[COL_BLESSING];
		gboolean any = FALSE;
		for (int k = 0; k < COL_BLESSING; k++)
			any |= (at[k] = named_past_read(rd, k)) >= 0;
		for (int k = 0; k < COL_BLESSING && any; k++) {
			if (at[k] >= 0)
				named_too_far(rd, k, at[k]);
			else
				finding(
				    rd, header, PB_SEV_ERROR, "roster.header",
				    "the header has no '%s' column; the first row names the "
				    "columns: name, class, college (and blessing, optional), in "
				    "any order",
				    column_keys[k]);
		}
		if (any) {
			rd->stop = TRUE;
			return;
		}
		finding(rd, header, PB_SEV_ERROR, "roster.header",
			"the first row names no column; the roster begins with a header row that "
			"names the columns: name, class, college (and blessing, optional), in any "
			"order (姓名, 班级, 学院, 寄语 too)");
		rd->stop = TRUE;
		return;
	}
	for (guint i = 0; i < rd->ncolumns; i++) {
		const cell *c = &g_array_index(rd->cells, cell, i);
		g_autofree char *word = cell_text(rd, c);
		int k = column_of(word);
		rd->columns[i] = k;
		if (k != COL_UNKNOWN && have[k]) {
			finding(rd, c->loc, PB_SEV_ERROR, "roster.header",
				"column '%s' appears twice (first at column %u)", word,
				where[k].col);
			rd->columns[i] = COL_UNKNOWN;
		} else if (k != COL_UNKNOWN) {
			have[k] = TRUE;
			where[k] = c->loc;
		} else if (!*word) {
			rd->unnamed[i] = TRUE;
		} else {
			const char *best = NULL;
			guint best_d = 3;
			for (int j = 0; j < COL_COUNT; j++) {
				guint d = pb_edit_distance(column_keys[j], word, TRUE);
				if (d < best_d && d < strlen(word))
					best_d = d, best = column_keys[j];
			}
			g_autofree char *safe = pb_diag_escape(word);
			if (best)
				finding(rd, c->loc, PB_SEV_WARNING, "roster.header",
					"column '%s' is not read; did you mean '%s'?", safe, best);
			else
				finding(
				    rd, c->loc, PB_SEV_WARNING, "roster.header",
				    "column '%s' is not read (the columns are name, class, college "
				    "and blessing)",
				    safe);
		}
	}
	for (int k = 0; k < COL_BLESSING; k++) {
		if (have[k])
			continue;
		int at = named_past_read(rd, k);
		if (at >= 0) {
			named_too_far(rd, k, at);
			continue;
		}
		finding(rd, header, PB_SEV_ERROR, "roster.header",
			"the header has no '%s' column; the first row names the columns: name, "
			"class, college (and blessing, optional), in any order",
			column_keys[k]);
		rd->stop = TRUE;
	}
	rd->r->blessings = have[COL_BLESSING];
}

/* A value of the row, checked for length and for characters that have no place on a card;
 * NULL (absent) when empty, or when refused (*refused set, the error said). */
static const char *
row_value(reader *rd, const cell *c, int k, char *text, gboolean *refused)
{
	if (!*text)
		return NULL;
	glong chars = g_utf8_strlen(text, -1);
	if (chars > PB_ROSTER_VALUE_MAX) {
		finding(rd, c->loc, PB_SEV_ERROR, "roster.value",
			"%s has %ld characters, a roster value has at most %d", column_keys[k],
			chars, PB_ROSTER_VALUE_MAX);
		*refused = TRUE;
		return NULL;
	}
	for (const char *p = text; *p; p = g_utf8_next_char(p)) {
		gunichar ch = g_utf8_get_char(p);
		/* every value is set on one line of the card, the personal line too (its box
		 * holds one line, and would say only that it does not fit) */
		if (ch == '\n' || ch == '\r') {
			finding(rd, c->loc, PB_SEV_ERROR, "roster.value",
				"%s runs over two lines; the card sets it on one (a line break "
				"typed in the cell: Alt+Enter in Excel)",
				column_keys[k]);
			*refused = TRUE;
			return NULL;
		}
		if (g_unichar_iscntrl(ch)) {
			finding(rd, c->loc, PB_SEV_ERROR, "roster.value",
				"%s holds a control character (U+%04X)", column_keys[k], ch);
			*refused = TRUE;
			return NULL;
		}
	}
	gunichar turn = pb_text_first_reordering(text);
	if (turn || pb_text_shows_nothing(text)) {
		if (turn)
			finding(rd, c->loc, PB_SEV_ERROR, "roster.value",
				"%s holds U+%04X, a direction control: the card would print it "
				"reordered or back to front",
				column_keys[k], turn);
		else
			finding(rd, c->loc, PB_SEV_ERROR, "roster.value",
				"%s shows no character: it holds only invisible characters or "
				"marks with nothing to sit on (U+%04X first)",
				column_keys[k], g_utf8_get_char(text));
		*refused = TRUE;
		return NULL;
	}
	/* classes and colleges repeat down the roster: stored once each */
	if (k == COL_CLASS || k == COL_COLLEGE)
		return g_string_chunk_insert_const(rd->r->strings, text);
	return g_string_chunk_insert(rd->r->strings, text);
}

static void
read_row(reader *rd, gsize end)
{
	gboolean blank = TRUE;
	for (guint i = 0; i < rd->cells->len && blank; i++) {
		g_autofree char *t = cell_text(rd, &g_array_index(rd->cells, cell, i));
		blank = !*t;
	}
	if (blank)
		return; /* ",,," rows: Excel keeps them below the data */
	if (rd->cells->len > rd->header_cells) {
		const cell *extra = &g_array_index(rd->cells, cell, rd->header_cells);
		finding(rd, extra->loc, PB_SEV_ERROR, "roster.row",
			"this row has %u values, the header names %u columns (a value with a "
			"comma in it needs quotes)",
			rd->cells->len, rd->header_cells);
		return;
	}
	/* a value the row leaves out is placed where the row ends */
	pb_loc row_end = loc_at(rd, end);
	pb_graduate g;
	memset(&g, 0, sizeof g);
	pb_text *slot[COL_COUNT] = {&g.name, &g.class_, &g.college_written, &g.blessing};
	for (int k = 0; k < COL_COUNT; k++)
		slot[k]->loc = row_end;
	gboolean refused = FALSE;
	for (guint i = 0; i < MIN(rd->cells->len, rd->ncolumns); i++) {
		int k = rd->columns[i];
		const cell *c = &g_array_index(rd->cells, cell, i);
		if (k == COL_UNKNOWN && rd->unnamed[i]) {
			g_autofree char *stray = cell_text(rd, c);
			if (*stray) {
				finding(rd, c->loc, PB_SEV_WARNING, "roster.header",
					"this value is not read: its column has no name in the "
					"header (name, class, college or blessing)");
				rd->unnamed[i] = FALSE;
			}
		}
		if (k == COL_UNKNOWN)
			continue;
		g_autofree char *text = cell_text(rd, c);
		slot[k]->loc = c->loc;
		slot[k]->s = row_value(rd, c, k, text, &refused);
	}
	/* a row with a refused value is said once: not checked again as a graduate with no name
	 * (its error stops the insert all the same) */
	if (!refused)
		g_array_append_val(rd->r->rows, g);
}

static void
on_row(int terminator, void *user)
{
	reader *rd = user;
	rd->row_start = TRUE;
	if (!rd->stop && rd->cells->len) {
		/* the terminator is the last byte handed over; at the end of the text, there is
		 * none */
		gsize end = terminator < 0 ? rd->len : rd->chunk_end - 1;
		if (!rd->header_done) {
			rd->header_done = TRUE;
			read_header(rd);
		} else
			read_row(rd, end);
	}
	g_string_truncate(rd->row, 0);
	g_array_set_size(rd->cells, 0);
}

/* ---- reading ------------------------------------------------------------------------------- */

static pb_roster *
roster_new(const char *file)
{
	pb_roster *r = g_new0(pb_roster, 1);
	r->file = g_intern_string(file);
	r->rows = g_array_new(FALSE, TRUE, sizeof(pb_graduate));
	r->findings = pb_diags_new();
	r->strings = g_string_chunk_new(16384);
	return r;
}

/* The most bytes a field may hold before reading stops.  A value has at most
 * PB_ROSTER_VALUE_MAX characters; this is far above that, so that a value merely too long is
 * reported as such, and low enough that a field never closed (a stray quote before megabytes
 * of text) stops at once: libcsv grows its buffer a block at a time, which is quadratic. */
#define FIELD_MAX_BYTES 65536

/* Bytes that may end a field or a row, or start a quoted one. */
static gboolean
special(guchar b)
{
	return b == ',' || b == '"' || b == '\n' || b == '\r';
}

static void
parse_csv(reader *rd)
{
	struct csv_parser p;
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0) {
		pb_diag_error(rd->r->findings, pb_loc_make(rd->r->file, 1, 1), "roster.read",
			      "cannot read the roster: out of memory");
		return;
	}
	gsize at = 0;
	gboolean ok = TRUE;
	while (at < rd->len && ok && !rd->stop) {
		gsize end = at, most = MIN(rd->len, at + FIELD_MAX_BYTES + 1);
		while (end < most && !special((guchar)rd->text[end]))
			end++;
		if (end < most)
			end++;
		rd->chunk_end = end;
		size_t used = csv_parse(&p, rd->text + at, end - at, on_field, on_row, rd);
		if (used == end - at && p.entry_pos > FIELD_MAX_BYTES) {
			pb_loc loc = loc_at(rd, MAX(field_begin(rd), rd->pos));
			pb_diag_error(
			    rd->r->findings, loc, "roster.csv",
			    "a value of more than %d bytes begins here (a roster value has "
			    "at most %d characters); is a quote never closed?",
			    FIELD_MAX_BYTES, PB_ROSTER_VALUE_MAX);
			ok = FALSE;
			break;
		}
		if (used != end - at) {
			gsize where = at + used;
			pb_loc loc = loc_at(rd, MAX(where, rd->pos));
			pb_diag_error(rd->r->findings, loc, "roster.csv",
				      rd->text[where] == '"'
					  ? "a quote in the middle of a value; put the whole value "
					    "in quotes and write its quotes twice (\"\")"
					  : "text after the closing quote of a value");
			ok = FALSE;
		}
		at = end;
	}
	if (ok && !rd->stop) {
		rd->chunk_end = rd->len;
		if (csv_fini(&p, on_field, on_row, rd) != 0)
			pb_diag_error(rd->r->findings, loc_at(rd, MAX(field_begin(rd), rd->pos)),
				      "roster.csv", "a quoted value is never closed");
	}
	csv_free(&p);
}

pb_roster *
pb_roster_parse(const char *file, const char *data, gsize len, pb_encoding encoding,
		pb_loc encoding_loc)
{
	pb_roster *r = roster_new(file);
	gsize text_len = 0;
	g_autofree char *text =
	    pb_roster_utf8(r->file, r->findings, data, len, encoding, encoding_loc, &text_len);
	if (!text)
		return r;
	reader rd = {.r = r, .text = text, .len = text_len, .row_start = TRUE, .line = 1, .col = 1};
	rd.row = g_string_new(NULL);
	rd.cells = g_array_new(FALSE, FALSE, sizeof(cell));
	parse_csv(&rd);
	if (!rd.header_done)
		pb_diag_error(r->findings, pb_loc_make(r->file, 1, 1), "roster.header",
			      "the roster is empty; its first row names the columns: name, class, "
			      "college (and blessing, optional)");
	else if (!rd.stop && r->rows->len == 0 && !pb_diags_has_errors(r->findings))
		pb_diag_error(r->findings, pb_loc_make(r->file, 1, 1), "roster.header",
			      "the roster has a header and no graduates");
	g_string_free(rd.row, TRUE);
	g_array_unref(rd.cells);
	return r;
}

pb_roster *
pb_roster_load(const char *path, pb_encoding encoding, pb_loc ref, pb_loc encoding_loc)
{
	if (!g_file_test(path, G_FILE_TEST_IS_REGULAR))
		return NULL;
	g_autofree char *data = NULL;
	gsize len = 0;
	g_autoptr(GError) err = NULL;
	/* the YAML reader's bounds serve here too: no device, no FIFO, nothing over 64 MB */
	if (!pb_yaml_read_file(path, &data, &len, &err)) {
		pb_roster *r = roster_new(path);
		pb_diag_error(r->findings, ref, "roster.read", "cannot read roster '%s': %s", path,
			      err->message);
		return r;
	}
	return pb_roster_parse(path, data, len, encoding, encoding_loc);
}

void
pb_roster_bind(pb_roster *r, const GPtrArray *colleges)
{
	g_autoptr(GHashTable) by = g_hash_table_new(g_str_hash, g_str_equal);
	/* names first, so an id that happens to be another college's name still means the id */
	for (guint i = 0; i < colleges->len; i++) {
		const pb_college *c = colleges->pdata[i];
		if (c->name.s)
			g_hash_table_insert(by, (char *)c->name.s, (gpointer)c);
	}
	for (guint i = 0; i < colleges->len; i++) {
		const pb_college *c = colleges->pdata[i];
		if (c->id.s)
			g_hash_table_insert(by, (char *)c->id.s, (gpointer)c);
	}
	for (guint i = 0; i < r->rows->len; i++) {
		pb_graduate *g = &g_array_index(r->rows, pb_graduate, i);
		g->college =
		    g->college_written.s ? g_hash_table_lookup(by, g->college_written.s) : NULL;
	}
}

void
pb_roster_free(pb_roster *r)
{
	if (!r)
		return;
	g_array_unref(r->rows);
	pb_diags_free(r->findings);
	g_string_chunk_free(r->strings);
	g_free(r);
}
