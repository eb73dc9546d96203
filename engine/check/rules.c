/* rules.c — the rule table: ids, default severities, thresholds; and `rules:` overrides.
 *
 * The thresholds are the notice's annex 1: photos ≥ 3000×1800 px, ≥ 10 photos and ≥ 20
 * testimonials a college, blessings ≤ 100 characters (dean, secretary) or ≤ 20 (counselor,
 * officer, deputy), a ~500-character star story with 3–5 photos, red-background 2-inch ID
 * photos.  This file knows the numbers; check.c applies them.
 */
#include "rules.h"

#include <string.h>

static const pb_rule_def rule_table[PB_RULE_COUNT] = {
    [PB_RULE_IMAGE_READABLE] =
	{"image.readable",
	 PB_SEV_ERROR,
	 {NULL},
	 {0},
	 "every image exists, decodes, and is JPEG or PNG (SVG for the logo)"},
    [PB_RULE_IMAGE_PIXELS] = {"image.pixels",
			      PB_SEV_WARNING,
			      {"long", "short", NULL},
			      {3000, 1800},
			      "photos: long side ≥ 3000 px and short side ≥ 1800 px"},
    [PB_RULE_COLLEGE_PHOTOS] = {"college.photos",
				PB_SEV_WARNING,
				{"min", NULL},
				{10},
				"at least 10 photos (or groups) per college"},
    [PB_RULE_COLLEGE_TESTIMONIALS] = {"college.testimonials",
				      PB_SEV_WARNING,
				      {"min", NULL},
				      {20},
				      "at least 20 testimonials per college"},
    [PB_RULE_BLESSING_LENGTH] =
	{"blessing.length",
	 PB_SEV_WARNING,
	 {"long", "short", NULL},
	 {100, 20},
	 "dean and secretary ≤ 100 characters; counselor, officer, deputy ≤ 20"},
    [PB_RULE_BLESSING_PORTRAIT] =
	{"blessing.portrait", PB_SEV_WARNING, {NULL}, {0}, "every blessing has a portrait"},
    [PB_RULE_STAR_STORY] = {"star.story",
			    PB_SEV_WARNING,
			    {"min", "max", NULL},
			    {300, 600},
			    "about 500 characters (warning outside 300–600)"},
    [PB_RULE_STAR_PHOTOS] =
	{"star.photos", PB_SEV_WARNING, {"min", "max", NULL}, {3, 5}, "3 to 5 photos"},
    [PB_RULE_HONOREE_PHOTO] = {"honoree.photo",
			       PB_SEV_WARNING,
			       {"min_ratio", "max_ratio", "red_share", NULL},
			       {0.65, 0.78, 0.6},
			       "red background, 2-inch proportions (width/height 0.65–0.78)"},
    [PB_RULE_TEXT_GLYPHS] = {"text.glyphs",
			     PB_SEV_ERROR,
			     {NULL},
			     {0},
			     "every character laid out has a glyph in the chosen fonts"},
    [PB_RULE_TEXT_FIT] = {"text.fit",
			  PB_SEV_ERROR,
			  {NULL},
			  {0},
			  "every text fits its box at or above the layout's minimum size"},
    [PB_RULE_IMAGE_PPI] = {"image.ppi",
			   PB_SEV_WARNING,
			   {"min", NULL},
			   {0},
			   "a placed photo's effective resolution is at least the layout's "
			   "minimum (min: 0 keeps the layout's)"},
    [PB_RULE_IMAGE_DUPLICATE] = {"image.duplicate",
				 PB_SEV_WARNING,
				 {NULL},
				 {0},
				 "a photo file is listed once in its college's photos"},
};

const pb_rule_def *
pb_rule_def_lookup(pb_rule_id id)
{
	g_assert(id < PB_RULE_COUNT);
	return &rule_table[id];
}

void
pb_rules_init(pb_rule_setting *out)
{
	for (int i = 0; i < PB_RULE_COUNT; i++) {
		out[i].severity = rule_table[i].severity;
		memcpy(out[i].params, rule_table[i].defaults, sizeof out[i].params);
	}
}

static int
param_index(const pb_rule_def *def, const char *name)
{
	for (int i = 0; i < 4 && def->params[i]; i++)
		if (strcmp(def->params[i], name) == 0)
			return i;
	return -1;
}

double
pb_rule_param(const pb_rule_setting *rules, pb_rule_id id, const char *name)
{
	int i = param_index(&rule_table[id], name);
	g_assert(i >= 0);
	return rules[id].params[i];
}

static gboolean
parse_severity(pb_schema *s, const pb_node *node, const char *rule, pb_severity *out)
{
	static const char *const names[] = {"off", "note", "warning", "error", NULL};
	if (node->kind == PB_NODE_SCALAR)
		for (int i = 0; names[i]; i++)
			if (strcmp(node->text, names[i]) == 0) {
				*out = (pb_severity)i;
				return TRUE;
			}
	pb_diag_error(s->diags, node->loc, "schema.value",
		      "severity of rule '%s' must be off, note, warning or error, not '%s'", rule,
		      node->kind == PB_NODE_SCALAR ? node->text : pb_node_kind_name(node));
	return FALSE;
}

static gboolean
load_rule(pb_schema *s, const pb_rule_def *def, const pb_node *value, pb_rule_setting *out)
{
	/* `image.pixels: off` is short for `{severity: off}`. */
	if (value->kind == PB_NODE_SCALAR)
		return parse_severity(s, value, def->id, &out->severity);
	g_autofree char *what = g_strdup_printf("rule '%s'", def->id);
	if (!pb_schema_map(s, value, what))
		return FALSE;
	gboolean ok = TRUE;
	for (guint i = 0; i < pb_node_map_len(value); i++) {
		const pb_node *key = pb_node_map_key(value, i);
		const pb_node *v = pb_node_map_value(value, i);
		if (strcmp(key->text, "severity") == 0) {
			ok &= parse_severity(s, v, def->id, &out->severity);
			continue;
		}
		int p = param_index(def, key->text);
		if (p < 0) {
			GString *known = g_string_new("severity");
			for (int j = 0; j < 4 && def->params[j]; j++)
				g_string_append_printf(known, ", %s", def->params[j]);
			pb_diag_error(s->diags, key->loc, "schema.key",
				      "rule '%s' has no parameter '%s' (it has: %s)", def->id,
				      key->text, known->str);
			g_string_free(known, TRUE);
			ok = FALSE;
			continue;
		}
		double n;
		g_autofree char *label = g_strdup_printf("'%s' of rule '%s'", key->text, def->id);
		if (!pb_schema_number(s, v, label, &n)) {
			ok = FALSE;
			continue;
		}
		if (n < 0) {
			pb_diag_error(s->diags, v->loc, "schema.value", "%s must not be negative",
				      label);
			ok = FALSE;
			continue;
		}
		out->params[p] = n;
	}
	return ok;
}

/* Parameters that only make sense together: a range must not be empty, a share is at most 1.
 * Otherwise the rule would fire on every item, which no one means. */
static gboolean
consistent(pb_schema *s, const pb_rule_def *def, const pb_node *value, const pb_rule_setting *r)
{
	static const char *const pairs[][2] = {{"min", "max"}, {"min_ratio", "max_ratio"}};
	for (gsize k = 0; k < G_N_ELEMENTS(pairs); k++) {
		int lo = param_index(def, pairs[k][0]), hi = param_index(def, pairs[k][1]);
		if (lo >= 0 && hi >= 0 && r->params[lo] > r->params[hi]) {
			pb_diag_error(s->diags, value->loc, "schema.value",
				      "rule '%s': '%s' (%g) is above '%s' (%g)", def->id,
				      pairs[k][0], r->params[lo], pairs[k][1], r->params[hi]);
			return FALSE;
		}
	}
	int share = param_index(def, "red_share");
	if (share >= 0 && r->params[share] > 1) {
		pb_diag_error(s->diags, value->loc, "schema.value",
			      "rule '%s': 'red_share' is a share of the border, from 0 to 1",
			      def->id);
		return FALSE;
	}
	return TRUE;
}

gboolean
pb_rules_load(pb_schema *s, const pb_node *map, pb_rule_setting *out)
{
	if (!pb_schema_map(s, map, "rules"))
		return FALSE;
	gboolean ok = TRUE;
	for (guint i = 0; i < pb_node_map_len(map); i++) {
		const pb_node *key = pb_node_map_key(map, i);
		int found = -1;
		for (int r = 0; r < PB_RULE_COUNT; r++)
			if (strcmp(rule_table[r].id, key->text) == 0)
				found = r;
		if (found < 0) {
			pb_diag_error(s->diags, key->loc, "schema.key", "unknown rule '%s'",
				      key->text);
			ok = FALSE;
			continue;
		}
		const pb_node *value = pb_node_map_value(map, i);
		if (load_rule(s, &rule_table[found], value, &out[found]))
			ok &= consistent(s, &rule_table[found], value, &out[found]);
		else
			ok = FALSE;
	}
	return ok;
}
