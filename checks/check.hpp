#pragma once
/// \file The end-to-end cross-checks behind `nnft check`: each returns PASS/FAIL with numbers, and each
/// compares two independent routes to the same quantity (closed form, second algorithm, exact vs sampled).
#include "report/report.hpp"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace nnft::checks {

/// Outcome of one cross-check.
struct CheckResult {
    std::string name;      ///< what was compared
    bool passed = false;   ///< the criterion held
    std::string detail;    ///< the numbers behind the verdict
    double seconds = 0.0;  ///< wall time
    std::vector<report::Plot> plots{};    ///< plots for the report folder of `nnft check --out DIR` (optional)
    std::vector<report::Table> tables{};  ///< tables for that report (optional)
};

/// A named cross-check.
struct Check {
    std::string name;                       ///< short identifier, e.g. "diagrams.paper"
    std::function<CheckResult()> run;       ///< runs the check
};

/// Settings of the ensemble checks (sized so that `nnft check` finishes in about a minute on 2 cores).
struct EnsembleCheckSettings {
    unsigned threads = 2;                    ///< worker threads for sampling
    double networks_scale = 1.0;             ///< multiply the default ensemble sizes
    std::uint64_t seed = 20261128;           ///< generator seed
};

/// Diagram checks: the paper's first-order coefficients, Σ multiplicities = Wick count, cumulant identity.
std::vector<Check> diagram_checks();

/// Integral checks: symbolic vs SIMD kernels, Gauss-net vertex vs closed form, ReLU homogeneity, divergence.
std::vector<Check> integral_checks();

/// Kernels of activations without a closed form against exact G2, a closed form and the β exponents.
std::vector<Check> kernel_checks();

/// Ensemble checks: sampled vs exact connected correlators (Erf N=5, ReLU N=20, Gauss N=1000), sampled G2
/// vs the closed-form kernel, exact width scaling G4_con ∝ 1/N and G6_con ∝ 1/N².
std::vector<Check> ensemble_checks(const EnsembleCheckSettings& settings);

/// Parameter-law checks: sampled vs exact G2, G4_con, G6_con for the cos-net, GELU, a uniform phase, Rademacher output weights
/// (with the κ₄ term shown to be resolved) and Student-t output weights (sampler/exact_derivation.md §4).
std::vector<Check> law_checks(const EnsembleCheckSettings& settings);

/// Deep-network checks: sampled deep ReLU (no biases) against its exact correlators at depths 1–6 with the plot of
/// G4_con/(3G2²) vs depth; the 1/N expansion's G4_con remainder falling like N^-2; G2's 1/N correction resolved;
/// the fitted λ0 across depth (expansion = large-N limit of exact), with its plot.
std::vector<Check> deep_checks(const EnsembleCheckSettings& settings);

/// EFT checks: fit quality M1 vs M0 (Erf, ReLU, Gauss, exact data), M1 on sampled vs exact data, and
/// ReLU running-coupling slopes against the symbolic β = −(d_in + 4)λ for d_in = 1, 2, 3.
std::vector<Check> eft_checks(const EnsembleCheckSettings& settings);

/// The sampled width-scaling check (part of ensemble_checks): Erf, paper:erf inputs, widths {2, 3, 4, 5,
/// 10, 20} sampled with the conditioned estimator (sized for seconds), verdict by study::width_scaling_agrees.
CheckResult sampled_width_scaling_check(const EnsembleCheckSettings& settings);

/// Action-from-correlators check: the ReLU N=20 vertex amputated on a grid vs the M1 λ0 and closed forms.
std::vector<Check> action_checks();

/// Symmetry checks (2106.00694): SO(d_out) invariance and its breaking by an output mean, SO(d_in)
/// invariance with a stretch control, and the broken translation invariance of the finite-N Gauss-net.
std::vector<Check> symmetry_checks(const EnsembleCheckSettings& settings);

/// Six-point checks: κ from exact G6_con with the λ0² tree exchange (ReLU closed form) and the 6-point
/// prediction from the fitted couplings against exact G6 (checks/six_point_checks.cpp).
std::vector<Check> six_point_checks();

/// Run a check, timing it and turning exceptions into a FAIL with the message.
CheckResult run_check(const Check& check);

}  // namespace nnft::checks
