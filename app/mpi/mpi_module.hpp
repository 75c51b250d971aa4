#pragma once
/// \file The C interface of the MPI module (nnft_mpi.so): the few MPI calls `nnft sample` makes under mpirun.
/// The nnft binary does not link MPI; app/mpi_session.cpp loads this module with dlopen only when the process
/// was started by mpirun, so other commands never load the MPI libraries (docs/performance.md#start-up).
/// Plain C types only: the module and the binary may use different C++ runtimes.

extern "C" {

/// The module's functions; every int result is an MPI error code (0 = MPI_SUCCESS).
struct NnftMpiApi {
    int abi;  ///< kNnftMpiAbi of the module's build; the binary refuses another
    /// Initialise MPI (MPI_THREAD_FUNNELED) unless already done; *started = 1 when this call initialised it.
    int (*start)(int* rank, int* size, int* started);
    /// MPI_Finalize.
    int (*finish)();
    /// MPI_Gather of one long long per rank onto rank 0 (`lengths` has size() entries on rank 0).
    int (*gather_lengths)(long long length, long long* lengths);
    /// MPI_Gatherv of `count` chars per rank onto rank 0 at `offsets` (rank 0's `all`, `counts`, `offsets`).
    int (*gather_text)(const char* text, int count, char* all, const int* counts, const int* offsets);
};

/// The module's entry point, found with dlsym by this name.
const NnftMpiApi* nnft_mpi_api();
}

/// Version of NnftMpiApi; raise it when the struct changes.
inline constexpr int kNnftMpiAbi = 1;
/// File name of the module (next to the nnft binary in the build tree, in <libdir>/nnft once installed).
inline constexpr const char* kNnftMpiModule = "nnft_mpi.so";
