# Writing every type the reader reads, and `mmapcol repack` (issue 18).
#  - tests/test_write_types.c: the any-type writer calls (compound, enum,
#    array, opaque, vlen strings and sequences, object references, null and
#    N-D attributes, committed types, soft/external/hard links) and their
#    refusals; the file checked value by value with h5py
#    (tests/check_write_types.py), natively and under ASan + UBSan;
#  - tests/check_repack.py: files h5py and PyTables wrote (tests/gen_repack.py),
#    the comparison corpus, vaex's files and that file, repacked to contiguous
#    and to chunked + deflate + shuffle: h5py sees the same tree, types,
#    shapes, values and attributes, the storage asked for, h5dump, PyTables
#    and libhdf5 2.0 (h5wasm) read the output; what repack refuses (exit 3,
#    no output) must hold something it does not copy.
TESTS += test-repack
# what each group needs beyond cc and make (tests/needs.sh; skipped without it unless CI=true)
NEEDS_test-repack := asan

REPACK_FIX := $(B)/repack_fixtures
# the comparison corpus minus the three large group files (their groups are repacked in groups_dense_track)
REPACK_CORPUS_SKIP := groups_earliest.h5 groups_latest.h5 groups_small_k.h5

$(B)/test_write_types: tests/test_write_types.c $(LIB_DEPS) | $(B)
	$(CC) $(TEST_CFLAGS) -o $@ tests/test_write_types.c hdf5lite.c -lpthread

$(B)/test_write_types_asan: tests/test_write_types.c $(LIB_DEPS) | $(B)
	$(ASAN_CC) $(ASAN_FLAGS) -o $@ tests/test_write_types.c hdf5lite.c -lpthread

.PHONY: test-repack
test-repack: $(B)/test_write_types $(B)/test_write_types_asan mmapcol
	@if ! $(PYTHON) -c 'import h5py' >/dev/null 2>&1; then \
	  if [ "$$CI" = true ]; then echo "test-repack: FAIL: h5py is not available for $(PYTHON)"; exit 1; fi; \
	  echo "*** test-repack: SKIPPED: h5py is not available for $(PYTHON) ***"; exit 0; fi; \
	$(MAKE) --no-print-directory h5wasm >/dev/null 2>&1 || true; \
	wasm=""; if [ -f $(H5WASM_JS) ] && command -v node >/dev/null 2>&1; then wasm="--h5wasm $(H5WASM_JS)"; \
	elif [ "$$CI" = "true" ]; then echo "test-repack: h5wasm (libhdf5 2.0) missing in CI" >&2; exit 1; fi; \
	set -e; rm -rf $(REPACK_FIX); mkdir -p $(REPACK_FIX)/out; \
	$(B)/test_write_types $(REPACK_FIX)/types.h5; \
	ASAN_OPTIONS=detect_leaks=1 $(B)/test_write_types_asan $(REPACK_FIX)/types_asan.h5; \
	$(PYTHON) tests/check_write_types.py $(REPACK_FIX)/types.h5; \
	$(PYTHON) tests/gen_repack.py $(REPACK_FIX) > /dev/null; \
	if [ ! -d $(B)/compare_corpus ]; then $(PYTHON) tests/gen_corpus.py $(B)/compare_corpus > /dev/null; fi; \
	corpus=""; for c in $(B)/compare_corpus/*.h5; do case " $(REPACK_CORPUS_SKIP) " in *" $$(basename $$c) "*) ;; *) corpus="$$corpus $$c";; esac; done; \
	vaex=$$(ls $(VAEX_CORPUS)/*.hdf5 2>/dev/null || { [ "$$CI" = "true" ] && echo MISSING-VAEX-CORPUS; }); \
	sh tests/run_tail.sh 25 $(PYTHON) tests/check_repack.py ./mmapcol $(REPACK_FIX)/out $$wasm $(REPACK_FIX)/*.h5 $$corpus $$vaex
