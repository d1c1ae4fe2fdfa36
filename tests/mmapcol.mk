# mmapcol and table-reader tests (mmapcol.c, hdf5lite.c section 5).
#   test-mmapcol   exit codes, --help, broken/missing/unsupported input,
#                  import -> export round trips, vaex corpus vs h5py; run with
#                  the normal build and with an ASan+UBSan build of mmapcol.
#   test-table     the table reader on generated vaex layouts (h5py), plain and
#                  under ASan+UBSan.
#   test-compare   mmapcol ls/cat/attrs/table vs h5py over tests/gen_corpus.py's
#                  corpus and the vaex corpus (tests/compare_views.py).
TESTS += test-mmapcol test-table test-compare
# what each group needs beyond cc and make (tests/needs.sh; skipped without it unless CI=true)
NEEDS_test-mmapcol := asan
NEEDS_test-table := asan
NEEDS_test-compare := 

VAEX_CORPUS ?= ../shared/corpus/vaex

$(B)/mmapcol_asan: mmapcol.c $(LIB_DEPS) | $(B)
	$(ASAN_CC) $(ASAN_FLAGS) -o $@ mmapcol.c hdf5lite.c -lpthread -lm

$(B)/gen_csv: examples/gen_csv.c | $(B)
	$(CC) $(TEST_CFLAGS) -o $@ examples/gen_csv.c

.PHONY: test-mmapcol test-table test-compare
test-mmapcol: mmapcol $(B)/mmapcol_asan $(B)/gen_csv
	GEN_CSV=$(B)/gen_csv PYTHON=$(PYTHON) VAEX_CORPUS=$(VAEX_CORPUS) sh tests/test_mmapcol.sh ./mmapcol $(B)/mmapcol_t
	GEN_CSV=$(B)/gen_csv PYTHON=$(PYTHON) VAEX_CORPUS=$(VAEX_CORPUS) sh tests/test_mmapcol.sh $(B)/mmapcol_asan $(B)/mmapcol_t_asan
	$(PYTHON) tests/check_stats_lanes.py ./mmapcol $(B)/stats_lanes
	$(PYTHON) tests/check_stats_lanes.py $(B)/mmapcol_asan $(B)/stats_lanes_asan

$(B)/test_table: tests/test_mmapcol_table.c $(LIB_DEPS) | $(B)
	$(CC) $(TEST_CFLAGS) -o $@ tests/test_mmapcol_table.c hdf5lite.c

$(B)/test_table_asan: tests/test_mmapcol_table.c $(LIB_DEPS) | $(B)
	$(ASAN_CC) $(ASAN_FLAGS) -o $@ tests/test_mmapcol_table.c hdf5lite.c

test-table: $(B)/test_table $(B)/test_table_asan
	@if $(PYTHON) -c 'import h5py' 2>/dev/null; then \
	  rm -rf $(B)/table_fixtures && mkdir -p $(B)/table_fixtures && \
	  $(PYTHON) tests/test_mmapcol_tables.py $(B)/table_fixtures && \
	  $(B)/test_table $(B)/table_fixtures && $(B)/test_table_asan $(B)/table_fixtures; \
	elif [ "$$CI" = "true" ]; then echo "test-table: h5py missing in CI" >&2; exit 1; \
	else echo "*** test-table: h5py not found: table reader fixtures not generated, test SKIPPED ***"; fi

test-compare: mmapcol
	@if $(PYTHON) -c 'import h5py' 2>/dev/null; then \
	  rm -rf $(B)/compare_corpus && $(PYTHON) tests/gen_corpus.py $(B)/compare_corpus > /dev/null && \
	  mkdir -p $(B)/compare_corpus/chunked && $(PYTHON) tests/gen_chunked.py $(B)/compare_corpus/chunked > /dev/null 2>&1 && \
	  $(PYTHON) tests/compare_views.py --mmapcol ./mmapcol $(B)/compare_corpus/*.h5 $(B)/compare_corpus/chunked/*.h5 \
	    $$(ls $(VAEX_CORPUS)/*.hdf5 2>/dev/null || { [ "$$CI" = "true" ] && echo MISSING-VAEX-CORPUS; }); \
	elif [ "$$CI" = "true" ]; then echo "test-compare: h5py missing in CI" >&2; exit 1; \
	else echo "*** test-compare: h5py not found: comparison with h5py SKIPPED ***"; fi
