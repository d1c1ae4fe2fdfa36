# tests/robust.mk — robustness tests (issue 5): regression replay through the
# fuzz targets, malformed files, failure injection, crash, cppcheck, valgrind.
# Binaries: ASan + UBSan ($(ASAN_CC) $(ASAN_FLAGS)) under $(B)/robust.
# Uses rules of fuzz/fuzz.mk (seeds, replay binaries).

TESTS += test-fuzz-regress test-malformed test-anomaly test-crash test-cppcheck test-valgrind test-pathread
# what each group needs beyond cc and make (tests/needs.sh; skipped without it unless CI=true)
NEEDS_test-fuzz-regress := asan codecs libhdf5
NEEDS_test-malformed := asan
NEEDS_test-anomaly := asan
NEEDS_test-crash := asan
NEEDS_test-cppcheck := cppcheck
NEEDS_test-valgrind := valgrind
NEEDS_test-pathread := asan
.PHONY: test-fuzz-regress test-malformed test-anomaly test-crash test-cppcheck test-valgrind test-pathread

ROBUST_OUT := $(B)/robust
ROBUST_HDRS  := fuzz/walk.h fuzz/countalloc.h fuzz/tablegen.h fuzz/csum.h
ROBUST_SEEDS := $(B)/seeds

$(ROBUST_OUT)/%: tests/%.c $(ROBUST_HDRS) $(LIB_DEPS)
	@mkdir -p $(ROBUST_OUT)
	$(ASAN_CC) $(ASAN_FLAGS) -DTEST_SANITIZED -o $@ $< hdf5lite.c

# Regression inputs (and the seed corpus) through the three fuzz targets.
# The ~20 ASan replay binaries each compile hdf5lite.c: built JOBS at a time.
REPLAY_BINS := $(B)/fuzz/replay_fuzz_read $(B)/fuzz/replay_fuzz_roundtrip $(B)/fuzz/replay_fuzz_write $(B)/fuzz/replay_fuzz_append \
               $(B)/fuzz/replay_fuzz_repack \
               $(addprefix $(B)/fuzz/replay_,$(FUZZ_CODECS))
test-fuzz-regress:
	@$(MAKE) --no-print-directory -j$(JOBS) $(REPLAY_BINS) $(ROBUST_SEEDS)/.stamp
	@$(B)/fuzz/replay_fuzz_read -q tests/regress/read $(ROBUST_SEEDS)
	@$(B)/fuzz/replay_fuzz_roundtrip -q tests/regress/roundtrip
	@$(B)/fuzz/replay_fuzz_write -q tests/regress/write
	@$(B)/fuzz/replay_fuzz_append -q tests/regress/append
	@$(B)/fuzz/replay_fuzz_repack -q tests/regress/repack
	@for t in $(FUZZ_CODECS); do $(B)/fuzz/replay_$$t -q tests/regress/$${t#fuzz_} || exit 1; done
	@echo "test-fuzz-regress: passed"

# Full coverage (every truncation, every metadata byte x3) of five small files
# from h5py (earliest, latest + compact layout, track_order, empty) and
# hdf5lite; every K-th position of bigger ones (vaex corpus, h5py tables,
# dense attributes, user block, hdf5lite representative table).
MALFORMED_FULL   := h5py_one_dataset.h5 h5py_compact.h5 h5py_empty_latest.h5 mal_track_order.h5 h5l_small.h5
MALFORMED_SAMPLE := h5py_latest_table.h5 h5py_earliest_table.h5 h5py_dense_attrs.h5 h5py_many_latest.h5 \
                    h5py_userblock.h5 h5l_representative.h5 iris.hdf5 sample_names_1.hdf5
MALFORMED_STRIDE ?= 13
test-malformed: $(ROBUST_OUT)/test_malformed $(ROBUST_SEEDS)/.stamp
	@full=""; sample=""; missing=""; \
	for f in $(MALFORMED_FULL); do if [ -f $(ROBUST_SEEDS)/$$f ]; then full="$$full $(ROBUST_SEEDS)/$$f"; else missing="$$missing $$f"; fi; done; \
	for f in $(MALFORMED_SAMPLE); do if [ -f $(ROBUST_SEEDS)/$$f ]; then sample="$$sample $(ROBUST_SEEDS)/$$f"; else missing="$$missing $$f"; fi; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$CI" = "true" ]; then echo "test-malformed: FAIL: missing inputs:$$missing (CI=true)"; exit 1; fi; \
	  echo "test-malformed: WARNING — inputs missing (no h5py or vaex corpus?):$$missing"; fi; \
	$(ROBUST_OUT)/test_malformed -c 20 -t 600 -o $(B)/malformed-failure.h5 -s 1 $$full -s $(MALFORMED_STRIDE) $$sample

# A mapped file copies the nodes of large symbol-table groups in with pread;
# from memory they are read in place: corrupted nodes, truncations and
# failed allocations must give the same results both ways (hdf5lite's
# layout, and libhdf5's via h5py's 1500-link fixture).
PATHREAD_FILE := $(READ_FIX)/many_earliest.h5
test-pathread: $(ROBUST_OUT)/test_pathread read-fixtures
	@rm -rf $(B)/pathread; mkdir -p $(B)/pathread
	@if [ -f $(PATHREAD_FILE) ]; then f=$(PATHREAD_FILE); \
	elif [ "$$CI" = "true" ]; then echo "test-pathread: FAIL: $(PATHREAD_FILE) missing (CI=true)"; exit 1; \
	else f=""; echo "********** test-pathread: no h5py fixture: hdf5lite's layout only **********"; fi; \
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	$(ROBUST_OUT)/test_pathread $(B)/pathread 600 $$f

test-anomaly: $(ROBUST_OUT)/test_anomaly $(ROBUST_SEEDS)/.stamp
	@rm -rf $(B)/anomaly
	@args=""; for f in h5py_earliest.h5 h5py_latest.h5 h5py_dense_attrs.h5 h5py_many_latest.h5 h5py_many_track_order.h5 \
	  h5l_representative.h5 iris.hdf5; do \
	  if [ -f $(ROBUST_SEEDS)/$$f ]; then args="$$args -r $(ROBUST_SEEDS)/$$f"; \
	  elif [ "$$CI" = "true" ]; then echo "test-anomaly: FAIL: missing $$f (CI=true)"; exit 1; \
	  else echo "test-anomaly: WARNING — $$f missing, skipped"; fi; done; \
	$(ROBUST_OUT)/test_anomaly -d $(B)/anomaly -w 100 $$args

test-crash: $(ROBUST_OUT)/test_crash
	@rm -rf $(B)/crash
	@$(ROBUST_OUT)/test_crash -d $(B)/crash -n 30 -r 200000
	@$(ROBUST_OUT)/test_crash -d $(B)/crash -n 15 -r 200000 -N

test-cppcheck:
	@sh tests/cppcheck.sh

test-valgrind: $(ROBUST_SEEDS)/.stamp
	@B=$(B) CC="$(CC)" SEEDS=$(ROBUST_SEEDS) VALGRIND_TESTS="$(VALGRIND_TESTS)" sh tests/valgrind.sh
