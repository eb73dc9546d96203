# lib.sh — helpers for the command-line tests (tests/cli/NNN-topic.sh), in the manner of git's
# test-lib: each test script sources this, runs paiban in a scratch folder, and compares.
# Every expect_* records one result line ("pass NAME" / "fail NAME") in $RESULTS.
set -u
: "${ROOT:=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
: "${RESULTS:=/dev/null}"
: "${PB_FIXTURES:=$ROOT/tests/fixtures/generated}"
PAIBAN=${PAIBAN:-$ROOT/build/san/paiban}
export LC_ALL=C.UTF-8 TZ=UTC
# Sanitizer findings fail loudly and distinctly (exit 99), the same when run alone.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:exitcode=99:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1:exitcode=99}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$ROOT/tests/lsan.supp:print_suppressions=0}
export PAIBAN_DATADIR=$ROOT
TEST_NAME=$(basename "$0" .sh)
SCRATCH=$(mktemp -d)
trap 'rm -rf "$SCRATCH"' EXIT
cd "$SCRATCH" || exit 1

# run ARGS... : runs paiban, keeping stdout, stderr and the exit status.
run() {
	"$PAIBAN" "$@" >out.txt 2>err.txt
	echo $? >rc.txt
}

_result() { # _result pass|fail DESCRIPTION [DETAIL]
	echo "$1 $TEST_NAME: $2" >>"$RESULTS"
	if [ "$1" = fail ]; then
		echo "FAIL $TEST_NAME: $2"
		[ -n "${3:-}" ] && printf '%s\n' "$3" | head -40 | sed 's/^/    /'
	fi
	return 0
}

# expect_exit N DESCRIPTION
expect_exit() {
	local got
	got=$(cat rc.txt)
	if [ "$got" = "$1" ]; then _result pass "$2"; else
		_result fail "$2 (exit $got, expected $1)" "$(tail -n 20 err.txt)"
	fi
}

# expect_stderr DESCRIPTION <<EOF ... EOF : stderr equals the here-document exactly.
expect_stderr() {
	cat >expect.txt
	if diff -u expect.txt err.txt >diff.txt; then _result pass "$1"; else
		_result fail "$1" "$(cat diff.txt)"
	fi
}

expect_stdout() {
	cat >expect.txt
	if diff -u expect.txt out.txt >diff.txt; then _result pass "$1"; else
		_result fail "$1" "$(cat diff.txt)"
	fi
}

# expect_in FILE DESCRIPTION TEXT : FILE (out.txt/err.txt) contains the line TEXT.
expect_line() {
	if grep -qxF -- "$3" "$1"; then _result pass "$2"; else
		_result fail "$2: no line '$3' in $1" "$(cat "$1")"
	fi
}

expect_no_line_matching() {
	if ! grep -qE -- "$3" "$1"; then _result pass "$2"; else
		_result fail "$2: '$3' found in $1" "$(grep -E -- "$3" "$1")"
	fi
}

# expect_true DESCRIPTION COMMAND... : the command succeeds.
expect_true() {
	local what=$1
	shift
	if "$@" >/dev/null 2>&1; then _result pass "$what"; else _result fail "$what" "command: $*"; fi
}

# A minimal valid manifest, on which tests build their cases.
write_manifest() { # write_manifest FILE [EXTRA YAML appended to the college]
	cat >"$1" <<YAML
paiban: 1
event:
  school: 测试学院
  title: 青春不散场，奋进新征程
  date: 2022-06-21
colleges:
  - id: test
    name: 测试学院
YAML
}
