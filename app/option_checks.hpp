#pragma once
/// \file Checks of numeric command-line options, applied once to every subcommand by option name (app/main.cpp):
/// no option silently wraps, overflows, falls back to a default or starts unbounded work.
#include <CLI/CLI.hpp>

namespace nnft::app {

/// Most worker threads a command accepts: this many per core (or per 8 cores when the count is unknown).
inline constexpr unsigned kThreadsPerCore = 16;

/// Shortest --checkpoint-every in seconds (a checkpoint writes the whole state; shorter intervals slow a run).
inline constexpr double kMinCheckpointSeconds = 0.01;

/// The largest --threads value this machine accepts (kThreadsPerCore × its cores).
unsigned max_threads();

/// Add the numeric checks to every option of every subcommand of `app`: unsigned options refuse negative values,
/// integer options refuse values out of range ("1e30"), real options refuse nan, and the named options below
/// refuse what they cannot mean (see the table in option_checks.cpp and docs/commands/*.md).
void apply_option_checks(CLI::App& app);

}  // namespace nnft::app
