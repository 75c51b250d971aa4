#pragma once
/// \file "Did you mean …?" for misspelt subcommands and options of the nnft CLI.
#include <CLI/CLI.hpp>

#include <string>

namespace nnft::app {

/// The subcommand (for a bare word, before any subcommand was recognised) or the long option of the command in
/// use (for "--word") closest to `token` within an edit distance of max(2, |token|/3); empty when none is close.
std::string suggestion(const CLI::App& app, const std::string& token);

}  // namespace nnft::app
