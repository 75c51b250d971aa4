#pragma once
/// \file Report plots of the EFT results: the running coupling against the β-function prediction and
/// the per-tuple residuals of coupling fits.
#include "eft/coupling_fit.hpp"
#include "eft/running.hpp"
#include "report/report.hpp"

#include <string>
#include <vector>

namespace nnft::study {

/// |λ(Λ)| vs Λ (log-log) with error bars and the β prediction |λ| ∝ Λ^{β/λ}, anchored at the largest cutoff;
/// `title` (plot markup, report/plot_text.hpp) is followed by the rounded slope.
report::Plot running_plot(const eft::Running& run, double predicted_exponent, const std::string& name, const std::string& title);

/// |data − prediction| / |data| (%) per ordered test tuple for each fitted model (log y): how far each
/// model is from the data, tuple by tuple.
report::Plot fit_residual_plot(const std::vector<eft::ModelFit>& fits, const std::string& name, const std::string& title);

}  // namespace nnft::study
