# Appending (issue 16): tests/test_append_fail.c fails every allocation and
# every OS call of an append in turn (the file must stay byte-identical, or
# hold the whole commit when the failure came after the switch);
# tests/append_tool.c appends rows with hdf5lite's
# appender, a commit per batch, to files hdf5lite, h5py and PyTables wrote;
# tests/check_append.py reads them back with h5py, PyTables and h5dump, lets
# libhdf5 and PyTables append after hdf5lite, libhdf5 2.0 (h5wasm) reads, checks that refused appends
# leave the file unchanged, and kills the appender with SIGKILL at random
# instants (the file must hold the same whole commits in every dataset).
# Then `mmapcol append` of a 60,000-row CSV killed the same way. The tool
# and mmapcol also run under ASan + UBSan.
TESTS += test-append
# what each group needs beyond cc and make (tests/needs.sh; skipped without it unless CI=true)
NEEDS_test-append := py asan

AP_DIR := $(B)/append

$(B)/append_tool: tests/append_tool.c $(LIB_DEPS) | $(B)
	$(CC) $(TEST_CFLAGS) -o $@ tests/append_tool.c hdf5lite.c -lpthread

$(B)/test_append_fail: tests/test_append_fail.c fuzz/countalloc.h $(LIB_DEPS) | $(B)
	$(CC) $(TEST_CFLAGS) -o $@ tests/test_append_fail.c hdf5lite.c -lpthread

$(B)/test_append_fail_asan: tests/test_append_fail.c fuzz/countalloc.h $(LIB_DEPS) | $(B)
	$(ASAN_CC) $(ASAN_FLAGS) -o $@ tests/test_append_fail.c hdf5lite.c -lpthread

$(B)/append_tool_asan: tests/append_tool.c $(LIB_DEPS) | $(B)
	$(ASAN_CC) $(ASAN_FLAGS) -o $@ tests/append_tool.c hdf5lite.c -lpthread

.PHONY: test-append
test-append: $(B)/test_append_fail $(B)/test_append_fail_asan $(B)/append_tool $(B)/append_tool_asan $(B)/gen_chunked_write $(B)/gen_csv mmapcol $(B)/mmapcol_asan
	@rm -rf $(AP_DIR) && mkdir -p $(AP_DIR)
	@mkdir -p $(AP_DIR)/fail $(AP_DIR)/fail_asan
	@sh tests/run_tail.sh 1 $(B)/test_append_fail $(AP_DIR)/fail
	@ASAN_OPTIONS=detect_leaks=1 sh tests/run_tail.sh 1 $(B)/test_append_fail_asan $(AP_DIR)/fail_asan
	@$(B)/gen_chunked_write $(AP_DIR)/base.h5
	-@$(MAKE) --no-print-directory h5wasm
	@if [ ! -f $(H5WASM_JS) ] || ! command -v node >/dev/null 2>&1; then \
	  if [ "$$CI" = "true" ]; then echo "test-append: h5wasm (libhdf5 2.0) missing in CI" >&2; exit 1; fi; \
	  echo "*** test-append: no h5wasm: libhdf5 2.0 does not check the appended files ***"; fi
	@H5WASM_JS=$$( [ -f $(H5WASM_JS) ] && echo $(H5WASM_JS) ) $(PYTHON) tests/check_append.py $(B)/append_tool $(AP_DIR)/plain $(AP_DIR)/base.h5 ./mmapcol $(B)/gen_csv
	@ASAN_OPTIONS=detect_leaks=1 $(PYTHON) tests/check_append.py $(B)/append_tool_asan $(AP_DIR)/asan $(AP_DIR)/base.h5 $(B)/mmapcol_asan $(B)/gen_csv

# examples/logger.c: creates an empty extendible table, then appends batches
# with a commit each, twice (a second run reopens the file); h5py reads it.
$(B)/logger: examples/logger.c $(LIB_DEPS) | $(B)
	$(ASAN_CC) $(ASAN_FLAGS) -o $@ examples/logger.c hdf5lite.c -lpthread

.PHONY: test-logger
TESTS += test-logger
NEEDS_test-logger := asan
test-logger: $(B)/logger
	@rm -f $(B)/logger.h5
	@ASAN_OPTIONS=detect_leaks=1 $(B)/logger $(B)/logger.h5 3 500 > /dev/null
	@ASAN_OPTIONS=detect_leaks=1 $(B)/logger $(B)/logger.h5 2 777
	@if $(PYTHON) -c 'import h5py' 2>/dev/null; then \
	  $(PYTHON) -c 'import h5py, numpy as np; c = h5py.File("$(B)/logger.h5", "r")["table/columns"]; n = 3054; \
assert c["t/data"].shape == (n,) and c["level/data"].shape == (n,) and c["msg/indices"].shape == (n + 1,), "lengths"; \
assert np.array_equal(c["t/data"][:], np.arange(n) * 0.001) and np.array_equal(c["level/data"][:], np.arange(n) % 5), "values"; \
o = c["msg/indices"][:]; d = c["msg/data"][:].tobytes(); \
assert all(d[o[r]:o[r + 1]].decode() == "event %d at level %d" % (r, r % 5) for r in range(n)), "strings"; \
print("test-logger: 3054 rows read back by h5py")' || exit 1; \
	elif [ "$$CI" = "true" ]; then echo "test-logger: h5py missing in CI" >&2; exit 1; fi
