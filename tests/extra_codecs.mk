# The codecs of issue 17 -- LZ4, bitshuffle, Blosc, Zstandard -- and the
# filter hook. tests/check_extra_codecs.py makes files with h5py + hdf5plugin
# (Debian's LZ4 and Blosc plugins), PyTables (every blosc:* complib, bzip2)
# and, for Zstandard and bitshuffle that Debian has no plugin for, chunks
# made with libzstd / liblz4 and stored with write_direct_chunk; mmapcol
# reads them all against h5py and against uncompressed twins, plain and
# under ASan + UBSan; broken chunks; the bzip2 hook example against h5py;
# a build with -DH5L_NO_EXTRA_CODECS refusing each codec by name.
TESTS += test-extra-codecs
# what each group needs beyond cc and make (tests/needs.sh; skipped without it unless CI=true)
NEEDS_test-extra-codecs := asan bz2
XC_DIR := $(B)/extra_codecs

$(B)/bzip2_hook: examples/bzip2_hook.c $(LIB_DEPS) | $(B)
	$(CC) $(TEST_CFLAGS) -o $@ examples/bzip2_hook.c hdf5lite.c -lbz2 -lpthread

$(B)/mmapcol_minimal: mmapcol.c $(LIB_DEPS) | $(B)
	$(CC) $(WARN) -O1 -DH5L_NO_EXTRA_CODECS -o $@ mmapcol.c hdf5lite.c -lpthread -lm

.PHONY: test-extra-codecs
test-extra-codecs: mmapcol $(B)/mmapcol_asan $(B)/bzip2_hook $(B)/mmapcol_minimal
	@if $(PYTHON) -c 'import h5py, tables, hdf5plugin' 2>/dev/null; then \
	  rm -rf $(XC_DIR) && \
	  $(PYTHON) tests/check_extra_codecs.py --mmapcol ./mmapcol --asan $(B)/mmapcol_asan --dir $(XC_DIR) \
	    --bzip2 $(B)/bzip2_hook --minimal $(B)/mmapcol_minimal; \
	elif [ "$$CI" = "true" ]; then echo "test-extra-codecs: h5py / PyTables / hdf5plugin missing in CI" >&2; exit 1; \
	else echo "*** test-extra-codecs: h5py, PyTables or hdf5plugin not found: codecs not checked against them ***"; fi
