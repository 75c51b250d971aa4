#pragma once
/// \file The verdict, plot and table of a width-scaling analysis (eft/width_scaling.hpp) for reports and
/// checks: sampled exponents against the exact ones, log-log plots, per-width rows.
#include "eft/width_scaling.hpp"
#include "report/report.hpp"

#include <string>

namespace nnft::study {

/// The verdict: the sampled exponent lies within 3σ of the exact one and σ ≤ 0.25 (so that −1 and −2
/// are told apart at ≥ 4σ), for G4 and G6. Sets `detail` to the numbers behind it.
bool width_scaling_agrees(const eft::WidthScaling& ws, std::string& detail);

/// Log-log plot of |A| vs N for "g4" or "g6": sampled points with error bars, exact amplitudes and the
/// fitted power law.
report::Plot width_scaling_plot(const eft::WidthScaling& ws, const std::string& which, const std::string& name);

/// Table rows (width, networks, sampled ± error, exact, pull) for a report.
report::Table width_scaling_table(const eft::WidthScaling& ws);

}  // namespace nnft::study
