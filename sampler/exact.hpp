#pragma once
/// \file Exact finite-width correlators of single-hidden-layer networks with a zero-mean Gaussian
/// output layer (derivation: sampler/exact_derivation.md).
///
/// Given the hidden layer, f is Gaussian with covariance δ_kl C(x,x'), C = σ_b² + (σ_W²/N) Σ_j φ_j φ_jᵀ,
/// so log E[e^{J·f}] = μ_b ΣJ + log E[exp(½ JᵀCJ)], giving
///   G2_con = σ_b² + σ_W² E[φ_a φ_b],
///   G4_con = (σ_W⁴/N) Σ_3 (E[φ_aφ_bφ_cφ_d] − E[φ_aφ_b]E[φ_cφ_d]),
///   G6_con = (σ_W⁶/N²) Σ_15 κ₃(φ_aφ_b, φ_cφ_d, φ_eφ_f),
/// each pairing carrying δ's of the output indices; odd cumulants beyond the mean vanish.
#include "common/progress.hpp"
#include "sampler/correlators.hpp"
#include "sampler/network.hpp"
#include "sampler/tuples.hpp"

#include <nlohmann/json.hpp>
#include <vector>

namespace nnft::sampler {

/// How single-neuron moments are evaluated.
enum class MomentMethod {
    Automatic,     ///< closed form for Gauss-net and (rank ≤ 2, zero mean) piecewise-linear σ with the kink at 0 (ReLU,
                   ///< leaky_relu, abs: Activation::kink_slopes), at rank 3 a sphere rule split at the kinks' great
                   ///< circles; other expressions with kinks located by the parser
                   ///< (Activation::kink_points), Gaussian first layer of rank 1–2: a polar Gauss–Legendre rule split
                   ///< at the kink lines; trapezoidal rule otherwise (smooth σ, rank > 2, non-Gaussian laws)
    Trapezoid,     ///< tensor trapezoidal rule on the Gaussian-weighted factor, for every activation (σ with kinks:
                   ///< the mean of randomly shifted grids, error from their spread)
    GaussHermite,  ///< tensor Gauss–Hermite (180/120 points per dimension), for every activation
};

/// Single-neuron moments E[Π_{i∈t} φ(z(x_i))] over all tuples t of the M inputs (lengths 1..max_n).
struct NeuronMoments {
    TupleTable table;           ///< tuples over the M inputs
    std::vector<double> value;  ///< per slot: the best estimate
    std::vector<double> coarse; ///< per slot: the same on a coarser rule (== value when exact; shifted grids: the mean
                                ///< of their first half)
    int rank = 0;               ///< rank of the pre-activation covariance
    std::size_t nodes_per_dim = 0;  ///< quadrature points per dimension (0: closed form)
    /// σ with kinks on the trapezoid: per randomly shifted grid, every slot (value is their mean; error: their spread)
    std::vector<std::vector<double>> shifted;
};

/// Evaluate the single-neuron moments; above 4 integration dimensions (rank plus non-Gaussian parameters, up to 32) by
/// randomised quasi-Monte Carlo. Throws nnft::Error when μ_W ≠ 0, above 32 dimensions, for an exponentially growing σ
/// above 4, or for Gauss–Hermite above 4. A quadrature's nodes done go to `progress`
/// ("quadrature nodes, fine rule", then the coarse rule).
NeuronMoments neuron_moments(const NetworkSpec& spec, const InputSet& inputs, int max_n,
                             MomentMethod method = MomentMethod::Automatic, const ProgressFn& progress = {});

/// What `nnft exact` computes.
struct ExactConfig {
    NetworkSpec net;  ///< network (μ_W must be 0)
    InputSet inputs;  ///< input points
    int max_n = 6;    ///< 2, 4 or 6
    MomentMethod method = MomentMethod::Automatic;  ///< moment evaluation
    double max_memory_gb = 4.0;  ///< refuse tables (tuples up to max_n, all copies) estimated above this
    ProgressFn progress{};        ///< told the quadrature nodes done, then the orders of output cumulants; empty: silent
};

/// Exact raw and connected correlators (same tables as the sampler; error = |fine − coarse| rule, or the standard error
/// of the mean over shifted grids).
Correlators exact_correlators(const ExactConfig& config);

/// The "config" object of `nnft exact` output.
nlohmann::json exact_config_to_json(const ExactConfig& config);

/// The document of `nnft exact`: {"config", "networks": 0, "correlators"} (read back by read_correlator_document).
nlohmann::json exact_document(const ExactConfig& config, const Correlators& correlators);

}  // namespace nnft::sampler
