#include <algorithm>
#include <cmath>
#include <numbers>
#include <vector>

#include "numeric/kernel_transfer.hpp"

namespace nnft::numeric::detail {

namespace {

constexpr int kMaxDepthOnStack = 16;

// One hidden layer of the NNGP recursion: (Σxx, Σyy, Σxy) of the pre-activations → next layer.
// erf:  E[erf(u) erf(v)] = (2/π) asin(2Σxy / sqrt((1+2Σxx)(1+2Σyy)))     (Williams 1997; eq. 2.28)
// relu: E[relu(u) relu(v)] = sqrt(Σxx Σyy)/(2π) (sin θ + (π−θ) cos θ)   (Cho & Saul 2009; eq. 2.31)
// piecewise linear σ = q u + (p−q) relu(u): (p−q)² times the relu term + p q Σxy (E[u relu(v)] = Σxy/2 by the
// symmetry (u, v) → (−u, −v); docs/methods/kernels.md)
// Cross term only: the diagonal Σxx depends on x alone and is advanced once per row by diagonal_layer;
// Σyy is advanced per node only when another layer follows.
// sb2, sw2: the layer's bias and weight variances (the output layer's C_b, C_W at the last layer).
inline double erf_cross(double sb2, double sw2, double sxx, double syy, double sxy) {
    const double two_over_pi = 2.0 / std::numbers::pi;
    return sb2 + sw2 * two_over_pi * std::asin(2.0 * sxy / std::sqrt((1.0 + 2.0 * sxx) * (1.0 + 2.0 * syy)));
}

inline double relu_cross(const TransferParams& p, double sb2, double sw2, double sxx, double syy, double sxy) {
    const double s = std::sqrt(sxx * syy);
    double j = 0.0;
    if (s > 0.0) {
        const double c = std::clamp(sxy / s, -1.0, 1.0);
        const double theta = std::acos(c);
        j = std::sqrt(std::max(0.0, 1.0 - c * c)) + (std::numbers::pi - theta) * c;
    }
    const double out = sb2 + sw2 * p.relu_scale * (0.5 / std::numbers::pi) * s * j;
    return p.linear == 0.0 ? out : out + sw2 * p.linear * sxy;  // relu: the same operations as before
}

}  // namespace

double diagonal_layer(const TransferParams& p, double sxx) {
    if (p.net == ActivationKind::erf) return p.sb2 + p.sw2 * (2.0 / std::numbers::pi) * std::asin(2.0 * sxx / (1.0 + 2.0 * sxx));
    return p.sb2 + p.diagonal * p.sw2 * sxx;  // relu family: E[σ(u)²] = (p² + q²) Σ/2 (relu: Σ/2)
}

void set_kink_slopes(TransferParams& p, const KinkSlopes& s) {
    p.net = ActivationKind::relu;
    p.relu_scale = (s.positive - s.negative) * (s.positive - s.negative);
    p.linear = s.positive * s.negative;
    p.diagonal = 0.5 * (s.positive * s.positive + s.negative * s.negative);
}

void transfer_scalar(const TransferParams& p, double vx, const double* a, const double* b, double* out,
                     std::size_t n) {
    const double shift = p.eft ? p.out_sb2 : 0.0;
    if (p.net == ActivationKind::gauss) {
        const double g = -0.5 * p.sw2 * p.inv_d;
        for (std::size_t j = 0; j < n; ++j) out[j] = (p.out_sb2 - shift) + p.amp * std::exp(g * a[j]);
        return;
    }
    double sxx[kMaxDepthOnStack];
    std::vector<double> sxx_heap;
    double* sx = sxx;
    if (p.depth > kMaxDepthOnStack) {
        sxx_heap.resize(static_cast<std::size_t>(p.depth));
        sx = sxx_heap.data();
    }
    sx[0] = vx;
    for (int l = 1; l < p.depth; ++l) sx[l] = diagonal_layer(p, sx[l - 1]);
    for (std::size_t j = 0; j < n; ++j) {
        double syy = b[j], sxy = a[j];
        for (int l = 0; l < p.depth; ++l) {
            const bool last = l + 1 == p.depth;
            const double sb2 = last ? p.out_sb2 : p.sb2, sw2 = last ? p.out_sw2 : p.sw2;
            sxy = p.net == ActivationKind::erf ? erf_cross(sb2, sw2, sx[l], syy, sxy)
                                               : relu_cross(p, sb2, sw2, sx[l], syy, sxy);
            if (l + 1 < p.depth) syy = diagonal_layer(p, syy);
        }
        out[j] = sxy - shift;
    }
}

bool avx2_available() {
#if defined(NNFT_HAVE_AVX2_TRANSFER)
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
    return false;
#endif
}

bool avx512_available() {
#if defined(NNFT_HAVE_AVX2_TRANSFER)
    return avx2_available() && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq");
#else
    return false;
#endif
}

}  // namespace nnft::numeric::detail
