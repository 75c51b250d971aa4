#pragma once
/// \file Command-line options shared by `nnft diagrams` and `nnft correlator`.
#include "symbolic/correlator.hpp"

#include <CLI/CLI.hpp>

#include <memory>
#include <string>

namespace nnft::app {

/// Options that describe which correlator to build and how to print it.
struct CorrelatorCliOptions {
    std::string theory = "lambda*f^4 + kappa*f^6";  ///< theory text
    int points = 4;                                  ///< number of external points
    std::string order;                               ///< exact coupling monomial, "lambda=2,kappa=1"
    int max_order = -1;                              ///< all monomials of total order <= this
    bool connected = false;                          ///< connected diagrams only
    bool one_pi = false;                             ///< amputated 1PI diagrams only
    bool no_self_energy = false;                     ///< drop self-energy insertions
    std::string format = "text";                     ///< text | latex | cpp | json
    bool json = false;                               ///< same as --format json
    bool group = false;                              ///< LaTeX: group terms equal up to permutations
    std::string cpp_namespace = "nnft_generated";    ///< C++: the emitted header's namespace
    double max_classes = 1e6;                        ///< size limit
    std::string out = "-";                           ///< output file ("-" = stdout)
};

/// Register the options that select the correlator (theory, points, orders, filters, size limit).
void add_correlator_selection(CLI::App* sub, CorrelatorCliOptions& opt);

/// Register the selection options and the output options (--format, --json, --group, --out).
void add_correlator_options(CLI::App* sub, CorrelatorCliOptions& opt);

/// Validate the options and turn them into a request; throws nnft::Error on bad input.
symbolic::CorrelatorRequest make_request(const CorrelatorCliOptions& opt);

/// The output format after applying --json.
std::string output_format(const CorrelatorCliOptions& opt);

}  // namespace nnft::app
