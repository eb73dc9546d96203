#!/usr/bin/env bash
# paiban init FOLDER on the example's submission folder (build/example-submissions, as the
# colleges hand it in: one folder each, Word files in tables and paragraphs, Chinese names):
# what it prints, that check accepts what it writes with the example's findings, that a second
# init leaves the manifest alone, that .doc and broken .docx files are named and skipped, and
# that nothing outside FOLDER is read or written (strace).  tests/unit/test-init.c compares the
# manifest it writes with the hand-written example, value by value.
. "$(dirname "$0")/../lib.sh"

SUBMISSIONS=$ROOT/build/example-submissions
F='2022届 毕业季素材' # a Chinese folder name, with a space
cp -r "$SUBMISSIONS" "$F"

run init "$F"
expect_exit 0 "init on the example's submission folder exits 0"
expect_stdout "init says what it wrote and how much is marked TODO" <<EOF
wrote $F/manifest.yaml: 3 colleges, 31 photos, 60 testimonials, 15 blessings, 3 outstanding graduates, 14 honorees
425 values found, 4 marked TODO: check each TODO, then run \`paiban check $F/manifest.yaml\`
EOF
expect_stderr "the folder holds nothing to warn about" </dev/null
cp "$F/manifest.yaml" first.yaml
expect_true "the manifest starts with the schema line" \
	grep -qx "# yaml-language-server: \\\$schema=$ROOT/schema/manifest.schema.json" <(head -1 first.yaml)
expect_true "exactly four TODO comments" test "$(grep -c '# TODO: ' first.yaml)" = 4

# A table-form Word file (建筑工程学院) and a paragraph-form one (机械工程学院), read alike.
expect_line first.yaml "a photo described in a table, matched by its number" \
	"      - {file: 1.最美毕业照/01-zuihou-yike.jpg, title: 最后一课, class: 建工1901班}"
expect_line first.yaml "a group, by the number its files share" \
	"      - {files: [1.最美毕业照/03-celiang-1.jpg, 1.最美毕业照/03-celiang-2.jpg, 1.最美毕业照/03-celiang-3.jpg], title: 测量实训三部曲, class: 工管1901班}"
expect_line first.yaml "a photo described on a line that begins with its file name" \
	"      - {file: 1.最美毕业照/01-chechuang.jpg, title: 和车床的告别, class: 机制1901班}"
expect_line first.yaml "a testimonial from labelled paragraphs" \
	"      - {name: 王浩, class: 机制1901班, text: 车间里机油的味道，是我闻过最踏实的味道。三年来手上磨出的茧子，就是我的另一张毕业证书。}"
expect_line first.yaml "a testimonial from one line with the class in brackets" \
	"      - {name: 田野, class: 软件1901班, text: 愿我们的人生没有死循环，只有不断迭代的更好版本。}"
expect_line first.yaml "a blessing from a table, its portrait found by the person's name" \
	"      - {role: counselor, name: 罗婷, text: 愿你们走出校门后依然不忘初心，踏实做事，堂堂正正做人！, portrait: 3.毕业寄语/罗婷.jpg}"
expect_line first.yaml "an honoree from the file name, its level from the name" \
	"      - {name: 赵强, class: 建工1901班, level: provincial, photo: 5.优秀毕业生寸照/省级-赵强-建工1901班.jpg}"
expect_line first.yaml "an honoree named by the file, class and level from the list" \
	"      - {name: 王㛃, class: 模具1901班, level: provincial, photo: 5.优秀毕业生寸照/王㛃.jpg}"
expect_line first.yaml "an ASCII folder gives the id; the 学院 fields the name" "  - id: xinxi"
expect_line first.yaml "a Chinese folder name: the id is asked for" \
	"  - id: college-2  # TODO: a short ASCII id (lowercase letters, digits, -): it names the output files, e.g. boards/college-2-01.pdf"
expect_line first.yaml "a blessing without a portrait says so" \
	"        # portrait:  # TODO: no picture is named after 谢国强"
expect_line first.yaml "the event, from the school's notice" "  title: 青春不散场，奋进新征程"
expect_line first.yaml "the ceremony's day, from the notice" '  date: "2022-06-21"'

# check accepts it, with the example's own findings (the same rules, item for item), and
# counts every item the colleges handed in (the example holds 5 back with status:).
run check "$F/manifest.yaml"
expect_exit 0 "check accepts init's manifest"
expect_line out.txt "check counts what init found" \
	"3 colleges: 31 photos, 60 testimonials, 15 blessings, 3 outstanding graduates, 14 honorees; 75 images read"
expect_line out.txt "check finds no error, and the example's 12 warnings" "0 errors, 12 warnings, 0 items left out"
grep -o '\[[a-z.]*\]$' err.txt | sort >init-rules.txt
run check "$ROOT/examples/graduation-2022/manifest.yaml"
grep -o '\[[a-z.]*\]$' err.txt | sort >example-rules.txt
if diff -u example-rules.txt init-rules.txt >diff.txt; then
	_result pass "check finds in init's manifest what it finds in the example"
else
	_result fail "check finds in init's manifest what it finds in the example" "$(cat diff.txt)"
fi

# A second init refuses, and the manifest stays as it was, byte for byte and inode.
before=$(stat -c '%i %Y' "$F/manifest.yaml")
run init "$F"
expect_exit 1 "a second init exits 1"
expect_stderr "a second init says why" <<EOF
paiban init: $F/manifest.yaml already exists; init never overwrites a manifest (move it away to start again)
EOF
expect_true "the manifest is byte-identical after a second init" cmp -s first.yaml "$F/manifest.yaml"
expect_true "the manifest is the same file after a second init" \
	test "$(stat -c '%i %Y' "$F/manifest.yaml")" = "$before"
expect_true "no temporary is left beside it" test -z "$(find "$F" -maxdepth 1 -name '.*tmp*')"

# --- bad files are named and skipped ---------------------------------------------------------
G=g
cp -r "$SUBMISSIONS" "$G"
printf 'not a zip' >"$G/建筑工程学院/2.毕业感言/损坏的感言.docx"
head -c 200 "$G/xinxi/2.毕业感言/毕业感言.docx" >"$G/xinxi/截断.docx"
printf '\320\317\021\340\241\261\032\341 Word 97' >"$G/机械工程学院/3.毕业寄语/寄语（旧版）.doc"
printf '\320\317\021\340\241\261\032\341 Word 97' >"$G/机械工程学院/名单.docx"
mkfifo "$G/xinxi/管道"
run init "$G"
expect_exit 0 "bad Word files do not stop init"
expect_stderr "each bad file is named with a warning" <<EOF
$G/xinxi/管道: warning: not a regular file or folder; left out [init.special]
$G/xinxi/截断.docx: warning: cannot read this .docx: it is not a zip archive, as a .docx is; skipped [init.docx]
$G/建筑工程学院/2.毕业感言/损坏的感言.docx: warning: cannot read this .docx: it is not a zip archive, as a .docx is; skipped [init.docx]
$G/机械工程学院/名单.docx: warning: cannot read this .docx: it is a Word 97-2003 file (.doc), not a .docx; skipped [init.doc]
$G/机械工程学院/3.毕业寄语/寄语（旧版）.doc: warning: a Word 97-2003 or WPS file: save it as .docx (Word 2007 or later) and run init again; skipped [init.doc]
EOF
expect_line out.txt "the rest is read as before" \
	"wrote $G/manifest.yaml: 3 colleges, 31 photos, 60 testimonials, 15 blessings, 3 outstanding graduates, 14 honorees"

# --- pictures where no folder says what they are -----------------------------------------------
K=k
cp -r "$SUBMISSIONS" "$K"
# a red-background 2-inch photo lying loose is an ID photo, by its pixels
cp "$K/建筑工程学院/5.优秀毕业生寸照/省级-赵强-建工1901班.jpg" "$K/建筑工程学院/钱多多-建工1902班.jpg"
# a portrait whose person no Word file names: a blessing, its text asked for
cp "$K/机械工程学院/3.毕业寄语/院长-欧阳振华.jpg" "$K/机械工程学院/3.毕业寄语/学管干事-张伟强.jpg"
# a Word file that is none of the notice's kinds
cp "$K"/关于*.docx "$K/建筑工程学院/备忘.docx"
printf 'x' >"$K/建筑工程学院/备注.txt"
run init "$K"
expect_exit 0 "init with loose pictures exits 0"
expect_line "$K/manifest.yaml" "a loose red-background 2-inch photo is an honoree's" \
	"      - name: 钱多多"
expect_true "its class from its name, its level asked for" grep -qF \
	"        level: school  # TODO: provincial (省级) or school (校级)?" "$K/manifest.yaml"
expect_line "$K/manifest.yaml" "a portrait nobody's blessing names becomes one, its person from the name" \
	"        name: 张伟强  # TODO: read from the portrait's file name"
expect_line "$K/manifest.yaml" "a file that is neither picture nor Word file is listed" \
	"    # not used: 备注.txt: neither a picture nor a Word file"
expect_line err.txt "a Word file of no known kind is named" \
	"$K/建筑工程学院/备忘.docx: warning: cannot tell what this file holds (photo descriptions, testimonials, blessings, a story or a list of honorees); skipped [init.docx]"

# --- a college that handed in pictures only: check lists what is missing ----------------------
mkdir -p bare/土木学院 && cp "$SUBMISSIONS/建筑工程学院/1.最美毕业照/01-zuihou-yike.jpg" bare/土木学院/
run init bare
expect_exit 0 "a folder with no Word files still gives a manifest"
expect_line bare/manifest.yaml "a missing title is empty, with a TODO" \
	'        title: ""  # TODO: the photo'"'"'s title (照片名称): no Word file describes the photos'
expect_line bare/manifest.yaml "a missing school is empty, with a TODO" \
	'  school: ""  # TODO: the school'"'"'s name (the notice'"'"'s signature): no notice (.docx) lies beside the colleges'"'"' folders'
run check bare/manifest.yaml
expect_exit 1 "check on it exits 1"
for at in "bare/manifest.yaml:8:11: error: 'school' of event is empty [schema.missing]" \
	"bare/manifest.yaml:22:16: error: 'title' of photo 1 of college-1 is empty [schema.missing]" \
	"bare/manifest.yaml:23:16: error: 'class' of photo 1 of college-1 is empty [schema.missing]"; do
	expect_line err.txt "check lists what init could not find: ${at##*: error: }" "$at"
done

# --- nothing outside FOLDER: links are named and not followed, strace sees no open outside ---
mkdir -p outside && cp "$SUBMISSIONS/建筑工程学院/3.毕业寄语/周建国.jpg" outside/secret.jpg
printf 'not a zip' >outside/secret.docx
H=h
cp -r "$SUBMISSIONS" "$H"
ln -s ../outside "$H/外面"
ln -s ../../outside/secret.jpg "$H/建筑工程学院/张三.jpg"
ln -s ../../../outside/secret.docx "$H/xinxi/2.毕业感言/更多感言.docx"
# (LeakSanitizer cannot run under ptrace: leaks are checked by every other run.)
ASAN_OPTIONS=detect_leaks=0:exitcode=99 strace -f -qq -e trace=open,openat,creat -o trace.txt \
	"$PAIBAN" init "$H" >out.txt 2>err.txt
echo $? >rc.txt
expect_exit 0 "init under strace exits 0"
expect_stderr "each link is named and left out" <<EOF
$H/外面: warning: a symbolic link: init reads nothing outside the folder it is given, and follows no link; left out [init.link]
$H/xinxi/2.毕业感言/更多感言.docx: warning: a symbolic link: init reads nothing outside the folder it is given, and follows no link; left out [init.link]
$H/建筑工程学院/张三.jpg: warning: a symbolic link: init reads nothing outside the folder it is given, and follows no link; left out [init.link]
EOF
expect_no_line_matching "$H/manifest.yaml" "the manifest names no linked file" "张三|更多感言|外面"
# Every path opened is the program's own (libraries, locale, /proc, /dev) or, links resolved,
# inside FOLDER.  (strace writes non-ASCII bytes as octal escapes: printf %b decodes them.)
inside=$(realpath "$H")
grep -o 'open[a-z]*([^"]*"[^"]*"' trace.txt | sed 's/.*"\(.*\)"$/\1/' | sort -u |
	while IFS= read -r p; do printf '%b\n' "$(printf '%s' "$p" | sed 's/\\\([0-7]\{3\}\)/\\0\1/g')"; done >opened.txt
grep -v -E '^(/usr/|/lib|/etc/|/proc/|/sys/|/dev/)' opened.txt | while IFS= read -r p; do
	r=$(realpath -m -- "$p")
	case "$r" in "$inside" | "$inside"/*) ;; *) echo "$p -> $r" ;; esac
done >strays.txt
if [ -s opened.txt ] && [ ! -s strays.txt ] && grep -q "^$H/建筑工程学院/1.最美毕业照/01-zuihou-yike.jpg$" opened.txt; then
	_result pass "init opens nothing outside FOLDER ($(grep -c "^$H/" opened.txt) paths inside)"
else
	_result fail "init opens nothing outside FOLDER" "$(cat strays.txt)"
fi
# Written: only the manifest (through its hidden temporary) inside FOLDER.
grep -E 'O_(WRONLY|RDWR|CREAT)' trace.txt | grep -v -E "\"$H/\\.manifest\\.yaml\\.tmp-|\"/dev/" >writes.txt
if [ ! -s writes.txt ]; then _result pass "init writes nothing but FOLDER's manifest"; else
	_result fail "init writes nothing but FOLDER's manifest" "$(cat writes.txt)"
fi

# --- usage and the environment ---------------------------------------------------------------
run init
expect_exit 2 "init without a folder exits 2"
expect_stderr "init without a folder says so" <<'EOF'
paiban init: no folder given
usage: paiban init FOLDER
EOF
run init no-such-folder
expect_exit 3 "init on a folder that is not there exits 3"
expect_stderr "init on a folder that is not there names it" <<'EOF'
paiban init: Error opening directory “no-such-folder”: No such file or directory
EOF
run --help
expect_line out.txt "--help lists init" "  paiban init FOLDER"
