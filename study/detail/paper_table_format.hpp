#pragma once
/// \file Number formatting shared by the coupling table's explanations and its Markdown/JSON output.
#include "eft/coupling_fit.hpp"

#include <cstdio>
#include <string>
#include <vector>

namespace nnft::study::detail {

/// The fitted operators' names (λ0, λ2, λNL) in the table's column order.
inline const std::vector<std::string>& kCouplings = eft::fit_operators();

/// v with `digits` significant digits (printf %g).
inline std::string fmt(double v, int digits = 3) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*g", digits, v);
    return buf;
}

/// "v ± e" with 4 and 2 significant digits.
inline std::string pm(double v, double e) { return fmt(v, 4) + " ± " + fmt(e, 2); }

}  // namespace nnft::study::detail
