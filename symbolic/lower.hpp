#pragma once
/// \file The bridge from symbolic correlators to numbers: each term's diagram is lowered to an
/// evaluation plan (propagators, one-vertex integrals batched over tuples, two- and multi-vertex grid contractions)
/// and evaluated with error estimates confirmed by a second integration rule.
#include "common/progress.hpp"
#include "numeric/integration_result.hpp"
#include "numeric/integrator_options.hpp"
#include "numeric/kernel_spec.hpp"
#include "numeric/points.hpp"
#include "numeric/tuples.hpp"
#include "symbolic/correlator.hpp"

#include <functional>
#include <limits>
#include <map>
#include <string>
#include <vector>

namespace nnft::symbolic {

/// Grids of the internal points in two- and multi-vertex contractions.
enum class GridChoice {
    automatic,  ///< tensor Gauss–Legendre for d_in ≤ 2, shifted rank-1 lattices (QMC) for d_in ≥ 3
    tensor,     ///< tensor Gauss–Legendre grids (n^{d_in} nodes per point), confirmed as described below
    lattice     ///< shifted rank-1 lattices, confirmed by a second lattice family (numeric/lattice_contraction)
};

/// Parse "auto", "tensor" or "qmc"; throws nnft::Error listing the names otherwise.
GridChoice parse_grid_choice(const std::string& name);

/// How to turn a correlator into numbers.
struct LoweringOptions {
    numeric::KernelSpec kernel;                               ///< network kernel (its `eft` flag is ignored)
    bool keep_bias = false;                                   ///< vertex lines use K instead of K_EFT = K − σ_b²
    double cutoff = std::numeric_limits<double>::infinity();  ///< box [−Λ, Λ]^{d_in}, or ∞ for R^{d_in}
    numeric::IntegratorOptions integrator;                    ///< the first rule and tolerances
    numeric::Method check_method = numeric::Method::adaptive; ///< the second, independent rule
    double check_rel_tol = 1e-8;                              ///< its tolerance (at least the first rule's)
    GridChoice grid = GridChoice::automatic;                  ///< internal-point grids of two-/multi-vertex pieces
    double qmc_rel_tol = 1e-3;  ///< lattice ladders stop at max(this, integrator.rel_tol) (standard error / |value|)
    ProgressFn progress{};       ///< told each finished batch of vertex integrals ("integral batches"); empty: silent
    /// Refuse (nnft::SizeLimitError naming --max-seconds) a job whose certain work is predicted above this many
    /// seconds on one core (docs/methods/integration.md#cost); infinity: no limit.
    double max_seconds = std::numeric_limits<double>::infinity();
    /// Told the predicted one-core seconds (certain work, and at most) before any integration; empty: none.
    std::function<void(double certain, double most)> on_estimate{};
};

/// True when two- and multi-vertex pieces run on lattice grids (GridChoice::lattice, or automatic and d_in ≥ 3).
bool uses_lattice_grids(const LoweringOptions& options);

/// A number with its error estimate and status.
struct LoweredValue {
    double value = 0.0;                          ///< estimate
    double error = 0.0;                          ///< absolute error estimate
    numeric::Status status = numeric::Status::ok;///< worst status of the factors
    std::string reason;                          ///< why, when status is not ok
};

/// Values of all terms for one assignment of inputs to the external points.
struct LoweredTuple {
    numeric::Tuple indices;            ///< input index of each external point
    std::vector<LoweredValue> terms;   ///< per correlator term: coefficient × structure (couplings excluded)
};

/// Values of a correlator at many tuples.
struct LoweredCorrelator {
    std::vector<LoweredTuple> tuples;  ///< in the order requested
    long long evaluations = 0;         ///< integrand evaluations spent (both rules)
    /// The kernel's largest relative error estimate (numeric::Kernel::max_relative_error; 0 for the closed
    /// forms); each term's error includes it once per propagator line of its diagram.
    double kernel_relative_error = 0.0;
    double estimated_seconds = 0.0;       ///< predicted one-core seconds of the work every ladder certainly does
    double estimated_seconds_most = 0.0;  ///< predicted one-core seconds when no ladder converges before its budget
};

/// Evaluate every term of `c` at every tuple. A value's error is the first rule's estimate; the second
/// rule must agree within the combined error estimates, otherwise the status is not_converged and the
/// error at least the discrepancy. Each tuple has c.points indices into `inputs`. Two-vertex factors are
/// grid contractions confirmed by the direct 2·d_in-dimensional integral (check_method); three or more
/// internal points joined by lines are contracted as a tensor network on tensor Gauss–Legendre grids
/// (numeric/multi_vertex; order refinement) and confirmed by a second ladder from another Gauss–Legendre
/// order. With lattice grids (GridChoice; d_in ≥ 3 by default) both kinds run on randomly shifted rank-1
/// lattices (integrator.qmc_shifts shifts, error = standard error of the mean) and are confirmed by the
/// alternate lattice family (other CBC weights, sizes and shifts). Throws
/// nnft::Error for bad inputs or a multi-vertex piece whose contraction exceeds the size limits (the message
/// names the fix), and nnft::SizeLimitError when the predicted time exceeds options.max_seconds, all before any
/// integration; integration trouble (divergence, budget) is reported per value as a status.
LoweredCorrelator evaluate_correlator(const Correlator& c, const numeric::PointSet& inputs,
                                      const std::vector<numeric::Tuple>& tuples, const LoweringOptions& options);

/// Sum of the term values with equal coupling monomials (errors added linearly).
std::vector<std::pair<std::map<std::string, int>, LoweredValue>> values_by_coupling(const Correlator& c,
                                                                                   const LoweredTuple& t);

}  // namespace nnft::symbolic
