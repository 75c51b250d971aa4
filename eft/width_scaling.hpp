#pragma once
/// \file Width scaling of the connected correlators from sampled ensembles: G4_con ∝ N^-1 and
/// G6_con ∝ N^-2 (2008.08601 §3; docs/physics-setup.md §4.1), slopes with errors next to the exact ones.
///
/// Each table is summarised by one number per width, its projection A(N) = Σ_t u_t G_t / Σ_t u_t² onto a
/// fixed shape u (the exact table at the smallest width). A is linear in the data, so the sampled A is
/// unbiased; its error comes from the delete-one-group jackknife of the ensemble (the tuples share the
/// same networks, so per-tuple errors cannot be combined). The exponent is then fitted in linear space
/// (numeric::fit_power_law), which stays unbiased where A is insignificant or negative, unlike a fit of log|A|.
/// For a single hidden layer with a zero-mean Gaussian output layer, N·G4_con and N²·G6_con are exactly
/// independent of N (sampler/exact_derivation.md), so the exact exponents are −1 and −2 with no 1/N²
/// corrections; the sampled exponents are compared with them.
#include "numeric/power_law.hpp"
#include "sampler/correlators.hpp"
#include "sampler/ensemble.hpp"

#include <string>
#include <vector>

namespace nnft::eft {


/// A summary number with its standard error.
struct Amplitude {
    double value = 0.0;  ///< estimate
    double error = 0.0;  ///< standard error
};

/// Projection Σ_t u_t g_t / Σ_t u_t² of a table (entries in table order) onto the shape u.
double project(const std::vector<sampler::CorrelatorEntry>& table, const std::vector<double>& shape);

/// The projection of a sampled table with its delete-one-group jackknife error (needs ≥ 2 non-empty groups).
Amplitude sampled_amplitude(const sampler::EnsembleConfig& config, const sampler::EnsembleState& state,
                            const std::string& table, const std::vector<double>& shape);

/// One width: sampled and exact amplitudes of G4_con and G6_con.
struct WidthPoint {
    std::size_t width = 0;       ///< N
    std::uint64_t networks = 0;  ///< ensemble size
    Amplitude g4, g6;            ///< sampled projections
    double g4_exact = 0.0, g6_exact = 0.0;  ///< exact projections
};

/// Sampled and exact scaling of one network's G4_con and G6_con with the width.
struct WidthScaling {
    std::string net;                  ///< activation name
    std::vector<WidthPoint> points;   ///< by increasing width
    numeric::PowerLawFit g4, g6;               ///< fits of the sampled amplitudes
    double g4_exact_slope = 0.0, g6_exact_slope = 0.0;  ///< log-log slopes of the exact amplitudes
    double g4_chi2_exact = 0.0, g6_chi2_exact = 0.0;    ///< Σ_N ((A − A_exact)/σ)², no parameter fitted
};

/// Analyse finished ensembles of one network at several widths (same inputs, max_n = 6, d_out = 1,
/// ≥ 3 widths): project onto the exact shapes, fit the exponents, compare with the exact amplitudes.
/// Throws nnft::Error for mismatched configurations or too few widths.
WidthScaling analyse_width_scaling(const std::vector<sampler::EnsembleConfig>& configs,
                                   const std::vector<sampler::EnsembleState>& states);

}  // namespace nnft::eft
