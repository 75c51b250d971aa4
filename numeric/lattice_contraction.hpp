#pragma once
/// \file Two- and multi-vertex grid contractions on randomly shifted rank-1 lattice point sets (QMC), for
/// d_in ≥ 3 where tensor grids (n^{d_in} nodes per internal point) are unaffordable. Every internal point
/// runs over its own randomly shifted copy of one rank-1 lattice (equal weights times the map's Jacobian);
/// options.qmc_shifts independent replicas give value = mean and error = standard error of the mean; the lattice size doubles
/// until every entry meets the tolerance or the next level exceeds the budget.
#include <Eigen/Dense>
#include <cstdint>
#include <string>
#include <vector>

#include "numeric/domain.hpp"
#include "numeric/grid_contraction.hpp"
#include "numeric/integrator_options.hpp"
#include "numeric/kernels.hpp"
#include "numeric/multi_vertex.hpp"
#include "numeric/tuples.hpp"
#include "numeric/two_vertex_check.hpp"
#include "numeric/vertex_integrand.hpp"

namespace nnft::numeric {

/// Which lattice rule: two families that share no point set, so one can confirm the other.
enum class LatticeFamily {
    primary,   ///< CBC product weights γ_j = 1/j², sizes prime ≤ n₀·2^s, shifts from options.seed
    alternate  ///< CBC product weights γ_j = 0.6^j, sizes prime ≤ ⌊3n₀/2⌋·2^s, shifts from another stream
};

/// The name of a family ("primary", "alternate").
std::string to_string(LatticeFamily family);

/// Lattice sizes of a family: level s has the largest prime ≤ base·2^s (base = n₀ or ⌊3n₀/2⌋, n₀ =
/// options.qmc_min_points).
std::uint64_t lattice_level_size(const IntegratorOptions& options, LatticeFamily family, int level);

/// Throw nnft::Error (naming the fix) when the first lattice level of `family` does not fit: options.qmc_shifts
/// × n² kernel evaluations above options.max_evaluations, or the contraction above `limits` (n² kernel-matrix
/// entries count against limits.max_entries). Call before any other work of a job.
void check_lattice_size(const std::vector<VertexPoint>& points, const std::vector<VertexLine>& lines,
                        const IntegratorOptions& options, LatticeFamily family, const MultiVertexOptions& limits = {});

/// integrate_multi_vertex on shifted lattice grids (status ok when every entry's standard error is within
/// options.rel_tol / abs_tol; max_evaluations_reached when the next level would exceed the budget or limits;
/// diverged over R^d as integrate_multi_vertex). `nodes` is the last lattice size.
MultiVertexResult integrate_multi_vertex_lattice(const Kernel& kernel, const PointSet& inputs,
                                                 const std::vector<VertexPoint>& points,
                                                 const std::vector<VertexLine>& lines, const Domain& domain,
                                                 const IntegratorOptions& options, LatticeFamily family,
                                                 const MultiVertexOptions& limits = {});

/// integrate_two_vertex on shifted lattice grids (same stopping rule as integrate_multi_vertex_lattice; error =
/// standard error of the mean over shifts). Tuples of one side may differ in length.
TwoVertexResult integrate_two_vertex_lattice(const Kernel& kernel, const PointSet& inputs,
                                             const std::vector<Tuple>& left, const std::vector<Tuple>& right,
                                             int power, const Domain& domain, const IntegratorOptions& options,
                                             LatticeFamily family, const VertexWeight& left_weight = {},
                                             const VertexWeight& right_weight = {},
                                             const MultiVertexOptions& limits = {});

/// The primary and the alternate lattice rule on the same multi-vertex integrals, compared entry by entry
/// (estimates_agree: within 3 × the summed standard errors).
MultiVertexCrossCheck cross_check_multi_vertex_lattice(const Kernel& kernel, const PointSet& inputs,
                                                       const std::vector<VertexPoint>& points,
                                                       const std::vector<VertexLine>& lines, const Domain& domain,
                                                       const IntegratorOptions& options,
                                                       const MultiVertexOptions& limits = {});

/// The primary and the alternate lattice rule on the same two-vertex integrals, compared entry by entry
/// (second_method is lattice_qmc).
TwoVertexCrossCheck cross_check_two_vertex_lattice(const Kernel& kernel, const PointSet& inputs,
                                                   const std::vector<Tuple>& left, const std::vector<Tuple>& right,
                                                   int power, const Domain& domain, const IntegratorOptions& options,
                                                   const VertexWeight& left_weight = {},
                                                   const VertexWeight& right_weight = {},
                                                   const MultiVertexOptions& limits = {});

}  // namespace nnft::numeric
