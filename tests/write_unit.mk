# Writer unit tests (hdf5lite.c sections 4 and 6): API errors, injected OS
# failures at every operation, allocation failures at every allocation; built
# plain and with ASan/UBSan. Also builds examples/write_table.c and checks
# the file it writes is a valid HDF5 file (h5py when available).
TESTS += test-write-unit
# what each group needs beyond cc and make (tests/needs.sh; skipped without it unless CI=true)
NEEDS_test-write-unit := asan

$(B)/test_write_unit: tests/test_write_unit.c $(LIB_DEPS) | $(B)
	$(CC) $(TEST_CFLAGS) -o $@ tests/test_write_unit.c hdf5lite.c -lpthread

$(B)/test_write_unit_asan: tests/test_write_unit.c $(LIB_DEPS) | $(B)
	$(ASAN_CC) $(ASAN_FLAGS) -o $@ tests/test_write_unit.c hdf5lite.c -lpthread

$(B)/write_table: examples/write_table.c $(LIB_DEPS) | $(B)
	$(CC) $(TEST_CFLAGS) -o $@ examples/write_table.c hdf5lite.c

# The quick start at the top of hdf5lite.h, as a program.
$(B)/quickstart: examples/quickstart.c $(LIB_DEPS) | $(B)
	$(CC) $(TEST_CFLAGS) -o $@ examples/quickstart.c hdf5lite.c

.PHONY: test-write-unit
test-write-unit: $(B)/test_write_unit $(B)/test_write_unit_asan $(B)/write_table $(B)/quickstart
	@rm -rf $(B)/write_unit_tmp $(B)/write_unit_tmp_asan
	cd $(B) && ./quickstart quickstart.hdf5
	$(B)/test_write_unit $(B)/write_unit_tmp
	$(B)/test_write_unit_asan $(B)/write_unit_tmp_asan
	cd $(B) && ./write_table example_table.hdf5
	@if $(PYTHON) -c 'import h5py' 2>/dev/null; then \
	  $(PYTHON) -c 'import h5py,numpy as n; f=h5py.File("$(B)/example_table.hdf5","r"); c=f["table/columns"]; \
assert c.attrs["column_order"]=="id,price,name", c.attrs["column_order"]; \
assert list(c["id/data"][:])==[1,2,3,4]; assert c["price/null_bitmap"][0]==0b1011; \
assert bytes(c["name/data"][:].tobytes())==b"applepearfig"; assert list(c["name/indices"][:])==[0,5,9,9,12]; \
print("example_table.hdf5: read back by h5py")'; \
	elif [ "$$CI" = "true" ]; then echo "test-write-unit: h5py missing in CI" >&2; exit 1; \
	else echo "*** test-write-unit: h5py not found, example output not checked ***"; fi

# The writer unit test also runs under valgrind (tests/valgrind.sh, make test-valgrind).
VALGRIND_TESTS += $(B)/test_write_unit $(B)/valgrind/write_unit_tmp;
test-valgrind: $(B)/test_write_unit
