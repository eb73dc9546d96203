#!/usr/bin/env bash
# Every rule of DESIGN.md's table that `check` applies, at its threshold (silent) and one step
# past it (the exact diagnostic); overrides under rules:; --strict; --json; left-out items.
. "$(dirname "$0")/../lib.sh"

cp -r "$PB_FIXTURES" img

chars() { # chars N : N Chinese characters
	local i s=""
	for ((i = 0; i < $1; i++)); do s+="字"; done
	printf '%s' "$s"
}

# manifest : writes m.yaml from the variables below; defaults give a manifest with no finding.
manifest() {
	{
		echo "paiban: 1"
		echo "event: {school: 测试学院, title: 青春不散场，奋进新征程, date: 2022-06-21}"
		echo "colleges:"
		echo "  - id: a"
		echo "    name: 建筑工程学院"
		echo "    photos:"
		for ((i = 1; i <= ${PHOTOS:-10}; i++)); do
			echo "      - {file: img/${PHOTO:-photo-3000x1800.jpg}, title: 照片$i, class: 建工1901班}"
		done
		echo "    testimonials:"
		for ((i = 1; i <= ${TESTIMONIALS:-20}; i++)); do
			echo "      - {name: 张明, class: 建工1901班, text: 感谢母校}"
		done
		echo "    blessings:"
		echo "      - {role: dean, name: 李华, text: $(chars "${DEAN:-100}"), portrait: img/jpeg-baseline.jpg}"
		echo "      - {role: counselor, name: 罗婷, text: $(chars "${COUNSELOR:-20}")${PORTRAIT-, portrait: img/jpeg-baseline.jpg}}"
		echo "    star:"
		echo "      name: 王芳"
		echo "      class: 建工1902班"
		echo "      story: $(chars "${STORY:-500}")"
		echo -n "      photos: ["
		for ((i = 1; i <= ${STAR_PHOTOS:-3}; i++)); do
			[ "$i" -gt 1 ] && echo -n ", "
			echo -n "img/photo-3000x1800.jpg"
		done
		echo "]"
		echo "    honorees:"
		echo "      - {name: 赵强, class: 建工1901班, level: provincial, photo: img/${ID:-id-red.jpg}}"
		# One fixture stands for every photo: the repetition is this test's, not a
		# college's slip (image.duplicate has its own test below).
		printf 'rules:\n  image.duplicate: off\n'
		[ -n "${RULES:-}" ] && printf '%s\n' "$RULES"
		true
	} >m.yaml
}

# silent DESCRIPTION : check m.yaml finds nothing.
silent() {
	run check m.yaml
	expect_exit 0 "$1: exit 0"
	expect_stderr "$1: no diagnostic" </dev/null
}

# finds DESCRIPTION LINE : check m.yaml exits 0 with exactly this one warning.
finds() {
	run check m.yaml
	expect_exit "${EXIT:-0}" "$1: exit ${EXIT:-0}"
	printf '%s\n' "$2" | expect_stderr "$1"
}

manifest
silent "a manifest within every rule"
expect_stdout "the summary counts what was checked" <<'EOF'
1 college: 10 photos, 20 testimonials, 2 blessings, 1 outstanding graduate, 1 honoree; 3 images read
0 errors, 0 warnings, 0 items left out
EOF

PHOTOS=9 manifest
finds "college.photos one below" \
	"m.yaml:4:5: warning: college a has 9 photos (or groups), at least 10 are asked for [college.photos]"

TESTIMONIALS=19 manifest
finds "college.testimonials one below" \
	"m.yaml:4:5: warning: college a has 19 testimonials, at least 20 are asked for [college.testimonials]"

DEAN=101 manifest
finds "blessing.length: a dean one over 100" \
	"m.yaml:39:38: warning: blessing of the dean has 101 characters, the limit is 100 [blessing.length]"

COUNSELOR=21 manifest
finds "blessing.length: a counselor one over 20" \
	"m.yaml:40:43: warning: blessing of a counselor has 21 characters, the limit is 20 [blessing.length]"

PORTRAIT="" manifest
finds "blessing.portrait missing" \
	"m.yaml:40:9: warning: blessing of a counselor 罗婷 has no portrait [blessing.portrait]"

STORY=300 manifest
silent "star.story at 300"
STORY=299 manifest
finds "star.story one below 300" \
	"m.yaml:44:14: warning: the story of 王芳 has 299 characters; about 500 are asked for (300 to 600) [star.story]"
STORY=600 manifest
silent "star.story at 600"
STORY=601 manifest
finds "star.story one above 600" \
	"m.yaml:44:14: warning: the story of 王芳 has 601 characters; about 500 are asked for (300 to 600) [star.story]"

STAR_PHOTOS=2 manifest
finds "star.photos one below 3" "m.yaml:42:7: warning: 王芳 has 2 photos; 3 to 5 are asked for [star.photos]"
STAR_PHOTOS=5 manifest
silent "star.photos at 5"
STAR_PHOTOS=6 manifest
finds "star.photos one above 5" "m.yaml:42:7: warning: 王芳 has 6 photos; 3 to 5 are asked for [star.photos]"

PHOTOS=1 PHOTO=photo-1800x3000.jpg RULES="  college.photos: off" manifest
silent "image.pixels: a portrait 1800×3000 photo is within"
PHOTOS=1 PHOTO=photo-2999x1800.jpg RULES="  college.photos: off" manifest
finds "image.pixels: one pixel short on the long side" \
	"m.yaml:7:16: warning: photo 'img/photo-2999x1800.jpg' is 2999×1800 px, below the 3000×1800 px asked for [image.pixels]"
PHOTOS=1 PHOTO=photo-3000x1799.jpg RULES="  college.photos: off" manifest
finds "image.pixels: one pixel short on the short side" \
	"m.yaml:7:16: warning: photo 'img/photo-3000x1799.jpg' is 3000×1799 px, below the 3000×1800 px asked for [image.pixels]"
PHOTOS=1 PHOTO=jpeg-orient-6.jpg RULES="  college.photos: off
  image.pixels: {long: 300, short: 200}" manifest
silent "image.pixels reads the size after EXIF orientation"

ID=id-650x1000.jpg manifest
silent "honoree.photo at width/height 0.65"
ID=id-649x1000.jpg manifest
finds "honoree.photo just under 0.65" \
	"m.yaml:47:62: warning: ID photo 'img/id-649x1000.jpg' is 649×1000 px (width/height 0.649); a 2-inch photo is 0.65 to 0.78 [honoree.photo]"
ID=id-780x1000.jpg manifest
silent "honoree.photo at width/height 0.78"
ID=id-781x1000.jpg manifest
finds "honoree.photo just over 0.78" \
	"m.yaml:47:62: warning: ID photo 'img/id-781x1000.jpg' is 781×1000 px (width/height 0.781); a 2-inch photo is 0.65 to 0.78 [honoree.photo]"
ID=id-blue.jpg manifest
run check m.yaml
expect_exit 0 "honoree.photo blue background: exit 0"
expect_no_line_matching err.txt "honoree.photo blue background is not taken for red" "^$"
if grep -qE "^m.yaml:47:62: warning: ID photo 'img/id-blue.jpg' has no red background \(0% of its border is red, #[0-9a-f]{6} on average\) \[honoree.photo\]$" err.txt; then
	_result pass "honoree.photo names a blue background"
else
	_result fail "honoree.photo names a blue background" "$(cat err.txt)"
fi

# Overrides under rules:.
TESTIMONIALS=19 RULES="  college.testimonials: {min: 19}" manifest
silent "an override lowers a threshold"
COUNSELOR=21 RULES="  blessing.length: {short: 21}" manifest
silent "an override raises a limit"
COUNSELOR=22 RULES="  blessing.length: {short: 21, severity: error}" EXIT=1 manifest
EXIT=1 finds "an override makes a rule an error" \
	"m.yaml:40:43: error: blessing of a counselor has 22 characters, the limit is 21 [blessing.length]"
PHOTOS=3 RULES="  college.photos: off" manifest
silent "a rule switched off"

# --strict turns warnings into errors.
PHOTOS=9 manifest
run check --strict m.yaml
expect_exit 1 "--strict: a warning fails the check"
expect_stderr "--strict: the warning is reported as an error" <<'EOF'
m.yaml:4:5: error: college a has 9 photos (or groups), at least 10 are asked for [college.photos]
EOF

# --json: the same findings, as JSON that parses.
run check --json m.yaml
expect_exit 0 "--json: exit 0"
expect_true "--json: stdout parses as JSON" jq -e . out.txt
expect_true "--json: the warning is there with its position" \
	jq -e '.diagnostics[0] == {"file":"m.yaml","line":4,"column":5,"severity":"warning","rule":"college.photos","message":"college a has 9 photos (or groups), at least 10 are asked for"}' out.txt
expect_true "--json: the summary counts it" jq -e '.summary.warnings == 1 and .summary.errors == 0' out.txt
expect_stderr "--json: nothing on stderr" </dev/null

# Pending and rejected items are left out, listed, and not counted.
manifest
sed -i 's/{file: img\/photo-3000x1800.jpg, title: 照片1, class: 建工1901班}/{file: img\/broken-empty.jpg, title: 照片1, class: 建工1901班, status: rejected}/' m.yaml
sed -i '0,/text: 感谢母校}/s//text: 感谢母校, status: pending}/' m.yaml
run check m.yaml
expect_exit 0 "left-out items are not checked: exit 0"
expect_stdout "left-out items are listed and not counted" <<'EOF'
m.yaml:7:9: left out (rejected): photo 照片1 (a)
m.yaml:18:9: left out (pending): testimonial of 张明 (a)
1 college: 9 photos, 19 testimonials, 2 blessings, 1 outstanding graduate, 1 honoree; 3 images read
0 errors, 2 warnings, 2 items left out
EOF
expect_stderr "left-out items raise the count rules" <<'EOF'
m.yaml:4:5: warning: college a has 9 photos (or groups), at least 10 are asked for [college.photos]
m.yaml:4:5: warning: college a has 19 testimonials, at least 20 are asked for [college.testimonials]
EOF

# --- image.duplicate: one file listed twice in a college's photos -------------------------------
cat >m.yaml <<'YAML'
paiban: 1
event: {school: 测试学院, title: 主题, date: 2022-06-21}
colleges:
  - id: a
    name: 学院
    photos:
      - {file: img/photo-3000x1800.jpg, title: 第一张, class: 一班}
      - {file: img/photo-6000x4000.jpg, title: 第二张, class: 一班}
      - title: 一组
        class: 一班
        files: [img/photo-1800x3000.jpg, img/./photo-3000x1800.jpg]
  - id: b
    name: 另一学院
    photos:
      - {file: img/photo-3000x1800.jpg, title: 别的学院也可以用, class: 一班}
rules: {college.photos: off, college.testimonials: off}
YAML
run check m.yaml
expect_exit 0 "image.duplicate is a warning: exit 0"
expect_stderr "the second listing is named, with the first's line" <<'EOF2'
m.yaml:11:42: warning: photo 'img/photo-3000x1800.jpg' is listed twice in this college: first at line 7:16; it would be placed twice [image.duplicate]
EOF2
printf 'rules: {college.photos: off, college.testimonials: off, image.duplicate: off}\n' >>m.yaml
sed -i '/^rules: {college.photos: off, college.testimonials: off}$/d' m.yaml
run check m.yaml
expect_stderr "image.duplicate can be switched off" </dev/null
