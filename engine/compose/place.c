/* place.c — a photo in a box: fit or fill, after its EXIF orientation; effective ppi; draft
 * placeholders.  See pb_compose_photo in compose.h.
 *
 * Everything here is geometry on the probe (pb_image_info): no pixel is read.  The image item
 * always carries the size the whole oriented picture is drawn at; a crop is a clipping group
 * around it, so the renderer needs no notion of "crop" and the dump shows the whole placement.
 *
 * Effective resolution is judged on the oriented pixels over the drawn size, the poorer axis
 * of the two (for FILL the covering scale, so both axes meet or exceed the box).  A photo placed
 * many times in one output (a logo on every page) is reported once per manifest position.
 *
 * Also recorded here, because compose is the last stage that holds the diagnostics list: a note
 * for each 4-component (CMYK/YCCK) JPEG, which the renderer converts to sRGB through its ICC
 * profile (imagecache.c, image/colour.c), saying which profile.
 *
 * Not here: which box a photo gets (the composers), and anything about decoding (render).
 */
#include "compose.h"
#include "check/rules.h"
#include "base/units.h"
#include "load/containment.h"

#include <math.h>
#include <string.h>

const pb_image_info *
pb_compose_probe(const pb_compose *c, const pb_path *path)
{
	if (!c->images || !path->fs)
		return NULL;
	return pb_images_lookup(c->images, path->fs);
}

/* The size a draft gives a photo it cannot read: 3:2, the shape of most camera photos, so the
 * placeholder takes about the place the photo would have. */
#define PB_DRAFT_W 1500u
#define PB_DRAFT_H 1000u

gboolean
pb_compose_photo_size(const pb_compose *c, const pb_path *path, guint *w, guint *h)
{
	const pb_image_info *info = path->written ? pb_compose_probe(c, path) : NULL;
	if (!info || info->oriented_width == 0 || info->oriented_height == 0)
		return FALSE;
	*w = info->oriented_width;
	*h = info->oriented_height;
	return TRUE;
}

gboolean
pb_compose_photo_slot(const pb_compose *c, const pb_path *path, guint *w, guint *h)
{
	if (pb_compose_photo_size(c, path, w, h))
		return TRUE;
	if (!c->draft || !path->written)
		return FALSE;
	*w = PB_DRAFT_W;
	*h = PB_DRAFT_H;
	return TRUE;
}

/* Has this output already said `rule` about this manifest position?  A photo repeated on many
 * pages would otherwise repeat its warning as often. */
static gboolean
already_said(const pb_compose *c, const char *rule, pb_loc loc)
{
	for (guint i = 0; i < c->diags->items->len; i++) {
		const pb_diag *d = c->diags->items->pdata[i];
		if (d->loc.file == loc.file && d->loc.line == loc.line && d->loc.col == loc.col &&
		    g_str_equal(d->rule, rule))
			return TRUE;
	}
	return FALSE;
}

/* The ppi below which image.ppi fires: the rule's own `min` when the manifest set one, else
 * the layout's min_ppi (boards 100, pages 150). */
static double
min_ppi(const pb_compose *c)
{
	double rule = pb_rule_param(c->m->rules, PB_RULE_IMAGE_PPI, "min");
	return rule > 0 ? rule : c->layout->min_ppi;
}

static void
check_ppi(pb_compose *c, const pb_path *path, const pb_image_info *info, double dw, double dh)
{
	if (info->format == PB_IMAGE_SVG || dw <= 0 || dh <= 0)
		return; /* vector art has no resolution to lose */
	double ppi = pb_image_ppi_low(info, dw, dh);
	double need = min_ppi(c);
	/* The epsilon absorbs mm↔inch rounding: a photo at exactly the minimum passes. */
	if (need <= 0 || ppi + 1e-6 >= need || already_said(c, "image.ppi", path->loc))
		return;
	/* a thumbnail blown up to a page is below 1 ppi: never "0 ppi" */
	g_autofree char *at =
	    ppi + 1e-6 >= 1 ? g_strdup_printf("%.0f", floor(ppi + 1e-6)) : g_strdup("less than 1");
	pb_diag_add(c->diags, path->loc, c->m->rules[PB_RULE_IMAGE_PPI].severity, "image.ppi",
		    "photo '%s' is placed at %s ppi, below the %.0f ppi this layout needs",
		    path->shown, at, need);
}

/* Cairo 1.16 embeds a 4-component JPEG without the inverted Decode array Adobe files need, so
 * the renderer converts it; the print shop should know its photo was re-encoded. */
static void
note_cmyk(pb_compose *c, const pb_path *path, const pb_image_info *info)
{
	if (info->format != PB_IMAGE_JPEG ||
	    (info->colorspace != PB_CS_CMYK && info->colorspace != PB_CS_YCCK))
		return;
	if (already_said(c, "image.cmyk", path->loc))
		return;
	pb_diag_add(c->diags, path->loc, PB_SEV_NOTE, "image.cmyk",
		    "photo '%s' is %s; converted to sRGB through %s", path->shown,
		    info->colorspace == PB_CS_CMYK ? "CMYK" : "YCCK",
		    info->icc_profile
			? "its own ICC profile"
			: "the standard CMYK profile (Ghostscript's default_cmyk.icc)");
}

/* A photo "far above" the layout's need: this many times its min_ppi.  A 6000-pixel photo in a
 * board's 264 mm row is 385 ppi, three to four times the boards' 100: not worth a word when it
 * is a JPEG (its own bytes go in), but a PNG goes in as pixels, and 54 megapixels of them made
 * a 145 MB board. */
#define PB_FAR_ABOVE 3.0

/* What the renderer does with a photo's resolution, said once per position: resampled to
 * max_ppi (pb_image_above_max_ppi, the renderer's test), or, for a PNG far above the need with no
 * max_ppi, that it goes in whole and how to make it smaller. */
static void
note_resolution(pb_compose *c, const pb_path *path, const pb_image_info *info, double dw, double dh)
{
	if (info->format == PB_IMAGE_SVG || dw <= 0 || dh <= 0)
		return;
	double ppi = pb_image_ppi_high(info, dw, dh);
	double max = c->layout->max_ppi, need = min_ppi(c);
	gboolean png = info->format == PB_IMAGE_PNG;
	if (already_said(c, "image.resolution", path->loc))
		return;
	if (pb_image_above_max_ppi(info, dw, dh, max)) {
		const char *how = !png ? "re-encoded as JPEG"
				  : !info->has_alpha || c->layout->flatten_transparency
				      ? "compressed once as JPEG"
				      : "kept as pixels for its transparency";
		pb_diag_add(c->diags, path->loc, PB_SEV_NOTE, "image.resolution",
			    "photo '%s' is placed at %.0f ppi; resampled to the layout's max_ppi "
			    "of %.0f and %s",
			    path->shown, floor(ppi), max, how);
	} else if (png && max <= 0 && need > 0 && ppi > PB_FAR_ABOVE * need) {
		double mp = (double)info->width * info->height / 1e6;
		pb_diag_add(c->diags, path->loc, PB_SEV_NOTE, "image.resolution",
			    "PNG '%s' is placed at %.0f ppi, far above the %.0f ppi this layout "
			    "needs; its %.0f megapixels go into the file as they are (max_ppi in "
			    "the layout would resample it)",
			    path->shown, floor(ppi), need, mp);
	}
}

/* Transparency is a known print-shop trap (each RIP flattens it its own way): say so, and what
 * the layout does about it. */
static void
note_alpha(pb_compose *c, const pb_path *path, const pb_image_info *info)
{
	if (info->format != PB_IMAGE_PNG || !info->has_alpha ||
	    already_said(c, "image.alpha", path->loc))
		return;
	if (c->layout->flatten_transparency) {
		pb_rgb g = pb_compose_ground(c);
		pb_diag_add(c->diags, path->loc, PB_SEV_NOTE, "image.alpha",
			    "PNG '%s' has transparency; flattened on the page's ground "
			    "#%02x%02x%02x for print (flatten_transparency)",
			    path->shown, (unsigned)(g.r * 255 + 0.5), (unsigned)(g.g * 255 + 0.5),
			    (unsigned)(g.b * 255 + 0.5));
	} else {
		pb_diag_add(c->diags, path->loc, PB_SEV_NOTE, "image.alpha",
			    "PNG '%s' has transparency, which each print shop's RIP flattens its "
			    "own way; flatten_transparency: true in the layout flattens it on the "
			    "page's ground here",
			    path->shown);
	}
}

/* --draft: a light grey box, a cross corner to corner and the file's name, so a proof shows
 * where the missing photo goes. */
static void
placeholder(pb_compose *c, GPtrArray *parent, const pb_path *path, double x, double y, double w,
	    double h)
{
	pb_item *g = pb_frame_add_group(parent, x, y, TRUE, w, h, path->loc);
	g->role = PB_AS_PHOTO;
	const char *name = path->shown ? path->shown : path->written ? path->written : "?";
	g->group.placeholder = g_intern_string(name); /* pb_compose_finish names its file */
	double line = MAX(0.2, MIN(w, h) / 200);
	pb_paint box = {.fill = TRUE,
			.fill_color = {0.88, 0.88, 0.88},
			.stroke = TRUE,
			.stroke_color = {0.55, 0.55, 0.55},
			.stroke_width = line};
	pb_frame_add_rect(g->group.children, 0, 0, w, h, &box, path->loc);
	pb_paint ink = {.stroke = TRUE, .stroke_color = {0.55, 0.55, 0.55}, .stroke_width = line};
	pb_item *cross = pb_frame_add_path(g->group.children, 0, 0, &ink, path->loc);
	pb_path_move(cross, 0, 0);
	pb_path_line(cross, w, h);
	pb_path_move(cross, w, 0);
	pb_path_line(cross, 0, h);
	/* Small but legible at proof size: a twentieth of the short side, 6 to 24 pt. */
	double pt = CLAMP(MIN(w, h) / 20 / PB_MM_PER_PT, 6, 24);
	pb_text_style st = pb_compose_style(c, "caption", pt, NULL);
	st.align = PB_ALIGN_CENTER;
	st.color = (pb_rgb){0.25, 0.25, 0.25};
	double pad = MIN(w, h) / 20;
	pb_compose_text(c, g->group.children, name, st, pad, h / 2 + pad, MAX(1.0, w - 2 * pad),
			path->loc);
}

gboolean
pb_compose_unreadable(pb_compose *c, const pb_path *path)
{
	if (!path->written || pb_compose_probe(c, path))
		return FALSE;
	const char *why = c->images ? pb_images_failure(c->images, path->fs) : NULL;
	/* The check's own words at the check's own place, its hint too: the report shows the
	 * finding once. */
	g_autofree char *hint = pb_path_backslash_hint(c->m->dir, path->shown, path->written, why);
	pb_diag_add(c->diags, path->loc, c->m->rules[PB_RULE_IMAGE_READABLE].severity,
		    "image.readable", "cannot read image '%s': %s%s", path->shown,
		    why ? why : "it was not read", hint);
	return TRUE;
}

gboolean
pb_compose_photo(pb_compose *c, GPtrArray *parent, const pb_path *path, double x, double y,
		 double w, double h, pb_fit fit, const double *focus, double out[4])
{
	if (!path->written)
		return FALSE; /* none was asked for */
	const pb_image_info *info = pb_compose_probe(c, path);
	if (!info || info->oriented_width == 0 || info->oriented_height == 0) {
		if (!c->draft) {
			pb_compose_unreadable(c, path);
			return FALSE;
		}
		placeholder(c, parent, path, x, y, w, h);
		out[0] = x, out[1] = y, out[2] = w, out[3] = h;
		return TRUE;
	}
	double ow = info->oriented_width, oh = info->oriented_height;
	note_cmyk(c, path, info);
	note_alpha(c, path, info);
	if (fit == PB_FIT_WHOLE) {
		double s = MIN(w / ow, h / oh);
		double dw = ow * s, dh = oh * s;
		double dx = x + (w - dw) / 2, dy = y + (h - dh) / 2;
		pb_frame_add_image(parent, dx, dy, dw, dh, path->fs, path->shown, info, path->loc);
		check_ppi(c, path, info, dw, dh);
		note_resolution(c, path, info, dw, dh);
		out[0] = dx, out[1] = dy, out[2] = dw, out[3] = dh;
		return TRUE;
	}
	/* FILL: the covering scale; the focus point goes to the centre of the box, then the
	 * picture slides back until it covers the box again (a focus near an edge cannot be
	 * centred without uncovering the box, so it ends up as close to the centre as it can). */
	double s = MAX(w / ow, h / oh);
	double dw = ow * s, dh = oh * s;
	double fx = focus ? CLAMP(focus[0], 0, 1) : 0.5, fy = focus ? CLAMP(focus[1], 0, 1) : 0.5;
	double ix = CLAMP(w / 2 - fx * dw, w - dw, 0), iy = CLAMP(h / 2 - fy * dh, h - dh, 0);
	pb_item *g = pb_frame_add_group(parent, x, y, TRUE, w, h, path->loc);
	pb_frame_add_image(g->group.children, ix, iy, dw, dh, path->fs, path->shown, info,
			   path->loc);
	check_ppi(c, path, info, dw, dh);
	note_resolution(c, path, info, dw, dh);
	out[0] = x, out[1] = y, out[2] = w, out[3] = h;
	return TRUE;
}
