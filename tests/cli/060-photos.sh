#!/usr/bin/env bash
# Photos through the whole program, on a college's board: JPEGs embedded as their own bytes at
# their original pixel size, CMYK and YCCK converted (and said so), PNG with its soft mask,
# max_ppi resampling, image.ppi, every broken file's error and exit 1, and --draft placeholders.
# Pixel-level checks (orientation upright, CMYK against its RGB original, 1000 pages one
# image) are in tests/unit/test-imagecache.c; this is what a user of `paiban build` sees.
. "$(dirname "$0")/../lib.sh"

mkdir -p site
cp -r "$PB_FIXTURES" site/img

# site FILE PHOTO... : a one-college manifest showing these photos (img/ paths), quiet rules.
site() {
	local file=$1 layout=${LAYOUT:-board-80x180} p
	shift
	{
		cat <<'YAML'
paiban: 1
event: {school: 测试学院, title: 青春不散场，奋进新征程, date: 2022-06-21}
colleges:
  - id: test
    name: 测试学院
    photos:
YAML
		for p in "$@"; do echo "      - {file: img/$p, title: 照片, class: 一班}"; done
		cat <<YAML
    testimonials:
      - {name: 张明, class: 一班, text: 三年时光，感谢老师。}
outputs:
  - {id: boards, kind: board, layout: $layout}
rules: {image.pixels: off, college.photos: off, college.testimonials: off${RULES:-}}
YAML
	} >"site/$file"
}

# images PDF : pdfimages -list as "type width height color enc", one line per image.
images() {
	pdfimages -list "$1" | awk 'NR > 2 { print $3, $4, $5, $6, $9 }'
}

# --- passthrough, conversion, PNG ----------------------------------------------------------
RULES=", image.ppi: off" site m.yaml jpeg-baseline.jpg jpeg-cmyk.jpg jpeg-orient-6.jpg \
	png-palette-trns.png photo-3000x1800.jpg jpeg-ycck.jpg
run build site/m.yaml -o out
expect_exit 0 "photos: exit 0"
expect_stderr "photos: CMYK and YCCK are converted, and the report says so" <<'EOF'
site/m.yaml:8:16: note: photo 'img/jpeg-cmyk.jpg' is CMYK; converted to sRGB through the standard CMYK profile (Ghostscript's default_cmyk.icc) [image.cmyk]
site/m.yaml:10:16: note: PNG 'img/png-palette-trns.png' has transparency, which each print shop's RIP flattens its own way; flatten_transparency: true in the layout flattens it on the page's ground here [image.alpha]
site/m.yaml:12:16: note: photo 'img/jpeg-ycck.jpg' is YCCK; converted to sRGB through the standard CMYK profile (Ghostscript's default_cmyk.icc) [image.cmyk]
EOF
images out/boards/test-01.pdf | sort >got.txt
sort >want.txt <<'EOF'
image 300 200 rgb jpeg
image 300 200 rgb jpeg
image 200 300 rgb jpeg
image 300 200 rgb image
smask 300 200 gray image
image 3000 1800 gray jpeg
image 300 200 rgb jpeg
EOF
expect_true "pdfimages: JPEGs as jpeg at their stored size, the PNG with its mask" diff want.txt got.txt

# A CMYK photo with its own ICC profile is converted through that profile, and the note says so.
RULES=", image.ppi: off" site icc.yaml cmyk-patches-icc.jpg
run build site/icc.yaml -o icc
expect_stderr "a CMYK photo with its own profile: the note says which profile" <<'EOF'
site/icc.yaml:7:16: note: photo 'img/cmyk-patches-icc.jpg' is CMYK; converted to sRGB through its own ICC profile [image.cmyk]
EOF
RULES=", image.ppi: off" site rgbicc.yaml cmyk-patches-rgb-icc.jpg
run build site/rgbicc.yaml -o rgbicc
expect_stderr "a CMYK photo with an RGB profile: the note says the standard profile" <<'EOF'
site/rgbicc.yaml:7:16: note: photo 'img/cmyk-patches-rgb-icc.jpg' is CMYK; converted to sRGB through the standard CMYK profile (Ghostscript's default_cmyk.icc) [image.cmyk]
EOF

# The JPEGs that need no conversion are the files' own bytes (pdfimages -j writes DCT
# streams untouched): each original is among the extracted ones, byte for byte.
mkdir -p x
pdfimages -j out/boards/test-01.pdf x/img
for f in jpeg-baseline.jpg jpeg-orient-6.jpg photo-3000x1800.jpg; do
	found=no
	for g in x/img-*.jpg; do cmp -s "$g" "$PB_FIXTURES/$f" && found=yes; done
	expect_true "$f is embedded byte for byte" test $found = yes
done
# The converted ones are not: they are RGB JPEGs of their own.
for f in jpeg-cmyk.jpg jpeg-ycck.jpg; do
	found=no
	for g in x/img-*.jpg; do cmp -s "$g" "$PB_FIXTURES/$f" && found=yes; done
	expect_true "$f (4 components) is not embedded as it is" test $found = no
done

# SVG and PNG of the same board: the JPEGs as data: URIs, the proof rendered.
run build site/m.yaml -o out --format svg,png --dpi 10
expect_exit 0 "svg, png: exit 0"
expect_true "svg: JPEGs as data: URIs" grep -q 'data:image/jpeg;base64,' out/boards/test-01.svg
expect_true "png: written" test -s out/boards/test-01.png

# --- effective resolution ------------------------------------------------------------------
RULES="" site low.yaml jpeg-orient-6.jpg
run build site/low.yaml -o out
expect_exit 0 "low ppi: a warning, exit 0"
expect_true "low ppi: image.ppi names the photo, its ppi and the layout's minimum" \
	grep -qE "^site/low.yaml:7:16: warning: photo 'img/jpeg-orient-6.jpg' is placed at [0-9]+ ppi, below the 100 ppi this layout needs \[image.ppi\]$" err.txt
RULES=", image.ppi: {min: 5}" site low.yaml jpeg-orient-6.jpg
run build site/low.yaml -o out
expect_true "low ppi: the rule's own minimum wins over the layout's" test ! -s err.txt
RULES=", image.ppi: {severity: error}" site low.yaml jpeg-orient-6.jpg
run build site/low.yaml -o out
expect_exit 1 "low ppi: the rule's severity (error): exit 1"

# --- max_ppi: a photo far above it is resampled, the rest pass through ---------------------
mkdir -p site/layouts
{ cat "$ROOT/layouts/board-80x180.yaml"; echo "max_ppi: 60"; } >site/layouts/lowres.yaml
LAYOUT=lowres RULES=", image.ppi: off" site max.yaml photo-3000x1800.jpg jpeg-baseline.jpg
run build site/max.yaml -o out
expect_exit 0 "max_ppi: exit 0"
images out/boards/test-01.pdf >got.txt
big=$(awk '$5 == "jpeg" && $2 != 300 { print $2 }' got.txt)
expect_true "max_ppi: the 3000-px photo is resampled below 3000 px (got ${big:-none})" \
	test -n "$big" -a "${big:-3000}" -lt 3000
expect_true "max_ppi: a photo below it keeps its pixels" grep -q '^image 300 200 rgb jpeg$' got.txt

# --- a 54-megapixel PNG: resampled to max_ppi, decoded reduced, compressed once ----------------
# 9000 × 6000 px in a board's photo row is 577 ppi (the 145 MB board of issue 14).  Without
# max_ppi a note says what goes in and how to make it smaller; with max_ppi 150 it is resampled
# while its rows arrive (the whole picture is never in memory) and goes in as a JPEG at 150 ppi.
{ cat "$ROOT/layouts/board-120x240.yaml"; echo "max_ppi: 150"; } >site/layouts/capped.yaml
LAYOUT=board-120x240 RULES=", image.ppi: off" site huge.yaml png-54mp.png
/usr/bin/time -f %M -o mem-whole.txt "$PAIBAN" build site/huge.yaml -o huge-whole >out.txt 2>err.txt
expect_stderr "54 MP PNG, no max_ppi: a note says it goes in whole, far above the need" <<'EOF'
site/huge.yaml:7:16: note: PNG 'img/png-54mp.png' is placed at 577 ppi, far above the 100 ppi this layout needs; its 54 megapixels go into the file as they are (max_ppi in the layout would resample it) [image.resolution]
EOF
LAYOUT=capped RULES=", image.ppi: off" site huge.yaml png-54mp.png
/usr/bin/time -f %M -o mem-capped.txt "$PAIBAN" build site/huge.yaml -o huge >out.txt 2>err.txt
expect_stderr "54 MP PNG under max_ppi 150: the note says what was done" <<'EOF'
site/huge.yaml:7:16: note: photo 'img/png-54mp.png' is placed at 577 ppi; resampled to the layout's max_ppi of 150 and compressed once as JPEG [image.resolution]
EOF
pdfimages -list huge/boards/test-01.pdf | awk 'NR > 2 { print $4, $5, $9, $13, $14 }' >got.txt
expect_true "54 MP PNG: in the PDF as a 2339×1560 JPEG at 150 ppi ($(cat got.txt))" \
	grep -qx '2339 1560 jpeg 150 150' got.txt
whole=$(stat -c %s huge-whole/boards/test-01.pdf) capped=$(stat -c %s huge/boards/test-01.pdf)
expect_true "54 MP PNG: the file is a fraction of the whole picture's ($capped of $whole bytes)" \
	test $((capped * 4)) -lt "$whole"
# Peak memory (under ASan, so both inflated alike): the reduced decode needs well under half of
# what decoding the whole picture does.
expect_true "54 MP PNG: decoded reduced, peak memory $(cat mem-capped.txt) KB against $(cat mem-whole.txt) KB whole" \
	test $(($(cat mem-capped.txt) * 2)) -lt "$(cat mem-whole.txt)"

# --- transparency: a note; flattened on the page's ground where the layout asks -----------------
{ cat "$ROOT/layouts/board-80x180.yaml"; echo "flatten_transparency: true"; } >site/layouts/flat.yaml
LAYOUT=flat RULES=", image.ppi: off" site alpha.yaml png-palette-trns.png
run build site/alpha.yaml -o flat --format pdf,png --dpi 20
expect_stderr "flatten_transparency: the note says the PNG was flattened, on which colour" <<'EOF'
site/alpha.yaml:7:16: note: PNG 'img/png-palette-trns.png' has transparency; flattened on the page's ground #faf6ef for print (flatten_transparency) [image.alpha]
EOF
images flat/boards/test-01.pdf >got.txt
expect_true "flattened: one opaque image, no soft mask ($(tr '\n' ';' <got.txt))" \
	test "$(cat got.txt)" = "image 300 200 rgb image"
LAYOUT=board-80x180 RULES=", image.ppi: off" site alpha.yaml png-palette-trns.png
run build site/alpha.yaml -o masked
expect_true "not flattened: the PNG keeps its soft mask" \
	grep -q '^smask 300 200 gray image$' <(images masked/boards/test-01.pdf)

# --- broken files: the error, its manifest position, exit 1, never a crash -----------------
declare -A why=(
	[broken-truncated.jpg]="truncated JPEG (no end-of-image marker)"
	[broken-empty.jpg]="empty file"
	[broken-text.jpg]="not a JPEG, PNG or SVG file"
	[broken-garbage-header.jpg]="bad JPEG header (unsupported marker type 0x4a)"
	[broken-huge-sof.jpg]="declares 60000×60000 pixels, above the limit of 200 megapixels"
	[broken-bad-crc.png]="bad CRC in PNG chunk IDAT"
	[broken-no-iend.png]="PNG has no IEND chunk"
	[broken-huge-ihdr.png]="declares 100000×100000 pixels, above the limit of 200 megapixels"
	[broken-gif.gif]="GIF images are not accepted, use JPEG or PNG"
	[broken-webp.webp]="WebP images are not accepted, use JPEG or PNG"
	[missing.jpg]="no such file"
)
for f in "${!why[@]}"; do
	RULES=", image.ppi: off" site broken.yaml jpeg-baseline.jpg "$f"
	run build site/broken.yaml -o broken
	expect_exit 1 "$f: exit 1"
	expect_line err.txt "$f: its error at its manifest line" \
		"site/broken.yaml:8:16: error: cannot read image 'img/$f': ${why[$f]} [image.readable]"
done

# --- --draft: DRAFT in the slug, the files written, never a crash ---------------------------
# (The placeholders themselves, a grey box with a cross and the file's name, are checked in
# tests/unit/test-place.c; on the boards they appear where the composer lays photos out with
# pb_compose_photo_slot.)
RULES=", image.ppi: off" site draft.yaml jpeg-baseline.jpg broken-truncated.jpg missing.jpg
sed -i 's|^event: {|event: {logo: img/broken-truncated.jpg, |' site/draft.yaml
run build site/draft.yaml -o draft --draft --format pdf,png --dpi 10
expect_exit 1 "draft: the broken material is still an error (exit 1)"
expect_true "draft: the board is written" test -s draft/boards/test-01.pdf
expect_true "draft: the proof is written" test -s draft/boards/test-01.png
expect_stderr "draft: each placeholder is a note naming the file it is on, beside its error" <<'EOF'
site/draft.yaml:2:15: error: cannot read image 'img/broken-truncated.jpg': truncated JPEG (no end-of-image marker) [image.readable]
site/draft.yaml:8:16: error: cannot read image 'img/broken-truncated.jpg': truncated JPEG (no end-of-image marker) [image.readable]
site/draft.yaml:8:16: note: placeholder drawn for 'img/broken-truncated.jpg' on boards/test-01.pdf [draft.placeholder]
site/draft.yaml:9:16: error: cannot read image 'img/missing.jpg': no such file [image.readable]
site/draft.yaml:9:16: note: placeholder drawn for 'img/missing.jpg' on boards/test-01.pdf [draft.placeholder]
EOF
pdftotext draft/boards/test-01.pdf text.txt
expect_true "draft: the slug says DRAFT" grep -q 'DRAFT$' text.txt
expect_true "draft: the good photo is still there" \
	bash -c "pdfimages -list draft/boards/test-01.pdf | grep -q ' 300   200  rgb     3   8  jpeg '"
# the draft is listed for what it is, not for print; and a build without --draft that is
# stopped says the file it keeps is the draft
expect_true "draft: print-order.csv says draft" \
	bash -c "tr -d '\r' <draft/print-order.csv | grep -q '^boards/test-01.pdf,.*,draft$'"
run build site/draft.yaml -o draft --format pdf
expect_exit 1 "after the draft, a build without --draft: exit 1"
expect_line out.txt "the file kept is named a draft" \
	"stale boards/test-01.pdf: not written, it has errors; the previous file, a draft, is kept"
expect_true "and print-order.csv still says draft" \
	bash -c "tr -d '\r' <draft/print-order.csv | grep -q '^boards/test-01.pdf,.*,draft$'"
run build site/draft.yaml -o nodraft --format pdf
expect_true "without --draft: no DRAFT in the slug" \
	bash -c "! { pdftotext nodraft/boards/test-01.pdf - 2>/dev/null | grep -q 'DRAFT'; }"
