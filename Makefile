# paiban — build, test and demo.  `make deps` installs what a fresh Debian machine lacks.

# Debian packages, by purpose.  `make deps` installs the missing ones and nothing else.
DEB_BUILD := gcc make pkg-config libglib2.0-dev libcairo2-dev libpango1.0-dev \
	libfontconfig-dev libyaml-dev libjpeg-dev libpng-dev zlib1g-dev librsvg2-dev \
	libqpdf-dev libjson-glib-dev nettle-dev
DEB_FONTS := fonts-noto-cjk fonts-lxgw-wenkai fonts-smiley-sans
DEB_TEST  := libcmocka-dev poppler-utils qpdf jq strace time
DEB_ALL   := $(DEB_BUILD) $(DEB_FONTS) $(DEB_TEST)

PKGS := glib-2.0 gio-2.0 json-glib-1.0 yaml-0.1 libpng libjpeg zlib librsvg-2.0 \
	cairo pangocairo pangoft2 fontconfig libqpdf nettle

CC      ?= cc
WARN    := -Wall -Wextra -Wformat=2 -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-Wvla -Wwrite-strings -Wno-unused-parameter
WERROR  ?= -Werror
VERSION := $(shell cat VERSION 2>/dev/null || echo 0.0.0)
DEFS    := -DPB_VERSION='"$(VERSION)"' -DPB_DATADIR_FALLBACK='"/usr/share/paiban"'
OPT     ?= -O2 -g
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lm
SAN     := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined

# engine/ holds one folder per stage of the pipeline (engine/README.md); main.c is the command table.
ENGINE_SRC := $(wildcard engine/*/*.c)
ENGINE_HDR := $(wildcard engine/*/*.h)
UNIT_SRC   := $(wildcard tests/unit/test-*.c)
TOOLS      := build/tools/mkexample build/tools/mkfixtures

.PHONY: docs all deps test test-unit test-cli demo bench clean format lint asan test-update
all: bin/paiban

# --- dependencies -------------------------------------------------------------------------
deps:
	@missing=$$(for p in $(DEB_ALL); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; \
	done); \
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

build/tools/%: tools/%.c tools/*.h
	@mkdir -p $(@D)
	$(CC) -std=gnu11 -O2 $(WARN) $(WERROR) $(PKG_CFLAGS) $(filter %.c,$^) $(filter-out tools/$*.c,$(wildcard tools/lib-*.c)) \
		-o $@ $(PKG_LIBS)

# The photo bench links the engine (tools/benchphotos.c measures the engine itself).
build/tools/benchphotos: tools/benchphotos.c $(REL_OBJ)
	@mkdir -p $(@D)
	$(CC) -std=gnu11 $(OPT) $(WARN) $(WERROR) $(DEFS) $(PKG_CFLAGS) -Iengine $< $(REL_OBJ) \
		-o $@ $(PKG_LIBS)

# --- example material (generated, never committed) -----------------------------------------
EXAMPLE := examples/graduation-2022
$(EXAMPLE)/.generated: build/tools/mkexample
	build/tools/mkexample $(EXAMPLE)
	@touch $@

demo: deps
	@$(MAKE) -s --no-print-directory bin/paiban $(EXAMPLE)/.generated
	bin/paiban check $(EXAMPLE)/manifest.yaml
	bin/paiban build $(EXAMPLE)/manifest.yaml -o out/demo --format pdf,png --dpi 20

# The README's pictures: the example's boards, about 1000 px tall (2400 mm at 10.6 dpi); its
# honor pages and roll, about 830 px tall (A3 at 50 dpi); and two details at print size (150 dpi,
# cut from the PDFs: the trim starts 15 mm in, past the slug and the bleed).
DOCS_A3 := honor/jianzhu honor/jixie honor/xinxi honor-wide/jianzhu roll/roll
docs: deps
	@$(MAKE) -s --no-print-directory bin/paiban $(EXAMPLE)/.generated
	rm -rf build/docs
	bin/paiban build $(EXAMPLE)/manifest.yaml -o build/docs --only boards --format png --dpi 10.6 -q
	mkdir -p docs && cp build/docs/boards/*.png docs/
	bin/paiban build $(EXAMPLE)/manifest.yaml -o build/docs --only honor --only honor-wide \
		--only roll --format pdf,png --dpi 50 -q
	for f in $(DOCS_A3); do cp build/docs/$$f.png docs/$$(echo $$f | sed 's|roll/||; s|/|-|').png; done
	pdftoppm -r 150 -png -singlefile -x 200 -y 270 -W 1300 -H 1000 build/docs/honor/jianzhu.pdf \
		docs/honor-detail
	pdftoppm -r 150 -png -singlefile -x 230 -y 520 -W 1240 -H 880 build/docs/roll/roll.pdf \
		docs/roll-detail

# --- tests ---------------------------------------------------------------------------------
tests/fixtures/.generated: build/tools/mkfixtures
	build/tools/mkfixtures tests/fixtures
	@touch $@

test: deps
	@$(MAKE) -s --no-print-directory build/san/paiban $(UNIT_SRC:tests/unit/%.c=build/unit/%) \
		tests/fixtures/.generated $(EXAMPLE)/.generated
	@tests/run.sh

# The golden frame dumps written again from what the code composes now: review the diff.
test-update: deps
	@$(MAKE) -s --no-print-directory build/san/paiban tests/fixtures/.generated
	@PB_UPDATE_GOLDEN=1 RESULTS=/dev/stdout bash tests/cli/080-golden.sh

bench: deps
	@$(MAKE) -s --no-print-directory bin/paiban build/tools/mkexample build/tools/benchphotos
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
