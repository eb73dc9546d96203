/* pdfspot.c — spot-ink items as PDF content, and the objects they need; see pdfspot.h. */
#include "pdfspot.h"
#include "base/units.h"

#include <math.h>
#include <string.h>

#define K (1 / PB_MM_PER_PT)

/* A point in the page's millimetres (trim origin, y down) in PDF points (media origin, y up). */
static void
pdf_point(const pb_spot_walk *sw, const pb_matrix *m, double x, double y, double *px, double *py)
{
	double tx, ty;
	pb_matrix_apply(m, x, y, &tx, &ty);
	*px = (tx + sw->outer) * K;
	*py = sw->mh - (ty + sw->outer) * K;
}

/* Numbers to four decimals (points to 1/10000, far below any device's resolution), the same
 * on every machine. */
#define append_num pb_pdf_append_num

static void
op_point(pb_spot_walk *sw, const pb_matrix *m, double x, double y, const char *op)
{
	double px, py;
	pdf_point(sw, m, x, y, &px, &py);
	append_num(sw->ops, px);
	g_string_append_c(sw->ops, ' ');
	append_num(sw->ops, py);
	g_string_append_c(sw->ops, ' ');
	g_string_append(sw->ops, op);
	g_string_append_c(sw->ops, '\n');
}

static void
op_curve(pb_spot_walk *sw, const pb_matrix *m, const double *p)
{
	for (int i = 0; i < 3; i++) {
		double px, py;
		pdf_point(sw, m, p[2 * i], p[2 * i + 1], &px, &py);
		append_num(sw->ops, px);
		g_string_append_c(sw->ops, ' ');
		append_num(sw->ops, py);
		g_string_append_c(sw->ops, ' ');
	}
	g_string_append(sw->ops, "c\n");
}

static void
spot_path(pb_spot_walk *sw, const pb_item *it, const pb_matrix *to_page)
{
	pb_matrix m = *to_page;
	m.x0 += m.xx * it->x + m.xy * it->y;
	m.y0 += m.yx * it->x + m.yy * it->y;
	const double *pt = (const double *)it->path.points->data;
	guint k = 0;
	for (guint i = 0; i < it->path.ops->len; i++) {
		switch (g_array_index(it->path.ops, pb_path_op, i)) {
		case PB_PATH_MOVE:
			op_point(sw, &m, pt[k], pt[k + 1], "m");
			k += 2;
			break;
		case PB_PATH_LINE:
			op_point(sw, &m, pt[k], pt[k + 1], "l");
			k += 2;
			break;
		case PB_PATH_CURVE:
			op_curve(sw, &m, pt + k);
			k += 6;
			break;
		case PB_PATH_CLOSE:
			g_string_append(sw->ops, "h\n");
			break;
		}
	}
}

static void
spot_rect(pb_spot_walk *sw, const pb_item *it, const pb_matrix *m)
{
	double x = it->x, y = it->y, w = it->rect.w, h = it->rect.h;
	double r = MIN(it->rect.radius, MIN(w, h) / 2);
	if (r <= 0) {
		op_point(sw, m, x, y, "m");
		op_point(sw, m, x + w, y, "l");
		op_point(sw, m, x + w, y + h, "l");
		op_point(sw, m, x, y + h, "l");
		g_string_append(sw->ops, "h\n");
		return;
	}
	const double k = 0.5523 * r; /* Bézier quarter circles at the corners */
	op_point(sw, m, x + r, y, "m");
	op_point(sw, m, x + w - r, y, "l");
	op_curve(sw, m, (double[]){x + w - r + k, y, x + w, y + r - k, x + w, y + r});
	op_point(sw, m, x + w, y + h - r, "l");
	op_curve(sw, m, (double[]){x + w, y + h - r + k, x + w - r + k, y + h, x + w - r, y + h});
	op_point(sw, m, x + r, y + h, "l");
	op_curve(sw, m, (double[]){x + r - k, y + h, x, y + h - r + k, x, y + h - r});
	op_point(sw, m, x, y + r, "l");
	op_curve(sw, m, (double[]){x, y + r - k, x + r - k, y, x + r, y});
	g_string_append(sw->ops, "h\n");
}

static void
collect_spot(const pb_item *it, const pb_matrix *to_page, gpointer data)
{
	pb_spot_walk *sw = data;
	const pb_paint *p = it->kind == PB_ITEM_PATH   ? it->path.paint
			    : it->kind == PB_ITEM_RECT ? it->rect.paint
						       : NULL;
	if (!p || !p->spot || (!p->fill && !p->stroke))
		return;
	/* one spot per document (the cut line); a second name would need a second colour space */
	if (!sw->spot)
		sw->spot = p->spot;
	/* a stroke scales with the transform: the mean of the two axes' scales */
	double scale = sqrt(fabs(to_page->xx * to_page->yy - to_page->xy * to_page->yx));
	g_string_append(sw->ops, "q\n");
	if (p->overprint)
		g_string_append(sw->ops, "/pbOP gs\n");
	if (p->fill)
		g_string_append(sw->ops, "/pbSpot cs 1 scn\n");
	if (p->stroke) {
		g_string_append(sw->ops, "/pbSpot CS 1 SCN ");
		append_num(sw->ops, p->stroke_width * scale * K);
		g_string_append(sw->ops, " w\n");
	}
	if (it->kind == PB_ITEM_PATH)
		spot_path(sw, it, to_page);
	else
		spot_rect(sw, it, to_page);
	g_string_append(sw->ops, p->fill && p->stroke ? "B\nQ\n" : p->fill ? "f\nQ\n" : "S\nQ\n");
	sw->count++;
}

/* Shared children placed by the same transform give the same spot content: the die-cut of
 * 2,000 cards is computed twice, not formatted again for every page.  `ops` is NULL until a
 * second placement asks for it. */
typedef struct spot_key {
	gconstpointer children;
	double m[6];
} spot_key;

typedef struct spot_memo {
	char *ops;
	guint count;
	const pb_spot *spot;
} spot_memo;

static guint
spot_key_hash(gconstpointer p)
{
	const guchar *b = p;
	guint h = 2166136261u; /* FNV-1a over the key's bytes */
	for (gsize i = 0; i < sizeof(spot_key); i++)
		h = (h ^ b[i]) * 16777619u;
	return h;
}

static gboolean
spot_key_equal(gconstpointer a, gconstpointer b)
{
	return !memcmp(a, b, sizeof(spot_key));
}

static void
spot_memo_free(gpointer p)
{
	spot_memo *m = p;
	g_free(m->ops);
	g_free(m);
}

void
pb_spot_items(pb_spot_walk *sw, const GPtrArray *items, const pb_matrix *m, GHashTable *memo)
{
	for (guint i = 0; i < items->len; i++) {
		const pb_item *it = items->pdata[i];
		if (it->kind != PB_ITEM_GROUP) {
			collect_spot(it, m, sw);
			continue;
		}
		pb_matrix inner = pb_matrix_group(m, it);
		if (!it->group.shared) {
			pb_spot_items(sw, it->group.children, &inner, memo);
			continue;
		}
		spot_key key = {it->group.children,
				{inner.xx, inner.yx, inner.xy, inner.yy, inner.x0, inner.y0}};
		spot_memo *known = g_hash_table_lookup(memo, &key);
		if (!known || !known->ops) {
			/* kept from its second placement on: each of 20,000 cards is placed once
			 * (its cut, within it, on every page), and keeping each card's content
			 * held 20 MB for nothing */
			pb_spot_walk sub = {g_string_new(NULL), sw->outer, sw->mh, NULL, 0};
			pb_spot_items(&sub, it->group.children, &inner, memo);
			g_string_append_len(sw->ops, sub.ops->str, (gssize)sub.ops->len);
			if (!known) {
				known = g_new0(spot_memo, 1);
				g_hash_table_insert(memo, g_memdup2(&key, sizeof key), known);
				g_string_free(sub.ops, TRUE);
			} else {
				known->ops = g_string_free(sub.ops, FALSE);
			}
			known->count = sub.count;
			known->spot = sub.spot;
		} else {
			g_string_append(sw->ops, known->ops);
		}
		sw->count += known->count;
		if (!sw->spot)
			sw->spot = known->spot;
	}
}

static void
make_spot_objects(pb_pdf_update *u, pb_spot_objects *so, const pb_spot *spot)
{
	if (so->ocg)
		return;
	so->ocg = u->next++;
	so->space = u->next++;
	so->gstate = u->next++;
	so->open = u->next++;
	g_autofree char *ocg =
	    g_strdup_printf("<< /Type /OCG /Name (%s) /Intent [/View /Design] >>", spot->name);
	pb_pdf_object(u, so->ocg, ocg);
	/* Separation with a DeviceCMYK alternate: tint 1 is the alternate colour at 100 % */
	g_autofree char *cs = g_strdup_printf(
	    "[/Separation /%s /DeviceCMYK << /FunctionType 2 /Domain [0 1] /C0 [0 0 0 0] "
	    "/C1 [%.4g %.4g %.4g %.4g] /N 1 >>]",
	    spot->name, spot->cmyk[0], spot->cmyk[1], spot->cmyk[2], spot->cmyk[3]);
	pb_pdf_object(u, so->space, cs);
	pb_pdf_object(u, so->gstate, "<< /Type /ExtGState /OP true /op true /OPM 1 >>");
	pb_pdf_stream(u, so->open, "q", 1);
}

int
pb_spot_form(pb_pdf_update *u, pb_spot_objects *so, pb_spot_walk *sw, double mw, double mh)
{
	make_spot_objects(u, so, sw->spot);
	g_autofree char *bbox = g_strdup_printf("[0 0 %.4f %.4f]", mw, mh);
	g_string_prepend(sw->ops, bbox);
	int form = GPOINTER_TO_INT(g_hash_table_lookup(so->forms, sw->ops->str));
	if (!form) {
		form = u->next++;
		g_autofree char *dict = g_strdup_printf(
		    "/Type /XObject /Subtype /Form /BBox %s /Resources << /ColorSpace << "
		    "/pbSpot %d 0 R >> /ExtGState << /pbOP %d 0 R >> /Properties << /pbCut "
		    "%d 0 R >> >> ",
		    bbox, so->space, so->gstate, so->ocg);
		g_autofree char *body =
		    g_strdup_printf("/OC /pbCut BDC\n%sEMC", sw->ops->str + strlen(bbox));
		pb_pdf_stream_dict(u, form, dict, body, strlen(body));
		g_hash_table_insert(so->forms, g_strdup(sw->ops->str), GINT_TO_POINTER(form));
	}
	return form;
}

void
pb_spot_objects_init(pb_spot_objects *so)
{
	*so = (pb_spot_objects){0};
	so->forms = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	so->calls = g_hash_table_new(NULL, NULL);
	so->memo = g_hash_table_new_full(spot_key_hash, spot_key_equal, g_free, spot_memo_free);
	so->boxes = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
}

void
pb_spot_objects_clear(pb_spot_objects *so)
{
	g_clear_pointer(&so->forms, g_hash_table_unref);
	g_clear_pointer(&so->calls, g_hash_table_unref);
	g_clear_pointer(&so->memo, g_hash_table_unref);
	g_clear_pointer(&so->boxes, g_hash_table_unref);
}
