/* direct-private.h — what direct.c (the plan and the template), direct-bind.c (reading the
 * template back) and direct-write.c (the pages) share; nothing else includes it. */
#ifndef PB_DIRECT_PRIVATE_H
#define PB_DIRECT_PRIVATE_H

#include "direct.h"
#include "base/units.h"

#include <pango/pangocairo.h>

#define K (1 / PB_MM_PER_PT)

typedef enum shared_kind {
	SHARED_INLINE = 1, /* placed once, and only text in it: written out where it is placed */
	SHARED_FORM,       /* placed more than once in its document, or holding what Cairo draws */
	SHARED_SKIP,       /* spot inks only: the pass draws them */
} shared_kind;

/* The glyphs of one font the pages show, and how the font is drawn. */
typedef struct font_glyphs {
	GHashTable *index;   /* glyph -> its entry's index + 1 */
	cairo_matrix_t font; /* the scaled font's matrix: em in the run's units */
	cairo_scaled_font_t *scaled;
	PangoFont *pango; /* the font itself (the key of pb_direct.fonts) */
} font_glyphs;

typedef struct glyph_entry {
	font_glyphs *font;
	PangoGlyph glyph;
	const char *text; /* the cluster's text when the glyph begins it, else NULL: in texts,
			   * since the run it came from may be gone (a page filled when asked) */
	int text_len;
	/* bound: how Cairo's PDF shows it */
	const char *name;  /* the font's resource name, interned ("/f-0-0") */
	guint code, width; /* the code, of `width` bytes */
	char *unicode;     /* the text its font's ToUnicode map gives it, UTF-8, or NULL */
	double advance;    /* what a reader moves after showing it, in text space (ems at Tf 1),
			    * from its font's widths; NAN when they do not say */
} glyph_entry;

/* An image the pages place, as the template draws it once: its file at one drawn size (a
 * photo resampled to max_ppi differs by size; an SVG is recorded at its size). */
typedef struct image_key {
	const char *path; /* interned */
	double w, h;      /* mm */
} image_key;

struct pb_direct {
	GHashTable *uses;        /* the document's being planned: children array -> placements */
	GHashTable *kinds;       /* the same document's: shared children array -> shared_kind */
	GHashTable *docs;        /* pb_doc * -> its kinds, for each document the plan covers */
	GHashTable *uses_all;    /* children array -> placements in all of them */
	gboolean refers;         /* the document being planned shows a form or a glyph */
	GHashTable *form_index;  /* children array -> index + 1 in forms */
	GPtrArray *forms;        /* of const GPtrArray *, the pages' forms in order */
	char **form_names;       /* bound: "/x6" each */
	GHashTable *fonts;       /* PangoFont * -> font_glyphs * */
	GPtrArray *font_order;   /* of PangoFont *, in order of first use */
	GArray *glyphs;          /* of glyph_entry */
	GArray *drawn;           /* of guint: the entries in the template's order, font by font */
	gboolean rich;           /* the document being planned has pages enough that its photos,
				  * rectangles and lines are written too, not only its texts */
	GHashTable *image_index; /* image_key * -> index + 1 in images */
	GPtrArray *images;       /* of const pb_item *, one of each image key, in order */
	char **image_names;      /* bound: "/x9" each, an /Image XObject (a /Form for an SVG) */
	double max_ppi;          /* the planned documents' (one for all: see pb_direct_plan) */
	GHashTable *own_index;   /* path -> index + 1 in own */
	GPtrArray *own;          /* of const pb_item *: the JPEGs the pass writes itself, one a
				  * file, in order ("/pbIm<index>") */
	GHashTable *runs_ok;     /* glyph runs (PangoGlyphItem *) found writable already */
	GHashTable *runs_seen;   /* glyph runs whose glyphs are in the catalogue already: a card's
				  * are met again on its sheet.  Neither holds a run that goes with
				  * its item (pb_text_run_owned): its address may be another's next */
	GStringChunk *texts;     /* the glyphs' cluster texts */
	gboolean bound;
	gboolean too_large; /* a form's ink is larger than a PDF page can be: not bindable */
};

/* The bytes [*start, *end) of the run's item text that glyph `g`'s cluster covers (in either
 * direction); TRUE when `g` is the cluster's first glyph in the run. */
gboolean pb_direct_cluster(const PangoGlyphItem *run, int g, int *start, int *end);

/* The index + 1 of an image item in d->own; 0 when it is not one the pass writes. */
guint pb_direct_own_image(const pb_direct *d, const pb_item *it);

/* The index + 1 of an image item in d->images; 0 when the plan has none such. */
guint pb_direct_image(const pb_direct *d, const pb_item *it);

/* TRUE when a rectangle or a path is in a process colour the page's content can paint (not a
 * spot ink, which the pass draws; fully opaque: a translucent one needs Cairo's graphics
 * state). */
gboolean pb_direct_paints(const pb_paint *p);

#endif
