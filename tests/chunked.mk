# Chunked reading (issue 15): every chunk index and built-in filter as
# h5py/libhdf5 1.10 and PyTables write them (tests/gen_chunked.py), and
# libhdf5 2.0 through h5wasm (tests/gen_h5wasm_chunked.mjs: layout v5,
# chunks over 4 GiB, 20,000-chunk extensible arrays), read whole on 1 and 3
# threads and through a caller's pool, in row ranges, and chunk by chunk;
# values byte-for-byte against h5py's. Plain and under ASan + UBSan. Then
# mmapcol info against h5py (chunk shape, chunks, stored bytes, filters).
TESTS += test-chunked
# what each group needs beyond cc and make (tests/needs.sh; skipped without it unless CI=true)
NEEDS_test-chunked := py asan

CHUNK_FIX := $(B)/chunked_fixtures

$(B)/test_chunked: tests/test_chunked.c $(LIB_DEPS) | $(B)
	$(CC) $(TEST_CFLAGS) -o $@ tests/test_chunked.c hdf5lite.c -lpthread

$(B)/test_chunked_asan: tests/test_chunked.c $(LIB_DEPS) | $(B)
	$(ASAN_CC) $(ASAN_FLAGS) -o $@ tests/test_chunked.c hdf5lite.c -lpthread

# the reads on 3 threads under ThreadSanitizer
$(B)/test_chunked_tsan: tests/test_chunked.c $(LIB_DEPS) | $(B)
	$(ASAN_CC) $(WARN) -O1 -g -fsanitize=thread -I. -o $@ tests/test_chunked.c hdf5lite.c -lpthread

.PHONY: test-chunked chunked-fixtures
chunked-fixtures: | $(B)
	@rm -rf $(CHUNK_FIX) && mkdir -p $(CHUNK_FIX)
	@if $(PYTHON) -c 'import h5py' 2>/dev/null; then \
	  $(PYTHON) tests/gen_chunked.py $(CHUNK_FIX) 2> $(CHUNK_FIX)/gen.err || { cat $(CHUNK_FIX)/gen.err; exit 1; }; \
	  if grep -q 'no LZF' $(CHUNK_FIX)/gen.err; then \
	    if [ "$$CI" = "true" ]; then cat $(CHUNK_FIX)/gen.err; echo "test-chunked: the LZF plugin (hdf5-plugin-lzf) is missing in CI" >&2; exit 1; fi; \
	    echo "*** test-chunked: no LZF plugin (hdf5-plugin-lzf): LZF datasets not tested ***"; fi; \
	elif [ "$$CI" = "true" ]; then echo "test-chunked: h5py missing in CI" >&2; exit 1; \
	else echo "*** test-chunked: h5py not found: no fixtures ***"; fi
	-@$(MAKE) --no-print-directory h5wasm
	@if [ -f $(H5WASM_JS) ] && command -v node >/dev/null 2>&1; then \
	  node tests/gen_h5wasm_chunked.mjs $(H5WASM_JS) $(CHUNK_FIX)/wasm > /dev/null || exit 1; \
	  sed 's|^|wasm/|; s| expect/| wasm/expect/|' $(CHUNK_FIX)/wasm/list.txt >> $(CHUNK_FIX)/list.txt; \
	elif [ "$$CI" = "true" ]; then echo "test-chunked: h5wasm (libhdf5 2.0) missing in CI" >&2; exit 1; \
	else echo "*** test-chunked: no h5wasm: libhdf5 2.0 files (layout v5) not tested ***"; fi

test-chunked: $(B)/test_chunked $(B)/test_chunked_asan $(B)/test_chunked_tsan chunked-fixtures mmapcol
	@if [ -s $(CHUNK_FIX)/list.txt ]; then \
	  $(B)/test_chunked $(CHUNK_FIX) && \
	  ASAN_OPTIONS=detect_leaks=1 sh tests/run_tail.sh 1 $(B)/test_chunked_asan $(CHUNK_FIX) && \
	  TSAN_OPTIONS="halt_on_error=1 exitcode=66" sh tests/run_tail.sh 1 $(B)/test_chunked_tsan $(CHUNK_FIX) 78 && \
	  $(PYTHON) tests/check_chunk_info.py ./mmapcol $(CHUNK_FIX)/*.h5 && \
	  $(PYTHON) tests/check_chunked_table.py ./mmapcol $(CHUNK_FIX)/tables; \
	fi

# jHDF's test files (tests/jhdf/, MIT; see its README): 65 files nobody here
# wrote, every dataset against h5py (compare_views), every refusal listed
# with its filter (LZ4, bitshuffle, SZIP), mmapcol info of every chunked
# dataset against h5py's chunk facts. (--asan runs it all under ASan+UBSan:
# 12 minutes, not in make test.)
TESTS += test-jhdf
NEEDS_test-jhdf := 
.PHONY: test-jhdf
test-jhdf: mmapcol
	@if $(PYTHON) -c 'import h5py' 2>/dev/null; then $(PYTHON) tests/check_jhdf.py --mmapcol ./mmapcol; \
	elif [ "$$CI" = "true" ]; then echo "test-jhdf: h5py missing in CI" >&2; exit 1; \
	else echo "*** test-jhdf: h5py not found: jHDF files not compared ***"; fi
