#pragma once
/// \file Multi-vertex diagrams by contraction on a quadrature grid (Eigen):
/// ∫∫ A(y) K(y, z)^p B(z) dy dz ≈ aᵀ (W_y (K∘…∘K) W_z) b with W the diagonal quadrature weights.
#include <Eigen/Dense>
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "numeric/domain.hpp"
#include "numeric/integration_result.hpp"
#include "numeric/integrator_options.hpp"
#include "numeric/kernels.hpp"
#include "numeric/tuples.hpp"
#include "numeric/vertex_integrand.hpp"

namespace nnft::numeric {

/// Nodes (in y) and weights (Jacobian included) of a quadrature rule, materialised.
struct QuadratureGrid {
    PointSet nodes;           ///< the nodes
    Eigen::VectorXd weights;  ///< one weight per node
};

/// The tensor Gauss–Legendre grid of `domain` with `order` points per panel and `panels` panels per segment.
QuadratureGrid tensor_grid(const Domain& domain, int order, int panels);

/// Nodes of tensor_grid(domain, order, panels), computed without building the grid.
long long tensor_grid_size(const Domain& domain, int order, int panels);

/// A randomly shifted, tent-periodised rank-1 lattice grid (CBC vector, prime n ≤ n_points, γ_j = 1/j²) with
/// equal weights times the Jacobian: for multi-vertex contraction in higher d_in. Repeat with other seeds for
/// an error bar.
QuadratureGrid lattice_grid(const Domain& domain, std::uint64_t n_points, std::uint64_t seed);

/// The n-point rank-1 lattice grid with generating vector z (n prime), shifted by `shift` (in [0,1)^d),
/// tent-periodised and mapped onto the domain; equal weights times the Jacobian.
QuadratureGrid lattice_grid(const Domain& domain, std::uint64_t n, std::span<const std::uint64_t> z,
                            std::span<const double> shift);

/// Elementwise power M∘…∘M (p ≥ 0; p = 0 gives all ones).
Eigen::MatrixXd hadamard_power(const Eigen::MatrixXd& m, int p);

/// aᵀ W_y M W_z b: a on grid y, b on grid z, M the (y, z) kernel matrix (or a Hadamard power of it).
double weighted_contraction(const Eigen::VectorXd& a, const QuadratureGrid& gy, const Eigen::MatrixXd& m,
                            const QuadratureGrid& gz, const Eigen::VectorXd& b);

/// Batched form: A W_y M W_z Bᵀ for rows of A (left factors on grid y) and rows of B (right factors on grid z).
Eigen::MatrixXd weighted_contraction(const Eigen::MatrixXd& a, const QuadratureGrid& gy, const Eigen::MatrixXd& m,
                                     const QuadratureGrid& gz, const Eigen::MatrixXd& b);

/// Row t, column j: w(node j) Π_i K(x_{t_i}, node j) (the local vertex factor of tuple t on the grid; w = 1 when
/// `weight` is empty).
Eigen::MatrixXd leg_products(const Kernel& kernel, const PointSet& inputs, const std::vector<Tuple>& tuples,
                             const QuadratureGrid& grid, const VertexWeight& weight = {});

/// Two-vertex integrals for every (left tuple s, right tuple t):
/// ∫∫ w_L(y) Π_{i∈s} K(x_i, y) K(y, z)^power Π_{j∈t} K(x_j, z) w_R(z) dy dz over domain × domain
/// (w_L, w_R the optional vertex weights, e.g. self-loops L(y)^s or |y|²; 1 when empty).
struct TwoVertexResult {
    Eigen::MatrixXd value;         ///< (left tuples) × (right tuples)
    Eigen::MatrixXd error;         ///< |finer − coarser grid level|
    long long evaluations = 0;     ///< kernel evaluations spent (grid² per level plus legs)
    Status status = Status::ok;    ///< ok when every entry met the tolerance
    std::string reason;            ///< why not ok
};

/// Contract on tensor Gauss–Legendre grids with panels 1, 2, 3, 4, 6, … until successive levels agree within
/// options.rel_tol / abs_tol (per entry) or the grid² cost would exceed options.max_evaluations. On R^d, a
/// vertex whose weighted legs do not decay (erf, relu) gives status diverged and NaN values. The weights are
/// applied on the grid nodes of the y (left) and z (right) vertex.
TwoVertexResult integrate_two_vertex(const Kernel& kernel, const PointSet& inputs, const std::vector<Tuple>& left,
                                     const std::vector<Tuple>& right, int power, const Domain& domain,
                                     const IntegratorOptions& options, const VertexWeight& left_weight = {},
                                     const VertexWeight& right_weight = {});

namespace detail {
/// Throw nnft::Error unless the two-vertex domain has the kernel's d_in.
void check_two_vertex_domain(const Kernel& kernel, const Domain& domain);

/// True when the two-vertex integral over R^d diverges: a side's weighted legs do not decay (false on a box).
bool two_vertex_diverges(const Kernel& kernel, const PointSet& inputs, const std::vector<Tuple>& left,
                         const std::vector<Tuple>& right, const Domain& domain, const VertexWeight& left_weight,
                         const VertexWeight& right_weight);

/// The two-vertex integrals of every (left, right) tuple with y on `gy` and z on `gz` (the same grid for tensor
/// rules, independently shifted lattices for QMC); adds the kernel evaluations (|gy|·|gz| plus legs) to `evaluations`.
/// The kernel matrix is formed in blocks of rows of `gy` (memory ∝ block · |gz|, not |gy|·|gz|), `heartbeat`
/// called between blocks; every sum is formed as detail::dot4 forms it, so the result does not depend on the block.
Eigen::MatrixXd two_vertex_on_grids(const Kernel& kernel, const PointSet& inputs, const std::vector<Tuple>& left,
                                    const std::vector<Tuple>& right, int power, const QuadratureGrid& gy, const QuadratureGrid& gz,
                                    const VertexWeight& left_weight, const VertexWeight& right_weight,
                                    long long& evaluations, const std::function<void()>& heartbeat = {});

/// A two-vertex result with every entry NaN and status diverged (the reason names the fix).
TwoVertexResult diverged_two_vertex(Eigen::Index rows, Eigen::Index cols);
}  // namespace detail

}  // namespace nnft::numeric
