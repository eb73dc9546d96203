# paiban — build, test and demo.  `make deps` installs what a fresh Debian machine lacks.

# Debian packages, by purpose.  `make deps` installs the missing ones and nothing else.
DEB_BUILD := gcc make pkg-config libglib2.0-dev libcairo2-dev libpango1.0-dev \
	libfontconfig-dev libyaml-dev libjpeg-dev libpng-dev zlib1g-dev librsvg2-dev \
	libqpdf-dev libjson-glib-dev nettle-dev libgsf-1-dev libxml2-dev liblcms2-dev \
	libgs10-common libcsv-dev libharfbuzz-dev libfreetype-dev
DEB_FONTS := fonts-noto-cjk fonts-lxgw-wenkai fonts-smiley-sans
DEB_TEST  := libcmocka-dev poppler-utils qpdf jq strace time tidy chromium fonts-dejavu-core
DEB_ALL   := $(DEB_BUILD) $(DEB_FONTS) $(DEB_TEST)

PKGS := glib-2.0 gio-2.0 json-glib-1.0 yaml-0.1 libpng libjpeg zlib librsvg-2.0 \
	cairo pangocairo pangoft2 fontconfig harfbuzz-subset freetype2 libqpdf nettle libgsf-1 \
	libxml-2.0 lcms2

CC      ?= cc
WARN    := -Wall -Wextra -Wformat=2 -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-Wvla -Wwrite-strings -Wno-unused-parameter
WERROR  ?= -Werror
VERSION := $(shell cat VERSION 2>/dev/null || echo 0.0.0)
# The standard CMYK profile for CMYK photos without their own (libgs10-common ships it).
CMYK_ICC := /usr/share/color/icc/ghostscript/default_cmyk.icc
DEFS    := -DPB_VERSION='"$(VERSION)"' -DPB_DATADIR_FALLBACK='"/usr/share/paiban"' \
	-DPB_CMYK_PROFILE='"$(CMYK_ICC)"'
OPT     ?= -O2 -g
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lcsv -lm
SAN     := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined

# engine/ holds one folder per stage of the pipeline (engine/README.md); main.c is the command table.
ENGINE_SRC := $(wildcard engine/*/*.c)
ENGINE_HDR := $(wildcard engine/*/*.h)
UNIT_SRC   := $(wildcard tests/unit/test-*.c)
TOOLS      := build/tools/mkexample build/tools/mkfixtures

.PHONY: schema docs all deps test test-unit test-cli demo bench clean format lint asan test-update
all: bin/paiban

# --- dependencies -------------------------------------------------------------------------
# Node.js and npm (for the schema tests' validator) only when there is no npm at all: a machine
# may have its own Node.js, which Debian's npm package would fight.
deps:
	@missing=$$(for p in $(DEB_ALL); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; \
	done; command -v npm >/dev/null 2>&1 || echo nodejs npm); \
	if [ -n "$$missing" ]; then \
		echo "installing:" $$missing; \
		sudo=; [ "$$(id -u)" = 0 ] || sudo=sudo; \
		$$sudo apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends $$missing; \
	fi

# --- the program (normal and sanitised builds share the rules) ------------------------------
define objects
build/$(1)/%.o: engine/%.c $$(ENGINE_HDR)
	@mkdir -p $$(@D)
	@echo "CC $(1) $$<"
	@$$(CC) -std=gnu11 $$(OPT) $(2) $$(WARN) $$(WERROR) $$(DEFS) -Iengine $$(PKG_CFLAGS) -MMD -c $$< -o $$@
endef
$(eval $(call objects,rel,))
$(eval $(call objects,san,$(SAN)))

REL_OBJ := $(ENGINE_SRC:engine/%.c=build/rel/%.o)
SAN_OBJ := $(ENGINE_SRC:engine/%.c=build/san/%.o)

bin/paiban: $(REL_OBJ) build/rel/main.o
	@mkdir -p $(@D)
	$(CC) $(OPT) $^ -o $@ $(PKG_LIBS)

build/san/paiban: $(SAN_OBJ) build/san/main.o
	$(CC) $(OPT) $(SAN) $^ -o $@ $(PKG_LIBS)

asan: build/san/paiban

build/unit/%: tests/unit/%.c tests/unit/*.h $(SAN_OBJ)
	@mkdir -p $(@D)
	@echo "CC unit $<"
	@$(CC) -std=gnu11 $(OPT) $(SAN) $(WARN) $(WERROR) $(DEFS) $(PKG_CFLAGS) -Iengine -Itests/unit $< $(SAN_OBJ) \
		-o $@ $(PKG_LIBS) -lcmocka

build/tools/%: tools/%.c tools/*.h $(wildcard tools/lib-*.c)
	@mkdir -p $(@D)
	$(CC) -std=gnu11 -O2 $(WARN) $(WERROR) $(PKG_CFLAGS) $< $(filter-out tools/$*.c,$(wildcard tools/lib-*.c)) \
		-o $@ $(PKG_LIBS)

# The photo bench links the engine (tools/benchphotos.c measures the engine itself).
build/tools/benchphotos: tools/benchphotos.c $(REL_OBJ)
	@mkdir -p $(@D)
	$(CC) -std=gnu11 $(OPT) $(WARN) $(WERROR) $(DEFS) $(PKG_CFLAGS) -Iengine $< $(REL_OBJ) \
		-o $@ $(PKG_LIBS)

# The insert bench links the engine too (tools/benchinsert.c times the insert's stages).
build/tools/benchinsert: tools/benchinsert.c $(REL_OBJ)
	@mkdir -p $(@D)
	$(CC) -std=gnu11 $(OPT) $(WARN) $(WERROR) $(DEFS) $(PKG_CFLAGS) -Iengine $< $(REL_OBJ) \
		-o $@ $(PKG_LIBS)

# The JSON Schemas of schema/ are rendered from the loader's key table by a tool that links the
# (sanitised) engine; `make schema` writes them, tests/cli/100-schema.sh fails when they differ.
build/tools/mkschema: tools/mkschema.c $(SAN_OBJ)
	@mkdir -p $(@D)
	@echo "CC tool $<"
	@$(CC) -std=gnu11 $(OPT) $(SAN) $(WARN) $(WERROR) $(DEFS) $(PKG_CFLAGS) -Iengine $< $(SAN_OBJ) \
		-o $@ $(PKG_LIBS)

schema: build/tools/mkschema
	build/tools/mkschema schema

# --- example material (generated, never committed) -----------------------------------------
EXAMPLE := examples/graduation-2022
$(EXAMPLE)/.generated: build/tools/mkexample
	build/tools/mkexample $(EXAMPLE)
	@touch $@

# The same material as the colleges hand it in (one folder each, Word files, pictures), for
# `paiban init`: the .docx files written by tools/lib-submissions.c, the pictures the example's.
SUBMISSIONS := build/example-submissions
$(SUBMISSIONS).generated: build/tools/mkexample $(EXAMPLE)/.generated $(EXAMPLE)/manifest.yaml
	rm -rf $(SUBMISSIONS)
	build/tools/mkexample --submissions $(EXAMPLE) $(SUBMISSIONS)
	@touch $@

# The demo also begins a manifest with `paiban init`, in a scratch copy so that it runs again.
demo: deps
	@$(MAKE) -s --no-print-directory bin/paiban $(EXAMPLE)/.generated $(SUBMISSIONS).generated
	bin/paiban check $(EXAMPLE)/manifest.yaml
	bin/paiban build $(EXAMPLE)/manifest.yaml -o out/demo --format pdf,png --dpi 20
	rm -rf out/demo-init && mkdir -p out && cp -r $(SUBMISSIONS) out/demo-init
	bin/paiban init out/demo-init
	bin/paiban check out/demo-init/manifest.yaml

# The README's pictures: the example's boards, about 1000 px tall (2400 mm at 10.6 dpi); its
# honor pages and roll, about 830 px tall (A3 at 50 dpi); two details at print size (150 dpi,
# cut from the PDFs: the trim starts 15 mm in, past the slug and the bleed); the insert's first
# card (300 dpi) and first press sheet (50 dpi); the contact sheet; and the example's output
# (file sizes, counts), printed by paiban into docs/figures/ and README.md.
DOCS_A3 := honor/jianzhu honor/jixie honor/xinxi honor-wide/jianzhu roll/roll
docs: deps
	@$(MAKE) -s --no-print-directory bin/paiban $(EXAMPLE)/.generated build/node/.installed
	rm -rf build/docs build/docs-proof
	bin/paiban build $(EXAMPLE)/manifest.yaml -o build/docs --only boards --format png --dpi 10.6 -q
	mkdir -p docs && cp build/docs/boards/*.png docs/
	bin/paiban build $(EXAMPLE)/manifest.yaml -o build/docs --only honor --only honor-wide \
		--only roll --format pdf,png --dpi 50 -q
	for f in $(DOCS_A3); do cp build/docs/$$f.png docs/$$(echo $$f | sed 's|roll/||; s|/|-|').png; done
	pdftoppm -r 150 -png -singlefile -x 200 -y 270 -W 1300 -H 1000 build/docs/honor/jianzhu.pdf \
		docs/honor-detail
	pdftoppm -r 150 -png -singlefile -x 230 -y 520 -W 1240 -H 880 build/docs/roll/roll.pdf \
		docs/roll-detail
	@# the insert as the print shop gets it: the first card at 300 dpi with its marks and slug,
	@# the first press sheet at 50 dpi; the die-cut shows in its magenta alternate
	bin/paiban build $(EXAMPLE)/manifest.yaml -o build/docs --only insert -q
	pdftoppm -r 300 -f 1 -l 1 -singlefile -png build/docs/insert/insert.pdf docs/insert-card
	pdftoppm -r 50 -f 1 -l 1 -singlefile -png build/docs/insert/insert-sheets.pdf docs/insert-sheet
	@# at 50 dpi the die-cut is thinner than a pixel: the sheet's first window at 200 dpi shows it
	pdftoppm -r 200 -f 1 -l 1 -singlefile -png -x 280 -y 0 -W 1100 -H 700 \
		build/docs/insert/insert-sheets.pdf docs/insert-sheet-detail
	tools/readme-figures.sh bin/paiban
	@# the contact sheet of the example, as Chromium shows it at a desk and on a phone
	-bin/paiban proof $(EXAMPLE)/manifest.yaml -o build/docs-proof -q 2>/dev/null
	mkdir -p build/docs-shots
	NODE_PATH=build/node/node_modules node tests/browser/proof.cjs $(CURDIR)/build/docs-proof/proof/index.html \
		$(CURDIR)/build/docs-shots >/dev/null
	cp build/docs-shots/desktop.png docs/proof.png
	cp build/docs-shots/phone.png docs/proof-phone.png

# --- tests ---------------------------------------------------------------------------------
tests/fixtures/.generated: build/tools/mkfixtures
	build/tools/mkfixtures tests/fixtures
	@touch $@

# The test tools from npm, pinned, into build/node (nothing global), with the machine's node
# and npm (Debian's npm package would replace them): playwright-core drives Debian's chromium
# for the contact sheet's tests; ajv-cli validates manifests against the JSON Schemas.  One
# install, since an install with --no-save keeps only what it was given.
PLAYWRIGHT := playwright-core@1.64.1
AJV_CLI := ajv-cli@5.0.0
AJV := build/node/node_modules/.bin/ajv
build/node/.installed:
	@command -v npm >/dev/null || { echo "npm is needed for the browser and schema tests"; exit 1; }
	@mkdir -p build/node
	npm install --prefix build/node --no-audit --no-fund --silent --no-save $(PLAYWRIGHT) $(AJV_CLI)
	@touch $@
$(AJV): build/node/.installed

test: deps
	@$(MAKE) -s --no-print-directory build/san/paiban $(UNIT_SRC:tests/unit/%.c=build/unit/%) \
		tests/fixtures/.generated $(EXAMPLE)/.generated $(SUBMISSIONS).generated \
		build/tools/mkschema build/node/.installed
	@tests/run.sh

# The golden frame dumps written again from what the code composes now: review the diff.
test-update: deps
	@$(MAKE) -s --no-print-directory build/san/paiban tests/fixtures/.generated
	@PB_UPDATE_GOLDEN=1 RESULTS=/dev/stdout bash tests/cli/080-golden.sh

bench: deps
	@$(MAKE) -s --no-print-directory bin/paiban build/tools/mkexample build/tools/benchphotos \
		build/tools/benchinsert
	@tools/bench.sh

format:
	clang-format -i engine/*.c engine/*/*.c engine/*/*.h tools/*.c tests/unit/*.c

lint:
	cppcheck --quiet --enable=warning,performance --error-exitcode=1 --inline-suppr \
		-D"G_DEFINE_AUTOPTR_CLEANUP_FUNC(a,b)=" -D"G_DEFINE_QUARK(a,b)=" -DPB_VERSION=\"0\" \
		-DPB_DATADIR_FALLBACK=\"/\" -Iengine engine
	@tools/lint-headers.sh

clean:
	rm -rf build bin tests/fixtures/generated tests/fixtures/.generated

-include $(wildcard build/*/*.d build/*/*/*.d)
