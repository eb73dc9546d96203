#!/usr/bin/env bash
# The souvenir-box insert, as the print shop receives it: one page per roster row with that
# graduate's name, the background image stored once, the die-cut as the CutContour separation
# with overprint on its own layer on every page, the die-line file with the same boxes and
# nothing but the cut, the press sheets on SRA3 in cut-and-stack order, a generic card without
# a roster, and what stops the insert (a name no font has, a layout that puts text by the cut)
# without stopping anything else.
. "$(dirname "$0")/../lib.sh"

mkdir -p site/layouts
cp "$PB_FIXTURES/photo-3000x1800.jpg" site/layouts/ground.jpg
sed 's/^background: .*/background: ground.jpg/' "$ROOT/layouts/insert-100.yaml" >site/layouts/insert-photo.yaml

surnames=(张 王 李 赵 刘 陈 杨 黄)
given=(一凡 子涵 浩然 思远 雨桐)
names=()
for s in "${surnames[@]}"; do for g in "${given[@]}"; do names+=("$s$g"); done; done

write_roster() { # write_roster N
	echo "name,class,college,blessing" >site/roster.csv
	for ((i = 0; i < $1; i++)); do
		blessing=""
		[ $((i % 7)) = 3 ] && blessing="愿你前程似锦，未来可期"
		echo "${names[i]},建工190$((i % 4 + 1))班,$([ $((i % 2)) = 0 ] && echo jianzhu || echo 机械工程学院),$blessing"
	done >>site/roster.csv
}

write_manifest() { # write_manifest LAYOUT [graduates line]
	cat >site/m.yaml <<YAML
paiban: 1
event: {school: 湖南工程职业技术学院, title: 青春不散场，奋进新征程, edition: 2022届毕业季, date: 2022-06-21}
colleges:
  - {id: jianzhu, name: 建筑工程学院}
  - {id: jixie, name: 机械工程学院}
${2-graduates: roster.csv}
outputs:
  - {id: insert, kind: insert, layout: $1}
rules: {college.photos: off, college.testimonials: off}
YAML
}

write_roster 40
write_manifest insert-photo
run build site/m.yaml -o out
expect_exit 0 "40 graduates: exit 0"
expect_true "40 graduates: no diagnostics" test ! -s err.txt
expect_line out.txt "insert.pdf written with 40 pages" "wrote out/insert/insert.pdf (40 pages, $(stat -c %s out/insert/insert.pdf) bytes)"

# Page k shows row k's name (and nobody else's).
bad=0
for ((k = 1; k <= 40; k++)); do
	text=$(pdftotext -f $k -l $k out/insert/insert.pdf -)
	grep -q "${names[k - 1]}" <<<"$text" || bad=$((bad + 1))
	[ $k -gt 1 ] && grep -q "${names[k - 2]}" <<<"$text" && bad=$((bad + 1))
done
expect_true "page k has row k's name, for every k" test $bad = 0
expect_true "page 4 has row 4's personal line" bash -c "pdftotext -f 4 -l 4 out/insert/insert.pdf - | grep -q 愿你前程似锦，未来可期"
expect_true "page 5 has the default line" bash -c "pdftotext -f 5 -l 5 out/insert/insert.pdf - | grep -q 愿你前程似锦，归来仍是少年"
expect_true "page 1 has the class and the college by name" bash -c "pdftotext -f 1 -l 1 out/insert/insert.pdf - | grep -q '建工1901班 *· *建筑工程学院'"

# The background photo, 40 pages: one image in the file, its JPEG bytes.
images=$(pdfimages -list out/insert/insert.pdf | tail -n +3)
expect_true "the background on every page" test "$(wc -l <<<"$images")" = 40
expect_true "the background is stored once (one object)" test "$(awk '{ print $11 }' <<<"$images" | sort -u | wc -l)" = 1
expect_true "the background is the JPEG itself" bash -c "grep -q ' jpeg ' <<<'$images'"
expect_true "every font embedded" bash -c "pdffonts out/insert/insert.pdf | tail -n +3 | awk '{ if (\$(NF-4) != \"yes\") exit 1 }'"
expect_true "insert.pdf: qpdf --check" qpdf --check out/insert/insert.pdf

# The cut: a Separation named CutContour (100 % magenta), overprint on, an OCG named CutContour,
# and every page placing it.
qpdf --json=2 --json-key=qpdf out/insert/insert.pdf >json.txt
objects='.qpdf[1] | to_entries[] | .value | (.value // .stream.dict)'
expect_true "a Separation named CutContour, 100 % magenta" \
	test "$(jq "[$objects | select(type == \"array\" and .[0] == \"/Separation\" and .[1] == \"/CutContour\" and .[3][\"/C1\"] == [0, 1, 0, 0])] | length" json.txt)" = 1
expect_true "an ExtGState with /OP true" \
	test "$(jq "[$objects | select(type == \"object\" and .[\"/Type\"] == \"/ExtGState\" and .[\"/OP\"] == true)] | length" json.txt)" -ge 1
expect_true "an OCG named CutContour, on" \
	test "$(jq "[$objects | select(type == \"object\" and .[\"/Type\"] == \"/OCG\" and .[\"/Name\"] == \"u:CutContour\")] | length" json.txt)" = 1
pages_with_cut=$(jq '.qpdf[1] as $o | [$o | to_entries[] | .value.value | select(type == "object" and .["/Type"] == "/Page") | .["/Resources"] as $r | ($o["obj:" + $r].value["/XObject"] // {}) | keys | map(select(startswith("/pbCut"))) | length] | map(select(. == 1)) | length' json.txt)
expect_true "every page of insert.pdf places the cut ($pages_with_cut of 40)" test "$pages_with_cut" = 40

# A card's page is its own text and references: every page names the same resources (the
# fonts, the card's form, the cut), written once.
qpdf --json=2 --json-key=pages --json-key=qpdf out/insert/insert.pdf >pages.txt
expect_true "every page of insert.pdf names one resources dictionary" \
	test "$(jq '.qpdf[1] as $o | [.pages[].object | $o["obj:" + .].value["/Resources"]] | unique | length' pages.txt)" = 1

# The die-line: the same boxes, the cut alone, on one page (every card has the layout's window).
box() { pdfinfo -box -f 1 -l 1 "$1" | grep -E '^(MediaBox|TrimBox|BleedBox)'; }
expect_true "die-line: the same MediaBox, TrimBox and BleedBox" bash -c "diff <(box out/insert/insert.pdf) <(box out/insert/insert-dieline.pdf)"
expect_true "die-line: one page" bash -c "pdfinfo out/insert/insert-dieline.pdf | grep -q '^Pages: *1$'"
expect_true "die-line: no image" test "$(pdfimages -list out/insert/insert-dieline.pdf | tail -n +3 | wc -l)" = 0
expect_true "die-line: no text" test -z "$(pdftotext out/insert/insert-dieline.pdf - | tr -d '[:space:]\f')"
expect_true "die-line: no font" test "$(pdffonts out/insert/insert-dieline.pdf | tail -n +3 | wc -l)" = 0
qpdf --json=2 --json-key=qpdf out/insert/insert-dieline.pdf >die.txt
expect_true "die-line: the cut in CutContour" \
	test "$(jq "[$objects | select(type == \"array\" and .[1] == \"/CutContour\")] | length" die.txt)" = 1

# The press sheets: SRA3, 8 cards a sheet, 5 sheets; sheet s, place k holds row k·5 + s.
expect_true "sheets: 5 of them" bash -c "pdfinfo out/insert/insert-sheets.pdf | grep -q '^Pages: *5$'"
expect_true "sheets: SRA3, 320 × 450 mm, every one" test "$(pdfinfo -f 1 -l 5 out/insert/insert-sheets.pdf | grep -c '^Page *[1-5] size: *907.087 x 1275.59 pts')" = 5
sheet1=$(pdftotext -f 1 -l 1 out/insert/insert-sheets.pdf -)
sheet2=$(pdftotext -f 2 -l 2 out/insert/insert-sheets.pdf -)
expect_true "row 1 on sheet 1" grep -q "${names[0]}" <<<"$sheet1"
expect_true "row 2 on sheet 2" grep -q "${names[1]}" <<<"$sheet2"
expect_true "row 6 on sheet 1 (place 2), row 2 not" bash -c "grep -q '${names[5]}' <<<'$sheet1' && ! grep -q '${names[1]}' <<<'$sheet1'"
expect_true "sheet 2's slug counts the sheets" grep -q "sheet 2/5" <<<"$sheet2"
# The cut of the 8 cards of a sheet: one form (written as it is, uncompressed) that every full
# sheet places.
expect_true "sheets: the cut of each of the 8 cards" test "$(grep -a -o '/pbSpot CS' out/insert/insert-sheets.pdf | wc -l)" = 8
qpdf --json=2 --json-key=qpdf out/insert/insert-sheets.pdf >sheets.txt
sheets_with_cut=$(jq '.qpdf[1] as $o | [$o | to_entries[] | .value.value | select(type == "object" and .["/Type"] == "/Page") | .["/Resources"] as $r | ($o["obj:" + $r].value["/XObject"] // {}) | keys | map(select(startswith("/pbCut"))) | length] | map(select(. == 1)) | length' sheets.txt)
expect_true "sheets: every sheet places the cut" test "$sheets_with_cut" = 5

# The same file whatever else is built with it: the sheets alone are the sheets of a full build.
run build site/m.yaml -o alone --only insert/insert-sheets
expect_exit 0 "the sheets alone: exit 0"
expect_true "the sheets alone: the same bytes as in the full build" cmp out/insert/insert-sheets.pdf alone/insert/insert-sheets.pdf
# and a whole build after it makes the two files that build left out: the series is not done
# because the one file it wrote is there (--jobs-list's jobs may finish in any order)
run build site/m.yaml -o alone
expect_exit 0 "after the sheets alone, the whole insert: exit 0"
expect_true "after the sheets alone: the cards are written" grep -q "^wrote alone/insert/insert.pdf " out.txt
expect_true "after the sheets alone: and the die-line" grep -q "^wrote alone/insert/insert-dieline.pdf " out.txt
expect_line out.txt "after the sheets alone: which are left as they are" "unchanged alone/insert/insert-sheets.pdf"
run build site/m.yaml -o alone --only insert/insert-dieline
expect_exit 0 "then the die-line alone: exit 0, found unchanged"
# Files made one at a time, in any order (--jobs-list's jobs): the records, print-order.csv and
# the report come out in the order of one whole build.
for f in insert-sheets insert-dieline insert; do run build site/m.yaml -o order --only insert/$f; done
expect_true "one at a time: print-order.csv in the build's order" \
	test "$(cut -d, -f1 order/print-order.csv | tr '\n' ' ')" = "file insert/insert.pdf insert/insert-dieline.pdf insert/insert-sheets.pdf "
run build site/m.yaml -o order
expect_true "then a whole build reports them in that order" \
	test "$(cut -d' ' -f2 out.txt | tr '\n' ' ')" = "order/insert/insert.pdf order/insert/insert-dieline.pdf order/insert/insert-sheets.pdf "

# A roster cut from 40 rows to 9: the PNGs of the cards and of the sheets it no longer has are
# removed and said so, not left to be printed; the ones it has stay.
run build site/m.yaml -o pages --format png --dpi 5
expect_true "40 cards as PNGs: 40 and 5 sheets" test "$(ls pages/insert/insert-[0-9]*.png | wc -l) $(ls pages/insert/insert-sheets-*.png | wc -l)" = "40 5"
cp site/roster.csv roster-40.csv
head -n 10 roster-40.csv >site/roster.csv
run build site/m.yaml -o pages --format png --dpi 5
expect_exit 0 "9 rows: exit 0"
expect_line out.txt "the 40th card's PNG is removed, and said so" \
	"removed pages/insert/insert-40.png: insert has 9 pages now"
expect_line out.txt "and the fifth sheet's" \
	"removed pages/insert/insert-sheets-5.png: insert-sheets has 2 pages now"
expect_true "9 cards as PNGs are left, and 2 sheets" test "$(ls pages/insert/insert-[0-9]*.png | wc -l) $(ls pages/insert/insert-sheets-*.png | wc -l)" = "9 2"
expect_true "build.json lists none of the gone pages but as removed" \
	test "$(jq '[.files[] | select(.format == "png" and .status != "removed")] | length' pages/build.json)" = 12
cp roster-40.csv site/roster.csv

# A name no font has a glyph for: text.glyphs at its roster line; the cards and the sheets are
# not written, the die-line (which shows no name) is.
sed -i "5s/^${names[3]}/王😀/" site/roster.csv
rm -rf out
run build site/m.yaml -o out
expect_exit 1 "a name without glyphs: exit 1"
expect_line err.txt "a name without glyphs: text.glyphs at roster.csv:5:1" "site/roster.csv:5:1: error: character '😀' (U+1F600) has no glyph in Noto Serif CJK SC [text.glyphs]"
expect_true "a name without glyphs: no cards, no sheets" test ! -e out/insert/insert.pdf -a ! -e out/insert/insert-sheets.pdf
expect_true "a name without glyphs: the die-line written" test -s out/insert/insert-dieline.pdf

# One glyph for two characters (一 and the Kangxi radical ⼀ that text copied out of PDFs
# carries), and an accent typed apart (José with U+0301): each card gives its own text back.
printf 'name,class,college\n王\xe2\xbc\x80,建工1901班,jianzhu\n王一,建工1902班,jianzhu\nJose\xcc\x81,建工1903班,jianzhu\n' >site/roster.csv
write_manifest insert-100
rm -rf out
run build site/m.yaml -o out
expect_exit 0 "one glyph, two characters: exit 0"
expect_true "card 1 gives back the radical ⼀ (U+2F00)" bash -c "pdftotext -f 1 -l 1 out/insert/insert.pdf - | grep -qx \$'\u738b\u2f00'"
expect_true "card 2 gives back 一 (U+4E00)" bash -c "pdftotext -f 2 -l 2 out/insert/insert.pdf - | grep -qx \$'\u738b\u4e00'"
expect_true "card 3 gives back José as typed, the accent apart" bash -c "pdftotext -f 3 -l 3 out/insert/insert.pdf - | tr -d ' ' | grep -qx \$'Jose\u0301'"
expect_true "the sheet gives back all three" bash -c "pdftotext out/insert/insert-sheets.pdf - | tr -d ' ' | grep -c -x -e \$'\u738b\u2f00' -e \$'\u738b\u4e00' -e \$'Jose\u0301' | grep -qx 3"

# No roster: one generic card, and its sheet with the card at every place.
write_manifest insert-100 ""
rm -rf out
run build site/m.yaml -o out
expect_exit 0 "generic card: exit 0"
expect_true "generic card: one page" bash -c "pdfinfo out/insert/insert.pdf | grep -q '^Pages: *1$'"
expect_true "generic card: 亲爱的毕业生" bash -c "pdftotext out/insert/insert.pdf - | grep -q 亲爱的毕业生"
expect_true "generic card: one sheet, 8 cards" bash -c "pdftotext out/insert/insert-sheets.pdf - | grep -c 亲爱的毕业生 | grep -qx 8"
expect_true "generic card: no image" test "$(pdfimages -list out/insert/insert.pdf | tail -n +3 | wc -l)" = 0

# A layout that puts text within cut_safe of the trim: cut.safe at its margin line; a board
# beside the insert is still written.
sed 's/^margin: .*/margin: 2mm/' "$ROOT/layouts/insert-100.yaml" >site/layouts/thin.yaml
write_roster 3
write_manifest thin
sed -i 's/^outputs:/outputs:\n  - {id: boards, kind: board, layout: board-120x240}/' site/m.yaml
rm -rf out
run build site/m.yaml -o out
expect_exit 1 "text by the trim: exit 1"
expect_line err.txt "text by the trim: cut.safe at the layout's margin" "site/layouts/thin.yaml:7:9: error: the margin puts text within the 3 mm cut_safe of the trim [cut.safe]"
expect_true "text by the trim: the insert is not written" test ! -e out/insert/insert.pdf
expect_true "text by the trim: the board is" test -f out/boards/cover.pdf

# A roster error stops the insert, not the boards.
write_roster 3
write_manifest insert-100
sed -i 's/^outputs:/outputs:\n  - {id: boards, kind: board, layout: board-120x240}/' site/m.yaml
echo "赵六,建工1901班,土木学院," >>site/roster.csv
rm -rf out
run build site/m.yaml -o out
expect_exit 1 "an unknown college: exit 1"
expect_line err.txt "an unknown college: at its roster.csv:line:col" "site/roster.csv:5:12: error: no college '土木学院' in the manifest (colleges: jianzhu 建筑工程学院, jixie 机械工程学院) [roster.college]"
expect_true "an unknown college: no insert file" test ! -e out/insert
expect_true "an unknown college: the board is written" test -f out/boards/cover.pdf

# A file that cannot be put in place (its name is taken by a folder): an environment failure,
# exit 3, found where the cards' PDF is finished (beside the drawing of the next file).  The
# record says stale and why, no temporary is left, and the insert's other two files, which
# that failure does not touch, are written.
write_roster 3
write_manifest insert-100
rm -rf out
mkdir -p out/insert/insert.pdf
run build site/m.yaml -o out
expect_exit 3 "a folder in the way: exit 3"
expect_line err.txt "a folder in the way: the message names the file" "paiban build: cannot write 'out/insert/insert.pdf': Is a directory"
expect_true "a folder in the way: the record says stale, not saved" \
	test "$(jq -r '.files[] | select(.path == "insert/insert.pdf") | .status + ": " + .why[0]' out/build.json)" = "stale: not written, it could not be saved"
expect_true "a folder in the way: no temporary left" test -z "$(find out -name '.*.tmp-*')"
expect_true "a folder in the way: the die-line and the sheets are written" \
	test -s out/insert/insert-dieline.pdf -a -s out/insert/insert-sheets.pdf

# A background image outside the layout's folder (or the folder itself) is refused at its line,
# by its spelling, before anything is read.
for bg in ../ground.jpg /etc/passwd layouts/..; do
	sed "s|^background: .*|background: $bg|" "$ROOT/layouts/insert-100.yaml" >site/layouts/outside.yaml
	write_manifest outside
	run check site/m.yaml
	expect_line err.txt "background '$bg': refused at its line" \
		"site/layouts/outside.yaml:14:13: error: 'background' image '$bg' must be a file in the layout's own folder [schema.value]"
done
