#pragma once
/// \file Command-line options shared by `nnft diagrams` and `nnft correlator`.
#include "symbolic/correlator_selection.hpp"
#include "symbolic/print.hpp"

#include <CLI/CLI.hpp>

#include <memory>
#include <string>

namespace nnft::app {

/// Options that describe which correlator to build and how to print it.
struct CorrelatorCliOptions {
    symbolic::CorrelatorSelection selection;         ///< theory, points, orders, filters, size limit
    std::string format = "text";                     ///< text | latex | cpp | json
    bool json = false;                               ///< same as --format json
    bool group = false;                              ///< LaTeX: group terms equal up to permutations
    double latex_width = 345;                        ///< LaTeX: break lines to about this width in pt (0: never)
    int terms_per_line = 0;                          ///< LaTeX: at most this many terms per line (0: no limit)
    bool standalone = false;                         ///< LaTeX: a complete document instead of a fragment
    std::string cpp_namespace = "nnft_generated";    ///< C++: the emitted header's namespace
    std::string out = "-";                           ///< output file ("-" = stdout)
};

/// Register the options that select the correlator (theory, points, orders, filters, size limit).
void add_correlator_selection(CLI::App* sub, CorrelatorCliOptions& opt);

/// Register the selection options and the output options (--format, --json, --group, --latex-width,
/// --terms-per-line, --standalone, --out).
void add_correlator_options(CLI::App* sub, CorrelatorCliOptions& opt);

/// The LaTeX printer's options (--group, --latex-width, --terms-per-line, --standalone).
symbolic::LatexOptions latex_options(const CorrelatorCliOptions& opt);

/// Refuse the LaTeX layout options (--latex-width, --terms-per-line, --standalone) with another format;
/// throws nnft::Error naming the fix.
void check_latex_only_options(const CorrelatorCliOptions& opt);

/// Validate the options (the format, the LaTeX-only options, then symbolic::make_request) and turn them into a request; throws
/// nnft::Error on bad input.
symbolic::CorrelatorRequest make_request(const CorrelatorCliOptions& opt);

/// The output format after applying --json.
std::string output_format(const CorrelatorCliOptions& opt);

}  // namespace nnft::app
