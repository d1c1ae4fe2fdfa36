# Reader core tests (issue 3): fixtures written by h5py/PyTables, compared
# fact by fact through the public API; then bad input and mutated files.
# Built twice: normal and with ASan+UBSan.
TESTS += test-read
# what each group needs beyond cc and make (tests/needs.sh; skipped without it unless CI=true)
NEEDS_test-read := asan

READ_FIX := $(B)/read_fixtures
READ_MUTATE := small_earliest.h5 small_latest.h5 small_track.h5 odd_sizes.h5 earliest.h5 latest.h5 track.h5 pytables.h5

$(B)/test_read: tests/test_read.c $(LIB_DEPS) | $(B)
	$(CC) $(TEST_CFLAGS) -o $@ tests/test_read.c hdf5lite.c

$(B)/test_read_asan: tests/test_read.c $(LIB_DEPS) | $(B)
	$(ASAN_CC) $(ASAN_FLAGS) -o $@ tests/test_read.c hdf5lite.c

.PHONY: test-read read-fixtures
read-fixtures: | $(B)
	@if ! $(PYTHON) -c 'import h5py, numpy' 2>/dev/null; then \
	  if [ "$$CI" = "true" ]; then echo "test-read: FAIL: $(PYTHON) cannot import h5py (required in CI)"; exit 1; fi; \
	  echo "********** test-read: SKIPPED fixture generation: $(PYTHON) has no h5py **********"; \
	  rm -rf $(READ_FIX); mkdir -p $(READ_FIX); : > $(READ_FIX)/list.txt; \
	else \
	  $(PYTHON) tests/gen_read_fixtures.py $(READ_FIX) ../shared/corpus/vaex > /dev/null || exit 1; \
	fi

test-read: $(B)/test_read $(B)/test_read_asan read-fixtures
	@if [ ! -s $(READ_FIX)/list.txt ]; then echo "********** test-read: SKIPPED (no fixtures) **********"; exit 0; fi; \
	set -e; \
	mut=""; for m in $(READ_MUTATE); do [ -f $(READ_FIX)/$$m ] && mut="$$mut $(READ_FIX)/$$m"; done; \
	$(B)/test_read $(READ_FIX)/list.txt $$mut; \
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	  $(B)/test_read_asan $(READ_FIX)/list.txt $$mut; \
	echo "test-read: passed"

# The reader test also runs under valgrind (tests/valgrind.sh, make test-valgrind).
VALGRIND_TESTS += $(B)/test_read $(READ_FIX)/list.txt;
test-valgrind: $(B)/test_read read-fixtures
