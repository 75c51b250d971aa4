#pragma once
/// \file The "6-point prediction vs cutoff" section of the study report (`nnft reproduce`).
#include "report/report.hpp"

#include <string>
#include <vector>

namespace nnft::study {

/// For each net (paper fit settings, exact data): the ratios prediction/measured of the paper's full-G6
/// prediction from λ0, of its non-Gaussian part, and of the connected prediction (λ0² tree + κ) at several
/// cutoffs Λ, as a table and one log-x plot per net ("G6 prediction ratios vs Λ").
void add_six_point_section(report::Report& report, const std::vector<std::string>& nets);

}  // namespace nnft::study
