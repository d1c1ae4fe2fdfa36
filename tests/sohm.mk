# Shared object header messages (files written with H5Pset_shared_mesg_nindexes),
# an unsupported layout version, and corrupt SOHM tables: mmapcol ls/check/table
# compared with h5py, exact exit codes and stderr lines.
TESTS += test-sohm
# what each group needs beyond cc and make (tests/needs.sh; skipped without it unless CI=true)
NEEDS_test-sohm := py libhdf5 pkgconfig
.PHONY: test-sohm
test-sohm: mmapcol
	@pkg-config --exists hdf5-serial || { if [ "$$CI" = "true" ]; then echo "test-sohm: FAIL: libhdf5-dev missing (CI=true)"; exit 1; fi; echo "test-sohm: SKIPPED (no libhdf5-dev)"; exit 0; }
	@rm -rf $(B)/sohm && PYTHON=$(PYTHON) sh tests/test_sohm_walk.sh ./mmapcol $(B)/sohm
