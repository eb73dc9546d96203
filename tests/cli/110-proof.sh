#!/usr/bin/env bash
# paiban proof: a PNG of every page with its overlays, the contact sheet checked as HTML and in
# a real headless Chromium (tests/browser/proof.cjs), and proofs redrawn only where pages changed.
. "$(dirname "$0")/../lib.sh"

mkdir -p site
cp -r "$PB_FIXTURES" site/img
cat >site/m.yaml <<'YAML'
paiban: 1
event: {school: 湖南工程职业技术学院, title: 青春不散场，奋进新征程, edition: 2022届毕业季, date: 2022-06-21, logo: img/logo.svg}
colleges:
  - id: jianzhu
    name: 建筑工程学院
    photos:
      - {file: img/photo-3000x1800.jpg, title: 最后一课, class: 建工1901班}
      - {file: img/photo-2999x1800.jpg, title: 小了一点的照片, class: 建工1902班}
      - {file: img/photo-6000x4000.jpg, title: 工地上的回望, class: 建工1902班}
    testimonials:
      - {name: 张明, class: 建工1901班, text: 三年前第一次戴上安全帽，觉得又闷又重；今天摘下它，才发现它早已是我的一部分。}
      - {name: 李思雨, class: 造价1901班, text: 算了三年的工程量，最难算清的是这份不舍。}
    blessings:
      - {role: counselor, name: 罗婷, text: 愿你们走出校门后依然不忘初心，踏实做事，堂堂正正做人！}
  - id: jixie
    name: 机械工程学院
    photos:
      - {file: img/jpeg-baseline.jpg, title: 车间, class: 机电1901班}
    testimonials:
      - {name: 王芳, class: 机电1901班, text: "毕业快乐😀，江湖再见"}
outputs:
  - {id: boards, kind: board, layout: board-80x180}
rules: {college.photos: off, college.testimonials: off, blessing.portrait: off}
YAML

run proof site/m.yaml -o out
expect_exit 1 "proof: exit 1 (an emoji has no glyph), the proofs written all the same"
expect_line out.txt "proof: says where the contact sheet is" "proofs of 3 pages: out/proof/index.html"
expect_true "proof: the PDFs are built" test -f out/boards/jianzhu-01.pdf
for f in cover jianzhu-01 jixie-01; do
	expect_true "proof: $f has a proof and a thumbnail" test -s out/proof/boards/$f-1.png -a -s out/proof/boards/$f-1.thumb.png
done
png_size() { od -An -tu1 -j16 -N8 "$1" | awk '{ printf "%d %d", $1*16777216+$2*65536+$3*256+$4, $5*16777216+$6*65536+$7*256+$8 }'; }
read -r w h <<<"$(png_size out/proof/boards/jianzhu-01-1.png)"
expect_true "proof: a board's proof is 1200 px tall ($w×$h), trim and bleed" test "$h" = 1200 -a "$w" = 537
expect_true "proof: the stale board has a proof too (it shows what stopped it)" test -s out/proof/boards/jixie-01-1.png
expect_true "proof: proof.json knows the findings' places" \
	test "$(jq '[.files[] | select(.pdf == "boards/jianzhu-01.pdf") | .pages[0].spots[]] | length' out/proof/proof.json)" -ge 2

# The outline of a finding is on the proof: reddish-orange pixels where the small photo is.
expect_true "proof: the small photo is outlined" python3 - <<'PY'
import json, zlib, struct, sys
def png(path):
    data = open(path, 'rb').read(); pos = 8; w = h = 0; idat = b''
    while pos < len(data):
        n, t = struct.unpack('>I4s', data[pos:pos + 8]); body = data[pos + 8:pos + 8 + n]
        if t == b'IHDR': w, h = struct.unpack('>II', body[:8])
        if t == b'IDAT': idat += body
        pos += 12 + n
    raw = zlib.decompress(idat); stride = 3 * w; rows = []; prev = bytearray(stride)
    for y in range(h):
        f = raw[y * (stride + 1)]; line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - 3] if i >= 3 else 0; b = prev[i]; c = prev[i - 3] if i >= 3 else 0
            if f == 1: line[i] = (line[i] + a) & 255
            elif f == 2: line[i] = (line[i] + b) & 255
            elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(line); prev = line
    return w, h, rows
w, h, rows = png('out/proof/boards/jianzhu-01-1.png')
spot = [s for s in json.load(open('out/proof/proof.json'))['files'] if s['pdf'] == 'boards/jianzhu-01.pdf'][0]['pages'][0]['spots'][0]['box']
x0, y0 = int(spot[0] / 100 * w) - 2, int((spot[1] + spot[3]) / 200 * h)
orange = sum(1 for dx in range(-6, 3) if (lambda p: p[0] > 200 and 100 < p[1] < 180 and p[2] < 60)(rows[y0][3 * (x0 + dx):3 * (x0 + dx) + 3]))
sys.exit(0 if orange else 1)
PY

# The contact sheet: valid HTML, every file a card, every finding beside its page.
expect_true "the contact sheet is there, with version.js" test -s out/proof/index.html -a -s out/proof/version.js
tidy -q -e --show-warnings no out/proof/index.html >tidy.txt 2>&1
expect_true "the contact sheet is valid HTML (tidy finds no error)" test ! -s tidy.txt
expect_true "the contact sheet refers to nothing outside its folder" bash -c "! grep -Eq '(src|href)=\"(https?:|//|/)' out/proof/index.html"
expect_true "the contact sheet names each finding with file:line:col and rule" \
	grep -qF '<code>site/m.yaml:20:42</code> error: character &apos;😀&apos; (U+1F600) has no glyph in LXGW WenKai <span class="rule">[text.glyphs]</span>' out/proof/index.html

# In Chromium: no console error, no network, one card a file, every image loaded, a click on
# a thumbnail opens its page with the findings numbered, the filter hides warnings, and at
# 390 px nothing overflows.
mkdir -p shots
if [ -x "$ROOT/build/node/node_modules/.bin/playwright-core" ] || [ -d "$ROOT/build/node/node_modules/playwright-core" ]; then
	NODE_PATH=$ROOT/build/node/node_modules timeout 120 node "$ROOT/tests/browser/proof.cjs" "$PWD/out/proof/index.html" "$PWD/shots" >browser.json 2>browser.err
	j() { jq -r "$1" browser.json 2>/dev/null; }
	expect_true "chromium: the page ran ($(j .failure))" test "$(j .failure)" = null
	expect_true "chromium: no console error ($(j '.console_errors | join(" ")'))" test "$(j '.console_errors | length')" = 0
	expect_true "chromium: no network request ($(j '.network | join(" ")'))" test "$(j '.network | length')" = 0
	expect_true "chromium: one card per output file ($(j .cards))" test "$(j .cards)" = 3
	expect_true "chromium: every image has loaded ($(j .broken_images) of $(j .images) not)" test "$(j .broken_images)" = 0 -a "$(j .images)" -ge 3
	expect_true "chromium: a click on a thumbnail opens that page large" test "$(j .viewer_visible)" = true -a "$(j .viewer_src)" = "$(j .clicked)" -a "$(j .viewer_loaded)" = true
	expect_true "chromium: the page shows its findings, numbered on it" test "$(j .viewer_spots)" -ge 1 -a "$(j .viewer_findings)" -ge 1
	expect_true "chromium: Escape closes it" test "$(j .viewer_closed)" = true
	expect_true "chromium: the filter hides warnings ($(j .warnings_shown) shown, then $(j .warnings_after_filter))" test "$(j .warnings_shown)" -ge 1 -a "$(j .warnings_after_filter)" = 0
	expect_true "chromium: the filter keeps errors" test "$(j .errors_after_filter)" = "$(j .errors_total)" -a "$(j .errors_total)" -ge 1
	expect_true "chromium: nothing overflows at 390 px ($(j .phone_overflow) px)" test "$(j .phone_overflow)" -le 0
	[ -n "${PB_SHOTS:-}" ] && cp shots/*.png "$PB_SHOTS"/
else
	_result fail "chromium: playwright-core is not installed in build/node (make test installs it)"
fi

# A rebuild redraws only the proofs of pages that changed.
stamp() { (cd out/proof && find . -name '*.png' -printf '%p %i %T@\n' | sort); }
stamp >before.txt
run proof site/m.yaml -o out
stamp >after.txt
expect_true "proof again: no proof redrawn" cmp before.txt after.txt
sed -i 's/算了三年的工程量/算了四年的工程量/' site/m.yaml
run proof site/m.yaml -o out
stamp >after.txt
changed=$(diff before.txt after.txt | grep '^>' | cut -d' ' -f2 | sort -u | tr '\n' ' ')
expect_true "one edit: only that board's proofs are redrawn ($changed)" test "$changed" = "./boards/jianzhu-01-1.png ./boards/jianzhu-01-1.thumb.png "

# A PNG in proof/ that no proof names any more (a board the manifest no longer makes) is
# removed; a file through a link in proof/ is not followed.
cp out/proof/boards/jianzhu-01-1.png out/proof/boards/gone-01-1.png
mkdir -p elsewhere && cp out/proof/boards/jianzhu-01-1.png elsewhere/keep.png
ln -s "$PWD/elsewhere" out/proof/linked
run proof site/m.yaml -o out
expect_true "proof: a PNG no proof names is removed" test ! -e out/proof/boards/gone-01-1.png
expect_true "proof: the proofs it names stay" test -s out/proof/boards/jianzhu-01-1.png
expect_true "proof: nothing through a link is removed" test -s elsewhere/keep.png
