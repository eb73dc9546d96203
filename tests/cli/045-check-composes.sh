#!/usr/bin/env bash
# `check` finds what `build` finds: it composes every page in memory, so a misspelt font
# family, a character no font has and a text too long for its box are reported by check, at
# the same positions and in the same words as build, and check writes nothing.
. "$(dirname "$0")/../lib.sh"

mkdir -p site/layouts
cat >site/m.yaml <<'YAML'
paiban: 1
event: {school: 测试学院, title: 青春不散场，奋进新征程, date: 2022-06-21}
colleges:
  - id: test
    name: 测试学院
    testimonials:
      - {name: 张明, class: 一班, text: "毕业快乐😀，江湖再见"}
outputs:
  - {id: boards, kind: board, layout: board-120x240}
rules: {college.photos: off, college.testimonials: off}
YAML

# An emoji in a testimonial: the same [text.glyphs] line from check and from build.
run check site/m.yaml
expect_exit 1 "an emoji: check exits 1"
cp err.txt check-err.txt
printf "site/m.yaml:7:37: error: character '\xf0\x9f\x98\x80' (U+1F600) has no glyph in LXGW WenKai [text.glyphs]\n" >want.txt
expect_true "an emoji: check names the character at its line" cmp want.txt check-err.txt
expect_true "check writes nothing" test ! -e out
run build site/m.yaml -o out
expect_exit 1 "an emoji: build exits 1"
expect_true "an emoji: build prints the line check printed" cmp check-err.txt err.txt

# A misspelt family in a layout: one error, at the layout's line, with the family meant.
sed 's/quote: LXGW WenKai/quote: LXGW Wenkai Pro/' "$ROOT/layouts/board-120x240.yaml" >site/layouts/typo.yaml
sed -i -e 's/layout: board-120x240/layout: typo/' -e 's/毕业快乐😀/毕业快乐/' site/m.yaml
line=$(grep -n 'quote:' site/layouts/typo.yaml | cut -d: -f1)
run check site/m.yaml
expect_exit 1 "a misspelt family: check exits 1"
expect_stderr "a misspelt family: one error at the layout's line, no cascade of glyph errors" <<EOF
site/layouts/typo.yaml:$line:10: error: font family 'LXGW Wenkai Pro' for role quote is not installed; did you mean 'LXGW WenKai'? [font.family]
EOF
sed -i 's/quote: LXGW Wenkai Pro/quote: Nothing Like It/' site/layouts/typo.yaml
run check site/m.yaml
expect_stderr "a family far from any: no guess, a pointer to paiban fonts" <<EOF
site/layouts/typo.yaml:$line:10: error: font family 'Nothing Like It' for role quote is not installed (paiban fonts lists what is) [font.family]
EOF
run build site/m.yaml -o out
expect_exit 1 "a misspelt family: build exits 1 with the same line"
expect_true "a misspelt family: build and check agree" diff -u - err.txt < <(cat <<EOF
site/layouts/typo.yaml:$line:10: error: font family 'Nothing Like It' for role quote is not installed (paiban fonts lists what is) [font.family]
EOF
)

# A text too long for its box: text.fit from check.
long=$(printf '愿你们带着泥土精神走向工地，%.0s' $(seq 1 200))
cat >site/m.yaml <<YAML
paiban: 1
event: {school: 测试学院, title: 青春不散场，奋进新征程, date: 2022-06-21}
colleges:
  - id: test
    name: 测试学院
    blessings:
      - {role: counselor, name: 罗婷, text: "$long"}
outputs:
  - {id: boards, kind: board, layout: board-120x240}
rules: {college.photos: off, college.testimonials: off, blessing.length: off, blessing.portrait: off}
YAML
run check site/m.yaml
expect_exit 1 "a text too long: check exits 1"
expect_line err.txt "a text too long: check reports text.fit at the text" \
	"site/m.yaml:7:43: error: text does not fit its 295 × 60 mm box even at 10.0 pt [text.fit]"
