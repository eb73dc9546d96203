/* fonts.c — the font service: a private fontconfig configuration and the Pango font map bound to
 * it; see fonts.h.
 *
 * What it is: the one place that talks to fontconfig (text.c is the other Pango user).  It
 * answers "which file is this family?", "does that face have this character?" and "what are the
 * bytes of that file worth?", caching each answer for the life of the service.
 *
 * What it is not: it never lays text out and never draws; cairo appears only because a PangoCairo
 * font map and its font options are how Pango is told to measure exactly as the PDF renderer
 * draws.
 *
 * Why a private FcConfig: the system's configuration (FcInit) carries the machine's aliases,
 * substitutions and rendering preferences, so the same manifest would typeset differently on
 * two machines.  DATADIR/fonts/fonts.conf names the font folders and nothing else.  With no
 * alias rules in it, fontconfig's best match for an absent family is simply some other font:
 * resolve() therefore compares the match's family names with the one asked for.
 */
#include "fonts.h"

#include "load/layoutspec.h"

#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>
#include <string.h>

/* The weight each role is set in.  Titles and headings are bold: on a board read from three
 * metres away they carry the hierarchy.  Names are bold too: under a portrait, beside a
 * testimonial and in the honor roll the name is what a reader looks for first, and Noto's CJK
 * families ship a real Bold.  Display stays at 400 because the shipped display face, Smiley Sans
 * (得意黑), comes in one weight only and is already heavy: asking for 700 would gain nothing.
 * Body, quote (LXGW WenKai, a kai face meant to look handwritten) and captions are regular. */
const char *const pb_font_roles[] = {
    "title", "heading", "body", "quote", "name", "caption", "display", NULL,
};
static const int role_weights[] = {700, 700, 400, 400, 700, 400, 400};

/* One (family, weight) as fontconfig answered it, kept for the life of the service. */
typedef struct face_entry {
	gboolean installed; /* FALSE: the best match was another family */
	pb_font_face face;  /* when installed */
	FcCharSet *charset; /* the face's coverage, a reference; NULL when not installed */
} face_entry;

struct pb_fonts {
	FcConfig *config;      /* ours, never the process-wide current config */
	PangoFontMap *map;     /* PangoCairo (FreeType) font map bound to `config` */
	PangoContext *context; /* the measuring context, see pb_fonts_context() */
	GMutex lock;           /* guards the two caches */
	GHashTable *faces;     /* "family\nweight" -> face_entry*, owned */
	GHashTable *checksums; /* file -> hex sha256, or "" when unreadable; both owned */
};

GQuark
pb_fonts_error_quark(void)
{
	return g_quark_from_static_string("pb-fonts-error-quark");
}

int
pb_font_role_weight(const char *role)
{
	for (gsize i = 0; role && pb_font_roles[i]; i++)
		if (!strcmp(role, pb_font_roles[i]))
			return role_weights[i];
	return PANGO_WEIGHT_NORMAL;
}

static void
face_entry_free(gpointer data)
{
	face_entry *e = data;
	pb_font_face_clear(&e->face);
	if (e->charset)
		FcCharSetDestroy(e->charset);
	g_free(e);
}

/* A measuring context: see fonts.h.  Hint metrics off and unrounded glyph positions make
 * advances the font's own design widths scaled to the size, which is what cairo's PDF surface
 * writes; a hinted or rounded advance would drift a line by a few tenths of a point. */
static PangoContext *
make_context(PangoFontMap *map)
{
	PangoContext *ctx = pango_font_map_create_context(map);
	pango_cairo_context_set_resolution(ctx, 72.0);
	cairo_font_options_t *opts = cairo_font_options_create();
	cairo_font_options_set_hint_style(opts, CAIRO_HINT_STYLE_NONE);
	cairo_font_options_set_hint_metrics(opts, CAIRO_HINT_METRICS_OFF);
	pango_cairo_context_set_font_options(ctx, opts);
	cairo_font_options_destroy(opts);
	pango_context_set_round_glyph_positions(ctx, FALSE);
	pango_context_set_language(ctx, pango_language_from_string("zh-cn"));
	pango_context_set_base_gravity(ctx, PANGO_GRAVITY_SOUTH);
	return ctx;
}

pb_fonts *
pb_fonts_new(const char *extra_dir, GError **error)
{
	g_autofree char *conf_rel = g_build_filename(pb_data_dir(), "fonts", "fonts.conf", NULL);
	/* Absolute, so that <dir prefix="relative"> in it never depends on the working folder. */
	g_autofree char *conf = g_canonicalize_filename(conf_rel, NULL);
	if (!g_file_test(conf, G_FILE_TEST_IS_REGULAR)) {
		g_set_error(error, PB_FONTS_ERROR, PB_FONTS_ERROR_CONFIG,
			    "no font configuration '%s' (is PAIBAN_DATADIR right?)", conf);
		return NULL;
	}
	FcConfig *config = FcConfigCreate();
	if (!config || !FcConfigParseAndLoad(config, (const FcChar8 *)conf, FcTrue)) {
		g_set_error(error, PB_FONTS_ERROR, PB_FONTS_ERROR_CONFIG,
			    "cannot load font configuration '%s'", conf);
		if (config)
			FcConfigDestroy(config);
		return NULL;
	}
	if (!FcConfigBuildFonts(config)) {
		g_set_error(error, PB_FONTS_ERROR, PB_FONTS_ERROR_CONFIG,
			    "cannot build the font list of '%s'", conf);
		FcConfigDestroy(config);
		return NULL;
	}
	/* A manifest's own fonts/ folder is optional: only a folder that exists is scanned. */
	if (extra_dir && g_file_test(extra_dir, G_FILE_TEST_IS_DIR) &&
	    !FcConfigAppFontAddDir(config, (const FcChar8 *)extra_dir)) {
		g_set_error(error, PB_FONTS_ERROR, PB_FONTS_ERROR_CONFIG,
			    "cannot add the fonts of '%s'", extra_dir);
		FcConfigDestroy(config);
		return NULL;
	}
	PangoFontMap *map = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
	if (!map || !PANGO_IS_FC_FONT_MAP(map)) {
		g_set_error(error, PB_FONTS_ERROR, PB_FONTS_ERROR_CONFIG,
			    "this Pango has no fontconfig/FreeType font map");
		if (map)
			g_object_unref(map);
		FcConfigDestroy(config);
		return NULL;
	}
	/* The font map takes its own reference to the configuration. */
	pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(map), config);
	/* Contexts made elsewhere from this map (the renderer's) measure at 72 dpi too. */
	pango_cairo_font_map_set_resolution(PANGO_CAIRO_FONT_MAP(map), 72.0);

	pb_fonts *f = g_new0(pb_fonts, 1);
	f->config = config;
	f->map = map;
	f->context = make_context(map);
	g_mutex_init(&f->lock);
	f->faces = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, face_entry_free);
	f->checksums = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	return f;
}

void
pb_fonts_free(pb_fonts *f)
{
	if (!f)
		return;
	g_hash_table_unref(f->faces);
	g_hash_table_unref(f->checksums);
	g_mutex_clear(&f->lock);
	g_object_unref(f->context);
	g_object_unref(f->map);
	FcConfigDestroy(f->config);
	g_free(f);
}

PangoFontMap *
pb_fonts_map(pb_fonts *f)
{
	return f->map;
}

PangoContext *
pb_fonts_context(pb_fonts *f)
{
	return f->context;
}

void
pb_font_face_clear(pb_font_face *face)
{
	if (!face)
		return;
	g_clear_pointer(&face->family, g_free);
	g_clear_pointer(&face->file, g_free);
	face->index = 0;
	face->weight = 0;
}

/* Family names compare as fontconfig compares them: blanks and ASCII case do not count
 * ("noto serif cjk sc" is "Noto Serif CJK SC").  fontconfig's own FcStrCmpIgnoreBlanksAndCase
 * is not public. */
static gboolean
family_equal(const char *a, const char *b)
{
	for (;;) {
		while (*a == ' ')
			a++;
		while (*b == ' ')
			b++;
		if (g_ascii_tolower(*a) != g_ascii_tolower(*b))
			return FALSE;
		if (!*a)
			return TRUE;
		a++, b++;
	}
}

/* Asks fontconfig, the way Pango will: the family, the weight, upright, and the language, after
 * the configuration's substitutions and the defaults.  Called with the lock held. */
static face_entry *
match_face(pb_fonts *f, const char *family, int weight)
{
	face_entry *e = g_new0(face_entry, 1);
	FcPattern *pat = FcPatternCreate();
	FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)family);
	FcPatternAddDouble(pat, FC_WEIGHT, FcWeightFromOpenTypeDouble(weight));
	FcPatternAddInteger(pat, FC_SLANT, FC_SLANT_ROMAN);
	FcPatternAddString(pat, FC_LANG, (const FcChar8 *)"zh-cn");
	FcConfigSubstitute(f->config, pat, FcMatchPattern);
	FcDefaultSubstitute(pat);
	FcResult res = FcResultNoMatch;
	FcPattern *match = FcFontMatch(f->config, pat, &res);
	FcPatternDestroy(pat);
	if (!match)
		return e;
	/* A font has several family names (得意黑 and Smiley Sans): any of them will do, compared
	 * as fontconfig compares families, ignoring case and blanks. */
	FcChar8 *name = NULL;
	for (int i = 0; FcPatternGetString(match, FC_FAMILY, i, &name) == FcResultMatch; i++) {
		if (family_equal((const char *)name, family)) {
			e->installed = TRUE;
			break;
		}
	}
	FcChar8 *file = NULL;
	FcCharSet *cs = NULL;
	if (e->installed && FcPatternGetString(match, FC_FILE, 0, &file) == FcResultMatch &&
	    FcPatternGetCharSet(match, FC_CHARSET, 0, &cs) == FcResultMatch) {
		int index = 0;
		double w = FcWeightFromOpenTypeDouble(weight);
		FcPatternGetInteger(match, FC_INDEX, 0, &index);
		/* A variable font's weight is a range, which GetDouble refuses: keep the asked. */
		FcPatternGetDouble(match, FC_WEIGHT, 0, &w);
		e->face.family = g_strdup((const char *)name);
		e->face.file = g_strdup((const char *)file);
		e->face.index = index;
		e->face.weight = (int)FcWeightToOpenTypeDouble(w);
		e->charset = FcCharSetCopy(cs);
	} else {
		e->installed = FALSE;
	}
	FcPatternDestroy(match);
	return e;
}

/* The cached answer for (family, weight), asking fontconfig the first time.  The entry lives
 * as long as `f` and is never changed once made, so it is read without the lock. */
static const face_entry *
lookup_face(pb_fonts *f, const char *family, int weight)
{
	g_autofree char *key = g_strdup_printf("%s\n%d", family, weight);
	g_mutex_lock(&f->lock);
	face_entry *e = g_hash_table_lookup(f->faces, key);
	if (!e) {
		e = match_face(f, family, weight);
		g_hash_table_insert(f->faces, g_steal_pointer(&key), e);
	}
	g_mutex_unlock(&f->lock);
	return e;
}

gboolean
pb_fonts_resolve(pb_fonts *f, const char *family, int weight, pb_font_face *out, GError **error)
{
	g_return_val_if_fail(f && family && out, FALSE);
	memset(out, 0, sizeof *out);
	const face_entry *e = lookup_face(f, family, weight);
	if (!e->installed) {
		g_set_error(error, PB_FONTS_ERROR, PB_FONTS_ERROR_NOT_INSTALLED,
			    "font family '%s' is not installed (paiban fonts lists what is)",
			    family);
		return FALSE;
	}
	out->family = g_strdup(e->face.family);
	out->file = g_strdup(e->face.file);
	out->index = e->face.index;
	out->weight = e->face.weight;
	return TRUE;
}

gboolean
pb_fonts_has_char(pb_fonts *f, const char *family, int weight, gunichar c)
{
	g_return_val_if_fail(f && family, FALSE);
	const face_entry *e = lookup_face(f, family, weight);
	return e->charset && FcCharSetHasChar(e->charset, c);
}

/* Characters that draw nothing of their own, so no font is expected to have a glyph for them:
 * spaces and line breaks, controls, format characters (ZWJ, soft hyphen, BOM) and the variation
 * selectors, which only choose among the glyphs of the character before them. */
static gboolean
draws_nothing(gunichar c)
{
	if (g_unichar_isspace(c) || g_unichar_iscntrl(c) || g_unichar_type(c) == G_UNICODE_FORMAT)
		return TRUE;
	return (c >= 0xFE00 && c <= 0xFE0F) || (c >= 0xE0100 && c <= 0xE01EF) ||
	       (c >= 0x180B && c <= 0x180D);
}

gunichar
pb_fonts_first_missing(pb_fonts *f, const char *family, int weight, const char *utf8, gsize *offset)
{
	g_return_val_if_fail(f && family, 0);
	if (offset)
		*offset = 0;
	if (!utf8)
		return 0;
	g_return_val_if_fail(g_utf8_validate(utf8, -1, NULL), 0);
	const face_entry *e = lookup_face(f, family, weight);
	for (const char *p = utf8; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (draws_nothing(c) || (e->charset && FcCharSetHasChar(e->charset, c)))
			continue;
		if (offset)
			*offset = (gsize)(p - utf8);
		return c;
	}
	return 0;
}

const char *
pb_fonts_file_checksum(pb_fonts *f, const char *file)
{
	g_return_val_if_fail(f && file, NULL);
	g_mutex_lock(&f->lock);
	const char *hex = g_hash_table_lookup(f->checksums, file);
	if (!hex) {
		/* Mapped, not read: a CJK collection is 20 to 30 MB. */
		GMappedFile *mf = g_mapped_file_new(file, FALSE, NULL);
		char *sum =
		    mf ? g_compute_checksum_for_data(G_CHECKSUM_SHA256,
						     (const guchar *)g_mapped_file_get_contents(mf),
						     g_mapped_file_get_length(mf))
		       : g_strdup("");
		if (mf)
			g_mapped_file_unref(mf);
		g_hash_table_insert(f->checksums, g_strdup(file), sum);
		hex = sum;
	}
	g_mutex_unlock(&f->lock);
	return *hex ? hex : NULL;
}

static int
compare_strings(const void *a, const void *b)
{
	return g_strcmp0(*(char *const *)a, *(char *const *)b);
}

char **
pb_fonts_families(pb_fonts *f)
{
	g_return_val_if_fail(f, NULL);
	FcPattern *pat = FcPatternCreate();
	FcObjectSet *os = FcObjectSetBuild(FC_FAMILY, NULL);
	FcFontSet *set = FcFontList(f->config, pat, os);
	FcObjectSetDestroy(os);
	FcPatternDestroy(pat);
	g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal);
	GPtrArray *names = g_ptr_array_new();
	for (int i = 0; set && i < set->nfont; i++) {
		FcChar8 *name = NULL;
		/* The first family name is the font's own (English) one; the others are the same
		 * family in other languages. */
		if (FcPatternGetString(set->fonts[i], FC_FAMILY, 0, &name) != FcResultMatch ||
		    g_hash_table_contains(seen, name))
			continue;
		char *copy = g_strdup((const char *)name);
		g_hash_table_add(seen, copy);
		g_ptr_array_add(names, copy);
	}
	if (set)
		FcFontSetDestroy(set);
	g_ptr_array_sort(names, compare_strings);
	g_ptr_array_add(names, NULL);
	return (char **)g_ptr_array_free(names, FALSE);
}

gboolean
pb_font_drawn_as_its_file(PangoFont *font)
{
	if (!PANGO_IS_FC_FONT(font))
		return FALSE;
	FcPattern *p = pango_fc_font_get_pattern(PANGO_FC_FONT(font));
	FcBool b = FcFalse;
	FcMatrix *m = NULL;
	int index = 0;
	if ((FcPatternGetBool(p, FC_EMBOLDEN, 0, &b) == FcResultMatch && b) ||
	    (FcPatternGetBool(p, FC_VARIABLE, 0, &b) == FcResultMatch && b))
		return FALSE;
	if (FcPatternGetMatrix(p, FC_MATRIX, 0, &m) == FcResultMatch &&
	    (m->xx != 1 || m->xy != 0 || m->yx != 0 || m->yy != 1))
		return FALSE;
	/* an index above 0xffff is a named instance of a variable font */
	return FcPatternGetInteger(p, FC_INDEX, 0, &index) != FcResultMatch || index <= 0xffff;
}
