#pragma once
/// \file Leading-order quartic vertex from a connected 4-point function on a quadrature grid (2307.03223):
/// legs amputated with the inverse of the kernel operator on L²(w), regularised by keeping the top-r
/// eigenmodes of A = W^{1/2} K W^{1/2}, and compared with the local vertex −24λ∫ΠK pushed through the same
/// regularised amputation.
///
/// With A = U S Uᵀ and B = W^{1/2} U_r S_r^{-1} (n × r), the amputated vertex in eigen-coordinates is
/// Γ̂_{αβγδ} = Σ_{abcd} G4_{abcd} B_{aα} B_{bβ} B_{cγ} B_{dδ} = ∫ G4 Π u_α / (s_α s_β s_γ s_δ) (u_α the L²
/// eigenfunctions), and Γ̃ = Γ̂ ×_i U_r is the L²(w) vertex on the grid. Unregularised (r = n), the local data
/// G4 = −24λ Σ_j w_j Π_i K(x_i, y_j) give Γ̃ = −24λ δ_{abcd}/w_a: a discrete δ-function vertex.
#include "sampler/tuples.hpp"

#include <Eigen/Dense>
#include <cstddef>
#include <vector>

namespace nnft::eft {

/// Eigenvalues of W^{1/2} K W^{1/2} at or below this fraction of the largest count as round-off (numerical rank).
inline constexpr double kRoundoffEigenvalue = 1e-12;

/// A totally symmetric 4-index tensor over n points, stored once per non-decreasing tuple (n⁴/24 values).
class SymmetricTensor4 {
public:
    /// The zero tensor over `points` indices (1 ≤ points ≤ 200).
    explicit SymmetricTensor4(std::size_t points);
    /// Number of points n.
    std::size_t points() const { return table_.points(); }
    /// Number of stored values C(n+3, 4).
    std::size_t size() const { return values_.size(); }
    /// The value at (a, b, c, d) in any order.
    double at(int a, int b, int c, int d) const { return values_[index(a, b, c, d)]; }
    /// Mutable value at (a, b, c, d) in any order.
    double& at(int a, int b, int c, int d) { return values_[index(a, b, c, d)]; }
    /// Storage position of (a, b, c, d) in any order.
    std::size_t index(int a, int b, int c, int d) const;
    /// The non-decreasing tuple stored at position i.
    std::vector<std::uint16_t> tuple(std::size_t i) const { return table_.tuple(table_.offset(4) + i); }
    /// The stored values (order of `tuple`).
    const std::vector<double>& values() const { return values_; }
    /// Mutable stored values.
    std::vector<double>& values() { return values_; }

private:
    sampler::TupleTable table_;
    std::vector<double> values_;
};

/// G4 of the local vertex at unit coupling on the grid: −24 Σ_j w_j K_aj K_bj K_cj K_dj (talk convention,
/// ΔS = +λ∫f⁴ without 1/4!).
SymmetricTensor4 local_vertex_g4(const Eigen::MatrixXd& kernel, const std::vector<double>& weights);

/// G4 of the bilocal operator λNL∫∫f(x)²f(y)² at unit coupling: −8 Σ_{3 pairings (ab|cd)} (Σ_j w_j K_aj K_bj)
/// (Σ_k w_k K_ck K_dk) (docs/physics-setup.md §3).
SymmetricTensor4 bilocal_vertex_g4(const Eigen::MatrixXd& kernel, const std::vector<double>& weights);

/// Eigen-decomposition of the weighted kernel operator A = W^{1/2} K W^{1/2}, eigenvalues descending.
struct KernelSpectrum {
    Eigen::VectorXd eigenvalues;  ///< s_1 ≥ s_2 ≥ … (negative round-off values kept as they are)
    Eigen::MatrixXd vectors;      ///< columns U_k, orthonormal
    Eigen::VectorXd sqrt_weights; ///< √w_a
    /// Number of eigenvalues with s_k > threshold · s_1.
    int rank_above(double threshold) const;
};

/// Decompose; throws nnft::Error when K is not square and symmetric of the weights' size, or a weight is ≤ 0.
KernelSpectrum kernel_spectrum(const Eigen::MatrixXd& kernel, const std::vector<double>& weights);

/// The amputated vertex Γ̂ in eigen-coordinates at `rank` (dense r⁴, index ((α·r + β)·r + γ)·r + δ), computed
/// leg by leg from the symmetric storage. Throws nnft::Error as fit_local_vertex does.
std::vector<double> amputated_vertex(const KernelSpectrum& spectrum, const SymmetricTensor4& g4, int rank);

/// Outcome of fitting Γ_data ≈ λ Γ_local at one regularisation rank.
struct LocalVertexFit {
    int rank = 0;                         ///< eigenmodes kept
    double lambda = 0.0;                  ///< <Γ̂_data, Γ̂_local> / <Γ̂_local, Γ̂_local> (Frobenius over all index orders)
    double data_error = 0.0;              ///< bound on |δλ| from the data errors pushed through |B| and |Γ̂_local|
    double residual = 0.0;                ///< ‖Γ̂_data − λ Γ̂_local‖ / ‖Γ̂_data‖ (0: exactly local at this rank)
    double diagonal_fraction_data = 0.0;  ///< Σ_a Γ̃_aaaa² / ‖Γ̃‖² for the data (1: all weight on the diagonal)
    double diagonal_fraction_local = 0.0; ///< the same for the local model at the same rank (the regularisation's smearing)
};

/// Amputate `g4` (errors `g4_error`, absolute, same shape; may be all zero) and the model `local` (e.g.
/// local_vertex_g4 of the same kernel and weights) with the same top `rank` modes of `spectrum`, and fit
/// Γ̂_data ≈ λ Γ̂_local. Throws nnft::Error on shape mismatches, a rank outside 1..n, a kept eigenvalue at round-off
/// or a model that vanishes at this rank.
LocalVertexFit fit_local_vertex(const KernelSpectrum& spectrum, const SymmetricTensor4& g4, const SymmetricTensor4& g4_error,
                                const SymmetricTensor4& local, int rank);

}  // namespace nnft::eft
