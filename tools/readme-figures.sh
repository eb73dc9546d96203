#!/usr/bin/env bash
# readme-figures.sh [PAIBAN] — the README's example output, printed by paiban itself.
#
# The README shows what `paiban build` and `paiban check` print for the example (file sizes,
# counts); typed by hand, such figures go stale with the first change.  `make docs` runs this:
# it runs PAIBAN (default bin/paiban) on examples/graduation-2022, writes each block it shows to
# docs/figures/NAME.txt, and puts it into README.md between the lines
#     <!-- make docs: NAME -->   and   <!-- /make docs: NAME -->
# tests/cli/098-readme.sh checks that the README's blocks are what make docs printed.
set -u
cd "$(dirname "$0")/.." || exit 2
paiban=${1:-bin/paiban}
example=examples/graduation-2022/manifest.yaml
mkdir -p docs/figures build

# block NAME : stdin becomes docs/figures/NAME.txt, fenced for Markdown.
block() {
	{
		echo '```'
		cat
		echo '```'
	} >"docs/figures/$1.txt"
}

# A first build, in a folder of its own (a second one into the same folder would report its
# files unchanged), run from there so that it prints out/demo/... as the README shows it.
rm -rf build/readme && mkdir -p build/readme
case $paiban in /*) ;; *) paiban=$PWD/$paiban ;; esac
(cd build/readme && "$paiban" build "../../$example" -o out/demo >../readme-build.txt 2>/dev/null)
block build <build/readme-build.txt
"$paiban" check "$example" >build/readme-check.txt 2>build/readme-check-err.txt
# two of the warnings, of the kinds the paragraph above the block speaks of
{
	grep -m1 -F '[blessing.length]' build/readme-check-err.txt
	grep -m1 -F '[honoree.photo]' build/readme-check-err.txt
} | block check-stderr
block check-stdout <build/readme-check.txt

# README.md with each marked block replaced by its file.
awk '
	/^<!-- make docs: [a-z-]+ -->$/ {
		print
		name = $4
		file = "docs/figures/" name ".txt"
		while ((getline line < file) > 0)
			print line
		close(file)
		skip = 1
		next
	}
	/^<!-- \/make docs: [a-z-]+ -->$/ { skip = 0 }
	!skip { print }
' README.md >build/README.md && mv build/README.md README.md
