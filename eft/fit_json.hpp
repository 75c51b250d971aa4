#pragma once
/// \file The result document of `nnft fit`, built once here in its two forms: JSON (fit_document) and text
/// (fit_text). The CLI only chooses which one to print.
#include "eft/coupling_fit.hpp"
#include "eft/six_point.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace nnft::eft {

/// The 6-point part of a fit run: κ fits with λ0 (from M1) held fixed, and the 6-point predictions per cutoff.
struct SixPointReport {
    CouplingValue lambda0;                       ///< λ0 from M1 on train G4_con at the run's cutoff
    SixPointFit fit;                             ///< the 6-point models fitted on train G6_con
    std::vector<SixPointPrediction> predictions; ///< per ratio cutoff, scored on the test inputs
};

/// Everything `nnft fit` reports for one run.
struct FitReport {
    std::string net;                          ///< network name as requested (erf, relu, gauss)
    std::size_t width = 0;                    ///< network width N
    double cutoff = 0.0;                      ///< Λ of the vertex integrals (∞ allowed)
    std::string data;                         ///< "exact" or the train data file
    bool error_caveat = false;                ///< sampled data without jackknife estimates (errors too small)
    std::vector<ModelFit> models;             ///< the 4-point models (fit_couplings)
    std::optional<SixPointReport> six_point;  ///< the 6-point section (--six-point)
};

/// Compute the 6-point section: λ0 = quartic_coupling, fit_six_point, six_point_predictions at `cutoffs`.
SixPointReport six_point_report(const FitSettings& settings, const std::vector<double>& cutoffs, const G4Data& train4,
                                const G6Data& train6, const G6Data& test6);

/// {"mape", "max_ape", "mse"}.
nlohmann::json fit_metrics_to_json(const FitMetrics& metrics);

/// A fitted model as JSON: {"name", "couplings": {op: {"value", "error"[, "error_independent"]}}, "error_method",
/// "covariance" (rows in operator order), "train": {"mape", "max_ape", "mse"}, "test": {…}}, or {"name",
/// "couplings": {}, "problem"} when it could not be fitted (M0 has no error_method or covariance).
nlohmann::json model_fit_to_json(const ModelFit& fit);

/// The JSON document of `nnft fit --json`: {"net", "width", "cutoff", "data", "convention"[, "error_caveat"],
/// "models"[, "six_point"]}.
nlohmann::json fit_document(const FitReport& report);

/// The text form of the same report (what `nnft fit` prints without --json).
std::string fit_text(const FitReport& report);

}  // namespace nnft::eft
