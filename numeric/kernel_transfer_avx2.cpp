// Compiled with -mavx2 -mfma when NNFT_SIMD is on (see numeric/CMakeLists.txt); only this file uses
// AVX2 instructions, and it is entered only after avx2_available() checked the CPU at run time.
#include "numeric/kernel_transfer.hpp"

#if defined(NNFT_HAVE_AVX2_TRANSFER)
#include <sleef.h>

#include <xsimd/xsimd.hpp>

namespace nnft::numeric::detail {

namespace {

using Batch = xsimd::batch<double, xsimd::avx2>;
constexpr std::size_t kWidth = Batch::size;
constexpr double kPi = 3.14159265358979323846264338327950288;

inline Batch vasin(const Batch& x) { return Batch(Sleef_asind4_u10avx2(x)); }
inline Batch vacos(const Batch& x) { return Batch(Sleef_acosd4_u10avx2(x)); }
inline Batch vexp(const Batch& x) { return Batch(Sleef_expd4_u10avx2(x)); }

// The same layer maps as kernel_transfer_scalar.cpp, written on batches (same operation order).
inline void erf_layer(const TransferParams& p, Batch& sxx, Batch& syy, Batch& sxy) {
    const Batch one(1.0), two(2.0), sb2(p.sb2), k(p.sw2 * (2.0 / kPi));
    const Batch nxy = sb2 + k * vasin(two * sxy / xsimd::sqrt((one + two * sxx) * (one + two * syy)));
    const Batch nxx = sb2 + k * vasin(two * sxx / (one + two * sxx));
    const Batch nyy = sb2 + k * vasin(two * syy / (one + two * syy));
    sxx = nxx;
    syy = nyy;
    sxy = nxy;
}

inline void relu_layer(const TransferParams& p, Batch& sxx, Batch& syy, Batch& sxy) {
    const Batch zero(0.0), one(1.0), s = xsimd::sqrt(sxx * syy);
    const auto positive = s > zero;
    const Batch c = xsimd::select(positive, xsimd::max(Batch(-1.0), xsimd::min(one, sxy / s)), zero);
    const Batch theta = vacos(c);
    Batch j = xsimd::sqrt(xsimd::max(zero, one - c * c)) + (Batch(kPi) - theta) * c;
    j = xsimd::select(positive, j, zero);
    sxy = Batch(p.sb2) + Batch(p.sw2 * (0.5 / kPi)) * s * j;
    sxx = Batch(p.sb2) + Batch(0.5 * p.sw2) * sxx;
    syy = Batch(p.sb2) + Batch(0.5 * p.sw2) * syy;
}

}  // namespace

void transfer_avx2(const TransferParams& p, double vx, const double* a, const double* b, double* out,
                   std::size_t n) {
    const std::size_t n_vec = n - n % kWidth;
    const double shift = p.eft ? p.sb2 : 0.0;
    if (p.net == Net::gauss) {
        const Batch g(-0.5 * p.sw2 * p.inv_d), base(p.sb2 - shift), sw2(p.sw2);
        for (std::size_t j = 0; j < n_vec; j += kWidth)
            (base + sw2 * vexp(g * Batch::load_unaligned(a + j))).store_unaligned(out + j);
    } else {
        for (std::size_t j = 0; j < n_vec; j += kWidth) {
            Batch sxx(vx), syy = Batch::load_unaligned(b + j), sxy = Batch::load_unaligned(a + j);
            for (int l = 0; l < p.depth; ++l) {
                if (p.net == Net::erf)
                    erf_layer(p, sxx, syy, sxy);
                else
                    relu_layer(p, sxx, syy, sxy);
            }
            (sxy - Batch(shift)).store_unaligned(out + j);
        }
    }
    if (n_vec < n) transfer_scalar(p, vx, a + n_vec, b == nullptr ? nullptr : b + n_vec, out + n_vec, n - n_vec);
}

bool avx2_available() { return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"); }

}  // namespace nnft::numeric::detail

#else

namespace nnft::numeric::detail {

void transfer_avx2(const TransferParams& p, double vx, const double* a, const double* b, double* out,
                   std::size_t n) {
    transfer_scalar(p, vx, a, b, out, n);
}

bool avx2_available() { return false; }

}  // namespace nnft::numeric::detail

#endif
