# Codec round trips (issue 14): every on-disk structure's encoder and decoder
# (hdf5lite.c section 2) against each other over a wide set of values, and
# decode + re-encode of the structures in real files -- h5py's and PyTables'
# (tests/gen_corpus.py), vaex's, and the writer's own -- byte for byte where
# the format leaves no choice. Built with -DH5L_DEBUG: every encoder asserts
# it wrote the size it announced. Plain and under ASan + UBSan.
# tests/codec_mutants.sh then breaks one encoder or decoder at a time and
# checks that the test fails on each.
TESTS += test-codec
# what each group needs beyond cc and make (tests/needs.sh; skipped without it unless CI=true)
NEEDS_test-codec := asan

CODEC_CORPUS := $(B)/codec_corpus
CODEC_FLAGS := -Wno-unused-function -DH5L_DEBUG

$(B)/test_codec: tests/test_codec.c $(LIB_DEPS) | $(B)
	$(CC) $(TEST_CFLAGS) $(CODEC_FLAGS) -o $@ tests/test_codec.c -lm

$(B)/test_codec_asan: tests/test_codec.c $(LIB_DEPS) | $(B)
	$(ASAN_CC) $(ASAN_FLAGS) $(CODEC_FLAGS) -o $@ tests/test_codec.c -lm

.PHONY: test-codec
test-codec: $(B)/test_codec $(B)/test_codec_asan
	@rm -rf $(CODEC_CORPUS) && mkdir -p $(CODEC_CORPUS)
	@if $(PYTHON) -c 'import h5py, tables' 2>/dev/null; then \
	  $(PYTHON) tests/gen_corpus.py $(CODEC_CORPUS) > /dev/null 2> $(CODEC_CORPUS)/gen.log || { cat $(CODEC_CORPUS)/gen.log; exit 1; }; \
	elif [ "$$CI" = "true" ]; then echo "test-codec: h5py/PyTables missing in CI" >&2; exit 1; \
	else echo "*** test-codec: h5py or PyTables not found: real files other than vaex's and the writer's not checked ***"; fi
	CODEC_OWN_FILE=$(CODEC_CORPUS)/own.h5 sh tests/run_tail.sh 4 $(B)/test_codec $(CODEC_CORPUS)/*.h5 $(wildcard $(VAEX_CORPUS)/*.hdf5)
	ASAN_OPTIONS=detect_leaks=1 CODEC_OWN_FILE=$(CODEC_CORPUS)/own_asan.h5 sh tests/run_tail.sh 1 $(B)/test_codec_asan $(CODEC_CORPUS)/*.h5
	CC="$(CC)" sh tests/codec_mutants.sh $(B)/codec_mutants
