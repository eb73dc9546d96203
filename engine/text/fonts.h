/* fonts.h — the font service: fonts/fonts.conf -> a private FcConfig -> a PangoFontMap.
 *
 * paiban never asks the machine's fontconfig setup which font to use: it loads its own
 * configuration (DATADIR/fonts/fonts.conf, which names the Debian CJK font folders and fonts/
 * itself) into a fresh FcConfig, so that the same manifest gives the same pages on a designer's
 * laptop and on the print shop's build machine.  A family that is not installed is an error,
 * never a silent substitution, and a character the chosen font lacks is found before it would
 * fall back to some other font.
 *
 * Weights are PangoWeight numbers (400 regular, 700 bold) throughout.  The caches behind
 * resolve, has_char and file_checksum are guarded by a lock; the measuring context is not
 * (Pango contexts belong to one thread).
 */
#ifndef PB_FONTS_H
#define PB_FONTS_H

#include <glib.h>
#include <pango/pango.h>

typedef struct pb_fonts pb_fonts;

#define PB_FONTS_ERROR pb_fonts_error_quark()
GQuark pb_fonts_error_quark(void);
typedef enum pb_fonts_error_code {
	PB_FONTS_ERROR_CONFIG,        /* fonts.conf unreadable, or fontconfig/Pango failed */
	PB_FONTS_ERROR_NOT_INSTALLED, /* pb_fonts_resolve: no such family */
} pb_fonts_error_code;

/* Loads DATADIR/fonts/fonts.conf into a fresh FcConfig (never the system's), adds `extra_dir`
 * (e.g. the manifest's own fonts/ folder; NULL or a missing folder is fine) as an application
 * font folder, and makes a PangoCairo font map bound to that configuration.  NULL with `error`
 * set when the configuration cannot be read or built (an environment failure: exit 3).  Free
 * with pb_fonts_free. */
pb_fonts *pb_fonts_new(const char *extra_dir, GError **error);
void pb_fonts_free(pb_fonts *f);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(pb_fonts, pb_fonts_free)

/* The font map, bound to paiban's configuration.  Borrowed: lives as long as `f`. */
PangoFontMap *pb_fonts_map(pb_fonts *f);

/* A context for measuring: 72 dpi (one Pango device unit is one pt), no hinting, unhinted and
 * unrounded metrics, so that measured advances equal what the PDF renderer draws; language
 * zh-cn; base gravity south.  Borrowed; for one thread at a time. */
PangoContext *pb_fonts_context(pb_fonts *f);

/* What fontconfig answers for a family at a weight. */
typedef struct pb_font_face {
	char *family; /* the family name as the font spells it, owned */
	char *file;   /* absolute path of the font file, owned */
	int index;    /* face index within the file (a .ttc holds several faces) */
	int weight;   /* the face's own weight, PangoWeight numbers (may differ from the asked) */
} pb_font_face;

/* Which face `family` at `weight` resolves to; fills `out` (clear it with pb_font_face_clear).
 * FALSE with "font family 'X' is not installed (paiban fonts lists what is)" when fontconfig's
 * best match is a different family: paiban never substitutes silently. */
gboolean pb_fonts_resolve(pb_fonts *f, const char *family, int weight, pb_font_face *out,
			  GError **error);
void pb_font_face_clear(pb_font_face *face);

/* TRUE when the face that `family` at `weight` resolves to has a glyph for `c`.  FALSE for a
 * family that is not installed. */
gboolean pb_fonts_has_char(pb_fonts *f, const char *family, int weight, gunichar c);

/* The first character of `utf8` that the face lacks, or 0 when every one is covered; its byte
 * offset in *offset (when not NULL).  Characters that draw nothing are not asked about:
 * whitespace, control and format characters (ZWJ, soft hyphen) and variation selectors. */
gunichar pb_fonts_first_missing(pb_fonts *f, const char *family, int weight, const char *utf8,
				gsize *offset);

/* The sha256 of a font file's bytes, as 64 lowercase hex digits, computed once per file (for
 * the frames dump header and the build's input hashes).  Borrowed: lives as long as `f`.
 * NULL when the file cannot be read. */
const char *pb_fonts_file_checksum(pb_fonts *f, const char *file);

/* Every family the configuration knows, each once (its first name), sorted; NULL-terminated,
 * free with g_strfreev.  What `paiban fonts` lists and the not-installed message points to. */
char **pb_fonts_families(pb_fonts *f);

/* The font roles a layout's fonts: table may name, NULL-terminated, in the order `paiban fonts`
 * prints them. */
extern const char *const pb_font_roles[];

/* The weight a role is set in (see fonts.c for why): 700 for title, heading and name, 400 for
 * the rest; 400 for an unknown role. */
int pb_font_role_weight(const char *role);

/* TRUE when `font` draws its file's glyphs as they are: no synthetic emboldening or slant, no
 * transform, no variation instance (so a copy of the file cut to fewer glyphs draws the same). */
gboolean pb_font_drawn_as_its_file(PangoFont *font);

#endif
