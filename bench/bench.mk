# make bench: hdf5lite vs libhdf5 (Debian's libhdf5-dev) vs the raw limit. Not part of make test.
H5_CFLAGS := $(shell pkg-config --cflags hdf5-serial 2>/dev/null || echo -I/usr/include/hdf5/serial)
H5_LIBS   := $(shell pkg-config --libs hdf5-serial 2>/dev/null || echo -lhdf5_serial)
BENCH_ARGS ?=

$(B)/bench: bench/bench.c libhdf5lite.a | $(B)
	$(CC) -std=gnu99 -O2 -g -Wall -Wextra -I. $(H5_CFLAGS) -o $@ bench/bench.c libhdf5lite.a $(H5_LIBS) -lpthread -lm

# Chunked reading (issue 15): the inflater against zlib and libdeflate, a
# shuffle+deflate table against libhdf5, an unfiltered one against memcpy.
$(B)/bench_chunked: bench/bench_chunked.c $(LIB_DEPS) | $(B)
	$(CC) -std=gnu99 -O2 -g -Wall -Wextra -Wno-unused-function -I. $(H5_CFLAGS) -o $@ bench/bench_chunked.c $(H5_LIBS) -lz -ldeflate -lpthread -lm

# Appending (issue 16): commits against raw pwrite + fsync and libhdf5.
$(B)/bench_append: bench/bench_append.c libhdf5lite.a | $(B)
	$(CC) -std=gnu99 -O2 -g -Wall -Wextra -I. $(H5_CFLAGS) -o $@ bench/bench_append.c libhdf5lite.a $(H5_LIBS) -lpthread -lm

# The codecs of issue 17 against liblz4, libzstd and libblosc.
$(B)/bench_codecs: bench/bench_codecs.c $(LIB_DEPS) | $(B)
	$(CC) -std=gnu99 -O2 -g -Wall -Wextra -Wno-unused-function -I. -o $@ bench/bench_codecs.c -llz4 -lzstd -lblosc -ldl -lpthread -lm

# MPI (issue 20): mpi_table against parallel HDF5 and raw pwrite, 4 ranks
# (bench/bench_mpi.sh); needs mpicc and libhdf5-openmpi-dev.
H5MPI_DIR := /usr/lib/x86_64-linux-gnu/hdf5/openmpi
$(B)/bench_mpi: bench/bench_mpi.c examples/mpi_rows.h | $(B)
	$(MPICC) -std=gnu99 -O2 -g -Wall -Wextra -I/usr/include/hdf5/openmpi -o $@ bench/bench_mpi.c -L$(H5MPI_DIR) -Wl,-rpath,$(H5MPI_DIR) -lhdf5

# The command line as users meet it (issue 19): CSV against pandas, ls against
# a libhdf5 walk, a durable 1 GiB write against raw pwrite (bench/bench_cli.sh).
$(B)/h5walk: bench/h5walk.c | $(B)
	$(CC) -std=gnu99 -O2 -Wall -Wextra $(H5_CFLAGS) -o $@ bench/h5walk.c $(H5_LIBS)

$(B)/bench_durable: bench/bench_durable.c libhdf5lite.a | $(B)
	$(CC) -std=gnu99 -O2 -Wall -Wextra -I. -o $@ bench/bench_durable.c libhdf5lite.a -lpthread

$(B)/wall: bench/wall.c | $(B)
	$(CC) -std=c99 -O2 -Wall -Wextra -Wpedantic -o $@ bench/wall.c

bench-cli: mmapcol $(B)/gen_csv $(B)/h5walk $(B)/bench_durable $(B)/wall
	@B=$(B) PYTHON=$(PYTHON) sh bench/bench_cli.sh

.PHONY: bench bench-quick bench-mpi bench-repack bench-cli
bench-mpi: $(B)/bench_mpi $(B)/mpi_table
	@sh bench/bench_mpi.sh

# Repacking (issue 18): mmapcol repack against h5repack -l CONTI, a 1 GiB
# chunked + deflate table to contiguous, whole processes.
bench-repack: mmapcol
	@sh bench/bench_repack.sh
	@$(MAKE) --no-print-directory bench-cli

bench: $(B)/bench $(B)/bench_chunked $(B)/bench_append $(B)/bench_codecs mmapcol
	@mkdir -p $(B)/bench-data
	$(B)/bench $(BENCH_ARGS)
	$(B)/bench_chunked $(B)/bench-data
	$(B)/bench_append $(B)/bench-data
	$(B)/bench_codecs
	@sh bench/bench_repack.sh
	@$(MAKE) --no-print-directory bench-cli
	@if command -v $(MPICC) >/dev/null 2>&1 && [ -d /usr/include/hdf5/openmpi ]; then $(MAKE) --no-print-directory bench-mpi; \
	else echo "(bench-mpi skipped: needs mpicc and libhdf5-openmpi-dev)"; fi

bench-quick: $(B)/bench $(B)/bench_chunked $(B)/bench_append $(B)/bench_codecs mmapcol
	@mkdir -p $(B)/bench-data
	$(B)/bench --quick --runs 1 $(BENCH_ARGS)
	$(B)/bench_chunked --quick --runs 1 $(B)/bench-data
	$(B)/bench_append --quick $(B)/bench-data
	$(B)/bench_codecs --quick
	@ROWS=2097152 RUNS=1 sh bench/bench_repack.sh
