#pragma once
/// \file MPI for `nnft sample` when launched by mpirun (built with MPI); a single process otherwise.
#include <string>
#include <vector>

namespace nnft::app {

/// Initialises MPI when the process was started by mpirun and the build has MPI; finalises on exit.
class MpiSession {
public:
    /// Start MPI if launched by mpirun (OMPI_COMM_WORLD_SIZE / PMI_SIZE set) and available.
    MpiSession();
    /// Finalise MPI if this session started it.
    ~MpiSession();
    MpiSession(const MpiSession&) = delete;             ///< not copyable
    MpiSession& operator=(const MpiSession&) = delete;  ///< not assignable
    /// This process's rank (0 without MPI).
    int rank() const { return rank_; }
    /// Number of processes (1 without MPI).
    int size() const { return size_; }
    /// Gather one string per rank on rank 0 (other ranks get an empty vector).
    std::vector<std::string> gather(const std::string& text) const;

private:
    int rank_ = 0;
    int size_ = 1;
    bool started_ = false;
};

}  // namespace nnft::app
