# The command-by-command allocation audit (issue 15, point 7): every mmapcol
# read command over tests/regress's HDF5 files, valid files (mmapcol import;
# with h5py tests/gen_corpus.py, tests/gen_chunked.py and
# tests/gen_alloc_audit.py's small files that declare hundreds of MB) and
# mutants, under an LD_PRELOAD shim (tests/alloc_audit.c) that refuses and
# logs any single request over 64 MiB + 1100 x the file's size (the cap is
# explained in tests/alloc_audit.sh). Fails on such a request, a crash, an
# exit outside 0..4 or a timeout. Linux + glibc only (skipped elsewhere
# unless CI=true); without h5py it runs on the rest (a failure if CI=true).
TESTS += test-alloc-audit
# what each group needs beyond cc and make (tests/needs.sh; skipped without it unless CI=true)
NEEDS_test-alloc-audit :=

$(B)/alloc_audit.so: tests/alloc_audit.c | $(B)
	$(CC) $(WARN) -O2 -g -shared -fPIC -o $@ tests/alloc_audit.c

.PHONY: test-alloc-audit
test-alloc-audit: mmapcol $(B)/alloc_audit.so
	@PYTHON=$(PYTHON) bash tests/alloc_audit.sh ./mmapcol $(B)/alloc_audit.so $(B)/alloc_audit
