#!/usr/bin/env bash
# The display boards: every approved item exactly once across a college's boards (in the
# frames and in the PDF), pending and rejected items nowhere, no overlaps, everything inside the
# safe area, photo rows within the layout's bounds, balanced pagination of a large college, and
# edit locality (one college's edit leaves another college's boards byte-identical).
. "$(dirname "$0")/../lib.sh"

mkdir -p site
cp -r "$PB_FIXTURES" site/img
cp "$PB_FIXTURES/logo.svg" site/logo.svg

# college ID NAME PHOTOS TESTIMONIALS : a college's YAML, with one pending photo, one rejected
# testimonial, a group, portraits, and testimonials of varied length.
college() {
	local id=$1 name=$2 photos=$3 testimonials=$4 i
	local files=(photo-3000x1800.jpg photo-1800x3000.jpg jpeg-baseline.jpg jpeg-orient-6.jpg png-rgb8.png)
	echo "  - id: $id"
	echo "    name: $name"
	echo "    photos:"
	for ((i = 1; i <= photos; i++)); do
		echo "      - {file: img/${files[i % 5]}, title: 照片$i号, class: ${name}$((i % 3 + 1))班}"
	done
	echo "      - {files: [img/photo-1800x3000.jpg, img/photo-1800x3000.jpg], title: 组照, class: 合影}"
	echo "      - {file: img/photo-3000x1800.jpg, title: 待审照片, class: 一班, status: pending}"
	echo "    testimonials:"
	for ((i = 1; i <= testimonials; i++)); do
		local text="${name}第${i}条感言：三年时光，感谢老师的教诲与同学的陪伴"
		for ((k = 0; k < i % 4; k++)); do text+="，愿我们在各自的路上都能闪闪发光"; done
		echo "      - {name: 学生$i, class: ${name}$((i % 3 + 1))班, text: \"$text。\"}"
	done
	echo "      - {name: 退稿人, class: 一班, text: 这条感言已被退回, status: rejected}"
	echo "    blessings:"
	echo "      - {role: dean, name: 周建国, text: 愿你们带着泥土精神走向工地、走向城乡，用双手建起自己的人生大厦。母校永远是你们的家！, portrait: img/id-red.jpg}"
	echo "      - {role: secretary, name: 谭丽华, text: 希望你们坚定理想信念，把个人奋斗融入国家建设，在平凡岗位上干出不平凡的业绩。, portrait: img/id-red.jpg}"
	echo "      - {role: counselor, name: 罗婷, text: 前路漫漫，愿你们步步生花。, portrait: img/id-red.jpg}"
	echo "      - {role: officer, name: 黄志勇, text: 扎根大地，建设家乡，未来可期！, portrait: img/id-red.jpg}"
	echo "      - {role: deputy, name: 曾卫东, text: 不忘初心，方得始终。, portrait: img/id-red.jpg, status: pending}"
}

write_site() {
	{
		cat <<'YAML'
paiban: 1
event: {school: 湖南工程职业技术学院, title: 青春不散场，奋进新征程, edition: 2022届毕业季, motto: 德技共举、知行合一, date: 2022-06-21, logo: logo.svg}
colleges:
YAML
		college small 建筑工程学院 10 20
		college large 机械工程学院 40 60
		echo "outputs:"
		echo "  - {id: boards, kind: board, layout: ${LAYOUT:-board-120x240}}"
		# five fixtures stand for every photo: their repetition is no college's slip
		echo "rules: {image.pixels: off, image.ppi: off, image.duplicate: off}"
	} >site/m.yaml
}

write_site
run build site/m.yaml -o out --dump-frames frames.txt
expect_exit 0 "build: exit 0"
expect_true "diagnostics: none" test ! -s err.txt

# Frames by document: count how often each manifest position shows up, per document.
awk '/^document /{ doc = $2 } / @site\/m.yaml:/{ split($NF, p, ":"); print doc, p[1] ":" p[2] ":" }' frames.txt | sort -u >shown.txt
positions() { # positions KIND-PATTERN : manifest lines of approved items of that kind
	grep -n "$1" site/m.yaml | grep -v 'status: \(pending\|rejected\)' | cut -d: -f1
}
for kind in testimonials photos; do
	case $kind in
	testimonials) pat="{name: 学生" ;;
	photos) pat="title: 照片\|title: 组照" ;;
	esac
	want=$(positions "$pat" | wc -l)
	got=$(for l in $(positions "$pat"); do grep -c "@site/m.yaml:$l:" shown.txt | awk -v l="$l" '$1 != 1 { print "line " l " on " $1 " documents" }'; done)
	expect_true "every approved $kind item is on exactly one board ($want)" test -z "$got"
done
for l in $(grep -n 'status: \(pending\|rejected\)' site/m.yaml | cut -d: -f1); do
	expect_true "line $l (pending or rejected) is on no board" bash -c "! grep -q '@site/m.yaml:$l:' shown.txt"
done

# The PDF says the same: every approved testimonial's opening words once, the rejected none.
for f in out/boards/large-*.pdf; do pdftotext "$f" - ; done | tr -d '\n ' >large.txt
for i in 1 17 42 60; do
	n=$(grep -o "第${i}条感言" large.txt | wc -l)
	expect_true "pdftotext: testimonial $i of the large college appears once ($n)" test "$n" = 1
done
expect_true "pdftotext: the rejected testimonial appears nowhere" bash -c "! grep -q 这条感言已被退回 large.txt"
expect_true "pdftotext: the pending blessing appears nowhere" bash -c "! grep -q 不忘初心 large.txt"

# Balanced pagination: the large college needs several boards, and no board is a leftover.
boards=$(ls out/boards/large-*.pdf | wc -l)
expect_true "the large college fills several boards ($boards)" test "$boards" -ge 3
expect_true "the small college fills fewer boards" test "$(ls out/boards/small-*.pdf | wc -l)" -lt "$boards"
# Content depth of each board: the lowest item above the footer.
awk '/^document boards\/large/{ doc = $2 } doc && /^page/{ split($3, wh, "×"); H = wh[2] }
	doc && /^  (rect|image|group)/ { split($4, s, "×"); b = $3 + s[2]; if (b < H - 150 && b > 0 && b > low[doc]) low[doc] = b }
	END { for (d in low) print d, low[d] }' frames.txt | sort >depth.txt
expect_true "every board of the large college is at least half full" \
	awk '{ if ($2 < 1200) exit 1 }' depth.txt

# Photo rows within the layout's bounds (board-120x240: 15u..30u = 180..360 mm), except a
# short last row set at its target.
awk '/^document boards\/(small|large)/{ on = 1 } /^document boards\/cover/{ on = 0 }
	on && /^  image .* img\/(photo|jpeg|png)/ { split($4, s, "×"); printf "%.2f\n", s[2] }' frames.txt | sort -u >rows.txt
expect_true "photo rows are 180 to 360 mm tall" awk '{ if ($1 < 179.99 || $1 > 360.01) { print; exit 1 } }' rows.txt

# No two photos overlap, no two cards overlap, no two lines of text overlap; all inside the
# safe area (80 mm margins), but the header band and the background.
cat >overlap.awk <<'AWK'
function check(kind,   i, j) {
	for (i = 1; i <= n[kind]; i++) for (j = i + 1; j <= n[kind]; j++)
		if (x0[kind,i] < x1[kind,j] - 0.01 && x0[kind,j] < x1[kind,i] - 0.01 &&
		    y0[kind,i] < y1[kind,j] - 0.01 && y0[kind,j] < y1[kind,i] - 0.01) {
			print doc ": " kind " " i " overlaps " j; bad = 1
		}
}
function add(kind, a, b, c, d) { n[kind]++; x0[kind,n[kind]] = a; y0[kind,n[kind]] = b; x1[kind,n[kind]] = c; y1[kind,n[kind]] = d
	if (a < M - 0.01 || c > W - M + 0.01 || d > H - M + 0.01) { print doc ": " kind " outside the safe area: " $0; bad = 1 } }
function flush() { check("photo"); check("card"); check("text"); delete n }
/^document / { if (doc) flush(); doc = $2; next }
/^page/ { split($3, wh, "×"); W = wh[1]; H = wh[2]; band = 0.24 * W; next }
/^  image / { split($4, s, "×"); if ($3 > band) add("photo", $2, $3, $2 + s[1], $3 + s[2]); next }
/^  group / { split($4, s, "×"); if ($3 > band) add("photo", $2, $3, $2 + s[1], $3 + s[2]); next }
/^  rect .*role=card/ { split($4, s, "×"); add("card", $2, $3, $2 + s[1], $3 + s[2]); next }
/^  glyphs / { w = substr($4, 3); sz = substr($5, 6) * 25.4 / 72; if ($3 > band && $3 <= H) add("text", $2, $3 - 0.88 * sz, $2 + w, $3 + 0.12 * sz); next }
END { flush(); exit bad }
AWK
awk -v M=80 -f overlap.awk frames.txt >overlaps.txt
expect_true "no overlaps, everything inside the safe area" test ! -s overlaps.txt
[ -s overlaps.txt ] && head -5 overlaps.txt

# The same manifest on the X-banner layout: the same guarantees.
LAYOUT=board-80x180 write_site
run build site/m.yaml -o banner --dump-frames banner.txt
expect_exit 0 "X-banner build: exit 0"
awk -v M=60 -f overlap.awk banner.txt >overlaps.txt
expect_true "X-banner: no overlaps, everything inside the safe area" test ! -s overlaps.txt

# A 3000-character testimonial among ordinary ones: not one narrow card down a whole column
# beside empty ones (it did not even fit: text.fit), but a wide card across the columns, and
# the boards stay full.
long_site() { # long_site LAYOUT : site/long.yaml, one college with a 3000-character testimonial
	local i text base="三年时光，感谢老师的教诲与同学的陪伴。从第一次走进实训车间的紧张，到独立完成一台设备调试的欣喜，每一步都有老师耐心的指导。"
	{
		echo "paiban: 1"
		echo "event: {school: 湖南工程职业技术学院, title: 青春不散场，奋进新征程, date: 2022-06-21}"
		echo "colleges:"
		echo "  - id: long"
		echo "    name: 建筑工程学院"
		echo "    photos:"
		for ((i = 1; i <= 6; i++)); do echo "      - {file: img/photo-3000x1800.jpg, title: 照片$i, class: 一班}"; done
		echo "    testimonials:"
		for ((i = 1; i <= 12; i++)); do
			text=$base
			((i % 3 == 0)) && text+=$base
			((i == 5)) && text=$(for ((k = 0; k < 60; k++)); do printf '%s' "$base"; done | cut -c1-9000 | head -c 9000)
			echo "      - {name: 学生$i, class: 建工1901班, text: \"$text\"}"
		done
		echo "outputs:"
		echo "  - {id: boards, kind: board, layout: $1}"
		echo "rules: {image.pixels: off, image.ppi: off, image.duplicate: off, college.photos: off, college.testimonials: off}"
	} >site/long.yaml
}
for layout in board-120x240:1040.00:333.87 board-80x180:680.00:333.60; do
	IFS=: read -r name measure column <<<"$layout"
	long_site "$name"
	chars=$(sed -n 's/.*{name: 学生5, class: 建工1901班, text: "\(.*\)"}$/\1/p' site/long.yaml | tr -d '\n' | wc -m)
	run build site/long.yaml -o long-$name --only boards/long --dump-frames long.txt
	expect_exit 0 "$name, a $chars-character testimonial: exit 0"
	expect_no_line_matching err.txt "$name: it fits, no text.fit" 'text.fit'
	awk '/^  rect .*role=card/ { split($4, s, "×"); print s[1] }' long.txt | sort | uniq -c >widths.txt
	expect_true "$name: its card is wide (columns $column mm): $(tr -s ' \n' ' ' <widths.txt)" \
		awk -v col="$column" -v m="$measure" '$2 > col + 1 { wide += $1; if ($2 > m + 0.01) exit 1 }
			END { exit wide != 1 }' widths.txt
	awk -v M="$( [ "$name" = board-80x180 ] && echo 60 || echo 80)" -f overlap.awk long.txt >overlaps.txt
	expect_true "$name: the wide card overlaps nothing, inside the safe area" test ! -s overlaps.txt
	# No board is left mostly empty: each one's material reaches past the middle of the board.
	awk '/^document /{ doc = $2 } /^page/{ split($3, wh, "×"); H = wh[2] }
		/^  (rect|image)/ && !/role=background|role=ornament/ { split($4, s, "×"); b = $3 + s[2]; if (b < H - 150 && b > low[doc]) low[doc] = b }
		END { for (d in low) print d, low[d], H }' long.txt | sort >depth.txt
	expect_true "$name: every board is at least half full ($(tr '\n' ';' <depth.txt))" \
		awk '{ if ($2 < $3 / 2) exit 1 }' depth.txt
done

# Edit locality: change one testimonial of the large college; the small college's boards stay
# byte-identical, and the build says nothing new.
write_site
run build site/m.yaml -o out
for f in out/boards/small-*.pdf; do cp "$f" "$f.before"; done
sed -i 's/机械工程学院第17条感言：三年时光/机械工程学院第17条感言：四年时光/' site/m.yaml
run build site/m.yaml -o out
for f in out/boards/small-*.pdf; do
	expect_true "edit locality: $(basename "$f") is byte-identical" cmp "$f.before" "$f"
done
expect_true "edit locality: the large college shows the edit" bash -c "for f in out/boards/large-*.pdf; do pdftotext \$f -; done | grep -q 四年时光"

# A broken photo stops only its own college's boards: the other college's are written, the
# cover too, and the exit status is 1.  With --draft it is a visible placeholder instead.
write_site
rm -rf out
sed -i '0,/{file: img\/photo-3000x1800.jpg, title: 照片5号/s//{file: img\/broken-truncated.jpg, title: 照片5号/' site/m.yaml
run build site/m.yaml -o out
expect_exit 1 "a broken photo: exit 1"
expect_line err.txt "a broken photo: its error" \
	"site/m.yaml:11:16: error: cannot read image 'img/broken-truncated.jpg': truncated JPEG (no end-of-image marker) [image.readable]"
expect_true "a broken photo: its college's boards are not written" bash -c "! ls out/boards/small-* 2>/dev/null"
expect_true "a broken photo: the other college's boards are written" test -f out/boards/large-01.pdf
expect_true "a broken photo: the cover is written" test -f out/boards/cover.pdf
expect_line out.txt "a broken photo: the skipped board is reported" "skipped boards/small-01.pdf: not written, it has errors"
run build site/m.yaml -o draft --draft
expect_true "--draft: the college's boards are written" test -f draft/boards/small-01.pdf
expect_true "--draft: the placeholder names the file" bash -c "pdftotext draft/boards/small-01.pdf - | grep -q broken-truncated.jpg"
expect_true "--draft: the slug says DRAFT" bash -c "pdftotext draft/boards/small-01.pdf - | grep -q DRAFT"

# pdfimages: every approved photo and portrait of the large college placed once (40 photos,
# the group's 2, 4 portraits: the pending deputy's is not there).
write_site
rm -rf out
run build site/m.yaml -o out --only boards/large
expect_exit 0 "--only OUTPUT/SERIES: exit 0"
expect_true "--only boards/large: only the large college's boards" \
	bash -c "ls out/boards | grep -qv '^large-' && exit 1 || exit 0"
placed=$(for f in out/boards/large-*.pdf; do pdfimages -list "$f" | tail -n +3; done | wc -l)
expect_true "pdfimages: 46 placements on the large college's boards ($placed)" test "$placed" = 46
run build site/m.yaml -o out --only boards/nowhere
expect_exit 2 "--only naming no output: exit 2"
expect_line err.txt "--only naming no output says so" \
	"paiban build: --only 'boards/nowhere' names no output of the manifest (OUTPUT, OUTPUT/SERIES or OUTPUT/FILE, e.g. boards/small)"

# -j changes the speed of a build and nothing else: the same files, bytes and report.
write_site
rm -rf j1 j2
run build site/m.yaml -o j1 -j 1
sed 's/^wrote j1/wrote OUT/' out.txt >j1.txt
run build site/m.yaml -o j2 -j 3
sed 's/^wrote j2/wrote OUT/' out.txt >j2.txt
expect_true "-j 3 reports what -j 1 reports" cmp j1.txt j2.txt
expect_true "-j 3 writes the bytes -j 1 writes" diff -r --exclude=build.json j1 j2
# build.json differs only in where the files are on disk (their inodes and times)
expect_true "-j 3 records what -j 1 records" cmp <(jq 'del(.files[].stat)' j1/build.json) <(jq 'del(.files[].stat)' j2/build.json)
run build site/m.yaml -o j2 -j -1
expect_exit 2 "-j below 1: exit 2"

# SVG ids are numbered per page, so a page's SVG is the same bytes whatever else was built.
rm -rf svg1 svg2
run build site/m.yaml -o svg1 --only boards/small --format svg -j 1
run build site/m.yaml -o svg2 --format svg -j 1
expect_true "an SVG does not depend on what else was built" cmp svg1/boards/small-01.svg svg2/boards/small-01.svg

# Errors stop the files that show what they point at, and only those: a missing honoree photo
# or roster (not on any board) stops no board; a strict ppi finding stops the boards showing
# the photo.
write_site
rm -rf out
sed -i 's/^outputs:/graduates: roster.csv\noutputs:/' site/m.yaml
run build site/m.yaml -o out --only boards/small
expect_exit 1 "a missing roster: exit 1"
expect_line err.txt "a missing roster: its error" "site/m.yaml:160:12: error: no roster file 'roster.csv' [file.missing]"
expect_true "a missing roster stops no board" test -f out/boards/small-01.pdf
write_site
sed -i 's/rules: {image.pixels: off, image.ppi: off, image.duplicate: off}/rules: {image.pixels: off, image.ppi: {min: 400}, image.duplicate: off}/' site/m.yaml
rm -rf out
run build site/m.yaml -o out --only boards/small --strict
expect_exit 1 "--strict ppi: exit 1"
expect_true "--strict: a board showing a photo below the ppi is not written" bash -c "! test -f out/boards/small-01.pdf"

# A board too small for its material: the row that cannot fit is named, nothing runs off.
mkdir -p site/layouts
sed -e 's/^size: .*/size: 1200mm x 900mm/' -e 's/^margin: .*/margin: 40mm/' "$ROOT/layouts/board-120x240.yaml" >site/layouts/flat.yaml
write_site
sed -i 's/layout: board-120x240/layout: flat/' site/m.yaml
run build site/m.yaml -o flat --only boards/small
expect_exit 1 "a board too small: exit 1"
expect_true "a board too small: board.fit names what does not fit" grep -q 'error: this needs [0-9]* mm of a board that has room for [0-9]* mm \[board.fit\]' err.txt

# Boards of an older build beyond the new count are removed, not left to be printed.
write_site
rm -rf out
run build site/m.yaml -o out --only boards/large
before=$(ls out/boards/large-*.pdf | wc -l)
sed -i '/机械工程学院第[0-9]*条感言/d' site/m.yaml
run build site/m.yaml -o out --only boards/large
after=$(ls out/boards/large-*.pdf | wc -l)
expect_true "stale boards are removed ($before before, $after after)" test "$after" -lt "$before"
expect_true "the last board says n / n" bash -c "pdftotext out/boards/large-0$after.pdf - | grep -q '$after / $after'"
