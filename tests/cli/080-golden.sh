#!/usr/bin/env bash
# Golden frame dumps (tests/golden/*/): each case's frames, as `--dump-frames` prints them,
# compared with the expected frames.txt.  A missing expected file is written and the test
# fails; PB_UPDATE_GOLDEN=1 (make test-update) rewrites them.
. "$(dirname "$0")/../lib.sh"

for dir in "$ROOT"/tests/golden/*/; do
	case=$(basename "$dir")
	mkdir -p "$case"
	cp "$dir/manifest.yaml" "$case/"
	[ -f "$dir/roster.csv" ] && cp "$dir/roster.csv" "$case/"
	cp -r "$PB_FIXTURES" "$case/img"
	run build "$case/manifest.yaml" -o "out-$case" --dump-frames "$case.txt"
	expect_exit 0 "golden $case: builds"
	want="$dir/frames.txt"
	if [ -n "${PB_UPDATE_GOLDEN:-}" ] || [ ! -f "$want" ]; then
		missing=$([ -f "$want" ] || echo yes)
		cp "$case.txt" "$want"
		if [ -n "$missing" ] && [ -z "${PB_UPDATE_GOLDEN:-}" ]; then
			_result fail "golden $case: no frames.txt; written, review it and commit"
		else
			_result pass "golden $case: frames.txt rewritten"
		fi
		continue
	fi
	if diff -u "$want" "$case.txt" >"$case.diff"; then
		_result pass "golden $case: frames as expected"
	else
		_result fail "golden $case: frames differ from tests/golden/$case/frames.txt (make test-update rewrites it)" "$(head -40 "$case.diff")"
	fi
done
