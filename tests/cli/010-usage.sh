#!/usr/bin/env bash
# The command line itself: help, version, unknown commands and options, exit status 2.
. "$(dirname "$0")/../lib.sh"

run --version
expect_exit 0 "--version exits 0"
expect_stdout "--version prints the version" <<EOF
paiban $(cat "$ROOT/VERSION")
EOF

run --help
expect_exit 0 "--help exits 0"
expect_line out.txt "--help lists check" "  paiban check MANIFEST [--strict] [--json]"
expect_line out.txt "--help says what check does" "        everything build would report, writes nothing"

run
expect_exit 2 "no command exits 2"
expect_line err.txt "no command prints the usage" "usage: paiban COMMAND [OPTIONS]"

run frobnicate
expect_exit 2 "an unknown command exits 2"
expect_line err.txt "an unknown command is named" "paiban: unknown command 'frobnicate'"

run check --help
expect_exit 0 "check --help exits 0"
expect_line out.txt "check --help shows --strict" "  --strict         treat every warning as an error"
expect_line out.txt "check --help names the command" "  paiban check [OPTION…] MANIFEST"

run check --bogus m.yaml
expect_exit 2 "an unknown option exits 2"
expect_stderr "an unknown option is named, with the usage" <<'EOF'
paiban check: Unknown option --bogus
usage: paiban check MANIFEST [--strict] [--json] [--no-caret]
EOF

run check
expect_exit 2 "check without a manifest exits 2"

run check a.yaml b.yaml
expect_exit 2 "check with two manifests exits 2"

run check missing.yaml
expect_exit 3 "a manifest that cannot be read exits 3"
expect_stderr "an unreadable manifest is named" <<'EOF'
paiban check: cannot read manifest 'missing.yaml': Failed to open file “missing.yaml”: No such file or directory
EOF

# The usage line after an option error is made from the option table (cmd/usage.c): every
# option of build is in it, --draft, -j, --dpi and the /SERIES form of --only included.
run build --bogus m.yaml
expect_exit 2 "build: an unknown option exits 2"
expect_stderr "build: the usage line names every option" <<'EOF2'
paiban build: Unknown option --bogus
usage: paiban build MANIFEST [-o OUTDIR] [--format pdf,svg,png] [--only OUTPUT[/SERIES|/FILE]] [--dpi DPI] [-j N] [--force] [--jobs-list] [--strict] [--draft] [--quiet] [--json] [--dump-frames FILE] [--no-caret]
EOF2
# ... and so does every option build --help lists: none is missing from the usage line.
run build --help
sed -n '/^Application Options:/,$p' out.txt | grep -oE '^  (-[a-z], )?--[a-z-]+' >opts.txt
run build --bogus m.yaml
missing=$(while read -r o; do
	short=$(printf '%s' "$o" | grep -oE -- '-[a-z],' | tr -d ,)
	long=$(printf '%s' "$o" | grep -oE -- '--[a-z-]+')
	grep -qF -- "[$long" err.txt || { [ -n "$short" ] && grep -qF -- "[$short " err.txt; } ||
		echo "$long"
done <opts.txt)
expect_true "build: every option of --help is in the usage line ($missing)" \
	test -z "$missing" -a "$(wc -l <opts.txt)" -ge 10
run fonts --bogus
expect_stderr "fonts: the usage line after an option error" <<'EOF2'
paiban fonts: Unknown option --bogus
usage: paiban fonts [MANIFEST] [--no-caret]
EOF2

# -j: one rule and one message for every N out of range; 0 means one per processor, as the
# help says, like leaving -j out.
write_manifest m.yaml
run build m.yaml -j -1
expect_exit 2 "-j -1 exits 2"
expect_line err.txt "-j -1 is told the rule" \
	"paiban build: -j -1: the series built at once must be from 1 to 256, or 0 for one per processor"
run build m.yaml -j 257
expect_exit 2 "-j 257 exits 2"
expect_line err.txt "-j 257 is told the same rule" \
	"paiban build: -j 257: the series built at once must be from 1 to 256, or 0 for one per processor"
run build m.yaml -j 0 -o j0
expect_exit 0 "-j 0 builds, one series per processor"
run build --help
expect_true "--help says what 0 means" \
	grep -qE '^  -j, --jobs=N +build N series at once, 1 to 256 \(default, and 0: one per processor\)$' out.txt
run watch m.yaml -j -1
expect_exit 2 "watch -j -1 exits 2"
expect_line err.txt "watch -j is told the same rule as build" \
	"paiban watch: -j -1: the series built at once must be from 1 to 256, or 0 for one per processor"
expect_line err.txt "watch's usage line is made from its options" \
	"usage: paiban watch MANIFEST [-o OUTDIR] [-j N] [--strict] [--draft] [--quiet]"
run proof m.yaml -j 999
expect_line err.txt "proof -j is told the same rule" \
	"paiban proof: -j 999: the series built at once must be from 1 to 256, or 0 for one per processor"
expect_line err.txt "proof's usage line is made from its options" \
	"usage: paiban proof MANIFEST [-o OUTDIR] [-j N] [--force] [--strict] [--draft] [--quiet] [--no-caret]"
