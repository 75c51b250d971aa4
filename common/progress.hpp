#pragma once
/// \file Progress of long library calls, reported to an observer that the caller supplies. The library never
/// prints: the CLI draws the reports on stderr (app/progress.hpp), the Python module passes them to a Python
/// callable or drops them, and an empty observer (the default everywhere) costs one test per report.
#include <cstdint>
#include <functional>
#include <string>

namespace nnft {

/// Observer of a long computation: `done` of `total` units (total 0: not known in advance) of the phase `what`,
/// e.g. (3, 12, "cutoffs") or (120000, 1000000, "networks, ensemble output.g4"). A new `what` starts a new phase
/// (its own count, rate and ETA). Called from the thread that made the library call, between units of work.
using ProgressFn = std::function<void(std::uint64_t done, std::uint64_t total, const std::string& what)>;

/// Call `progress` when it is set.
inline void report_progress(const ProgressFn& progress, std::uint64_t done, std::uint64_t total, const std::string& what) {
    if (progress) progress(done, total, what);
}

/// An observer that forwards to `progress` with `prefix` put before each phase name (empty when `progress` is), for
/// a step of a larger computation, e.g. prefixed(p, "train inputs: ").
inline ProgressFn prefixed(const ProgressFn& progress, const std::string& prefix) {
    if (!progress) return {};
    return [progress, prefix](std::uint64_t done, std::uint64_t total, const std::string& what) {
        progress(done, total, prefix + what);
    };
}

}  // namespace nnft
