#!/usr/bin/env bash
# The roster (graduates: roster.csv) as `paiban check` reports it: each problem at its
# roster.csv:line:col (columns in characters), in the compilers' format; GB18030 read when the
# manifest says so and refused, with one clear error, when it does not; the mapping form of
# graduates with its unknown keys; the insert's quantity against the roster.
. "$(dirname "$0")/../lib.sh"

mkdir -p site
manifest() { # manifest [graduates value]
	cat >site/m.yaml <<YAML
paiban: 1
event: {school: 测试学院, title: 青春不散场，奋进新征程, date: 2022-06-21}
colleges:
  - {id: jianzhu, name: 建筑工程学院}
  - {id: jixie, name: 机械工程学院}
graduates: ${1:-roster.csv}
outputs:
  - {id: insert, kind: insert, layout: insert-100}
rules: {college.photos: off, college.testimonials: off}
YAML
}
manifest

# check_roster DESCRIPTION EXIT <<EOF (the expected stderr) with the roster in $ROSTER
check_roster() {
	printf '%b' "$ROSTER" >site/roster.csv
	run check site/m.yaml
	expect_exit "$2" "$1: exit $2"
	expect_stderr "$1"
}

ROSTER='name,class,college\n张明,建工1901班,jianzhu\n欧阳明月,机电1902班,机械工程学院\n'
check_roster "a good roster" 0 </dev/null
expect_line out.txt "a good roster: the summary" "0 errors, 0 warnings, 0 items left out"

ROSTER='name,class\n张明,建工1901班\n'
check_roster "a missing column" 1 <<'EOF'
site/roster.csv:1:1: error: the header has no 'college' column; the first row names the columns: name, class, college (and blessing, optional), in any order [roster.header]
EOF

ROSTER='class,college,name\n建工1901班,jianzhu,张明\n建工1901班,土木学院,李四\n,jianzhu,\n建工1901班,建筑工程学院,张明\n'
check_roster "unknown college, empty name, duplicate" 1 <<'EOF'
site/roster.csv:3:9: error: no college '土木学院' in the manifest (colleges: jianzhu 建筑工程学院, jixie 机械工程学院) [roster.college]
site/roster.csv:4:1: warning: a graduate has no class; the card shows none [roster.class]
site/roster.csv:4:10: error: a graduate with no name [roster.name]
site/roster.csv:5:16: warning: 张明 (建工1901班, jianzhu) is listed twice, first at line 2; the card is printed twice [roster.duplicate]
EOF

ROSTER='name,class,college\n张明,建工1901班,jianzhu,多余\n王"五,建工1901班,jianzhu\n'
check_roster "a value too many; a quote out of place" 1 <<'EOF'
site/roster.csv:2:20: error: this row has 4 values, the header names 3 columns (a value with a comma in it needs quotes) [roster.row]
site/roster.csv:3:2: error: a quote in the middle of a value; put the whole value in quotes and write its quotes twice ("") [roster.csv]
EOF

# GB18030, as Excel's "CSV (comma delimited)" writes it on a Chinese Windows: 张明,建工1901班
ROSTER='name,class,college\n\xd5\xc5\xc3\xf7,\xbd\xa8\xb9\xa41901\xb0\xe0,jianzhu\n'
check_roster "GB18030 undeclared" 1 <<'EOF'
site/roster.csv:2:1: error: the roster is not UTF-8 (byte 0xD5 here); save it as "CSV UTF-8 (comma delimited)", or set encoding: gb18030 under graduates in the manifest (what Excel's "CSV (comma delimited)" writes on a Chinese Windows) [roster.encoding]
EOF
manifest "{file: roster.csv, encoding: gb18030}"
check_roster "GB18030 declared" 0 </dev/null
run build site/m.yaml -o out
expect_true "GB18030 declared: the name on the card, as UTF-8 text" bash -c "pdftotext out/insert/insert.pdf - | grep -q '^张明$'"
expect_true "GB18030 declared: the class too" bash -c "pdftotext out/insert/insert.pdf - | grep -q '建工1901班'"

# Declared GB18030, but saved as UTF-8 after all: read as UTF-8, said at the manifest's line.
ROSTER='name,class,college\n张明,建工1901班,jianzhu\n'
check_roster "GB18030 declared, UTF-8 read" 0 <<'EOF'
site/m.yaml:6:41: warning: the roster is UTF-8, not GB18030; read as UTF-8 (drop 'encoding: gb18030') [roster.encoding]
EOF

manifest "{file: roster.csv, encodng: gb18030}"
check_roster "graduates: an unknown key" 1 <<'EOF'
site/m.yaml:6:31: error: unknown key 'encodng' in graduates; did you mean 'encoding'? [schema.key]
EOF
manifest "{file: roster.csv, encoding: big5}"
check_roster "graduates: an unknown encoding" 1 <<'EOF'
site/m.yaml:6:41: error: 'encoding' of graduates must be utf-8 or gb18030, not 'big5' [schema.value]
EOF

# UTF-32, both byte orders: said as UTF-32 (its little-endian BOM begins as UTF-16's does).
manifest
ROSTER='\xff\xfe\0\0n\0\0\0'
check_roster "UTF-32 little-endian" 1 <<'EOF'
site/roster.csv:1:1: error: the roster is UTF-32; save it as "CSV UTF-8 (comma delimited)", or set encoding: gb18030 under graduates in the manifest (what Excel's "CSV (comma delimited)" writes on a Chinese Windows) [roster.encoding]
EOF
ROSTER='\0\0\xfe\xff\0\0\0n'
check_roster "UTF-32 big-endian" 1 <<'EOF'
site/roster.csv:1:1: error: the roster is UTF-32; save it as "CSV UTF-8 (comma delimited)", or set encoding: gb18030 under graduates in the manifest (what Excel's "CSV (comma delimited)" writes on a Chinese Windows) [roster.encoding]
EOF

# UTF-32 without a BOM, both orders: said as UTF-32 too, not as "a NUL byte".
python3 -c "import sys; sys.stdout.buffer.write('name,class,college\n张明,建工1901班,jianzhu\n'.encode('utf-32-le'))" >site/roster.csv
run check site/m.yaml
expect_line err.txt "UTF-32 little-endian, no BOM" \
	'site/roster.csv:1:1: error: the roster is UTF-32; save it as "CSV UTF-8 (comma delimited)", or set encoding: gb18030 under graduates in the manifest (what Excel'"'"'s "CSV (comma delimited)" writes on a Chinese Windows) [roster.encoding]'
python3 -c "import sys; sys.stdout.buffer.write('name,class,college\n张明,建工1901班,jianzhu\n'.encode('utf-32-be'))" >site/roster.csv
run check site/m.yaml
expect_line err.txt "UTF-32 big-endian, no BOM" \
	'site/roster.csv:1:1: error: the roster is UTF-32; save it as "CSV UTF-8 (comma delimited)", or set encoding: gb18030 under graduates in the manifest (what Excel'"'"'s "CSV (comma delimited)" writes on a Chinese Windows) [roster.encoding]'

# UTF-32 of mostly Chinese, with a character past U+FFFF, is UTF-32 too; a file of zeros is
# not text, and not UTF-32.
python3 -c "import sys; sys.stdout.buffer.write('姓名,班级,学院,寄语\n张明,建工1901班,jianzhu,愿你建起的每一座房子都温暖有光😀\n'.encode('utf-32-le'))" >site/roster.csv
run check site/m.yaml
expect_true "UTF-32 of Chinese, no BOM" grep -q 'error: the roster is UTF-32;' err.txt
head -c 4096 /dev/zero >site/roster.csv
run check site/m.yaml
expect_line err.txt "a file of zeros: a NUL byte" \
	"site/roster.csv:1:1: error: the roster holds a NUL byte; is it a spreadsheet rather than CSV? [roster.encoding]"

# One row pasted 30 times over: 29 duplicates, of which the first 20 are printed and the rest
# counted in one line; --json still lists all 29.
{
	echo "name,class,college"
	for i in $(seq 30); do echo "张明,建工1901班,jianzhu"; done
} >site/roster.csv
run check site/m.yaml
expect_exit 0 "30 equal rows: exit 0"
expect_true "30 equal rows: 20 warnings printed" [ "$(grep -c 'is listed twice' err.txt)" = 20 ]
expect_line err.txt "30 equal rows: the rest counted" \
	"site/roster.csv: warning: 9 more like the above not shown (the first 20 are); --json lists them all [roster.duplicate]"
expect_line err.txt "30 equal rows: the last printed is row 22" \
	"site/roster.csv:22:1: warning: 张明 (建工1901班, jianzhu) is listed twice, first at line 2; the card is printed twice [roster.duplicate]"
run check site/m.yaml --json
expect_true "30 equal rows: --json lists all 29" [ "$(grep -o '"roster.duplicate"' out.txt | wc -l)" = 29 ]

# A header wider than the 64 columns read: said at its start, and a row as wide as its header
# is not "a value too many".
{
	printf 'name,class,college'
	for i in $(seq 4 66); do printf ',c%d' "$i"; done
	printf '\n张明,建工1901班,jianzhu'
	for i in $(seq 4 66); do printf ','; done
	printf '\n'
} >site/roster.csv
run check site/m.yaml
expect_exit 0 "66 columns: exit 0"
expect_line err.txt "66 columns: said first, at the header's start, though its 62 other findings are capped" \
	"site/roster.csv:1:1: warning: the header has 66 columns; only the first 64 are read, none from line 1, column 258 on [roster.header]"
expect_line err.txt "66 columns: the columns not read, counted" \
	"site/roster.csv: warning: 42 more like the above not shown (the first 20 are); --json lists them all [roster.header]"
expect_true "66 columns: no row refused" bash -c '! grep -q roster.row err.txt'

# The college's column past the 64 read: said at that column, not "the header has no
# 'college' column".
{
	printf 'name,class'
	for i in $(seq 3 64); do printf ',c%d' "$i"; done
	printf ',college\n张明,建工1901班'
	for i in $(seq 3 64); do printf ','; done
	printf ',jianzhu\n'
} >site/roster.csv
run check site/m.yaml
expect_exit 1 "college at column 65: exit 1"
expect_line err.txt "college at column 65: said there" \
	"site/roster.csv:1:253: error: column 'college' is the header's column 65, and only its first 64 are read; move it among them [roster.header]"
expect_no_line_matching err.txt "college at column 65: not 'no college column'" "has no 'college' column"

# Only the college named, and past the 64 read: it is said where it is, and the two columns
# not named at all are said missing.
{
	for i in $(seq 66); do printf 'c%d,' "$i"; done
	printf 'college\n'
	for i in $(seq 66); do printf ','; done
	printf 'jianzhu\n'
} >site/roster.csv
run check site/m.yaml
expect_true "only college, past 64: name and class said missing, college where it is" \
	test "$(grep -c "has no 'name' column\|has no 'class' column\|column 'college' is the header's column 67" err.txt)" = 3

# An error is never hidden behind warnings of its rule: 25 columns not read (warnings), then
# 'name' a second time (an error); the warnings' count comes after the last of them.
{
	printf 'name,class,college'
	for i in $(seq 25); do printf ',x%d' "$i"; done
	printf ',name\n张明,建工1901班,jianzhu\n'
} >site/roster.csv
run check site/m.yaml
expect_exit 1 "25 warnings and an error of one rule: exit 1"
expect_line err.txt "25 warnings and an error of one rule: the error printed" \
	"site/roster.csv:1:111: error: column 'name' appears twice (first at column 1) [roster.header]"
expect_true "25 warnings and an error of one rule: 20 warnings printed, then their count" \
	test "$(grep -c "is not read" err.txt) $(sed -n 21p err.txt)" = \
	"20 site/roster.csv: warning: 5 more like the above not shown (the first 20 are); --json lists them all [roster.header]"

# A UTF-8 BOM and CRLF line ends, as Excel's "CSV UTF-8" writes them, with the Chinese header.
manifest
ROSTER='\xef\xbb\xbf姓名,班级,学院\r\n张明,建工1901班,建筑工程学院\r\n'
check_roster "BOM, CRLF, Chinese header" 0 </dev/null

# The quantity is the run the school orders: with a roster, one card a graduate.
sed -i 's/layout: insert-100}/layout: insert-100, quantity: 3200}/' site/m.yaml
check_roster "quantity against the roster" 0 <<'EOF'
site/m.yaml:8:62: warning: output 'insert' orders 3200 cards, but the roster has 1 graduate: each graduate's card is printed once [insert.quantity]
EOF

# No roster file at all: check's own error, at the manifest's line.
rm site/roster.csv
run check site/m.yaml
expect_line err.txt "no roster file" "site/m.yaml:6:12: error: no roster file 'roster.csv' [file.missing]"
