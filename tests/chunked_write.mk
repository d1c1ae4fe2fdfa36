# Chunked writing (issue 16): tests/gen_chunked_write.c writes chunked,
# filtered, extendible datasets (1-D to 3-D, edge chunks in every dim,
# B-trees of one to three levels, rows written out of order, chunks that do
# not compress) and tests/check_chunked_write.py reads them back with h5py,
# PyTables, h5dump and libhdf5 2.0 (h5wasm), then lets libhdf5 append to
# them; mmapcol ls/cat/attrs against h5py too. The generator also runs
# under ASan + UBSan (leaks included).
TESTS += test-chunked-write test-deflate test-chunked-threads
# what each group needs beyond cc and make (tests/needs.sh; skipped without it unless CI=true)
NEEDS_test-chunked-write := py asan zlib
NEEDS_test-deflate := asan zlib
NEEDS_test-chunked-threads := asan

CW_DIR := $(B)/chunked_write

$(B)/gen_chunked_write: tests/gen_chunked_write.c $(LIB_DEPS) | $(B)
	$(CC) $(TEST_CFLAGS) -o $@ tests/gen_chunked_write.c hdf5lite.c -lpthread

$(B)/gen_chunked_write_asan: tests/gen_chunked_write.c $(LIB_DEPS) | $(B)
	$(ASAN_CC) $(ASAN_FLAGS) -o $@ tests/gen_chunked_write.c hdf5lite.c -lpthread

.PHONY: test-chunked-write
test-chunked-write: $(B)/gen_chunked_write $(B)/gen_chunked_write_asan mmapcol
	-@$(MAKE) --no-print-directory h5wasm
	@rm -rf $(CW_DIR) && mkdir -p $(CW_DIR)
	@ASAN_OPTIONS=detect_leaks=1 $(B)/gen_chunked_write_asan $(CW_DIR)/asan.h5
	@$(B)/gen_chunked_write $(CW_DIR)/plain.h5
	@cmp $(CW_DIR)/asan.h5 $(CW_DIR)/plain.h5 || { echo "test-chunked-write: ASan and plain builds wrote different files" >&2; exit 1; }
	@$(PYTHON) tests/compare_views.py --mmapcol ./mmapcol $(CW_DIR)/plain.h5 > $(CW_DIR)/compare.txt || { cat $(CW_DIR)/compare.txt; exit 1; }; tail -n 1 $(CW_DIR)/compare.txt
	@if [ -f $(H5WASM_JS) ] && command -v node >/dev/null 2>&1; then \
	  $(PYTHON) tests/check_chunked_write.py $(CW_DIR)/plain.h5 --h5wasm $(H5WASM_JS); \
	elif [ "$$CI" = "true" ]; then echo "test-chunked-write: h5wasm (libhdf5 2.0) missing in CI" >&2; exit 1; \
	else echo "*** test-chunked-write: no h5wasm: libhdf5 2.0 not checked ***"; $(PYTHON) tests/check_chunked_write.py $(CW_DIR)/plain.h5; fi

# The deflate encoder alone (tests/test_deflate.c): levels 1-9 over HDF5-like
# chunks and edge sizes, every stream decoded by zlib and by hdf5lite's own
# inflater, H5L__FILT_NOFIT exact for every too-small output size; the
# quick matrix natively, the small one under ASan + UBSan. On x86-64 the
# native build runs the BMI2 copy of the inflater where the CPU has BMI2,
# the ASan build the other copy (-DH5L_NO_BMI2).
$(B)/test_deflate: tests/test_deflate.c tests/deflate_gen.h $(LIB_DEPS) | $(B)
	$(CC) $(WARN) -O2 -g -Wno-unused-function -I. -o $@ tests/test_deflate.c -lz -lpthread

$(B)/test_deflate_asan: tests/test_deflate.c tests/deflate_gen.h $(LIB_DEPS) | $(B)
	$(ASAN_CC) $(ASAN_FLAGS) -DH5L_NO_BMI2 -Wno-unused-function -o $@ tests/test_deflate.c -lz -lpthread

.PHONY: test-deflate
test-deflate: $(B)/test_deflate $(B)/test_deflate_asan
	@sh tests/run_tail.sh 1 $(B)/test_deflate quick
	@ASAN_OPTIONS=detect_leaks=1 sh tests/run_tail.sh 1 $(B)/test_deflate_asan tiny

# Rows of chunked datasets written from 4 threads at once (shared row bands),
# plain and under ThreadSanitizer.
$(B)/test_chunked_threads: tests/test_chunked_threads.c $(LIB_DEPS) | $(B)
	$(CC) $(TEST_CFLAGS) -o $@ tests/test_chunked_threads.c hdf5lite.c -lpthread

$(B)/test_chunked_threads_tsan: tests/test_chunked_threads.c $(LIB_DEPS) | $(B)
	$(ASAN_CC) $(WARN) -O1 -g -fsanitize=thread -I. -o $@ tests/test_chunked_threads.c hdf5lite.c -lpthread

.PHONY: test-chunked-threads
test-chunked-threads: $(B)/test_chunked_threads $(B)/test_chunked_threads_tsan
	@$(B)/test_chunked_threads $(B)/chunked_threads.h5
	@TSAN_OPTIONS="halt_on_error=1 exitcode=66" $(B)/test_chunked_threads_tsan $(B)/chunked_threads_tsan.h5
