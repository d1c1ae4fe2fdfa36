# fuzz/fuzz.mk — fuzz targets (issue 5). Included by the Makefile.
#   make fuzz FUZZ_SECONDS=N   build the libFuzzer targets (clang
#                              -fsanitize=fuzzer,address,undefined) and run each
#                              for N seconds on its corpus, seeded by make seeds
#   make fuzz-build            only build them
#   make fuzz-replay           replay tests/regress/* and the seeds (ASan+UBSan, no libFuzzer)
#   make fuzz-afl              build with afl-clang-fast and run afl-fuzz N seconds per target
#   make seeds                 $(B)/seeds: h5py files (fuzz/gen_seeds.py) + hdf5lite files (seed_writer)
# FUZZ_EXTRA adds libFuzzer flags (e.g. -jobs=2 -workers=2, -dict=...).
# Targets: fuzz_read (open + walk everything, chunked data decoded too),
# fuzz_roundtrip (tables: write, read back, compare), fuzz_write (general
# writer API: groups, datasets, attributes; write, read back, compare),
# fuzz_append (mutated files with extendible datasets: append, commit, read
# back old and new rows; issue 16); fuzz_deflate (the encoder: round trip
# through zlib and hdf5lite's inflater, NOFIT exact); and
# one per decoder (issue 15), differential against its reference library:
# fuzz_inflate (zlib), fuzz_lzf (liblzf), fuzz_scaleoffset and fuzz_nbit
# (libhdf5 itself), fuzz_shuffle and fuzz_fletcher32 (a plain reference in
# the target); issue 17: fuzz_lz4 (liblz4: random blocks differential, HDF5
# framing round trip), fuzz_bshuf (round trip through a reference transposition
# with liblz4 / libzstd; random chunks), fuzz_blosc (libblosc: differential on
# mutated buffers, round trip over codecs/shuffles/typesizes), fuzz_zstd
# (libzstd: differential on random frames, round trip at many levels). The
# decoder targets include hdf5lite.c to reach them.
# Corpora live in fuzz/corpus_<target>/ (git-ignored); findings land in
# $(B)/fuzz/findings/ — copy them to tests/regress/<read|roundtrip|write>/.

FUZZ_CC      ?= clang
FUZZ_TARGETS := fuzz_read fuzz_roundtrip fuzz_write fuzz_append fuzz_repack $(FUZZ_CODECS)
HDF5_FLAGS    = $(shell pkg-config --cflags --libs hdf5-serial 2>/dev/null || echo -lhdf5)
FUZZ_LIBS_fuzz_inflate     := -lz
FUZZ_LIBS_fuzz_deflate     := -lz
FUZZ_LIBS_fuzz_lzf         := -llzf
FUZZ_LIBS_fuzz_lz4         := -llz4
FUZZ_LIBS_fuzz_bshuf       := -llz4 -lzstd
FUZZ_LIBS_fuzz_blosc       := -lblosc
FUZZ_LIBS_fuzz_zstd        := -lzstd
FUZZ_LIBS_fuzz_zstd_rt     := -lzstd
FUZZ_LIBS_fuzz_scaleoffset  = $(HDF5_FLAGS)
FUZZ_LIBS_fuzz_nbit         = $(HDF5_FLAGS)
FUZZ_HDRS    := fuzz/walk.h fuzz/countalloc.h fuzz/tablegen.h fuzz/csum.h
# The metadata cache (H5L_OPEN_META_CACHE, which fuzz_read walks with too)
# with tiny blocks and limits: structures cross blocks, epochs fill up and
# fall back to the mapping on small inputs.
FUZZ_MC      := -DH5L__MC_BLOCK=512u -DH5L__MC_KEEP=2u -DH5L__MC_MAX_BLOCKS=8u -DH5L__MC_SPAN_MAX=4096u
FUZZ_FLAGS   := -std=c99 -O1 -g -fno-omit-frame-pointer -I. -Ifuzz $(FUZZ_MC)
FUZZ_OUT     := $(B)/fuzz
VAEX_CORPUS  ?= ../shared/corpus/vaex
FUZZ_EXTRA   ?=

.PHONY: fuzz fuzz-build fuzz-replay fuzz-afl seeds

# Decoder targets include hdf5lite.c themselves.
$(addprefix $(FUZZ_OUT)/,$(FUZZ_CODECS)): $(FUZZ_OUT)/%: fuzz/%.c fuzz/h5ref.h fuzz/cidx_walk.h $(LIB_DEPS)
	@mkdir -p $(FUZZ_OUT)
	$(FUZZ_CC) $(FUZZ_FLAGS) -Wno-unused-function -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -o $@ $< $(FUZZ_LIBS_$*)

# (the replays run the inflater's portable copy: -DH5L_NO_BMI2; the fuzzers the BMI2 one where the CPU has it)
$(addprefix $(FUZZ_OUT)/replay_,$(FUZZ_CODECS)): $(FUZZ_OUT)/replay_%: fuzz/%.c fuzz/replay.c fuzz/h5ref.h fuzz/cidx_walk.h $(LIB_DEPS)
	@mkdir -p $(FUZZ_OUT)
	$(ASAN_CC) $(ASAN_FLAGS) -DH5L_NO_BMI2 -Wno-unused-function -Ifuzz -o $@ $< fuzz/replay.c $(FUZZ_LIBS_$*)

# The targets that use only the public API link one instrumented object of
# the library (compiled once, not once per target).
$(FUZZ_OUT)/hdf5lite_fuzz.o: $(LIB_DEPS)
	@mkdir -p $(FUZZ_OUT)
	$(FUZZ_CC) $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -c -o $@ hdf5lite.c

$(FUZZ_OUT)/%: fuzz/%.c $(FUZZ_HDRS) $(FUZZ_OUT)/hdf5lite_fuzz.o
	@mkdir -p $(FUZZ_OUT)
	$(FUZZ_CC) $(FUZZ_FLAGS) -DFUZZ_LIBFUZZER -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -o $@ $< $(FUZZ_OUT)/hdf5lite_fuzz.o

$(FUZZ_OUT)/replay_%: fuzz/%.c fuzz/replay.c $(FUZZ_HDRS) $(LIB_DEPS)
	@mkdir -p $(FUZZ_OUT)
	$(ASAN_CC) $(ASAN_FLAGS) $(FUZZ_MC) -Ifuzz -o $@ $< fuzz/replay.c hdf5lite.c

$(FUZZ_OUT)/seed_writer: fuzz/seed_writer.c $(FUZZ_HDRS) $(LIB_DEPS)
	@mkdir -p $(FUZZ_OUT)
	$(ASAN_CC) $(ASAN_FLAGS) -Ifuzz -o $@ fuzz/seed_writer.c hdf5lite.c

$(FUZZ_OUT)/walkcli: fuzz/walkcli.c $(FUZZ_HDRS) $(LIB_DEPS)
	@mkdir -p $(FUZZ_OUT)
	$(ASAN_CC) $(ASAN_FLAGS) -Ifuzz -o $@ fuzz/walkcli.c hdf5lite.c

# Seeds: h5py files need $(PYTHON) with h5py — required under CI=true.
$(B)/seeds/.stamp: fuzz/gen_seeds.py $(FUZZ_OUT)/seed_writer
	@mkdir -p $(B)/seeds
	@if $(PYTHON) -c 'import h5py, numpy' >/dev/null 2>&1; then \
	  $(PYTHON) fuzz/gen_seeds.py $(B)/seeds >/dev/null || exit 1; \
	elif [ "$$CI" = "true" ]; then \
	  echo "seeds: FAIL: $(PYTHON) has no h5py (CI=true)"; exit 1; \
	else \
	  echo "seeds: WARNING — $(PYTHON) has no h5py: h5py seed files SKIPPED"; \
	fi
	$(FUZZ_OUT)/seed_writer $(B)/seeds >/dev/null
	@if [ -d $(VAEX_CORPUS) ]; then cp $(VAEX_CORPUS)/*.hdf5 $(B)/seeds/ 2>/dev/null; chmod u+w $(B)/seeds/*.hdf5 2>/dev/null; \
	elif [ "$$CI" = "true" ]; then echo "seeds: FAIL: no vaex corpus at $(VAEX_CORPUS) (CI=true)"; exit 1; \
	else echo "seeds: WARNING — no vaex corpus at $(VAEX_CORPUS): SKIPPED"; fi
	@touch $@

seeds: $(B)/seeds/.stamp

fuzz-build: $(addprefix $(FUZZ_OUT)/,$(FUZZ_TARGETS))

# Every target runs FUZZ_SECONDS on fuzz/corpus_<target> (seeded on first use).
fuzz: fuzz-build $(B)/seeds/.stamp
	@mkdir -p $(FUZZ_OUT)/findings
	@bad=""; for t in $(FUZZ_TARGETS); do \
	  c=fuzz/corpus_$$t; mkdir -p $$c; \
	  if [ $$t = fuzz_read ]; then cp -n $(B)/seeds/*.h5 $(B)/seeds/*.hdf5 tests/regress/read/* $$c/ 2>/dev/null; \
	  else cp -n tests/regress/$${t#fuzz_}/* $$c/ 2>/dev/null; fi; \
	  echo "fuzz: $$t for $(FUZZ_SECONDS) s (corpus $$c)"; \
	  d=""; [ $$t = fuzz_read ] && d="-dict=fuzz/hdf5.dict"; \
	  $(FUZZ_OUT)/$$t $$d -max_total_time=$(FUZZ_SECONDS) -timeout=20 -rss_limit_mb=2048 -max_len=70000 \
	    $(FUZZ_EXTRA) -print_final_stats=1 \
	    -artifact_prefix=$(FUZZ_OUT)/findings/$$t- $$c 2>$(FUZZ_OUT)/$$t.log; st=$$?; \
	  grep -E "^(stat::number_of_executed_units|stat::peak_rss_mb|#[0-9]+ +DONE)" $(FUZZ_OUT)/$$t.log | tr '\n' ' '; echo; \
	  if [ $$st -ne 0 ]; then tail -n 40 $(FUZZ_OUT)/$$t.log; echo "fuzz: $$t FOUND A PROBLEM (log $(FUZZ_OUT)/$$t.log, input in $(FUZZ_OUT)/findings/)"; bad="$$bad $$t"; fi; \
	done; if [ -n "$$bad" ]; then echo "fuzz: findings in:$$bad"; exit 1; fi; echo "fuzz: no findings"

fuzz-replay: $(addprefix $(FUZZ_OUT)/replay_,$(FUZZ_TARGETS)) $(B)/seeds/.stamp
	$(FUZZ_OUT)/replay_fuzz_read -q tests/regress/read $(B)/seeds
	$(FUZZ_OUT)/replay_fuzz_roundtrip -q tests/regress/roundtrip
	$(FUZZ_OUT)/replay_fuzz_write -q tests/regress/write
	$(FUZZ_OUT)/replay_fuzz_append -q tests/regress/append
	$(FUZZ_OUT)/replay_fuzz_repack -q tests/regress/repack
	@for t in $(FUZZ_CODECS); do $(FUZZ_OUT)/replay_$$t -q tests/regress/$${t#fuzz_} || exit 1; done

# AFL++: afl-clang-fast builds the targets with the standalone driver.
AFL_CC ?= afl-clang-fast
fuzz-afl: $(B)/seeds/.stamp
	@if ! command -v $(AFL_CC) >/dev/null 2>&1 || ! command -v afl-fuzz >/dev/null 2>&1; then \
	  echo "fuzz-afl: SKIPPED — $(AFL_CC)/afl-fuzz not installed (AFL++)"; exit 0; fi; \
	mkdir -p $(FUZZ_OUT)/afl; bad=""; \
	for t in $(FUZZ_TARGETS); do \
	  AFL_USE_ASAN=1 AFL_USE_UBSAN=1 $(AFL_CC) $(FUZZ_FLAGS) -o $(FUZZ_OUT)/afl/$$t fuzz/$$t.c fuzz/replay.c hdf5lite.c || exit 1; \
	  in=$(FUZZ_OUT)/afl/in_$$t; mkdir -p $$in; \
	  if [ $$t = fuzz_read ]; then cp $(B)/seeds/h5py_one_dataset.h5 $(B)/seeds/h5l_small.h5 $(B)/seeds/mal_track_order.h5 $$in/; \
	  else cp tests/regress/$${t#fuzz_}/* $$in/; fi; \
	  x=""; [ $$t = fuzz_read ] && x="-x fuzz/hdf5.dict"; \
	  AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_AUTORESUME=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 afl-fuzz -V $(FUZZ_SECONDS) $$x -i $$in -o $(FUZZ_OUT)/afl/out_$$t -- $(FUZZ_OUT)/afl/$$t @@ >$(FUZZ_OUT)/afl/$$t.log 2>&1 || { tail -n 30 $(FUZZ_OUT)/afl/$$t.log; exit 1; }; \
	  echo "fuzz-afl: $$t: $$(grep -a 'Statistics:' $(FUZZ_OUT)/afl/$$t.log | tail -n 1 | sed 's/\x1b\[[0-9;]*m//g')"; \
	  if ls $(FUZZ_OUT)/afl/out_$$t/default/crashes/id* >/dev/null 2>&1; then echo "fuzz-afl: $$t crashes in $(FUZZ_OUT)/afl/out_$$t/default/crashes"; bad="$$bad $$t"; fi; \
	done; if [ -n "$$bad" ]; then echo "fuzz-afl: findings in:$$bad"; exit 1; fi; echo "fuzz-afl: no findings"
