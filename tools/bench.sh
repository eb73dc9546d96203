#!/usr/bin/env bash
# make bench — speed figures, measured on generated material (never a timed test).
#   check: `paiban check` on a manifest of 200 photos (10 colleges × 20, 3000×1800 JPEGs),
#          which must read image headers only.
#   photos: 25, 50 and 100 of those photos through the engine's PDF path (benchphotos): time,
#          PDF size against the JPEGs' sizes, and peak memory, which must not grow with the count.
#   proofs: `paiban proof` of the example: every page drawn, and one board's refresh after an edit.
#   roll:  `paiban build` of an honor roll of 50, 200 and 1000 honorees, each with an ID photo of
#          their own (413×579 JPEGs): time, the cost of each honoree past 200, peak memory (flat),
#          pages, and the bytes read against the photos' bytes.
set -euo pipefail
cd "$(dirname "$0")/.."
BENCH=build/bench
if [ ! -f "$BENCH/.generated" ]; then
	echo "generating the bench material (200 photos, once) ..."
	build/tools/mkexample --bench 200 "$BENCH" >/dev/null
	touch "$BENCH/.generated"
fi
photos=$(find "$BENCH" -name '*.jpg' | wc -l)
bytes=$(du -sb "$BENCH" | cut -f1)

# best and median of N runs, in milliseconds
runs() { # runs N CMD...
	local n=$1 i t
	shift
	for ((i = 0; i < n; i++)); do
		t0=$(date +%s%N)
		"$@" >/dev/null 2>&1 || true
		t1=$(date +%s%N)
		echo $(((t1 - t0) / 1000000))
	done | sort -n | awk '{ a[NR] = $1 } END { printf "best %d ms, median %d ms", a[1], a[int((NR + 1) / 2)] }'
}

echo "paiban check, $photos images ($((bytes / 1048576)) MB) in $BENCH:"
echo "  $(runs 7 bin/paiban check "$BENCH/manifest.yaml")"
if command -v /usr/bin/time >/dev/null; then
	rss=$(/usr/bin/time -f %M bin/paiban check "$BENCH/manifest.yaml" 2>&1 >/dev/null | tail -1)
	echo "  peak memory $((rss / 1024)) MB"
fi
# Headers only: the bytes the check reads, against the bytes of the images.
read_bytes=$(strace -f -e trace=read,pread64 -e signal=none bin/paiban check "$BENCH/manifest.yaml" 2>&1 >/dev/null |
	awk -F'= ' '/^(read|pread64|\[pid)/ && $NF ~ /^[0-9]+$/ { s += $NF } END { print s + 0 }') || read_bytes=0
[ "$read_bytes" -gt 0 ] && echo "  reads $((read_bytes / 1024)) KiB of $((bytes / 1024)) KiB on disk"

# Photos through the PDF path (build/tools/benchphotos: the engine's probe and pb_render_pdf_file,
# four photos to an A3 page): JPEGs pass through as their own bytes, so the PDF weighs what the
# photos weigh; peak memory must stay flat as the count grows (one page's photos and a bounded
# image cache are held, never the whole file).
mapfile -t jpegs < <(find "$BENCH" -path '*/photos/*' -name '*.jpg' | sort | head -100)
echo "photos into one PDF (3000×1800 JPEGs, 4 to an A3 page):"
for n in 25 50 100; do
	[ "${#jpegs[@]}" -ge "$n" ] || break
	out=$(mktemp --suffix=.pdf)
	line=$(/usr/bin/time -f 'peak %M' build/tools/benchphotos --per-page 4 "$out" "${jpegs[@]:0:n}" 2>&1)
	rm -f "$out"
	echo "$line" | awk -v n="$n" '
		/^photos/ { probe = $4; pdf = $7; size = $10; jpeg = $13 }
		/^peak/ { peak = $2 }
		END { printf "  %3d photos: probe %6.1f ms, PDF %6.1f ms, PDF %5.1f MB = %.4f × the JPEGs (%5.1f MB), peak memory %3d MB\n",
			n, probe, pdf, size / 1048576, size / jpeg, jpeg / 1048576, peak / 1024 }'
done

# A 20 MB manifest (one college, 155 000 testimonials): loading and checking stay linear.
BIG=build/bench/big
if [ ! -f "$BIG/manifest.yaml" ]; then
	mkdir -p "$BIG"
	{
		printf 'paiban: 1\nevent: {school: 湖南工程职业技术学院, title: 青春不散场，奋进新征程, date: 2022-06-21}\n'
		printf 'colleges:\n  - id: big\n    name: 建筑工程学院\n    testimonials:\n'
		awk 'BEGIN { for (i = 0; i < 155000; i++)
			printf "      - {name: 学生%d, class: 建工1901班, text: \"三年时光，感谢老师的教诲与同学的陪伴，我们江湖再见。\"}\n", i }'
	} >"$BIG/manifest.yaml"
fi
echo "paiban check, a $(($(stat -c %s "$BIG/manifest.yaml") / 1048576)) MB manifest:"
echo "  $(runs 3 bin/paiban check "$BIG/manifest.yaml")"
if command -v /usr/bin/time >/dev/null; then
	rss=$(/usr/bin/time -f %M bin/paiban check "$BIG/manifest.yaml" 2>&1 >/dev/null | tail -1)
	echo "  peak memory $((rss / 1024)) MB"
fi

# ---- composing check (issue 8): check composes every page; it must stay well under a second.
EX=examples/graduation-2022
echo "paiban check composes every page (target: well under 1 s):"
echo "  the example: $(runs 5 bin/paiban check "$EX/manifest.yaml")"
echo "  200 photos:  $(runs 3 bin/paiban check "$BENCH/manifest.yaml")"

# ---- rebuilds (issue 11): a full build of the example, a rebuild with nothing changed, one
# edited testimonial, and the board with 17 JPEGs.
B=build/bench/out
best() { # best N CMD...: the best wall time of N runs, in ms
	local n=$1 i t b=999999
	shift
	for ((i = 0; i < n; i++)); do
		t0=$(date +%s%N)
		"$@" >/dev/null 2>&1 || true
		t=$((($(date +%s%N) - t0) / 1000000))
		[ "$t" -lt "$b" ] && b=$t
	done
	echo "$b"
}
# one testimonial of jianzhu edited, its text alternating between two versions on every call
toggle_edit() {
	if grep -q '画图画到凌晨三点' "$EX/.bench-manifest.yaml"; then
		sed -i 's/画图画到凌晨三点/画图画到凌晨四点/' "$EX/.bench-manifest.yaml"
	else
		sed -i "s/画图画到凌晨四点/画图画到凌晨三点/" "$EX/.bench-manifest.yaml"
	fi
}
full() { rm -rf "$B" && bin/paiban build "$EX/manifest.yaml" -o "$B" -q; }
full_ms=$(best 3 full)
noop_ms=$(best 5 bin/paiban build "$EX/manifest.yaml" -o "$B" -q)
# one edit: a copy of the manifest beside it (its paths stay right), one testimonial changed
cp "$EX/manifest.yaml" "$EX/.bench-manifest.yaml"
bin/paiban build "$EX/.bench-manifest.yaml" -o "$B.edit" -q >/dev/null 2>&1
edit() {
	toggle_edit
	bin/paiban build "$EX/.bench-manifest.yaml" -o "$B.edit" -q
}
edit_ms=$(best 5 edit)
toggle_edit
rewritten=$(bin/paiban build "$EX/.bench-manifest.yaml" -o "$B.edit" 2>/dev/null | grep -c '^wrote')
rm -f "$EX/.bench-manifest.yaml"
echo "rebuilds of the example:"
echo "  full build ${full_ms} ms; nothing changed ${noop_ms} ms (1/$((full_ms / (noop_ms > 0 ? noop_ms : 1))), target ≤ 1/20)"
echo "  one edited testimonial ${edit_ms} ms (1/$((full_ms / (edit_ms > 0 ? edit_ms : 1))), target ≤ 1/5), $rewritten file rewritten"
board_ms=$(best 5 bin/paiban build "$EX/manifest.yaml" -o "$B" --only boards/jianzhu-01 --force -q)
jpegs=$(sed -n '/id: jianzhu/,/id: jixie/p' "$EX/manifest.yaml" | grep -o '[a-z0-9/_-]*\.jpg' | sort -u |
	while read -r f; do stat -c %s "$EX/submissions/jianzhu/$f" 2>/dev/null; done | awk '{ s += $1 } END { print s + 0 }')
read_b=$(strace -f -e trace=read,pread64 -e signal=none bin/paiban build "$EX/manifest.yaml" -o "$B" --only boards/jianzhu-01 --force -q 2>&1 >/dev/null |
	awk -F'= ' '$NF ~ /^[0-9]+$/ { s += $NF } END { print s + 0 }')
echo "  the board jianzhu-01 (17 JPEGs): ${board_ms} ms wall (target ≤ 200 ms); reads $((read_b / 1048576)) MB for $((jpegs / 1048576)) MB of its photos and portraits"
# each extra photo on a page: the PDF path's time over 100 photos against 25
mapfile -t jp < <(find "$BENCH" -path '*/photos/*' -name '*.jpg' | sort | head -100)
# (the best of three of each: one run is as often the page cache or the neighbours as the code)
photos_pdf_ms() { # photos_pdf_ms N : the best of three builds of the first N photos' PDF
	for _ in 1 2 3; do
		build/tools/benchphotos --per-page 4 "/tmp/pb-bench-$1.pdf" "${jp[@]:0:$1}" | awk '{ print $7 }'
	done | sort -g | head -1
}
t25=$(photos_pdf_ms 25)
t100=$(photos_pdf_ms 100)
mb=$(du -cb "${jp[@]:0:100}" | tail -1 | awk '{ printf "%.1f", $1 / 100 / 1048576 }')
rm -f /tmp/pb-bench-25.pdf /tmp/pb-bench-100.pdf
awk -v a="$t25" -v b="$t100" -v mb="$mb" 'BEGIN { printf "  each extra %s MB photo into a PDF: %.2f ms (target ≤ 3 ms)\n", mb, (b - a) / 75 }'
# ---- proofs (issue 12): every page of the example drawn as a proof PNG with its thumbnail,
# from a build that is current (so only the drawing is timed), and the refresh after one edit
# (a rebuild of one board and its proof, what `paiban watch` does on a save).
proofs_fresh() { rm -rf "$B/proof" && bin/paiban proof "$EX/manifest.yaml" -o "$B" -q; }
bin/paiban build "$EX/manifest.yaml" -o "$B" -q >/dev/null 2>&1 || true
proofs_ms=$(best 3 proofs_fresh)
read -r pages < <(bin/paiban proof "$EX/manifest.yaml" -o "$B" 2>/dev/null | sed -n 's/^proofs of \([0-9]*\) pages.*/\1/p')
cp "$EX/manifest.yaml" "$EX/.bench-manifest.yaml"
bin/paiban proof "$EX/.bench-manifest.yaml" -o "$B.proof" -q >/dev/null 2>&1 || true
proof_edit() {
	toggle_edit
	bin/paiban proof "$EX/.bench-manifest.yaml" -o "$B.proof" -q
}
proof_edit_ms=$(best 5 proof_edit)
rm -f "$EX/.bench-manifest.yaml"
echo "proofs of the example:"
echo "  every page drawn (${pages:-?} pages, 7 boards, honor pages, roll, insert): ${proofs_ms} ms (target ≤ 2000 ms)"
echo "  one edited testimonial, its board rebuilt and its proof redrawn: ${proof_edit_ms} ms (target ≤ 300 ms)"
# An honor roll of N honorees (mkexample --roll), built end to end: the check (the ID photos'
# borders read at 1/8 scale), composing, rendering, writing.  Each run writes into a fresh
# folder, so nothing is skipped as unchanged.
echo "paiban build, an honor roll (one 413×579 ID photo each):"
declare -A median cpu
for n in 50 200 1000; do
	R=$BENCH-roll-$n
	if [ ! -f "$R/.generated" ]; then
		build/tools/mkexample --roll "$n" "$R" >/dev/null
		touch "$R/.generated"
	fi
	times=() cpus=()
	for ((i = 0; i < 7; i++)); do
		out=$(mktemp -d)
		# wall and processor seconds (user + system): on a shared machine the wall time
		# waits for the others, the processor time does not
		read -r wall user sys < <(/usr/bin/time -f '%e %U %S' bin/paiban build "$R/manifest.yaml" \
			-o "$out" -q 2>&1 >/dev/null | tail -1)
		times+=($(awk -v w="$wall" 'BEGIN { printf "%d", w * 10000 }')) # tenths of a millisecond
		cpus+=($(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%d", (u + s) * 10000 }'))
		pages=$(pdfinfo "$out/roll/roll.pdf" 2>/dev/null | awk '/^Pages:/ { print $2 }')
		size=$(stat -c %s "$out/roll/roll.pdf" 2>/dev/null || echo 0)
		rm -rf "$out"
	done
	mapfile -t cpu_sorted < <(printf '%s\n' "${cpus[@]}" | sort -n)
	cpu[$n]=${cpu_sorted[3]}
	mapfile -t sorted < <(printf '%s\n' "${times[@]}" | sort -n)
	median[$n]=${sorted[3]}
	out=$(mktemp -d)
	rss=$(/usr/bin/time -f %M bin/paiban build "$R/manifest.yaml" -o "$out" -q 2>&1 >/dev/null | tail -1)
	rm -rf "$out"
	photos=$(find "$R" -path '*/honor/*.jpg' -printf '%s\n' | awk '{ s += $1 } END { print s }')
	out=$(mktemp -d)
	# the ID photos' bytes only (strace -y names each descriptor's file): read (the check's
	# header and border reads, the pass's one read of what it embeds) and memory-mapped (the
	# sha256 of a file no earlier build recorded, for build.json and the inputs' hash)
	read -r read_bytes mapped_bytes < <(strace -f -y -e trace=read,pread64,mmap -e signal=none \
		bin/paiban build "$R/manifest.yaml" -o "$out" -q 2>&1 >/dev/null | grep '/honor/' | awk '
		/mmap\(/ { split($0, a, ", "); m += a[2]; next }
		{ n = split($0, a, "= "); r += a[n] + 0 }
		END { print r + 0, m + 0 }') || read_bytes=0 mapped_bytes=0
	rm -rf "$out"
	awk -v n="$n" -v best="${sorted[0]}" -v med="${sorted[3]}" -v cpu="${cpu[$n]}" -v rss="$rss" \
		-v pages="${pages:-0}" -v size="$size" -v photos="$photos" -v rd="$read_bytes" -v mp="$mapped_bytes" 'BEGIN {
		printf "  %4d honorees: best %6.1f ms, median %6.1f ms (processor %6.1f ms)%s, peak memory %3d MB, %2d pages, PDF %5.1f MB; of the photos, reads %.2f × and hashes %.2f × from a map\n",
			n, best / 10, med / 10, cpu / 10, n == 200 ? " (target ≤ 200 ms)" : "", rss / 1024, pages, size / 1048576, rd / photos, mp / photos }'
done
awk -v a="${median[200]}" -v b="${median[1000]}" -v c="${cpu[200]}" -v d="${cpu[1000]}" 'BEGIN {
	printf "  each honoree past 200: %.2f ms (target ≤ 0.2 ms; medians: 1000 less 200, over 800; processor %.2f ms)\n",
		(b - a) / 10 / 800, (d - c) / 10 / 800 }'
echo "  (load average $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) processors)"

# The souvenir-box insert: rosters of unique, plausible names (42 surnames, 50 given
# characters, one or two of them), through `paiban build` (the three files: the cards, the
# die-line, the SRA3 sheets) and through build/tools/benchinsert (the same, stage by stage).
INS=build/bench/insert
mkdir -p "$INS"
roster() { # roster N FILE
	[ -f "$2" ] && return
	awk -v n="$1" 'BEGIN {
		ns = split("王 李 张 刘 陈 杨 赵 黄 周 吴 徐 孙 胡 朱 高 林 何 郭 马 罗 梁 宋 郑 谢 韩 唐 冯 于 董 萧 程 曹 袁 邓 许 傅 沈 曾 彭 吕 欧阳 司马", s, " ")
		ng = split("明 华 芳 伟 娜 静 强 磊 洋 艳 勇 军 杰 娟 涛 超 秀 霞 平 刚 桂 英 玉 兰 文 斌 欣 怡 浩 宇 晨 轩 涵 雨 梓 睿 思 佳 子 嘉 博 俊 鑫 瑞 凯 琳 婷 悦 诗 然", g, " ")
		split("jianzhu 机械工程学院 xinxi", col, " ")
		print "name,class,college,blessing"
		for (i = 0; i < n; i++) {
			name = s[i % ns + 1] g[int(i / ns) % ng + 1]
			if (i >= ns * ng) name = name g[int(i / (ns * ng)) % ng + 1]
			printf "%s,班级%02d%02d,%s,%s\n", name, 19 + i % 3, i % 40 + 1, col[i % 3 + 1], (i % 10 == 3 ? "前程似锦，未来可期" : "")
		}
	}' >"$2"
}
manifest() { # manifest N [outputs]
	cat <<YAML
paiban: 1
event: {school: 湖南工程职业技术学院, title: 青春不散场，奋进新征程, edition: 2022届毕业季, date: 2022-06-21}
colleges:
  - {id: jianzhu, name: 建筑工程学院}
  - {id: jixie, name: 机械工程学院}
  - {id: xinxi, name: 信息工程学院}
graduates: roster-$1.csv
rules: {college.photos: off, college.testimonials: off}
YAML
	[ -z "${2:-}" ] && printf 'outputs:\n  - {id: insert, kind: insert, layout: insert-100}\n'
	return 0
}
for n in 200 2000 3200 20000 100000; do
	roster $n "$INS/roster-$n.csv"
	manifest $n >"$INS/cards-$n.yaml"
done
manifest 100000 none >"$INS/load-100000.yaml"

echo "roster of 100 000 graduates ($(($(stat -c %s "$INS/roster-100000.csv") / 1024)) KiB): paiban check (load, bind, the roster's rules)"
echo "  $(runs 5 bin/paiban check "$INS/load-100000.yaml")"
if command -v /usr/bin/time >/dev/null; then
	rss=$(/usr/bin/time -f %M bin/paiban check "$INS/load-100000.yaml" 2>&1 >/dev/null | tail -1)
	echo "  peak memory $((rss / 1024)) MB"
fi

echo "insert cards (paiban build --force: insert.pdf, insert-dieline.pdf, insert-sheets.pdf):"
declare -A best mem
for n in 200 2000 3200 20000; do
	reps=5
	[ $n -ge 20000 ] && reps=2
	line=$(runs $reps bin/paiban build "$INS/cards-$n.yaml" -o "$INS/out-$n" -q --force)
	best[$n]=$(sed 's/best \([0-9]*\) ms.*/\1/' <<<"$line")
	rss=$(/usr/bin/time -f %M bin/paiban build "$INS/cards-$n.yaml" -o "$INS/out-$n" -q --force 2>&1 >/dev/null | tail -1)
	mem[$n]=$rss
	target=""
	[ $n = 2000 ] && target=" (target ≤ 200 ms)"
	[ $n = 3200 ] && target=" (target ≤ 500 ms, with the sheets)"
	printf '  %6d cards: %s%s, peak memory %d MB, insert.pdf %d KB, sheets %d\n' $n "$line" "$target" $((rss / 1024)) \
		$(($(stat -c %s "$INS/out-$n/insert/insert.pdf") / 1024)) \
		"$(pdfinfo "$INS/out-$n/insert/insert-sheets.pdf" 2>/dev/null | awk '/^Pages:/ { print $2 }')"
	printf '          stages: %s\n' "$(build/tools/benchinsert "$INS/cards-$n.yaml" "$INS/stages-$n" 2>/dev/null)"
done
echo "  each card beyond 200: $(awk -v a="${best[200]}" -v b="${best[2000]}" 'BEGIN { printf "%.3f ms", (b - a) / 1800 }') (target ≤ 0.05 ms; from the best of 200 and 2 000)"
# Flat memory: what the shared part costs is paid once; what each card adds is its own texts
# (its name's glyphs, its line placed) and its page's record.
echo "  peak memory 200 / 2 000 / 20 000 cards: $((mem[200] / 1024)) / $((mem[2000] / 1024)) / $((mem[20000] / 1024)) MB; each card beyond 200: $(awk -v a="${mem[200]}" -v b="${mem[20000]}" 'BEGIN { printf "%.2f KB", (b - a) / 19800 }') (target: flat, a card its texts and a reference)"
