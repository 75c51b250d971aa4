// Compiled with -ffp-contract=off -Wno-psabi (numeric/CMakeLists.txt): no multiply is fused with an add, so the
// AVX-512, AVX2 and portable drivers below, which inline the same kernels on eight-double GCC vectors, round
// every operation alike. The kernels are always inlined into each driver (their vectors never cross a call).
#include "numeric/lane_math.hpp"

#include "numeric/kernel_transfer.hpp"  // avx2_available(), avx512_available()

#include <atomic>
#include <cstring>

namespace nnft::numeric {

namespace {
typedef double VD __attribute__((__vector_size__(64), __aligned__(8), __may_alias__));
typedef std::int64_t VI __attribute__((__vector_size__(64), __aligned__(8), __may_alias__));
constexpr std::size_t kW = 8;

#define NNFT_AI __attribute__((always_inline)) inline

NNFT_AI VD splat(double x) { return VD{x, x, x, x, x, x, x, x}; }
NNFT_AI VI splat_i(std::int64_t x) { return VI{x, x, x, x, x, x, x, x}; }
NNFT_AI VD as_double(VI i) { return reinterpret_cast<VD&>(i); }
NNFT_AI VI as_int(VD d) { return reinterpret_cast<VI&>(d); }
NNFT_AI VD pick(VI mask, VD yes, VD no) { return mask ? yes : no; }

// ln 2 = kLn2Hi + kLn2Lo, kLn2Hi with 33 significant bits (fdlibm's split), so k·kLn2Hi is exact for |k| < 2^20.
constexpr double kLn2Hi = 0x1.62e42feep-1, kLn2Lo = 0x1.a39ef35793c76p-33;
constexpr double kLog2e = 0x1.71547652b82fep0;
constexpr double kShifter = 0x1.8p52;  // x + kShifter rounds x to an integer held in the low mantissa bits
constexpr std::int64_t kShifterBits = 0x4338000000000000;

// k = round(x / ln 2) (as a double and as an integer) and r = x − k ln 2 in two exact-then-rounded steps.
struct Reduced {
    VD r;
    VI k;
};
NNFT_AI Reduced reduce_ln2(VD x) {
    const VD kd = x * kLog2e + kShifter;
    const VD k = kd - kShifter;
    return {(x - k * kLn2Hi) - k * kLn2Lo, as_int(kd) - kShifterBits};
}

// 1/j! (exact factorials up to 22!, one rounding).
constexpr double inverse_factorial(int j) {
    double f = 1.0;
    for (int i = 2; i <= j; ++i)
        f *= i;
    return 1.0 / f;
}

// expm1(r) = r + r²·Σ_{j=2}^{N} r^{j−2}/j! (Taylor, Horner from the top). N = 13 for |r| ≤ ln2/2 (truncation
// < 5e-18 relative), N = 17 for 0 ≤ r ≤ ln 2 (< 3e-19).
template <int N>
NNFT_AI VD expm1_taylor(VD r) {
    VD q = splat(inverse_factorial(N));
    for (int j = N - 1; j >= 2; --j)
        q = q * r + inverse_factorial(j);
    return r + (r * r) * q;
}

// 2^k as a double for −1022 ≤ k ≤ 1023 (exponent bits only).
NNFT_AI VD pow2(VI k) { return as_double((k + 1023) << 52); }

NNFT_AI VD exp_kernel(VD x) {
    // Clamp (NaN passes): exp(710) overflows, exp(−746) rounds to 0; k stays within [−1077, 1025].
    x = pick(x > 710.0, splat(710.0), x);
    x = pick(x < -746.0, splat(-746.0), x);
    const Reduced red = reduce_ln2(x);
    const VD p = 1.0 + expm1_taylor<13>(red.r);
    // 2^k in two factors, so that subnormal results are rounded once, by the last multiply.
    const VI k1 = red.k >> 1, k2 = red.k - k1;
    return (p * pow2(k1)) * pow2(k2);
}

NNFT_AI VD tanh_kernel(VD x) {
    const VI sign = as_int(x) & splat_i(INT64_MIN);
    VD a = as_double(as_int(x) & splat_i(INT64_MAX));
    a = pick(a > 20.0, splat(20.0), a);  // tanh(20) rounds to 1; NaN passes
    // expm1(y), y = 2a, as 2^k·expm1(r) + (2^k − 1) with k = floor(y / ln 2) (0 ≤ k ≤ 58, r in [0, ln 2) up to
    // a rounding): both terms ≥ 0, so nothing cancels (round-to-nearest k gave 2.5 ulp near |x| = 0.2).
    const VD kd = ((a + a) * kLog2e - 0.5) + kShifter;
    const VD k = kd - kShifter;
    const VD y = a + a;
    const VD r = (y - k * kLn2Hi) - k * kLn2Lo;
    const VD s = pow2(as_int(kd) - kShifterBits);
    const VD e = s * expm1_taylor<17>(r) + (s - 1.0);  // s − 1 exact for k ≤ 53
    // t = e / (e + 2): d = e + 2 rounded, its rounding error c = e − (d − 2) exact (Fast2Sum, e ≥ 0, 2 ≥ e or
    // e ≫ 2), t = q − q·c/d with q = e/d (e/(d + c) to first order): 1 ulp fewer than e/d alone.
    const VD d = e + 2.0;
    const VD c = e - (d - 2.0);
    const VD q = e / d;
    const VD t = q - (q * c) / d;
    return as_double(as_int(t) | sign);
}

// fdlibm's minimax coefficients of log(1 + f) = f − s(f − R), s = f / (2 + f), R ≈ Σ Lg_j s^{2j}.
constexpr double kLg[7] = {6.666666666666735130e-01, 3.999999999940941908e-01, 2.857142874366239149e-01,
                           2.222219843214978396e-01, 1.818357216161805012e-01, 1.531383769920937332e-01,
                           1.479819860511658591e-01};

NNFT_AI VD log_kernel(VD x) {
    // Subnormal (and ≤ 0) arguments: scale by 2^54 first.
    const VI tiny = x < 0x1p-1022;
    const VD xs = pick(tiny, x * 0x1p54, x);
    // x = 2^k m with m in [√2/2, √2): move the mantissa's top bits past √2/2 into the exponent.
    const VI t = as_int(xs) + (0x3ff0000000000000 - 0x3fe6a09e00000000);
    const VI k = (t >> 52) - 1023 - (tiny & splat_i(54));
    const VD m = as_double((t & 0x000fffffffffffff) + 0x3fe6a09e00000000);
    const VD kd = as_double(k + kShifterBits) - kShifter;
    const VD f = m - 1.0;
    const VD s = f / (2.0 + f), z = s * s, w = z * z;
    const VD t1 = w * (kLg[1] + w * (kLg[3] + w * kLg[5]));
    const VD t2 = z * (kLg[0] + w * (kLg[2] + w * (kLg[4] + w * kLg[6])));
    const VD hfsq = 0.5 * f * f;
    VD y = kd * kLn2Hi - ((hfsq - (s * (hfsq + (t1 + t2)) + kd * kLn2Lo)) - f);
    y = pick(x == __builtin_inf(), x, y);
    y = pick(x == 0.0, splat(-__builtin_inf()), y);
    y = pick(x < 0.0, splat(__builtin_nan("")), y);
    return pick(x != x, x, y);
}

template <LaneFunction F>
NNFT_AI VD kernel(VD v) {
    if constexpr (F == LaneFunction::exp)
        return exp_kernel(v);
    else if constexpr (F == LaneFunction::log)
        return log_kernel(v);
    else
        return tanh_kernel(v);
}

// Whole groups of eight straight from the array, the rest through a zero-padded group: each value's bits do not
// depend on where it sits.
template <LaneFunction F>
NNFT_AI void drive(const double* a, double* out, std::size_t n) {
    std::size_t i = 0;
    for (; i + kW <= n; i += kW) {
        const VD v = kernel<F>(*reinterpret_cast<const VD*>(a + i));
        *reinterpret_cast<VD*>(out + i) = v;
    }
    if (i == n)
        return;
    double pad[kW] = {};
    std::memcpy(pad, a + i, (n - i) * sizeof(double));
    const VD v = kernel<F>(*reinterpret_cast<const VD*>(pad));
    std::memcpy(out + i, &v, (n - i) * sizeof(double));
}

NNFT_AI void dispatch(LaneFunction f, const double* a, double* out, std::size_t n) {
    switch (f) {
    case LaneFunction::exp: drive<LaneFunction::exp>(a, out, n); break;
    case LaneFunction::log: drive<LaneFunction::log>(a, out, n); break;
    case LaneFunction::tanh: drive<LaneFunction::tanh>(a, out, n); break;
    }
}

void run_portable(LaneFunction f, const double* a, double* out, std::size_t n) { dispatch(f, a, out, n); }

// GCC only: clang refuses eight-double vectors between functions of different targets (docs/testing.md: clang
// builds the fuzzers), and other CPUs have the portable path alone.
std::atomic<bool> g_portable{false};

#if defined(NNFT_HAVE_AVX2_TRANSFER) && defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
#define NNFT_LANE_MATH_X86 1
__attribute__((target("avx2"))) void run_avx2(LaneFunction f, const double* a, double* out, std::size_t n) {
    dispatch(f, a, out, n);
}
__attribute__((target("avx512f"))) void run_avx512(LaneFunction f, const double* a, double* out, std::size_t n) {
    dispatch(f, a, out, n);
}
#endif
}  // namespace

bool lane_isa_available(LaneIsa isa) noexcept {
#if defined(NNFT_LANE_MATH_X86)
    switch (isa) {
    case LaneIsa::portable: return true;
    case LaneIsa::avx2: return detail::avx2_available();
    case LaneIsa::avx512: return detail::avx512_available();
    }
    return false;
#else
    return isa == LaneIsa::portable;
#endif
}

LaneIsa best_lane_isa() noexcept {
    static const LaneIsa best = lane_isa_available(LaneIsa::avx512) ? LaneIsa::avx512
                                : lane_isa_available(LaneIsa::avx2) ? LaneIsa::avx2
                                                                    : LaneIsa::portable;
    return g_portable.load(std::memory_order_relaxed) ? LaneIsa::portable : best;
}

void force_portable_lanes(bool portable) noexcept { g_portable.store(portable, std::memory_order_relaxed); }

void lane_function(LaneFunction f, const double* a, double* out, std::size_t n, LaneIsa isa) {
#if defined(NNFT_LANE_MATH_X86)
    if (isa == LaneIsa::avx512)
        return run_avx512(f, a, out, n);
    if (isa == LaneIsa::avx2)
        return run_avx2(f, a, out, n);
#else
    (void)isa;
#endif
    run_portable(f, a, out, n);
}

void lane_exp(double* z, std::size_t n) { lane_function(LaneFunction::exp, z, z, n); }

void lane_tanh(double* z, std::size_t n) { lane_function(LaneFunction::tanh, z, z, n); }

}  // namespace nnft::numeric
