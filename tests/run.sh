#!/usr/bin/env bash
# Runs every test: the cmocka unit tests (build/unit/test-*) and the command-line scripts
# (tests/cli/NNN-*.sh), then prints one closing line: "N passed, N failed".
set -u
cd "$(dirname "$0")/.."
export ROOT=$PWD
export PB_FIXTURES=$ROOT/tests/fixtures/generated
# Sanitizer findings fail loudly and distinctly (exit 99), never silently.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:exitcode=99:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1:exitcode=99}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$ROOT/tests/lsan.supp:print_suppressions=0}
export RESULTS=$(mktemp)
trap 'rm -f "$RESULTS"' EXIT

for t in build/unit/test-*; do
	[ -x "$t" ] || continue
	name=${t##*/}
	out=$(CMOCKA_MESSAGE_OUTPUT=TAP "$t" 2>&1)
	rc=$?
	printf '%s\n' "$out" | grep -E '^(not )?ok ' | sed "s/^/$name: /" | while read -r line; do
		case "$line" in
		*": not ok"*) echo "fail $line" >>"$RESULTS"; echo "FAIL $line" ;;
		*) echo "pass $line" >>"$RESULTS" ;;
		esac
	done
	if [ $rc -ne 0 ] && ! printf '%s\n' "$out" | grep -q '^not ok'; then
		echo "fail $name: exited $rc" >>"$RESULTS"
		echo "FAIL $name exited $rc"
		printf '%s\n' "$out" | tail -30
	elif [ $rc -ne 0 ]; then
		printf '%s\n' "$out" | grep -v '^ok ' | head -60
	fi
done

for t in tests/cli/[0-9]*.sh; do
	[ -f "$t" ] || continue
	bash "$t" || { echo "fail ${t##*/}: script exited $?" >>"$RESULTS"; echo "FAIL ${t##*/} (script)"; }
done

passed=$(grep -c '^pass ' "$RESULTS")
failed=$(grep -c '^fail ' "$RESULTS")
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
