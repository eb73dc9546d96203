#!/usr/bin/env bash
# paiban build end to end on the cover board: print geometry (pdfinfo -box), fonts embedded
# and subset (pdffonts), the Chinese given back (pdftotext), qpdf --check, byte-identical
# rebuilds, every item inside the page, text.glyphs, and a failed build keeping the old file.
. "$(dirname "$0")/../lib.sh"

mkdir -p site/assets
cp "$PB_FIXTURES/logo.svg" site/assets/logo.svg
cat >site/m.yaml <<'YAML'
paiban: 1
event:
  school: 湖南工程职业技术学院
  title: 青春不散场，奋进新征程
  edition: 2022届毕业季
  motto: 德技共举、知行合一
  date: 2022-06-21
  logo: assets/logo.svg
colleges: []
outputs:
  - {id: boards, kind: board, layout: board-120x240}
  - {id: banners, kind: board, layout: board-80x180}
  - {id: roll, kind: honor-roll, layout: roll-a3}
YAML

run build site/m.yaml -o out --dump-frames frames.txt --only boards
expect_exit 0 "build: exit 0"
expect_stdout "build: reports the file it wrote" <<EOF
wrote out/boards/cover.pdf (1 page, $(stat -c %s out/boards/cover.pdf 2>/dev/null) bytes)
EOF

# pdfinfo -box: MediaBox = trim + 2 × (5 mm bleed + 12 mm slug); BleedBox = trim + 2 × 5 mm.
pt() { awk -v mm="$1" 'BEGIN { printf "%.2f", mm / 25.4 * 72 }'; }
pdfinfo -box out/boards/cover.pdf >info.txt
expect_line info.txt "MediaBox is trim + bleed + slug" \
	"MediaBox:            0.00     0.00  $(pt 1234)  $(pt 2434)"
expect_line info.txt "BleedBox is trim + 5 mm on every side" \
	"BleedBox:           $(pt 12)    $(pt 12)  $(pt 1222)  $(pt 2422)"
expect_line info.txt "TrimBox is 1200 × 2400 mm" \
	"TrimBox:            $(pt 17)    $(pt 17)  $(pt 1217)  $(pt 2417)"
expect_line info.txt "the title is the event's theme" "Title:           青春不散场，奋进新征程"
expect_line info.txt "the author is the school" "Author:          湖南工程职业技术学院"
expect_line info.txt "the creator is paiban and its version" "Creator:         paiban $(cat "$ROOT/VERSION")"
expect_line info.txt "the creation date is the event's date" "CreationDate:    Tue Jun 21 00:00:00 2022 UTC"

# pdffonts: every font embedded and subset, and they are the layout's fonts.
pdffonts out/boards/cover.pdf | tail -n +3 >fonts.txt
expect_true "pdffonts lists fonts" test -s fonts.txt
expect_no_line_matching fonts.txt "every font is embedded and subset" '^\S+\s.*\s(no\s+\S+|\S+\s+no)\s+\S+\s+[0-9]+\s+[0-9]+$'
expect_no_line_matching fonts.txt "every font name carries a subset tag" '^([^A-Z]|[A-Z]{0,5}[^A-Z+])'
for f in NotoSerifCJKsc-Bold SmileySans-Oblique LXGWWenKai-Regular NotoSansCJKsc-Regular; do
	expect_true "$f is embedded" grep -q "+$f " fonts.txt
done

# pdftotext gives the Chinese back.
pdftotext out/boards/cover.pdf text.txt
for s in 湖南工程职业技术学院 青春不散场， 奋进新征程 2022届毕业季 德技共举、知行合一 2022年6月21日; do
	expect_line text.txt "pdftotext gives back $s" "$s"
done

expect_true "qpdf --check passes" qpdf --check out/boards/cover.pdf

# The same inputs give the same bytes.
cp out/boards/cover.pdf first.pdf
run build site/m.yaml -o out --only boards
expect_true "a rebuild is byte-identical" cmp first.pdf out/boards/cover.pdf

# Every item lies inside the page: drawing inside trim + bleed, marks inside the slug, and
# every text of the design inside the trim box.
expect_true "the dump names the fonts with checksums" grep -q '^font "Smiley Sans 400" SmileySans-Oblique.ttf#0 sha256:' frames.txt
awk '
	/^page/ { split($3, wh, "×"); W = wh[1]; H = wh[2]; split($4, b, "="); B = b[2]; split($5, s, "="); S = b[2] + s[2]; next }
	/^  rect|^  image/ { split($4, wh, "×"); if ($2 < -B - 0.01 || $3 < -B - 0.01 || $2 + wh[1] > W + B + 0.01 || $3 + wh[2] > H + B + 0.01) { print "outside: " $0; bad = 1 } }
	/^  glyphs/ { w = substr($4, 3); if ($3 <= H && ($2 < 0 || $2 + w > W || $3 < 0)) { print "outside: " $0; bad = 1 } }
	/^  mark/ { for (i = 2; i <= 5; i++) if ($i < -S - 0.01 || $i > (i % 2 ? H : W) + S + 0.01) { print "outside: " $0; bad = 1 } }
	END { exit bad }' frames.txt >outside.txt
expect_true "every item lies inside the page" test ! -s outside.txt
expect_true "the dump has the theme's two lines" grep -q 'text="青春不散场，" role=text @site/m.yaml:4:10$' frames.txt

# SVG and PNG from the same frames; the PNG is the trim box at the asked resolution.
run build site/m.yaml -o out --only banners --format pdf,svg,png --dpi 10
expect_exit 0 "svg and png: exit 0"
expect_true "the SVG is written" grep -q '<svg' out/banners/cover.svg
# its stated size is the page's with its bleed, 810 × 1810 mm, in a unit a designer's tool reads
svg_mm=$(sed -n 's/.*<svg[^>]* width="\([0-9.]*\)pt" height="\([0-9.]*\)pt".*/\1 \2/p' out/banners/cover.svg |
	awk '{ printf "%.2f×%.2f", $1 / 72 * 25.4, $2 / 72 * 25.4 }')
expect_true "the SVG says 810 × 1810 mm (in points), not points as millimetres" test "$svg_mm" = "810.00×1810.00"
png_size() { od -An -tu1 -j16 -N8 "$1" | awk '{ printf "%d×%d", $1*16777216+$2*65536+$3*256+$4, $5*16777216+$6*65536+$7*256+$8 }'; }
expect_true "the PNG is 800 × 1800 mm at 10 dpi (315 × 709 px)" test "$(png_size out/banners/cover.png)" = "315×709"
# another --dpi is another PNG: drawn again, though nothing else changed
run build site/m.yaml -o out --only banners --format png --dpi 20
expect_true "a PNG at another --dpi is written again, and says why" \
	grep -qx "wrote out/banners/cover.png (1 page, [0-9]* bytes): at 20 dpi, the previous at 10" out.txt
expect_true "at 20 dpi (630 × 1417 px)" test "$(png_size out/banners/cover.png)" = "630×1417"
run build site/m.yaml -o out --only banners --format png --dpi 20
expect_true "and at the same --dpi, left as it is" grep -q "^unchanged out/banners/cover.png" out.txt
expect_no_line_matching out.txt "and nothing said of the formats not asked (the PDF, the SVG)" \
	'cover\.(pdf|svg)'
# a PNG too large to make is not written, and the line says so, not that an image is unreadable
run build site/m.yaml -o out --only banners --format png --dpi 600
expect_exit 1 "a 600 dpi PNG of an 8 m board: exit 1"
expect_line err.txt "the error says why" \
	"banners/cover.png: error: banners/cover.png not written: a 18898×42520 px PNG is out of range [render]"
expect_line out.txt "the file is not written, and the reason is not an image" \
	"stale banners/cover.png: not written, it could not be drawn; the previous file is kept"
run build site/m.yaml -o out --only banners --format png --dpi 20
expect_true "which build.json keeps" test "$(jq '[.files[] | select(.path | startswith("banners/cover."))] | length' out/build.json)" = 3

# An output that has nothing to show is reported, not silently dropped: a roll without one
# approved honoree is no empty roll.
run build site/m.yaml -o out
expect_line out.txt "a roll without honorees is reported" "skipped roll/roll: no roll, no approved honoree"
expect_true "a roll without honorees writes no file" test ! -e out/roll

# text.glyphs: a character the role's font lacks stops that file, names the character, its
# code point and the position of the text; the previous good file is kept.
sed -i 's/  school: 湖南工程职业技术学院/  school: "湖南工程\\uE000职业技术学院"/' site/m.yaml
run build site/m.yaml -o out --only boards
expect_exit 1 "a missing glyph: exit 1"
printf "site/m.yaml:3:11: error: character '\xee\x80\x80' (U+E000) has no glyph in Noto Serif CJK SC [text.glyphs]\n" |
	expect_stderr "a missing glyph names character, code point and position"
expect_true "the previous good file is kept" cmp first.pdf out/boards/cover.pdf
expect_true "no temporary file is left behind" test "$(ls out/boards)" = "cover.pdf"

# An output folder that cannot be written is an environment failure: exit 3.
sed -i 's/"湖南工程\\uE000职业技术学院"/湖南工程职业技术学院/' site/m.yaml
touch blocked
run build site/m.yaml -o blocked/out --only boards
expect_exit 3 "an unwritable output folder: exit 3"
