#!/usr/bin/env bash
# Hostile input, as a fuzzer found it: devices and FIFOs where a manifest or a layout should be,
# dates that sscanf would take, paths that name the manifest's folder, a college without an id,
# layouts of absurd geometry, merge keys, and YAML built to hurt (aliases, nesting, NUL,
# surrogates).  Each gets its exact diagnostic and exit status, and never a crash, a hang or a
# sanitizer report (these run under ASan and UBSan).
. "$(dirname "$0")/../lib.sh"

# run_t ARGS... : run, but a hang is a failure (exit 124), not a stuck test suite.
run_t() {
	timeout "${LIMIT:-60}" "$PAIBAN" "$@" >out.txt 2>err.txt
	echo $? >rc.txt
}

cp -r "$PB_FIXTURES" img

# --- where the manifest should be -------------------------------------------------------------
run_t check /dev/zero
expect_exit 3 "a device as the manifest: exit 3, not an endless read"
expect_stderr "a device as the manifest is refused" <<'EOF'
paiban check: cannot read manifest '/dev/zero': Error reading file “/dev/zero”: not a regular file
EOF

mkfifo fifo.yaml
run_t check fifo.yaml
expect_exit 1 "a FIFO with no writer as the manifest: exit 1, not a wait forever"
expect_stderr "a FIFO with no writer reads as an empty manifest" <<'EOF'
fifo.yaml:1:1: error: the manifest is empty [schema.missing]
EOF

printf 'paiban: 1\nevent: {school: s, title: t, date: 2022-06-21}\ncolleges: []\n' >piped.yaml
timeout 60 "$PAIBAN" check /dev/stdin <piped.yaml >out.txt 2>err.txt
echo $? >rc.txt
expect_exit 0 "a manifest on stdin (a regular file) still reads"
cat piped.yaml | timeout 60 "$PAIBAN" check /dev/stdin >out.txt 2>err.txt
echo $? >rc.txt
expect_exit 0 "a manifest through a pipe still reads"

truncate -s 65M big.yaml
run_t check big.yaml
expect_exit 3 "a manifest above 64 MiB: exit 3"
expect_stderr "a manifest above 64 MiB is refused before it is read" <<'EOF'
paiban check: cannot read manifest 'big.yaml': Error reading file “big.yaml”: larger than 64 MiB
EOF

# --- where a layout should be -------------------------------------------------------------------
mkdir -p layouts
ln -s /proc/self/mem layouts/mem.yaml # "regular", but reading it fails
truncate -s 65M layouts/big.yaml
cat >m.yaml <<'YAML'
paiban: 1
event: {school: 学校, title: 主题, date: 2022-06-21}
colleges: []
outputs:
  - {id: a, kind: board, layout: mem}
  - {id: b, kind: board, layout: big}
YAML
run_t check m.yaml
expect_exit 1 "unreadable layouts: exit 1"
expect_stderr "an unreadable layout is an error at the manifest's reference to it" <<'EOF'
m.yaml:5:34: error: cannot read layout: Error reading file “layouts/mem.yaml”: Input/output error [layout.read]
m.yaml:6:34: error: cannot read layout: Error reading file “layouts/big.yaml”: larger than 64 MiB [layout.read]
EOF

# --- dates that sscanf("%4u-%2u-%2u") would take -------------------------------------------------
for date in -001-01-01 +022-06-21 ' 022-06-21' 2022-06-+1 2022-+6-21 0000-01-01; do
	printf 'paiban: 1\nevent: {school: s, title: t, date: "%s"}\ncolleges: []\n' "$date" >m.yaml
	run_t check m.yaml
	expect_exit 1 "date '$date': exit 1"
	expect_stderr "date '$date' is not a day" <<EOF
m.yaml:2:36: error: 'date' must be a day written YYYY-MM-DD, not '$date' [schema.value]
EOF
done

# --- paths that name the manifest's folder itself ----------------------------------------------
cat >m.yaml <<'YAML'
paiban: 1
event: {school: 学校, title: 主题, date: 2022-06-21, logo: .}
colleges:
  - id: a
    name: 学院
    folder: ./
    photos:
      - {file: img/.., title: 照片, class: 一班}
      - {file: img/jpeg-baseline.jpg, title: 照片, class: 一班}
rules: {college.photos: off, college.testimonials: off, image.pixels: off}
YAML
run_t check m.yaml
expect_exit 1 "'.' as a file: exit 1"
expect_stderr "'.' is the manifest's folder, not a file; a college's folder may be it" <<'EOF'
m.yaml:2:56: error: path '.' names the manifest's folder itself, not a file [manifest.path]
m.yaml:8:16: error: path 'img/..' names the manifest's folder itself, not a file [manifest.path]
EOF

# --- a college without an id: its items are still checked, and named by position ---------------
cat >m.yaml <<'YAML'
paiban: 1
event: {school: 学校, title: 主题, date: 2022-06-21}
colleges:
  - name: 学院
    photos:
      - {file: img/jpeg-baseline.jpg, title: 照片, class: 一班, status: pending}
YAML
run_t check m.yaml
expect_exit 1 "a college without an id: exit 1"
expect_stderr "a college without an id is named by its line, never '(null)'" <<'EOF'
m.yaml:4:5: error: college 1 has no 'id' [schema.missing]
m.yaml:4:5: warning: college at line 4 has 0 photos (or groups), at least 10 are asked for [college.photos]
m.yaml:4:5: warning: college at line 4 has 0 testimonials, at least 20 are asked for [college.testimonials]
EOF
expect_line out.txt "a left-out item of a college without an id" \
	"m.yaml:6:9: left out (pending): photo 照片 (college at line 4)"

# --- one ID photo referred to by many honorees is measured once -------------------------------
{
	printf 'paiban: 1\nevent: {school: 学校, title: 主题, date: 2022-06-21}\ncolleges:\n'
	printf '  - id: a\n    name: 学院\n    honorees:\n'
	for i in $(seq 1 10000); do
		printf '      - {name: 学生, class: 一班, level: school, photo: img/id-red.png}\n'
	done
	printf 'rules: {college.photos: off, college.testimonials: off}\n'
} >m.yaml
LIMIT=15 run_t check m.yaml # it took 30 s and more when each honoree decoded the photo again
expect_exit 0 "10000 honorees with one ID photo: exit 0, in seconds"
expect_stdout "10000 honorees, one image read" <<'EOF'
1 college: 0 photos, 0 testimonials, 0 blessings, 0 outstanding graduates, 10000 honorees; 1 image read
0 errors, 0 warnings, 0 items left out
EOF

# --- layouts of absurd geometry ----------------------------------------------------------------
# layout_case DESCRIPTION LAYOUT-LINE EXPECTED : the shipped board with one line replaced.
layout_case() {
	local key=${2%%:*}
	grep -v "^$key:" "$ROOT/layouts/board-120x240.yaml" >layouts/mine.yaml
	printf '%s\n' "$2" >>layouts/mine.yaml
	cat >m.yaml <<'YAML'
paiban: 1
event: {school: 学校, title: 主题, date: 2022-06-21}
colleges: []
outputs:
  - {id: boards, kind: board, layout: mine}
YAML
	run_t check m.yaml
	expect_exit 1 "$1: exit 1"
	expect_stderr "$1" <<<"$3"
}
layout_case "a page of 1e308 cm" "size: 1e308cm x 1e308cm" \
	"layouts/mine.yaml:24:7: error: 'size': each side must be from 10 mm to 10000 mm, not '1e308cm x 1e308cm' [schema.value]"
layout_case "a page of 0.001 mm" "size: 0.001mm x 99999mm" \
	"layouts/mine.yaml:24:7: error: 'size': each side must be from 10 mm to 10000 mm, not '0.001mm x 99999mm' [schema.value]"
layout_case "a bleed of 1e300 mm" "bleed: 1e300mm" \
	"layouts/mine.yaml:24:8: error: 'bleed' must be at most 50 mm, not '1e300mm' [schema.value]"
layout_case "a gutter of 1e300 mm" "gutter: 1e300mm" \
	"layouts/mine.yaml:25:9: error: 'gutter' must be at most 10000 mm, not '1e300mm' [schema.value]"
layout_case "a gutter as wide as the room between the margins" "gutter: 1040mm" \
	"layouts/mine.yaml:25:9: error: 'gutter' of 1040 mm leaves no room between the margins (1040 mm apart) [schema.value]"
layout_case "type of 1e30 pt" "text_size: [10pt, 1e30pt]" \
	"layouts/mine.yaml:25:19: error: 'text_size' must be from 1 pt to 1000 pt, not '1e30pt' [schema.value]"
layout_case "type of 0.0001 pt" "text_size: [0.0001pt, 10pt]" \
	"layouts/mine.yaml:25:13: error: 'text_size' must be from 1 pt to 1000 pt, not '0.0001pt' [schema.value]"
layout_case "photo rows of 1e300 mm" "photo_rows: [1e300mm, 1e300mm, 1e300mm]" \
	"layouts/mine.yaml:25:14: error: 'photo_rows' must be from 1 mm to the page's height, not '1e300mm' [schema.value]"
layout_case "photo rows taller than the page" "photo_rows: [100mm, 200mm, 2241mm]" \
	"layouts/mine.yaml:25:28: error: 'photo_rows': a row of 2241 mm is taller than the page within its margins (2240 mm) [schema.value]"
layout_case "photo rows inverted" "photo_rows: [300mm, 200mm, 100mm]" \
	"layouts/mine.yaml:25:21: error: 'photo_rows' must not decrease: min, target, max [schema.value]"

# The largest layout that loads builds, clean under the sanitizers (before the bounds, a
# 1e6 mm page or a 1e300 mm gutter overflowed Pango's units in text.c).
grep -v '^size:' "$ROOT/layouts/board-120x240.yaml" >layouts/mine.yaml
echo 'size: 10000mm x 10000mm' >>layouts/mine.yaml
cat >m.yaml <<'YAML'
paiban: 1
event: {school: 学校, title: 主题, date: 2022-06-21}
colleges: []
outputs:
  - {id: boards, kind: board, layout: mine}
YAML
run_t build m.yaml -o out
expect_exit 0 "a 10 × 10 m board builds: exit 0"

# --- YAML built to hurt ---------------------------------------------------------------------------
cat >m.yaml <<'YAML'
paiban: 1
event: {school: s, title: t, date: 2022-06-21}
colleges:
  - &c {id: a, name: n}
  - <<: *c
    id: b
    xy: 1
YAML
run_t check m.yaml
expect_exit 1 "a merge key: exit 1"
expect_line err.txt "a merge key is refused by name" \
	"m.yaml:5:5: error: merge keys ('<<') are not supported in college 2; write the keys out [schema.key]"
expect_line err.txt "a two-letter key gets no far-fetched suggestion" \
	"m.yaml:7:5: error: unknown key 'xy' in college 2 (known keys: id, name, folder, photos, testimonials, blessings, star, honorees) [schema.key]"

{
	echo 'a: &a [x, x, x, x, x, x, x, x, x, x]'
	prev=a
	for n in b c d e f g h i; do
		printf '%s: &%s [*%s, *%s, *%s, *%s, *%s, *%s, *%s, *%s, *%s, *%s]\n' $n $n \
			$prev $prev $prev $prev $prev $prev $prev $prev $prev $prev
		prev=$n
	done
} >m.yaml
run_t check m.yaml
expect_exit 1 "a billion laughs: exit 1"
expect_stderr "a billion laughs is refused" <<'EOF'
m.yaml:5:36: error: aliases expand to more than 100000 nodes; refusing a document that multiplies itself [yaml.alias]
EOF

{
	printf 'paiban: 1\nevent: '
	head -c 100000 /dev/zero | tr '\0' '['
	head -c 100000 /dev/zero | tr '\0' ']'
	echo
} >m.yaml
run_t check m.yaml
expect_exit 1 "100000 nested lists: exit 1"
expect_stderr "100000 nested lists are refused at the 65th" <<'EOF'
m.yaml:2:71: error: nesting deeper than 64 levels [yaml.depth]
EOF

printf 'paiban: 1\nevent: {school: "a\\0b", title: "\\ud800", date: 2022-06-21}\ncolleges: []\n' >m.yaml
run_t check m.yaml
expect_exit 1 "NUL and a lone surrogate: exit 1"
expect_stderr "a NUL escape is refused" <<'EOF'
m.yaml:2:17: error: text contains a NUL character [yaml.syntax]
EOF

printf 'paiban: 1\nevent: {school: s, title: "\\ud800", date: 2022-06-21}\ncolleges: []\n' >m.yaml
run_t check m.yaml
expect_exit 1 "a lone surrogate: exit 1"
expect_stderr "a lone surrogate escape is refused" <<'EOF'
m.yaml:2:30: error: found invalid Unicode character escape code while parsing a quoted scalar that starts at line 2 [yaml.syntax]
EOF

# Found after the first round: an image that is a FIFO must not block the check; a huge file
# that starts like a JPEG is refused after 16 MB of header, not read to its end; control
# characters in a quoted name stay escaped, one diagnostic a line; an over-long text is
# refused before it reaches the line breaker.
mkdir -p late && cd late || exit 1
mkfifo fifo.jpg
printf '\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00' >big.jpg
truncate -s 1G big.jpg
long=$(head -c 10001 /dev/zero | tr '\0' 'a')
cat >m.yaml <<YAML
paiban: 1
event: {school: s, title: "$long", date: 2022-06-21, logo: "x\ty\r\n\e[31m.svg"}
colleges:
  - id: a
    name: n
    photos:
      - {file: fifo.jpg, title: t, class: c}
      - {file: big.jpg, title: t, class: c}
rules: {college.photos: off, college.testimonials: off}
YAML
run check m.yaml
expect_exit 1 "late findings: exit 1"
expect_stderr "late findings: each one line, escaped, with its position" <<'EOF'
m.yaml:2:27: error: 'title' of event is 10001 characters long; at most 10000 are set [schema.value]
m.yaml:2:10056: error: cannot read image 'x\x09y\x0d\x0a\x1b[31m.svg': no such file [image.readable]
m.yaml:7:16: error: cannot read image 'fifo.jpg': not a regular file [image.readable]
m.yaml:8:16: error: cannot read image 'big.jpg': bad JPEG header (no image data in its first 16 MB) [image.readable]
EOF
cd ..

# A path copied from Windows Explorer, its folders divided by backslashes: here \ is a character
# of the name, so the file is not found; the error says how to write it, and names the file
# meant when it is there.
mkdir -p win/photos
cp "$PB_FIXTURES/photo-3000x1800.jpg" win/photos/a.jpg
cd win
cat >m.yaml <<'YAML'
paiban: 1
event: {school: s, title: t, date: 2022-06-21}
colleges:
  - id: a
    name: n
    photos:
      - {file: 'photos\a.jpg', title: t, class: c}
      - {file: 'photos\b.jpg', title: t, class: c}
    testimonials:
      - {name: 张明, class: 一班, text: 三年前第一次戴上安全帽，觉得又闷又重。}
outputs:
  - {id: boards, kind: board, layout: board-120x240}
rules: {college.photos: off, college.testimonials: off, image.pixels: off}
YAML
run check m.yaml
expect_exit 1 "backslashes: exit 1"
expect_stderr "backslashes: the path as it is meant, once each though a board composes them too" <<'EOF'
m.yaml:7:16: error: cannot read image 'photos\a.jpg': no such file; did you mean 'photos/a.jpg'? (folders are divided by /, not \) [image.readable]
m.yaml:8:16: error: cannot read image 'photos\b.jpg': no such file (folders are divided by /; a \ is part of a file's name here) [image.readable]
EOF
cd ..

# The hint never names a file outside the manifest's folder: '..\secret.txt' slashed would
# climb out of it, so the hint says how paths are written and names nothing.
cd win
echo secret >../secret.jpg
sed -i 's|photos\\b.jpg|..\\secret.jpg|' m.yaml
run check m.yaml
expect_line err.txt "backslashes: no hint of a file outside the folder" \
	"m.yaml:8:16: error: cannot read image '..\\secret.jpg': no such file (folders are divided by /; a \\ is part of a file's name here) [image.readable]"
cd ..

# Under a college's folder, the path meant is named as it is written there: relative to that
# folder, 'photos\\c.jpg' (two backslashes) folded to 'photos/c.jpg'.
mkdir -p win2/学院/photos
cp "$PB_FIXTURES/photo-3000x1800.jpg" win2/学院/photos/c.jpg
cat >win2/m.yaml <<'YAML'
paiban: 1
event: {school: s, title: t, date: 2022-06-21}
colleges:
  - id: a
    name: n
    folder: 学院
    photos:
      - {file: 'photos\\c.jpg', title: t, class: c}
rules: {college.photos: off, college.testimonials: off}
YAML
cd win2
run check m.yaml
expect_line err.txt "backslashes under a college folder: named as written there" \
	"m.yaml:8:16: error: cannot read image '学院/photos\\\\c.jpg': no such file; did you mean 'photos/c.jpg'? (folders are divided by /, not \\) [image.readable]"
cd ..
