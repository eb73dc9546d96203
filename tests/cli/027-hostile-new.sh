#!/usr/bin/env bash
# Hostile input on the week's new surfaces: the insert's roster (no header, a folder or a FIFO
# in its place, 10 MB in one value, UTF-16 without its BOM, GB18030 cut short, a refused value,
# emoji and combining marks), the insert's layout keys, the honor page's story and the roll's
# photos at their extremes, build.json and proof.json edited by hand or by an attacker (paths
# out of OUTDIR, wrong shapes, huge numbers), builds run into one OUTDIR at once, --only on one
# file of a series, SIGINT mid-build, init on GBK names, watch with its manifest deleted.  Each
# gets its exact diagnostic and exit status, nothing half-written and no previous good file
# lost; never a crash, a hang or a sanitizer report (these run under ASan and UBSan).
. "$(dirname "$0")/../lib.sh"

# run_t ARGS... : run, but a hang is a failure (exit 124), not a stuck test suite.
run_t() {
	timeout "${LIMIT:-60}" "$PAIBAN" "$@" >out.txt 2>err.txt
	echo $? >rc.txt
}

mkdir -p site
cp -r "$PB_FIXTURES" site/img
roster_site() { # roster_site [graduates value] [insert layout]
	cat >site/m.yaml <<YAML
paiban: 1
event: {school: 测试学院, title: 青春不散场，奋进新征程, edition: 2022届毕业季, date: 2022-06-21}
colleges:
  - {id: jianzhu, name: 建筑工程学院}
graduates: ${1:-roster.csv}
outputs:
  - {id: insert, kind: insert, layout: ${2:-insert-100}, quantity: 5}
rules: {college.photos: off, college.testimonials: off}
YAML
}
roster_site

# --- the roster ------------------------------------------------------------------------------
printf '张明,建工1901班,jianzhu\n李四,建工1901班,jianzhu\n' >site/roster.csv
run_t check site/m.yaml
expect_exit 1 "a roster without its header: exit 1"
expect_stderr "a first row that is a graduate: one error, not one a column" <<'EOF'
site/roster.csv:1:1: error: the first row names no column; the roster begins with a header row that names the columns: name, class, college (and blessing, optional), in any order (姓名, 班级, 学院, 寄语 too) [roster.header]
EOF

rm site/roster.csv
mkdir site/roster.csv
run_t check site/m.yaml
expect_exit 1 "a folder as the roster: exit 1"
expect_stderr "a folder as the roster is named as one, not as a missing file" <<'EOF'
site/m.yaml:5:12: error: cannot read roster 'roster.csv': is a directory [roster.read]
EOF
rmdir site/roster.csv
mkfifo site/roster.csv
LIMIT=20 run_t check site/m.yaml
expect_exit 1 "a FIFO as the roster: exit 1, not a wait for a writer"
expect_stderr "a FIFO as the roster is not a regular file" <<'EOF'
site/m.yaml:5:12: error: cannot read roster 'roster.csv': not a regular file [roster.read]
EOF
rm site/roster.csv

# 10 MB in one value: libcsv's buffer grows a block at a time, which took minutes.
{
	printf 'name,class,college\n'
	head -c 10000000 /dev/zero | tr '\0' x
	printf ',建工1901班,jianzhu\n'
} >site/roster.csv
LIMIT=20 run_t check site/m.yaml
expect_exit 1 "a 10 MB value: exit 1, at once"
expect_stderr "a 10 MB value: one error where it begins" <<'EOF'
site/roster.csv:2:1: error: a value of more than 65536 bytes begins here (a roster value has at most 200 characters); is a quote never closed? [roster.csv]
EOF

printf 'name,class,college\n张明,建工1901班,jianzhu\n' | iconv -t UTF-16LE >site/roster.csv
run_t check site/m.yaml
expect_exit 1 "UTF-16 without a BOM: exit 1"
expect_stderr "UTF-16 without a BOM is named UTF-16, not 'a NUL byte'" <<'EOF'
site/roster.csv:1:1: error: the roster is UTF-16 (Excel's "Unicode Text"); save it as "CSV UTF-8 (comma delimited)", or set encoding: gb18030 under graduates in the manifest (what Excel's "CSV (comma delimited)" writes on a Chinese Windows) [roster.encoding]
EOF

# GB18030 declared, the file cut inside its last character: g_convert drops it without a word.
roster_site "{file: roster.csv, encoding: gb18030}"
printf 'name,class,college\n\xd5\xc5\xc3\xf7,\xbd\xa8\xb9\xa41901\xb0\xe0,jianzhu\n\xc0\xee\xcb' >site/roster.csv
run_t check site/m.yaml
expect_exit 1 "GB18030 cut short: exit 1, not a graduate silently lost"
expect_stderr "GB18030 cut short: said where" <<'EOF'
site/roster.csv:3:2: error: the roster ends inside a character (byte 0xCB here); was the file cut short? save it again [roster.encoding]
EOF
roster_site

# A name of 500 characters: one error, not also "a graduate with no name".
{
	printf 'name,class,college\n'
	printf '长%.0s' $(seq 500)
	printf ',建工1901班,jianzhu\n张明,建工1901班,jianzhu\n'
} >site/roster.csv
run_t check site/m.yaml
expect_exit 1 "a 500-character name: exit 1"
expect_stderr "a 500-character name: one error" <<'EOF'
site/m.yaml:7:62: warning: output 'insert' orders 5 cards, but the roster has 1 graduate: each graduate's card is printed once [insert.quantity]
site/roster.csv:2:1: error: name has 500 characters, a roster value has at most 200 [roster.value]
EOF

# Excel's "CSV UTF-8": BOM, CRLF, and no line end after the last row; names of grapheme
# clusters: combining marks set, an emoji ZWJ sequence refused at its own line and column.
printf '\xef\xbb\xbfname,class,college\r\n张明,建工1901班,jianzhu\r\nJose\xcc\x81 Garci\xcc\x81a,建工1901班,jianzhu\r\n李四,建工1902班,jianzhu' >site/roster.csv
run_t check site/m.yaml
expect_exit 0 "BOM, CRLF, no final line end, combining marks: exit 0"
expect_stderr "the last row, without its line end, is read: 3 graduates" <<'EOF'
site/m.yaml:7:62: warning: output 'insert' orders 5 cards, but the roster has 3 graduates: each graduate's card is printed once [insert.quantity]
EOF
printf 'name,class,college\n张明,建工1901班,jianzhu\n王\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa7,建工1901班,jianzhu\n' >site/roster.csv
run_t check site/m.yaml
expect_exit 1 "an emoji family in a name: exit 1"
expect_line err.txt "an emoji family: text.glyphs at its roster line" \
	"site/roster.csv:3:1: error: character '👨' (U+1F468) has no glyph in Noto Serif CJK SC [text.glyphs]"

# --- the insert's layout --------------------------------------------------------------------
printf 'name,class,college\n张明,建工1901班,jianzhu\n' >site/roster.csv
mkdir -p site/layouts
sed 's/^window: .*/window: {diameter: 34mm, center: [500mm, 43mm]}/' "$ROOT/layouts/insert-100.yaml" >site/layouts/off.yaml
roster_site roster.csv off
sed -i 's/, quantity: 5//' site/m.yaml
run_t check site/m.yaml
expect_exit 1 "a window off the card: exit 1"
expect_stderr "a window off the card is said to be off it" <<'EOF'
site/layouts/off.yaml:18:9: error: the window (34 mm across at 500, 43 mm) runs off the 100 × 100 mm card [schema.value]
EOF

# --- the honor page and the roll --------------------------------------------------------------
story=$(printf '他在实训基地练习测量放线，全站仪用得比谁都熟练。%.0s' $(seq 420))
story=${story:0:10000}
honor_site() { # honor_site STORY [roll layout] [the first honoree's photo]
	cat >site/m.yaml <<YAML
paiban: 1
event: {school: 测试学院, title: 青春不散场，奋进新征程, edition: 2022届毕业季, date: 2022-06-21}
colleges:
  - id: jianzhu
    name: 建筑工程学院
    star:
      name: 王芳
      class: 建工1902班
      story: "$1"
      photos: [img/photo-3000x1800.jpg, img/photo-1800x3000.jpg, img/photo-6000x4000.jpg]
    honorees:
      - {name: 赵强, class: 建工1901班, level: provincial, photo: img/${3:-jpeg-1x1.jpg}}
      - {name: 孙一鸣, class: 建工1901班, level: school, photo: img/id-red-progressive.jpg}
outputs:
  - {id: honor, kind: honor, layout: honor-a3}
  - {id: roll, kind: honor-roll, layout: ${2:-roll-a3}}
rules: {college.photos: off, college.testimonials: off, image.pixels: off}
YAML
}
honor_site "$story"
run_t check site/m.yaml
expect_exit 1 "a story of 10,000 characters; a 1×1 ID photo: exit 1"
expect_stderr "the story's own error, not a layout that leaves no room; a 1×1 photo not at '0 ppi'" <<'EOF'
site/m.yaml:9:14: warning: the story of 王芳 has 10000 characters; about 500 are asked for (300 to 600) [star.story]
site/m.yaml:9:14: error: text does not fit its 245 × 167 mm box even at 10.5 pt [text.fit]
site/m.yaml:12:62: warning: photo 'img/jpeg-1x1.jpg' is placed at less than 1 ppi, below the 150 ppi this layout needs [image.ppi]
site/m.yaml:12:62: warning: ID photo 'img/jpeg-1x1.jpg' is 1×1 px (width/height 1.000); a 2-inch photo is 0.65 to 0.78 [honoree.photo]
EOF
honor_site "一"
run_t check site/m.yaml
expect_line err.txt "a story of one character, in the singular" \
	"site/m.yaml:9:14: warning: the story of 王芳 has 1 character; about 500 are asked for (300 to 600) [star.story]"
honor_site "$(printf '学%.0s' $(seq 400))" roll-a3 broken-20000-sof.jpg
run_t check site/m.yaml
expect_exit 1 "an ID photo declaring 20000×20000: exit 1"
expect_line err.txt "an ID photo declaring 20000×20000: refused from its header" \
	"site/m.yaml:12:62: error: cannot read image 'img/broken-20000-sof.jpg': declares 20000×20000 pixels, above the limit of 200 megapixels [image.readable]"
sed 's/^columns: .*/columns: [7]/' "$ROOT/layouts/roll-a3.yaml" >site/layouts/cols.yaml
honor_site "$(printf '学%.0s' $(seq 400))" cols id-red.jpg
run_t check site/m.yaml
expect_exit 1 "columns as a list: exit 1"
expect_stderr "columns as a list: a whole number is asked for, not 'text'" <<'EOF'
site/layouts/cols.yaml:10:10: error: 'columns' of the layout must be a whole number from 1 to 8, not a list [schema.type]
EOF

# --- build.json and proof.json, edited ------------------------------------------------------------
honor_site "$(printf '学%.0s' $(seq 400))" roll-a3 id-red.jpg
run_t build site/m.yaml -o out --only roll
expect_exit 0 "the roll, built"
cp out/build.json good.json
echo precious >victim.txt
echo precious >"$SCRATCH/out/roll/keep.txt"
jq --arg abs "$SCRATCH/victim.txt" '.files += [
	(.files[0] | .path = "../victim.txt" | .output = "gone1" | .series = "gone1"),
	(.files[0] | .path = "roll/../../victim.txt" | .output = "gone2" | .series = "gone2"),
	(.files[0] | .path = $abs | .output = "gone3" | .series = "gone3"),
	(.files[0] | .path = "roll/keep.txt" | .output = "gone4" | .series = "gone4")]' good.json >out/build.json
run_t build site/m.yaml -o out --only roll
expect_exit 0 "a build.json naming files outside OUTDIR: exit 0"
expect_true "a record '../victim.txt' never removes a file outside OUTDIR" test -f victim.txt
expect_stdout "records of paths out of OUTDIR are not paiban's; one inside is removed as before" <<'EOF'
unchanged out/roll/roll.pdf
removed out/roll/keep.txt: output gone4 is no longer in the manifest
EOF

for shape in '{"files": {"a": 1}}' '{"files": [1, "x", null, [], {"path": 3}], "series": 5, "sources": [1]}' \
	'{"files": [], "sources": {"a": 1, "b": [], "c": {"sha256": 5}}}'; do
	printf '%s' "$shape" >out/build.json
	run_t build site/m.yaml -o out --only roll
	expect_exit 0 "build.json $shape: exit 0"
	expect_no_line_matching err.txt "build.json $shape: no critical from json-glib" 'CRITICAL|assertion'
done
printf '{"files": {"a": 1}}' >out/build.json
run_t build site/m.yaml -o out --only roll
expect_stderr "files that is not a list: the note says so" <<'EOF'
out: note: out/build.json is not paiban's (no "files" list); building everything [build.json]
EOF
# build.json replaced by what is not a file of records: a FIFO no one writes (it used to block
# the build in open(2), deaf to ^C), a link to /dev/zero (it used to read until the memory
# ran out), 100,000 nested brackets (json-glib's parser recursed off the stack).  Each is a
# note, and everything is built.
rm -f out/build.json
mkfifo out/build.json
run_t build site/m.yaml -o out --only roll
expect_exit 0 "build.json a FIFO: exit 0, no wait"
expect_line err.txt "build.json a FIFO: the note says so" \
	"out: note: out/build.json is not paiban's (not a regular file); building everything [build.json]"
rm -f out/build.json
ln -s /dev/zero out/build.json
run_t build site/m.yaml -o out --only roll
expect_exit 0 "build.json a link to /dev/zero: exit 0, no endless read"
expect_line err.txt "build.json a link to /dev/zero: the note says so" \
	"out: note: out/build.json is not paiban's (not a regular file); building everything [build.json]"
rm -f out/build.json
python3 -c "print('[' * 100000 + ']' * 100000)" >out/build.json
run_t build site/m.yaml -o out --only roll
expect_exit 0 "build.json of 100,000 nested brackets: exit 0, no stack overflow"
expect_line err.txt "build.json of 100,000 nested brackets: the note says so" \
	"out: note: out/build.json is not paiban's (nested deeper than 64 levels); building everything [build.json]"
# json-glib takes comments and single-quoted strings too; a quote in one hid the brackets after
# it from a count of nesting, and the stack overflowed all the same.  What paiban does not
# write is not paiban's.
python3 -c "print('/* \" */' + '[' * 100000 + ']' * 100000)" >out/build.json
run_t build site/m.yaml -o out --only roll
expect_exit 0 "build.json: a comment before 100,000 brackets: exit 0, no stack overflow"
expect_line err.txt "build.json: a comment: not paiban's" \
	"out: note: out/build.json is not paiban's (not JSON as paiban writes it, at byte 1); building everything [build.json]"
python3 -c "print(\"['\\\"', \" + '[' * 100000 + ']' * 100000 + ']')" >out/build.json
run_t build site/m.yaml -o out --only roll
expect_exit 0 "build.json: a single-quoted string before 100,000 brackets: exit 0"
# proof.json, read the same way
run_t proof site/m.yaml -o out
python3 -c "print('[' * 100000 + ']' * 100000)" >out/proof/proof.json
run_t proof site/m.yaml -o out
expect_exit 0 "proof.json of 100,000 nested brackets: exit 0, the proofs drawn again"
rm -f out/proof/proof.json
mkfifo out/proof/proof.json
run_t proof site/m.yaml -o out
expect_exit 0 "proof.json a FIFO: exit 0, no wait"
expect_true "proof.json a FIFO: replaced by the proofs' own" test -f out/proof/proof.json
jq '.files[0].pages = 1e300 | .files[0].stat.size = 1e300 | .files[0].stat.mtime_ns = -1e300
	| .files[0].trim_mm = ["a", {}] | .files[0].why = [1, {}, "x"]
	| .files[0].diagnostics = [1, {"line": 1e99, "file": 3}]' good.json >out/build.json
run_t build site/m.yaml -o out --only roll
expect_exit 0 "build.json with huge numbers and wrong types: exit 0"
expect_stderr "build.json with huge numbers: nothing said, the file checked again" </dev/null

run_t proof site/m.yaml -o out
printf '{"files": [1, {"pdf": "roll/roll.pdf", "pages": [3, {"png": 4}], "frames": 7}, {"pdf": 5, "pages": {}}]}' >out/proof/proof.json
run_t proof site/m.yaml -o out
expect_exit 0 "a proof.json of the wrong shape: exit 0"
expect_no_line_matching err.txt "a proof.json of the wrong shape: no critical from json-glib" 'CRITICAL|assertion'
expect_true "a proof.json of the wrong shape: the roll's proof made again" test -s out/proof/roll/roll-1.png

# --- one file of a series with --only, then the whole series ------------------------------------
{
	echo name,class,college
	for i in $(seq 1 30); do echo "学生$i,建工1901班,jianzhu"; done
} >site/roster.csv
roster_site
sed -i 's/, quantity: 5//' site/m.yaml
run_t build site/m.yaml -o ins
expect_exit 0 "the insert, built"
sed -i 's/^学生2,/学生二,/' site/roster.csv
run_t build site/m.yaml -o ins --only insert/insert-dieline
expect_exit 0 "a roster edit, then --only the die-line: exit 0"
expect_true "the other two files stay in print-order.csv, stale" \
	bash -c "tr -d '\r' <ins/print-order.csv | grep -qx 'insert/insert.pdf,100,100,3,30,1,,,stale'"
run_t build site/m.yaml -o ins
expect_exit 0 "then the whole insert: exit 0"
expect_stdout "the files --only left behind are made again, not taken for done" <<EOF
wrote ins/insert/insert.pdf (30 pages, $(stat -c %s ins/insert/insert.pdf) bytes): the previous file was made from earlier inputs
unchanged ins/insert/insert-dieline.pdf
wrote ins/insert/insert-sheets.pdf (4 pages, $(stat -c %s ins/insert/insert-sheets.pdf) bytes): the previous file was made from earlier inputs
EOF
expect_true "the card shows the edit" bash -c "pdftotext -f 2 -l 2 ins/insert/insert.pdf - | grep -q 学生二"

# --- builds into one OUTDIR at once: one build's sweep must not take another's temporaries ------
for round in 1 2; do
	"$PAIBAN" build site/m.yaml -o ins --force >a.txt 2>&1 &
	a=$!
	"$PAIBAN" build site/m.yaml -o ins --force >b.txt 2>&1 &
	b=$!
	"$PAIBAN" build site/m.yaml -o ins --only insert/insert-sheets >c.txt 2>&1
	echo $? >rc.txt
	wait $a
	ra=$?
	wait $b
	rb=$?
	expect_true "three builds at once, round $round: all exit 0 ($ra, $rb, $(cat rc.txt))" \
		test "$ra$rb$(cat rc.txt)" = 000
	expect_no_line_matching a.txt "three builds at once, round $round: no temporary taken away" 'cannot|, 0 bytes'
	expect_no_line_matching b.txt "three builds at once, round $round: the other neither" 'cannot|, 0 bytes'
done
expect_true "three builds at once: nothing half-written left" test -z "$(find ins -name '.*.tmp-*')"

# --- SIGINT mid-build --------------------------------------------------------------------------
sha256sum ins/insert/*.pdf >good.sum
for delay in 0.3 0.6 0.9; do
	timeout --preserve-status -s INT "$delay" "$PAIBAN" build site/m.yaml -o ins --force \
		>out.txt 2>err.txt
	rc=$?
	expect_true "SIGINT after $delay s: exit 3, or 0 when it had finished (exit $rc)" \
		bash -c "[ $rc = 3 ] || [ $rc = 0 ]"
	expect_no_line_matching err.txt "SIGINT after $delay s: no abort in Cairo" 'Assertion|AddressSanitizer|runtime error'
	expect_no_line_matching out.txt "SIGINT after $delay s: no file reported written with no bytes" ', 0 bytes\)'
	expect_true "SIGINT after $delay s: nothing half-written left" test -z "$(find ins -name '.*.tmp-*')"
	expect_true "SIGINT after $delay s: the previous files intact" sha256sum -c --quiet good.sum
	expect_true "SIGINT after $delay s: print-order.csv lists all three files" \
		test "$(grep -c '^insert/' ins/print-order.csv)" = 3
done
run_t build site/m.yaml -o ins
expect_exit 0 "a build after the interrupts: exit 0"
expect_true "a build after the interrupts: the same bytes" sha256sum -c --quiet good.sum

# --- init: a college folder named in GBK --------------------------------------------------------
mkdir -p gbk/"$(printf '\xbd\xa8\xd6\xfe\xd1\xa7\xd4\xba')"
cp "$PB_FIXTURES/photo-3000x1800.jpg" gbk/"$(printf '\xbd\xa8\xd6\xfe\xd1\xa7\xd4\xba')"/01.jpg
mkdir gbk/jianzhu
cp "$PB_FIXTURES/photo-3000x1800.jpg" gbk/jianzhu/01.jpg
run_t init gbk
expect_exit 0 "init on a GBK folder name: exit 0"
expect_stderr "a GBK name: what it reads as in GBK, to rename it" <<'EOF'
gbk/\xbd\xa8\xd6\xfeѧԺ: warning: this name is not UTF-8 (from a zip made on another system?); in GBK it reads '建筑学院': rename it so; left out [init.name]
EOF
expect_line out.txt "init's summary in the singular" \
	"wrote gbk/manifest.yaml: 1 college, 1 photo, 0 testimonials, 0 blessings, 0 outstanding graduates, 0 honorees"

# --- watch: the manifest deleted while watched -------------------------------------------------
wait_for() { # wait_for N PATTERN: until watch.txt has N lines matching PATTERN (or 30 s pass)
	for _ in $(seq 1 300); do
		[ "$(grep -c -- "$2" watch.txt 2>/dev/null)" -ge "$1" ] && return 0
		sleep 0.1
	done
	return 1
}
honor_site "$(printf '学%.0s' $(seq 400))"
"$PAIBAN" watch site/m.yaml -o w >watch.txt 2>&1 &
pid=$!
expect_true "watch: the first build" wait_for 1 ' written, '
mv site/m.yaml m.yaml.away
expect_true "watch: the manifest deleted is reported" wait_for 1 "cannot read manifest 'site/m.yaml'"
expect_true "watch: and counted as an error in the summary" wait_for 1 ' removed; 1 error, '
mv m.yaml.away site/m.yaml
expect_true "watch: the manifest back builds again" wait_for 3 ' written, '
kill -INT $pid
wait $pid
expect_true "watch: SIGINT ends it with exit 0" test $? = 0

# A designer's own layout beside the manifest that is not a file (a FIFO, a dangling link): an
# error at the output's layout, never the shipped layout of that name in its place.
mkdir -p own/layouts
cat >own/m.yaml <<'YAML'
paiban: 1
event: {school: 测试学院, title: 青春不散场，奋进新征程, date: 2022-06-21}
colleges:
  - {id: a, name: 测试学院}
outputs:
  - {id: boards, kind: board, layout: board-120x240}
rules: {college.photos: off, college.testimonials: off}
YAML
mkfifo own/layouts/board-120x240.yaml
run_t check own/m.yaml
expect_exit 1 "a local layout that is a FIFO: exit 1, no wait"
expect_line err.txt "a local layout that is a FIFO: said, not replaced" \
	"own/m.yaml:6:39: error: layout 'board-120x240' is 'own/layouts/board-120x240.yaml', which is not a regular file; the shipped layout is not used in its place [layout.missing]"
rm own/layouts/board-120x240.yaml
ln -s nowhere.yaml own/layouts/board-120x240.yaml
run_t check own/m.yaml
expect_exit 1 "a local layout that is a dangling link: exit 1"
