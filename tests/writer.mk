# Writer interoperability tests (issue 2). Included by the Makefile.
#   test-write-interop  C generator (every type, rank, attribute, name, table kind, threads,
#                       NO_MMAP, 10,000 columns) + tests/check_write.py: h5py, h5dump, h5ls,
#                       h5diff (h5py twin), PyTables, h5wasm (libhdf5 via wasm, node)
#   test-write-big      a > 4 GiB sparse file with columns over 2^31 rows, read back by h5py
#   test-write-fail     RLIMIT_FSIZE, full tmpfs (or io_hook ENOSPC), io_hook errors at every op
#   test-write-asan     the generator and the failure test under ASan + UBSan
TESTS += test-write-interop test-write-big test-write-fail test-write-asan
# what each group needs beyond cc and make (tests/needs.sh; skipped without it unless CI=true)
NEEDS_test-write-interop := py asan
NEEDS_test-write-big := asan py
NEEDS_test-write-fail := asan
NEEDS_test-write-asan := asan

H5WASM_DIR := $(B)/npm
H5WASM_JS  := $(H5WASM_DIR)/node_modules/h5wasm/dist/node/hdf5_hl.js
WI_DIR     := $(B)/write_interop

.PHONY: test-write-interop test-write-big test-write-fail test-write-asan h5wasm

$(B)/test_write_interop: tests/test_write_interop.c hdf5lite.h libhdf5lite.a | $(B)
	$(CC) $(TEST_CFLAGS) -o $@ tests/test_write_interop.c libhdf5lite.a -lpthread -lm

$(B)/test_write_fail: tests/test_write_fail.c hdf5lite.h libhdf5lite.a | $(B)
	$(CC) $(TEST_CFLAGS) -o $@ tests/test_write_fail.c libhdf5lite.a -lpthread -lm

# h5wasm from npm into build/ (ignored by git). Failure to install is reported by
# tests/check_tools.py: fatal with CI=true, a loud warning otherwise.
$(H5WASM_JS): tests/package.json
	@mkdir -p $(H5WASM_DIR)
	@cp tests/package.json $(H5WASM_DIR)/package.json
	-cd $(H5WASM_DIR) && npm install --no-audit --no-fund --loglevel=error
	@test -f $@ && touch $@ || true

h5wasm: $(H5WASM_JS)

test-write-interop: $(B)/test_write_interop
	-@$(MAKE) --no-print-directory h5wasm
	@$(PYTHON) tests/check_tools.py $(H5WASM_JS)
	@rm -rf $(WI_DIR) && mkdir -p $(WI_DIR)
	$(B)/test_write_interop $(WI_DIR)
	$(PYTHON) tests/check_write.py $(WI_DIR) --h5wasm $(H5WASM_JS)

test-write-big: $(B)/test_write_interop
	-@$(MAKE) --no-print-directory h5wasm
	@rm -rf $(WI_DIR)-big && mkdir -p $(WI_DIR)-big
	$(B)/test_write_interop $(WI_DIR)-big --only big
	$(PYTHON) tests/check_write.py $(WI_DIR)-big --h5wasm $(H5WASM_JS); st=$$?; rm -rf $(WI_DIR)-big; exit $$st

test-write-fail: $(B)/test_write_fail
	@rm -rf $(B)/write_fail
	$(B)/test_write_fail $(B)/write_fail

$(B)/test_write_interop.asan: tests/test_write_interop.c $(LIB_DEPS) | $(B)
	$(ASAN_CC) $(ASAN_FLAGS) -o $@ tests/test_write_interop.c hdf5lite.c -lpthread -lm

$(B)/test_write_fail.asan: tests/test_write_fail.c $(LIB_DEPS) | $(B)
	$(ASAN_CC) $(ASAN_FLAGS) -o $@ tests/test_write_fail.c hdf5lite.c -lpthread -lm

test-write-asan: $(B)/test_write_interop.asan $(B)/test_write_fail.asan
	@rm -rf $(B)/write_asan && mkdir -p $(B)/write_asan
	$(B)/test_write_interop.asan $(B)/write_asan
	$(B)/test_write_fail.asan $(B)/write_asan/fail
	@rm -rf $(B)/write_asan
