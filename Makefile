# hdf5lite — build, test, demo, fuzz, bench, install.
#   make            libhdf5lite.a, libhdf5lite.so, mmapcol
#   make demo       generate a 1M-row CSV, import it, show table + stats
#   make test       every test (C unit, interop with h5py/h5dump/h5diff/PyTables/h5wasm, sanitizers)
#   make fuzz       run every fuzz target for FUZZ_SECONDS (default 60)
#   make bench      benchmarks against libhdf5 and the raw limit
#   make install    PREFIX=/usr/local DESTDIR=
#   make deps       (as root, Debian/Ubuntu) install what make test compares against

CC      ?= cc
CFLAGS  ?= -O2 -g
LDFLAGS ?=
WARN    := -std=c99 -Wall -Wextra -Wpedantic
PREFIX  ?= /usr/local
LIBDIR  ?= $(PREFIX)/lib
INCDIR  ?= $(PREFIX)/include
BINDIR  ?= $(PREFIX)/bin
PYTHON  ?= /usr/bin/python3
B       := build

LIB_DEPS  := hdf5lite.c hdf5lite.h

.PHONY: all test demo fuzz bench install uninstall clean check-tools deps
all: libhdf5lite.a libhdf5lite.so mmapcol

$(B):
	@mkdir -p $(B)

$(B)/hdf5lite.o: $(LIB_DEPS) | $(B)
	$(CC) $(WARN) $(CFLAGS) -c hdf5lite.c -o $@

$(B)/hdf5lite.pic.o: $(LIB_DEPS) | $(B)
	$(CC) $(WARN) $(CFLAGS) -fPIC -c hdf5lite.c -o $@

libhdf5lite.a: $(B)/hdf5lite.o
	rm -f $@
	$(AR) rcs $@ $^

libhdf5lite.so: $(B)/hdf5lite.pic.o
	$(CC) -shared -Wl,-soname,libhdf5lite.so.0 $(LDFLAGS) -o $@ $^

mmapcol: mmapcol.c hdf5lite.h libhdf5lite.a
	$(CC) $(WARN) $(CFLAGS) -o $@ mmapcol.c libhdf5lite.a $(LDFLAGS) -lpthread -lm

# Written at install time, so it names the PREFIX given to `make install`.
.PHONY: hdf5lite.pc
hdf5lite.pc:
	@printf 'prefix=%s\nlibdir=%s\nincludedir=%s\n\nName: hdf5lite\nDescription: dependency-free reader and writer for the columnar subset of HDF5\nVersion: 0.1.0\nLibs: -L$${libdir} -lhdf5lite\nCflags: -I$${includedir}\n' \
	  '$(PREFIX)' '$(LIBDIR)' '$(INCDIR)' > $@

# The decoder fuzz targets (fuzz/fuzz.mk); named here because the tests'
# regression replays (tests/robust.mk) are included first.
FUZZ_CODECS := fuzz_inflate fuzz_deflate fuzz_lzf fuzz_shuffle fuzz_fletcher32 fuzz_scaleoffset fuzz_nbit fuzz_cidx \
               fuzz_lz4 fuzz_bshuf fuzz_blosc fuzz_zstd fuzz_zstd_rt fuzz_num

# ---- tests: each tests/*.mk adds its targets to TESTS ------------------------
TESTS :=
# parallel builds where a group compiles many binaries (test-fuzz-regress)
JOBS  ?= $(shell nproc 2>/dev/null || echo 2)
TEST_CFLAGS := $(WARN) -O1 -g -I.
# the sanitizer compiler: clang (CI), else gcc (its ASan/UBSan/TSan runtimes come with build-essential)
ASAN_CC     ?= $(shell command -v clang >/dev/null 2>&1 && echo clang || echo gcc)
ASAN_FLAGS  := $(WARN) -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all -I.
-include tests/*.mk

# Each group runs on its own (as `make -k` would, one after another) so that its
# time is printed: CI has a budget, and this is where it goes.
# A group whose needs (NEEDS_<group>, tests/needs.sh) this machine lacks is
# skipped with a line saying what is missing -- unless CI=true, where it runs
# and fails: CI must never pass by skipping. `make deps` installs them all.
comma := ,
empty :=
space := $(empty) $(empty)
test: all
	@fail=""; skipped=""; t0=$$(date +%s); \
	needs='$(foreach t,$(TESTS),$(t):$(subst $(space),$(comma),$(strip $(NEEDS_$(t)))))'; \
	for t in $(TESTS); do s=$$(date +%s); \
	  n=$$(for x in $$needs; do case $$x in "$$t:"*) echo "$${x#*:}" | tr ',' ' ';; esac; done); \
	  miss=$$(PYTHON=$(PYTHON) ASAN_CC=$(ASAN_CC) sh tests/needs.sh $$n); \
	  if [ -n "$$miss" ] && [ "$$CI" != "true" ]; then \
	    echo "*** make test: $$t SKIPPED: this machine lacks: $$miss (make deps installs it) ***"; skipped="$$skipped $$t"; continue; fi; \
	  $(MAKE) --no-print-directory $$t || fail="$$fail $$t"; \
	  echo "make test: $$t took $$(( $$(date +%s) - s )) s"; done; \
	  echo "make test: $$(( $$(date +%s) - t0 )) s in all"; \
	  if [ -n "$$skipped" ]; then echo "make test: SKIPPED (missing tools, see above):$$skipped"; fi; \
	  if [ -n "$$fail" ]; then echo "make test: FAILED:$$fail"; exit 1; fi
	@echo "make test: all test groups that ran passed"

check-tools:
	@$(PYTHON) tests/check_tools.py

# The reference readers, codecs, sanitizers and cross tools of the full run:
# the packages .ci/run installs (read from there, so the two never drift).
deps:
	@pk=$$(sed -n '/^apt-get install -y -qq --no-install-recommends/,/>\/tmp\/ci-apt.log/p' .ci/run | \
	  sed -e 's/apt-get install -y -qq --no-install-recommends//' -e 's/>.*//' -e 's/\\//g' | tr -s ' \n' ' '); \
	  echo "apt-get install -y $$pk nodejs npm"; apt-get update -qq && apt-get install -y --no-install-recommends $$pk && \
	  { command -v node >/dev/null && command -v npm >/dev/null || apt-get install -y nodejs npm; }

# ---- demo ----------------------------------------------------------------------
demo: all
	@sh examples/demo.sh

# ---- fuzzing -------------------------------------------------------------------
FUZZ_SECONDS ?= 60
-include fuzz/fuzz.mk

# ---- benchmarks -------------------------------------------------------------------
-include bench/bench.mk

# ---- install ----------------------------------------------------------------------
install: all hdf5lite.pc
	install -d $(DESTDIR)$(INCDIR) $(DESTDIR)$(LIBDIR) $(DESTDIR)$(LIBDIR)/pkgconfig $(DESTDIR)$(BINDIR)
	install -m 644 hdf5lite.h $(DESTDIR)$(INCDIR)/hdf5lite.h
	install -m 644 libhdf5lite.a $(DESTDIR)$(LIBDIR)/libhdf5lite.a
	install -m 755 libhdf5lite.so $(DESTDIR)$(LIBDIR)/libhdf5lite.so.0.1.0
	ln -sf libhdf5lite.so.0.1.0 $(DESTDIR)$(LIBDIR)/libhdf5lite.so.0
	ln -sf libhdf5lite.so.0 $(DESTDIR)$(LIBDIR)/libhdf5lite.so
	install -m 644 hdf5lite.pc $(DESTDIR)$(LIBDIR)/pkgconfig/hdf5lite.pc
	install -m 755 mmapcol $(DESTDIR)$(BINDIR)/mmapcol

uninstall:
	rm -f $(DESTDIR)$(INCDIR)/hdf5lite.h $(DESTDIR)$(LIBDIR)/libhdf5lite.a \
	  $(DESTDIR)$(LIBDIR)/libhdf5lite.so $(DESTDIR)$(LIBDIR)/libhdf5lite.so.0 \
	  $(DESTDIR)$(LIBDIR)/libhdf5lite.so.0.1.0 $(DESTDIR)$(LIBDIR)/pkgconfig/hdf5lite.pc \
	  $(DESTDIR)$(BINDIR)/mmapcol

clean:
	rm -rf $(B) libhdf5lite.a libhdf5lite.so mmapcol mmapcol.exe hdf5lite.pc demo
