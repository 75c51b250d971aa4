#pragma once
/// \file Which correlator to build, as the front ends (the `nnft` CLI and the Python module) take it: theory
/// text, points, orders and filters, validated into a CorrelatorRequest with the CLI's messages.
#include "symbolic/correlator.hpp"

#include <string>

namespace nnft::symbolic {

/// The options that select a correlator (`--theory`, `--points`, `--order`, `--max-order`, the filters,
/// `--max-classes`), as plain values with the CLI's defaults.
struct CorrelatorSelection {
    std::string theory = "lambda*f^4 + kappa*f^6";  ///< theory text
    int points = 4;                                  ///< number of external points
    std::string order;                               ///< exact coupling monomial, "lambda=2,kappa=1"
    int max_order = -1;                              ///< all monomials of total order <= this (-1: 1 unless `order`)
    bool connected = false;                          ///< connected diagrams only
    bool one_pi = false;                             ///< amputated 1PI diagrams only (implies connected)
    bool no_self_energy = false;                     ///< drop self-energy insertions
    double max_classes = 1e6;                        ///< size limit per monomial
};

/// Validate a selection and turn it into a request; throws nnft::Error naming the bad option and the fix.
CorrelatorRequest make_request(const CorrelatorSelection& selection);

}  // namespace nnft::symbolic
