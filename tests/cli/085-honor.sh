#!/usr/bin/env bash
# The honor pages (荣誉页) and the honor roll (光荣榜): which colleges get a page, every approved
# honoree once and in order (provincial, then school; colleges in manifest order), names of two
# characters as wide as names of three, the story fitted and never cut, ID photos cropped
# towards the top, the roll's last page never one lonely card, print geometry, fonts, photos
# passed through byte for byte, the text given back, and which findings stop which file.
. "$(dirname "$0")/../lib.sh"

mkdir -p site
cp -r "$PB_FIXTURES" site/img
cp "$PB_FIXTURES/logo.svg" site/logo.svg

# story N : a story of about N characters, in paragraphs.
story() {
	local s="" i=0 p="他在实训基地练习测量放线，全站仪、水准仪用得比谁都熟练；大二那年，他代表学院参加省级技能竞赛并获得一等奖。"
	while [ "${#s}" -lt "$1" ]; do
		s+="$p" i=$((i + 1))
		[ $((i % 4)) -eq 0 ] && s+=$'\n' # four sentences a paragraph
	done
	s=${s:0:$1}
	printf '%s' "${s%$'\n'}。"
}

write_site() {
	{
		cat <<'YAML'
paiban: 1
event: {school: 湖南工程职业技术学院, title: 青春不散场，奋进新征程, edition: 2022届毕业季, motto: 德技共举、知行合一, date: 2022-06-21, logo: logo.svg}
colleges:
  - id: jianzhu
    name: 建筑工程学院
    star:
      name: 李堃
      class: 建工1901班
      story: |
YAML
		story 500 | sed 's/^/        /'
		echo
		cat <<'YAML'

      photos: [img/photo-3000x1800.jpg, img/jpeg-orient-6.jpg, img/jpeg-baseline.jpg]
    honorees:
      - {name: 赵强, class: 建工1901班, level: provincial, photo: img/id-red.jpg}
      - {name: 何静怡, class: 建设1901班, level: school, photo: img/id-650x1000.jpg}
      - {name: 孙一鸣, class: 造价1901班, level: provincial, photo: img/id-780x1000.jpg}
      - {name: 待审人, class: 建工1902班, level: provincial, photo: img/id-red.jpg, status: pending}
  - id: jixie
    name: 机械工程学院
    honorees:
      - {name: 马骁, class: 机电1901班, level: school, photo: img/id-blue.jpg}
      - {name: 欧阳子涵, class: 模具1901班, level: provincial, photo: img/id-red.jpg}
      - {name: 退回人, class: 数控1901班, level: school, photo: img/id-red.jpg, status: rejected}
  - id: xinxi
    name: 信息工程学院
    star:
      name: 司马浩然
      class: 软件1901班
      story: |
YAML
		story 700 | sed 's/^/        /'
		echo
		cat <<'YAML'

      photos: [img/photo-1800x3000.jpg, img/photo-3000x1800.jpg, img/jpeg-baseline.jpg, img/jpeg-orient-1.jpg]
    honorees:
      - {name: 王芳, class: 软件1901班, level: school, photo: img/id-red.jpg}
  - id: shangmao
    name: 商贸学院
    star: {name: 唐雨欣, class: 电商1901班, story: 待审的事迹。, photos: [img/jpeg-baseline.jpg], status: pending}
outputs:
  - {id: honor, kind: honor, layout: honor-a3}
  - {id: wide, kind: honor, layout: honor-a3-landscape}
  - {id: roll, kind: honor-roll, layout: roll-a3}
rules: {image.pixels: off, image.ppi: off, star.story: off, college.photos: off, college.testimonials: off}
YAML
	} >site/m.yaml
}

write_site
run build site/m.yaml -o out --dump-frames frames.txt
expect_exit 0 "build: exit 0"
expect_stdout "build: the honor pages of the colleges with an approved star, and the roll" <<EOF
wrote out/honor/jianzhu.pdf (1 page, $(stat -c %s out/honor/jianzhu.pdf 2>/dev/null) bytes)
wrote out/honor/xinxi.pdf (1 page, $(stat -c %s out/honor/xinxi.pdf 2>/dev/null) bytes)
wrote out/wide/jianzhu.pdf (1 page, $(stat -c %s out/wide/jianzhu.pdf 2>/dev/null) bytes)
wrote out/wide/xinxi.pdf (1 page, $(stat -c %s out/wide/xinxi.pdf 2>/dev/null) bytes)
wrote out/roll/roll.pdf (1 page, $(stat -c %s out/roll/roll.pdf 2>/dev/null) bytes)
EOF
# the blue ID photo is the one warning; a college without a star is no finding at all
blue=$(grep -n 'img/id-blue.jpg' site/m.yaml | cut -d: -f1)
expect_stderr "build: no error, one warning (the blue ID photo)" <<EOF
site/m.yaml:$blue:58: warning: ID photo 'img/id-blue.jpg' has no red background (0% of its border is red, #428eda on average) [honoree.photo]
EOF
expect_true "no page for a college without a star" test ! -e out/honor/jixie.pdf
expect_true "no page for a star still pending" test ! -e out/honor/shangmao.pdf

# ---- the roll: every approved honoree once, in order ----------------------------------------
# Each honoree's name is one glyph run at its own manifest line; page and position from the dump.
awk '/^document /{ doc = $2 } doc == "roll/roll" && /^page /{ page = $2 }
	doc == "roll/roll" && /^  glyphs/ && / role=text @site\/m.yaml:/ {
		match($0, /text="[^"]*"/); t = substr($0, RSTART + 6, RLENGTH - 7)
		match($0, /@site\/m.yaml:[0-9]+/); line = substr($0, RSTART + 13, RLENGTH - 13)
		printf "%s %d %09.2f %09.2f %s\n", line, page, $3, $2, t }' frames.txt >runs.txt
# the honorees' lines in the manifest (approved or not), and the roll's cards in reading order
grep -n 'level: ' site/m.yaml | sed 's/^\([0-9]*\):.*name: \([^,]*\),.*level: \([a-z]*\).*/\1 \2 \3/' >honorees.txt
awk 'NR == FNR { name[$1] = $2; lvl[$1] = $3; next } ($1 in name) && $5 == name[$1] { print $2, $3, $4, lvl[$1], $5 }' \
	honorees.txt runs.txt | sort -k1,1n -k2,2n -k3,3n >cards.txt
expect_true "every approved honoree exactly once" \
	test "$(cut -d' ' -f5 cards.txt | sort | tr '\n' ' ')" = "何静怡 孙一鸣 欧阳子涵 王芳 赵强 马骁 "
expect_true "provincial first, colleges in manifest order; then school" \
	test "$(cut -d' ' -f4,5 cards.txt | tr '\n' ' ')" = "provincial 赵强 provincial 孙一鸣 provincial 欧阳子涵 school 何静怡 school 马骁 school 王芳 "
expect_no_line_matching runs.txt "pending and rejected honorees are not on the roll" "待审人|退回人"
expect_true "a heading for each level" grep -q 'text="省级优秀毕业生" role=text' frames.txt
expect_true "the school level's heading" grep -q 'text="校级优秀毕业生" role=text' frames.txt
expect_true "each college named over its cards" \
	grep -q "text=\"机械工程学院\" role=text @site/m.yaml:$(grep -n 'name: 机械工程学院' site/m.yaml | cut -d: -f1):11" frames.txt

# 王　芳 beside 孙一鸣: a name of two characters is set to the width of three.
width() { grep " text=\"$1\" role=text @" frames.txt | head -1 | sed 's/.* w=\([0-9.]*\) size=\([0-9.]*\) .*/\1 \2/'; }
expect_true "two-character and three-character names: same size, same width ($(width 赵强) / $(width 孙一鸣))" \
	test "$(width 赵强)" = "$(width 孙一鸣)"
expect_true "and 王芳 too" test "$(width 王芳)" = "$(width 何静怡)"

# The ID photos: 35 × 49 boxes, covered, never stretched; a photo taller than 35:49 is cropped
# at its foot (its top, where the face is, stays), one wider than it evenly at the sides.
# (group X Y W×H clip, then the image in it: image IX IY IW×IH)
photo_box() { grep -A1 ' clip @' frames.txt | grep -B1 " img/$1 " | head -2 | tr '\n' ' '; }
read -r _ _ _ gwh _ _ _ ix iy iwh _ <<<"$(photo_box id-650x1000.jpg)"
expect_true "a tall ID photo fills the box from its top (image at $ix $iy in $gwh)" \
	awk -v g="$gwh" -v x="$ix" -v y="$iy" -v i="$iwh" 'BEGIN { split(g, a, "×"); split(i, b, "×");
		exit !(x == 0 && y == 0 && b[1] == a[1] && b[2] > a[2] && (a[1] / a[2] - 35 / 49) ^ 2 < 1e-4) }'
read -r _ _ _ gwh _ _ _ ix iy iwh _ <<<"$(photo_box id-780x1000.jpg)"
expect_true "a wide ID photo is cropped evenly at the sides (image at $ix $iy in $gwh)" \
	awk -v g="$gwh" -v x="$ix" -v y="$iy" -v i="$iwh" 'BEGIN { split(g, a, "×"); split(i, b, "×");
		exit !(y == 0 && b[2] == a[2] && b[1] > a[1] && (2 * x + b[1] - a[1]) ^ 2 < 1e-3) }'
read -r _ _ _ gwh _ _ _ ix iy iwh _ <<<"$(photo_box id-red.jpg)"
expect_true "a 413 × 579 photo (35:49) fills its box whole" \
	awk -v g="$gwh" -v i="$iwh" 'BEGIN { split(g, a, "×"); split(i, b, "×"); exit !((b[1] - a[1]) ^ 2 + (b[2] - a[2]) ^ 2 < 0.05) }'
expect_true "the roll's footer says n / N" grep -q 'text="光荣榜　1 / 1" role=text' frames.txt

# ---- the honor pages ----------------------------------------------------------------------------
# The story: justified, two-character indent, fitted; a 700-character story at a smaller size
# than a 500-character one, and never cut (every character is placed).
story_size() { awk -v d="document $1" '$0 == d { on = 1; next } /^document / { on = 0 }
	on && /^  glyphs/ && / @site\/m.yaml:'"$2"':/ { sub(/.*size=/, ""); print $1; exit }' frames.txt; }
l500=$(grep -n 'story: |' site/m.yaml | head -1 | cut -d: -f1)
l700=$(grep -n 'story: |' site/m.yaml | tail -1 | cut -d: -f1)
s500=$(story_size honor/jianzhu "$l500") w500=$(story_size wide/jianzhu "$l500")
s700=$(story_size honor/xinxi "$l700") w700=$(story_size wide/xinxi "$l700")
expect_true "portrait: both stories at the layout's largest size ($s500, $s700 pt)" test "$s500 $s700" = "13.50 13.50"
expect_true "landscape: the 700-character story fitted smaller than the 500 ($w700 < $w500 pt), within the bounds" \
	awk -v s="$w700" -v t="$w500" 'BEGIN { exit !(s < t && s >= 10 && t <= 12.5) }'
placed() { awk -v d="document $1" '$0 == d { on = 1; next } /^document / { on = 0 }
	on && /^  glyphs/ && / @site\/m.yaml:'"$2"':/ { match($0, /text="[^"]*"/); printf "%s", substr($0, RSTART + 6, RLENGTH - 7) }' frames.txt; }
written() { sed -n "$(($1 + 1)),/^$/p" site/m.yaml | tr -d ' \n'; }
expect_true "the 700-character story is placed whole" test "$(placed honor/xinxi "$l700" | tr -d ' ')" = "$(written "$l700")"
expect_true "the landscape page places it whole too" test "$(placed wide/xinxi "$l700" | tr -d ' ')" = "$(written "$l700")"
# the indent: a paragraph's first line starts two characters (2 × its size) in from the others
indent=$(awk -v d="document honor/jianzhu" '$0 == d { on = 1; next } /^document / { on = 0 }
	on && /^  glyphs/ && / @site\/m.yaml:'"$l500"':/ { print $2 }' frames.txt | sort -un | sed -n '1p;$p' | tr '\n' ' ' |
	awk '{ printf "%.2f", $2 - $1 }')
expect_true "a paragraph's first line is indented two characters (${indent} mm)" \
	awk -v i="$indent" -v s="$s500" 'BEGIN { exit !((i - 2 * s * 25.4 / 72) ^ 2 < 0.01) }'
expect_true "the name is set large" grep -q "text=\"李堃\" role=text @site/m.yaml:$(grep -n 'name: 李堃' site/m.yaml | cut -d: -f1):13" frames.txt
expect_true "the title" grep -q 'text="优秀毕业生" role=text$' frames.txt
expect_true "the edition" grep -q 'text="2022届毕业季" role=text @site/m.yaml:2:' frames.txt

# The star's photos: whole (no clip), in rows that span one width, none stretched, inside the
# content column; and on the landscape page, beside the story.
awk -v d="document honor/xinxi" '$0 == d { on = 1; next } /^document / { on = 0 }
	on && /^  image .* img\/(photo|jpeg)/ { split($4, wh, "×"); split($7, px, "×");
		printf "%.3f %.3f %s %s %s %s\n", wh[1] / wh[2], px[1] / px[2], $2, $3, wh[1], wh[2] }' frames.txt >photos.txt
expect_true "all four photos of the page are placed" test "$(wc -l <photos.txt)" = 4
expect_true "each whole, at its own shape" awk '{ if (($1 - $2) ^ 2 > 1e-4) exit 1 }' photos.txt
awk '/^document /{ on = $2 ~ /^(honor|wide)\// } on && / clip @/' frames.txt >clipped.txt
expect_true "no star photo is cropped (none in a clipping group)" test ! -s clipped.txt
expect_true "inside the content column (26 to 271 mm)" awk '{ if ($3 < 25.99 || $3 + $5 > 271.01) exit 1 }' photos.txt

# A layout that forces one frame ratio: every star photo in a 3:2 frame, cropped around its
# centre (the photo's box covers the frame, centred on it).
mkdir -p site/layouts
{ cat "$ROOT/layouts/honor-a3.yaml"; echo "photo_ratio: 3:2"; } >site/layouts/framed.yaml
sed 's/layout: honor-a3}/layout: framed}/' site/m.yaml >site/framed.yaml
run build site/framed.yaml -o framed --only honor --dump-frames framed.txt
expect_exit 0 "photo_ratio 3:2: exit 0"
awk '/^document /{ on = 1 } on && / clip @/ { split($4, g, "×"); getline; split($4, i, "×");
	printf "%.3f %.3f %.3f\n", g[1] / g[2], $2 + i[1] / 2 - g[1] / 2, $3 + i[2] / 2 - g[2] / 2 }' framed.txt >frames32.txt
expect_true "photo_ratio 3:2: all seven star photos framed" test "$(wc -l <frames32.txt)" = 7
expect_true "each frame 3:2, each photo centred on it" \
	awk '{ if ($1 != "1.500" || $2 ^ 2 > 1e-4 || $3 ^ 2 > 1e-4) exit 1 }' frames32.txt
sed -i 's/^photo_ratio: 3:2$/photo_ratio: 3x2/' site/layouts/framed.yaml
run check site/framed.yaml
expect_exit 1 "a bad photo_ratio: exit 1"
expect_line err.txt "a bad photo_ratio is named at its line" \
	"site/layouts/framed.yaml:$(wc -l <site/layouts/framed.yaml):14: error: 'photo_ratio' must be a width:height ratio from 1:5 to 5:1, such as 3:2 [schema.value]"

# ---- print: boxes, fonts, photos, text ----------------------------------------------------------
pt() { awk -v mm="$1" 'BEGIN { printf "%.2f", mm / 25.4 * 72 }'; }
boxes() { pdfinfo -box "$1" | tr -s ' ' >info.txt; }
for f in honor/jianzhu honor/xinxi roll/roll; do
	boxes "out/$f.pdf"
	expect_line info.txt "$f: TrimBox is A3 portrait" "TrimBox: $(pt 15) $(pt 15) $(pt 312) $(pt 435)"
	expect_line info.txt "$f: BleedBox is 3 mm beyond the trim" "BleedBox: $(pt 12) $(pt 12) $(pt 315) $(pt 438)"
	pdffonts "out/$f.pdf" | tail -n +3 >fonts.txt
	expect_true "$f: fonts listed" test -s fonts.txt
	expect_no_line_matching fonts.txt "$f: every font embedded and subset" '^\S+\s.*\s(no\s+\S+|\S+\s+no)\s+\S+\s+[0-9]+\s+[0-9]+$'
done
boxes out/wide/jianzhu.pdf
expect_line info.txt "the landscape page: TrimBox is A3 landscape" "TrimBox: $(pt 15) $(pt 15) $(pt 435) $(pt 312)"

# pdfimages -j gives back every star photo and every ID photo as the very bytes submitted.
mkdir -p x
pdfimages -j out/honor/jianzhu.pdf x/j && pdfimages -j out/honor/xinxi.pdf x/x && pdfimages -j out/roll/roll.pdf x/r
same_bytes() { for e in x/*.jpg; do cmp -s "$1" "$e" && return 0; done; return 1; }
for img in photo-3000x1800 jpeg-orient-6 jpeg-baseline photo-1800x3000 jpeg-orient-1 id-red id-650x1000 id-780x1000 id-blue; do
	expect_true "pdfimages gives back $img.jpg byte for byte" same_bytes "site/img/$img.jpg"
done

# pdftotext gives back the story and every honoree's name (a two-character name with its space).
pdftotext out/honor/xinxi.pdf - | tr -d ' \n' >text.txt
expect_true "pdftotext gives back the 700-character story" grep -qF "$(written "$l700")" text.txt
# (-raw: in the order the page sets them, as a copy from the PDF reads; 赵　强 gives "赵 强")
pdftotext -raw out/roll/roll.pdf - | tr -d ' ' >roll.txt
for n in 赵强 孙一鸣 欧阳子涵 何静怡 马骁 王芳; do
	expect_line roll.txt "pdftotext gives back $n" "$n"
done

# ---- findings stop the files that show them -----------------------------------------------------
# rebuild_with SED-SCRIPT : the site written afresh, edited by sed, built into out/.
rebuild_with() {
	write_site
	sed -i "$1" site/m.yaml
	rm -rf out
	run build site/m.yaml -o out
}

# A character no font has, in a name: text.glyphs at its line; the roll is not written (no tofu
# reaches print), the honor pages are.
rebuild_with 's/name: 马骁/name: 马𪚥/'
expect_exit 1 "a name without a glyph: exit 1"
expect_line err.txt "text.glyphs at the name's line" \
	"site/m.yaml:$blue:16: error: character '𪚥' (U+2A6A5) has no glyph in Noto Serif CJK SC [text.glyphs]"
expect_line out.txt "the roll is not written" "skipped roll/roll.pdf: not written, it has errors"
expect_true "the honor pages are" test -f out/honor/jianzhu.pdf -a -f out/honor/xinxi.pdf

# A missing ID photo stops the roll, and only the roll.
rebuild_with 's|photo: img/id-blue.jpg|photo: img/nobody.jpg|'
expect_exit 1 "a missing ID photo: exit 1"
expect_line err.txt "the missing photo is named at its line" \
	"site/m.yaml:$blue:58: error: cannot read image 'img/nobody.jpg': no such file [image.readable]"
expect_line out.txt "it stops the roll" "skipped roll/roll.pdf: not written, it has errors"
expect_true "and no honor page" test -f out/honor/jianzhu.pdf -a -f out/honor/xinxi.pdf -a -f out/wide/xinxi.pdf

# A border found wrong once the roll is drawn still stops it: the ID photos' borders are read
# while the build composes and draws (check.c), and their findings are taken before the file is
# committed.  As an error, the blue background stops the roll, and only the roll; the roll of
# the build before stays as it was.  (Slowed borders and --force: the roll is drawn, not found
# unchanged, before the findings are made.)
write_site
rm -rf out
run build site/m.yaml -o out
before=$(sha256sum out/roll/roll.pdf | cut -d' ' -f1)
sed -i 's/^rules: {/rules: {honoree.photo: error, /' site/m.yaml
PAIBAN_TEST_SLOW_BORDERS=300 run build site/m.yaml -o out --force
expect_exit 1 "honoree.photo as an error: exit 1"
expect_line err.txt "the blue background is the error, at its line" \
	"site/m.yaml:$blue:58: error: ID photo 'img/id-blue.jpg' has no red background (0% of its border is red, #428eda on average) [honoree.photo]"
expect_line out.txt "it stops the roll" \
	"stale roll/roll.pdf: not written, it has errors; the previous file is kept"
expect_true "the roll of the build before is kept" \
	test "$(sha256sum out/roll/roll.pdf | cut -d' ' -f1)" = "$before"
expect_true "and no temporary is left beside it" \
	test -z "$(find out -name '.*.tmp-*')"
expect_true "build.json says the roll is stale" \
	jq -e '.files[] | select(.path == "roll/roll.pdf") | .status == "stale" and
		(.diagnostics | map(.rule) | index("honoree.photo") != null)' out/build.json
expect_true "the honor pages are written" test -f out/honor/jianzhu.pdf -a -f out/honor/xinxi.pdf
# --strict judges the borders' warning as it judges the rest: it stops the roll too
write_site
PAIBAN_TEST_SLOW_BORDERS=300 run build site/m.yaml -o out --force --strict
expect_exit 1 "--strict, the blue background a warning: exit 1"
expect_line out.txt "--strict: the warning stops the roll drawn before it" \
	"stale roll/roll.pdf: not written, it has errors; the previous file is kept"

# Two builds into one folder at once: the one that saves last reads build.json again, since the
# other wrote it after this one read it, and keeps the other's records.
write_site
run build site/m.yaml -o both
PAIBAN_TEST_SLOW_BORDERS=800 "$PAIBAN" build site/m.yaml -o both --only roll --force -q \
	>slow.txt 2>&1 &
slow=$!
sleep 0.5
sed -i 's/name: 司马浩然/name: 司马浩宇/' site/m.yaml
"$PAIBAN" build site/m.yaml -o both --only honor/xinxi -q >quick.txt 2>&1
wait $slow
expect_true "two builds at once: the quick one's page recorded with its bytes" \
	test "$(jq -r '.files[] | select(.path == "honor/xinxi.pdf") | .sha256' both/build.json)" = \
	"$(sha256sum both/honor/xinxi.pdf | cut -d' ' -f1)"
expect_true "two builds at once: and the slow one's roll" \
	test "$(jq -r '.files[] | select(.path == "roll/roll.pdf") | .sha256' both/build.json)" = \
	"$(sha256sum both/roll/roll.pdf | cut -d' ' -f1)"

# A broken star photo stops that college's honor pages only.
rebuild_with 's|img/jpeg-orient-6.jpg|img/broken-truncated.jpg|'
expect_exit 1 "a broken star photo: exit 1"
expect_line out.txt "it stops that college's page" "skipped honor/jianzhu.pdf: not written, it has errors"
expect_line out.txt "in every honor output" "skipped wide/jianzhu.pdf: not written, it has errors"
expect_true "the other college's page and the roll are written" test -f out/honor/xinxi.pdf -a -f out/roll/roll.pdf

# A story far too long for its box even at the smallest size: text.fit, the page not written,
# and the text still placed whole (never cut) for the proof.
write_site
long=$(story 3000 | tr -d '\n')
awk -v l="$l700" -v s="$long" 'NR == l + 1 { print "        " s; skip = 1; next } skip && /^$/ { skip = 0 } !skip' site/m.yaml >m2.yaml
mv m2.yaml site/m.yaml
rm -rf out
run build site/m.yaml -o out --dump-frames long.txt
expect_exit 1 "a 3000-character story: exit 1"
expect_true "text.fit names the story's line" grep -q "^site/m.yaml:$l700:14: error: text does not fit its [0-9]* × [0-9]* mm box even at 10.5 pt \[text.fit\]$" err.txt
expect_line out.txt "that page is not written" "skipped honor/xinxi.pdf: not written, it has errors"
expect_true "the other college's page is" test -f out/honor/jianzhu.pdf
cp long.txt frames.txt
expect_true "and the story is placed whole all the same" test "$(placed honor/xinxi "$l700" | tr -d ' ')" = "$long"

# ---- the roll's pages: balanced, never one lonely card on the last ----------------------------
# A level that fills the first page and one school-level honoree: filled in reading order, that
# card would stand alone on page 2; the rows are spread instead.
roll_site() { # roll_site PROVINCIAL SCHOOL
	{
		echo "paiban: 1"
		echo "event: {school: 湖南工程职业技术学院, title: 青春不散场，奋进新征程, edition: 2022届毕业季, date: 2022-06-21, logo: logo.svg}"
		echo "colleges:"
		echo "  - id: big"
		echo "    name: 建筑工程学院"
		echo "    honorees:"
		for ((i = 1; i <= $1; i++)); do echo "      - {name: 省级$i, class: 建工1901班, level: provincial, photo: img/id-red.jpg}"; done
		for ((i = 1; i <= $2; i++)); do echo "      - {name: 校级$i, class: 建工1901班, level: school, photo: img/id-red.jpg}"; done
		echo "outputs:"
		echo "  - {id: roll, kind: honor-roll, layout: roll-a3}"
		echo "rules: {college.photos: off, college.testimonials: off}"
	} >site/r.yaml
}
cards_per_page() { awk '/^page /{ p = $2 } /^    image .* img\/id-red.jpg /{ n[p]++ } END { for (i = 1; i in n; i++) printf "%d ", n[i] }' "$1"; }
# how many cards the first page holds when the first level runs on
roll_site 80 0
run build site/r.yaml -o rolls --dump-frames r1.txt
full=$(cards_per_page r1.txt | cut -d' ' -f1)
expect_true "a long roll fills its first page ($full cards)" test "${full:-0}" -gt 20
roll_site "$full" 1
run build site/r.yaml -o rolls --dump-frames r2.txt
expect_exit 0 "a full page and one more: exit 0"
per=$(cards_per_page r2.txt)
expect_true "two pages, the last not a lonely card ($per)" \
	awk -v p="$per" 'BEGIN { n = split(p, a, " "); exit !(n == 2 && a[2] > 1 && a[1] + a[2] == '"$((full + 1))"') }'
expect_true "the last page says 2 / 2" grep -q 'text="光荣榜　2 / 2" role=text' r2.txt
expect_true "the level that runs on says so" grep -q 'text="省级优秀毕业生（续）" role=text' r2.txt
# the logo in every page's header is read and drawn once, one Form XObject both pages paint:
# its red (#b01c1c) is set once in the whole file, not once a page
qpdf --qdf --object-streams=disable rolls/roll/roll.pdf rolls-plain.pdf
expect_true "the logo is drawn once for the two pages" \
	test "$(grep -a -c '^0.690196 0.109804 0.109804 rg' rolls-plain.pdf)" = 1
# a logo with a filter (a blur: librsvg renders it as pixels) recorded at 300 ppi, not at the
# recording's one pixel a millimetre (it was 17×17 px for a 17 mm seal)
cat >site/blur.svg <<'SVG'
<svg xmlns="http://www.w3.org/2000/svg" width="200" height="200" viewBox="0 0 200 200">
  <defs><filter id="soft"><feGaussianBlur stdDeviation="4"/></filter></defs>
  <circle cx="100" cy="100" r="80" fill="#b01c1c" filter="url(#soft)"/>
</svg>
SVG
sed 's/logo: logo.svg/logo: blur.svg/' site/r.yaml >site/rb.yaml
run build site/rb.yaml -o rolls-blur
expect_exit 0 "a roll with a blurred logo: exit 0"
pdfimages -list rolls-blur/roll/roll.pdf | awk 'NR > 2 && $3 == "image" && $9 == "image" { print $13 }' | sort -u >blur-ppi.txt
expect_true "the blur is drawn at 300 ppi ($(tr '\n' ' ' <blur-ppi.txt))" \
	awk '{ if ($1 < 290) bad = 1; n++ } END { exit !(n > 0 && !bad) }' blur-ppi.txt
# and so on a document of one page (an honor page), where drawn in place it was the page's 72
write_site
sed 's/logo: logo.svg/logo: blur.svg/' site/m.yaml >site/mb.yaml
run build site/mb.yaml -o honor-blur --only honor
expect_exit 0 "honor pages with a blurred logo: exit 0"
pdfimages -list honor-blur/honor/jianzhu.pdf | awk 'NR > 2 && $3 == "image" && $9 == "image" { print $13 }' | sort -u >blur-ppi1.txt
expect_true "on an honor page too, the blur is 300 ppi ($(tr '\n' ' ' <blur-ppi1.txt))" \
	awk '{ if ($1 < 290) bad = 1; n++ } END { exit !(n > 0 && !bad) }' blur-ppi1.txt
pdfinfo -box -f 1 -l 2 rolls/roll/roll.pdf | tr -s ' ' >info.txt
for p in 1 2; do
	expect_line info.txt "page $p: TrimBox is A3" "Page $p TrimBox: $(pt 15) $(pt 15) $(pt 312) $(pt 435)"
	expect_line info.txt "page $p: BleedBox 3 mm beyond it" "Page $p BleedBox: $(pt 12) $(pt 12) $(pt 315) $(pt 438)"
done
