# Dense storage (fractal heap + v2 B-tree, hdf5lite.c section 3) against h5py files.
# Needs h5py for $(PYTHON); with CI=true a missing h5py is a failure.
TESTS += test-dense
# what each group needs beyond cc and make (tests/needs.sh; skipped without it unless CI=true)
NEEDS_test-dense := asan

DENSE_FIX := $(B)/dense_fixtures
DENSE_TEST_DEPS := tests/test_dense.c $(LIB_DEPS)

$(B)/test_dense: $(DENSE_TEST_DEPS) | $(B)
	$(CC) $(TEST_CFLAGS) -Wno-unused-function -o $@ tests/test_dense.c

$(B)/test_dense_asan: $(DENSE_TEST_DEPS) | $(B)
	$(ASAN_CC) $(ASAN_FLAGS) -Wno-unused-function -o $@ tests/test_dense.c

$(DENSE_FIX)/expected.txt: tests/gen_dense_fixtures.py | $(B)
	$(PYTHON) tests/gen_dense_fixtures.py $(DENSE_FIX)

.PHONY: test-dense
test-dense: $(B)/test_dense $(B)/test_dense_asan
	@if ! $(PYTHON) -c 'import h5py' >/dev/null 2>&1; then \
	  if [ "$$CI" = true ]; then echo "test-dense: FAIL: h5py is not available for $(PYTHON)"; exit 1; fi; \
	  echo "*** test-dense: SKIPPED: h5py is not available for $(PYTHON) ***"; exit 0; fi; \
	$(MAKE) --no-print-directory $(DENSE_FIX)/expected.txt && \
	$(B)/test_dense $(DENSE_FIX) --no-corrupt && \
	$(B)/test_dense_asan $(DENSE_FIX)
