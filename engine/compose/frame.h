/* frame.h — pages of positioned items: the contract between the composers and the renderers.
 *
 * Frames are plain data.  A composer decides every position and writes it here; a renderer
 * (render.c) draws exactly what is here and decides nothing; the dump (dump.c) prints it for
 * tests.  Lengths are millimetres with the origin at the top-left corner of the trim box, y
 * growing downwards; items may reach into the bleed (negative coordinates, or beyond the trim
 * size) but never past it.  Every item keeps the location of the manifest value it shows.
 *
 * Glyph runs are shaped once, by the text service, and carried here as Pango glyph items with
 * the UTF-8 text they came from, so the renderer never lays anything out and the PDF keeps the
 * text (pdftotext gives it back).
 *
 * Every item has a role (what it is to the reader and the printer: a photo, a card, a cut line)
 * so that tests find items by what they are.  Paints are inks: a process colour, or a named
 * spot colour with its alternate and overprint (the CutContour that cutters' RIPs look for).
 * A group carries a full affine matrix, and its children may be shared with other groups and
 * pages (the same card placed on an imposed sheet by a transform, not composed twice).
 */
#ifndef PB_FRAME_H
#define PB_FRAME_H

#include "base/diag.h"
#include "image/image.h"
#include "load/model.h"

#include <pango/pango.h>

typedef enum pb_item_kind {
	PB_ITEM_GROUP,  /* children under an affine transform, optionally clipped */
	PB_ITEM_GLYPHS, /* one shaped run of text in one font */
	PB_ITEM_IMAGE,  /* a photo, placed and possibly cropped by its group's clip */
	PB_ITEM_RECT,   /* a filled and/or stroked rectangle */
	PB_ITEM_PATH,   /* vector ornament: lines and curves */
	PB_ITEM_MARK,   /* printer's marks: drawn in registration colour, outside the bleed */
} pb_item_kind;

typedef enum pb_path_op {
	PB_PATH_MOVE,  /* 1 point */
	PB_PATH_LINE,  /* 1 point */
	PB_PATH_CURVE, /* 3 points: two controls and the end */
	PB_PATH_CLOSE, /* 0 points */
} pb_path_op;

/* What an item is, to the reader and to the print shop. */
typedef enum pb_item_role {
	PB_AS_NONE = 0,   /* a group that only arranges its children */
	PB_AS_BACKGROUND, /* the page's ground, run into the bleed */
	PB_AS_PHOTO,      /* a photo, portrait, ID photo or logo */
	PB_AS_TEXT,       /* set text */
	PB_AS_CARD,       /* a panel behind a card's content */
	PB_AS_RULE,       /* a line that divides or underlines */
	PB_AS_ORNAMENT,   /* bands, diamonds, frames, seals */
	PB_AS_CUT,        /* a die-cut line: for the cutter, not printed */
	PB_AS_MARK,       /* printer's marks and the slug line, outside the bleed */
	PB_AS_COUNT
} pb_item_role;

/* A named spot colour: a separation of its own on the press or the cutter.  `rgb` is how a
 * screen (SVG, PNG) shows it; `cmyk` is the alternate a PDF reader without the ink falls back
 * to. */
typedef struct pb_spot {
	const char *name; /* the separation's name, exactly as RIPs look for it */
	double cmyk[4];   /* alternate, 0..1 */
	pb_rgb rgb;       /* on screen */
} pb_spot;

/* The die-cut convention of print-and-cut RIPs: a Separation named CutContour, 100 % magenta
 * as its alternate. */
extern const pb_spot pb_spot_cut_contour;

typedef struct pb_paint {
	gboolean fill; /* fill with fill_color (or the spot) */
	pb_rgb fill_color;
	gboolean stroke; /* stroke with stroke_color (or the spot) */
	pb_rgb stroke_color;
	double stroke_width; /* mm */
	double opacity;      /* 0..1; 0 is taken as 1 */
	const pb_spot *spot; /* when set, fill and stroke are this spot at 100 %, not the colours */
	gboolean overprint;  /* the ink prints over what is below instead of knocking it out */
} pb_paint;

typedef struct pb_item pb_item;
struct pb_item {
	pb_item_kind kind;
	pb_item_role role;
	pb_loc loc; /* the manifest (or layout) value this item shows; file "" for ornament */
	double x;   /* mm, from the left of the parent (the trim box for top-level items) */
	double y;   /* mm, from the top; for glyph runs, the baseline */
	union {
		struct {
			/* of pb_item*, a reference: a group made with pb_frame_add_shared holds the
			 * same array as other groups or a page, and renderers may draw it once and
			 * place it many times */
			GPtrArray *children;
			gboolean shared; /* the children belong to others too */
			gboolean clip;   /* clip children to [0,w]×[0,h] (in the group's space) */
			double w, h;     /* mm, the clip box and the group's extent */
			double a, b, c, d; /* linear part: x' = a·x + c·y + x, y' = b·x + d·y + y */
			const char *placeholder; /* --draft: the image it stands in for (the path as
						  * the user wrote it, interned), else NULL */
		} group;
		struct {
			/* borrowed from `owner` (a laid-out text block, which the cards of a
			 * roster place 20,000 times: one copy of its runs, not one a card) */
			const PangoGlyphItem *run; /* its item->analysis.font is referenced */
			const char *text;          /* the paragraph text the run's offsets index */
			gpointer owner; /* a reference the item holds, given back with release */
			GDestroyNotify release;
			pb_rgb color;
			double size;  /* pt, the size the text is set at */
			double scale; /* the run's font is at size / scale: texts are shaped at one
				       * reference size and drawn scaled (text.c says why) */
		} glyphs;
		struct {
			const char *path;          /* file to read, interned */
			const char *shown;         /* path as the user knows it, interned */
			const pb_image_info *info; /* from the probe, orientation included:
						    * interned, like the paths */
			double w, h; /* mm, the size the whole (oriented) image is drawn at */
		} image;
		struct {
			double w, h;           /* mm */
			double radius;         /* mm, corner radius */
			const pb_paint *paint; /* interned (pb_frame_add_rect) */
		} rect;
		struct {
			GArray *ops;    /* of pb_path_op */
			GArray *points; /* of double pairs (x, y) in mm, relative to the item */
			const pb_paint *paint; /* interned (pb_frame_add_path) */
		} path;
		struct {
			double x2, y2; /* mm: a line from (x, y) to (x2, y2) in page coordinates */
			double width;  /* mm */
		} mark;
	};
};

typedef struct pb_page pb_page;

/* How a page filled when asked makes its items: appends them to `items`.  `data` is what the
 * document keeps for it (pb_doc_keep), `index` which of its pages (a roster's row, a sheet).
 *
 * Why: a roster of 20,000 cards held as frames is 3 KB a card from composition to the last
 * file written.  A filled page holds its size and two such calls; each reader of its items
 * (the digest, the plan, the pass, the renderers) asks for them and drops them after.  So
 * what a fill makes anew is only groups and glyph runs, the runs borrowed from what `data`
 * keeps or spelt for their item (a page counter: pb_text_run_owned, which readers do not
 * remember); everything else it places is in shared arrays that `data` keeps, which outlive
 * every reader, since readers remember arrays, images and runs by their address. */
typedef void (*pb_page_fill_fn)(const pb_page *page, GPtrArray *items, gconstpointer data,
				guint index);
typedef struct pb_page_fill {
	pb_page_fill_fn fn;
	gconstpointer data;
	guint index;
} pb_page_fill;

/* One page: trim size, bleed and slug, and its items in painting order. */
struct pb_page {
	double width;         /* mm, trim */
	double height;        /* mm, trim */
	double bleed;         /* mm, on every side */
	double slug;          /* mm beyond the bleed for marks and the slug line; 0 without marks */
	GPtrArray *items;     /* of pb_item*, owned, painting order; NULL while the page is filled
			       * when asked: read them with pb_page_items() */
	pb_page_fill fill[2]; /* such a page's: its composer's, then pb_compose_finish's marks
			       * and slug line (fn NULL for none) */
	char *slug_text;      /* printed in the slug (file, page, date); NULL for none, and on a
			       * page filled when asked, whose line is in its items alone */
	double safe[4];       /* mm from the trim's top, right, bottom, left edges to the safe area
			       * (the layout's margins), for proofs; 0 when none */
	gboolean own_marks;   /* the composer made the page's marks and slug line itself, or wants
			       * none (a die-line): pb_compose_finish leaves it as it is */
};

/* A document: the pages of one output file, and its PDF metadata. */
typedef struct pb_doc {
	GPtrArray *pages; /* of pb_page*, owned */
	char *title;      /* PDF title */
	char *author;     /* PDF author: the school */
	char *date;       /* YYYY-MM-DD, the PDF's creation date (event.date) */
	double max_ppi;   /* px per inch above which PDF/SVG photos are resampled; 0 = never */
	gboolean flatten; /* PNG transparency is flattened on `ground` (the layout asks for it) */
	pb_rgb ground;    /* the page's ground colour, for flattening */
	char *id;         /* 32 hex digits for the PDF's /ID, a hash of what it shows; NULL: none */
	GArray *kept;     /* of pb_kept: what its filled pages read (pb_doc_keep) */
} pb_doc;

pb_doc *pb_doc_new(const char *title, const char *author, const char *date);
void pb_doc_free(pb_doc *doc);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(pb_doc, pb_doc_free)

/* Adds an empty page; the document owns it.  slug 0 means no marks. */
pb_page *pb_doc_add_page(pb_doc *doc, double width, double height, double bleed, double slug);

/* The document keeps `data` until it is freed, then calls `destroy` on it: what its filled
 * pages read. */
void pb_doc_keep(pb_doc *doc, gpointer data, GDestroyNotify destroy);

/* Makes `page` one filled when asked by `fn` (see pb_page_fill) at `layer`: 0 its composer's
 * (its items go), 1 pb_compose_finish's, after it.  `data` must be kept by the page's
 * document. */
void pb_page_fill_with(pb_page *page, guint layer, pb_page_fill_fn fn, gconstpointer data,
		       guint index);

/* The page's items: a new reference, g_ptr_array_unref when done.  Its own array, or for a
 * page filled when asked, one made now. */
GPtrArray *pb_page_items(const pb_page *page);

/* The page's own items from now on, made now if it is filled when asked (for a caller that
 * adds to them): borrowed. */
GPtrArray *pb_page_fix(pb_page *page);

/* An empty list of items that groups may share (pb_frame_add_shared), such as a card placed on
 * every page and on the press sheets: a new reference, g_ptr_array_unref when done. */
GPtrArray *pb_frame_items_new(void);

/* The item constructors append to `parent` (a page's items or a group's children) and
 * return the item, borrowed.  Each kind starts with the role it usually has (glyphs are text,
 * images photos, rects and paths ornament, marks marks); set item->role when it is another. */
pb_item *pb_frame_add_group(GPtrArray *parent, double x, double y, gboolean clip, double w,
			    double h, pb_loc loc);
/* A group showing `children` (a reference is taken: they stay shared) at (x, y), scaled and
 * turned by the linear part a, b, c, d; w × h mm is the children's extent, for bounds. */
pb_item *pb_frame_add_shared(GPtrArray *parent, GPtrArray *children, double x, double y, double a,
			     double b, double c, double d, double w, double h, pb_loc loc);
pb_item *pb_frame_add_rect(GPtrArray *parent, double x, double y, double w, double h,
			   const pb_paint *paint, pb_loc loc);
/* `run` and `text` are not copied: they belong to `owner`, a reference to which the caller
 * hands the item; the item gives it back with `release` when it is freed. */
pb_item *pb_frame_add_glyphs(GPtrArray *parent, double x, double baseline,
			     const PangoGlyphItem *run, const char *text, gpointer owner,
			     GDestroyNotify release, pb_rgb color, double size, pb_loc loc);
pb_item *pb_frame_add_image(GPtrArray *parent, double x, double y, double w, double h,
			    const char *path, const char *shown, const pb_image_info *info,
			    pb_loc loc);
/* An empty path at (x, y); add segments with pb_path_*. */
pb_item *pb_frame_add_path(GPtrArray *parent, double x, double y, const pb_paint *paint,
			   pb_loc loc);
void pb_path_move(pb_item *path, double x, double y);
void pb_path_line(pb_item *path, double x, double y);
void pb_path_curve(pb_item *path, double x1, double y1, double x2, double y2, double x3, double y3);
void pb_path_close(pb_item *path);
pb_item *pb_frame_add_mark(GPtrArray *parent, double x1, double y1, double x2, double y2,
			   double width);

/* Width of a glyph run in mm (its advances, as the renderer will place them). */
double pb_glyphs_width(const pb_item *glyphs);

/* An affine transform in mm: x' = xx·x + xy·y + x0, y' = yx·x + yy·y + y0 (Cairo's order). */
typedef struct pb_matrix {
	double xx, yx, xy, yy, x0, y0;
} pb_matrix;

/* The identity, and `m` followed by the transform of group `g` (its children's space into
 * `m`'s space). */
pb_matrix pb_matrix_identity(void);
pb_matrix pb_matrix_group(const pb_matrix *m, const pb_item *g);
void pb_matrix_apply(const pb_matrix *m, double x, double y, double *ox, double *oy);

/* Calls `fn` for every item under `items` in painting order, groups before their children,
 * with the transform from the item's own coordinates to the page's. */
typedef void (*pb_frame_walk_fn)(const pb_item *item, const pb_matrix *to_page, gpointer data);
void pb_frame_walk(const GPtrArray *items, const pb_matrix *to_page, pb_frame_walk_fn fn,
		   gpointer data);

/* The bounding box of an item in page coordinates (mm), offset by its ancestors (ox, oy).
 * For glyph runs: the logical extents (ascent to descent). */
void pb_item_bounds(const pb_item *item, double ox, double oy, double box[4]);

/* The same box under a full transform (the item's corners mapped, then their bounds). */
void pb_item_bounds_m(const pb_item *item, const pb_matrix *to_page, double box[4]);

/* "photo", "card", ...: the role's name in dumps. */
const char *pb_item_role_name(pb_item_role role);

#endif
