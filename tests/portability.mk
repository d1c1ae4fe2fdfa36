# Portability tests (issue 7) — see also tests/cross.mk (armhf, s390x, win64).
#   test-port      write -> read round trips (every type, both byte orders, a
#                  table with every column kind) with gcc and clang, h5py
#                  reading the files; offsets past 4 GiB (test_port_big);
#                  h5l_to_native on hand-built types; the
#                  header compiled as C++ (g++) and linked into a C++ program
#   test-nommap    the library built with -DH5L_NO_MMAP and -DH5L_NO_POSIX
#                  (stdio only): round trips with a caller-supplied allocator,
#                  allocation-failure sweep; the libc functions each build
#                  needs (nm -u) are listed, POSIX calls must be absent
#   test-static    mmapcol linked fully static (-static) from libhdf5lite.a
#   test-threads   tests/test_threads.c, normal build and ThreadSanitizer
#   test-warnings  hdf5lite.c / mmapcol.c warning-free (-Werror) with gcc and
#                  clang, in the default, no-mmap and no-POSIX configurations
#   test-install   tests/test_install.sh (make install/uninstall, pkg-config)
#   test-cmake     tests/test_cmake.sh (CMake build, find_package, add_subdirectory)
TESTS += test-port test-nommap test-static test-threads test-warnings test-install test-cmake
# what each group needs beyond cc and make (tests/needs.sh; skipped without it unless CI=true)
NEEDS_test-port := clang cxx
NEEDS_test-nommap := 
NEEDS_test-static := 
NEEDS_test-threads := asan
NEEDS_test-warnings := clang cxx
NEEDS_test-install := pkgconfig
NEEDS_test-cmake := cmake

PORT_B   := $(B)/port
TSAN_CC  ?= $(ASAN_CC)
CXX      ?= g++
PORT_H   := tests/test_port_common.h hdf5lite.h

.PHONY: test-port test-nommap test-static test-threads test-warnings test-install test-cmake

$(PORT_B):
	@mkdir -p $(PORT_B)

$(PORT_B)/test_port_roundtrip: tests/test_port_roundtrip.c $(PORT_H) libhdf5lite.a | $(PORT_B)
	$(CC) $(TEST_CFLAGS) -o $@ tests/test_port_roundtrip.c libhdf5lite.a
# the clang build runs under ASan + UBSan
$(PORT_B)/test_port_roundtrip_clang: tests/test_port_roundtrip.c $(PORT_H) $(LIB_DEPS) | $(PORT_B)
	$(ASAN_CC) $(ASAN_FLAGS) -o $@ tests/test_port_roundtrip.c hdf5lite.c
$(PORT_B)/test_port_big: tests/test_port_big.c $(PORT_H) libhdf5lite.a | $(PORT_B)
	$(CC) $(TEST_CFLAGS) -o $@ tests/test_port_big.c libhdf5lite.a
$(PORT_B)/test_endian: tests/test_endian.c $(PORT_H) $(LIB_DEPS) | $(PORT_B)
	$(ASAN_CC) $(ASAN_FLAGS) -o $@ tests/test_endian.c hdf5lite.c
$(PORT_B)/test_port_cxx: tests/test_port_cxx.cpp hdf5lite.h libhdf5lite.a | $(PORT_B)
	$(CXX) -std=c++11 -Wall -Wextra -Wpedantic -Werror -O1 -g -I. -o $@ tests/test_port_cxx.cpp libhdf5lite.a

test-port: $(PORT_B)/test_port_roundtrip $(PORT_B)/test_port_roundtrip_clang $(PORT_B)/test_port_big $(PORT_B)/test_endian $(PORT_B)/test_port_cxx
	@rm -rf $(PORT_B)/rt $(PORT_B)/rt_clang && mkdir -p $(PORT_B)/rt $(PORT_B)/rt_clang
	$(PORT_B)/test_port_roundtrip run $(PORT_B)/rt
	$(PORT_B)/test_port_roundtrip_clang run $(PORT_B)/rt_clang
	@for f in port_types.h5 port_table_le.h5 port_table_be.h5; do \
	  cmp $(PORT_B)/rt/$$f $(PORT_B)/rt_clang/$$f || { echo "test-port: gcc and clang builds write different $$f" >&2; exit 1; }; done
	@mkdir -p $(PORT_B)/big
	$(PORT_B)/test_port_big $(PORT_B)/big
	$(PORT_B)/test_endian
	$(PORT_B)/test_port_cxx
	@if $(PYTHON) -c 'import h5py' 2>/dev/null; then $(PYTHON) tests/cross/check_h5py.py $(PORT_B)/rt x86-64; \
	elif [ "$$CI" = true ]; then echo "test-port: FAIL: h5py missing in CI" >&2; exit 1; \
	else echo "********** test-port: h5py not available: files not checked with h5py **********"; fi
	@echo "test-port: passed"

# ---- no mmap / no POSIX ------------------------------------------------------
# Symbols the stdio-only build must not use (POSIX / mapping calls).
NOMMAP_FORBIDDEN := open open64 close read write pread pread64 pwrite pwrite64 lseek lseek64 fstat fstat64 stat stat64 \
  mmap mmap64 munmap msync ftruncate ftruncate64 fsync mkstemp mkstemp64 fchmod umask posix_fallocate posix_fallocate64
NOMMAP_FORBIDDEN_MMAP := mmap mmap64 munmap msync

$(PORT_B)/hdf5lite_nommap.o: $(LIB_DEPS) | $(PORT_B)
	$(CC) $(WARN) -O2 -g -DH5L_NO_MMAP -c hdf5lite.c -o $@
$(PORT_B)/hdf5lite_noposix.o: $(LIB_DEPS) | $(PORT_B)
	$(CC) $(WARN) -O2 -g -DH5L_NO_POSIX -c hdf5lite.c -o $@
$(PORT_B)/test_nommap_%: tests/test_nommap.c $(PORT_H) $(PORT_B)/hdf5lite_%.o
	$(CC) $(TEST_CFLAGS) -DH5L_TEST_EXPECT_NO_MMAP -o $@ tests/test_nommap.c $(PORT_B)/hdf5lite_$*.o
$(PORT_B)/test_nommap_default: tests/test_nommap.c $(PORT_H) libhdf5lite.a | $(PORT_B)
	$(CC) $(TEST_CFLAGS) -o $@ tests/test_nommap.c libhdf5lite.a
$(PORT_B)/test_port_roundtrip_noposix: tests/test_port_roundtrip.c $(PORT_H) $(PORT_B)/hdf5lite_noposix.o
	$(CC) $(TEST_CFLAGS) -o $@ tests/test_port_roundtrip.c $(PORT_B)/hdf5lite_noposix.o

test-nommap: $(PORT_B)/test_nommap_nommap $(PORT_B)/test_nommap_noposix $(PORT_B)/test_nommap_default $(PORT_B)/test_port_roundtrip_noposix
	@rm -rf $(PORT_B)/nm && mkdir -p $(PORT_B)/nm/nommap $(PORT_B)/nm/noposix $(PORT_B)/nm/default $(PORT_B)/nm/rt
	$(PORT_B)/test_nommap_nommap $(PORT_B)/nm/nommap
	$(PORT_B)/test_nommap_noposix $(PORT_B)/nm/noposix
	$(PORT_B)/test_nommap_default $(PORT_B)/nm/default
	$(PORT_B)/test_port_roundtrip_noposix run $(PORT_B)/nm/rt
	@nm -u $(PORT_B)/hdf5lite_noposix.o | awk '{print $$NF}' | sort > $(PORT_B)/libc-noposix.txt; \
	 nm -u $(PORT_B)/hdf5lite_nommap.o | awk '{print $$NF}' | sort > $(PORT_B)/libc-nommap.txt; \
	 echo "test-nommap: -DH5L_NO_POSIX needs: $$(tr '\n' ' ' < $(PORT_B)/libc-noposix.txt)"; \
	 echo "test-nommap: -DH5L_NO_MMAP needs:  $$(tr '\n' ' ' < $(PORT_B)/libc-nommap.txt)"; \
	 bad=0; for s in $(NOMMAP_FORBIDDEN); do grep -qx "$$s" $(PORT_B)/libc-noposix.txt && { echo "test-nommap: FAIL: the -DH5L_NO_POSIX build calls $$s" >&2; bad=1; }; done; \
	 for s in $(NOMMAP_FORBIDDEN_MMAP); do grep -qx "$$s" $(PORT_B)/libc-nommap.txt && { echo "test-nommap: FAIL: the -DH5L_NO_MMAP build calls $$s" >&2; bad=1; }; done; \
	 exit $$bad
	@echo "test-nommap: passed"

# ---- fully static mmapcol ------------------------------------------------------
$(PORT_B)/mmapcol-static: mmapcol.c hdf5lite.h libhdf5lite.a | $(PORT_B)
	$(CC) $(WARN) $(CFLAGS) -static -o $@ mmapcol.c libhdf5lite.a -lpthread -lm

test-static: $(PORT_B)/mmapcol-static $(PORT_B)/test_port_roundtrip mmapcol
	@if readelf -d $(PORT_B)/mmapcol-static 2>/dev/null | grep -q NEEDED; then \
	  echo "test-static: FAIL: $(PORT_B)/mmapcol-static has dynamic dependencies" >&2; exit 1; fi
	@rm -rf $(PORT_B)/st && mkdir -p $(PORT_B)/st && $(PORT_B)/test_port_roundtrip write $(PORT_B)/st >/dev/null
	@set -e; for f in $(PORT_B)/st/port_types.h5 $(PORT_B)/st/port_table_be.h5; do \
	  ./mmapcol ls $$f > $(PORT_B)/st/ls.dyn; $(PORT_B)/mmapcol-static ls $$f > $(PORT_B)/st/ls.static; \
	  cmp $(PORT_B)/st/ls.dyn $(PORT_B)/st/ls.static; test -s $(PORT_B)/st/ls.static; done; \
	./mmapcol cat $(PORT_B)/st/port_types.h5 /be/f64 > $(PORT_B)/st/cat.dyn; \
	$(PORT_B)/mmapcol-static cat $(PORT_B)/st/port_types.h5 /be/f64 > $(PORT_B)/st/cat.static; \
	cmp $(PORT_B)/st/cat.dyn $(PORT_B)/st/cat.static; \
	$(PORT_B)/mmapcol-static table $(PORT_B)/st/port_table_be.h5 > /dev/null
	@echo "test-static: passed (mmapcol -static: no dynamic section; same output as the dynamic build)"

# ---- threads ----------------------------------------------------------------
$(PORT_B)/test_threads: tests/test_threads.c $(PORT_H) libhdf5lite.a | $(PORT_B)
	$(CC) $(TEST_CFLAGS) -pthread -o $@ tests/test_threads.c libhdf5lite.a -lpthread
$(PORT_B)/test_threads_tsan: tests/test_threads.c $(PORT_H) $(LIB_DEPS) | $(PORT_B)
	$(TSAN_CC) $(WARN) -O1 -g -fno-omit-frame-pointer -fsanitize=thread -I. -pthread -o $@ tests/test_threads.c hdf5lite.c
$(PORT_B)/test_threads_tsan_nommap: tests/test_threads.c $(PORT_H) $(LIB_DEPS) | $(PORT_B)
	$(TSAN_CC) $(WARN) -O1 -g -fno-omit-frame-pointer -fsanitize=thread -DH5L_NO_MMAP -I. -pthread -o $@ tests/test_threads.c hdf5lite.c

test-threads: $(PORT_B)/test_threads $(PORT_B)/test_threads_tsan $(PORT_B)/test_threads_tsan_nommap
	@rm -rf $(PORT_B)/th && mkdir -p $(PORT_B)/th/plain $(PORT_B)/th/tsan $(PORT_B)/th/tsan_nommap
	$(PORT_B)/test_threads $(PORT_B)/th/plain 8
	TSAN_OPTIONS="halt_on_error=1 exitcode=66 second_deadlock_stack=1" $(PORT_B)/test_threads_tsan $(PORT_B)/th/tsan 6
	TSAN_OPTIONS="halt_on_error=1 exitcode=66" $(PORT_B)/test_threads_tsan_nommap $(PORT_B)/th/tsan_nommap 6
	@echo "test-threads: passed (plain, ThreadSanitizer, ThreadSanitizer without mmap)"

# ---- warnings -----------------------------------------------------------------
test-warnings: | $(PORT_B)
	@bad=0; for cc in gcc clang; do for cfg in "" -DH5L_NO_MMAP -DH5L_NO_POSIX; do \
	  $$cc $(WARN) -Werror -O2 $$cfg -c hdf5lite.c -o $(PORT_B)/warn.o || { echo "test-warnings: FAIL: $$cc $$cfg hdf5lite.c" >&2; bad=1; }; done; \
	  $$cc $(WARN) -Werror -O2 -I. -c mmapcol.c -o $(PORT_B)/warn.o || { echo "test-warnings: FAIL: $$cc mmapcol.c" >&2; bad=1; }; done; \
	gcc $(WARN) -Werror -O3 -c hdf5lite.c -o $(PORT_B)/warn.o || { echo "test-warnings: FAIL: gcc -O3 hdf5lite.c (CMake Release flags)" >&2; bad=1; }; \
	$(CXX) -std=c++98 -Wall -Wextra -Wpedantic -Werror -x c++ -fsyntax-only hdf5lite.h || { echo "test-warnings: FAIL: hdf5lite.h as C++98" >&2; bad=1; }; \
	rm -f $(PORT_B)/warn.o; [ $$bad = 0 ] && echo "test-warnings: passed (gcc, clang x default/no-mmap/no-POSIX, gcc -O3; header as C++98)"; exit $$bad

# ---- install and CMake -----------------------------------------------------------
test-install: all
	sh tests/test_install.sh
test-cmake:
	sh tests/test_cmake.sh
