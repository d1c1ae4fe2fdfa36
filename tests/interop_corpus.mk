# Reader interop on files from other writers (issue 3: "judged on files no test
# here has seen").
#   test-interop-corpus
# what each group needs beyond cc and make (tests/needs.sh; skipped without it unless CI=true)
NEEDS_test-interop-corpus := asan
#     1. builds tests/gen_capi_corpus.c against libhdf5 (pkg-config hdf5-serial,
#        else hdf5) and writes $(B)/interop/capi/ ; installs h5wasm (libhdf5 2.0
#        in wasm) with npm into $(B)/npm when missing and runs
#        tests/gen_h5wasm_corpus.mjs into $(B)/interop/h5wasm/ ;
#     2. tests/compare_views.py --mmapcol ./mmapcol over every file h5py can view
#        (ls, cat of every dataset, attrs of every object, table);
#     3. the files h5py cannot view (extra/: references, time, undefined fill,
#        opaque attributes, libver v112..latest written by libhdf5 2.0): the
#        libver files must give the same ls (all fields but the offset), cat and
#        attrs as their v110 twin, which step 2 verified against h5py;
#     4. ASan+UBSan mmapcol over every file: `check` must exit 0, `ls` must exit
#        0, and cat/attrs of the first $(INTEROP_SWEEP_MAX) objects of each file
#        must exit 0 or 3 (unsupported) with no sanitizer report.
#   Every part runs; the target fails at the end if any part failed.
#   Missing libhdf5/pkg-config, node/npm or h5py: a loud SKIP of that part;
#   with CI=true a failure.
TESTS += test-interop-corpus

INTEROP_DIR       := $(B)/interop
INTEROP_NPM       := $(B)/npm
INTEROP_H5WASM    := $(INTEROP_NPM)/node_modules/h5wasm/dist/node/hdf5_hl.js
INTEROP_SWEEP_MAX ?= 40
HDF5_PC := $(shell pkg-config --exists hdf5-serial 2>/dev/null && echo hdf5-serial || \
                   (pkg-config --exists hdf5 2>/dev/null && echo hdf5))

.PHONY: test-interop-corpus interop-corpus

$(B)/gen_capi_corpus: tests/gen_capi_corpus.c | $(B)
	@if [ -z "$(HDF5_PC)" ]; then echo "gen_capi_corpus: libhdf5 (pkg-config hdf5-serial / hdf5) not found" >&2; exit 1; fi
	$(CC) $(WARN) -O1 -g -o $@ tests/gen_capi_corpus.c $$(pkg-config --cflags --libs $(HDF5_PC))

# Generate both corpora; a missing generator tool is a loud skip (a failure in CI).
interop-corpus: | $(B)
	@rm -rf $(INTEROP_DIR) && mkdir -p $(INTEROP_DIR)/capi/extra $(INTEROP_DIR)/h5wasm/extra
	@if [ -n "$(HDF5_PC)" ]; then \
	  $(MAKE) --no-print-directory $(B)/gen_capi_corpus && $(B)/gen_capi_corpus $(INTEROP_DIR)/capi || exit 1; \
	elif [ "$$CI" = true ]; then echo "test-interop-corpus: FAIL: libhdf5 C API (pkg-config hdf5-serial) not installed" >&2; exit 1; \
	else echo "********** test-interop-corpus: libhdf5 C API not found: C API corpus SKIPPED **********"; fi
	@if ! command -v node >/dev/null 2>&1; then \
	  if [ "$$CI" = true ]; then echo "test-interop-corpus: FAIL: node not installed" >&2; exit 1; fi; \
	  echo "********** test-interop-corpus: node not found: h5wasm corpus SKIPPED **********"; exit 0; fi; \
	if [ ! -f $(INTEROP_H5WASM) ]; then \
	  npm install --no-audit --no-fund --prefix $(INTEROP_NPM) h5wasm >/dev/null 2>&1 || \
	  { if [ "$$CI" = true ]; then echo "test-interop-corpus: FAIL: npm install h5wasm failed" >&2; exit 1; fi; \
	    echo "********** test-interop-corpus: npm install h5wasm failed: h5wasm corpus SKIPPED **********"; exit 0; }; fi; \
	node tests/gen_h5wasm_corpus.mjs $(INTEROP_H5WASM) $(INTEROP_DIR)/h5wasm

test-interop-corpus: mmapcol $(B)/mmapcol_asan
	@$(MAKE) --no-print-directory interop-corpus
	@main=$$(ls $(INTEROP_DIR)/capi/*.h5 $(INTEROP_DIR)/h5wasm/*.h5 2>/dev/null); \
	if [ -z "$$main" ]; then echo "********** test-interop-corpus: no corpus generated: SKIPPED **********"; exit 0; fi; \
	if $(PYTHON) -c 'import h5py' 2>/dev/null; then \
	  echo "test-interop-corpus: compare_views over $$(echo $$main | wc -w) files"; \
	  $(PYTHON) tests/compare_views.py --mmapcol ./mmapcol $$main || echo "compare_views with h5py" >> $(INTEROP_DIR)/FAILED; \
	elif [ "$$CI" = true ]; then echo "test-interop-corpus: FAIL: h5py not installed" >&2; exit 1; \
	else echo "********** test-interop-corpus: h5py not found: comparison with h5py SKIPPED **********"; fi
	@# 3. libver v112..latest files (libhdf5 2.0) against their v110 twins
	@fail=0; tmp=$(INTEROP_DIR)/twin.tmp; \
	for pair in v112:v110_small v114:v110_small v200:v110_small latest:v110; do \
	  e=$(INTEROP_DIR)/h5wasm/extra/h5wasm_$${pair%%:*}.h5; t=$(INTEROP_DIR)/h5wasm/h5wasm_$${pair#*:}.h5; \
	  [ -f "$$e" ] && [ -f "$$t" ] || continue; \
	  ./mmapcol ls "$$e" > $$tmp.e 2>$$tmp.err; r=$$?; if [ $$r -ne 0 ]; then \
	    echo "FAIL twin $$(basename $$e): ls: exit $$r: $$(head -c 300 $$tmp.err)"; fail=$$((fail+1)); continue; fi; \
	  ./mmapcol ls "$$t" > $$tmp.t || { echo "FAIL twin $$(basename $$t): ls"; fail=$$((fail+1)); continue; }; \
	  cut -f1-5 $$tmp.t > $$tmp.t5; cut -f1-5 $$tmp.e > $$tmp.e5; \
	  if ! cmp -s $$tmp.t5 $$tmp.e5; then \
	    echo "FAIL twin $$(basename $$e): ls differs from $$(basename $$t):"; diff $$tmp.t5 $$tmp.e5 | head -20; fail=$$((fail+1)); continue; fi; \
	  while IFS="$$(printf '\t')" read -r p kind rest; do \
	    case $$kind in dataset) cmds="cat attrs";; group|datatype) cmds="attrs";; *) cmds="";; esac; \
	    for c in $$cmds; do \
	      ./mmapcol $$c "$$t" "$$p" > $$tmp.o1 2>&1; r1=$$?; ./mmapcol $$c "$$e" "$$p" > $$tmp.o2 2>&1; r2=$$?; \
	      if [ $$r1 -ne $$r2 ] || { [ $$r1 -eq 0 ] && ! cmp -s $$tmp.o1 $$tmp.o2; }; then \
	        echo "FAIL twin $$(basename $$e): $$c $$p: exit $$r2 vs $$r1 for $$(basename $$t)"; head -c 300 $$tmp.o2; echo; fail=$$((fail+1)); fi; \
	    done; \
	  done < $$tmp.t5; \
	  echo "twin $$(basename $$e) vs $$(basename $$t): checked"; \
	done; rm -f $$tmp.*; [ $$fail -eq 0 ] || echo "$$fail libver twin comparisons" >> $(INTEROP_DIR)/FAILED
	@# 4. ASan+UBSan sweep
	@fail=0; n=0; tmp=$(INTEROP_DIR)/sweep.tmp; \
	for f in $$(ls $(INTEROP_DIR)/capi/*.h5 $(INTEROP_DIR)/capi/extra/*.h5 $(INTEROP_DIR)/h5wasm/*.h5 $(INTEROP_DIR)/h5wasm/extra/*.h5 2>/dev/null); do \
	  for c in check ls; do \
	    n=$$((n+1)); $(B)/mmapcol_asan $$c "$$f" > $$tmp.$$c 2>$$tmp.err; r=$$?; \
	    if [ $$r -ne 0 ] || grep -q 'Sanitizer\|runtime error' $$tmp.err; then \
	      echo "FAIL asan $$c $$f: exit $$r: $$(head -c 400 $$tmp.err)"; fail=$$((fail+1)); fi; \
	  done; \
	  head -n $(INTEROP_SWEEP_MAX) $$tmp.ls > $$tmp.objs; \
	  while IFS="$$(printf '\t')" read -r p kind rest; do \
	    case $$kind in dataset) cmds="cat attrs";; group|datatype) cmds="attrs";; *) cmds="";; esac; \
	    for c in $$cmds; do \
	      n=$$((n+1)); $(B)/mmapcol_asan $$c "$$f" "$$p" > /dev/null 2>$$tmp.err; r=$$?; \
	      if { [ $$r -ne 0 ] && [ $$r -ne 3 ]; } || grep -q 'Sanitizer\|runtime error' $$tmp.err; then \
	        echo "FAIL asan $$c $$f $$p: exit $$r: $$(head -c 400 $$tmp.err)"; fail=$$((fail+1)); fi; \
	    done; \
	  done < $$tmp.objs; \
	done; rm -f $$tmp.*; echo "test-interop-corpus: ASan sweep: $$n calls, $$fail failures"; \
	[ $$fail -eq 0 ] || echo "$$fail ASan sweep calls" >> $(INTEROP_DIR)/FAILED
	@if [ -s $(INTEROP_DIR)/FAILED ]; then echo "test-interop-corpus: FAILED:" >&2; sed 's/^/  /' $(INTEROP_DIR)/FAILED >&2; exit 1; fi
	@echo "test-interop-corpus: passed"
