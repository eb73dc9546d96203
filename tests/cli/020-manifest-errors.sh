#!/usr/bin/env bash
# Loader errors, each with its exact position: syntax, unknown keys, types, missing fields,
# duplicates, versions, encodings, paths that leave the tree.  Exit status 1 for all.
. "$(dirname "$0")/../lib.sh"

# check_case DESCRIPTION EXPECTED-STDERR-LINE : runs check on m.yaml (written before).
check_case() {
	run check m.yaml
	expect_exit 1 "$1: exit 1"
	expect_line err.txt "$1" "$2"
}

cat >m.yaml <<'YAML'
paiban: 1
event: {school: 学校, title: 主题, date: 2022-06-21}
colleges:
  - id: a
    name: 学院
    photos:
      - {file: a.jpg, titel: 最后一课, class: 一班}
YAML
check_case "an unknown key, with a suggestion" \
	"m.yaml:7:23: error: unknown key 'titel' in photo 1 of a; did you mean 'title'? [schema.key]"

cat >m.yaml <<'YAML'
paiban: 1
event: {school: 学校, title: 主题, date: 2022-06-21, colour: red}
colleges: []
YAML
check_case "an unknown key far from any known" \
	"m.yaml:2:50: error: unknown key 'colour' in event (known keys: school, title, edition, motto, date, logo) [schema.key]"

cat >m.yaml <<'YAML'
paiban: 1
event: {school: 学校, title: 主题, date: 2022-06-21
colleges: []
YAML
check_case "a YAML syntax error" \
	"m.yaml:3:9: error: did not find expected ',' or '}' while parsing a flow mapping that starts at line 2 [yaml.syntax]"

cat >m.yaml <<'YAML'
paiban: 1
event: {school: 学校, title: 主题, date: 2022-06-21}
colleges:
  - id: a
    name: 学院
    photos: 最后一课
YAML
check_case "a wrong type" \
	"m.yaml:6:13: error: 'photos' of a must be a list, not text [schema.type]"

cat >m.yaml <<'YAML'
paiban: 1
event: {school: 学校, date: 2022-06-21}
colleges:
  - id: a
    name: 学院
    testimonials:
      - {name: 张明, text: 四年时光}
YAML
check_case "a missing field of the event" "m.yaml:2:8: error: event has no 'title' [schema.missing]"
expect_line err.txt "a missing field of an item" \
	"m.yaml:7:9: error: testimonial 1 of a has no 'class' [schema.missing]"

cat >m.yaml <<'YAML'
paiban: 1
event: {school: 学校, title: 主题, date: 2022-06-21}
colleges:
  - id: a
    name: 学院
    name: 又一个
YAML
check_case "a duplicate key" \
	"m.yaml:6:5: error: duplicate key 'name' (first given at line 5) [yaml.duplicate-key]"

cat >m.yaml <<'YAML'
paiban: 2
event: {school: 学校, title: 主题, date: 2022-06-21}
YAML
check_case "an unsupported version" \
	"m.yaml:1:9: error: unsupported manifest version '2'; this paiban reads version 1 [manifest.version]"

printf 'paiban: 1\nevent: {school: \xe5\xad, title: t, date: 2022-06-21}\n' >m.yaml
check_case "invalid UTF-8" \
	"m.yaml:2:18: error: invalid trailing UTF-8 octet (byte 0x2C); the file must be UTF-8 [yaml.encoding]"

cat >m.yaml <<'YAML'
paiban: 1
event: {school: 学校, title: 主题, date: 2022-06-21, logo: ../logo.svg}
colleges:
  - id: a
    name: 学院
    folder: sub
    blessings:
      - {role: dean, name: 李华, text: 祝福, portrait: ../../etc/passwd}
      - {role: dean, name: 李华, text: 祝福, portrait: /etc/passwd}
YAML
check_case "a path that climbs out of the manifest's folder" \
	"m.yaml:2:56: error: path '../logo.svg' leaves the manifest's folder; material must sit inside it [manifest.path]"
expect_line err.txt "a college path that climbs out" \
	"m.yaml:8:52: error: path '../../etc/passwd' leaves the manifest's folder; material must sit inside it [manifest.path]"
expect_line err.txt "an absolute path" \
	"m.yaml:9:52: error: path '/etc/passwd' leaves the manifest's folder; material must sit inside it [manifest.path]"

# --- symbolic links: judged by where they lead, with the error '../x.jpg' gets -----------------
# site/ is the manifest's folder; elsewhere/ is another folder of the machine.
mkdir -p site/own elsewhere/photos
cp "$PB_FIXTURES/photo-3000x1800.jpg" elsewhere/photos/x.jpg
cp "$PB_FIXTURES/photo-3000x1800.jpg" site/own/y.jpg
cp "$PB_FIXTURES/logo.svg" elsewhere/logo.svg
ln -s ../elsewhere/photos site/img                # a folder that leads out
ln -s "$SCRATCH/elsewhere/logo.svg" site/logo.svg # a file that leads out, absolute
ln -s ../elsewhere site/college-b                 # a college's folder that leads out
ln -s own site/shared                             # links that stay inside keep working
ln -s own/y.jpg site/y-link.jpg
cat >site/m.yaml <<'YAML'
paiban: 1
event: {school: 学校, title: 主题, date: 2022-06-21, logo: logo.svg}
colleges:
  - id: a
    name: 学院
    photos:
      - {file: img/x.jpg, title: 外面的照片, class: 一班}
      - {file: img/missing.jpg, title: 外面没有的照片, class: 一班}
      - {file: shared/y.jpg, title: 里面的照片, class: 一班}
      - {file: y-link.jpg, title: 里面的链接, class: 一班}
  - id: b
    name: 学院
    folder: college-b
rules: {college.photos: off, college.testimonials: off, image.pixels: off}
YAML
run check site/m.yaml
expect_exit 1 "symlinks that lead out: exit 1"
expect_stderr "each one is refused at its line, as '../x.jpg' is; links inside are fine" <<'EOF'
site/m.yaml:2:56: error: path 'logo.svg' leaves the manifest's folder (through a symbolic link); material must sit inside it [manifest.path]
site/m.yaml:7:16: error: path 'img/x.jpg' leaves the manifest's folder (through a symbolic link); material must sit inside it [manifest.path]
site/m.yaml:8:16: error: path 'img/missing.jpg' leaves the manifest's folder (through a symbolic link); material must sit inside it [manifest.path]
site/m.yaml:13:13: error: path 'college-b' leaves the manifest's folder (through a symbolic link); material must sit inside it [manifest.path]
EOF
# build reads nothing from elsewhere/ and writes nothing.
run build site/m.yaml -o out
expect_exit 1 "build with a symlink that leads out: exit 1"
expect_true "build writes no file" test ! -e out/boards
sed -i -e '/img\//d' -e 's/, logo: logo.svg//' -e '/id: b/,/folder/d' site/m.yaml
run check site/m.yaml
expect_exit 0 "links that stay inside the folder keep working: exit 0"
expect_line out.txt "and their photos are read" \
	"1 college: 2 photos, 0 testimonials, 0 blessings, 0 outstanding graduates, 0 honorees; 2 images read"

cat >m.yaml <<'YAML'
paiban: 1
event: {school: 学校, title: 主题, date: 2022-06-31}
colleges:
  - {id: 建筑, name: 学院}
  - {id: b, name: 学院}
  - {id: b, name: 学院}
outputs:
  - {id: boards, kind: poster, layout: board-120x240}
  - {id: honor, kind: honor, layout: board-120x240}
  - {id: roll, kind: honor-roll, layout: nowhere}
YAML
check_case "an impossible date" "m.yaml:2:38: error: 'date' must be a day written YYYY-MM-DD, not '2022-06-31' [schema.value]"
expect_line err.txt "a college id that is not a slug" \
	"m.yaml:4:10: error: college id '建筑' must be lowercase ASCII letters, digits, - or _ (it names files) [schema.value]"
expect_line err.txt "a duplicate college id" \
	"m.yaml:6:10: error: college id 'b' is used twice (first at line 5) [schema.duplicate]"
expect_line err.txt "an unknown output kind" \
	"m.yaml:8:24: error: 'kind' of output 1 must be one of board, honor, honor-roll, insert, not 'poster' [schema.value]"
expect_line err.txt "a layout of the wrong kind" \
	"m.yaml:9:38: error: layout 'board-120x240' is for kind 'board', but output 'honor' is 'honor' [layout.kind]"
expect_line err.txt "an unknown layout" \
	"m.yaml:10:42: error: no layout 'nowhere' (looked in layouts/ beside the manifest and in $ROOT/layouts) [layout.missing]"

cat >m.yaml <<'YAML'
paiban: 1
event: {school: 学校, title: 主题, date: 2022-06-21}
colleges: []
rules:
  college.photo: {min: 3}
  blessing.length: {longest: 120}
  star.story: loud
YAML
check_case "an unknown rule" "m.yaml:5:3: error: unknown rule 'college.photo' [schema.key]"
expect_line err.txt "an unknown rule parameter" \
	"m.yaml:6:21: error: rule 'blessing.length' has no parameter 'longest' (it has: severity, long, short) [schema.key]"
expect_line err.txt "an unknown severity" \
	"m.yaml:7:15: error: severity of rule 'star.story' must be off, note, warning or error, not 'loud' [schema.value]"

# Errors are sorted by position, whatever order they were found in.
cat >m.yaml <<'YAML'
paiban: 1
event: {school: 学校, date: 2022-06-21, extra: 1}
colleges:
  - {id: a, name: 学院, photos: x}
YAML
run check m.yaml
expect_stderr "several errors come sorted by position" <<'EOF'
m.yaml:2:8: error: event has no 'title' [schema.missing]
m.yaml:2:39: error: unknown key 'extra' in event (known keys: school, title, edition, motto, date, logo) [schema.key]
m.yaml:4:5: warning: college a has 0 photos (or groups), at least 10 are asked for [college.photos]
m.yaml:4:5: warning: college a has 0 testimonials, at least 20 are asked for [college.testimonials]
m.yaml:4:31: error: 'photos' of a must be a list, not text [schema.type]
EOF

# A layout's own errors point into the layout file.
mkdir -p layouts
cat >layouts/mine.yaml <<'YAML'
kind: board
size: 1200 x 2400
bleed: 5
palette: {red: red}
YAML
cat >m.yaml <<'YAML'
paiban: 1
event: {school: 学校, title: 主题, date: 2022-06-21}
colleges: []
outputs:
  - {id: boards, kind: board, layout: mine}
YAML
run check m.yaml
expect_exit 1 "a broken layout: exit 1"
expect_stderr "a broken layout's errors point into the layout" <<'EOF'
layouts/mine.yaml:2:7: error: 'size': a size is written WIDTH x HEIGHT with units, e.g. 1200mm x 2400mm [schema.value]
layouts/mine.yaml:3:8: error: 'bleed': a length needs a unit: mm, cm, pt, in or px [schema.value]
layouts/mine.yaml:4:16: error: colour 'red' must be written #rrggbb [schema.value]
EOF

# CRLF line ends and a BOM are fine.
printf '\xef\xbb\xbfpaiban: 1\r\nevent: {school: 学校, title: 主题, date: 2022-06-21}\r\ncolleges: []\r\n' >m.yaml
run check m.yaml
expect_exit 0 "a BOM and CRLF line ends are accepted"

# Rule parameters that contradict each other would make a rule fire on everything.
cat >m.yaml <<'YAML'
paiban: 1
event: {school: 学校, title: 主题, date: 2022-06-21}
colleges: []
rules:
  star.story: {min: 700, max: 600}
  honoree.photo: {red_share: 60}
YAML
check_case "a rule whose min is above its max" \
	"m.yaml:5:15: error: rule 'star.story': 'min' (700) is above 'max' (600) [schema.value]"
expect_line err.txt "a share above 1" \
	"m.yaml:6:18: error: rule 'honoree.photo': 'red_share' is a share of the border, from 0 to 1 [schema.value]"

# --- at a terminal: the source line and a caret under the column ---------------------------------
# script(1) gives paiban a terminal for stderr.  The caret sits under the character the column
# names, after CJK characters that take two terminal columns each.
cat >m.yaml <<'YAML'
paiban: 1
event: {school: 学校, title: 主题, date: 2022-06-21}
colleges:
  - {id: a, name: 学院, 颜色: 红}
rules: {college.photos: off, college.testimonials: off}
YAML
at_terminal() { # at_terminal ARGS... : paiban's stderr at a terminal, in err.txt, CRs removed
	script -qec "$(printf '%q ' "$PAIBAN" "$@") 2>&1 >/dev/null" /dev/null </dev/null |
		tr -d '\r' >err.txt
}
at_terminal check m.yaml
expect_stderr "at a terminal: the diagnostic, its line and a caret under 颜色" <<'EOF'
m.yaml:4:23: error: unknown key '颜色' in college 1 (known keys: id, name, folder, photos, testimonials, blessings, star, honorees) [schema.key]
    4 |   - {id: a, name: 学院, 颜色: 红}
      |                         ^
EOF
at_terminal check --no-caret m.yaml
expect_stderr "at a terminal with --no-caret: one line" <<'EOF'
m.yaml:4:23: error: unknown key '颜色' in college 1 (known keys: id, name, folder, photos, testimonials, blessings, star, honorees) [schema.key]
EOF
run check m.yaml
expect_stderr "not at a terminal: one line" <<'EOF'
m.yaml:4:23: error: unknown key '颜色' in college 1 (known keys: id, name, folder, photos, testimonials, blessings, star, honorees) [schema.key]
EOF
