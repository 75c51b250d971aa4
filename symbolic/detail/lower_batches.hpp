#pragma once
/// \file The batches of vertex integrals a correlator's terms need (internal to symbolic/lower.cpp and
/// symbolic/lower_cost.cpp): one-, two- and multi-vertex pieces grouped by shape over all tuples, and the
/// estimate of the work their integration takes.
#include "numeric/domain.hpp"
#include "numeric/integration_result.hpp"
#include "numeric/integrator_options.hpp"
#include "numeric/kernels.hpp"
#include "numeric/multi_vertex.hpp"
#include "numeric/two_vertex_check.hpp"
#include "symbolic/detail/lower_plan.hpp"

#include <Eigen/Dense>

#include <array>
#include <map>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

namespace nnft::symbolic::detail {

/// One-vertex integrals are batched per (node factor, number of legs): tuples of one batch share a length.
using OneKey = std::pair<VertexShape, std::size_t>;
/// Two-vertex pieces are batched per (node factors of y and z, lines between them).
using TwoKey = std::tuple<VertexShape, VertexShape, int>;
/// Multi-vertex pieces are batched per (node factors, legs per point, lines).
using MultiKey = std::tuple<std::vector<VertexShape>, std::vector<std::size_t>, std::vector<std::array<int, 3>>>;

/// The leg tuples each point of one multi-vertex batch needs, and the cross-checked values of all combinations.
struct MultiBatch {
    std::vector<std::map<numeric::Tuple, int>> legs;  ///< per point: leg tuple → index
    Eigen::VectorXd value, error;                      ///< row-major over the points' leg-tuple indices
    numeric::Status status = numeric::Status::ok;      ///< worst status of the batch
    std::string reason;                                ///< why, when not ok
    /// Row-major position of the entry whose point a has leg-tuple index idx[a].
    Eigen::Index entry(const std::vector<int>& idx) const {
        Eigen::Index e = 0;
        for (std::size_t a = 0; a < legs.size(); ++a) e = e * static_cast<Eigen::Index>(legs[a].size()) + idx[a];
        return e;
    }
};

/// Every vertex integral the terms need at the requested tuples, batched per shape, and their results.
struct Batches {
    std::map<OneKey, std::map<numeric::Tuple, numeric::IntegrationResult>> one;  ///< leg tuple → result
    /// y and z leg tuples → index, per two-vertex shape
    std::map<TwoKey, std::pair<std::map<numeric::Tuple, int>, std::map<numeric::Tuple, int>>> two;
    std::map<TwoKey, numeric::TwoVertexResult> two_results;  ///< the two-vertex values
    std::map<MultiKey, MultiBatch> multi;                    ///< the multi-vertex batches
    /// the multi-vertex batches' points (leg tuples, weights) and lines
    std::map<MultiKey, std::pair<std::vector<numeric::VertexPoint>, std::vector<numeric::VertexLine>>> multi_inputs;
};

/// The rules a job's batches run with (what the work estimate needs of them).
struct WorkRules {
    const numeric::Domain& domain;              ///< the internal points' domain
    const numeric::IntegratorOptions& first;    ///< one and two vertices: the first rule
    const numeric::IntegratorOptions& second;   ///< one and two vertices: the direct check rule
    const numeric::IntegratorOptions& multi_second;  ///< three or more points: the second Gauss–Legendre ladder
    const numeric::IntegratorOptions& qmc;      ///< lattice ladders (both families)
    bool lattice = false;                       ///< two- and multi-vertex pieces on lattice grids
    double seconds_per_kernel = 7e-9;           ///< one kernel value on one core (kernel_value_seconds)
};

/// Kernel evaluations and multiply-adds of a job: what every ladder certainly spends (its first two levels, or
/// the first when the second does not fit the budget) and what it may spend at most (every level the budget and
/// the contraction limits allow).
struct WorkEstimate {
    double kernels_certain = 0.0, madds_certain = 0.0;  ///< at least
    double kernels_most = 0.0, madds_most = 0.0;        ///< at most
    double seconds_per_kernel = 7e-9;                   ///< the rules' WorkRules::seconds_per_kernel
    /// Predicted seconds on one core (calibrated constants, docs/methods/integration.md#cost).
    double seconds_certain() const;
    /// Predicted seconds on one core when no ladder converges early.
    double seconds_most() const;
};

/// Seconds for one value of `kernel` on one core: the calibrated closed-form rate (7 ns), or for a quadrature
/// kernel the mean over a timed probe of all pairs among 24 points spread over `domain`, the points' expansions
/// included (a fresh copy of the kernel; at most ~0.2 CPU-s). docs/methods/integration.md#cost.
double kernel_value_seconds(const numeric::Kernel& kernel, const numeric::Domain& domain);

/// The work estimate of integrating `b` with `rules` (after check_sizes: the multi-vertex inputs are set).
WorkEstimate estimate_work(const Batches& b, const WorkRules& rules);

}  // namespace nnft::symbolic::detail
