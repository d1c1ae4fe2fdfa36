# Typed reads (issue 19): h5l_dataset_read_as / h5l_column_read_as /
# h5l_attr_read_as / h5l_attr_read_double / _int64 against the conversion
# model tests/gen_typed.py checks against libhdf5 (h5py's astype): every
# numeric source type (little/big-endian, float16, bool) x every memory
# type, contiguous and chunked+gzip, clamped and not; plain and ASan+UBSan.
TESTS += test-typed
# what each group needs beyond cc and make (tests/needs.sh; skipped without it unless CI=true)
NEEDS_test-typed := py asan

$(B)/test_typed: tests/test_typed.c $(LIB_DEPS) | $(B)
	$(CC) $(TEST_CFLAGS) -o $@ tests/test_typed.c hdf5lite.c -lpthread

$(B)/test_typed_asan: tests/test_typed.c $(LIB_DEPS) | $(B)
	$(ASAN_CC) $(ASAN_FLAGS) -o $@ tests/test_typed.c hdf5lite.c -lpthread

.PHONY: test-typed
test-typed: $(B)/test_typed $(B)/test_typed_asan
	$(PYTHON) tests/gen_typed.py $(B)/typed.h5
	$(B)/test_typed $(B)/typed.h5 $(B)/typed_w.h5
	$(B)/test_typed_asan $(B)/typed.h5 $(B)/typed_w_asan.h5
	$(PYTHON) -c "import h5py, numpy as np, sys; f = h5py.File(sys.argv[1], 'r'); c = f['table/columns']; \
	  assert c['narrow/indices'].dtype == np.int32 and c['wide/indices'].dtype == np.int64, 'offset dtypes'; \
	  assert list(c['wide/indices'][:]) == [0, 2, 4, 6] and c['wide/data'][:].tobytes() == b'abcdef'; \
	  print('test-typed: h5py reads int32 and int64 (H5L_COL_OFFSETS64) string offsets')" $(B)/typed_w.h5
