/* json-read.c — typed reads of build.json and proof.json; see json-read.h. */
#include "json-read.h"

static GType
value_type(JsonNode *n)
{
	return n && JSON_NODE_HOLDS_VALUE(n) ? json_node_get_value_type(n) : G_TYPE_INVALID;
}

static const char *
node_string(JsonNode *n)
{
	return value_type(n) == G_TYPE_STRING ? json_node_get_string(n) : NULL;
}

static gint64
node_int(JsonNode *n)
{
	return value_type(n) == G_TYPE_INT64 ? json_node_get_int(n) : 0;
}

static double
node_double(JsonNode *n)
{
	GType t = value_type(n);
	return t == G_TYPE_DOUBLE || t == G_TYPE_INT64 ? json_node_get_double(n) : 0;
}

static JsonObject *
node_object(JsonNode *n)
{
	return n && JSON_NODE_HOLDS_OBJECT(n) ? json_node_get_object(n) : NULL;
}

const char *
pb_json_string(JsonObject *o, const char *name)
{
	return node_string(json_object_get_member(o, name));
}

gint64
pb_json_int(JsonObject *o, const char *name)
{
	return node_int(json_object_get_member(o, name));
}

double
pb_json_double(JsonObject *o, const char *name)
{
	return node_double(json_object_get_member(o, name));
}

JsonArray *
pb_json_array(JsonObject *o, const char *name)
{
	JsonNode *n = json_object_get_member(o, name);
	return n && JSON_NODE_HOLDS_ARRAY(n) ? json_node_get_array(n) : NULL;
}

JsonObject *
pb_json_object(JsonObject *o, const char *name)
{
	return node_object(json_object_get_member(o, name));
}

double
pb_json_element_double(JsonArray *a, guint i)
{
	return node_double(json_array_get_element(a, i));
}

gint64
pb_json_element_int(JsonArray *a, guint i)
{
	return node_int(json_array_get_element(a, i));
}

JsonObject *
pb_json_element_object(JsonArray *a, guint i)
{
	return node_object(json_array_get_element(a, i));
}

const char *
pb_json_element_string(JsonArray *a, guint i)
{
	return node_string(json_array_get_element(a, i));
}
