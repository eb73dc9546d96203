#!/usr/bin/env bash
# The JSON Schemas of schema/: generated from the loader's key table (the committed files are
# what tools/mkschema writes now), listing exactly the keys the loader knows, and holding the
# example, the shipped layouts and init's output valid and a typo invalid, in a real JSON
# Schema validator (ajv-cli, which `make test` installs under build/node with npm).
. "$(dirname "$0")/../lib.sh"

MKSCHEMA=$ROOT/build/tools/mkschema
AJV=$ROOT/build/node/node_modules/.bin/ajv

# The committed schemas are the generated ones.
mkdir gen
"$MKSCHEMA" gen >/dev/null 2>mk.txt
for f in manifest layout; do
	if cmp -s gen/$f.schema.json "$ROOT/schema/$f.schema.json"; then
		_result pass "schema/$f.schema.json is what the key table gives"
	else
		_result fail "schema/$f.schema.json is stale: run make schema and commit it" \
			"$(diff "$ROOT/schema/$f.schema.json" gen/$f.schema.json | head -20)"
	fi
done

# Every key path in a schema, read from the JSON alone (jq): the properties of each object,
# with [] for the items of a list, through $ref, allOf and anyOf.
schema_paths() {
	jq -r '
	  . as $root
	  | def resolve: if has("$ref") then $root.definitions[.["$ref"] | ltrimstr("#/definitions/")] | resolve
	                 elif has("allOf") then .allOf[0] | resolve else . end;
	    def join($p; $k): if $p == "" then $k else $p + "/" + $k end;
	    def paths($p): resolve as $s
	      | if ($s.type == "array") and (($s.items | type) == "object") then $s.items | paths(join($p; "[]"))
	        elif $s.properties then $s.properties | to_entries[]
	          | join($p; .key) as $k | $k, (.value | paths($k))
	        elif $s.anyOf then $s.anyOf[] | paths($p)
	        else empty end;
	    paths("")' "$1" | sort -u
}
for f in manifest layout; do
	schema_paths "$ROOT/schema/$f.schema.json" >schema-$f.txt
	"$MKSCHEMA" --keys $f | sort -u >loader-$f.txt
	if [ -s loader-$f.txt ] && diff -u loader-$f.txt schema-$f.txt >diff.txt; then
		_result pass "the $f schema has every key the loader knows ($(wc -l <loader-$f.txt)), and no other"
	else
		_result fail "the $f schema's keys differ from the loader's" "$(cat diff.txt)"
	fi
done
expect_line loader-manifest.txt "the key lists go down to the items" "colleges/[]/photos/[]/title"
expect_line loader-manifest.txt "the key lists hold the rules' parameters" "rules/image.pixels/long"

# --- validation with ajv ---------------------------------------------------------------------
if [ ! -x "$AJV" ]; then
	_result fail "ajv-cli is not installed in build/node: make test installs it with npm (is npm there, and the npm registry reachable?); the schemas were not validated"
	exit 0
fi
# YAML read as the YAML language server reads it (1.2 core schema: a date stays text), with
# the js-yaml that comes with ajv-cli.
to_json() { # to_json IN.yaml OUT.json
	NODE_PATH=$ROOT/build/node/node_modules node -e '
	  const yaml = require("js-yaml"), fs = require("fs");
	  const doc = yaml.load(fs.readFileSync(process.argv[1], "utf8"), {schema: yaml.CORE_SCHEMA});
	  fs.writeFileSync(process.argv[2], JSON.stringify(doc));' "$1" "$2"
}
validate() { # validate SCHEMA FILE.yaml : exit status of ajv on it
	to_json "$2" data.json && "$AJV" validate --spec=draft7 --allow-union-types --all-errors \
		--errors=json -s "$ROOT/schema/$1.schema.json" -d data.json >ajv.txt 2>&1
}

expect_valid() { # expect_valid SCHEMA FILE DESCRIPTION
	if validate "$1" "$2"; then _result pass "$3"; else _result fail "$3" "$(cat ajv.txt)"; fi
}
expect_valid manifest "$ROOT/examples/graduation-2022/manifest.yaml" "the example manifest is valid"
for l in "$ROOT"/layouts/*.yaml; do
	expect_valid layout "$l" "layout $(basename "$l") is valid"
done

cp -r "$ROOT/build/example-submissions" folder
"$PAIBAN" init folder >/dev/null 2>&1
expect_valid manifest folder/manifest.yaml "the manifest init writes is valid"
first=$(head -1 folder/manifest.yaml)
if [ "$first" = "# yaml-language-server: \$schema=$ROOT/schema/manifest.schema.json" ]; then
	_result pass "init's manifest names the schema on its first line"
else
	_result fail "init's manifest names the schema on its first line" "$first"
fi
first=$(head -1 "$ROOT/examples/graduation-2022/manifest.yaml")
expect_true "the example names the schema on its first line" \
	test "$first" = '# yaml-language-server: $schema=../../schema/manifest.schema.json'

# A typo: refused by the schema, and by paiban, at the same key.
sed 's/^  title: 青春不散场/  titel: 青春不散场/' "$ROOT/examples/graduation-2022/manifest.yaml" >typo.yaml
if validate manifest typo.yaml; then
	_result fail "a manifest with a typo is invalid"
else
	_result pass "a manifest with a typo is invalid"
	sed 1d ajv.txt | jq -r '.[] | "\(.instancePath) \(.keyword) \(.params | to_entries[0].value)"' >why.txt
	expect_line why.txt "ajv names the unknown key" "/event additionalProperties titel"
	expect_line why.txt "ajv names the key it misses" "/event required title"
fi
mkdir typo && cp typo.yaml typo/m.yaml
run check typo/m.yaml
expect_line err.txt "paiban names the same typo" \
	"typo/m.yaml:12:3: error: unknown key 'titel' in event; did you mean 'title'? [schema.key]"

# A wrong value type and a wrong choice, as the loader refuses them.
sed 's/level: provincial, photo: honor\/zhaoqiang.jpg/level: national, photo: honor\/zhaoqiang.jpg/' \
	"$ROOT/examples/graduation-2022/manifest.yaml" >level.yaml
if validate manifest level.yaml; then _result fail "a level the loader does not know is invalid"; else
	_result pass "a level the loader does not know is invalid"
fi
