#pragma once
/// \file Tensor-product Gauss–Legendre quadrature on panels (split at the domain's breakpoints).
#include <functional>
#include <vector>

#include "numeric/domain.hpp"
#include "numeric/integrand.hpp"
#include "numeric/integration_result.hpp"
#include "numeric/integrator_options.hpp"

namespace nnft::numeric {

/// Nodes and weights of the n-point Gauss–Legendre rule on [−1, 1] (Newton on P_n, |error| ~ 1e-16).
struct GaussLegendreRule {
    std::vector<double> nodes;    ///< ascending
    std::vector<double> weights;  ///< positive, summing to 2
};

/// The n-point Gauss–Legendre rule (1 ≤ n ≤ 1000; throws nnft::Error otherwise).
GaussLegendreRule gauss_legendre_rule(int n);

/// gauss_legendre_rule(n), computed once per n for the whole process (thread-safe) and shared by all callers.
const GaussLegendreRule& cached_gauss_legendre_rule(int n);

/// Panel edges on [lo, hi] graded away from `center` (itself an edge): widths start at w0 and grow by 1.5 up to wmax, so
/// that features of width ~w0 at the centre (a kink, a steep tanh) and smooth parts far from it are both resolved.
std::vector<double> graded_edges(double center, double w0, double wmax, double lo, double hi);

/// Composite 1-D rule along `axis` of `domain`: every segment split into `panels` equal panels of `order` points.
GaussLegendreRule composite_rule(const Domain& domain, int axis, int order, int panels);

/// Visit the tensor grid of composite rules in blocks: callback(nodes in y, weights incl. Jacobian).
void for_each_tensor_block(const Domain& domain, int order, int panels, std::size_t block_size,
                           const std::function<void(const PointBlock&, const double*)>& callback);

/// Σ_nodes w f_c for every component on one tensor grid (no error estimate).
std::vector<double> tensor_gauss_legendre_sum(const BatchIntegrand& f, const Domain& domain, int order, int panels);

/// Nodes of the coarsest tensor grid (one panel of `gl_order` points per segment and axis), as a double so that
/// it cannot overflow at high dimension.
double gauss_legendre_first_level(const Domain& domain, int gl_order);

/// Tensor Gauss–Legendre with panel refinement (p → p + ⌊p/2⌋ panels per segment) until successive levels
/// agree within tolerance; the error is |Q(finer) − Q(coarser)| (conservative: it bounds the coarser level's error).
/// Throws nnft::Error (naming the fix) when the coarsest grid alone exceeds options.max_evaluations.
std::vector<IntegrationResult> integrate_gauss_legendre(const BatchIntegrand& f, const Domain& domain,
                                                        const IntegratorOptions& options);

}  // namespace nnft::numeric
