/* direct.h — a PDF's pages written straight from their frames, for documents of many pages (the
 * insert's cards and press sheets, an honor roll).  See direct.c. */
#ifndef PB_DIRECT_H
#define PB_DIRECT_H

#include "subset.h"
#include "compose/frame.h"

#include <cairo.h>

typedef struct pb_direct pb_direct;

/* The plan for the documents `docs` (of const pb_doc *: the files of one series, which share
 * one template), or NULL when none qualifies.  A document does not when a page holds, outside
 * its shared groups, what only Cairo draws (a printer's mark, a translucent shape, a glyph no
 * font has; in a document of one page, any photo, rectangle or line): then Cairo draws its
 * every page as before.  A shared group that holds such a thing is a form Cairo draws once. */
pb_direct *pb_direct_plan(const GPtrArray *docs);
void pb_direct_free(pb_direct *d);

/* TRUE when the plan is bound and writes the pages of `doc`. */
gboolean pb_direct_covers(const pb_direct *d, const pb_doc *doc);

/* How many times each shared children array is placed, in all the documents (for the
 * template's own drawing, pb_render_ctx's `uses`). */
GHashTable *pb_direct_uses(const pb_direct *d);

/* Every glyph the template draws (its forms' and the pages'), into `subsets` to be cut. */
void pb_direct_add_subsets(const pb_direct *d, pb_subsets *subsets);

/* Cairo's template, on `cr` (in points) of the PDF surface `pdf`: a page for each Form XObject
 * the pages place, then one with every glyph they show, once each and with its text, so that
 * Cairo embeds the fonts, subsets them and maps them to Unicode as it always does (with the
 * fonts of `subsets` where they are cut). */
void pb_direct_draw_template(pb_direct *d, cairo_t *cr, cairo_surface_t *pdf, pb_subsets *subsets);

/* The number of pages of that template. */
guint pb_direct_template_pages(const pb_direct *d);

/* Reads Cairo's finished PDF of that template back: the name Cairo gave each form, and the code
 * of each glyph and the text its font's ToUnicode map gives it.  FALSE when it does not read as
 * drawn (then Cairo draws every page instead). */
gboolean pb_direct_bind(pb_direct *d, const char *pdf, gsize len);

/* What a page's content names besides its fonts, each once: the template's XObjects it places
 * (forms and images, by resource name, "/x6", borrowed from the plan), and the photos the pass
 * writes (their indices, guint; resource "/pbIm<i>"). */
typedef struct pb_direct_names {
	GPtrArray *xobjects;
	GArray *own;
} pb_direct_names;

/* The content stream of `page` (of the planned document), whose items are `items`
 * (pb_page_items), into `out`: PDF operators in the page's own space (points, the media's
 * bottom-left origin), balanced in q … Q.  The names it places go to `names` when not NULL. */
void pb_direct_page_content(const pb_direct *d, const pb_doc *doc, const pb_page *page,
			    const GPtrArray *items, GString *out, pb_direct_names *names);

/* The photos the pass writes itself rather than Cairo (JPEGs embedded as their bytes, a
 * resource "/pbIm<i>" each, shared by the planned documents): how many, and the image item of
 * the i-th (from 0). */
guint pb_direct_own_count(const pb_direct *d);
const pb_item *pb_direct_own_item(const pb_direct *d, guint i);

#endif
