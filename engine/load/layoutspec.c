/* layoutspec.c — layout files -> pb_layout; lookup of layouts by name; the data folder.
 *
 * Knows the keys common to every kind (size, bleed, marks, margin, palette, fonts, background,
 * min_ppi, max_ppi).  Defaults follow DESIGN.md: 5 mm bleed on boards, 3 mm on pages and
 * cards; 100 ppi minimum on boards (seen from a metre or more), 150 ppi on A3 pages.
 */
#include "layoutspec.h"
#include "containment.h"
#include "schema.h"
#include "base/units.h"
#include "yamltree.h"

#include <string.h>

static char *
pb_data_dir_find(void)
{
	const char *env = g_getenv("PAIBAN_DATADIR");
	if (env && *env)
		return g_strdup(env);
	g_autofree char *exe = g_file_read_link("/proc/self/exe", NULL);
	g_autofree char *here = exe ? g_path_get_dirname(exe) : g_get_current_dir();
	/* bin/paiban -> .., build/san/paiban -> ../.. */
	for (int up = 1; up <= 3; up++) {
		GString *cand = g_string_new(here);
		for (int i = 0; i < up; i++)
			g_string_append(cand, "/..");
		g_autofree char *layouts = g_build_filename(cand->str, "layouts", NULL);
		if (g_file_test(layouts, G_FILE_TEST_IS_DIR)) {
			char *dir = g_canonicalize_filename(cand->str, NULL);
			g_string_free(cand, TRUE);
			return dir;
		}
		g_string_free(cand, TRUE);
	}
	return g_strdup(PB_DATADIR_FALLBACK);
}

const char *
pb_data_dir(void)
{
	/* Found once, whichever thread asks first. */
	static gsize once;
	static char *found;
	if (g_once_init_enter(&once)) {
		found = pb_data_dir_find();
		g_once_init_leave(&once, 1);
	}
	return found;
}

/* Bounds on geometry, so that no composer (nor Pango's and Cairo's integer units) ever meets a
 * page of 1e308 mm or a 1e9 pt type: every page side from 10 mm to 10 m, bleeds to 50 mm, type
 * sizes from 1 to 1000 pt.  Lengths inside the page (gutter, photo rows) are bounded by it. */
#define MIN_SIDE 10.0
#define MAX_SIDE 10000.0
#define MAX_BLEED 50.0
#define MIN_TYPE 1.0
#define MAX_TYPE 1000.0

static gboolean
load_length(pb_schema *s, const pb_node *map, const char *key, double max, double *out)
{
	const pb_node *v = pb_schema_field(s, map, key, FALSE, "the layout");
	if (!v)
		return TRUE;
	const char *why = NULL;
	double mm = 0;
	if (v->kind != PB_NODE_SCALAR || !pb_length_parse(v->text, &mm, &why)) {
		pb_diag_error(s->diags, v->loc, "schema.value", "'%s': %s", key,
			      why ? why : "must be a length");
		return FALSE;
	}
	if (mm > max) {
		pb_diag_error(s->diags, v->loc, "schema.value",
			      "'%s' must be at most %g mm, not '%s'", key, max, v->text);
		return FALSE;
	}
	*out = mm;
	return TRUE;
}

/* margin: one length, or a list of 1, 2 or 4 (top right bottom left, as in CSS). */
static gboolean
load_margin(pb_schema *s, const pb_node *v, double margin[4])
{
	const char *why = NULL;
	double m[4];
	guint n = 0;
	if (v->kind == PB_NODE_SCALAR) {
		if (!pb_length_parse(v->text, &m[0], &why))
			goto bad;
		n = 1;
	} else if (v->kind == PB_NODE_SEQ &&
		   (v->items->len == 1 || v->items->len == 2 || v->items->len == 4)) {
		for (n = 0; n < v->items->len; n++) {
			const pb_node *item = v->items->pdata[n];
			if (item->kind != PB_NODE_SCALAR ||
			    !pb_length_parse(item->text, &m[n], &why)) {
				pb_diag_error(s->diags, item->loc, "schema.value", "'margin': %s",
					      why ? why : "must be a length");
				return FALSE;
			}
		}
	} else {
		why = "one length, or a list of 1, 2 or 4 (top, right, bottom, left)";
		goto bad;
	}
	if (n == 1)
		m[1] = m[2] = m[3] = m[0];
	else if (n == 2) {
		m[2] = m[0];
		m[3] = m[1];
	}
	memcpy(margin, m, sizeof m);
	return TRUE;
bad:
	pb_diag_error(s->diags, v->loc, "schema.value", "'margin': %s", why);
	return FALSE;
}

static void
rgb_free(gpointer p)
{
	g_free(p);
}

static gboolean
load_palette(pb_schema *s, const pb_node *v, pb_layout *layout)
{
	if (!pb_schema_map(s, v, "'palette'"))
		return FALSE;
	gboolean ok = TRUE;
	for (guint i = 0; i < pb_node_map_len(v); i++) {
		const pb_node *key = pb_node_map_key(v, i), *val = pb_node_map_value(v, i);
		pb_rgb c;
		if (val->kind != PB_NODE_SCALAR || !pb_color_parse(val->text, &c)) {
			pb_diag_error(s->diags, val->loc, "schema.value",
				      "colour '%s' must be written #rrggbb", key->text);
			ok = FALSE;
			continue;
		}
		g_hash_table_replace(layout->palette, (char *)pb_schema_intern(s, key->text),
				     g_memdup2(&c, sizeof c));
	}
	return ok;
}

static gboolean
load_fonts(pb_schema *s, const pb_node *v, pb_layout *layout)
{
	if (!pb_schema_map(s, v, "'fonts'") || !pb_schema_keyset(s, v, &pb_font_keys, "fonts"))
		return FALSE;
	gboolean ok = TRUE;
	for (guint i = 0; i < pb_node_map_len(v); i++) {
		const pb_node *key = pb_node_map_key(v, i), *val = pb_node_map_value(v, i);
		if (val->kind != PB_NODE_SCALAR || !*val->text) {
			pb_diag_error(s->diags, val->loc, "schema.value",
				      "font of role '%s' must be a fontconfig family name",
				      key->text);
			ok = FALSE;
			continue;
		}
		g_hash_table_replace(layout->fonts, (char *)pb_schema_intern(s, key->text),
				     (char *)pb_schema_intern(s, val->text));
		g_hash_table_replace(layout->font_locs, (char *)pb_schema_intern(s, key->text),
				     g_memdup2(&val->loc, sizeof val->loc));
	}
	return ok;
}

static gboolean
load_ppi(pb_schema *s, const pb_node *map, const char *key, double *out)
{
	const pb_node *v = pb_schema_field(s, map, key, FALSE, "the layout");
	if (!v)
		return TRUE;
	g_autofree char *label = g_strdup_printf("'%s'", key);
	if (!pb_schema_number(s, v, label, out))
		return FALSE;
	if (*out < 0 || *out > 4800) {
		pb_diag_error(s->diags, v->loc, "schema.value", "'%s' must be from 0 to 4800", key);
		return FALSE;
	}
	return TRUE;
}

/* A list of `n` lengths (photo_rows: [min, target, max]) or sizes in pt (text_size), each from
 * `lo` to `hi` mm (`range` says so in the layout's words). */
static gboolean
load_lengths(pb_schema *s, const pb_node *map, const char *key, guint n, double *out,
	     const char *what, double lo, double hi, const char *range)
{
	const pb_node *v = pb_schema_field(s, map, key, FALSE, "the layout");
	if (!v)
		return TRUE;
	const char *why = NULL;
	if (v->kind != PB_NODE_SEQ || v->items->len != n) {
		pb_diag_error(s->diags, v->loc, "schema.value", "'%s' must be a list of %u: %s",
			      key, n, what);
		return FALSE;
	}
	for (guint i = 0; i < n; i++) {
		const pb_node *item = v->items->pdata[i];
		if (item->kind != PB_NODE_SCALAR || !pb_length_parse(item->text, &out[i], &why)) {
			pb_diag_error(s->diags, item->loc, "schema.value", "'%s': %s", key,
				      why ? why : "must be a length");
			return FALSE;
		}
		if (out[i] < lo || out[i] > hi) {
			pb_diag_error(s->diags, item->loc, "schema.value",
				      "'%s' must be from %s, not '%s'", key, range, item->text);
			return FALSE;
		}
		if (i > 0 && out[i] < out[i - 1]) {
			pb_diag_error(s->diags, item->loc, "schema.value",
				      "'%s' must not decrease: %s", key, what);
			return FALSE;
		}
	}
	return TRUE;
}

static gboolean load_insert(pb_schema *s, const pb_node *root, pb_layout *layout);
static gboolean load_background(pb_schema *s, const pb_node *v, pb_layout *layout);
/* photo_ratio: "3:2" or "4:3" (width:height), or one number (1.5), from 1:5 to 5:1. */
static gboolean
load_ratio(pb_schema *s, const pb_node *map, const char *key, double *out)
{
	const pb_node *v = pb_schema_field(s, map, key, FALSE, "the layout");
	if (!v)
		return TRUE;
	double w = 0, h = 1;
	char *end = NULL;
	if (v->kind == PB_NODE_SCALAR) {
		w = g_ascii_strtod(v->text, &end);
		if (end != v->text && *end == ':')
			h = g_ascii_strtod(end + 1, &end);
	}
	if (v->kind != PB_NODE_SCALAR || end == v->text || *end || !(h > 0) || !(w / h >= 0.2) ||
	    !(w / h <= 5)) {
		pb_diag_error(s->diags, v->loc, "schema.value",
			      "'%s' must be a width:height ratio from 1:5 to 5:1, such as 3:2",
			      key);
		return FALSE;
	}
	*out = w / h;
	return TRUE;
}

static gboolean
layout_from_node(pb_schema *s, const pb_node *root, pb_layout *layout)
{
	if (!pb_schema_map(s, root, "a layout"))
		return FALSE;
	gboolean ok = pb_schema_keyset(s, root, &pb_layout_keys, "the layout");
	int kind = -1;
	if (!pb_schema_field(s, root, "kind", TRUE, "the layout") ||
	    !pb_schema_enum(s, root, "kind", pb_kind_choices, "the layout", &kind))
		return FALSE;
	layout->kind = (pb_output_kind)kind;
	gboolean board = layout->kind == PB_KIND_BOARD;
	layout->bleed = board ? 5.0 : 3.0;
	layout->min_ppi = board ? 100.0 : 150.0;
	double m = board ? 60.0 : 15.0;
	for (int i = 0; i < 4; i++)
		layout->margin[i] = m;

	const pb_node *size = pb_schema_field(s, root, "size", TRUE, "the layout");
	const char *why = NULL;
	if (!size)
		ok = FALSE;
	else if (size->kind != PB_NODE_SCALAR ||
		 !pb_size_parse(size->text, &layout->width, &layout->height, &why)) {
		pb_diag_error(s->diags, size->loc, "schema.value", "'size': %s",
			      why ? why : "must be WIDTH x HEIGHT");
		ok = FALSE;
	} else if (!(layout->width >= MIN_SIDE && layout->width <= MAX_SIDE &&
		     layout->height >= MIN_SIDE && layout->height <= MAX_SIDE)) {
		pb_diag_error(s->diags, size->loc, "schema.value",
			      "'size': each side must be from %g mm to %g mm, not '%s'", MIN_SIDE,
			      MAX_SIDE, size->text);
		ok = FALSE;
	}
	ok &= load_length(s, root, "bleed", MAX_BLEED, &layout->bleed);
	const pb_node *v;
	if ((v = pb_schema_field(s, root, "marks", FALSE, "the layout")))
		ok &= pb_schema_bool(s, v, "'marks'", &layout->marks);
	layout->margin_loc = layout->loc;
	if ((v = pb_schema_field(s, root, "margin", FALSE, "the layout"))) {
		ok &= load_margin(s, v, layout->margin);
		layout->margin_loc = v->loc;
	}
	if ((v = pb_schema_field(s, root, "palette", FALSE, "the layout")))
		ok &= load_palette(s, v, layout);
	if ((v = pb_schema_field(s, root, "fonts", FALSE, "the layout")))
		ok &= load_fonts(s, v, layout);
	if ((v = pb_schema_field(s, root, "background", FALSE, "the layout")))
		ok &= load_background(s, v, layout);
	ok &= load_ppi(s, root, "min_ppi", &layout->min_ppi);
	ok &= load_ppi(s, root, "max_ppi", &layout->max_ppi);
	if ((v = pb_schema_field(s, root, "flatten_transparency", FALSE, "the layout")))
		ok &= pb_schema_bool(s, v, "'flatten_transparency'", &layout->flatten_transparency);
	double rows[3] = {0}, sizes[2] = {0};
	if (load_lengths(s, root, "photo_rows", 3, rows, "min, target, max", 1.0, MAX_SIDE,
			 "1 mm to the page's height")) {
		layout->row_min = rows[0], layout->row_target = rows[1], layout->row_max = rows[2];
	} else
		ok = FALSE;
	if (load_lengths(s, root, "text_size", 2, sizes, "min, max", MIN_TYPE * PB_MM_PER_PT,
			 MAX_TYPE * PB_MM_PER_PT, "1 pt to 1000 pt")) {
		/* Type sizes are written in pt; the list reads them as lengths, so convert back. */
		layout->text_min = sizes[0] / PB_MM_PER_PT,
		layout->text_max = sizes[1] / PB_MM_PER_PT;
	} else
		ok = FALSE;
	ok &= load_length(s, root, "gutter", MAX_SIDE, &layout->gutter);
	ok &= load_ratio(s, root, "photo_ratio", &layout->photo_ratio);
	if ((v = pb_schema_field(s, root, "columns", FALSE, "the layout")))
		ok &=
		    pb_schema_uint(s, root, "columns", 1, 8, "the layout", &layout->columns, NULL);
	ok &= load_insert(s, root, layout);
	if (ok && (layout->margin[0] + layout->margin[2] >= layout->height ||
		   layout->margin[1] + layout->margin[3] >= layout->width)) {
		pb_diag_error(s->diags, root->loc, "schema.value",
			      "the margins leave no room on a %.0f × %.0f mm page", layout->width,
			      layout->height);
		ok = FALSE;
	}
	/* Within the margins: what is left for the content. */
	double inner_w = layout->width - layout->margin[1] - layout->margin[3];
	double inner_h = layout->height - layout->margin[0] - layout->margin[2];
	if (ok && layout->gutter >= inner_w) {
		pb_diag_error(s->diags, pb_node_lookup(root, "gutter")->loc, "schema.value",
			      "'gutter' of %g mm leaves no room between the margins (%g mm apart)",
			      layout->gutter, inner_w);
		ok = FALSE;
	}
	if (ok && layout->row_max > inner_h) {
		const pb_node *rows_node = pb_node_lookup(root, "photo_rows");
		pb_diag_error(s->diags, ((pb_node *)rows_node->items->pdata[2])->loc,
			      "schema.value",
			      "'photo_rows': a row of %g mm is taller than the page within its "
			      "margins (%g mm)",
			      layout->row_max, inner_h);
		ok = FALSE;
	}
	return ok;
}

/* The press sheets paiban knows by name (ISO 216 and 217), in mm, portrait. */
static const struct {
	const char *name;
	double w, h;
} named_sheets[] = {
    {"SRA2", 450, 640}, {"SRA3", 320, 450}, {"SRA4", 225, 320},
    {"A2", 420, 594},   {"A3", 297, 420},   {"A4", 210, 297},
};

/* background: an image file, relative to the layout's folder and inside it (a layout and its
 * artwork travel together when a designer copies them).  The check probes it. */
static gboolean
load_background_image(pb_schema *s, const pb_node *v, pb_layout *layout)
{
	const char *rel = v->text;
	g_autofree char *inside = pb_path_inside_spelled("", rel);
	if (!inside || !*inside) {
		pb_diag_error(s->diags, v->loc, "schema.value",
			      "'background' image '%s' must be a file in the layout's own folder",
			      rel);
		return FALSE;
	}
	g_autofree char *dir = g_path_get_dirname(layout->file);
	g_autofree char *fs = strcmp(dir, ".") ? g_build_filename(dir, rel, NULL) : g_strdup(rel);
	layout->background_image.written = pb_schema_intern(s, rel);
	layout->background_image.fs = pb_schema_intern(s, fs);
	layout->background_image.shown = layout->background_image.fs;
	layout->background_image.loc = v->loc;
	return TRUE;
}

static gboolean
load_background(pb_schema *s, const pb_node *v, pb_layout *layout)
{
	if (v->kind == PB_NODE_SCALAR && v->text[0] == '#') {
		layout->has_background_color = pb_color_parse(v->text, &layout->background_color);
		if (!layout->has_background_color)
			pb_diag_error(s->diags, v->loc, "schema.value",
				      "'background' colour must be written #rrggbb");
		return layout->has_background_color;
	}
	if (v->kind == PB_NODE_SCALAR && *v->text)
		return load_background_image(s, v, layout);
	pb_diag_error(s->diags, v->loc, "schema.type",
		      "'background' must be a colour (#rrggbb) or an image file");
	return FALSE;
}

/* window: {diameter: 40mm, center: [50mm, 38mm]}: the badge's round window, which must keep
 * cut_safe from the card's edge (a thinner bridge tears when the die comes down). */
static gboolean
load_window(pb_schema *s, const pb_node *v, pb_layout *layout)
{
	if (!pb_schema_map(s, v, "'window'") || !pb_schema_keyset(s, v, &pb_window_keys, "window"))
		return FALSE;
	const pb_node *d = pb_schema_field(s, v, "diameter", TRUE, "window");
	const pb_node *c = pb_schema_field(s, v, "center", TRUE, "window");
	if (!d || !c || !load_length(s, v, "diameter", MAX_SIDE, &layout->window_d))
		return FALSE;
	const char *why = NULL;
	double xy[2];
	for (guint i = 0; i < 2; i++) {
		const pb_node *item =
		    c->kind == PB_NODE_SEQ && c->items->len == 2 ? c->items->pdata[i] : NULL;
		if (!item || item->kind != PB_NODE_SCALAR ||
		    !pb_length_parse(item->text, &xy[i], &why)) {
			pb_diag_error(s->diags, item ? item->loc : c->loc, "schema.value",
				      "'center' of window must be [x, y], lengths from the card's "
				      "top-left corner%s%s",
				      why ? ": " : "", why ? why : "");
			return FALSE;
		}
	}
	layout->window_x = xy[0], layout->window_y = xy[1];
	layout->window_loc = v->loc;
	if (layout->window_d < 5) {
		pb_diag_error(s->diags, d->loc, "schema.value",
			      "'diameter' of window must be at least 5 mm");
		return FALSE;
	}
	return TRUE;
}

/* sheet: SRA3, or a size (320mm x 450mm). */
static gboolean
load_sheet(pb_schema *s, const pb_node *v, pb_layout *layout)
{
	const char *why = NULL;
	if (v->kind != PB_NODE_SCALAR) {
		pb_diag_error(s->diags, v->loc, "schema.type",
			      "'sheet' must be a sheet's name (SRA3) or a size (320mm x 450mm)");
		return FALSE;
	}
	for (gsize i = 0; i < G_N_ELEMENTS(named_sheets); i++)
		if (!g_ascii_strcasecmp(v->text, named_sheets[i].name)) {
			layout->sheet_name = named_sheets[i].name;
			layout->sheet_w = named_sheets[i].w, layout->sheet_h = named_sheets[i].h;
			return TRUE;
		}
	if (!pb_size_parse(v->text, &layout->sheet_w, &layout->sheet_h, &why) ||
	    layout->sheet_w < MIN_SIDE || layout->sheet_h < MIN_SIDE ||
	    layout->sheet_w > MAX_SIDE || layout->sheet_h > MAX_SIDE) {
		pb_diag_error(s->diags, v->loc, "schema.value",
			      "'sheet' must be SRA2, SRA3, SRA4, A2, A3, A4 or a size from 10 mm "
			      "to 10 m a side, not '%s'",
			      v->text);
		return FALSE;
	}
	/* a size that is a known sheet's, either way round, keeps its name; another has none
	 * (not the default's: a 330 × 480 mm sheet is not SRA3) */
	layout->sheet_name = NULL;
	for (gsize i = 0; i < G_N_ELEMENTS(named_sheets); i++)
		if (MIN(layout->sheet_w, layout->sheet_h) == named_sheets[i].w &&
		    MAX(layout->sheet_w, layout->sheet_h) == named_sheets[i].h)
			layout->sheet_name = named_sheets[i].name;
	return TRUE;
}

/* The insert's own keys: the window, cut_safe, and the sheet the cards are imposed on (like the
 * boards' photo_rows, read on any layout and used by the insert's composer only). */
static gboolean
load_insert(pb_schema *s, const pb_node *root, pb_layout *layout)
{
	gboolean ok = TRUE;
	layout->cut_safe = 3.0;
	layout->cut_safe_loc = layout->loc;
	layout->sheet_name = "SRA3";
	layout->sheet_w = 320, layout->sheet_h = 450;
	layout->sheet_margin = 5.0;
	layout->sheet_gap = 5.0;
	/* read whatever the kind (a value of the wrong type is an error anywhere), and the
	 * window required of an insert only */
	const gboolean insert = layout->kind == PB_KIND_INSERT;
	const pb_node *v = pb_schema_field(s, root, "window", insert, "an insert layout");
	if (v)
		ok &= load_window(s, v, layout);
	else if (insert)
		ok = FALSE;
	if ((v = pb_schema_field(s, root, "cut_safe", FALSE, "the layout"))) {
		ok &= load_length(s, root, "cut_safe", MAX_BLEED, &layout->cut_safe);
		layout->cut_safe_loc = v->loc;
	}
	if ((v = pb_schema_field(s, root, "sheet", FALSE, "the layout")))
		ok &= load_sheet(s, v, layout);
	ok &= load_length(s, root, "sheet_margin", MAX_BLEED, &layout->sheet_margin);
	ok &= load_length(s, root, "sheet_gap", MAX_BLEED, &layout->sheet_gap);
	if (!ok || !insert)
		return ok;
	double r = layout->window_d / 2, safe = layout->cut_safe;
	if (layout->window_x - r < 0 || layout->window_y - r < 0 ||
	    layout->window_x + r > layout->width || layout->window_y + r > layout->height) {
		pb_diag_error(s->diags, layout->window_loc, "schema.value",
			      "the window (%g mm across at %g, %g mm) runs off the %g × %g mm card",
			      layout->window_d, layout->window_x, layout->window_y, layout->width,
			      layout->height);
		return FALSE;
	}
	if (layout->window_x - r < safe || layout->window_y - r < safe ||
	    layout->window_x + r > layout->width - safe ||
	    layout->window_y + r > layout->height - safe) {
		pb_diag_error(s->diags, layout->window_loc, "schema.value",
			      "the window (%g mm across at %g, %g mm) comes within the %g mm "
			      "cut_safe of the card's edge",
			      layout->window_d, layout->window_x, layout->window_y, safe);
		return FALSE;
	}
	double cw = layout->width + 2 * layout->bleed, ch = layout->height + 2 * layout->bleed;
	double room_w = layout->sheet_w - 2 * layout->sheet_margin;
	double room_h = layout->sheet_h - 2 * layout->sheet_margin;
	if (!((cw <= room_w && ch <= room_h) || (cw <= room_h && ch <= room_w))) {
		const pb_node *sheet = pb_node_lookup(root, "sheet");
		pb_diag_error(s->diags, sheet ? sheet->loc : root->loc, "schema.value",
			      "a %g × %g mm card with its bleed does not fit the %g × %g mm sheet "
			      "within its %g mm margin",
			      layout->width, layout->height, layout->sheet_w, layout->sheet_h,
			      layout->sheet_margin);
		return FALSE;
	}
	return TRUE;
}

/* `ref`: where a read error is reported (the manifest's reference to the layout, or the
 * layout's first line), since a file that cannot be read has no line to point at. */
static pb_layout *
load_file(const char *path, pb_loc ref, pb_diags *diags)
{
	g_autofree char *data = NULL;
	gsize len = 0;
	g_autoptr(GError) err = NULL;
	if (!pb_yaml_read_file(path, &data, &len, &err)) {
		pb_diag_error(diags, ref, "layout.read", "cannot read layout: %s", err->message);
		return NULL;
	}
	g_autoptr(pb_yaml_doc) doc = pb_yaml_parse(path, data, len, diags);
	if (!doc)
		return NULL;
	pb_layout *layout = g_new0(pb_layout, 1);
	layout->strings = g_string_chunk_new(256);
	layout->palette = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, rgb_free);
	layout->fonts = g_hash_table_new(g_str_hash, g_str_equal);
	layout->font_locs = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, g_free);
	layout->file = g_intern_string(path);
	layout->loc = pb_loc_make(path, 1, 1);
	pb_schema s = {diags, layout->strings};
	if (!doc->root) {
		pb_diag_error(diags, layout->loc, "schema.missing", "the layout is empty");
		pb_layout_free(layout);
		return NULL;
	}
	if (!layout_from_node(&s, doc->root, layout)) {
		pb_layout_free(layout);
		return NULL;
	}
	return layout;
}

pb_layout *
pb_layout_load(const char *name, const char *base_dir, pb_loc ref, pb_diags *diags)
{
	g_autofree char *path = NULL;
	/* "layouts/x.yaml" rather than "./layouts/x.yaml" in messages, as the user would write */
	if (!strcmp(base_dir, "."))
		base_dir = "";
	if (strchr(name, '/') || g_str_has_suffix(name, ".yaml")) {
		path = g_build_filename(base_dir, name, NULL);
	} else {
		g_autofree char *file = g_strconcat(name, ".yaml", NULL);
		g_autofree char *local = g_build_filename(base_dir, "layouts", file, NULL);
		g_autofree char *shipped = g_build_filename(pb_data_dir(), "layouts", file, NULL);
		if (g_file_test(local, G_FILE_TEST_IS_REGULAR)) {
			path = g_steal_pointer(&local);
		} else if (g_file_test(local, G_FILE_TEST_EXISTS | G_FILE_TEST_IS_SYMLINK)) {
			/* a designer's own layout that cannot be read (a folder, a FIFO, a
			 * dangling link) is not silently replaced by the shipped one */
			pb_diag_error(
			    diags, ref, "layout.missing",
			    "layout '%s' is '%s', which is not a regular file; the shipped "
			    "layout is not used in its place",
			    name, local);
			return NULL;
		} else if (g_file_test(shipped, G_FILE_TEST_IS_REGULAR)) {
			path = g_steal_pointer(&shipped);
		}
	}
	if (!path || !g_file_test(path, G_FILE_TEST_IS_REGULAR)) {
		pb_diag_error(
		    diags, ref, "layout.missing",
		    "no layout '%s' (looked in layouts/ beside the manifest and in %s/layouts)",
		    name, pb_data_dir());
		return NULL;
	}
	pb_layout *layout = load_file(path, ref, diags);
	if (layout)
		layout->name = g_string_chunk_insert_const(layout->strings, name);
	return layout;
}

pb_layout *
pb_layout_load_file(const char *path, pb_diags *diags)
{
	return load_file(path, pb_loc_make(path, 1, 1), diags);
}

void
pb_layout_free(pb_layout *layout)
{
	if (!layout)
		return;
	g_hash_table_unref(layout->palette);
	g_hash_table_unref(layout->fonts);
	if (layout->font_locs)
		g_hash_table_unref(layout->font_locs);
	g_string_chunk_free(layout->strings);
	g_free(layout);
}
