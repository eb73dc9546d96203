#!/usr/bin/env bash
# Broken images: each is an image.readable error naming the manifest line and the image path,
# exit 1, and never a crash (these run under ASan and UBSan).
. "$(dirname "$0")/../lib.sh"

cp -r "$PB_FIXTURES" img

# one_photo FILE : a manifest whose only photo is img/FILE.
one_photo() {
	cat >m.yaml <<YAML
paiban: 1
event: {school: 测试学院, title: 主题, date: 2022-06-21}
colleges:
  - id: a
    name: 学院
    photos:
      - {file: img/$1, title: 照片, class: 一班}
rules: {college.photos: off, college.testimonials: off, image.pixels: off}
YAML
}

while IFS='|' read -r file message; do
	one_photo "$file"
	run check m.yaml
	expect_exit 1 "$file: exit 1"
	expect_stderr "$file: $message" <<EOF
m.yaml:7:16: error: cannot read image 'img/$file': $message [image.readable]
EOF
done <<'LIST'
broken-truncated.jpg|truncated JPEG (no end-of-image marker)
broken-garbage-header.jpg|bad JPEG header (unsupported marker type 0x4a)
broken-empty.jpg|empty file
broken-bad-crc.png|bad CRC in PNG chunk IDAT
broken-no-iend.png|PNG has no IEND chunk
broken-gif.gif|GIF images are not accepted, use JPEG or PNG
broken-webp.webp|WebP images are not accepted, use JPEG or PNG
broken-text.jpg|not a JPEG, PNG or SVG file
broken-huge-sof.jpg|declares 60000×60000 pixels, above the limit of 200 megapixels
broken-huge-ihdr.png|declares 100000×100000 pixels, above the limit of 200 megapixels
missing.jpg|no such file
LIST

one_photo logo.svg
run check m.yaml
expect_exit 1 "an SVG as a photo: exit 1"
expect_stderr "an SVG as a photo is refused" <<'EOF'
m.yaml:7:16: error: image 'img/logo.svg' is an SVG drawing; photos must be JPEG or PNG [image.readable]
EOF

one_photo mislabelled-png.jpg
run check m.yaml
expect_exit 0 "a PNG named .jpg is read as the PNG it is"

# One broken image referred to twice is reported at both places.
cat >m.yaml <<'YAML'
paiban: 1
event: {school: 测试学院, title: 主题, date: 2022-06-21}
colleges:
  - id: a
    name: 学院
    photos:
      - {file: img/broken-empty.jpg, title: 照片, class: 一班}
    blessings:
      - {role: dean, name: 李华, text: 祝福, portrait: img/broken-empty.jpg}
rules: {college.photos: off, college.testimonials: off}
YAML
run check m.yaml
expect_stderr "one broken image, two references, two errors" <<'EOF'
m.yaml:7:16: error: cannot read image 'img/broken-empty.jpg': empty file [image.readable]
m.yaml:9:52: error: cannot read image 'img/broken-empty.jpg': empty file [image.readable]
EOF
expect_line out.txt "the summary counts the errors" "2 errors, 0 warnings, 0 items left out"
expect_line out.txt "the summary counts what was read, one college in the singular" \
	"1 college: 1 photo, 0 testimonials, 1 blessing, 0 outstanding graduates, 0 honorees; 0 images read, 1 unreadable"

# Four images named, one of them broken: three were read, and the summary says so.
cat >m.yaml <<'YAML'
paiban: 1
event: {school: 测试学院, title: 主题, date: 2022-06-21}
colleges:
  - id: a
    name: 学院
    photos:
      - {file: img/photo-3000x1800.jpg, title: 照片, class: 一班}
      - {file: img/photo-1800x3000.jpg, title: 照片, class: 一班}
      - {file: img/broken-truncated.jpg, title: 照片, class: 一班}
    honorees:
      - {name: 赵强, class: 一班, level: school, photo: img/id-red.jpg}
rules: {college.photos: off, college.testimonials: off}
YAML
run check m.yaml
expect_line out.txt "4 images named, 1 broken: 3 read" \
	"1 college: 3 photos, 0 testimonials, 0 blessings, 0 outstanding graduates, 1 honoree; 3 images read, 1 unreadable"
run check m.yaml --json
expect_true "--json: images counts what was read, unreadable_images the rest" \
	jq -e '.summary.images == 3 and .summary.unreadable_images == 1' out.txt
