#!/usr/bin/env bash
# The foreign headers each stage may include (engine/README.md): a library's header outside its
# folder is a stage doing another stage's work.  Prints each offence and exits 1 if any.
cd "$(dirname "$0")/.." || exit 2
bad=0
allow() { # allow PATTERN FILES-REGEX : files including PATTERN must match FILES-REGEX
	local hits
	hits=$(grep -l -E "#include <$1" engine/*.c engine/*/*.c engine/*/*.h 2>/dev/null | grep -v -E "$2")
	if [ -n "$hits" ]; then
		echo "lint: <$1...> is included outside $2:" $hits
		bad=1
	fi
}
allow 'yaml\.h' '^engine/load/yamltree\.c$'
allow 'cairo' '^engine/(render/|text/fonts\.c)'
allow 'pango/pangocairo' '^engine/(render/|text/fonts\.c)'
allow 'qpdf/' '^engine/render/'
allow '(jpeglib|png)\.h' '^engine/image/'
allow 'librsvg/' '^engine/(render/|image/)'
allow 'fontconfig/' '^engine/text/fonts\.c$'
allow 'csv\.h' '^engine/load/roster\.c$'
allow '(gsf/|libxml/)' '^engine/load/docx\.c$'
allow 'lcms2\.h' '^engine/image/'
allow 'nettle/' '^engine/base/sha256\.c$'
allow '(hb-subset|ft2build)\.h' '^engine/render/subset\.c$'
# Only the commands print to the user or choose an exit status.
hits=$(grep -l -E '\b(printf|puts|exit)\(' engine/*/*.c | grep -v -E '^engine/cmd/')
if [ -n "$hits" ]; then
	echo "lint: printing or exiting outside engine/cmd/:" $hits
	bad=1
fi
exit $bad
