#pragma once
/// \file NNGP kernels of Erf-, ReLU- and Gauss-nets (docs/physics-setup.md §2), scalar and batched (SIMD).
#include <Eigen/Dense>
#include <span>

#include "numeric/kernel_spec.hpp"
#include "numeric/points.hpp"

namespace nnft::numeric {

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
    /// K(x, y) for one pair; throws nnft::Error on a dimension mismatch or a non-finite coordinate.
    double operator()(std::span<const double> x, std::span<const double> y) const;
    /// out[m * ys.count + j] = K(xs[m], ys[j]) for all m, j (row-major M × n). No validation: hot loop.
    void rows(const PointSet& xs, const PointBlock& ys, double* out) const;
    /// The M × n matrix K(xs[m], ys[j]); validates both sets (throws nnft::Error).
    Eigen::MatrixXd matrix(const PointSet& xs, const PointSet& ys) const;

private:
    KernelSpec spec_;
    bool simd_;
};

}  // namespace nnft::numeric
