// Compiled with -mavx2 -mfma when NNFT_SIMD is on (see numeric/CMakeLists.txt); only this file uses
// AVX2 instructions, and it is entered only after avx2_available() (in the portable scalar file) checked the
// CPU at run time. It deliberately uses no standard-library templates (std::vector, …): their inline
// instantiations are shared with portable files at link time and must not carry AVX2 code.
#include "numeric/kernel_transfer.hpp"

#if defined(NNFT_HAVE_AVX2_TRANSFER)
#include <sleef.h>

#include <xsimd/xsimd.hpp>

namespace nnft::numeric::detail {

namespace {

using Batch = xsimd::batch<double, xsimd::avx2>;
constexpr std::size_t kWidth = Batch::size;
constexpr double kPi = 3.14159265358979323846264338327950288;
constexpr int kMaxDepth = 64;  // deeper kernels use the scalar loop

inline Batch vasin(const Batch& x) { return Batch(Sleef_asind4_u10avx2(x)); }
inline Batch vacos(const Batch& x) { return Batch(Sleef_acosd4_u10avx2(x)); }
inline Batch vexp(const Batch& x) { return Batch(Sleef_expd4_u10avx2(x)); }

// The same layer maps as kernel_transfer_scalar.cpp, written on batches (same operation order).
// sb2, sw2: the layer's bias and weight variances (the output layer's C_b, C_W at the last layer).
inline Batch erf_cross(double sb2, double sw2, double sxx, const Batch& syy, const Batch& sxy) {
    const Batch one(1.0), two(2.0), k(sw2 * (2.0 / kPi));
    return Batch(sb2) + k * vasin(two * sxy / xsimd::sqrt(Batch(1.0 + 2.0 * sxx) * (one + two * syy)));
}

inline Batch erf_diagonal(const TransferParams& p, const Batch& syy) {
    const Batch one(1.0), two(2.0), k(p.sw2 * (2.0 / kPi));
    return Batch(p.sb2) + k * vasin(two * syy / (one + two * syy));
}

inline Batch relu_cross(const TransferParams& p, double sb2, double sw2, double sxx, const Batch& syy,
                        const Batch& sxy) {
    const Batch zero(0.0), one(1.0), s = xsimd::sqrt(Batch(sxx) * syy);
    const auto positive = s > zero;
    const Batch c = xsimd::select(positive, xsimd::max(Batch(-1.0), xsimd::min(one, sxy / s)), zero);
    const Batch theta = vacos(c);
    Batch j = xsimd::sqrt(xsimd::max(zero, one - c * c)) + (Batch(kPi) - theta) * c;
    j = xsimd::select(positive, j, zero);
    const Batch out = Batch(sb2) + Batch(sw2 * p.relu_scale * (0.5 / kPi)) * s * j;
    return p.linear == 0.0 ? out : out + Batch(sw2 * p.linear) * sxy;  // piecewise linear: + p q Σxy
}

}  // namespace

void transfer_avx2(const TransferParams& p, double vx, const double* a, const double* b, double* out,
                   std::size_t n) {
    const std::size_t n_vec = n - n % kWidth;
    const double shift = p.eft ? p.out_sb2 : 0.0;
    if (p.net == ActivationKind::gauss) {
        const Batch g(-0.5 * p.sw2 * p.inv_d), base(p.out_sb2 - shift), amp(p.amp);
        for (std::size_t j = 0; j < n_vec; j += kWidth)
            (base + amp * vexp(g * Batch::load_unaligned(a + j))).store_unaligned(out + j);
    } else {
        if (p.depth > kMaxDepth) {
            transfer_scalar(p, vx, a, b, out, n);
            return;
        }
        const auto depth = static_cast<std::size_t>(p.depth);
        double sx[kMaxDepth];
        sx[0] = vx;
        for (std::size_t l = 1; l < depth; ++l) sx[l] = diagonal_layer(p, sx[l - 1]);
        for (std::size_t j = 0; j < n_vec; j += kWidth) {
            Batch syy = Batch::load_unaligned(b + j), sxy = Batch::load_unaligned(a + j);
            for (std::size_t l = 0; l < depth; ++l) {
                const bool last = l + 1 == depth;
                const double sb2 = last ? p.out_sb2 : p.sb2, sw2 = last ? p.out_sw2 : p.sw2;
                if (p.net == ActivationKind::erf) {
                    sxy = erf_cross(sb2, sw2, sx[l], syy, sxy);
                    if (l + 1 < depth) syy = erf_diagonal(p, syy);
                } else {
                    sxy = relu_cross(p, sb2, sw2, sx[l], syy, sxy);
                    if (l + 1 < depth) syy = Batch(p.sb2) + Batch(p.diagonal * p.sw2) * syy;
                }
            }
            (sxy - Batch(shift)).store_unaligned(out + j);
        }
    }
    if (n_vec < n) transfer_scalar(p, vx, a + n_vec, b == nullptr ? nullptr : b + n_vec, out + n_vec, n - n_vec);
}

}  // namespace nnft::numeric::detail

#else

namespace nnft::numeric::detail {

void transfer_avx2(const TransferParams& p, double vx, const double* a, const double* b, double* out,
                   std::size_t n) {
    transfer_scalar(p, vx, a, b, out, n);
}

}  // namespace nnft::numeric::detail

#endif
