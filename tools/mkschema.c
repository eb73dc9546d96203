/* mkschema.c — the JSON Schemas of the manifest and of layouts, from the loader's key table.
 *
 *   build/tools/mkschema DIR                 writes DIR/manifest.schema.json, layout.schema.json
 *   build/tools/mkschema --keys manifest     every key path the loader knows, one a line
 *   build/tools/mkschema --keys layout
 *
 * Design.  The loaders check every mapping's keys against the table of engine/load/keys.c, and
 * `rules:` against the rule table of engine/check/rules.c; this tool links the engine and
 * renders those very tables, so the schemas in schema/ say what paiban reads, no more and no
 * less (`make schema` writes them; tests/cli/100-schema.sh fails when the committed ones
 * differ from what this writes).  The schemas are JSON Schema draft-07, the newest the YAML
 * language server reads.  They describe values as YAML 1.2 reads them (what the language
 * server and most tools do): a date stays text, `off` is text, a bare number is a number.
 *
 * Key paths (--keys) are written KEY/KEY, with [] for the items of a list:
 * colleges/[]/photos/[]/title.  The test lists the same paths from the JSON with jq and
 * compares the two.
 */
#include "check/rules.h"
#include "base/writer.h"
#include "load/keys.h"

#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

/* A number and one of the units of base/units.c (any case), as pb_length_parse reads it. */
#define NUM "([0-9]+([.][0-9]*)?|[.][0-9]+)"
#define UNIT "([mM][mM]|[cC][mM]|[pP][tT]|[iI][nN]|[pP][xX])"
#define LENGTH_RE "^\\s*" NUM "\\s*" UNIT "\\s*$"
#define SIZE_RE "^\\s*" NUM "\\s*" UNIT "?\\s*([xX]|×)\\s*" NUM "\\s*" UNIT "\\s*$"

static void
member_string(JsonBuilder *b, const char *name, const char *value)
{
	json_builder_set_member_name(b, name);
	json_builder_add_string_value(b, value);
}

static void
member_number(JsonBuilder *b, const char *name, double value)
{
	json_builder_set_member_name(b, name);
	if (value == (double)(gint64)value)
		json_builder_add_int_value(b, (gint64)value);
	else
		json_builder_add_double_value(b, value);
}

static void
strings(JsonBuilder *b, const char *name, const char *const *values)
{
	json_builder_set_member_name(b, name);
	json_builder_begin_array(b);
	for (; *values; values++)
		json_builder_add_string_value(b, *values);
	json_builder_end_array(b);
}

/* {"type": "string", "pattern": re} */
static void
pattern(JsonBuilder *b, const char *re)
{
	json_builder_begin_object(b);
	member_string(b, "type", "string");
	member_string(b, "pattern", re);
	json_builder_end_object(b);
}

/* A length: text with a unit, or a bare 0 (which YAML reads as a number). */
static void
length(JsonBuilder *b)
{
	json_builder_begin_object(b);
	json_builder_set_member_name(b, "anyOf");
	json_builder_begin_array(b);
	pattern(b, LENGTH_RE);
	json_builder_begin_object(b);
	member_number(b, "const", 0);
	json_builder_end_object(b);
	json_builder_end_array(b);
	json_builder_end_object(b);
}

static void
lengths_array(JsonBuilder *b, int lo, int hi)
{
	json_builder_begin_object(b);
	member_string(b, "type", "array");
	json_builder_set_member_name(b, "items");
	length(b);
	member_number(b, "minItems", lo);
	member_number(b, "maxItems", hi);
	json_builder_end_object(b);
}

static void
ref(JsonBuilder *b, const char *definition)
{
	g_autofree char *to = g_strconcat("#/definitions/", definition, NULL);
	json_builder_begin_object(b);
	member_string(b, "$ref", to);
	json_builder_end_object(b);
}

static void
path_value(JsonBuilder *b)
{
	json_builder_begin_object(b);
	member_string(b, "type", "string");
	member_number(b, "minLength", 1);
	json_builder_end_object(b);
}

/* The members that say what a value of `key`'s type is, inside an object being built. */
static void
value_members(JsonBuilder *b, const pb_key *key)
{
	static const char *const scalar[] = {"string", "number", "boolean", NULL};
	switch (key->type) {
	case PB_VALUE_TEXT:
	case PB_VALUE_NOTE:
		strings(b, "type", scalar);
		if (key->required && key->type == PB_VALUE_TEXT)
			member_number(b, "minLength", 1);
		member_number(b, "maxLength", 10000); /* PB_SCHEMA_TEXT_MAX */
		break;
	case PB_VALUE_ID:
		member_string(b, "type", "string");
		member_string(b, "pattern", "^[a-z0-9_-]{1,64}$");
		break;
	case PB_VALUE_PATH:
		member_string(b, "type", "string");
		member_number(b, "minLength", 1);
		break;
	case PB_VALUE_PATHS:
		member_string(b, "type", "array");
		json_builder_set_member_name(b, "items");
		path_value(b);
		if (key->min > 0)
			member_number(b, "minItems", key->min);
		break;
	case PB_VALUE_DATE:
		member_string(b, "type", "string");
		member_string(b, "pattern", "^[0-9]{4}-[0-9]{2}-[0-9]{2}$");
		break;
	case PB_VALUE_UINT:
	case PB_VALUE_NUMBER:
		member_string(b, "type", key->type == PB_VALUE_UINT ? "integer" : "number");
		member_number(b, "minimum", key->min);
		member_number(b, "maximum", key->max);
		break;
	case PB_VALUE_BOOL:
		/* As the loader reads them: true/false, and YAML 1.1's yes/no, on/off as text. */
		json_builder_set_member_name(b, "enum");
		json_builder_begin_array(b);
		json_builder_add_boolean_value(b, TRUE);
		json_builder_add_boolean_value(b, FALSE);
		for (const char *const *w = (const char *const[]){"yes", "no", "on", "off", NULL};
		     *w; w++)
			json_builder_add_string_value(b, *w);
		json_builder_end_array(b);
		break;
	case PB_VALUE_CHOICE:
		member_string(b, "type", "string");
		strings(b, "enum", key->choices);
		break;
	case PB_VALUE_VERSION:
		json_builder_set_member_name(b, "enum");
		json_builder_begin_array(b);
		json_builder_add_int_value(b, 1);
		json_builder_add_string_value(b, "1");
		json_builder_end_array(b);
		break;
	case PB_VALUE_FOCUS:
		member_string(b, "type", "array");
		json_builder_set_member_name(b, "items");
		json_builder_begin_object(b);
		member_string(b, "type", "number");
		member_number(b, "minimum", 0);
		member_number(b, "maximum", 1);
		json_builder_end_object(b);
		member_number(b, "minItems", 2);
		member_number(b, "maxItems", 2);
		break;
	case PB_VALUE_LENGTH:
		json_builder_set_member_name(b, "allOf");
		json_builder_begin_array(b);
		length(b);
		json_builder_end_array(b);
		break;
	case PB_VALUE_LENGTHS:
		json_builder_set_member_name(b, "allOf");
		json_builder_begin_array(b);
		lengths_array(b, (int)key->min, (int)key->min);
		json_builder_end_array(b);
		break;
	case PB_VALUE_MARGIN:
		/* one length, or a list of 1, 2 or 4 */
		json_builder_set_member_name(b, "anyOf");
		json_builder_begin_array(b);
		length(b);
		lengths_array(b, 1, 2);
		lengths_array(b, 4, 4);
		json_builder_end_array(b);
		break;
	case PB_VALUE_SIZE:
		member_string(b, "type", "string");
		member_string(b, "pattern", SIZE_RE);
		break;
	case PB_VALUE_COLOR:
		member_string(b, "type", "string");
		member_string(b, "pattern", "^#[0-9a-fA-F]{6}$");
		break;
	case PB_VALUE_COLORS:
		member_string(b, "type", "object");
		json_builder_set_member_name(b, "additionalProperties");
		pattern(b, "^#[0-9a-fA-F]{6}$");
		break;
	case PB_VALUE_MAP:
	case PB_VALUE_RULES:
		/* A description beside a $ref is ignored by draft-07: the reference goes in an
		 * allOf, so that each key keeps its own meaning. */
		json_builder_set_member_name(b, "allOf");
		json_builder_begin_array(b);
		ref(b, key->type == PB_VALUE_RULES ? "rules" : key->children->name);
		json_builder_end_array(b);
		break;
	case PB_VALUE_LIST:
		member_string(b, "type", "array");
		json_builder_set_member_name(b, "items");
		ref(b, key->children->name);
		break;
	case PB_VALUE_PATH_OR_MAP:
		json_builder_set_member_name(b, "anyOf");
		json_builder_begin_array(b);
		path_value(b);
		ref(b, key->children->name);
		json_builder_end_array(b);
		break;
	case PB_VALUE_PAINT:
		/* a colour, or an image's file name */
		member_string(b, "type", "string");
		member_number(b, "minLength", 1);
		break;
	case PB_VALUE_POINT:
		json_builder_set_member_name(b, "allOf");
		json_builder_begin_array(b);
		lengths_array(b, 2, 2);
		json_builder_end_array(b);
		break;
	}
}

static void
key_schema(JsonBuilder *b, const pb_key *key)
{
	json_builder_begin_object(b);
	member_string(b, "description", key->meaning);
	value_members(b, key);
	if (key->example) {
		g_autoptr(JsonParser) p = json_parser_new();
		g_autoptr(GError) err = NULL;
		if (!json_parser_load_from_data(p, key->example, -1, &err))
			g_error("example of '%s' is not JSON: %s", key->name, err->message);
		json_builder_set_member_name(b, "examples");
		json_builder_begin_array(b);
		json_builder_add_value(b, json_node_copy(json_parser_get_root(p)));
		json_builder_end_array(b);
	}
	json_builder_end_object(b);
}

/* The members of an object schema for a keyset: properties, required, no other keys. */
static void
keyset_members(JsonBuilder *b, const pb_keyset *set)
{
	member_string(b, "description", set->meaning);
	member_string(b, "type", "object");
	json_builder_set_member_name(b, "properties");
	json_builder_begin_object(b);
	for (const pb_key *k = set->keys; k->name; k++) {
		json_builder_set_member_name(b, k->name);
		key_schema(b, k);
	}
	json_builder_end_object(b);
	json_builder_set_member_name(b, "required");
	json_builder_begin_array(b);
	for (const pb_key *k = set->keys; k->name; k++)
		if (k->required)
			json_builder_add_string_value(b, k->name);
	json_builder_end_array(b);
	if (set->one_of_a) {
		json_builder_set_member_name(b, "oneOf");
		json_builder_begin_array(b);
		const char *either[] = {set->one_of_a, set->one_of_b};
		for (int i = 0; i < 2; i++) {
			json_builder_begin_object(b);
			strings(b, "required", (const char *const[]){either[i], NULL});
			json_builder_end_object(b);
		}
		json_builder_end_array(b);
	}
	json_builder_set_member_name(b, "additionalProperties");
	json_builder_add_boolean_value(b, FALSE);
}

static const char *const severities[] = {"off", "note", "warning", "error", NULL};

/* rules: each rule of the rule table, as a severity or {severity, its parameters}. */
static void
rules_definition(JsonBuilder *b)
{
	json_builder_begin_object(b);
	member_string(b, "description", "rules of the notice's annex 1, changed for this manifest");
	member_string(b, "type", "object");
	json_builder_set_member_name(b, "properties");
	json_builder_begin_object(b);
	for (int r = 0; r < PB_RULE_COUNT; r++) {
		const pb_rule_def *def = pb_rule_def_lookup((pb_rule_id)r);
		json_builder_set_member_name(b, def->id);
		json_builder_begin_object(b);
		member_string(b, "description", def->summary);
		json_builder_set_member_name(b, "anyOf");
		json_builder_begin_array(b);
		ref(b, "severity");
		json_builder_begin_object(b);
		member_string(b, "type", "object");
		json_builder_set_member_name(b, "properties");
		json_builder_begin_object(b);
		json_builder_set_member_name(b, "severity");
		ref(b, "severity");
		for (int i = 0; i < 4 && def->params[i]; i++) {
			json_builder_set_member_name(b, def->params[i]);
			json_builder_begin_object(b);
			g_autofree char *what = g_strdup_printf("default %g", def->defaults[i]);
			member_string(b, "description", what);
			member_string(b, "type", "number");
			member_number(b, "minimum", 0);
			json_builder_end_object(b);
		}
		json_builder_end_object(b);
		json_builder_set_member_name(b, "additionalProperties");
		json_builder_add_boolean_value(b, FALSE);
		json_builder_end_object(b);
		json_builder_end_array(b);
		json_builder_end_object(b);
	}
	json_builder_end_object(b);
	json_builder_set_member_name(b, "additionalProperties");
	json_builder_add_boolean_value(b, FALSE);
	json_builder_end_object(b);
}

/* Every keyset reachable from `set`, each once, in the order first met. */
static void
collect(const pb_keyset *set, GPtrArray *out)
{
	for (const pb_key *k = set->keys; k->name; k++)
		if (k->children && !g_ptr_array_find(out, k->children, NULL)) {
			g_ptr_array_add(out, (gpointer)k->children);
			collect(k->children, out);
		}
}

static gboolean
uses_rules(const pb_keyset *set)
{
	for (const pb_key *k = set->keys; k->name; k++)
		if (k->type == PB_VALUE_RULES || (k->children && uses_rules(k->children)))
			return TRUE;
	return FALSE;
}

static char *
schema_json(const pb_keyset *root, const char *title)
{
	g_autoptr(JsonBuilder) b = json_builder_new();
	json_builder_begin_object(b);
	member_string(b, "$schema", "http://json-schema.org/draft-07/schema#");
	member_string(b, "$comment",
		      "Generated by tools/mkschema.c from engine/load/keys.c; do not edit.");
	member_string(b, "title", title);
	keyset_members(b, root);
	json_builder_set_member_name(b, "definitions");
	json_builder_begin_object(b);
	g_autoptr(GPtrArray) sets = g_ptr_array_new();
	collect(root, sets);
	for (guint i = 0; i < sets->len; i++) {
		const pb_keyset *set = sets->pdata[i];
		json_builder_set_member_name(b, set->name);
		json_builder_begin_object(b);
		keyset_members(b, set);
		json_builder_end_object(b);
	}
	if (uses_rules(root)) {
		json_builder_set_member_name(b, "rules");
		rules_definition(b);
		json_builder_set_member_name(b, "severity");
		json_builder_begin_object(b);
		member_string(b, "description", "off, note, warning or error");
		member_string(b, "type", "string");
		strings(b, "enum", severities);
		json_builder_end_object(b);
	}
	json_builder_end_object(b);
	json_builder_end_object(b);

	g_autoptr(JsonGenerator) gen = json_generator_new();
	g_autoptr(JsonNode) node = json_builder_get_root(b);
	json_generator_set_root(gen, node);
	json_generator_set_pretty(gen, TRUE);
	json_generator_set_indent(gen, 2);
	char *text = json_generator_to_data(gen, NULL);
	char *with_newline = g_strconcat(text, "\n", NULL);
	g_free(text);
	return with_newline;
}

/* ---- key paths ---------------------------------------------------------------------------- */

static void
print_paths(const pb_keyset *set, const char *prefix)
{
	for (const pb_key *k = set->keys; k->name; k++) {
		g_autofree char *path =
		    *prefix ? g_strconcat(prefix, "/", k->name, NULL) : g_strdup(k->name);
		printf("%s\n", path);
		if (k->type == PB_VALUE_MAP || k->type == PB_VALUE_PATH_OR_MAP)
			print_paths(k->children, path);
		else if (k->type == PB_VALUE_LIST) {
			g_autofree char *items = g_strconcat(path, "/[]", NULL);
			print_paths(k->children, items);
		} else if (k->type == PB_VALUE_RULES) {
			for (int r = 0; r < PB_RULE_COUNT; r++) {
				const pb_rule_def *def = pb_rule_def_lookup((pb_rule_id)r);
				printf("%s/%s\n%s/%s/severity\n", path, def->id, path, def->id);
				for (int i = 0; i < 4 && def->params[i]; i++)
					printf("%s/%s/%s\n", path, def->id, def->params[i]);
			}
		}
	}
}

static int
usage(void)
{
	fprintf(stderr,
		"usage: mkschema DIR\n"
		"       mkschema --keys manifest|layout\n"
		"Writes DIR/manifest.schema.json and DIR/layout.schema.json from paiban's key\n"
		"table, or lists the key paths the loader knows.\n");
	return 2;
}

int
main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "--keys") == 0) {
		if (strcmp(argv[2], "manifest") == 0)
			print_paths(&pb_manifest_keys, "");
		else if (strcmp(argv[2], "layout") == 0)
			print_paths(&pb_layout_keys, "");
		else
			return usage();
		return 0;
	}
	if (argc != 2 || argv[1][0] == '-')
		return usage();
	const struct {
		const char *file;
		const pb_keyset *root;
		const char *title;
	} schemas[] = {
	    {"manifest.schema.json", &pb_manifest_keys, "paiban manifest"},
	    {"layout.schema.json", &pb_layout_keys, "paiban layout"},
	};
	int status = 0;
	for (gsize i = 0; i < G_N_ELEMENTS(schemas); i++) {
		g_autofree char *json = schema_json(schemas[i].root, schemas[i].title);
		g_autofree char *path = g_build_filename(argv[1], schemas[i].file, NULL);
		g_autoptr(GError) err = NULL;
		if (!pb_write_bytes(path, json, strlen(json), NULL, NULL, &err)) {
			fprintf(stderr, "mkschema: %s\n", err->message);
			status = 3;
		}
	}
	return status;
}
