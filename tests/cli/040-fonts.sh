#!/usr/bin/env bash
# `paiban fonts [MANIFEST]`: the file each font role resolves to through paiban's own
# fonts/fonts.conf, the coverage of the manifest's texts, and the exit statuses: 0 done, 1 a
# family not installed or a manifest with errors, 2 usage, 3 no manifest or no font configuration.
. "$(dirname "$0")/../lib.sh"

NOTO=/usr/share/fonts/opentype/noto
KAI=/usr/share/fonts/truetype/lxgw-wenkai
SMILEY=/usr/share/fonts/truetype/smiley-sans
DEJAVU=/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
# Fonts scanned for a test's own fonts/ folder are cached in the scratch folder, not in ~/.cache.
export XDG_CACHE_HOME=$SCRATCH/cache

# --- without a manifest: every shipped layout, each once ------------------------------------
run fonts
expect_exit 0 "the shipped layouts: exit 0"
expect_line out.txt "header" \
	"layout              role     family             file"
expect_line out.txt "title is bold serif" \
	"board-120x240       title    Noto Serif CJK SC  $NOTO/NotoSerifCJK-Bold.ttc#2"
expect_line out.txt "heading is bold serif" \
	"board-120x240       heading  Noto Serif CJK SC  $NOTO/NotoSerifCJK-Bold.ttc#2"
expect_line out.txt "body is regular serif" \
	"board-120x240       body     Noto Serif CJK SC  $NOTO/NotoSerifCJK-Regular.ttc#2"
expect_line out.txt "quote is kai" \
	"board-120x240       quote    LXGW WenKai        $KAI/LXGWWenKai-Regular.ttf"
expect_line out.txt "name is bold sans on boards" \
	"board-120x240       name     Noto Sans CJK SC   $NOTO/NotoSansCJK-Bold.ttc#2"
expect_line out.txt "name is bold serif on honor pages" \
	"honor-a3            name     Noto Serif CJK SC  $NOTO/NotoSerifCJK-Bold.ttc#2"
expect_line out.txt "caption is regular sans" \
	"board-120x240       caption  Noto Sans CJK SC   $NOTO/NotoSansCJK-Regular.ttc#2"
expect_line out.txt "display is Smiley Sans at its one weight" \
	"board-120x240       display  Smiley Sans        $SMILEY/SmileySans-Oblique.ttf"
# Each (layout, role) once: a role named by several layouts is one row per layout, never two
# rows that cannot be told apart.
sed -n '2,/^$/p' out.txt | sed '/^$/d' | awk '{print $1, $2}' | sort | uniq -d >dups.txt
expect_true "no layout lists a role twice" test ! -s dups.txt
expect_true "every shipped layout is listed" \
	test "$(sed -n '2,/^$/p' out.txt | awk 'NF {print $1}' | sort -u | wc -l)" = "$(ls "$ROOT"/layouts/*.yaml | wc -l)"
expect_line out.txt "installed families are listed" "installed families:"
expect_line out.txt "an installed family" "  Noto Sans CJK TC"
# The machine's own fonts (DejaVu is on most Debian machines) are not paiban's.
expect_no_line_matching out.txt "no system font leaks in" "DejaVu"
expect_no_line_matching out.txt "no coverage column without a manifest" "covered|missing"

# --- a manifest with characters the fonts lack ----------------------------------------------
mkdir -p layouts
cat >layouts/fonty.yaml <<'YAML'
kind: board
size: 1200mm x 2400mm
fonts:
  body: Noto Serif CJK SC
  name: LXGW WenKai
  display: Smiley Sans
YAML
# 𠀀 (U+20000) and 𪚥 (U+2A6A5) are in none of the fonts; 堃 is in all but Smiley Sans.  Each
# role is judged on the texts it sets: on the boards the name 王𠀀 (name), the words 李堃的故事
# (quote, the composers' default family, as the layout names none): no display text has 堃,
# so display is covered; on the honor page the star's story (body) has 𠀀 and the quote role
# sets nothing.  The rejected testimonial is not set, nor is the honoree (no output here is a
# roll), so 𪚥 counts nowhere.
cat >m.yaml <<'YAML'
paiban: 1
event: {school: 测试学院, title: 青春不散场, date: 2022-06-21}
colleges:
  - id: a
    name: 测试学院
    testimonials:
      - {name: 王𠀀, class: 一班, text: 李堃的故事}
      - {name: 张𪚥, class: 二班, text: 再见, status: rejected}
    honorees:
      - {name: 李𪚥, class: 三班, level: school, photo: x.jpg}
    star: {name: 周堃, class: 四班, story: 他在𠀀工地上度过了三年。, photos: [s1.jpg, s2.jpg, s3.jpg]}
outputs:
  - {id: boards, kind: board, layout: fonty}
  - {id: honor, kind: honor, layout: honor-a3}
YAML
run fonts m.yaml
expect_exit 0 "missing characters are reported, not an error: exit 0"
expect_stdout "coverage per layout and role, of the texts each role sets" <<EOF
layout    role     family             file                                                          coverage
fonty     title    Noto Serif CJK SC  $NOTO/NotoSerifCJK-Bold.ttc#2        covered
fonty     heading  Noto Serif CJK SC  $NOTO/NotoSerifCJK-Bold.ttc#2        covered
fonty     body     Noto Serif CJK SC  $NOTO/NotoSerifCJK-Regular.ttc#2     sets no text of the manifest
fonty     quote    LXGW WenKai        $KAI/LXGWWenKai-Regular.ttf  covered
fonty     name     LXGW WenKai        $KAI/LXGWWenKai-Bold.ttf     missing 1: 𠀀 U+20000 (m.yaml:7:16)
fonty     caption  Noto Sans CJK SC   $NOTO/NotoSansCJK-Regular.ttc#2      covered
fonty     display  Smiley Sans        $SMILEY/SmileySans-Oblique.ttf  covered
honor-a3  title    Noto Serif CJK SC  $NOTO/NotoSerifCJK-Bold.ttc#2        covered
honor-a3  heading  Noto Serif CJK SC  $NOTO/NotoSerifCJK-Bold.ttc#2        covered
honor-a3  body     Noto Serif CJK SC  $NOTO/NotoSerifCJK-Regular.ttc#2     missing 1: 𠀀 U+20000 (m.yaml:11:40)
honor-a3  quote    LXGW WenKai        $KAI/LXGWWenKai-Regular.ttf  sets no text of the manifest
honor-a3  name     Noto Serif CJK SC  $NOTO/NotoSerifCJK-Bold.ttc#2        covered
honor-a3  caption  Noto Sans CJK SC   $NOTO/NotoSansCJK-Regular.ttc#2      covered
honor-a3  display  Smiley Sans        $SMILEY/SmileySans-Oblique.ttf  sets no text of the manifest
EOF
expect_stderr "nothing on stderr" </dev/null
# fonts, check and build agree: the characters fonts finds missing are check's text.glyphs
# findings, at the same positions.
run check m.yaml
grep -F '[text.glyphs]' err.txt >glyphs.txt
expect_true "check finds what fonts finds, at the same place" diff - glyphs.txt <<'EOF'
m.yaml:7:16: error: character '𠀀' (U+20000) has no glyph in LXGW WenKai [text.glyphs]
m.yaml:11:40: error: character '𠀀' (U+20000) has no glyph in Noto Serif CJK SC [text.glyphs]
EOF

cat >m.yaml <<'YAML'
paiban: 1
event: {school: 测试学院, title: 青春不散场, date: 2022-06-21}
colleges:
  - {id: a, name: 测试学院}
outputs:
  - {id: boards, kind: board, layout: fonty}
YAML
run fonts m.yaml
expect_exit 0 "every character covered: exit 0"
expect_line out.txt "covered" \
	"fonty   display  Smiley Sans        $SMILEY/SmileySans-Oblique.ttf  covered"

# --- a family that is not installed: at the layout's line, in check's words ----------------------
cat >layouts/fonty.yaml <<'YAML'
kind: board
size: 1200mm x 2400mm
fonts:
  title: Noto Serif CJK SC
  body: Comic Paiban
YAML
run fonts m.yaml
expect_exit 1 "a family not installed: exit 1"
expect_line out.txt "its line says so" "fonty   body     Comic Paiban       not installed"
expect_line out.txt "the installed families follow" "installed families:"
expect_stderr "the error points at the family's line and column" <<'EOF'
layouts/fonty.yaml:5:9: error: font family 'Comic Paiban' for role body is not installed (paiban fonts lists what is) [font.family]
EOF
run check m.yaml
expect_line err.txt "check says the same at the same place" \
	"layouts/fonty.yaml:5:9: error: font family 'Comic Paiban' for role body is not installed (paiban fonts lists what is) [font.family]"

# --- a school's own font, dropped into fonts/ beside the manifest -------------------------------
# DejaVu Sans is not in paiban's folders, so it is found only there.  It has no Chinese: the
# caption role sets the event's date on the opening board (2022年6月21日), whose three Chinese
# characters it lacks.
if [ -f "$DEJAVU" ]; then
	mkdir -p fonts
	cp "$DEJAVU" fonts/school.ttf
	cat >layouts/fonty.yaml <<'YAML'
kind: board
size: 1200mm x 2400mm
fonts:
  caption: DejaVu Sans
YAML
	cat >m.yaml <<'YAML'
paiban: 1
event: {school: 测试学院, title: 青春不散场，奋进新征程, date: 2022-06-21}
colleges:
  - {id: a, name: 测试学院}
outputs:
  - {id: boards, kind: board, layout: fonty}
YAML
	run fonts m.yaml
	expect_exit 0 "a font in the manifest's fonts/ folder: exit 0"
	expect_line out.txt "it resolves to the dropped file, and lacks what it sets" \
		"fonty   caption  DejaVu Sans        $SCRATCH/fonts/school.ttf                          missing 3: 年 U+5E74 (m.yaml:2:49), 月 U+6708 (m.yaml:2:49), 日 U+65E5 (m.yaml:2:49)"
	rm -rf fonts
fi

# --- errors -------------------------------------------------------------------------------------
cat >m.yaml <<'YAML'
paiban: 1
event: {school: 测试学院, date: 2022-06-21}
colleges: []
YAML
run fonts m.yaml
expect_exit 1 "a manifest with errors: exit 1"
expect_stderr "its diagnostics are printed" <<'EOF'
m.yaml:2:8: error: event has no 'title' [schema.missing]
EOF

run fonts nowhere.yaml
expect_exit 3 "a manifest that cannot be read: exit 3"
expect_line err.txt "it says which" \
	"paiban fonts: cannot read manifest 'nowhere.yaml': Failed to open file “nowhere.yaml”: No such file or directory"

run fonts a.yaml b.yaml
expect_exit 2 "two manifests: exit 2"
expect_line err.txt "usage" "usage: paiban fonts [MANIFEST] [--no-caret]"
run fonts --bogus
expect_exit 2 "an unknown option: exit 2"
run fonts --help
expect_exit 0 "--help: exit 0"
run --help
expect_line out.txt "the command is listed" "  paiban fonts [MANIFEST]"
expect_line out.txt "the command is explained" "        which font each role resolves to"

# A data folder without fonts/fonts.conf is a broken installation.
mkdir -p data/layouts
cp "$ROOT"/layouts/honor-a3.yaml data/layouts/
PAIBAN_DATADIR=$SCRATCH/data run fonts
expect_exit 3 "no font configuration: exit 3"
expect_line err.txt "it names the file" \
	"paiban fonts: no font configuration '$SCRATCH/data/fonts/fonts.conf' (is PAIBAN_DATADIR right?)"
