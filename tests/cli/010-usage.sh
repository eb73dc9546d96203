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
usage: paiban check MANIFEST [--strict] [--json]
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
