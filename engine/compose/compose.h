/* compose.h — what every composer shares: the context of one output, styles and colours from
 * the layout, pages with background and marks, and text set with its checks (text.glyphs,
 * text.fit).
 *
 * Composers turn the model and a layout into frames.  They measure with the text service and
 * never draw (no cairo.h under compose/).  Which composer makes which files is composer.h's
 * table; the page furniture they share (bands, titles, footers, cards, ornaments) is in
 * furniture.h, card.h and ornament.h.
 */
#ifndef PB_COMPOSE_H
#define PB_COMPOSE_H

#include "frame.h"
#include "image/images.h"
#include "load/model.h"
#include "text/fonts.h"
#include "text/text.h"

typedef struct pb_compose {
	const pb_manifest *m;
	const pb_output *output;
	const pb_layout *layout;
	pb_fonts *fonts;
	pb_text_cache *texts;    /* this job's measured texts; NULL to measure afresh */
	const pb_images *images; /* the probes of the check */
	pb_diags *diags;         /* text.glyphs, text.fit, image.ppi land here */
	gboolean draft;          /* --draft: placeholders for missing or broken images */
	/* Called with every manifest text the composer sets (through pb_compose_check_glyphs),
	 * its style (family, weight, role) and position; NULL for none.  `paiban fonts` learns
	 * from it which texts each role sets (coverage.c). */
	void (*on_set)(const pb_text_style *style, const char *text, pb_loc loc, gpointer data);
	gpointer on_set_data;
} pb_compose;

/* A palette colour by name.  Names the shipped layouts use (red, gold, ink, muted, ground,
 * paper) fall back to the house colours when a layout leaves them out; other names to ink. */
pb_rgb pb_compose_color(const pb_compose *c, const char *name);

/* The page's ground: the layout's background colour, else its palette's `ground`. */
pb_rgb pb_compose_ground(const pb_compose *c);

/* A paint that fills with palette colour `name`; one that strokes with it at `width` mm. */
pb_paint pb_compose_fill(const pb_compose *c, const char *name);
pb_paint pb_compose_stroke(const pb_compose *c, const char *name, double width);

/* A text style for a font role of the layout, at `size` pt, in palette colour `color`. */
pb_text_style pb_compose_style(const pb_compose *c, const char *role, double size,
			       const char *color);

/* The family a role is set in: the layout's, or the shipped default for the role. */
const char *pb_compose_family(const pb_layout *layout, const char *role);

/* A new page at the layout's trim size, bleed and slug, with the layout's background run
 * into the bleed.  The page's crop marks and slug line are added by pb_compose_finish. */
pb_page *pb_compose_page(pb_compose *c, pb_doc *doc);

/* The same page without its background, for a composer that puts the background elsewhere
 * (in a group every page shares). */
pb_page *pb_compose_blank_page(pb_compose *c, pb_doc *doc);

/* The layout's background into `parent`, covering the trim and its bleed: its colour, then
 * its image (filling the box, cropped around its centre), each with role background. */
void pb_compose_background(pb_compose *c, GPtrArray *parent);

/* Adds crop marks and the slug line (`label`, the file's name; page n of N; date; size) to
 * every page of `doc` not marked own_marks, when the layout asks for marks; a draft says DRAFT
 * in the slug and the title, and records a note (draft.placeholder) for each placeholder,
 * naming `label`.  The build calls it once the file has its name. */
void pb_compose_finish(pb_compose *c, pb_doc *doc, const char *label);

/* Crop marks for the trim box (x, y, w, h) into `parent`: two hairlines at each corner, along
 * the trim's edges, from `offset` mm outside the trim, `along_x` mm long for the marks that
 * run along x and `along_y` for those along y. */
void pb_compose_crop_marks(GPtrArray *parent, double x, double y, double w, double h, double offset,
			   double along_x, double along_y);

/* Slug lines: "LABEL   COUNTER   TAIL" in 7 pt black, role mark.  A document of many pages
 * shares what is the same on each (the label, the tail, the marks) in one group, and lays out
 * only the counter ("3/40", "sheet 2/9") per page; these are the pieces.
 *
 * pb_compose_slug_text lays one piece out `width` mm wide (through the job's text cache when
 * `cached`: a new reference); pb_compose_slug_place adds it to `parent` at (x, y), its top-left
 * corner, and returns its width; pb_compose_slug_fixed places the label at (x, y) and the tail
 * `slot` mm after it (room for the widest counter), and returns where the counter goes;
 * pb_compose_slug_line is the whole line as text, for page->slug_text (caller frees). */
pb_text_block *pb_compose_slug_text(pb_compose *c, const char *text, double width, gboolean cached);
double pb_compose_slug_place(GPtrArray *parent, const pb_text_block *b, double x, double y);
/* A counter piece ("3/40", "sheet 2/9"), spelt from the glyphs of a sample laid out once and
 * kept in *digits (NULL at first; the caller unrefs it); laid out as usual when a character is
 * not in the sample.  A new reference. */
pb_text_block *pb_compose_counter(pb_compose *c, pb_text_block **digits, const char *text,
				  double width);
double pb_compose_slug_fixed(pb_compose *c, GPtrArray *parent, double width, const char *label,
			     const char *tail, double slot, double x, double y);
char *pb_compose_slug_line(const char *label, const char *counter, const char *tail);

/* `text` laid out in `style` to `width` mm, through the job's text cache: a new reference. */
pb_text_block *pb_compose_measure(pb_compose *c, const char *text, const pb_text_style *style,
				  double width);

/* Sets `text` fitted into the box (x, y, w, h) mm between `min` and `max` pt, checking its
 * glyphs; places it at the top of the box, or centred vertically when `middle`.  Records
 * text.fit when even `min` overflows (the text is still placed, so a proof shows it).
 * Returns the height used, mm. */
double pb_compose_fit(pb_compose *c, GPtrArray *parent, const char *text, pb_text_style style,
		      double x, double y, double w, double h, double min, double max,
		      gboolean middle, pb_loc loc);

/* pb_compose_fit, returning the block as set (a new reference): its size and its widest line,
 * for what goes beside it. */
pb_text_block *pb_compose_fit_block(pb_compose *c, GPtrArray *parent, const char *text,
				    pb_text_style style, double x, double y, double w, double h,
				    double min, double max, gboolean middle, pb_loc loc);

/* Sets `text` at the style's size into width `w` at (x, y); checks glyphs.  Returns the
 * height used, mm. */
double pb_compose_text(pb_compose *c, GPtrArray *parent, const char *text, pb_text_style style,
		       double x, double y, double w, pb_loc loc);

/* text.glyphs for `text` in `style`: each character the role's font lacks is an error at
 * `loc`.  Nothing for a family that is not installed: pb_compose_check_fonts said so once, at
 * the layout's line, which is where the fix goes. */
void pb_compose_check_glyphs(pb_compose *c, const char *text, const pb_text_style *style,
			     pb_loc loc);

/* Every font role the layout names must resolve to that family: "font family 'LXGW Wenkai Pro'
 * for role quote is not installed; did you mean 'LXGW WenKai'?" at the family's line:col.
 * FALSE when one does not. */
gboolean pb_compose_check_fonts(pb_fonts *fonts, const pb_layout *layout, pb_diags *diags);

/* How a photo meets its box. */
typedef enum pb_fit {
	PB_FIT_WHOLE, /* the whole photo, centred in the box, no crop (letterboxed if the ratio
		       * differs) */
	PB_FIT_FILL,  /* the box covered, cropped around the focus point */
} pb_fit;

/* Places the photo `path` (after its EXIF orientation) in the box (x, y, w, h) mm of `parent`.
 * `focus` is the point to keep when cropping, 0..1 from the left and the top, NULL for the
 * centre.  The drawn rectangle goes to `out` (x, y, w, h mm; for FILL, the box).  Records
 * image.ppi when the effective resolution is below the layout's min_ppi (or the rule's `min`
 * when set), naming the photo, its ppi and the manifest line.  A photo whose probe failed adds
 * nothing and returns FALSE (its image.readable error is already recorded), unless the build
 * is a draft, where a visible placeholder (a cross and the file name) stands in.  (place.c) */
gboolean pb_compose_photo(pb_compose *c, GPtrArray *parent, const pb_path *path, double x, double y,
			  double w, double h, pb_fit fit, const double *focus, double out[4]);

/* When `path` names an image the check could not read: records the check's image.readable
 * finding in the output's own diagnostics, so the files that should show the image are not
 * written, and returns TRUE.  (place.c) */
gboolean pb_compose_unreadable(pb_compose *c, const pb_path *path);

/* The probe of a photo that read well, or NULL.  (place.c) */
const pb_image_info *pb_compose_probe(const pb_compose *c, const pb_path *path);

/* The oriented pixel size of a photo that probed well, or FALSE. */
gboolean pb_compose_photo_size(const pb_compose *c, const pb_path *path, guint *w, guint *h);

/* The size to lay a photo out by before pb_compose_photo: as pb_compose_photo_size, but in a
 * draft a photo that did not probe gets a nominal 1500×1000 (3:2), so that it keeps a place for
 * its placeholder.  FALSE when no file was given, or outside a draft when it did not probe.
 * Only for paths that then go through pb_compose_photo: there may be no probe behind it. */
gboolean pb_compose_photo_slot(const pb_compose *c, const pb_path *path, guint *w, guint *h);

#endif
