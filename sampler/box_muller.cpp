// Built with -ffp-contract=off (no FMA contraction) and -fno-math-errno (the lane-wise square root is the
// bare IEEE instruction; its argument is never negative): see sampler/CMakeLists.txt. The kernel is one
// template over the number of float lanes (16 for AVX-512, 8 for AVX2, 4 for baseline x86-64, each its CPU's
// register width, chosen at run time); every lane does the same IEEE float operations in the same order, so
// all widths give the same bits.
#include "sampler/detail/box_muller.hpp"

#include "numeric/kernel_transfer.hpp"  // avx2_available(), avx512_available()

#include <cstdint>
#include <cstring>

namespace nnft::sampler::detail {

namespace {
// Pairs per group of box_muller_lanes (one per network lane).
constexpr std::size_t kGroup = 8;
// The widest kernel's lanes: box_muller pads its tail to this many pairs.
constexpr std::size_t kMaxLanes = 16;

// W floats, their bits, and the W doubles they come from and go to, as GCC vectors.
template <int W>
struct Vec {
    typedef float F __attribute__((__vector_size__(4 * W)));
    typedef std::uint32_t U __attribute__((__vector_size__(4 * W)));
    typedef double D __attribute__((__vector_size__(8 * W)));
};

// Unaligned loads and stores of doubles (memcpy: an aligned attribute on a dependent vector typedef is not kept).
template <class D>
__attribute__((always_inline)) inline D load(const double* p) {
    D v;
    __builtin_memcpy(&v, p, sizeof v);
    return v;
}

// ln 2 = kLn2Hi + kLn2Lo (Cephes' split: kLn2Hi has 9 significant bits, e·kLn2Hi is exact for |e| < 2^15).
constexpr float kLn2Hi = 0.693359375f, kLn2Lo = -2.12194440e-4f;
// FreeBSD's logf: R(z) = Σ kLogR[j] z^{j+1} ≈ 2 atanh(√z)/√z − 2 on z = s² ≤ 0.0295, lowest degree first.
constexpr float kLogR[4] = {6.6666662693e-01f, 4.0000972152e-01f, 2.8498786688e-01f, 2.4279078841e-01f};
// The bits of √½ rounded to float: the reduction below puts m in [√½, √2).
constexpr std::uint32_t kSqrtHalfBits = 0x3f3504f3u;
// The smallest uniform the kernel takes: Philox's are ≥ 2^−54; anything smaller (down to 0) is clamped here,
// so r ≤ √(−2 ln 2^−64) ≈ 9.4 and never infinite.
constexpr float kSmallestU1 = 0x1.0p-64f;

// sin(πt) = t·(kPiHi + (kPiLo + z·S(z))) and cos(πt) = 1 + z·C(z), z = t², |t| ≤ ¼: S and C are the degree-3
// and degree-4 Chebyshev interpolants of (sin(πt)/t − π)/z and (cos(πt) − 1)/z on [0, 1/16] (mpmath chebyfit,
// 200 bits), rounded to float, lowest degree first (≈ −π³/6, π⁵/120, … and −π²/2, π⁴/24, …); with the
// rounding they move sin πt and cos πt by < 0.05 float ulp. kPiHi + kPiLo is π to 48 bits.
constexpr float kSinS[4] = {-0x1.4abbcep+2f, 0x1.466bc2p+1f, -0x1.32ce1ep-1f, 0x1.4cb762p-4f};
constexpr float kCosC[5] = {-0x1.3bd3ccp+2f, 0x1.03c1f0p+2f, -0x1.55d3c2p+0f, 0x1.e1ec72p-3f, -0x1.a1e852p-6f};
constexpr float kPiHi = 0x1.921fb6p+1f, kPiLo = -0x1.777a5cp-24f;

// Σ_j c[j]·z^j, Horner from the top.
template <int N, class F>
__attribute__((always_inline)) inline F horner(const float* c, F z) {
    F p = F{} + c[N - 1];
    for (int j = N - 2; j >= 0; --j)
        p = p * z + c[j];
    return p;
}

// ln u for kSmallestU1 ≤ u ≤ 1, lane-wise (normal floats only). u = m·2^e with m ∈ [√½, √2), f = m − 1 (exact),
// s = f/(2 + f), ln m = f − (f²/2 − s·(f²/2 + R(s²))) (fdlibm's form: the leading f is exact).
template <int W>
__attribute__((always_inline)) inline typename Vec<W>::F log_lanes(typename Vec<W>::F u) {
    using F = typename Vec<W>::F;
    using U = typename Vec<W>::U;
    const U i = __builtin_bit_cast(U, u);
    // k = e + 128 where e = ⌊(bits(u) − bits(√½)) / 2^23⌋ (the offset 2^30 keeps the difference ≥ 0).
    const U k = (i - kSqrtHalfBits + (std::uint32_t{1} << 30)) >> 23;
    const F m = __builtin_bit_cast(F, i - ((k - 128) << 23));
    // e as a float, exactly: the integer k in the low mantissa bits of 2^23, minus 2^23 + 128.
    const F e = __builtin_bit_cast(F, k | 0x4b000000u) - (0x1.0p23f + 128.0f);
    const F f = m - 1.0f;
    const F s = f / (2.0f + f);
    const F z = s * s;
    const F r = z * horner<4>(kLogR, z);
    const F hfsq = 0.5f * f * f;
    return e * kLn2Hi - ((hfsq - (s * (hfsq + r) + e * kLn2Lo)) - f);
}

// c = r cos 2πu2, s = r sin 2πu2, r = √(−2 ln u1), lane-wise in float (u1 and u2 rounded to float first).
// The angle in half turns, x = 2·u2 ∈ [0, 2], is reduced exactly: n = nearest integer to 2x (quarter turns),
// t = x − n/2 with |t| ≤ ¼ (Sterbenz); then sin(πt), cos(πt), and the quadrant n mod 4 swaps them and sets signs.
template <int W>
__attribute__((always_inline)) inline void box_muller_w(const double* u1, const double* u2, typename Vec<W>::D& c,
                                                        typename Vec<W>::D& s) {
    using F = typename Vec<W>::F;
    using U = typename Vec<W>::U;
    using D = typename Vec<W>::D;
    F a1 = __builtin_convertvector(load<D>(u1), F);
    a1 = a1 < kSmallestU1 ? F{} + kSmallestU1 : a1;
    const F ln = log_lanes<W>(a1);
    F r;
    for (int l = 0; l < W; ++l)
        r[l] = __builtin_sqrtf(-2.0f * ln[l]);
    const F x = 2.0f * __builtin_convertvector(load<D>(u2), F);
    const F shifted = (2.0f * x) + 0x1.8p23f;  // rounds 2x to an integer n in the low mantissa bits
    const F n = shifted - 0x1.8p23f;
    const U q = __builtin_bit_cast(U, shifted) & 3;
    const F t = x - 0.5f * n, z = t * t;
    const F sin_t = t * kPiHi + t * (kPiLo + z * horner<4>(kSinS, z));
    const F cos_t = 1.0f + z * horner<5>(kCosC, z);
    // Quadrant q: cos 2πu2 = (C, −S, −C, S)[q] and sin 2πu2 = (S, C, −S, −C)[q] with C = cos πt, S = sin πt.
    const auto odd = (q & 1) != 0;
    const F a = odd ? sin_t : cos_t, b = odd ? cos_t : sin_t;
    const U cos_sign = ((q + 1) & 2) << 30, sin_sign = (q & 2) << 30;
    c = __builtin_convertvector(__builtin_bit_cast(F, __builtin_bit_cast(U, r * a) ^ cos_sign), D);
    s = __builtin_convertvector(__builtin_bit_cast(F, __builtin_bit_cast(U, r * b) ^ sin_sign), D);
}

// Pairs k … k + W − 1 → out[2k …]: c0 s0 c1 s1 ….
template <int W>
__attribute__((always_inline)) inline void interleaved(const double* u1, const double* u2, double* out,
                                                       std::size_t pairs) {
    for (std::size_t k = 0; k < pairs; k += W) {
        typename Vec<W>::D c, s;
        box_muller_w<W>(u1 + k, u2 + k, c, s);
        for (int l = 0; l < W; ++l) {
            out[2 * (k + l)] = c[l];
            out[2 * (k + l) + 1] = s[l];
        }
    }
}

// Pairs p … p + W − 1 of box_muller_lanes' layout (pair g·8 + l: cos at normals[2g·8 + l], sin at
// normals[(2g + 1)·8 + l]), W lanes at a time (W a multiple of 8, or a divisor of it).
template <int W>
__attribute__((always_inline)) inline void lane_major(const double* u1, const double* u2, double* normals,
                                                     std::size_t pairs) {
    for (std::size_t p = 0; p < pairs; p += W) {
        typename Vec<W>::D c, s;
        box_muller_w<W>(u1 + p, u2 + p, c, s);
        double cd[W], sd[W];
        __builtin_memcpy(cd, &c, sizeof cd);
        __builtin_memcpy(sd, &s, sizeof sd);
        constexpr std::size_t seg = W < kGroup ? W : kGroup;
        for (std::size_t h = 0; h < std::size_t{W}; h += seg) {
            const std::size_t g = (p + h) / kGroup, l = (p + h) % kGroup;
            __builtin_memcpy(normals + 2 * g * kGroup + l, cd + h, seg * sizeof(double));
            __builtin_memcpy(normals + (2 * g + 1) * kGroup + l, sd + h, seg * sizeof(double));
        }
    }
}

// One entry point per instruction set: the widest registers of each (no FMA: -ffp-contract=off).
__attribute__((target("avx512f"))) void interleaved_avx512(const double* a, const double* b, double* o, std::size_t n) {
    interleaved<16>(a, b, o, n);
}
__attribute__((target("avx2"))) void interleaved_avx2(const double* a, const double* b, double* o, std::size_t n) {
    interleaved<8>(a, b, o, n);
}
void interleaved_sse2(const double* a, const double* b, double* o, std::size_t n) { interleaved<4>(a, b, o, n); }
__attribute__((target("avx512f"))) void lane_major_avx512(const double* a, const double* b, double* o, std::size_t n) {
    lane_major<16>(a, b, o, n);
}
__attribute__((target("avx2"))) void lane_major_avx2(const double* a, const double* b, double* o, std::size_t n) {
    lane_major<8>(a, b, o, n);
}
void lane_major_sse2(const double* a, const double* b, double* o, std::size_t n) { lane_major<4>(a, b, o, n); }

// 2: AVX-512, 1: AVX2, 0: baseline.
int level() {
    static const int l = numeric::detail::avx512_available() ? 2 : numeric::detail::avx2_available() ? 1 : 0;
    return l;
}

// A multiple of kMaxLanes pairs at the widest width (every width gives the same bits).
void interleaved_any(const double* u1, const double* u2, double* out, std::size_t pairs) {
    switch (level()) {
    case 2: interleaved_avx512(u1, u2, out, pairs); break;
    case 1: interleaved_avx2(u1, u2, out, pairs); break;
    default: interleaved_sse2(u1, u2, out, pairs); break;
    }
}

// A multiple of kMaxLanes pairs, lane-major.
void lane_major_any(const double* u1, const double* u2, double* normals, std::size_t pairs) {
    switch (level()) {
    case 2: lane_major_avx512(u1, u2, normals, pairs); break;
    case 1: lane_major_avx2(u1, u2, normals, pairs); break;
    default: lane_major_sse2(u1, u2, normals, pairs); break;
    }
}

// `kernel` (interleaved_any or lane_major_any) over `pairs` pairs: the multiple of kMaxLanes straight, the last
// pairs − whole (< kMaxLanes) padded to kMaxLanes with ½ (each lane is computed on its own: the same bits). Both
// layouts put the tail's 2·(pairs − whole) normals at out + 2·whole (whole is a multiple of two groups).
void with_padded_tail(void (*kernel)(const double*, const double*, double*, std::size_t), const double* u1,
                      const double* u2, double* out, std::size_t pairs) {
    const std::size_t whole = pairs / kMaxLanes * kMaxLanes;
    kernel(u1, u2, out, whole);
    if (whole == pairs)
        return;
    double a[kMaxLanes], b[kMaxLanes], o[2 * kMaxLanes];
    for (std::size_t l = 0; l < kMaxLanes; ++l) {
        a[l] = whole + l < pairs ? u1[whole + l] : 0.5;
        b[l] = whole + l < pairs ? u2[whole + l] : 0.5;
    }
    kernel(a, b, o, kMaxLanes);
    std::memcpy(out + 2 * whole, o, 2 * (pairs - whole) * sizeof(double));
}
}  // namespace

void box_muller(const double* u1, const double* u2, double* out, std::size_t pairs) {
    with_padded_tail(interleaved_any, u1, u2, out, pairs);
}

void box_muller_lanes(const double* u1, const double* u2, double* normals, std::size_t groups) {
    with_padded_tail(lane_major_any, u1, u2, normals, groups * kGroup);
}

}  // namespace nnft::sampler::detail
