# Issue 20: N MPI ranks write one vaex table (examples/mpi_table.c) and compute
# its statistics (examples/mpi_stats.c). The library stays MPI-free: MPI is
# only in these examples, built with mpicc when it exists (`make mpi`).
# tests/check_mpi.py runs them under mpirun (4 ranks, oversubscribed on a
# small machine): vaex's read path, mmapcol stats, a rank that dies, a
# directory the ranks do not share. With CI=true a missing mpicc / mpirun is
# a failure (Debian: openmpi-bin libopenmpi-dev).
TESTS += test-mpi
# what each group needs beyond cc and make (tests/needs.sh; skipped without it unless CI=true)
NEEDS_test-mpi := 
MPICC ?= mpicc
MPI_NP ?= 4

$(B)/mpi_table: examples/mpi_table.c examples/mpi_rows.h $(LIB_DEPS) | $(B)
	$(MPICC) $(WARN) -O2 -I. -o $@ examples/mpi_table.c hdf5lite.c -lpthread

$(B)/mpi_stats: examples/mpi_stats.c $(LIB_DEPS) | $(B)
	$(MPICC) $(WARN) -O2 -I. -o $@ examples/mpi_stats.c hdf5lite.c -lpthread -lm

.PHONY: mpi test-mpi
mpi:
	@if command -v $(MPICC) >/dev/null 2>&1; then $(MAKE) --no-print-directory $(B)/mpi_table $(B)/mpi_stats; \
	else echo "make mpi: no $(MPICC) (Debian: apt-get install openmpi-bin libopenmpi-dev)"; exit 1; fi

test-mpi: mmapcol
	@if command -v $(MPICC) >/dev/null 2>&1 && command -v mpirun >/dev/null 2>&1 && $(PYTHON) -c 'import h5py' 2>/dev/null; then \
	  $(MAKE) --no-print-directory $(B)/mpi_table $(B)/mpi_stats && rm -rf $(B)/mpi_test && \
	  $(PYTHON) tests/check_mpi.py --mpi-table $(B)/mpi_table --mpi-stats $(B)/mpi_stats --mmapcol ./mmapcol \
	    --dir $(B)/mpi_test --np $(MPI_NP); \
	elif [ "$$CI" = "true" ]; then echo "test-mpi: FAIL: mpicc, mpirun or h5py missing in CI (openmpi-bin libopenmpi-dev)" >&2; exit 1; \
	else echo "*** test-mpi: skipped: no mpicc / mpirun (apt-get install openmpi-bin libopenmpi-dev) or no h5py ***"; fi
