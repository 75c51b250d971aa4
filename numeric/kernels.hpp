#pragma once
/// \file NNGP kernels (docs/physics-setup.md §2), scalar and batched: Erf-, ReLU- (and every σ linear on each side
/// of a kink at 0) and Gauss-nets in closed form
/// (SIMD), any other activation by its Hermite expansion or quadrature (numeric/gaussian_pair.hpp).
#include <Eigen/Dense>
#include <algorithm>
#include <atomic>
#include <memory>
#include <span>

#include "numeric/gaussian_pair.hpp"
#include "numeric/kernel_spec.hpp"
#include "numeric/points.hpp"

namespace nnft::numeric {

namespace detail {
class HermiteCache;
}
class LawKernel;
class BiasMixtureLayers;

/// How the batched kernel loops run: SIMD when the CPU allows it, or always the portable scalar loop.
enum class SimdMode { automatic, scalar };

/// A validated GP kernel K(x, y), evaluable one pair at a time or for many nodes y at once.
class Kernel {
public:
    /// Validate `spec` (throws nnft::Error) and pick the SIMD or scalar loop.
    explicit Kernel(const KernelSpec& spec, SimdMode mode = SimdMode::automatic);
    /// The kernel's parameters.
    const KernelSpec& spec() const { return spec_; }
    /// True when the batched loops use the AVX2/SLEEF path.
    bool uses_simd() const { return simd_; }
    /// True for the closed forms (erf, relu, gauss, piecewise linear at 0, uniform phase); false for quadrature.
    bool closed_form() const { return hermite_ == nullptr && law_ == nullptr && mixture_ == nullptr; }
    /// True for the closed forms and for quadrature kernels of activations without kinks: those evaluate pairs near
    /// |ρ| = 1 cheaply enough for grid integrals with lines between vertices (GaussianPairExpectation::smooth).
    bool cheap_near_diagonal() const;
    /// The largest error estimate of the values returned so far (by this kernel and its copies), relative to
    /// σ_b² + σ_W² √(E[σ(u)²] E[σ(v)²]) (C_b, C_W of the output layer); 0 for the closed forms (exact to rounding).
    double max_relative_error() const {
        const double own = max_error_ ? max_error_->load() : 0.0;
        return upper_ ? std::max(own, upper_->max_relative_error()) : own;
    }
    /// K from the covariance of the pre-activations σ is first applied to (v_x, v_y, c_xy) instead of from points:
    /// the layers of spec() after that covariance (not for the Gaussian forms). No validation: a building block.
    double from_covariance(double vx, double vy, double cxy) const;
    /// K(x, y) for one pair; throws nnft::Error on a dimension mismatch or a non-finite coordinate.
    double operator()(std::span<const double> x, std::span<const double> y) const;
    /// out[m * ys.count + j] = K(xs[m], ys[j]) for all m, j (row-major M × n). No validation: hot loop.
    void rows(const PointSet& xs, const PointBlock& ys, double* out) const;
    /// The M × n matrix K(xs[m], ys[j]); validates both sets (throws nnft::Error).
    Eigen::MatrixXd matrix(const PointSet& xs, const PointSet& ys) const;

private:
    // The quadrature path (activations without a closed form): kernel_hermite.cpp.
    double pair_hermite(double vx, double vy, double cxy) const;
    void rows_hermite(const PointSet& xs, const PointBlock& ys, double* out) const;
    void record_error(double relative) const;
    void rows_law(const PointSet& xs, const PointBlock& ys, double* out) const;  // general first-layer laws
    void rows_bias_mixture(const PointSet& xs, const PointBlock& ys, double* out) const;  // … and a deep bias law
    std::shared_ptr<const std::vector<HermitePoint>> layers(double variance) const;  // memoised expansions

    KernelSpec spec_;
    bool simd_;
    std::shared_ptr<const GaussianPairExpectation> hermite_;  // null for the closed forms and general laws
    std::shared_ptr<const LawKernel> law_;                    // set for general first-layer laws (law_kernel.hpp)
    std::shared_ptr<const Kernel> upper_;                     // their Gaussian layers 2 … L (depth > 1)
    std::shared_ptr<const BiasMixtureLayers> mixture_, mixture_coarse_;  // or layers over a bias law (bias_mixture.hpp)
    std::shared_ptr<std::atomic<double>> max_error_;          // shared by copies
    std::shared_ptr<detail::HermiteCache> expansions_;        // the points' expansions, shared by copies
};

}  // namespace nnft::numeric
