# Dense attribute storage written by the writer (issue 18): every attribute of
# an object with one attribute message over a version-1 header's 64 KiB goes
# to a fractal heap indexed by v2 B-trees, in a version-2 object header.
# tests/test_dense_write.c writes edge.h5 (the message size where compact
# storage ends), dense.h5 (the root, groups with link messages or a symbol
# table, contiguous/scalar/chunked datasets, 10 MiB, 100,000 vlen strings,
# 2,000 attributes, managed space overflowing into huge objects) and many.h5
# (300 dense objects among 600) and reads them back with hdf5lite, plain and
# under ASan + UBSan (both built with -DH5L_DEBUG: every encoder checks its
# size); tests/check_dense_write.py reads them with h5py, h5dump and libhdf5
# 2.0 (h5wasm) and lets libhdf5 add and delete attributes in copies.
# Needs h5py for $(PYTHON); with CI=true a missing h5py is a failure.
TESTS += test-dense-write
# what each group needs beyond cc and make (tests/needs.sh; skipped without it unless CI=true)
NEEDS_test-dense-write := asan

DW_DIR := $(B)/dense_write

$(B)/test_dense_write: tests/test_dense_write.c $(LIB_DEPS) | $(B)
	$(CC) $(TEST_CFLAGS) -DH5L_DEBUG -o $@ tests/test_dense_write.c hdf5lite.c -lpthread -lm

$(B)/test_dense_write_asan: tests/test_dense_write.c $(LIB_DEPS) | $(B)
	$(ASAN_CC) $(ASAN_FLAGS) -DH5L_DEBUG -o $@ tests/test_dense_write.c hdf5lite.c -lpthread -lm

.PHONY: test-dense-write
test-dense-write: $(B)/test_dense_write $(B)/test_dense_write_asan
	-@$(MAKE) --no-print-directory h5wasm
	@rm -rf $(DW_DIR) $(DW_DIR)-asan && mkdir -p $(DW_DIR) $(DW_DIR)-asan
	$(B)/test_dense_write $(DW_DIR)
	ASAN_OPTIONS=detect_leaks=1 $(B)/test_dense_write_asan $(DW_DIR)-asan
	@for f in edge dense many; do cmp $(DW_DIR)/$$f.h5 $(DW_DIR)-asan/$$f.h5 || exit 1; done; rm -rf $(DW_DIR)-asan
	@if ! $(PYTHON) -c 'import h5py' >/dev/null 2>&1; then \
	  if [ "$$CI" = true ]; then echo "test-dense-write: FAIL: h5py is not available for $(PYTHON)"; exit 1; fi; \
	  echo "*** test-dense-write: SKIPPED the h5py/h5dump/h5wasm checks: h5py is not available for $(PYTHON) ***"; exit 0; fi; \
	$(PYTHON) tests/check_dense_write.py $(DW_DIR) --h5wasm $(H5WASM_JS)
