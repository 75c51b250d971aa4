#pragma once
// Shared by the benchmarks: CPU seconds of this process (all threads).
#include <ctime>

namespace nnft::bench {

/// CPU time of the process in seconds (CLOCK_PROCESS_CPUTIME_ID).
inline double cpu_seconds() {
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

}  // namespace nnft::bench
