#pragma once
/// \file Limits on run options that the command line and the Python module check alike (one definition, one
/// message): thread counts and checkpoint intervals.
#include <string>

namespace nnft {

/// Most worker threads a call accepts: this many per core (or per 8 cores when the count is unknown).
inline constexpr unsigned kThreadsPerCore = 16;

/// Shortest checkpoint interval in seconds (a checkpoint writes the whole state; shorter intervals slow a run).
inline constexpr double kMinCheckpointSeconds = 0.01;

/// The largest thread count this machine accepts (kThreadsPerCore × its cores).
unsigned max_threads();

/// What is wrong with `threads` ("" when it is at most max_threads(); 0 means one per core), as the option
/// message's tail: "expected at most …".
std::string threads_problem(double threads);

/// What is wrong with a checkpoint interval of `seconds` ("" when finite and at least kMinCheckpointSeconds).
std::string checkpoint_interval_problem(double seconds);

/// Throw nnft::Error "`option`: <problem>" when threads_problem(threads) is not empty.
void check_threads(double threads, const std::string& option = "--threads");

/// Throw nnft::Error "`option`: <problem>" when checkpoint_interval_problem(seconds) is not empty.
void check_checkpoint_interval(double seconds, const std::string& option = "--checkpoint-every");

}  // namespace nnft
