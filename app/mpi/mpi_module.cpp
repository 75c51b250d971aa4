/// nnft_mpi.so: the MPI calls of `nnft sample` under mpirun, loaded on demand by app/mpi_session.cpp.
#include "app/mpi/mpi_module.hpp"

#include <mpi.h>

namespace {

int start(int* rank, int* size, int* started) {
    int initialised = 0;
    *started = 0;
    if (int rc = MPI_Initialized(&initialised); rc != MPI_SUCCESS) return rc;
    if (!initialised) {
        int provided = 0;
        if (int rc = MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided); rc != MPI_SUCCESS) return rc;
        *started = 1;
    }
    if (int rc = MPI_Comm_rank(MPI_COMM_WORLD, rank); rc != MPI_SUCCESS) return rc;
    return MPI_Comm_size(MPI_COMM_WORLD, size);
}

int finish() { return MPI_Finalize(); }

int gather_lengths(long long length, long long* lengths) {
    return MPI_Gather(&length, 1, MPI_LONG_LONG, lengths, 1, MPI_LONG_LONG, 0, MPI_COMM_WORLD);
}

int gather_text(const char* text, int count, char* all, const int* counts, const int* offsets) {
    return MPI_Gatherv(text, count, MPI_CHAR, all, counts, offsets, MPI_CHAR, 0, MPI_COMM_WORLD);
}

const NnftMpiApi api{kNnftMpiAbi, start, finish, gather_lengths, gather_text};

}  // namespace

extern "C" __attribute__((visibility("default"))) const NnftMpiApi* nnft_mpi_api() { return &api; }
