#pragma once
/// \file Internal: the elementwise non-linear part of the NNGP kernels, scalar and SIMD versions.
#include <cstddef>

#include "numeric/kernel_spec.hpp"

namespace nnft::numeric::detail {

/// Kernel constants shared by the scalar and SIMD transfer loops.
struct TransferParams {
    ActivationKind net = ActivationKind::erf;  ///< activation (a built-in with a closed-form kernel; gauss for every Gaussian form)
    int depth = 1;       ///< hidden layers
    double sw2 = 1.0;    ///< σ_W²
    double sb2 = 0.0;    ///< σ_b²
    double out_sw2 = 1.0;  ///< C_W of the last layer (σ_W² unless the output laws differ)
    double out_sb2 = 0.0;  ///< C_b of the last layer (σ_b² unless the output laws differ); the Gaussian form's constant
    double amp = 1.0;    ///< amplitude a of the Gaussian form σ_b² + a exp(−σ_W²|x−y|²/(2d)) (σ_W² for Gauss-net)
    double inv_d = 1.0;  ///< 1 / d_in
    bool eft = false;    ///< subtract C_b from the result
    /// Piecewise-linear σ = q·u + (p − q)·relu(u) (net = relu; relu itself: p = 1, q = 0): E[σ(u)σ(v)] =
    /// (p − q)² J(Σxx, Σyy, Σxy) + p q Σxy, J the arc-cosine kernel E[relu(u)relu(v)] (docs/methods/kernels.md).
    double relu_scale = 1.0;  ///< (p − q)²
    double linear = 0.0;      ///< p q
    double diagonal = 0.5;    ///< (p² + q²)/2: E[σ(u)²] = diagonal · Σxx
};

/// The relu-family constants of a piecewise-linear σ with slopes `s` (relu_scale, linear, diagonal above).
void set_kink_slopes(TransferParams& p, const KinkSlopes& s);

/// out[j] = K for n nodes. erf/relu: a[j] = c(x, y_j) = σ_b² + σ_W² x·y_j/d, b[j] = v(y_j), vx = v(x).
/// gauss (every Gaussian form): a[j] = |x − y_j|², b and vx unused. Portable scalar loop (libm).
void transfer_scalar(const TransferParams& p, double vx, const double* a, const double* b, double* out,
                     std::size_t n);

/// Same as transfer_scalar, vectorised with xsimd (AVX2 batches) and SLEEF (asin, acos, exp).
/// Call only when avx2_available() is true.
void transfer_avx2(const TransferParams& p, double vx, const double* a, const double* b, double* out,
                   std::size_t n);

/// One layer of the recursion on the diagonal: Σ(x, x) of layer l → layer l + 1 (erf or the relu family).
double diagonal_layer(const TransferParams& p, double sxx);

/// True when the AVX2 transfer loop was compiled in and the CPU supports AVX2 and FMA.
bool avx2_available();

/// True when avx2_available() and the CPU also has AVX-512F and AVX-512DQ (the 16-lane RNG and sampler paths).
bool avx512_available();

}  // namespace nnft::numeric::detail
