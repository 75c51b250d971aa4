#pragma once
/// \file Checks of numeric command-line options, applied once to every subcommand by option name (app/main.cpp):
/// no option silently wraps, overflows, falls back to a default or starts unbounded work.
#include <CLI/CLI.hpp>

namespace nnft::app {

/// Add the numeric checks to every option of every subcommand of `app`: unsigned options refuse negative values,
/// integer options refuse values out of range ("1e30"), real options refuse nan, and the named options below
/// refuse what they cannot mean (see the table in option_checks.cpp and docs/commands/*.md).
void apply_option_checks(CLI::App& app);

}  // namespace nnft::app
