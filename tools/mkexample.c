/* mkexample.c — generates the images of the example project, and the bench project.
 *
 *   build/tools/mkexample DIR              every image DIR/manifest.yaml refers to
 *   build/tools/mkexample --bench N DIR    DIR/manifest.yaml with N photos, and its images
 *   build/tools/mkexample --submissions DIR OUT
 *                                          DIR's material as the colleges hand it in, for
 *                                          `paiban init` (lib-submissions.c): Word files and
 *                                          the very same pictures, copied from DIR when made
 *   build/tools/mkexample --roll N DIR     DIR/manifest.yaml with an honor roll of N honorees,
 *                                          each with an ID photo of their own, and the photos
 *
 * Design.  The repository carries the example's texts but no images (tens of megabytes of
 * binary would bloat every clone), so `make demo` makes them once.  The list of files comes
 * from the manifest itself, so an edit of the manifest never needs an edit here: the manifest
 * is read with libyaml, and every scalar under the keys file, files, photos, portrait, photo and
 * logo is a file to write, relative to the nearest enclosing `folder:` (or to DIR).  The key
 * says what kind of picture it is:
 *
 *   file, files, photos  a photograph: sky, campus buildings or hills, trees, ground and a group
 *                        of graduates, with soft edges, vignette and film grain, so that its
 *                        JPEG has a realistic size (1-3 MB at quality 90) and the engine's
 *                        image paths see real camera-like data; 3000×2000, 3600×2400,
 *                        4000×3000 or 2000×3000 px
 *   portrait             a head-and-shoulders portrait, 1200×1600 px
 *   photo                a 2-inch ID photo, 413×579 px on a red ground
 *   logo                 an SVG seal
 *
 * The file name asks for the deliberate faults the example shows off: "small" or "lowres" gives
 * 2400×1600 px (below the notice's 3000×1800), "rot" stores the photo rotated with EXIF
 * orientation 6, "blue" an ID photo on a blue ground, "wide" an ID photo of 640×480 px; a .png
 * name gives a PNG.
 *
 * Every file is a pure function of its path relative to DIR (the seed is a hash of it), so
 * runs are byte-identical whatever the thread count or order.  Pixels are computed with cheap
 * float maths in one buffer per image (the out-of-focus background in a quarter-size one); images
 * are made in parallel on a GLib thread pool: the whole example takes a few seconds.
 */
#include "imgwrite.h"
#include "submissions.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <yaml.h>

/* ---- the list of files -------------------------------------------------------------------- */

typedef enum kind {
	K_PHOTO,    /* graduation photo or star photo */
	K_PORTRAIT, /* a blessing's portrait */
	K_IDPHOTO,  /* an honoree's 2-inch ID photo */
	K_LOGO,     /* the event's logo */
} kind;

typedef struct job {
	char *rel;  /* path relative to DIR: the seed, and what messages show */
	char *path; /* DIR/rel (with --submissions: where it goes in OUT) */
	char *copy; /* with --submissions: DIR/rel, copied when it is there; else NULL */
	kind k;
	double cost; /* megapixels, to start the big ones first */
} job;

typedef struct ctx {
	const char *dir;
	GPtrArray *jobs;  /* job*, in manifest order */
	GHashTable *seen; /* rel -> job*: a file named twice is written once */
	bool bench;       /* bench photos are all exactly 3000×1800 */
	int errors;
	gint failed;  /* atomically counted by the workers */
	gint64 bytes; /* total size written, atomically */
} ctx;

static bool
has(const char *s, const char *sub)
{
	return strstr(s, sub) != NULL;
}

static bool
ends_with(const char *s, const char *suffix)
{
	return g_str_has_suffix(s, suffix);
}

/* Photo size from the name: the faults by name, otherwise a camera-like mix chosen by hash. */
static void
photo_size(const ctx *c, const char *rel, uint64_t h, int *w, int *hh)
{
	if (has(rel, "small") || has(rel, "lowres")) {
		*w = 2400, *hh = 1600;
		return;
	}
	if (c->bench) {
		*w = 3000, *hh = 1800;
		return;
	}
	switch ((h >> 17) % 10) {
	case 0:
	case 1:
	case 2:
	case 3:
		*w = 3000, *hh = 2000;
		break;
	case 4:
	case 5:
	case 6:
		*w = 3600, *hh = 2400;
		break;
	case 7:
		*w = 4000, *hh = 3000;
		break;
	default:
		*w = 2000, *hh = 3000;
		break; /* held upright */
	}
}

static uint64_t
hash_name(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ull; /* FNV-1a 64 */
	for (; *s; s++)
		h = (h ^ (uint8_t)*s) * 0x100000001b3ull;
	/* FNV's low bits mix poorly for short names differing only at the end: finalise. */
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	return h;
}

static void
add_file(ctx *c, const char *prefix, const char *name, kind k, const yaml_mark_t *mark)
{
	if (!*name)
		return;
	/* A generator must never write outside DIR, whatever a manifest says. */
	gboolean bad = g_path_is_absolute(name) || (prefix && g_path_is_absolute(prefix));
	char *rel = prefix && *prefix ? g_build_filename(prefix, name, NULL) : g_strdup(name);
	char **parts = g_strsplit(rel, "/", -1);
	for (char **p = parts; *p; p++)
		if (strcmp(*p, "..") == 0)
			bad = TRUE;
	g_strfreev(parts);
	if (bad) {
		fprintf(stderr, "mkexample: manifest line %lu: '%s' leaves the project folder\n",
			(unsigned long)mark->line + 1, rel);
		c->errors++;
		g_free(rel);
		return;
	}
	if (g_hash_table_contains(c->seen, rel)) {
		g_free(rel);
		return;
	}
	job *j = g_new0(job, 1);
	j->rel = rel;
	j->path = g_build_filename(c->dir, rel, NULL);
	j->k = k;
	int w = 1200, h = 1600;
	if (k == K_PHOTO)
		photo_size(c, rel, hash_name(rel), &w, &h);
	j->cost = k == K_LOGO ? 0 : (double)w * h / 1e6 * (ends_with(rel, ".png") ? 4 : 1);
	g_hash_table_insert(c->seen, rel, j);
	g_ptr_array_add(c->jobs, j);
}

static bool
key_kind(const char *key, kind *k)
{
	static const struct {
		const char *key;
		kind k;
	} keys[] = {{"file", K_PHOTO},        {"files", K_PHOTO},   {"photos", K_PHOTO},
		    {"portrait", K_PORTRAIT}, {"photo", K_IDPHOTO}, {"logo", K_LOGO}};
	for (size_t i = 0; i < G_N_ELEMENTS(keys); i++)
		if (strcmp(key, keys[i].key) == 0) {
			*k = keys[i].k;
			return true;
		}
	return false;
}

static const char *
scalar(yaml_node_t *n)
{
	return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

/* Walks the node tree.  A mapping with a `folder:` starts a new prefix for everything in it. */
static void
walk(ctx *c, yaml_document_t *doc, yaml_node_t *n, const char *prefix, int depth)
{
	if (!n || depth > 64)
		return;
	if (n->type == YAML_SEQUENCE_NODE) {
		for (yaml_node_item_t *i = n->data.sequence.items.start;
		     i < n->data.sequence.items.top; i++)
			walk(c, doc, yaml_document_get_node(doc, *i), prefix, depth + 1);
		return;
	}
	if (n->type != YAML_MAPPING_NODE)
		return;
	const char *here = prefix;
	for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top;
	     p++) {
		const char *key = scalar(yaml_document_get_node(doc, p->key));
		const char *val = scalar(yaml_document_get_node(doc, p->value));
		if (key && val && strcmp(key, "folder") == 0)
			here = val;
	}
	for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top;
	     p++) {
		const char *key = scalar(yaml_document_get_node(doc, p->key));
		yaml_node_t *v = yaml_document_get_node(doc, p->value);
		kind k;
		if (key && v && key_kind(key, &k)) {
			if (v->type == YAML_SCALAR_NODE) {
				add_file(c, here, scalar(v), k, &v->start_mark);
				continue;
			}
			if (v->type == YAML_SEQUENCE_NODE) {
				/* A list of names (files:, a star's photos:) or of mappings
				 * (a college's photos:), which the walk goes into. */
				for (yaml_node_item_t *i = v->data.sequence.items.start;
				     i < v->data.sequence.items.top; i++) {
					yaml_node_t *e = yaml_document_get_node(doc, *i);
					if (e && e->type == YAML_SCALAR_NODE)
						add_file(c, here, scalar(e), k, &e->start_mark);
					else
						walk(c, doc, e, here, depth + 1);
				}
				continue;
			}
		}
		walk(c, doc, v, here, depth + 1);
	}
}

static bool
read_manifest(ctx *c, const char *path)
{
	FILE *fp = fopen(path, "rb");
	if (!fp) {
		fprintf(stderr, "mkexample: cannot open %s: %s\n", path, strerror(errno));
		return false;
	}
	yaml_parser_t parser;
	yaml_document_t doc;
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_file(&parser, fp);
	bool ok = yaml_parser_load(&parser, &doc);
	if (!ok) {
		fprintf(stderr, "mkexample: %s:%lu:%lu: %s\n", path,
			(unsigned long)parser.problem_mark.line + 1,
			(unsigned long)parser.problem_mark.column + 1,
			parser.problem ? parser.problem : "YAML error");
	} else {
		walk(c, &doc, yaml_document_get_root_node(&doc), NULL, 0);
		yaml_document_delete(&doc);
	}
	yaml_parser_delete(&parser);
	fclose(fp);
	return ok;
}

/* ---- pixels --------------------------------------------------------------------------------- */

typedef struct rgb {
	float r, g, b;
} rgb;

typedef struct canvas {
	uint8_t *px; /* RGB rows */
	int w, h;
} canvas;

static inline float
clampf(float v, float lo, float hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

static inline uint8_t
to8(float v)
{
	return (uint8_t)clampf(v + 0.5f, 0, 255);
}

static inline rgb
mix(rgb a, rgb b, float t)
{
	return (rgb){a.r + (b.r - a.r) * t, a.g + (b.g - a.g) * t, a.b + (b.b - a.b) * t};
}

static inline rgb
scale(rgb a, float k)
{
	return (rgb){a.r * k, a.g * k, a.b * k};
}

static rgb
hex(uint32_t v)
{
	return (rgb){(float)(v >> 16 & 255), (float)(v >> 8 & 255), (float)(v & 255)};
}

static inline uint32_t
hash2(uint32_t seed, int x, int y)
{
	uint32_t h = seed ^ (uint32_t)x * 0x27d4eb2du ^ (uint32_t)y * 0x165667b1u;
	h ^= h >> 15;
	h *= 0x85ebca6bu;
	h ^= h >> 13;
	h *= 0xc2b2ae35u;
	h ^= h >> 16;
	return h;
}

/* Smooth value noise in 0..1: the cheapest texture that does not look like a grid. */
static float
vnoise(uint32_t seed, float x, float y)
{
	int xi = (int)floorf(x), yi = (int)floorf(y);
	float fx = x - (float)xi, fy = y - (float)yi;
	fx = fx * fx * (3 - 2 * fx);
	fy = fy * fy * (3 - 2 * fy);
	float a = (float)(hash2(seed, xi, yi) & 0xffff),
	      b = (float)(hash2(seed, xi + 1, yi) & 0xffff);
	float c = (float)(hash2(seed, xi, yi + 1) & 0xffff);
	float d = (float)(hash2(seed, xi + 1, yi + 1) & 0xffff);
	float top = a + (b - a) * fx, bot = c + (d - c) * fx;
	return (top + (bot - top) * fy) / 65535.0f;
}

static float
fbm(uint32_t seed, float x, float y, int octaves)
{
	float sum = 0, amp = 0.5f, norm = 0;
	for (int o = 0; o < octaves; o++) {
		sum += amp * vnoise(seed + (uint32_t)o * 7919u, x, y);
		norm += amp;
		x *= 2.03f;
		y *= 2.03f;
		amp *= 0.5f;
	}
	return sum / norm;
}

static inline void
blend(canvas *cv, int x, int y, rgb c, float a)
{
	uint8_t *p = cv->px + ((size_t)y * (size_t)cv->w + (size_t)x) * 3;
	p[0] = to8(p[0] + (c.r - p[0]) * a);
	p[1] = to8(p[1] + (c.g - p[1]) * a);
	p[2] = to8(p[2] + (c.b - p[2]) * a);
}

/* Edge coverage for a signed distance d (px, negative inside) and an edge width soft (px). */
static inline float
cover(float d, float soft)
{
	return clampf(0.5f - d / soft, 0, 1);
}

/* A soft ellipse, lit from the upper left by `shade` (0 = flat): the shading is what makes
 * heads and shoulders read as round things rather than stickers. */
static void
ellipse(canvas *cv, float cx, float cy, float rx, float ry, rgb c, float soft, float opacity,
	float shade)
{
	if (rx <= 0 || ry <= 0)
		return;
	int x0 = (int)floorf(cx - rx - soft), x1 = (int)ceilf(cx + rx + soft);
	int y0 = (int)floorf(cy - ry - soft), y1 = (int)ceilf(cy + ry + soft);
	x0 = x0 < 0 ? 0 : x0, y0 = y0 < 0 ? 0 : y0;
	x1 = x1 >= cv->w ? cv->w - 1 : x1, y1 = y1 >= cv->h ? cv->h - 1 : y1;
	float r = (rx < ry ? rx : ry);
	for (int y = y0; y <= y1; y++) {
		float ny = ((float)y + 0.5f - cy) / ry;
		for (int x = x0; x <= x1; x++) {
			float nx = ((float)x + 0.5f - cx) / rx;
			float q = sqrtf(nx * nx + ny * ny);
			float a = cover((q - 1) * r, soft) * opacity;
			if (a <= 0)
				continue;
			float k = 1 - shade * (0.6f * nx + 0.8f * ny);
			blend(cv, x, y, scale(c, k), a);
		}
	}
}

/* A soft trapezoid between rows yt and yb, half-widths ht and hb about cx: gowns, bodies,
 * buildings.  Rows below cv->h or above 0 are clipped. */
static void
trapezoid_folds(canvas *cv, float cx, float yt, float yb, float ht, float hb, rgb c, float soft,
		float opacity, float shade, float folds, float fold_px)
{
	int y0 = (int)floorf(yt - soft), y1 = (int)ceilf(yb + soft);
	y0 = y0 < 0 ? 0 : y0, y1 = y1 >= cv->h ? cv->h - 1 : y1;
	float hmax = ht > hb ? ht : hb;
	int x0 = (int)floorf(cx - hmax - soft), x1 = (int)ceilf(cx + hmax + soft);
	x0 = x0 < 0 ? 0 : x0, x1 = x1 >= cv->w ? cv->w - 1 : x1;
	for (int y = y0; y <= y1; y++) {
		float fy = ((float)y + 0.5f - yt) / (yb - yt);
		float hw = ht + (hb - ht) * clampf(fy, 0, 1);
		float dy = fmaxf(yt - ((float)y + 0.5f), ((float)y + 0.5f) - yb);
		for (int x = x0; x <= x1; x++) {
			float dx = fabsf((float)x + 0.5f - cx) - hw;
			float a = cover(fmaxf(dx, dy), soft) * opacity;
			if (a <= 0)
				continue;
			float k =
			    1 - shade * (0.5f * ((float)x + 0.5f - cx) / (hw + 1) + 0.3f * fy);
			if (folds > 0) /* cloth hangs in vertical folds, widening downwards */
				k *= 1 +
				     folds * (0.5f - vnoise(0x51f0u,
							    ((float)x - cx) / (fold_px * (1 + fy)),
							    (float)y / (fold_px * 12)));
			blend(cv, x, y, scale(c, k), a);
		}
	}
}

static void
trapezoid(canvas *cv, float cx, float yt, float yb, float ht, float hb, rgb c, float soft,
	  float opacity, float shade)
{
	trapezoid_folds(cv, cx, yt, yb, ht, hb, c, soft, opacity, shade, 0, 1);
}

static void
rect(canvas *cv, float x0, float y0, float x1, float y1, rgb c, float soft, float opacity)
{
	trapezoid(cv, (x0 + x1) / 2, y0, y1, (x1 - x0) / 2, (x1 - x0) / 2, c, soft, opacity, 0);
}

/* A diamond |dx|/a + |dy|/b <= 1: the board of a mortarboard, seen a little from above. */
static void
diamond(canvas *cv, float cx, float cy, float a, float b, rgb c, float soft)
{
	int x0 = (int)(cx - a - soft), x1 = (int)(cx + a + soft);
	int y0 = (int)(cy - b - soft), y1 = (int)(cy + b + soft);
	x0 = x0 < 0 ? 0 : x0, y0 = y0 < 0 ? 0 : y0;
	x1 = x1 >= cv->w ? cv->w - 1 : x1, y1 = y1 >= cv->h ? cv->h - 1 : y1;
	for (int y = y0; y <= y1; y++)
		for (int x = x0; x <= x1; x++) {
			float q = fabsf((float)x + 0.5f - cx) / a + fabsf((float)y + 0.5f - cy) / b;
			float a2 = cover((q - 1) * b, soft);
			if (a2 > 0)
				blend(cv, x, y, c, a2);
		}
}

/* ---- one random palette per picture -----------------------------------------------------------
 */

typedef struct dice {
	pbw_rng r;
} dice;

static float
unit(dice *d)
{
	return (float)pbw_rng_unit(&d->r);
}

static float
range(dice *d, float lo, float hi)
{
	return lo + (hi - lo) * unit(d);
}

static int
pick(dice *d, int n)
{
	return (int)(pbw_rng_u32(&d->r) % (uint32_t)n);
}

static rgb
jitter(dice *d, rgb c, float amount)
{
	return (rgb){c.r + range(d, -amount, amount), c.g + range(d, -amount, amount),
		     c.b + range(d, -amount, amount)};
}

static rgb
skin(dice *d)
{
	return mix(hex(0xe8c4a6), hex(0xc08a66), unit(d));
}

static rgb
hair(dice *d)
{
	return mix(hex(0x17130f), hex(0x4a3428), unit(d) * unit(d));
}

/* ---- figures -------------------------------------------------------------------------------- */

typedef enum hat { HAT_NONE, HAT_MORTARBOARD, HAT_HELMET } hat;

/* A standing graduate whose feet are at (cx, gy), H px tall.  The college in the path tilts
 * the odds: hard hats for the builders, work blue for the mechanics. */
static void
figure(canvas *cv, dice *d, float cx, float gy, float H, const char *rel, float soft)
{
	static const uint32_t gowns[] = {0x1b1b22, 0x1d2744, 0x22222a, 0x2b2f3a, 0x1a1a1a};
	static const uint32_t casual[] = {0xeeeeea, 0xc43a31, 0x2f5fa3, 0x3d6b4a,
					  0xd9c7a3, 0x8a3b5c, 0x52606e};
	static const uint32_t hoods[] = {0xb3262d, 0xe0b43c, 0x2e6db4, 0xf2f2f2, 0x3f8a4a};
	static const uint32_t helmets[] = {0xf3c316, 0xf4f4f0, 0xd9362b, 0x2f6fc4};
	bool gown = unit(d) < 0.6f;
	rgb body =
	    hex(gown ? gowns[pick(d, G_N_ELEMENTS(gowns))] : casual[pick(d, G_N_ELEMENTS(casual))]);
	if (has(rel, "jixie") && unit(d) < 0.35f)
		body = hex(0x2d5d9f); /* 工装 */
	body = jitter(d, body, 6);
	rgb sk = skin(d), hr = hair(d);
	bool long_hair = unit(d) < 0.4f;
	hat ht = HAT_NONE;
	float u = unit(d);
	if (has(rel, "jianzhu") && u < 0.35f)
		ht = HAT_HELMET;
	else if (gown && u < 0.8f)
		ht = HAT_MORTARBOARD;
	float sway = range(d, -0.02f, 0.02f) * H; /* nobody stands exactly upright */

	/* shadow on the ground, then back to front */
	ellipse(cv, cx + 0.05f * H, gy, 0.2f * H, 0.03f * H, hex(0x000000), soft * 3, 0.35f, 0);
	rgb legs = jitter(d, hex(0x25252b), 8);
	rect(cv, cx - 0.085f * H, gy - 0.45f * H, cx - 0.012f * H, gy - 0.01f * H, legs, soft, 1);
	rect(cv, cx + 0.012f * H, gy - 0.45f * H, cx + 0.085f * H, gy - 0.01f * H, legs, soft, 1);
	ellipse(cv, cx - 0.05f * H, gy - 0.01f * H, 0.05f * H, 0.02f * H, hex(0x141414), soft, 1,
		0);
	ellipse(cv, cx + 0.05f * H, gy - 0.01f * H, 0.05f * H, 0.02f * H, hex(0x141414), soft, 1,
		0);
	float top = gy - 0.8f * H + sway * 0.2f;
	float hem = gy - (gown ? 0.2f : 0.4f) * H;
	float hx = cx + sway; /* head and shoulders lean a little */
	if (long_hair)
		trapezoid(cv, hx, gy - 0.9f * H, gy - 0.7f * H, 0.07f * H, 0.1f * H, hr, soft, 1,
			  0.2f);
	trapezoid_folds(cv, (hx + cx) / 2, top, hem, 0.14f * H, gown ? 0.19f * H : 0.15f * H, body,
			soft, 1, 0.35f, gown ? 0.35f : 0.15f, 0.025f * H);
	ellipse(cv, hx, top + 0.04f * H, 0.15f * H, 0.06f * H, body, soft, 1, 0.3f);
	/* arms, a shade darker than the body, hanging along its sides */
	rgb arm = scale(body, 0.85f);
	ellipse(cv, hx - 0.16f * H, top + 0.2f * H, 0.035f * H, 0.19f * H, arm, soft, 1, 0.3f);
	ellipse(cv, hx + 0.16f * H, top + 0.2f * H, 0.035f * H, 0.19f * H, arm, soft, 1, 0.3f);
	ellipse(cv, hx - 0.165f * H, top + 0.38f * H, 0.028f * H, 0.03f * H, sk, soft, 1, 0.2f);
	ellipse(cv, hx + 0.165f * H, top + 0.38f * H, 0.028f * H, 0.03f * H, sk, soft, 1, 0.2f);
	if (gown) /* the hood's coloured lining at the neck */
		trapezoid(cv, hx, top, top + 0.12f * H, 0.1f * H, 0.02f * H,
			  hex(hoods[pick(d, G_N_ELEMENTS(hoods))]), soft, 1, 0.2f);
	else /* a collar */
		trapezoid(cv, hx, top, top + 0.06f * H, 0.06f * H, 0.01f * H, hex(0xf0f0ec), soft,
			  1, 0);
	rect(cv, hx - 0.03f * H, top - 0.05f * H, hx + 0.03f * H, top + 0.01f * H, scale(sk, 0.9f),
	     soft, 1);
	float hy = gy - 0.89f * H;
	ellipse(cv, hx, hy - 0.015f * H, 0.072f * H, 0.075f * H, hr, soft, 1, 0.2f);
	ellipse(cv, hx, hy + 0.008f * H, 0.062f * H, 0.078f * H, sk, soft, 1, 0.35f);
	ellipse(cv, hx, hy - 0.05f * H, 0.066f * H, 0.035f * H, hr, soft, 1, 0.2f); /* fringe */
	if (ht == HAT_MORTARBOARD) {
		rect(cv, hx - 0.06f * H, hy - 0.09f * H, hx + 0.06f * H, hy - 0.055f * H,
		     hex(0x16161a), soft, 1);
		diamond(cv, hx, hy - 0.095f * H, 0.12f * H, 0.03f * H, hex(0x1c1c21), soft);
		float side = unit(d) < 0.5f ? -1 : 1;
		rect(cv, hx + side * 0.1f * H, hy - 0.095f * H, hx + side * 0.1f * H + 0.008f * H,
		     hy - 0.02f * H, hex(0xe2b53a), soft, 1); /* tassel */
	} else if (ht == HAT_HELMET) {
		rgb hc = hex(helmets[pick(d, G_N_ELEMENTS(helmets))]);
		ellipse(cv, hx, hy - 0.045f * H, 0.075f * H, 0.055f * H, hc, soft, 1, 0.35f);
		ellipse(cv, hx, hy - 0.035f * H, 0.09f * H, 0.012f * H, scale(hc, 0.9f), soft, 1,
			0);
	}
}

/* ---- a photograph ---------------------------------------------------------------------------- */

typedef enum scene { SC_CAMPUS, SC_HILLS, SC_INDOOR } scene;

/* Film grain and vignette over the whole picture, last: the grain is what gives the JPEG a
 * camera-like size, and it hides the banding of the smooth gradients. */
static void
finish(canvas *cv, uint32_t seed, float grain, float vignette)
{
	uint32_t s = seed | 1u;
	float cx = cv->w / 2.0f, cy = cv->h / 2.0f, rr = cx * cx + cy * cy;
	for (int y = 0; y < cv->h; y++) {
		uint8_t *p = cv->px + (size_t)y * (size_t)cv->w * 3;
		float dy2 = ((float)y - cy) * ((float)y - cy);
		for (int x = 0; x < cv->w; x++, p += 3) {
			s ^= s << 13;
			s ^= s >> 17;
			s ^= s << 5;
			/* triangular noise: a sum of two uniforms, denser near zero like real grain
			 */
			float n =
			    ((float)(s & 255) + (float)(s >> 8 & 255) - 255.0f) / 255.0f * grain;
			float cn = ((float)(s >> 16 & 255) - 127.5f) / 127.5f * grain * 0.25f;
			float dx = (float)x - cx;
			float v = 1 - vignette * (dx * dx + dy2) / rr;
			p[0] = to8(p[0] * v + n + cn);
			p[1] = to8(p[1] * v + n);
			p[2] = to8(p[2] * v + n - cn);
		}
	}
}

/* The scene behind the graduates, drawn at a quarter of the final size: it is out of focus in
 * the finished picture anyway, and the bilinear enlargement (upscale) gives exactly that
 * softness at a sixteenth of the cost.  Returns the horizon as a fraction of the height. */
static float
background(canvas *cv, dice *d, uint32_t ns, int tod, scene sc)
{
	int W = cv->w, Hh = cv->h;
	float unitpx = (float)(W < Hh ? W : Hh) / 500.0f; /* 1 at a quarter of 2000 px */
	static const uint32_t sky_top[] = {0x3f78c2, 0x5a6aa6, 0x8b98a8};
	static const uint32_t sky_low[] = {0xcfe2f3, 0xf7c68e, 0xdde1e4};
	rgb top = jitter(d, hex(sky_top[tod]), 10), low = jitter(d, hex(sky_low[tod]), 8);
	if (sc == SC_INDOOR) { /* a wall, warm or cool */
		top = jitter(d, unit(d) < 0.5f ? hex(0xd8d2c4) : hex(0xc5ccd2), 10);
		low = mix(top, hex(0xffffff), 0.2f);
	}
	float hf = range(d, 0.4f, 0.55f), horizon = Hh * hf;
	float cloud_scale = range(d, 1.5f, 3.0f) / (float)W;

	/* sky (or wall) and ground, row by row */
	rgb g_near = jitter(d, unit(d) < 0.55f ? hex(0x56803f) : hex(0x9c958a), 10);
	if (sc == SC_INDOOR)
		g_near = jitter(d, hex(0x8a6e52), 12); /* a wooden or tiled floor */
	rgb g_far = mix(g_near, low, 0.35f);
	for (int y = 0; y < Hh; y++) {
		uint8_t *p = cv->px + (size_t)y * (size_t)W * 3;
		bool sky = (float)y < horizon;
		float t = sky ? (float)y / horizon : ((float)y - horizon) / ((float)Hh - horizon);
		rgb base = sky ? mix(top, low, t * t) : mix(g_far, scale(g_near, 0.85f), sqrtf(t));
		for (int x = 0; x < W; x++, p += 3) {
			rgb c = base;
			if (sky && sc != SC_INDOOR) {
				float cl = fbm(ns, (float)x * cloud_scale * 4,
					       (float)y * cloud_scale * 9, 4);
				cl = clampf((cl - 0.5f) * 3.0f, 0, 1) * (1 - t * 0.6f);
				c = mix(c, tod == 1 ? hex(0xfbe3c8) : hex(0xf6f7f8), cl);
			} else if (!sky) {
				/* grass or paving, its texture finer towards the horizon */
				float k = 60.0f / (float)W * (1.5f - t);
				float tx = fbm(ns + 99, (float)x * k, (float)y * k * 2.5f, 3);
				c = scale(c, 0.8f + 0.4f * tx);
			}
			p[0] = to8(c.r), p[1] = to8(c.g), p[2] = to8(c.b);
		}
	}

	float bsoft = 1.2f * unitpx;
	if (sc == SC_HILLS || sc == SC_CAMPUS) {
		/* hills, bluish with distance */
		rgb hill = mix(hex(0x3f5f48), low, 0.45f);
		float ph1 = range(d, 0, 6.3f), ph2 = range(d, 0, 6.3f);
		float amp = Hh * range(d, 0.05f, 0.12f);
		for (int x = 0; x < W; x++) {
			float fx = (float)x / (float)W;
			float ridge = horizon - amp * (0.6f + 0.5f * sinf(fx * 5.1f + ph1) +
						       0.25f * sinf(fx * 13.7f + ph2) +
						       0.3f * fbm(ns + 5, fx * 40, 0.5f, 3));
			for (int y = (int)ridge - 2; y < (int)horizon + 1 && y < Hh; y++) {
				if (y < 0)
					continue;
				float a = cover(ridge - (float)y, bsoft);
				float tex = 0.85f + 0.3f * fbm(ns + 7, (float)x * 0.05f,
							       (float)y * 0.05f, 2);
				blend(cv, x, y, scale(hill, tex), a);
			}
		}
	}
	if (sc == SC_CAMPUS) {
		int nb = 2 + pick(d, 4);
		static const uint32_t walls[] = {0xe9e4d8, 0xd6cfc2, 0xb5523f, 0xc9c9c4, 0xe0d2b4};
		for (int i = 0; i < nb; i++) {
			float bw = W * range(d, 0.12f, 0.35f), bx = W * range(d, -0.05f, 1.0f);
			float bh = Hh * range(d, 0.1f, 0.3f);
			rgb wall = jitter(d, hex(walls[pick(d, G_N_ELEMENTS(walls))]), 8);
			wall = mix(wall, low, 0.15f);
			rect(cv, bx, horizon - bh, bx + bw, horizon + 1, wall, bsoft, 1);
			rect(cv, bx - unitpx, horizon - bh - 3 * unitpx, bx + bw + unitpx,
			     horizon - bh, scale(wall, 0.7f), bsoft, 1); /* the roof's edge */
			float ww = 8 * unitpx, wh = 12 * unitpx, gap = 7 * unitpx;
			rgb glass = mix(hex(0x4a6078), low, 0.25f);
			for (float wy = horizon - bh + 7 * unitpx; wy + wh < horizon - 5 * unitpx;
			     wy += wh + gap)
				for (float wx = bx + 6 * unitpx; wx + ww < bx + bw - 5 * unitpx;
				     wx += ww + gap)
					rect(cv, wx, wy, wx + ww, wy + wh,
					     scale(glass, range(d, 0.8f, 1.3f)), bsoft * 0.5f,
					     0.85f);
		}
	}
	if (sc == SC_INDOOR) {
		/* windows letting in daylight, and a blackboard or a machine */
		int nw = 1 + pick(d, 3);
		for (int i = 0; i < nw; i++) {
			float wx = W * range(d, 0.0f, 0.85f), ww = W * range(d, 0.1f, 0.2f);
			rect(cv, wx, Hh * 0.06f, wx + ww, horizon - Hh * 0.1f,
			     jitter(d, hex(0xf4f6f2), 4), bsoft, 0.95f);
			rect(cv, wx + ww / 2 - 1.5f * unitpx, Hh * 0.06f,
			     wx + ww / 2 + 1.5f * unitpx, horizon - Hh * 0.1f, hex(0x6d6a64),
			     bsoft * 0.5f, 1);
		}
		float bx = W * range(d, 0.1f, 0.6f);
		rect(cv, bx, horizon - Hh * 0.3f, bx + W * 0.3f, horizon - Hh * 0.05f,
		     jitter(d, hex(0x2f4a3c), 6), bsoft, 1);
		/* the skirting where the wall meets the floor */
		rect(cv, 0, horizon - 2 * unitpx, (float)W, horizon + unitpx, hex(0x5a4a3c), bsoft,
		     0.8f);
	}
	if (sc != SC_INDOOR) {
		/* trees along the horizon: clusters of soft blobs, lit from above */
		int nt = 6 + pick(d, 14);
		for (int i = 0; i < nt; i++) {
			float tx = W * unit(d), r = Hh * range(d, 0.03f, 0.08f);
			rgb leaf = jitter(d, mix(hex(0x2f5a2a), low, 0.2f), 10);
			rect(cv, tx - r * 0.08f, horizon - r, tx + r * 0.08f, horizon + 1,
			     hex(0x3b3026), bsoft, 1);
			for (int k = 0; k < 7; k++)
				ellipse(cv, tx + range(d, -r, r) * 0.7f,
					horizon - r * range(d, 1.0f, 1.9f),
					r * range(d, 0.45f, 0.8f), r * range(d, 0.4f, 0.7f),
					scale(leaf, range(d, 0.8f, 1.15f)), bsoft, 1, 0.3f);
		}
	}
	if (tod == 1 && sc != SC_INDOOR) /* a low sun, as a glow */
		ellipse(cv, W * range(d, 0.1f, 0.9f), horizon - Hh * 0.05f, W * 0.25f, W * 0.25f,
			hex(0xfff1d0), W * 0.22f, 0.55f, 0);
	return hf;
}

/* Bilinear enlargement of `s` onto all of `cv`. */
static void
upscale(const canvas *s, canvas *cv)
{
	float fx = (float)s->w / (float)cv->w, fy = (float)s->h / (float)cv->h;
	int *xi = g_new(int, cv->w);
	float *xw = g_new(float, cv->w);
	for (int x = 0; x < cv->w; x++) {
		float sx = clampf(((float)x + 0.5f) * fx - 0.5f, 0, (float)s->w - 1.001f);
		xi[x] = (int)sx;
		xw[x] = sx - (float)xi[x];
	}
	for (int y = 0; y < cv->h; y++) {
		float sy = clampf(((float)y + 0.5f) * fy - 0.5f, 0, (float)s->h - 1.001f);
		int y0 = (int)sy;
		float wy = sy - (float)y0;
		const uint8_t *r0 = s->px + (size_t)y0 * (size_t)s->w * 3,
			      *r1 = r0 + (size_t)s->w * 3;
		uint8_t *p = cv->px + (size_t)y * (size_t)cv->w * 3;
		for (int x = 0; x < cv->w; x++, p += 3) {
			const uint8_t *a = r0 + xi[x] * 3, *b = r1 + xi[x] * 3;
			float w = xw[x];
			for (int k = 0; k < 3; k++) {
				float top = a[k] + (a[k + 3] - a[k]) * w;
				float bot = b[k] + (b[k + 3] - b[k]) * w;
				p[k] = to8(top + (bot - top) * wy);
			}
		}
	}
	g_free(xi);
	g_free(xw);
}

static void
photo(canvas *cv, uint64_t h, const char *rel, float grain)
{
	dice d;
	pbw_rng_seed(&d.r, h);
	uint32_t ns = (uint32_t)(h >> 32);
	int W = cv->w, Hh = cv->h;
	float unitpx = (float)(W < Hh ? W : Hh) / 2000.0f; /* scale of details */
	scene sc = unit(&d) < 0.5f ? SC_CAMPUS : unit(&d) < 0.6f ? SC_HILLS : SC_INDOOR;
	int tod = pick(&d, 3); /* day, golden hour, overcast */
	canvas small = {NULL, (W + 3) / 4, (Hh + 3) / 4};
	small.px = g_malloc((size_t)small.w * (size_t)small.h * 3);
	float horizon = Hh * background(&small, &d, ns, tod, sc);
	upscale(&small, cv);
	g_free(small.px);

	/* The graduates, back row first.  The camera is at eye level, so every head sits near
	 * the horizon and the nearer rows come out taller: the perspective of a real group. */
	int rows = 1 + (unit(&d) < 0.55f) + (unit(&d) < 0.2f);
	for (int r = 0; r < rows; r++) {
		float depth = rows == 1 ? range(&d, 0.55f, 0.8f)
					: 0.45f + 0.4f * (float)r / (float)(rows - 1);
		float gy = horizon + ((float)Hh - horizon) * depth;
		float H = (gy - horizon) / range(&d, 0.8f, 0.92f);
		int n = 3 + pick(&d, 5) + (W > Hh ? 3 : 0) - r;
		float span = W * range(&d, 0.55f, 0.92f),
		      x0 = (W - span) / 2 + range(&d, -0.04f, 0.04f) * W;
		for (int i = 0; i < n; i++) {
			float cx =
			    x0 + span * ((float)i + 0.5f) / (float)n + range(&d, -0.02f, 0.02f) * W;
			figure(cv, &d, cx, gy + range(&d, -0.01f, 0.01f) * Hh,
			       H * range(&d, 0.92f, 1.06f), rel, 1.4f * unitpx);
		}
	}
	/* caps in the air, now and then */
	if (sc != SC_INDOOR && unit(&d) < 0.4f)
		for (int i = 0, n = 3 + pick(&d, 5); i < n; i++)
			diamond(cv, W * range(&d, 0.1f, 0.9f), horizon * range(&d, 0.15f, 0.7f),
				W * 0.015f, W * 0.005f, hex(0x18181c), 2 * unitpx);
	finish(cv, ns ^ 0x9e3779b9u, grain, range(&d, 0.15f, 0.35f));
}

/* ---- portraits and ID photos --------------------------------------------------------------- */

/* Head and shoulders about cx, the head's centre at hy with half-height hr; sw is the
 * half-width of the shoulders. */
static void
bust(canvas *cv, dice *d, float cx, float hy, float hr, float sw, float soft, bool formal)
{
	static const uint32_t suits[] = {0x1f2433, 0x2a2a2e, 0x3a4150, 0x4b3b30, 0x1d3557};
	static const uint32_t tops[] = {0xf1f0ea, 0xb8c9dc, 0xc24a43, 0xe6d6b8, 0x5a7a5c};
	rgb sk = skin(d), hr_c = hair(d);
	bool long_hair = unit(d) < 0.45f;
	rgb suit = jitter(d,
			  hex(formal || unit(d) < 0.6f ? suits[pick(d, G_N_ELEMENTS(suits))]
						       : tops[pick(d, G_N_ELEMENTS(tops))]),
			  5);
	float rx = hr * 0.8f;
	if (long_hair)
		trapezoid(cv, cx, hy - hr * 0.1f, hy + hr * 1.5f, rx * 1.08f, rx * 1.45f, hr_c,
			  soft, 1, 0.2f);
	float st = hy + hr * 1.2f; /* where the neck meets the shoulders */
	trapezoid(cv, cx, hy + hr * 0.5f, st + hr * 0.4f, rx * 0.42f, rx * 0.36f, scale(sk, 0.86f),
		  soft, 1, 0.2f);
	/* the shoulders: the top of a wide ellipse, then straight down to the bottom edge */
	float sh = hr * 0.75f;
	/* shades chosen so that the two pieces meet without a seam */
	ellipse(cv, cx, st + sh, sw, sh, suit, soft, 1, 0.25f);
	trapezoid(cv, cx, st + sh, (float)cv->h + soft, sw, sw * 1.04f, suit, soft, 1, 0.3f);
	/* the shirt in the open collar, lapels either side */
	trapezoid(cv, cx, st + hr * 0.1f, st + hr * 1.3f, rx * 0.5f, rx * 0.04f,
		  formal ? hex(0xf4f3ef) : scale(suit, 1.25f), soft, 1, 0.1f);
	if (formal && unit(d) < 0.6f) /* a tie */
		trapezoid(cv, cx, st + hr * 0.2f, st + hr * 1.15f, rx * 0.07f, rx * 0.14f,
			  jitter(d, hex(0x8a1c24), 10), soft, 1, 0.2f);
	ellipse(cv, cx, hy - hr * 0.12f, rx * 1.08f, hr * 1.0f, hr_c, soft, 1, 0.2f);
	ellipse(cv, cx - rx * 0.98f, hy + hr * 0.05f, rx * 0.14f, hr * 0.2f, scale(sk, 0.95f), soft,
		1, 0.2f); /* ears */
	ellipse(cv, cx + rx * 0.98f, hy + hr * 0.05f, rx * 0.14f, hr * 0.2f, scale(sk, 0.95f), soft,
		1, 0.2f);
	ellipse(cv, cx, hy + hr * 0.08f, rx, hr * 0.95f, sk, soft, 1, 0.3f);
	float part = range(d, -0.3f, 0.3f);
	ellipse(cv, cx + rx * part, hy - hr * 0.62f, rx * 0.95f, hr * 0.35f, hr_c, soft, 1, 0.15f);
	/* eyes, brows, nose and mouth, small and soft: enough to read as a face at a glance */
	rgb eye = hex(0x2a201c);
	ellipse(cv, cx - rx * 0.38f, hy, rx * 0.11f, hr * 0.05f, eye, soft, 1, 0);
	ellipse(cv, cx + rx * 0.38f, hy, rx * 0.11f, hr * 0.05f, eye, soft, 1, 0);
	rect(cv, cx - rx * 0.55f, hy - hr * 0.17f, cx - rx * 0.2f, hy - hr * 0.13f, hr_c, soft,
	     0.9f);
	rect(cv, cx + rx * 0.2f, hy - hr * 0.17f, cx + rx * 0.55f, hy - hr * 0.13f, hr_c, soft,
	     0.9f);
	ellipse(cv, cx, hy + hr * 0.28f, rx * 0.1f, hr * 0.12f, scale(sk, 0.88f), soft, 0.6f, 0);
	ellipse(cv, cx, hy + hr * 0.52f, rx * 0.26f, hr * 0.05f, hex(0xa8544c), soft, 0.9f, 0);
}

static void
portrait(canvas *cv, uint64_t h)
{
	dice d;
	pbw_rng_seed(&d.r, h);
	int W = cv->w, Hh = cv->h;
	rgb a = jitter(&d, hex(0x9fb3a4), 25), b = jitter(&d, hex(0xd9cdb8), 25);
	for (int y = 0; y < Hh; y++) {
		rgb c = mix(a, b, (float)y / (float)Hh);
		uint8_t *p = cv->px + (size_t)y * (size_t)W * 3;
		for (int x = 0; x < W; x++, p += 3) {
			float n = vnoise((uint32_t)h, (float)x / 180.0f, (float)y / 180.0f);
			rgb e = scale(c, 0.9f + 0.2f * n);
			p[0] = to8(e.r), p[1] = to8(e.g), p[2] = to8(e.b);
		}
	}
	/* out-of-focus lights behind the sitter */
	for (int i = 0, n = 6 + pick(&d, 8); i < n; i++) {
		float r = W * range(&d, 0.04f, 0.12f);
		ellipse(cv, W * unit(&d), Hh * range(&d, 0, 0.7f), r, r, hex(0xfff6e0), r * 0.3f,
			range(&d, 0.1f, 0.35f), 0);
	}
	bust(cv, &d, W * range(&d, 0.45f, 0.55f), Hh * 0.4f, Hh * 0.14f,
	     W * range(&d, 0.36f, 0.44f), 2.5f, unit(&d) < 0.7f);
	finish(cv, (uint32_t)h ^ 0x5bd1e995u, 5.0f, 0.25f);
}

static void
id_photo(canvas *cv, uint64_t h, bool blue)
{
	dice d;
	pbw_rng_seed(&d.r, h);
	rgb bg = blue ? hex(0x438edb) : hex(0xd3212d);
	uint8_t *p = cv->px;
	for (size_t i = 0; i < (size_t)cv->w * (size_t)cv->h; i++, p += 3)
		p[0] = to8(bg.r), p[1] = to8(bg.g), p[2] = to8(bg.b);
	/* As the photo studios frame it: the head a little above the middle, the shoulders
	 * reaching the bottom edge but not the sides, so the border stays background. */
	float hr = cv->h * 0.17f;
	bust(cv, &d, cv->w * 0.5f, cv->h * 0.37f, hr, fminf(cv->w * 0.4f, hr * 2.1f), 1.2f, true);
	finish(cv, (uint32_t)h ^ 0x27d4eb2du, 2.0f, 0.0f);
}

/* ---- files ----------------------------------------------------------------------------------- */

/* Turns a picture a quarter to the left, so that a viewer honouring orientation 6 (rotate a
 * quarter to the right to display) shows it upright. */
static uint8_t *
rotate_for_orientation6(const canvas *cv)
{
	int sw = cv->h, sh = cv->w;
	uint8_t *out = g_malloc((size_t)sw * (size_t)sh * 3);
	for (int y = 0; y < cv->h; y++)
		for (int x = 0; x < cv->w; x++) {
			const uint8_t *s = cv->px + ((size_t)y * (size_t)cv->w + (size_t)x) * 3;
			int sx = y, sy = cv->w - 1 - x;
			memcpy(out + ((size_t)sy * (size_t)sw + (size_t)sx) * 3, s, 3);
		}
	return out;
}

static bool
write_raster(const canvas *cv, const char *path, const pbw_jpeg_opts *o, bool rotated)
{
	if (ends_with(path, ".png")) {
		size_t n = (size_t)cv->w * (size_t)cv->h;
		uint8_t *rgba = g_malloc(n * 4);
		for (size_t i = 0; i < n; i++) {
			memcpy(rgba + 4 * i, cv->px + 3 * i, 3);
			rgba[4 * i + 3] = 255;
		}
		bool ok = pbw_write_png(path, rgba, cv->w, cv->h, PBW_PNG_RGB8, false);
		g_free(rgba);
		return ok;
	}
	if (rotated) {
		uint8_t *r = rotate_for_orientation6(cv);
		bool ok = pbw_write_jpeg(path, r, cv->h, cv->w, 3, o);
		g_free(r);
		return ok;
	}
	return pbw_write_jpeg(path, cv->px, cv->w, cv->h, 3, o);
}

/* The school's seal: a double ring of Chinese red with a ring of dots, and in the disc a star,
 * mountains (the school's roots in geology), the initials HNEVC and an open book.  Everything
 * is paths, so no font is needed to draw it. */
static const char logo_svg[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 200 200\" width=\"200\" "
    "height=\"200\">\n"
    "  <title>湖南工程职业技术学院</title>\n"
    "  <g fill=\"none\" stroke=\"#c8161d\">\n"
    "    <circle cx=\"100\" cy=\"100\" r=\"95\" stroke-width=\"6\"/>\n"
    "    <circle cx=\"100\" cy=\"100\" r=\"84\" stroke-width=\"2\"/>\n"
    "    <circle cx=\"100\" cy=\"100\" r=\"89.5\" stroke-width=\"3\" stroke-dasharray=\"0 7.03\" "
    "stroke-linecap=\"round\"/>\n"
    "  </g>\n"
    "  <circle cx=\"100\" cy=\"100\" r=\"66\" fill=\"#c8161d\"/>\n"
    "  <path fill=\"#fff\" d=\"M100 41l2.9 6.1 6.6.8-4.9 4.6 1.3 6.6-5.9-3.3-5.9 3.3 1.3-6.6"
    "-4.9-4.6 6.6-.8z\"/>\n"
    "  <path fill=\"#fff\" d=\"M58 93 80 71 90 81 106 63 142 93z\"/>\n"
    "  <g fill=\"none\" stroke=\"#fff\" stroke-width=\"3.2\" stroke-linecap=\"round\" "
    "stroke-linejoin=\"round\">\n"
    "    <path d=\"M62 100v18M74 100v18M62 109h12\"/>\n"
    "    <path d=\"M78 118v-18l12 18v-18\"/>\n"
    "    <path d=\"M106 100H94v18h12M94 109h9\"/>\n"
    "    <path d=\"M110 100l6 18 6-18\"/>\n"
    "    <path d=\"M138 103a7 9 0 1 0 0 12\"/>\n"
    "  </g>\n"
    "  <path fill=\"#fff\" d=\"M98 150c-9-5-20-6-31-3v-17c11-3 22-2 31 3zM102 150c9-5 20-6 31-3"
    "v-17c-11-3-22-2-31 3z\"/>\n"
    "</svg>\n";

static bool
write_logo(const char *path)
{
	if (!ends_with(path, ".svg")) {
		fprintf(stderr, "mkexample: %s: only an SVG logo can be generated\n", path);
		return false;
	}
	GError *err = NULL;
	if (!g_file_set_contents(path, logo_svg, (gssize)strlen(logo_svg), &err)) {
		fprintf(stderr, "mkexample: %s\n", err->message);
		g_error_free(err);
		return false;
	}
	return true;
}

static bool
make_file(ctx *c, const job *j)
{
	char *parent = g_path_get_dirname(j->path);
	int mk = g_mkdir_with_parents(parent, 0755);
	g_free(parent);
	if (mk != 0) {
		fprintf(stderr, "mkexample: cannot create the folder of %s: %s\n", j->path,
			strerror(errno));
		return false;
	}
	if (j->k == K_LOGO)
		return write_logo(j->path);
	if (!ends_with(j->rel, ".jpg") && !ends_with(j->rel, ".jpeg") &&
	    !ends_with(j->rel, ".png")) {
		fprintf(stderr, "mkexample: %s: the name should end in .jpg or .png\n", j->rel);
		return false;
	}
	uint64_t h = hash_name(j->rel);
	canvas cv = {0};
	pbw_jpeg_opts o = {.quality = 90};
	bool rotated = false;
	switch (j->k) {
	case K_PHOTO:
		photo_size(c, j->rel, h, &cv.w, &cv.h);
		rotated = has(j->rel, "rot");
		break;
	case K_PORTRAIT:
		cv.w = 1200, cv.h = 1600;
		o.quality = 92;
		break;
	case K_IDPHOTO:
		cv.w = has(j->rel, "wide") ? 640 : 413;
		cv.h = has(j->rel, "wide") ? 480 : 579;
		o.quality = 95, o.dpi = 300; /* as the photo studios deliver them */
		break;
	default:
		return false;
	}
	if (rotated)
		o.orientation = 6;
	cv.px = g_malloc((size_t)cv.w * (size_t)cv.h * 3);
	if (j->k == K_PHOTO)
		/* Less grain in a PNG: lossless, every bit of noise would cost bytes (~10 MB). */
		photo(&cv, h, j->rel, ends_with(j->rel, ".png") ? 3.0f : 8.0f);
	else if (j->k == K_PORTRAIT)
		portrait(&cv, h);
	else
		id_photo(&cv, h, has(j->rel, "blue"));
	bool ok = write_raster(&cv, j->path, &o, rotated);
	g_free(cv.px);
	if (!ok)
		fprintf(stderr, "mkexample: cannot write %s\n", j->path);
	return ok;
}

/* The picture the example already made (byte for byte what make_file would make), copied. */
static bool
copy_file(const job *j)
{
	char *data = NULL;
	gsize len = 0;
	if (!g_file_get_contents(j->copy, &data, &len, NULL))
		return false;
	char *parent = g_path_get_dirname(j->path);
	GError *err = NULL;
	bool ok = g_mkdir_with_parents(parent, 0755) == 0 &&
		  g_file_set_contents(j->path, data, (gssize)len, &err);
	if (err) {
		fprintf(stderr, "mkexample: %s\n", err->message);
		g_error_free(err);
	}
	g_free(parent);
	g_free(data);
	return ok;
}

/* With --submissions: the folder the colleges hand in, its pictures as jobs. */
static bool
plan_submissions(ctx *c, const char *example, const char *out)
{
	static const kind kinds[] = {[PBW_PICTURE_PHOTO] = K_PHOTO,
				     [PBW_PICTURE_PORTRAIT] = K_PORTRAIT,
				     [PBW_PICTURE_IDPHOTO] = K_IDPHOTO,
				     [PBW_PICTURE_LOGO] = K_LOGO};
	char *manifest = g_build_filename(example, "manifest.yaml", NULL);
	GPtrArray *images = g_ptr_array_new_with_free_func(pbw_sub_image_free);
	GError *err = NULL;
	bool ok = pbw_submissions_write(manifest, out, images, &err);
	if (!ok) {
		fprintf(stderr, "mkexample: %s\n", err ? err->message : "cannot write");
		g_clear_error(&err);
	}
	for (guint i = 0; ok && i < images->len; i++) {
		const pbw_sub_image *im = images->pdata[i];
		job *j = g_new0(job, 1);
		j->rel = g_strdup(im->seed);
		j->path = g_build_filename(out, im->out, NULL);
		j->copy = g_build_filename(example, im->seed, NULL);
		j->k = kinds[im->kind];
		int w = 1200, h = 1600;
		if (j->k == K_PHOTO)
			photo_size(c, j->rel, hash_name(j->rel), &w, &h);
		j->cost = j->k == K_LOGO ? 0 : (double)w * h / 1e6;
		g_ptr_array_add(c->jobs, j);
	}
	g_ptr_array_free(images, TRUE);
	g_free(manifest);
	return ok;
}

static void
worker(gpointer data, gpointer user)
{
	job *j = data;
	ctx *c = user;
	if (!(j->copy && copy_file(j)) && !make_file(c, j)) {
		g_atomic_int_inc(&c->failed);
		return;
	}
	GStatBuf st;
	if (g_stat(j->path, &st) == 0) {
		static GMutex lock;
		g_mutex_lock(&lock);
		c->bytes += st.st_size;
		g_mutex_unlock(&lock);
	}
}

static int
by_cost(gconstpointer a, gconstpointer b)
{
	const job *x = *(job *const *)a, *y = *(job *const *)b;
	return x->cost < y->cost ? 1 : x->cost > y->cost ? -1 : strcmp(x->rel, y->rel);
}

static void
job_free(gpointer p)
{
	job *j = p;
	g_free(j->copy);
	g_free(j->rel);
	g_free(j->path);
	g_free(j);
}

/* ---- the bench project ----------------------------------------------------------------------- */

/* Names are built from a surname and a given name, some of them two characters long and some
 * three or four (欧阳), as in the real rolls. */
static const char bench_surnames[] = "王 李 张 刘 陈 杨 黄 赵 周 吴 欧阳 谭 曾 彭 邓";
static const char bench_given[] = "明 思远 雨涵 浩 静怡 子轩 欣 一鸣 婷 磊 晓峰 佳琪 凯 雅文";
static const char *const bench_lines[] = {
    "三年的时光很短，短到还来不及好好告别；"
    "三年的时光也很长，长到足够让我们成为一家人。",
    "感谢老师们的悉心教导，愿母校越来越好。",
    "实训车间里的每一个清晨和夜晚，都是我最珍贵的回忆。"
    "谢谢一路同行的你们，江湖再见！",
    "愿我们都能带着一技之长，走向更广阔的天地。",
};

static void
bench_name(GString *s, int i)
{
	char **sur = g_strsplit(bench_surnames, " ", -1), **giv = g_strsplit(bench_given, " ", -1);
	guint ns = g_strv_length(sur), ng = g_strv_length(giv);
	g_string_append(s, sur[(guint)i % ns]);
	g_string_append(s, giv[(guint)i / 3 % ng]);
	g_strfreev(sur);
	g_strfreev(giv);
}

/* A generated manifest's first lines: what wrote it, and the event. */
static GString *
bench_head(const char *mode)
{
	GString *m = g_string_new(NULL);
	g_string_append_printf(m,
			       "# Written by `build/tools/mkexample %s`: do not edit.\n"
			       "paiban: 1\n"
			       "event:\n"
			       "  school: 湖南工程职业技术学院\n"
			       "  title: 青春不散场，奋进新征程\n"
			       "  edition: 2022届毕业季\n"
			       "  motto: 德技共举、知行合一\n"
			       "  date: 2022-06-21\n"
			       "  logo: assets/logo.svg\n"
			       "colleges:\n",
			       mode);
	return m;
}

/* Writes DIR/manifest.yaml from `m`, which it frees. */
static bool
bench_save(const char *dir, GString *m)
{
	char *path = g_build_filename(dir, "manifest.yaml", NULL);
	GError *err = NULL;
	bool ok = g_mkdir_with_parents(dir, 0755) == 0 &&
		  g_file_set_contents(path, m->str, (gssize)m->len, &err);
	if (!ok)
		fprintf(stderr, "mkexample: cannot write %s: %s\n", path,
			err ? err->message : strerror(errno));
	g_clear_error(&err);
	g_free(path);
	g_string_free(m, TRUE);
	return ok;
}

/* A manifest of n photos in colleges of 20 (bench01, bench02, ...), every college complete by
 * the rules so that a bench run measures building, not diagnostics. */
static bool
write_bench_manifest(const char *dir, int n)
{
	GString *m = bench_head("--bench");
	static const char *const roles[] = {"dean", "secretary", "counselor", "officer", "deputy"};
	int colleges = (n + 19) / 20, person = 0;
	for (int ci = 0; ci < colleges; ci++) {
		int photos = n - ci * 20 < 20 ? n - ci * 20 : 20;
		g_string_append_printf(m,
				       "  - id: bench%02d\n    name: 第%d学院\n"
				       "    folder: submissions/bench%02d\n    photos:\n",
				       ci + 1, ci + 1, ci + 1);
		for (int i = 0; i < photos; i++)
			g_string_append_printf(m,
					       "      - {file: photos/%03d.jpg, title: 毕业照%d, "
					       "class: 基准19%02d班}\n",
					       i + 1, i + 1, i % 3 + 1);
		g_string_append(m, "    testimonials:\n");
		for (int i = 0; i < 20; i++, person++) {
			g_string_append(m, "      - {name: ");
			bench_name(m, person);
			g_string_append_printf(m, ", class: 基准19%02d班, text: \"%s\"}\n",
					       i % 3 + 1,
					       bench_lines[i % G_N_ELEMENTS(bench_lines)]);
		}
		g_string_append(m, "    blessings:\n");
		for (int i = 0; i < 5; i++, person++) {
			g_string_append_printf(m, "      - {role: %s, name: ", roles[i]);
			bench_name(m, person);
			g_string_append_printf(
			    m, ", portrait: people/%s.jpg, text: \"%s\"}\n", roles[i],
			    i < 2 ? bench_lines[0] : "愿你们前程似锦，未来可期！");
		}
		g_string_append(m, "    star:\n      name: ");
		bench_name(m, person++);
		g_string_append(m, "\n      class: 基准1901班\n      story: |\n        ");
		for (int i = 0; i < 12; i++) /* about 500 characters */
			g_string_append(m, bench_lines[i % 2 == 0 ? 0 : 2]);
		g_string_append_printf(m,
				       "\n      photos: [photos/001.jpg, photos/%03d.jpg, "
				       "photos/%03d.jpg]\n",
				       photos > 1 ? 2 : 1, photos > 2 ? 3 : 1);
		g_string_append(m, "    honorees:\n");
		for (int i = 0; i < 2; i++, person++) {
			g_string_append(m, "      - {name: ");
			bench_name(m, person);
			g_string_append_printf(
			    m, ", class: 基准1901班, level: %s, photo: honor/%d.jpg}\n",
			    i ? "school" : "provincial", i + 1);
		}
	}
	g_string_append(m, "outputs:\n"
			   "  - {id: boards, kind: board, layout: board-120x240}\n"
			   "  - {id: honor, kind: honor, layout: honor-a3}\n"
			   "  - {id: roll, kind: honor-roll, layout: roll-a3}\n"
			   "  - {id: insert, kind: insert, layout: insert-100, quantity: 3200}\n");
	return bench_save(dir, m);
}

/* A manifest whose only output is the honor roll: n honorees in colleges of 20 (a third of
 * each college at the provincial level), every one with an ID photo of their own
 * (413×579 px, distinct, since each is drawn from its own path). */
static bool
write_roll_manifest(const char *dir, int n)
{
	GString *m = bench_head("--roll");
	int colleges = (n + 19) / 20;
	for (int ci = 0, person = 0; ci < colleges; ci++) {
		int honorees = n - ci * 20 < 20 ? n - ci * 20 : 20;
		g_string_append_printf(m,
				       "  - id: roll%02d\n    name: 第%d学院\n"
				       "    folder: submissions/roll%02d\n    honorees:\n",
				       ci + 1, ci + 1, ci + 1);
		for (int i = 0; i < honorees; i++, person++) {
			g_string_append(m, "      - {name: ");
			bench_name(m, person);
			g_string_append_printf(
			    m, ", class: 基准19%02d班, level: %s, photo: honor/%03d.jpg}\n",
			    i % 3 + 1, i < honorees / 3 ? "provincial" : "school", i + 1);
		}
	}
	g_string_append(m, "rules: {college.photos: off, college.testimonials: off}\n"
			   "outputs:\n"
			   "  - {id: roll, kind: honor-roll, layout: roll-a3}\n");
	return bench_save(dir, m);
}

/* ---- main ------------------------------------------------------------------------------------ */

static int
usage(void)
{
	fprintf(stderr,
		"usage: mkexample DIR\n"
		"       mkexample --bench N DIR\n"
		"       mkexample --submissions DIR OUT\n"
		"       mkexample --roll N DIR\n"
		"Writes every image that DIR/manifest.yaml refers to (with --bench, first writes\n"
		"a manifest with N photos; with --roll, one with a roll of N honorees).  Existing\n"
		"files are overwritten.\n");
	return 2;
}

int
main(int argc, char **argv)
{
	ctx c = {0};
	const char *submissions = NULL; /* with --submissions: OUT */
	if (argc == 4 && strcmp(argv[1], "--submissions") == 0) {
		c.dir = argv[2];
		submissions = argv[3];
	} else if (argc == 4 && (!strcmp(argv[1], "--bench") || !strcmp(argv[1], "--roll"))) {
		char *end;
		long n = strtol(argv[2], &end, 10);
		if (*end || n < 1 || n > 100000)
			return usage();
		bool roll = !strcmp(argv[1], "--roll");
		c.bench = !roll;
		c.dir = argv[3];
		if (!(roll ? write_roll_manifest(c.dir, (int)n)
			   : write_bench_manifest(c.dir, (int)n)))
			return 3;
	} else if (argc == 2 && argv[1][0] != '-') {
		c.dir = argv[1];
	} else {
		return usage();
	}
	gint64 t0 = g_get_monotonic_time();
	c.jobs = g_ptr_array_new_with_free_func(job_free);
	c.seen = g_hash_table_new(g_str_hash, g_str_equal);
	bool read;
	if (submissions) {
		read = plan_submissions(&c, c.dir, submissions);
	} else {
		char *manifest = g_build_filename(c.dir, "manifest.yaml", NULL);
		read = read_manifest(&c, manifest);
		g_free(manifest);
	}
	if (!read || c.errors) {
		g_hash_table_destroy(c.seen);
		g_ptr_array_free(c.jobs, TRUE);
		return 1;
	}
	/* Biggest first, so that no large picture is left alone at the end of the run. */
	GPtrArray *order = g_ptr_array_new();
	for (guint i = 0; i < c.jobs->len; i++)
		g_ptr_array_add(order, c.jobs->pdata[i]);
	g_ptr_array_sort(order, by_cost);
	int threads = (int)g_get_num_processors();
	GThreadPool *pool = g_thread_pool_new(worker, &c, threads < 1 ? 1 : threads, TRUE, NULL);
	for (guint i = 0; i < order->len; i++)
		g_thread_pool_push(pool, order->pdata[i], NULL);
	g_thread_pool_free(pool, FALSE, TRUE);
	g_ptr_array_free(order, TRUE);
	int failed = g_atomic_int_get(&c.failed);
	printf("mkexample: %u files, %.1f MB in %s (%.1f s)%s\n", c.jobs->len - (guint)failed,
	       (double)c.bytes / 1e6, submissions ? submissions : c.dir,
	       (double)(g_get_monotonic_time() - t0) / 1e6, failed ? ", some failed" : "");
	g_hash_table_destroy(c.seen);
	g_ptr_array_free(c.jobs, TRUE);
	return failed ? 3 : 0;
}
