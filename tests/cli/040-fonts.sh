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

# --- without a manifest: every shipped layout ---------------------------------------------
run fonts
expect_exit 0 "the shipped layouts: exit 0"
expect_line out.txt "header" \
	"role     family             file"
expect_line out.txt "title is bold serif" \
	"title    Noto Serif CJK SC  $NOTO/NotoSerifCJK-Bold.ttc#2"
expect_line out.txt "heading is bold serif" \
	"heading  Noto Serif CJK SC  $NOTO/NotoSerifCJK-Bold.ttc#2"
expect_line out.txt "body is regular serif" \
	"body     Noto Serif CJK SC  $NOTO/NotoSerifCJK-Regular.ttc#2"
expect_line out.txt "quote is kai" \
	"quote    LXGW WenKai        $KAI/LXGWWenKai-Regular.ttf"
expect_line out.txt "name is bold sans on boards" \
	"name     Noto Sans CJK SC   $NOTO/NotoSansCJK-Bold.ttc#2"
expect_line out.txt "name is bold serif on honor pages" \
	"name     Noto Serif CJK SC  $NOTO/NotoSerifCJK-Bold.ttc#2"
expect_line out.txt "caption is regular sans" \
	"caption  Noto Sans CJK SC   $NOTO/NotoSansCJK-Regular.ttc#2"
expect_line out.txt "display is Smiley Sans at its one weight" \
	"display  Smiley Sans        $SMILEY/SmileySans-Oblique.ttf"
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
# 𠀀 (U+20000) and 𪚥 (U+2A6A5) are in none of the fonts; 堃 is in all but Smiley Sans.  The
# rejected testimonial is not printed, so its 𪚥 does not count.
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
outputs:
  - {id: boards, kind: board, layout: fonty}
YAML
run fonts m.yaml
expect_exit 0 "missing characters are reported, not an error: exit 0"
expect_stdout "coverage names each missing character and where it first appears" <<EOF
role     family             file                                                          coverage
body     Noto Serif CJK SC  $NOTO/NotoSerifCJK-Regular.ttc#2     missing 2: 𠀀 U+20000 (m.yaml:7:16), 𪚥 U+2A6A5 (m.yaml:10:16)
name     LXGW WenKai        $KAI/LXGWWenKai-Bold.ttf     missing 2: 𠀀 U+20000 (m.yaml:7:16), 𪚥 U+2A6A5 (m.yaml:10:16)
display  Smiley Sans        $SMILEY/SmileySans-Oblique.ttf  missing 3: 𠀀 U+20000 (m.yaml:7:16), 堃 U+5803 (m.yaml:7:37), 𪚥 U+2A6A5 (m.yaml:10:16)
EOF
expect_stderr "nothing on stderr" </dev/null

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
	"body     Noto Serif CJK SC  $NOTO/NotoSerifCJK-Regular.ttc#2     covered"

# --- a family that is not installed -----------------------------------------------------------
cat >layouts/fonty.yaml <<'YAML'
kind: board
size: 1200mm x 2400mm
fonts:
  title: Noto Serif CJK SC
  body: Comic Paiban
YAML
run fonts m.yaml
expect_exit 1 "a family not installed: exit 1"
expect_line out.txt "its line says so" "body   Comic Paiban       not installed"
expect_line out.txt "the installed families follow" "installed families:"
expect_stderr "the error points at the layout" <<'EOF'
layouts/fonty.yaml: error: font family 'Comic Paiban' of role 'body' is not installed [font.missing]
EOF

# --- a school's own font, dropped into fonts/ beside the manifest -------------------------------
# DejaVu Sans is not in paiban's folders, so it is found only there.  It has no Chinese: the
# coverage column lists the first ten characters it lacks, then "...".
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
	expect_stdout "it resolves to the dropped file" <<EOF
role     family       file                                  coverage
caption  DejaVu Sans  $SCRATCH/fonts/school.ttf  missing 15: 测 U+6D4B (m.yaml:2:17), 试 U+8BD5 (m.yaml:2:17), 学 U+5B66 (m.yaml:2:17), 院 U+9662 (m.yaml:2:17), 青 U+9752 (m.yaml:2:30), 春 U+6625 (m.yaml:2:30), 不 U+4E0D (m.yaml:2:30), 散 U+6563 (m.yaml:2:30), 场 U+573A (m.yaml:2:30), ， U+FF0C (m.yaml:2:30), ...
EOF
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
