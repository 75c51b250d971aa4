#pragma once
/// \file Batched vertex integrals of the paper's operators (docs/physics-setup.md §3, §4.3): local ∫ w Π K over a box
/// or R^d for many external tuples in one pass, and the bilocal (non-local) operator.
#include <limits>
#include <vector>

#include "numeric/domain.hpp"
#include "numeric/integrate.hpp"
#include "numeric/kernels.hpp"
#include "numeric/tuples.hpp"
#include "numeric/vertex_integrand.hpp"

namespace nnft::numeric {

/// Infinite cutoff (Λ = ∞ means the integral over all of R^d).
inline constexpr double kInfiniteCutoff = std::numeric_limits<double>::infinity();

/// [−Λ, Λ]^d split at y = 0 on every axis (the ReLU kink), or for Λ = ∞ all of R^d mapped around the inputs'
/// centre with per-axis scale max(input half-spread, sqrt(d_in)/σ_W) (the Gauss-net product's width).
/// Throws nnft::Error for Λ ≤ 0 or NaN, or inputs of the wrong dimension.
Domain vertex_domain(const KernelSpec& spec, const PointSet& inputs, double cutoff);

/// ∫_domain w(y) Π_i K(x_{t_i}, y) dy for every tuple t (results in the order of `tuples`). Tuples with the same
/// multiset share one component, and all components share the nodes. Statuses report non-convergence and
/// divergence (e.g. erf or relu over R^d); bad inputs throw nnft::Error.
std::vector<IntegrationResult> integrate_vertex(const Kernel& kernel, const PointSet& inputs,
                                                const std::vector<Tuple>& tuples, const Domain& domain,
                                                const IntegratorOptions& options, const VertexWeight& weight = {});
/// integrate_vertex writing into `out` (resized to tuples.size(), entries overwritten). A caller that recomputes
/// tables passes the same vectors each time: their memory is reused instead of freed and allocated again, which
/// glibc's malloc would return to the system and fault back in on every call (docs/performance.md#allocation).
void integrate_vertex(const Kernel& kernel, const PointSet& inputs, const std::vector<Tuple>& tuples,
                      const Domain& domain, const IntegratorOptions& options, const VertexWeight& weight,
                      std::vector<IntegrationResult>& out);

/// integrate_vertex with two rules (options.method, then `second`), compared tuple by tuple.
CrossCheck cross_check_vertex(const Kernel& kernel, const PointSet& inputs, const std::vector<Tuple>& tuples,
                              const Domain& domain, const IntegratorOptions& options, Method second,
                              const VertexWeight& weight = {});
/// cross_check_vertex with separate options for the second rule.
CrossCheck cross_check_vertex(const Kernel& kernel, const PointSet& inputs, const std::vector<Tuple>& tuples,
                              const Domain& domain, const IntegratorOptions& first, const IntegratorOptions& second,
                              const VertexWeight& weight = {});

/// The bilocal operator for 4-tuples (a, b, c, d): Σ over the 3 pairings (ab|cd), (ac|bd), (ad|bc) of
/// ∫∫ dy dz K_ay K_by K_cz K_dz = P_ab P_cd + P_ac P_bd + P_ad P_bc with P_ab = ∫ K_ay K_by dy (the 2-point
/// integrals are computed once for all pairs). Errors propagate linearly. Throws unless tuples have 4 legs.
std::vector<IntegrationResult> integrate_bilocal(const Kernel& kernel, const PointSet& inputs,
                                                 const std::vector<Tuple>& tuples, const Domain& domain,
                                                 const IntegratorOptions& options);
/// integrate_bilocal writing into `out` (resized to tuples.size()), reusing its memory as integrate_vertex does.
void integrate_bilocal(const Kernel& kernel, const PointSet& inputs, const std::vector<Tuple>& tuples,
                       const Domain& domain, const IntegratorOptions& options, std::vector<IntegrationResult>& out);

}  // namespace nnft::numeric
