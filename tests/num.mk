# mmapcol's number section (issue 19): shortest float64/32/16 text and exact
# parsing, our own.
#   test-num   tests/test_num.c against Python's repr / numpy (every float16,
#              200,000 float64 and float32, exact halfway texts from Decimal)
#              and glibc (2M random values each way); plain, ASan+UBSan,
#              without __int128, and on s390x (big-endian) and armhf (32-bit)
#              under qemu when their compilers are installed (required in CI);
#              the embedded tables against tests/gen_num_tables.py.
TESTS += test-num
# what each group needs beyond cc and make (tests/needs.sh; skipped without it unless CI=true)
NEEDS_test-num := py asan

$(B)/test_num: tests/test_num.c mmapcol.c $(LIB_DEPS) | $(B)
	$(CC) $(WARN) -O2 -g -I. -o $@ tests/test_num.c hdf5lite.c -lpthread -lm

$(B)/test_num_asan: tests/test_num.c mmapcol.c $(LIB_DEPS) | $(B)
	$(ASAN_CC) $(ASAN_FLAGS) -o $@ tests/test_num.c hdf5lite.c -lpthread -lm

$(B)/test_num_noi128: tests/test_num.c mmapcol.c $(LIB_DEPS) | $(B)
	$(CC) $(WARN) -O2 -DMC_NO_INT128 -I. -o $@ tests/test_num.c hdf5lite.c -lpthread -lm

$(B)/num_cases.txt: tests/gen_num_cases.py | $(B)
	$(PYTHON) tests/gen_num_cases.py 200000 > $@.tmp && mv $@.tmp $@

.PHONY: test-num
test-num: $(B)/test_num $(B)/test_num_asan $(B)/test_num_noi128 $(B)/num_cases.txt
	$(PYTHON) tests/gen_num_tables.py --check mmapcol.c
	$(B)/test_num $(B)/num_cases.txt 2000000
	$(B)/test_num_asan $(B)/num_cases.txt 100000
	$(B)/test_num_noi128 $(B)/num_cases.txt 300000
	@head -30000 $(B)/num_cases.txt > $(B)/num_cases_small.txt; grep -E '^(F16|P64)' $(B)/num_cases.txt | head -80000 >> $(B)/num_cases_small.txt
	@for t in s390x:s390x-linux-gnu-gcc:qemu-s390x armhf:arm-linux-gnueabihf-gcc:qemu-arm; do \
	  a=$${t%%:*}; r=$${t#*:}; cc=$${r%%:*}; q=$${r#*:}; \
	  if command -v $$cc > /dev/null && command -v $$q > /dev/null; then \
	    $$cc $(WARN) -O2 -static -I. -o $(B)/test_num_$$a tests/test_num.c hdf5lite.c -lpthread -lm && \
	    echo "test-num on $$a:" && $$q $(B)/test_num_$$a $(B)/num_cases_small.txt 20000 || exit 1; \
	  elif [ "$$CI" = "true" ]; then echo "test-num: $$cc or $$q missing in CI"; exit 1; \
	  else echo "*** test-num: $$cc or $$q missing: the $$a run is SKIPPED ***"; fi; done
