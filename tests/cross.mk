# Cross builds (issue 7): armhf (32-bit) and s390x (big-endian) under
# qemu-user, Windows x86-64 (mingw-w64) under wine. Each target builds
# libhdf5lite.a, mmapcol and the C tests with the cross compiler (-static:
# no target sysroot is needed at run time), checks hdf5lite.c and mmapcol.c
# compile warning-free (-Werror) with the cross compiler, then
# tests/cross/run_target.sh runs them and compares with the native build
# (byte-identical files, h5py reading what the target wrote, identical
# mmapcol transcripts).
#
#   make cross-armhf | cross-s390x | cross-win64     one target
#   make test-cross                                  all three
#   make test CROSS=1                                test-cross is part of `make test` (CI sets CROSS=1)
#
# Debian packages: gcc-arm-linux-gnueabihf gcc-s390x-linux-gnu qemu-user
#   mingw-w64 wine wine64 (libc6-dev-armhf-cross, libc6-dev-s390x-cross come
#   with the compilers). Without CI=true a missing toolchain is skipped loudly;
#   with CI=true it fails.

CROSS_armhf_CC ?= arm-linux-gnueabihf-gcc
CROSS_armhf_AR ?= arm-linux-gnueabihf-ar
CROSS_armhf_RUN ?= qemu-arm
CROSS_armhf_EXE :=
CROSS_s390x_CC ?= s390x-linux-gnu-gcc
CROSS_s390x_AR ?= s390x-linux-gnu-ar
CROSS_s390x_RUN ?= qemu-s390x
CROSS_s390x_EXE :=
CROSS_win64_CC ?= x86_64-w64-mingw32-gcc
CROSS_win64_AR ?= x86_64-w64-mingw32-ar
CROSS_win64_RUN ?= wine
CROSS_win64_EXE := .exe
# tests/test_write_unit.c uses POSIX-only calls (mkdir(path, mode), dirent): not built for Windows.
CROSS_win64_SKIP ?= test_write_unit
CROSS_CFLAGS ?= -O2 -g
CROSS_WFLAGS := $(WARN)
# Files whose mmapcol output must be identical everywhere: the round-trip
# files, vaex's own files and (when generated) the reader's h5py fixtures.
CROSS_FIXTURE_MAX ?= 15
CROSS_WINEPREFIX := $(abspath $(B))/wineprefix

ifeq ($(CROSS),1)
TESTS += test-cross
# what each group needs beyond cc and make (tests/needs.sh; skipped without it unless CI=true)
NEEDS_test-cross := py cross
endif

.PHONY: test-cross cross-armhf cross-s390x cross-win64 cross-native cross-files
# The three run side by side (JOBS at a time: qemu and wine are single-threaded);
# every line they print starts with its target's name.
test-cross: cross-native
	@$(MAKE) --no-print-directory -k -j$(JOBS) cross-armhf cross-s390x cross-win64

# Native reference: the round-trip files written on x86-64.
$(B)/cross/test_port_roundtrip: tests/test_port_roundtrip.c tests/test_port_common.h libhdf5lite.a | $(B)
	@mkdir -p $(B)/cross
	$(CC) $(TEST_CFLAGS) -o $@ tests/test_port_roundtrip.c libhdf5lite.a

cross-native: $(B)/cross/test_port_roundtrip mmapcol
	@rm -rf $(B)/cross/native-rt && mkdir -p $(B)/cross/native-rt
	$(B)/cross/test_port_roundtrip run $(B)/cross/native-rt
	@if $(PYTHON) -c 'import h5py' 2>/dev/null && [ ! -s $(B)/read_fixtures/list.txt ]; then \
	  $(MAKE) --no-print-directory read-fixtures >/dev/null || exit 1; fi

# $(1) = target name
define CROSS_TARGET
CROSS_$(1)_DIR := $(B)/cross-$(1)
CROSS_$(1)_BINS := $$(addprefix $$(CROSS_$(1)_DIR)/,$$(addsuffix $$(CROSS_$(1)_EXE),$$(filter-out $$(CROSS_$(1)_SKIP),mmapcol test_port_roundtrip test_port_big test_endian test_nommap test_threads test_write_unit test_read test_dense)))

$$(CROSS_$(1)_DIR)/hdf5lite.o: $$(LIB_DEPS)
	@mkdir -p $$(CROSS_$(1)_DIR)
	$$(CROSS_$(1)_CC) $$(CROSS_WFLAGS) $$(CROSS_CFLAGS) -c hdf5lite.c -o $$@

$$(CROSS_$(1)_DIR)/libhdf5lite.a: $$(CROSS_$(1)_DIR)/hdf5lite.o
	rm -f $$@
	$$(CROSS_$(1)_AR) rcs $$@ $$^

$$(CROSS_$(1)_DIR)/mmapcol$$(CROSS_$(1)_EXE): mmapcol.c hdf5lite.h $$(CROSS_$(1)_DIR)/libhdf5lite.a
	$$(CROSS_$(1)_CC) $$(CROSS_WFLAGS) $$(CROSS_CFLAGS) -static -o $$@ mmapcol.c $$(CROSS_$(1)_DIR)/libhdf5lite.a -lpthread -lm

$$(CROSS_$(1)_DIR)/test_port_roundtrip$$(CROSS_$(1)_EXE) $$(CROSS_$(1)_DIR)/test_port_big$$(CROSS_$(1)_EXE) $$(CROSS_$(1)_DIR)/test_endian$$(CROSS_$(1)_EXE) $$(CROSS_$(1)_DIR)/test_nommap$$(CROSS_$(1)_EXE): $$(CROSS_$(1)_DIR)/%$$(CROSS_$(1)_EXE): tests/%.c tests/test_port_common.h $$(CROSS_$(1)_DIR)/libhdf5lite.a
	$$(CROSS_$(1)_CC) $$(CROSS_WFLAGS) -O1 -g -I. -static -o $$@ $$< $$(CROSS_$(1)_DIR)/libhdf5lite.a

$$(CROSS_$(1)_DIR)/test_threads$$(CROSS_$(1)_EXE): tests/test_threads.c tests/test_port_common.h $$(CROSS_$(1)_DIR)/libhdf5lite.a
	$$(CROSS_$(1)_CC) $$(CROSS_WFLAGS) -O1 -g -I. -static -pthread -o $$@ $$< $$(CROSS_$(1)_DIR)/libhdf5lite.a -lpthread

# Teammates' standalone unit tests (built with the library source; -Werror not imposed on them).
$$(CROSS_$(1)_DIR)/test_write_unit$$(CROSS_$(1)_EXE) $$(CROSS_$(1)_DIR)/test_read$$(CROSS_$(1)_EXE): $$(CROSS_$(1)_DIR)/%$$(CROSS_$(1)_EXE): tests/%.c $$(LIB_DEPS)
	@mkdir -p $$(CROSS_$(1)_DIR)
	$$(CROSS_$(1)_CC) $$(WARN) -O1 -g -I. -static -o $$@ $$< hdf5lite.c -lm

$$(CROSS_$(1)_DIR)/test_dense$$(CROSS_$(1)_EXE): tests/test_dense.c $$(LIB_DEPS)
	@mkdir -p $$(CROSS_$(1)_DIR)
	$$(CROSS_$(1)_CC) $$(WARN) -Wno-unused-function -O1 -g -I. -static -o $$@ tests/test_dense.c -lm

cross-$(1): cross-native
	@if ! command -v $$(CROSS_$(1)_CC) >/dev/null 2>&1 || ! command -v $$(firstword $$(CROSS_$(1)_RUN)) >/dev/null 2>&1; then \
	  if [ "$$$$CI" = true ]; then echo "cross-$(1): FAIL: $$(CROSS_$(1)_CC) or $$(CROSS_$(1)_RUN) not installed" >&2; exit 1; fi; \
	  echo "********** cross-$(1): SKIPPED: $$(CROSS_$(1)_CC) or $$(CROSS_$(1)_RUN) not installed **********"; exit 0; fi; \
	$$(MAKE) --no-print-directory $$(CROSS_$(1)_BINS) || exit 1; \
	werr=0; for s in hdf5lite.c mmapcol.c; do \
	  $$(CROSS_$(1)_CC) $$(WARN) -Werror $$(CROSS_CFLAGS) -I. -c $$$$s -o /dev/null || werr=1; done; \
	if [ $$$$werr = 0 ]; then echo "cross-$(1): PASS hdf5lite.c and mmapcol.c warning-free with $$(CROSS_$(1)_CC)"; \
	else echo "cross-$(1): FAIL warnings with $$(CROSS_$(1)_CC) (above)" >&2; fi; \
	files="$$(B)/cross/native-rt/port_types.h5 $$(B)/cross/native-rt/port_table_le.h5 $$(B)/cross/native-rt/port_table_be.h5 \
	  $$$$(ls ../shared/corpus/vaex/*.hdf5 2>/dev/null) \
	  $$$$(ls $$(B)/read_fixtures/*.h5 2>/dev/null | head -n $$(CROSS_FIXTURE_MAX))"; \
	if [ "$(1)" = win64 ]; then \
	  export WINEPREFIX=$$(CROSS_WINEPREFIX) WINEDEBUG=-all; \
	  [ -d $$(CROSS_WINEPREFIX) ] || { echo "cross-win64: creating a wine prefix in $$(CROSS_WINEPREFIX) (once)"; wineboot -i >/dev/null 2>&1; }; \
	  wineserver -p 120; \
	fi; \
	B=$$(B) PYTHON=$$(PYTHON) NATIVE_RT=$$(B)/cross/test_port_roundtrip NATIVE_MMAPCOL=./mmapcol CROSS_FILES="$$$$files" \
	  sh tests/cross/run_target.sh $(1) $$(CROSS_$(1)_DIR) "$$(CROSS_$(1)_EXE)" $$(CROSS_$(1)_RUN); st=$$$$?; \
	if [ "$(1)" = win64 ]; then WINEPREFIX=$$(CROSS_WINEPREFIX) wineserver -k 2>/dev/null || :; fi; \
	exit $$$$((st + werr))
endef

$(foreach t,armhf s390x win64,$(eval $(call CROSS_TARGET,$(t))))
