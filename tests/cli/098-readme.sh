#!/usr/bin/env bash
# The README says what paiban does: what --format writes, and example figures (file sizes,
# counts) that make docs printed (tools/readme-figures.sh), not figures typed by hand.
. "$(dirname "$0")/../lib.sh"

README=$ROOT/README.md

# --- every generated block is what make docs printed -------------------------------------------
names=$(sed -n 's/^<!-- make docs: \([a-z-]*\) -->$/\1/p' "$README")
expect_true "the README has generated blocks" test -n "$names"
for name in $names; do
	sed -n "/^<!-- make docs: $name -->\$/,/^<!-- \/make docs: $name -->\$/p" "$README" |
		sed '1d;$d' >block.txt
	expect_true "README block '$name' is docs/figures/$name.txt (run make docs)" \
		cmp block.txt "$ROOT/docs/figures/$name.txt"
done
for f in "$ROOT"/docs/figures/*.txt; do
	name=$(basename "$f" .txt)
	expect_true "docs/figures/$name.txt is shown in the README" grep -qx "<!-- make docs: $name -->" "$README"
done

# The summary the README shows is what check prints for the example now.
(cd "$ROOT" && "$PAIBAN" check examples/graduation-2022/manifest.yaml) >out.txt 2>/dev/null
sed '1d;$d' "$ROOT/docs/figures/check-stdout.txt" >want.txt
expect_true "the README's check summary is what check prints for the example" cmp want.txt out.txt

# --- --format writes exactly the formats it names ------------------------------------------------
cp -r "$PB_FIXTURES" img
cat >m.yaml <<'YAML'
paiban: 1
event: {school: 测试学院, title: 青春不散场，奋进新征程, date: 2022-06-21}
colleges:
  - id: a
    name: 测试学院
    photos:
      - {file: img/jpeg-baseline.jpg, title: 照片, class: 一班}
outputs:
  - {id: boards, kind: board, layout: board-80x180}
rules: {image.pixels: off, college.photos: off, college.testimonials: off, image.ppi: off}
YAML
run build m.yaml -o svgpng --format svg,png --dpi 5
expect_exit 0 "--format svg,png: exit 0"
(cd svgpng && find boards -type f | sort) >got.txt
cat >want.txt <<'EOF'
boards/a-01.png
boards/a-01.svg
boards/cover.png
boards/cover.svg
EOF
expect_true "--format svg,png writes SVG and PNG of each board" cmp want.txt got.txt
expect_true "--format svg,png writes no PDF (as the README says)" \
	test -z "$(find svgpng -name '*.pdf')"
expect_true "the README says so" grep -qF '`--format svg,png` writes no PDF at all' "$README"
run build m.yaml -o pdfpng --format pdf,png --dpi 5
(cd pdfpng && find . -type f -name '*.pdf' | wc -l) >n.txt
expect_true "--format pdf,png writes the PDFs too" grep -qx 2 n.txt
