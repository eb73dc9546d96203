#!/usr/bin/env bash
# Late edits: a rebuild does only what a change requires, records it in build.json and
# print-order.csv, says why, removes what the manifest no longer makes, survives interrupts,
# and builds the same bytes whether it runs whole or one --only selector at a time.
. "$(dirname "$0")/../lib.sh"

mkdir -p site
cp -r "$PB_FIXTURES" site/img
college() { # college ID NAME PHOTO
	cat <<YAML
  - id: $1
    name: $2
    photos:
      - {file: img/$3, title: 最后一课, class: 一班}
      - {file: img/photo-3000x1800.jpg, title: 工地上的回望, class: 二班}
    testimonials:
      - {name: 张明, class: 一班, text: 三年前第一次戴上安全帽，觉得又闷又重。}
      - {name: 李思雨, class: 二班, text: 算了三年的工程量，最难算清的是这份不舍。}
YAML
}
write_site() {
	{
		cat <<'YAML'
paiban: 1
event: {school: 湖南工程职业技术学院, title: 青春不散场，奋进新征程, edition: 2022届毕业季, date: 2022-06-21}
colleges:
YAML
		college jianzhu 建筑工程学院 photo-6000x4000.jpg
		college dizhi 地质工程学院 jpeg-baseline.jpg
		echo "outputs:"
		echo "  - {id: boards, kind: board, layout: board-80x180}"
		echo "rules: {image.pixels: off, image.ppi: off, college.photos: off, college.testimonials: off}"
	} >site/m.yaml
}
write_site
files() { (cd out && find . -name '*.pdf' -o -name '*.png' | sort); }
stamp() { (cd out && find . -type f ! -name build.json ! -name print-order.csv -printf '%p %i %T@\n' | sort); }

run build site/m.yaml -o out
expect_exit 0 "first build: exit 0"
expect_true "build.json and print-order.csv are written" test -f out/build.json -a -f out/print-order.csv
expect_true "build.json: every file written" \
	test "$(jq -r '[.files[].status] | unique | join(",")' out/build.json)" = written
expect_true "build.json: sha256 of each file is its bytes" \
	bash -c 'cd out && jq -r ".files[] | \"\(.sha256)  \(.path)\"" build.json | sha256sum -c --quiet'
expect_true "build.json: trim and bleed in mm" \
	test "$(jq -c '[.files[0].trim_mm, .files[0].bleed_mm]' out/build.json)" = "[[800,1800],5]"
expect_line out/print-order.csv "print-order.csv: its header" \
	"$(printf 'file,width_mm,height_mm,bleed_mm,pages,quantity,sheets,paper,state\r')"
expect_line out/print-order.csv "print-order.csv: a board" \
	"$(printf 'boards/dizhi-01.pdf,800,1800,5,1,1,,,current\r')"

# Nothing changed: nothing rewritten, not an inode or a time.
stamp >before.txt
run build site/m.yaml -o out
stamp >after.txt
expect_exit 0 "no-op rebuild: exit 0"
expect_true "no-op rebuild: every file keeps its inode and mtime" cmp before.txt after.txt
expect_true "no-op rebuild: build.json says unchanged" \
	test "$(jq -r '[.files[].status] | unique | join(",")' out/build.json)" = unchanged
expect_line out.txt "no-op rebuild: the report says unchanged" "unchanged out/boards/jianzhu-01.pdf"

# One edited testimonial: only its college's file, and why names the line.
sed -i '0,/三年前第一次戴上安全帽/s//四年前第一次戴上安全帽/' site/m.yaml
line=$(grep -n 四年前 site/m.yaml | cut -d: -f1)
stamp >before.txt
run build site/m.yaml -o out
stamp >after.txt
expect_exit 0 "one edit: exit 0"
changed=$(diff before.txt after.txt | grep '^>' | cut -d' ' -f2 | tr '\n' ' ')
expect_true "one edit: only jianzhu's board is rewritten ($changed)" test "$changed" = "./boards/jianzhu-01.pdf "
expect_true "one edit: the report names the line" \
	grep -qxF "wrote out/boards/jianzhu-01.pdf (1 page, $(stat -c %s out/boards/jianzhu-01.pdf) bytes): site/m.yaml:$line testimonial of 张明" out.txt
expect_true "one edit: build.json's why names the line" \
	test "$(jq -r '.files[] | select(.path == "boards/jianzhu-01.pdf") | .why[0]' out/build.json)" = "site/m.yaml:$line testimonial of 张明"
expect_true "one edit: the PDF shows it" bash -c "pdftotext out/boards/jianzhu-01.pdf - | grep -q 四年前"

# A photo touched but not changed: nothing rewritten; a photo swapped: its board is.
touch -d '2030-01-01' site/img/jpeg-baseline.jpg
stamp >before.txt
run build site/m.yaml -o out
stamp >after.txt
expect_true "a touched photo rewrites nothing" cmp before.txt after.txt
cp site/img/jpeg-orient-1.jpg site/img/jpeg-baseline.jpg
run build site/m.yaml -o out
expect_true "a swapped photo rewrites the board that shows it" \
	grep -qxF "wrote out/boards/dizhi-01.pdf (1 page, $(stat -c %s out/boards/dizhi-01.pdf) bytes): photo img/jpeg-baseline.jpg" out.txt
expect_line out.txt "a swapped photo leaves the other college" "unchanged out/boards/jianzhu-01.pdf"

# --force rewrites everything.
stamp >before.txt
run build site/m.yaml -o out --force
stamp >after.txt
expect_true "--force rewrites every file" test "$(diff before.txt after.txt | grep -c '^>')" = 3

# A college renamed: its old files are removed and said so, judged from build.json.
sed -i 's/id: dizhi/id: diqiu/' site/m.yaml
run build site/m.yaml -o out
expect_exit 0 "a renamed college: exit 0"
expect_line out.txt "a renamed college: the removal is reported" \
	"removed out/boards/dizhi-01.pdf: college dizhi is no longer in the manifest"
expect_true "a renamed college: the old file is gone" test ! -e out/boards/dizhi-01.pdf
expect_true "a renamed college: the new file is there" test -f out/boards/diqiu-01.pdf
expect_true "a renamed college: build.json records the removal" \
	test "$(jq -r '.files[] | select(.path == "boards/dizhi-01.pdf") | .status' out/build.json)" = removed
run build site/m.yaml -o out
expect_true "a removal is recorded once" \
	test "$(jq -r '[.files[] | select(.path == "boards/dizhi-01.pdf")] | length' out/build.json)" = 0

# An error after a good build: the file is stale, the previous one kept, and recorded so.
cp out/boards/jianzhu-01.pdf good.pdf
sed -i '0,/img\/photo-6000x4000.jpg/s//img\/broken-truncated.jpg/' site/m.yaml
run build site/m.yaml -o out
expect_exit 1 "an error: exit 1"
expect_line out.txt "an error: the report says stale and kept" \
	"stale boards/jianzhu-01.pdf: not written, it has errors; the previous file is kept"
expect_true "an error: the previous file is kept" cmp good.pdf out/boards/jianzhu-01.pdf
expect_true "an error: build.json says stale, with the finding" \
	test "$(jq -r '.files[] | select(.path == "boards/jianzhu-01.pdf") | "\(.status) \(.diagnostics[0].rule)"' out/build.json)" = "stale image.readable"
write_site
rm -rf out

# Temporaries an interrupted build left behind are swept before anything else.
mkdir -p out/boards
echo half >out/boards/.jianzhu-01.pdf.tmp-AbC123
run build site/m.yaml -o out
expect_true "a leftover temporary is removed" test ! -e out/boards/.jianzhu-01.pdf.tmp-AbC123

# SIGKILL at several points: no temporary of any name stays, and the next build gives
# exactly a clean build's files.
rm -rf clean && run build site/m.yaml -o clean
for t in 0.05 0.3 0.8 1.5; do
	rm -rf out
	"$PAIBAN" build site/m.yaml -o out >/dev/null 2>&1 &
	pid=$!
	sleep "$t"
	kill -KILL $pid 2>/dev/null
	wait $pid 2>/dev/null
	run build site/m.yaml -o out
	expect_true "SIGKILL after ${t}s: no temporary remains" test -z "$(find out -name '.*.tmp-*')"
	expect_true "SIGKILL after ${t}s: the files equal a clean build's" diff -r --exclude=build.json --exclude=.paiban.lock clean out
done

# SIGINT: what finished is in build.json, no temporary stays, and the exit status says so.
rm -rf out
"$PAIBAN" build site/m.yaml -o out -j 1 >int-out.txt 2>int-err.txt &
pid=$!
for _ in $(seq 1 400); do [ -e out/boards/cover.pdf ] && break; sleep 0.02; done
kill -INT $pid
wait $pid
rc=$?
expect_true "SIGINT: exit 3 ($rc)" test "$rc" = 3
expect_true "SIGINT: says it was interrupted" grep -q 'interrupted; the files finished before are recorded in out/build.json' int-err.txt
expect_true "SIGINT: no temporary remains" test -z "$(find out -name '.*.tmp-*')"
expect_true "SIGINT: the finished files are in build.json" \
	bash -c 'for f in $(cd out && find . -name "*.pdf" | sed "s|^./||"); do jq -e --arg p "$f" ".files[] | select(.path == \$p)" out/build.json >/dev/null || exit 1; done'

# --jobs-list names every file with its selector; building each selector alone into one
# folder gives the bytes of one full build.
run build site/m.yaml -o out --jobs-list
expect_exit 0 "--jobs-list: exit 0"
expect_true "--jobs-list: one entry a file" \
	test "$(jq -r '[.jobs[].selector] | join(" ")' out.txt)" = "boards/cover boards/jianzhu-01 boards/dizhi-01"
expect_true "--jobs-list: builds nothing" test ! -e out-none
rm -rf parts
for sel in $(jq -r '.jobs[].selector' out.txt); do
	"$PAIBAN" build site/m.yaml -o parts --only "$sel" -q || echo "failed $sel"
done >parts.txt 2>&1
expect_true "per-selector builds succeed" test ! -s parts.txt
expect_true "per-selector builds = one full build, byte for byte" \
	diff -r --exclude=build.json --exclude=print-order.csv --exclude=.paiban.lock clean parts
expect_true "per-selector builds record every file" \
	test "$(jq '[.files[] | select(.status != "removed")] | length' parts/build.json)" = 3
run build site/m.yaml -o parts --only boards/jianzhu-09
expect_exit 2 "--only naming a file the series does not make: exit 2"

# A photo listed twice in one college (image.duplicate warns of it), then swapped: the reason
# names it once, not once per listing.
mkdir -p dup/img
cp "$PB_FIXTURES/photo-3000x1800.jpg" dup/img/a.jpg
cat >dup/m.yaml <<'YAML'
paiban: 1
event: {school: 测试学院, title: 青春不散场，奋进新征程, date: 2022-06-21}
colleges:
  - id: a
    name: 测试学院
    photos:
      - {file: img/a.jpg, title: 照片一, class: 一班}
      - {file: img/a.jpg, title: 照片二, class: 一班}
outputs:
  - {id: boards, kind: board, layout: board-120x240}
rules: {college.photos: off, college.testimonials: off}
YAML
run build dup/m.yaml -o dup/out
cp "$PB_FIXTURES/jpeg-baseline.jpg" dup/img/a.jpg
run build dup/m.yaml -o dup/out
expect_true "a photo listed twice, swapped: named once in the report" \
	grep -qxF "wrote dup/out/boards/a-01.pdf (1 page, $(stat -c %s dup/out/boards/a-01.pdf) bytes): photo img/a.jpg" out.txt
expect_true "a photo listed twice, swapped: named once in build.json" \
	test "$(jq -c '.files[] | select(.path == "boards/a-01.pdf") | .why' dup/out/build.json)" = '["photo img/a.jpg"]'

# A copied OUTDIR keeps its files, not their inodes: the first build there finds them the same
# by their bytes and records their new stat, so the next build knows them by a stat alone.
cp -r dup/out dup/copy
run build dup/m.yaml -o dup/copy
expect_true "a copied folder: nothing rewritten" grep -qxF "unchanged dup/copy/boards/a-01.pdf" out.txt
expect_true "a copied folder: build.json takes the copies' inodes" \
	test "$(jq -r '.files[] | select(.path == "boards/a-01.pdf") | .stat.inode' dup/copy/build.json)" = "$(stat -c %i dup/copy/boards/a-01.pdf)"

# A photo renamed: build.json's sources forget the old name (they used to keep every path ever
# read), and keep the new one with its sum.
mv dup/img/a.jpg dup/img/b.jpg
sed -i 's|img/a.jpg|img/b.jpg|' dup/m.yaml
run build dup/m.yaml -o dup/out
expect_exit 0 "a photo renamed: exit 0"
expect_true "a photo renamed: its old path is no longer a source" \
	test "$(jq -r '.sources | keys | map(select(endswith("img/a.jpg"))) | length' dup/out/build.json)" = 0
expect_true "a photo renamed: its new path is, with its sum" \
	test "$(jq -r '.sources | to_entries[] | select(.key | endswith("img/b.jpg")) | .value.sha256' dup/out/build.json)" = "$(sha256sum dup/img/b.jpg | cut -d' ' -f1)"
