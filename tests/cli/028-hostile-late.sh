#!/usr/bin/env bash
# Hostile input that passes the older rules and still goes wrong late, on the page or in the
# sanitizers: a name behind a right-to-left override (printed back to front), a name of a
# zero-width space or of accents alone (a blank, or dotted circles), a personal line typed
# over two lines in its cell, a roster header with empty cells after it under --strict, the
# roster's encoding written as a list, an ID photo that only its border read finds unreadable,
# in a draft, an ID photo of 200 MB, a roll of 1,000 distinct ID photos, a layout naming a
# font family that is not installed.  Each gets its exact diagnostic and exit status, and never
# a crash or a sanitizer report (these run under ASan and UBSan).
. "$(dirname "$0")/../lib.sh"

mkdir -p site
cp -r "$PB_FIXTURES" site/img
roll_site() { # roll_site FILE <HONOREES : a roll of one college's honorees, one a line
	{
		cat <<'YAML'
paiban: 1
event: {school: 测试学院, title: 青春不散场，奋进新征程, edition: 2022届毕业季, date: 2022-06-21}
colleges:
  - id: jianzhu
    name: 建筑工程学院
    honorees:
YAML
		cat
		printf 'outputs:\n  - {id: roll, kind: honor-roll, layout: roll-a3}\n'
		printf 'rules: {college.photos: off, college.testimonials: off}\n'
	} >"$1"
}

# --- text that prints wrong -------------------------------------------------------------------
# U+202E before a name prints it back to front (伟明张); U+200B alone prints nothing; accents
# alone print on dotted circles.  Refused where they are written, in the manifest as in the
# roster (test-roster.c).
roll_site site/m.yaml <<'EOF2'
      - {name: "\u202e张明伟", class: 建工1901班, level: provincial, photo: img/id-red.jpg}
      - {name: "\u200b", class: 建工1901班, level: provincial, photo: img/id-red.jpg}
      - {name: "\u0301\u0301", class: 建工1901班, level: provincial, photo: img/id-red.jpg}
      - {name: 李四, class: "建工1901班\u2066", level: provincial, photo: img/id-red.jpg}
      - {name: "José", class: 建工1901班, level: provincial, photo: img/id-red.jpg}
EOF2
run build site/m.yaml -o out
expect_exit 1 "names that print wrong: exit 1"
expect_stderr "each refused at its line, an accented name kept" <<'EOF2'
site/m.yaml:7:16: error: 'name' of honoree 1 of jianzhu holds U+202E, a direction control: it would print reordered or back to front [schema.value]
site/m.yaml:8:16: error: 'name' of honoree 2 of jianzhu shows no character: it holds only invisible characters or marks with nothing to sit on (U+200B first) [schema.value]
site/m.yaml:9:16: error: 'name' of honoree 3 of jianzhu shows no character: it holds only invisible characters or marks with nothing to sit on (U+0301 first) [schema.value]
site/m.yaml:10:27: error: 'class' of honoree 4 of jianzhu holds U+2066, a direction control: it would print reordered or back to front [schema.value]
EOF2
expect_true "no roll is written" test ! -e out/roll/roll.pdf

printf 'name,class,college\n\xe2\x80\xae张明伟,建工1901班,jianzhu\n李四,建工1901班,jianzhu\n' >site/roster.csv
cat >site/i.yaml <<'YAML'
paiban: 1
event: {school: 测试学院, title: 青春不散场，奋进新征程, edition: 2022届毕业季, date: 2022-06-21}
colleges:
  - {id: jianzhu, name: 建筑工程学院}
graduates: roster.csv
outputs:
  - {id: insert, kind: insert, layout: insert-100}
rules: {college.photos: off, college.testimonials: off}
YAML
run build site/i.yaml -o out
expect_exit 1 "a roster name behind U+202E: exit 1"
expect_line err.txt "refused at its cell, not printed back to front" \
	"site/roster.csv:2:1: error: name holds U+202E, a direction control: the card would print it reordered or back to front [roster.value]"
expect_true "no card is written" test ! -e out/insert/insert.pdf

# A blessing typed over two lines (Alt+Enter in an Excel cell): the card's personal line is one
# line, so it is refused as such, not left to the layout to say that it does not fit.
printf 'name,class,college,blessing\n张明,建工1901班,jianzhu,"祝你\n前程似锦"\n李四,建工1901班,jianzhu,祝你前程似锦\n' >site/roster.csv
run build site/i.yaml -o out
expect_exit 1 "a blessing over two lines: exit 1"
expect_stderr "said as a line break at its cell, not as text that does not fit" <<'EOF2'
site/roster.csv:2:20: error: blessing runs over two lines; the card sets it on one (a line break typed in the cell: Alt+Enter in Excel) [roster.value]
EOF2

# Excel's "name,class,college,,," (cells once formatted beyond the table): the final run
# (--strict) is not stopped by three warnings of columns named ''.
printf 'name,class,college,,,\r\n张明,建工1901班,jianzhu,,,\r\n' >site/roster.csv
run build site/i.yaml -o strict --strict
expect_exit 0 "a header with empty cells after it, --strict: exit 0"
expect_stderr "nothing said of the columns with no name and no value" </dev/null
expect_true "the card is written" test -s strict/insert/insert.pdf

# --- the roster's encoding written as a list ------------------------------------------------------
sed -i 's/^graduates: .*/graduates: {file: roster.csv, encoding: [gb18030]}/' site/i.yaml
run check site/i.yaml
expect_exit 1 "an encoding written as a list: exit 1"
expect_stderr "a list is said to be a list, not ''" <<'EOF2'
site/i.yaml:5:41: error: 'encoding' of graduates must be utf-8 or gb18030, not a list [schema.type]
EOF2

# --- an ID photo found unreadable only by its border read, in a draft ----------------------------
# A progressive JPEG whose first scan asks for coefficients 0 to 70: its header probes well, so
# it is placed as itself; only decoding it (the border read, which overlaps the build) fails.
# A draft draws placeholders for the photos the check could not read, but this one was drawn as
# its bytes, which no reader can decode (qpdf --check warned of the stream): the draft's roll
# is stopped like the final one, and the roll of the build before is kept.
roll_of() { # roll_of PHOTO : two honorees, the second's photo PHOTO, in site/r.yaml
	printf '      - {name: %s, class: 建工1901班, level: %s, photo: img/%s}\n' \
		赵强 provincial id-red.jpg 孙一鸣 school "$1" | roll_site site/r.yaml
}
cp site/img/id-red-progressive.jpg site/img/bad-scan.jpg
sos=$(LC_ALL=C grep -obUaP '\xff\xda' site/img/bad-scan.jpg | head -n 1 | cut -d: -f1)
ns=$(od -An -tu1 -j $((sos + 4)) -N 1 site/img/bad-scan.jpg)
printf '\x46' | dd of=site/img/bad-scan.jpg bs=1 seek=$((sos + 5 + 2 * ns + 1)) conv=notrunc 2>/dev/null
roll_of id-red-progressive.jpg
run build site/r.yaml -o draft --draft
expect_exit 0 "a draft of the roll: exit 0"
before=$(sha256sum draft/roll/roll.pdf | cut -d' ' -f1)
roll_of bad-scan.jpg
run build site/r.yaml -o draft --draft
expect_exit 1 "a draft, an ID photo whose scan cannot be decoded: exit 1"
expect_stderr "the photo is named at its line" <<'EOF2'
site/r.yaml:8:59: error: cannot read image 'img/bad-scan.jpg': bad JPEG data (invalid progressive parameters Ss=0 Se=70 Ah=0 Al=1) [image.readable]
EOF2
expect_stdout "the draft's roll is stopped, not written with the photo's bytes" <<'EOF2'
stale roll/roll.pdf: not written, it has errors; the previous file, a draft, is kept
EOF2
expect_true "the roll of the build before is kept" \
	test "$(sha256sum draft/roll/roll.pdf | cut -d' ' -f1)" = "$before"
expect_true "and no temporary is left beside it" test -z "$(find draft -name '.*.tmp-*')"

# --- an ID photo of a few hundred kilobytes' pixels and 200 MB of bytes ---------------------------
# (a sparse file here; a disk image or a video behind a JPEG's header elsewhere).  A JPEG is
# embedded as its bytes, read whole: the roll was written at 200 MB, and a few gigabytes were
# read into memory as well.  Refused from its size, at its line; the roll of the build before
# is kept.
roll_of id-red.jpg
run build site/r.yaml -o big
before=$(sha256sum big/roll/roll.pdf | cut -d' ' -f1)
{ cat site/img/id-red.jpg; printf '\xff\xd9'; } >site/img/huge.jpg
truncate -s 200M site/img/huge.jpg
printf '\xff\xd9' >>site/img/huge.jpg
roll_of huge.jpg
run build site/r.yaml -o big
expect_exit 1 "an ID photo of 200 MB: exit 1"
expect_stderr "refused from its size, at its line" <<'EOF2'
site/r.yaml:8:59: error: cannot read image 'img/huge.jpg': is 209.7 MB for 413×579 pixels, far more than a JPEG of that size holds (is something else stored in it?) [image.readable]
EOF2
expect_true "the roll of the build before is kept" \
	test "$(sha256sum big/roll/roll.pdf | cut -d' ' -f1)" = "$before"
rm site/img/huge.jpg

# --- a roll of 1,000 distinct ID photos --------------------------------------------------------
# Each image's paths were interned as GLib quarks, whose table abandons its old block each time
# it grows past another 2048: LeakSanitizer failed the build (exit 99) from some 900 photos on.
mkdir -p site/many
for i in $(seq 1 1000); do
	ln site/img/id-red.jpg site/many/p$i.jpg # hard links: distinct files to the build
	echo "      - {name: 学生$i, class: 建工1901班, level: school, photo: many/p$i.jpg}"
done | roll_site site/many.yaml
run check site/many.yaml
expect_exit 0 "a roll of 1,000 distinct ID photos: exit 0, no leak reported"

# --- a layout's font family not installed -------------------------------------------------------
# The error was said at the layout's line, and the roll written all the same, its names set in
# what fontconfig had instead (Noto Sans CJK JP: Japanese glyph forms for Chinese names).  A
# finding in an output's layout stops the files made with it; the roll before is kept.
roll_of id-red.jpg
run build site/r.yaml -o fonts
before=$(sha256sum fonts/roll/roll.pdf | cut -d' ' -f1)
mkdir -p site/layouts
sed 's/^  name: .*/  name: Noto Serif CJK XX/' "$ROOT/layouts/roll-a3.yaml" >site/layouts/typo.yaml
line=$(grep -n '^  name:' site/layouts/typo.yaml | cut -d: -f1)
sed -i 's/layout: roll-a3/layout: typo/' site/r.yaml
run build site/r.yaml -o fonts
expect_exit 1 "a family not installed: exit 1"
expect_stderr "said at the layout's line" <<EOF2
site/layouts/typo.yaml:$line:9: error: font family 'Noto Serif CJK XX' for role name is not installed; did you mean 'Noto Serif CJK HK'? [font.family]
EOF2
expect_stdout "the roll is not written in a substitute" <<'EOF2'
stale roll/roll.pdf: not written, it has errors; the previous file is kept
EOF2
expect_true "the roll of the build before is kept" \
	test "$(sha256sum fonts/roll/roll.pdf | cut -d' ' -f1)" = "$before"
