// Built with -ffp-contract=off (no FMA contraction) and -fno-math-errno (the lane-wise square root is the
// bare IEEE instruction; its argument is never negative): see sampler/CMakeLists.txt. The kernel is one
// template over the vector width (8 lanes for AVX-512, 4 for AVX2, 2 for baseline x86-64, each its CPU's
// register width, chosen at run time); every lane does the same IEEE operations in the same order, so all
// widths give the same bits.
#include "sampler/detail/box_muller.hpp"
#include "sampler/detail/lanes.hpp"  // NNFT_SHUFFLE

#include "numeric/kernel_transfer.hpp"  // avx2_available(), avx512_available()

#include <cstdint>

namespace nnft::sampler::detail {

namespace {
// Pairs per group of box_muller_lanes.
constexpr std::size_t kGroup = 8;

// W doubles, their bits, and comparison masks, as GCC vectors.
template <int W>
struct Vec {
    typedef double D __attribute__((__vector_size__(8 * W)));
    typedef std::uint64_t U __attribute__((__vector_size__(8 * W)));
    typedef long long I __attribute__((__vector_size__(8 * W)));
};

// Unaligned loads and stores (memcpy: an aligned attribute on a dependent vector typedef is not kept).
template <class D>
__attribute__((always_inline)) inline D load(const double* p) {
    D v;
    __builtin_memcpy(&v, p, sizeof v);
    return v;
}
template <class D>
__attribute__((always_inline)) inline void store(double* p, D v) {
    __builtin_memcpy(p, &v, sizeof v);
}

// ln 2 = kLn2Hi + kLn2Lo; kLn2Hi has 41 significant bits, so e·kLn2Hi is exact for |e| < 2^11.
constexpr double kLn2Hi = 0x1.62e42fefa3800p-1;
constexpr double kLn2Lo = 0x1.ef35793c76730p-45;
// R(z)/z for R(z) = 2 atanh(√z)/√z − 2 = 2z/3 + 2z²/5 + … on z ∈ [0, ((√2 − 1)/(√2 + 1))²]: the degree-6 Chebyshev
// interpolant (mpmath chebyfit, 200 bits), coefficients rounded to double, lowest degree first. Its error
// (with the rounding) moves ln u by < 0.05 ulp (checked in mpmath on 2001 points).
constexpr double kLogR[7] = {0x1.5555555555558p-1, 0x1.99999999952e2p-2, 0x1.2492492df148dp-2, 0x1.c71c62e5800a1p-3,
                             0x1.7462b4ab2ef6bp-3, 0x1.39fe606542ddep-3, 0x1.2b584aae78a57p-3};
// The bits of √½ rounded to double: the reduction below puts m in [√½, √2).
constexpr std::uint64_t kSqrtHalfBits = 0x3fe6a09e667f3bcdull;

// (sin(πt) − πt)/t³ and (cos(πt) − 1 + π²t²/2)/t⁴ as polynomials in z = t² on [0, 1/16]: degree-6 and
// degree-5 Chebyshev interpolants (mpmath chebyfit, 200 bits), rounded to double, lowest degree first
// (≈ −π³/6, π⁵/120, … and π⁴/24, −π⁶/720, …). With the rounding they move sin πt and cos πt by < 0.05 ulp.
constexpr double kSinQ[7] = {-0x1.4abbce625be53p+2, 0x1.466bc6775aae1p+1,  -0x1.32d2cce62b872p-1, 0x1.50783486facaap-4,
                             -0x1.e3074d2614b2dp-8, 0x1.e8f036bcd3237p-12, -0x1.6cc577dadd922p-16};
constexpr double kCosQ[6] = {0x1.03c1f081b5ac4p+2,  -0x1.55d3c7e3cbd74p+0, 0x1.e1f50688302c5p-3,
                             -0x1.a6d1f0ab7905cp-6, 0x1.f9cfc07738157p-10, -0x1.b38340f56931fp-14};
// The leading terms in two parts (mpmath): π = kPiHi + kPiLo with 35 significant bits in kPiHi, and
// π²/2 = kHalfPi2Hi + kHalfPi2Lo with 19 in kHalfPi2Hi, so that their products with t_hi (17 bits) and
// t_hi² (34 bits) are exact.
constexpr double kPiHi = 0x1.921fb54440000p+1;
constexpr double kPiLo = 0x1.68c234c4c6629p-38;
constexpr double kHalfPi2Hi = 0x1.3bd3c00000000p+2;
constexpr double kHalfPi2Lo = 0x1.937c8bbcb495cp-19;
// Clears the low 36 of the 52 stored significand bits: t_hi keeps 17 significant bits of t.
constexpr std::uint64_t kHigh17 = ~((std::uint64_t{1} << 36) - 1);

// z^n for n a power of two (repeated squaring; the common squares are computed once).
template <int N, class D>
__attribute__((always_inline)) inline D power(D z) {
    if constexpr (N == 1)
        return z;
    else
        return power<N / 2>(z) * power<N / 2>(z);
}

// Σ_{j<N} c[j]·z^j by Estrin's scheme (P_low + z^h·P_high with h the largest power of two below N):
// a dependency chain of ~log2 N multiply-adds instead of Horner's N.
template <int N, class D>
__attribute__((always_inline)) inline D estrin(const double* c, D z) {
    if constexpr (N == 1) {
        return D{} + c[0];
    } else if constexpr (N == 2) {
        return c[0] + c[1] * z;
    } else {
        constexpr int h = N > 8 ? 8 : N > 4 ? 4 : 2;
        return estrin<h>(c, z) + power<h>(z) * estrin<N - h>(c + h, z);
    }
}

// ln u for 0 < u ≤ 1, lane-wise. u = m·2^e with m ∈ [√½, √2), f = m − 1 (exact), s = f/(2 + f), so
// ln m = 2 atanh s = 2s + s·R(s²) with R(z) = Σ_{k≥1} 2 z^k/(2k + 1) = z·kLogR(z) (|s| ≤ 0.1716). As
// 2s = f − f²/2 + s·f²/2, ln m = f − (f²/2 − s·(f²/2 + R)): the leading f is exact and the divide's rounding
// enters only the small correction, which keeps the error near 1 ulp.
template <int W>
__attribute__((always_inline)) inline typename Vec<W>::D log_lanes(typename Vec<W>::D u) {
    using D = typename Vec<W>::D;
    using U = typename Vec<W>::U;
    // Subnormal u (never a Philox uniform, which is ≥ 2^−54): scale into the normal range first.
    const auto tiny = u < 0x1.0p-1022;
    const D x = tiny ? u * 0x1.0p54 : u;
    const U i = __builtin_bit_cast(U, x);
    // k = e + 1024 where e = ⌊(bits(x) − bits(√½)) / 2^52⌋ (the offset 2^62 keeps the difference ≥ 0).
    const U k = (i - kSqrtHalfBits + (std::uint64_t{1} << 62)) >> 52;
    const D m = __builtin_bit_cast(D, i - ((k - 1024) << 52));
    // e as a double, exactly: the integer k in the low mantissa bits of 2^52, minus 2^52 + 1024.
    const D e = (__builtin_bit_cast(D, k | 0x4330000000000000ull) - (0x1.0p52 + 1024.0)) - (tiny ? D{} + 54.0 : D{});
    const D f = m - 1.0;
    const D s = f / (2.0 + f);
    const D z = s * s;
    const D r = z * estrin<7>(kLogR, z);
    const D hfsq = 0.5 * f * f;
    return e * kLn2Hi - ((hfsq - (s * (hfsq + r) + e * kLn2Lo)) - f);
}

// sin(πt) and cos(πt) for |t| ≤ ¼. The leading terms πt and 1 − (π²/2)t² carry most of the value and are
// formed (nearly) exactly: t = t_hi + t_lo with t_hi of 17 bits, so t_hi·kPiHi and t_hi²·kHalfPi2Hi are exact
// products, and 1 − h_hi is split by Fast2Sum; the rest is a small correction added once at the end
// (≈ ½ ulp from that last rounding plus ≈ 0.1–0.2 ulp from everything else).
template <int W>
__attribute__((always_inline)) inline void sincospi_lanes(typename Vec<W>::D t, typename Vec<W>::D& sin_t,
                                                          typename Vec<W>::D& cos_t) {
    using D = typename Vec<W>::D;
    using U = typename Vec<W>::U;
    const D z = t * t;
    const D t_hi = __builtin_bit_cast(D, __builtin_bit_cast(U, t) & kHigh17), t_lo = t - t_hi;
    sin_t = t_hi * kPiHi + ((t_lo * kPiHi + t * kPiLo) + (t * z) * estrin<7>(kSinQ, z));
    const D z_hi = t_hi * t_hi, z_lo = t_lo * (t + t_hi);  // t² = z_hi + z_lo, z_hi exact
    const D h_hi = z_hi * kHalfPi2Hi, h_lo = z_lo * kHalfPi2Hi + z * kHalfPi2Lo;
    const D w = 1.0 - h_hi, w_err = (1.0 - w) - h_hi;  // w + w_err = 1 − h_hi exactly
    cos_t = w + ((w_err - h_lo) + (z * z) * estrin<6>(kCosQ, z));
}

// c = r cos 2πu2, s = r sin 2πu2, r = √(−2 ln u1), lane-wise.
// The angle in half turns, x = 2·u2 ∈ [0, 2], is reduced exactly: n = nearest integer to 2x (quarter
// turns), t = x − n/2 with |t| ≤ ¼ (Sterbenz: x and n/2 are within a factor 2 unless n = 0); then
// sin(πt), cos(πt), and the quadrant n mod 4 swaps them and sets signs.
template <int W>
__attribute__((always_inline)) inline void box_muller_lanes_w(const double* u1, const double* u2, typename Vec<W>::D& c,
                                                              typename Vec<W>::D& s) {
    using D = typename Vec<W>::D;
    using U = typename Vec<W>::U;
    const D ln = log_lanes<W>(load<D>(u1));
    D r;
    for (int l = 0; l < W; ++l)
        r[l] = __builtin_sqrt(-2.0 * ln[l]);
    const D x = 2.0 * load<D>(u2);
    const D shifted = (2.0 * x) + 0x1.8p52;  // rounds 2x to an integer n in the low mantissa bits
    const D n = shifted - 0x1.8p52;
    const U q = __builtin_bit_cast(U, shifted) & 3;
    D sin_t, cos_t;
    sincospi_lanes<W>(x - 0.5 * n, sin_t, cos_t);
    // Quadrant q: cos 2πu2 = (C, −S, −C, S)[q] and sin 2πu2 = (S, C, −S, −C)[q] with C = cos πt, S = sin πt.
    const auto odd = (q & 1) != 0;
    const D a = odd ? sin_t : cos_t, b = odd ? cos_t : sin_t;
    const U cos_sign = ((q + 1) & 2) << 62, sin_sign = (q & 2) << 62;
    c = __builtin_bit_cast(D, __builtin_bit_cast(U, r * a) ^ cos_sign);
    s = __builtin_bit_cast(D, __builtin_bit_cast(U, r * b) ^ sin_sign);
}

// Pairs k … k + W − 1 → out[2k …]: c0 s0 c1 s1 ….
template <int W>
__attribute__((always_inline)) inline void interleaved(const double* u1, const double* u2, double* out,
                                                       std::size_t pairs) {
    using D = typename Vec<W>::D;
    using I [[maybe_unused]] = typename Vec<W>::I;  // gcc's shuffle mask (NNFT_SHUFFLE)
    for (std::size_t k = 0; k < pairs; k += W) {
        D c, s;
        box_muller_lanes_w<W>(u1 + k, u2 + k, c, s);
        if constexpr (W == 8) {
            store(out + 2 * k, NNFT_SHUFFLE(I, c, s, 0, 8, 1, 9, 2, 10, 3, 11));
            store(out + 2 * k + W, NNFT_SHUFFLE(I, c, s, 4, 12, 5, 13, 6, 14, 7, 15));
        } else if constexpr (W == 4) {
            store(out + 2 * k, NNFT_SHUFFLE(I, c, s, 0, 4, 1, 5));
            store(out + 2 * k + W, NNFT_SHUFFLE(I, c, s, 2, 6, 3, 7));
        } else {
            static_assert(W == 2, "widths 8, 4, 2");
            store(out + 2 * k, NNFT_SHUFFLE(I, c, s, 0, 2));
            store(out + 2 * k + W, NNFT_SHUFFLE(I, c, s, 1, 3));
        }
    }
}

// Groups of kGroup pairs, lane-major (see box_muller_lanes), W lanes at a time.
template <int W>
__attribute__((always_inline)) inline void lane_major(const double* u1, const double* u2, double* normals,
                                                     std::size_t groups) {
    using D = typename Vec<W>::D;
    for (std::size_t k = 0; k < groups; ++k)
        for (std::size_t h = 0; h < kGroup; h += W) {
            D c, s;
            box_muller_lanes_w<W>(u1 + k * kGroup + h, u2 + k * kGroup + h, c, s);
            store(normals + 2 * k * kGroup + h, c);
            store(normals + (2 * k + 1) * kGroup + h, s);
        }
}

// One entry point per instruction set: the widest registers of each (no FMA: -ffp-contract=off).
__attribute__((target("avx512f"))) void interleaved_avx512(const double* a, const double* b, double* o, std::size_t n) {
    interleaved<8>(a, b, o, n);
}
__attribute__((target("avx2"))) void interleaved_avx2(const double* a, const double* b, double* o, std::size_t n) {
    interleaved<4>(a, b, o, n);
}
void interleaved_sse2(const double* a, const double* b, double* o, std::size_t n) { interleaved<2>(a, b, o, n); }
__attribute__((target("avx512f"))) void lane_major_avx512(const double* a, const double* b, double* o, std::size_t g) {
    lane_major<8>(a, b, o, g);
}
__attribute__((target("avx2"))) void lane_major_avx2(const double* a, const double* b, double* o, std::size_t g) {
    lane_major<4>(a, b, o, g);
}
void lane_major_sse2(const double* a, const double* b, double* o, std::size_t g) { lane_major<2>(a, b, o, g); }

// 2: AVX-512, 1: AVX2, 0: baseline.
int level() {
    static const int l = numeric::detail::avx512_available() ? 2 : numeric::detail::avx2_available() ? 1 : 0;
    return l;
}

// Whole groups of kGroup pairs at the widest width (every width gives the same bits).
void interleaved_any(const double* u1, const double* u2, double* out, std::size_t pairs) {
    switch (level()) {
    case 2: interleaved_avx512(u1, u2, out, pairs); break;
    case 1: interleaved_avx2(u1, u2, out, pairs); break;
    default: interleaved_sse2(u1, u2, out, pairs); break;
    }
}
}  // namespace

void box_muller(const double* u1, const double* u2, double* out, std::size_t pairs) {
    const std::size_t whole = pairs / kGroup * kGroup;
    interleaved_any(u1, u2, out, whole);
    if (whole == pairs)
        return;
    // The last pairs padded to a whole group (each lane is computed on its own: the same bits).
    double a[kGroup], b[kGroup], o[2 * kGroup];
    for (std::size_t l = 0; l < kGroup; ++l) {
        a[l] = whole + l < pairs ? u1[whole + l] : 0.5;
        b[l] = whole + l < pairs ? u2[whole + l] : 0.5;
    }
    interleaved_any(a, b, o, kGroup);
    for (std::size_t j = 0; j < 2 * (pairs - whole); ++j)
        out[2 * whole + j] = o[j];
}

void box_muller_lanes(const double* u1, const double* u2, double* normals, std::size_t pairs) {
    switch (level()) {
    case 2: lane_major_avx512(u1, u2, normals, pairs); break;
    case 1: lane_major_avx2(u1, u2, normals, pairs); break;
    default: lane_major_sse2(u1, u2, normals, pairs); break;
    }
}

}  // namespace nnft::sampler::detail
