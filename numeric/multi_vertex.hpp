#pragma once
/// \file Diagrams with any number of internal points joined by lines, by grid contraction: every internal
/// point runs over one tensor Gauss–Legendre grid, and the integrand Π_a [w_a(y_a) Π_legs K(x, y_a)]
/// Π_lines K(y_a, y_b)^m is contracted as a tensor network (numeric/tensor_network), batched over the leg
/// tuples of every point. A second ladder with another Gauss–Legendre order confirms each value.
#include <Eigen/Dense>
#include <optional>
#include <string>
#include <vector>

#include "numeric/domain.hpp"
#include "numeric/grid_contraction.hpp"
#include "numeric/integration_result.hpp"
#include "numeric/integrator_options.hpp"
#include "numeric/kernels.hpp"
#include "numeric/tensor_network.hpp"
#include "numeric/tuples.hpp"
#include "numeric/vertex_integrand.hpp"

namespace nnft::numeric {

/// One internal line K(y_a, y_b)^power between internal points a ≠ b.
struct VertexLine {
    int a = 0;      ///< first internal point
    int b = 0;      ///< second internal point
    int power = 1;  ///< number of lines (multiplicity)
};

/// One internal point: the leg tuples to batch over (input indices of its legs; a point without legs has the
/// single empty tuple) and its node weight (self-lines L(y)^s, |y|^p; empty means 1).
struct VertexPoint {
    std::vector<Tuple> legs{Tuple{}};  ///< leg tuples, all of one length
    VertexWeight weight;                ///< w_a(y)
};

/// How a grid level is refined: more panels of options.gl_order points (h), or one panel per segment with more
/// points (p: spectral convergence on smooth integrands such as Gauss-net diagrams).
enum class Refinement { panels, order };

/// Limits on one grid contraction (checked before anything is allocated) and the refinement of the ladder.
struct MultiVertexOptions {
    double max_flops = 4e10;    ///< multiply-adds of one contraction (tensor products and matrix products)
    double max_entries = 4e7;   ///< entries of the largest tensor (kernel matrices included; 8 bytes each)
    Refinement refinement = Refinement::order;  ///< level s: s panels of gl_order points, or gl_order·s points
};

/// What one contraction on a grid of `nodes` points per internal point costs.
struct MultiVertexCost {
    long long nodes = 0;       ///< grid nodes per internal point
    EliminationPlan plan;      ///< elimination order, flops, peak entries (batch axes included)
};

/// The cost of contracting `lines` among `points` on a grid of `nodes` nodes (leg batches included).
MultiVertexCost multi_vertex_cost(const std::vector<VertexPoint>& points, const std::vector<VertexLine>& lines,
                                  long long nodes);

/// Throw nnft::Error (naming the fix) when the contraction on the coarsest grid of `domain` (options.gl_order
/// points per panel, one panel) exceeds `limits`: call before any other work of a job.
void check_multi_vertex_size(const std::vector<VertexPoint>& points, const std::vector<VertexLine>& lines,
                             const Domain& domain, const IntegratorOptions& options, const MultiVertexOptions& limits = {});

/// Values for every combination of leg tuples: entry (s_0, …, s_{k−1}) row-major, s_a indexing points[a].legs.
struct MultiVertexResult {
    std::vector<std::size_t> dims;  ///< |points[a].legs| per point
    Eigen::VectorXd value;          ///< the integrals
    Eigen::VectorXd error;          ///< |finer − coarser grid level|
    long long evaluations = 0;      ///< kernel evaluations spent (grid² per level plus legs)
    long long nodes = 0;            ///< nodes per internal point of the last level
    Status status = Status::ok;     ///< ok when every entry met the tolerance
    std::string reason;             ///< why not ok
};

/// ∫ Π_a w_a(y_a) Π_{i∈s_a} K(x_i, y_a) Π_lines K(y_a, y_b)^power dy_0 … dy_{k−1} over domain^k, for every
/// combination of leg tuples. Tensor Gauss–Legendre grids at levels s = 1, 2, 3, 4, 6, 9, … (s panels of
/// options.gl_order points per segment, or one panel of s·gl_order points: limits.refinement) until successive levels agree within options.rel_tol / abs_tol per entry; a level whose grid² exceeds
/// options.max_evaluations or whose contraction exceeds `limits` is not started (status
/// max_evaluations_reached). Throws nnft::Error (naming the fix) when even the first level exceeds `limits`,
/// for bad lines (a = b, out of range, power < 0) or a domain of the wrong dimension. On R^d a point whose
/// weighted legs do not decay, or a piece without legs, gives status diverged and NaN values.
MultiVertexResult integrate_multi_vertex(const Kernel& kernel, const PointSet& inputs,
                                         const std::vector<VertexPoint>& points, const std::vector<VertexLine>& lines,
                                         const Domain& domain, const IntegratorOptions& options,
                                         const MultiVertexOptions& limits = {});

/// Two ladders on the same integrals with `limits.refinement`, one from first.gl_order and one from
/// second.gl_order (they must differ, so the two rules share no grid), compared entry by entry.
struct MultiVertexCrossCheck {
    MultiVertexResult first;   ///< first rule
    MultiVertexResult second;  ///< second rule (another Gauss–Legendre order)
    Eigen::VectorXd discrepancy;                 ///< |first − second| per entry
    Eigen::Array<bool, Eigen::Dynamic, 1> agree; ///< estimates_agree per entry (both ok, within errors)
    /// True when every entry agrees.
    bool all_agree() const { return agree.size() == 0 || agree.all(); }
};

/// integrate_multi_vertex with `first` and with `second` (throws nnft::Error when their gl_order are equal).
MultiVertexCrossCheck cross_check_multi_vertex(const Kernel& kernel, const PointSet& inputs,
                                               const std::vector<VertexPoint>& points,
                                               const std::vector<VertexLine>& lines, const Domain& domain,
                                               const IntegratorOptions& first, const IntegratorOptions& second,
                                               const MultiVertexOptions& limits = {});

namespace detail {
/// One contraction of the multi-vertex integrand with point a on grids[a] (all of one size; weights applied):
/// values row-major over the points' leg tuples; adds the kernel evaluations to `evaluations`.
Eigen::VectorXd contract_multi_vertex_grids(const Kernel& kernel, const PointSet& inputs,
                                            const std::vector<VertexPoint>& points, const std::vector<VertexLine>& lines,
                                            const std::vector<const QuadratureGrid*>& grids, long long& evaluations);

/// Validate points, lines and domain as integrate_multi_vertex does; returns the number of entries.
std::size_t validate_multi_vertex(const Kernel& kernel, const std::vector<VertexPoint>& points,
                                  const std::vector<VertexLine>& lines, const Domain& domain);

/// Fill out.discrepancy and out.agree from out.first and out.second (estimates_agree per entry).
void compare_multi_vertex(MultiVertexCrossCheck& out);

/// A result with status diverged (NaN values) when the integral over R^d diverges (a point's legs do not decay,
/// or no point has legs); std::nullopt otherwise (always on a box).
std::optional<MultiVertexResult> multi_vertex_divergence(const Kernel& kernel, const PointSet& inputs,
                                                         const std::vector<VertexPoint>& points, const Domain& domain);
}  // namespace detail

}  // namespace nnft::numeric
