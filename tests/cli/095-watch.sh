#!/usr/bin/env bash
# paiban watch: builds, then rebuilds after a save what the save touched, goes on through a
# manifest with errors, and ends on SIGINT.
. "$(dirname "$0")/../lib.sh"

mkdir -p site
cp -r "$PB_FIXTURES" site/img
cat >site/m.yaml <<'YAML'
paiban: 1
event: {school: 测试学院, title: 青春不散场，奋进新征程, date: 2022-06-21}
colleges:
  - id: test
    name: 测试学院
    photos:
      - {file: img/jpeg-baseline.jpg, title: 一张照片, class: 一班}
    testimonials:
      - {name: 张明, class: 一班, text: 三年前第一次戴上安全帽。}
outputs:
  - {id: boards, kind: board, layout: board-80x180}
rules: {image.pixels: off, image.ppi: off, college.photos: off, college.testimonials: off}
YAML

# wait_for N PATTERN: until watch.txt has N lines matching PATTERN (or 60 s pass)
wait_for() {
	for _ in $(seq 1 600); do
		[ "$(grep -c -- "$2" watch.txt 2>/dev/null)" -ge "$1" ] && return 0
		sleep 0.1
	done
	return 1
}
"$PAIBAN" watch site/m.yaml -o out >watch.txt 2>&1 &
pid=$!
expect_true "watch: the first build" wait_for 1 ' written, '
expect_true "watch: it wrote the board" test -f out/boards/test-01.pdf

sed -i 's/三年前/四年前/' site/m.yaml
expect_true "watch: a save rebuilds" wait_for 2 ' written, '
expect_true "watch: the rebuild names the edit" grep -q '  written boards/test-01.pdf: site/m.yaml:9 testimonial of 张明' watch.txt
expect_true "watch: the rebuild leaves the cover" grep -q '1 written, 1 unchanged' watch.txt
expect_true "watch: the board shows the edit" bash -c "pdftotext out/boards/test-01.pdf - | grep -q 四年前"

cp site/img/jpeg-orient-1.jpg site/img/jpeg-baseline.jpg
expect_true "watch: a photo saved over rebuilds its board" wait_for 1 'written boards/test-01.pdf: photo img/jpeg-baseline.jpg'

cp site/m.yaml good.yaml
printf 'paiban: 1\nevent: [broken\n' >site/m.yaml
expect_true "watch: a broken manifest is reported" wait_for 1 'site/m.yaml:.*error'
expect_true "watch: and it keeps watching" kill -0 $pid
cp good.yaml site/m.yaml
sed -i 's/四年前/五年前/' site/m.yaml
shows_five() { for _ in $(seq 1 600); do pdftotext out/boards/test-01.pdf - 2>/dev/null | grep -q 五年前 && return 0; sleep 0.1; done; return 1; }
expect_true "watch: the next good save builds again" shows_five

kill -INT $pid
for _ in $(seq 1 100); do kill -0 $pid 2>/dev/null || break; sleep 0.1; done
expect_true "watch: SIGINT ends it" bash -c "! kill -0 $pid 2>/dev/null"
wait $pid
expect_true "watch: and it exits 0" test $? = 0
