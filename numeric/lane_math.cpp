// Compiled with -ffp-contract=off -Wno-psabi (numeric/CMakeLists.txt): no multiply is fused with an add, so the
// AVX-512, AVX2 and portable drivers below, which inline the same kernels on eight-double GCC vectors, round
// every operation alike. The kernels are always inlined into each driver (their vectors never cross a call).
#include "numeric/lane_math.hpp"

#include "numeric/kernel_transfer.hpp"  // avx2_available(), avx512_available()

#include <atomic>
#include <cstring>
#include <limits>
#include <type_traits>

namespace nnft::numeric {

namespace {
#define NNFT_AI __attribute__((always_inline)) inline

// 1/j! (exact factorials up to 22!, one rounding).
constexpr double inverse_factorial(int j) {
    double f = 1.0;
    for (int i = 2; i <= j; ++i)
        f *= i;
    return 1.0 / f;
}

// The constants of each precision.
template <class T>
struct Consts;

template <>
struct Consts<double> {
    using SI = std::int64_t;
    static constexpr int kMantissa = 52, kBias = 1023;
    static constexpr double kShifter = 0x1.8p52;  // x + kShifter rounds x to an integer held in the low bits
    static constexpr SI kShifterBits = 0x4338000000000000;
    // ln 2 = kLn2Hi + kLn2Lo, kLn2Hi with 33 significant bits (fdlibm's split): k·kLn2Hi exact for |k| < 2^20.
    static constexpr double kLn2Hi = 0x1.62e42feep-1, kLn2Lo = 0x1.a39ef35793c76p-33, kLog2e = 0x1.71547652b82fep0;
    static constexpr double kExpHigh = 710.0, kExpLow = -746.0;  // exp overflows above, rounds to 0 below
    static constexpr int kExpTerms = 13, kTanhTerms = 17;        // Taylor truncation < 5e-18, < 3e-19
    static constexpr double kTanhOne = 20.0;                     // tanh rounds to 1 from here
    static constexpr double kMishOne = 20.0;  // tanh(softplus(x)) = 1 − 2/((1 + e^x)² + 1) rounds to 1 from here
    static constexpr SI kSqrtHalfBits = 0x3fe6a09e00000000;      // √2/2's top bits (fdlibm's log)
    static constexpr double kMinNormal = 0x1p-1022, kTinyScale = 0x1p54;
    static constexpr SI kTinyExponent = 54;
    // fdlibm's minimax coefficients of log(1 + f) = f − s(f − R), s = f/(2 + f), R = Σ kLog[j] s^{2j+2}.
    static constexpr int kLogTerms = 7;
    static constexpr double kLog[7] = {6.666666666666735130e-01, 3.999999999940941908e-01, 2.857142874366239149e-01,
                                       2.222219843214978396e-01, 1.818357216161805012e-01, 1.531383769920937332e-01,
                                       1.479819860511658591e-01};
};

template <>
struct Consts<float> {
    using SI = std::int32_t;
    static constexpr int kMantissa = 23, kBias = 127;
    static constexpr float kShifter = 0x1.8p23f;
    static constexpr SI kShifterBits = 0x4b400000;
    // Cephes' split: kLn2Hi = 0.693359375 (9 significant bits), k·kLn2Hi exact for |k| < 2^15.
    static constexpr float kLn2Hi = 0.693359375f, kLn2Lo = -2.12194440e-4f, kLog2e = 0x1.715476p0f;
    static constexpr float kExpHigh = 89.0f, kExpLow = -104.0f;
    static constexpr int kExpTerms = 7, kTanhTerms = 10;  // Taylor truncation < 6e-9, < 1e-9
    static constexpr float kTanhOne = 12.0f;  // e = expm1(24) ≫ 2 ulp: e / (e + 2) is exactly 1
    static constexpr float kMishOne = 12.0f;  // n = e^12 (e^12 + 2) ≈ 2.6e10: n / (n + 2) is exactly 1
    static constexpr SI kSqrtHalfBits = 0x3f3504f3;
    static constexpr float kMinNormal = 0x1p-126f, kTinyScale = 0x1p25f;
    static constexpr SI kTinyExponent = 25;
    // FreeBSD's logf: R = Σ kLog[j] s^{2j+2}, four terms.
    static constexpr int kLogTerms = 4;
    static constexpr float kLog[4] = {6.6666662693e-01f, 4.0000972152e-01f, 2.8498786688e-01f, 2.4279078841e-01f};
};

// One register of B bytes: lanes of T (V), their integer twins (I, unsigned U), and the doubles they come from
// (Block: the same count of doubles). B is the ISA's width (64 AVX-512, 32 AVX2, 16 SSE2), so that comparisons
// and selects stay whole-register operations; the lanes' arithmetic is the same at every width.
template <class T, int B>
struct Ops : Consts<T> {
    using L = Consts<T>;
    using SI = typename L::SI;
    using SU = std::make_unsigned_t<SI>;
    typedef T V __attribute__((__vector_size__(B), __aligned__(sizeof(T)), __may_alias__));
    typedef SI I __attribute__((__vector_size__(B), __aligned__(sizeof(T)), __may_alias__));
    typedef SU U __attribute__((__vector_size__(B), __aligned__(sizeof(T)), __may_alias__));
    typedef double Block __attribute__((__vector_size__(B * 8 / sizeof(T)), __aligned__(8), __may_alias__));
    static constexpr std::size_t kWidth = B / sizeof(T);
    // Logical right shift (the lanes' values are ≥ 0 where it matters; the same bits either way on every ISA).
    static NNFT_AI I shift_right(I v, int bits) { return reinterpret_cast<I>(reinterpret_cast<U&>(v) >> bits); }
    // Two's-complement (wrapping) addition: the bit patterns of NaN arguments overflow a signed add, which is
    // undefined behaviour in C++ (UBSan); unsigned lanes give the same bits on every ISA without it.
    static NNFT_AI I add_wrapping(I a, I b) {
        return reinterpret_cast<I>(reinterpret_cast<U&>(a) + reinterpret_cast<U&>(b));
    }

    static NNFT_AI V splat(T x) { return V{} + x; }
    static NNFT_AI I splat_i(SI x) { return I{} + x; }
    static NNFT_AI V as_float(I i) { return reinterpret_cast<V&>(i); }
    static NNFT_AI I as_int(V d) { return reinterpret_cast<I&>(d); }
    static NNFT_AI V pick(I mask, V yes, V no) { return mask ? yes : no; }
    // 2^k for a normal exponent k (bits only).
    static NNFT_AI V pow2(I k) { return as_float((k + L::kBias) << L::kMantissa); }

    // expm1(r) = r + r²·Σ_{j=2}^{N} r^{j−2}/j! (Taylor, Horner from the top).
    template <int N>
    static NNFT_AI V expm1_taylor(V r) {
        V q = splat(static_cast<T>(inverse_factorial(N)));
        for (int j = N - 1; j >= 2; --j)
            q = q * r + static_cast<T>(inverse_factorial(j));
        return r + (r * r) * q;
    }

    static NNFT_AI V exp(V x) {
        // Clamp (NaN passes): beyond kExpHigh the result overflows, below kExpLow it rounds to 0.
        x = pick(x > L::kExpHigh, splat(L::kExpHigh), x);
        x = pick(x < L::kExpLow, splat(L::kExpLow), x);
        // k = round(x / ln 2), r = x − k ln 2 (k·kLn2Hi and the first subtraction exact). NaN lanes take k = 0
        // (their result is NaN through r): the integer steps below never see NaN's bits, whose signed arithmetic
        // overflowed (undefined behaviour; UBSan in the portable loop).
        const V kd = pick(x == x, x, splat(T(0))) * L::kLog2e + L::kShifter;
        const V k = kd - L::kShifter;
        const V r = (x - k * L::kLn2Hi) - k * L::kLn2Lo;
        const V p = T(1) + expm1_taylor<L::kExpTerms>(r);
        // 2^k in two factors, so that subnormal results are rounded once, by the last multiply.
        // k1 = floor(k / 2) by a logical shift of k + 4096 > 0 (SSE2 and AVX2 have no 64-bit arithmetic shift).
        const I ki = as_int(kd) - L::kShifterBits, k1 = shift_right(ki + 4096, 1) - 2048, k2 = ki - k1;
        return (p * pow2(k1)) * pow2(k2);
    }

    static NNFT_AI V tanh(V x) {
        const I sign = as_int(x) & splat_i(std::numeric_limits<SI>::min());
        V a = as_float(as_int(x) & splat_i(std::numeric_limits<SI>::max()));
        a = pick(a > L::kTanhOne, splat(L::kTanhOne), a);  // NaN passes
        // expm1(y), y = 2a, as 2^k·expm1(r) + (2^k − 1) with k = floor(y / ln 2), r in [0, ln 2) up to a
        // rounding: both terms ≥ 0, so nothing cancels (round-to-nearest k gave 2.5 ulp near |x| = 0.2).
        const V y = a + a;
        const V kd = (y * L::kLog2e - T(0.5)) + L::kShifter;
        const V k = kd - L::kShifter;
        const V r = (y - k * L::kLn2Hi) - k * L::kLn2Lo;
        const V s = pow2(as_int(kd) - L::kShifterBits);
        const V e = s * expm1_taylor<L::kTanhTerms>(r) + (s - T(1));  // s − 1 exact
        // t = e / (e + 2). Double: d = e + 2 rounded, its rounding error c = e − (d − 2) exact (Fast2Sum), and
        // t = q − q·c/d with q = e/d (e/(d + c) to first order): one ulp better than e/d alone. Float (the
        // sampler's): e/d alone, one divide fewer (the second divide cost a quarter of the time).
        const V d = e + T(2);
        const V q = e / d;
        V t = q;
        if constexpr (std::is_same_v<T, double>) {
            const V c = e - (d - T(2));
            t = q - (q * c) / d;
        }
        return as_float(as_int(t) | sign);
    }

    static NNFT_AI V log(V x) {
        // Subnormal (and ≤ 0) arguments: scale into the normal range first.
        const I tiny = x < L::kMinNormal;
        const V xs = pick(tiny, x * L::kTinyScale, x);
        // x = 2^k m with m in [√2/2, √2): move the mantissa's top bits past √2/2 into the exponent.
        const SI one = SI(L::kBias) << L::kMantissa, mantissa = (SI(1) << L::kMantissa) - 1;
        const I t = add_wrapping(as_int(xs), splat_i(one - L::kSqrtHalfBits));
        const I k = shift_right(t, L::kMantissa) - L::kBias - (tiny & splat_i(L::kTinyExponent));
        const V m = as_float((t & mantissa) + L::kSqrtHalfBits);
        const V kf = as_float(k + L::kShifterBits) - L::kShifter;
        const V f = m - T(1);
        const V s = f / (T(2) + f), z = s * s;
        V R = splat(L::kLog[L::kLogTerms - 1]);
        for (int j = L::kLogTerms - 2; j >= 0; --j)
            R = R * z + L::kLog[j];
        R = R * z;
        const V hfsq = T(0.5) * f * f;
        V y = kf * L::kLn2Hi - ((hfsq - (s * (hfsq + R) + kf * L::kLn2Lo)) - f);
        constexpr T inf = std::numeric_limits<T>::infinity();
        y = pick(x == inf, x, y);
        y = pick(x == T(0), splat(-inf), y);
        y = pick(x < T(0), splat(std::numeric_limits<T>::quiet_NaN()), y);
        return pick(x != x, x, y);
    }

    // |x| with the sign bit cleared (NaN stays NaN).
    static NNFT_AI V abs(V x) { return as_float(as_int(x) & splat_i(std::numeric_limits<SI>::max())); }

    // 1/(1 + e^−x) = (x ≥ 0 ? 1 : e)/(1 + e) with e = exp(−|x|) ∈ (0, 1]: no overflow, and for x ≪ 0 the
    // result is e·(1 − e + …) to the exp's accuracy (no 1/(1 + huge)). NaN passes (e is NaN).
    static NNFT_AI V sigmoid(V x) {
        const V e = exp(-abs(x));
        return pick(x >= T(0), splat(T(1)), e) / (T(1) + e);
    }

    // log(1 + e^x) = max(x, 0) + log1p(t), t = exp(−|x|) ∈ (0, 1]: log1p(t) = log(w) + c/w with w = 1 + t rounded
    // and c = t − (w − 1) its rounding error (exact: Fast2Sum, 1 ≥ t), so for tiny t the result is t, not 0.
    // Both terms are ≥ 0: nothing cancels. NaN stays NaN.
    static NNFT_AI V softplus(V x) {
        const V t = exp(-abs(x));
        const V w = T(1) + t;
        const V c = t - (w - T(1));
        return pick(x > T(0), x, splat(T(0))) + (log(w) + c / w);  // NaN: log(w) is NaN
    }

    // tanh(log(1 + e)) = ((1 + e)² − 1)/((1 + e)² + 1) = n/(n + 2) with n = e(e + 2), e = e^x: one exp and one
    // divide, nothing cancels (n ≥ 0); x clamped at kMishOne, where the value rounds to 1. NaN passes.
    static NNFT_AI V tanh_softplus(V x) {
        const V e = exp(pick(x > L::kMishOne, splat(L::kMishOne), x));
        const V n = e * (e + T(2));
        return n / (n + T(2));
    }

    template <LaneFunction F>
    static NNFT_AI V apply(V v) {
        if constexpr (F == LaneFunction::exp)
            return exp(v);
        else if constexpr (F == LaneFunction::log)
            return log(v);
        else if constexpr (F == LaneFunction::tanh)
            return tanh(v);
        else if constexpr (F == LaneFunction::sigmoid)
            return sigmoid(v);
        else if constexpr (F == LaneFunction::softplus)
            return softplus(v);
        else
            return tanh_softplus(v);
    }
};

template <class T, int B, LaneFunction F>
NNFT_AI typename Ops<T, B>::Block block(typename Ops<T, B>::Block v) {
    using O = Ops<T, B>;
    if constexpr (std::is_same_v<T, double>)
        return O::template apply<F>(v);
    else
        return __builtin_convertvector(O::template apply<F>(__builtin_convertvector(v, typename O::V)), typename O::Block);
}

// Whole blocks straight from the array, the rest through a zero-padded block: each value's bits do not depend
// on where it sits.
template <class T, int B, LaneFunction F>
NNFT_AI void drive(const double* a, double* out, std::size_t n) {
    using Block = typename Ops<T, B>::Block;
    constexpr std::size_t w = Ops<T, B>::kWidth;
    std::size_t i = 0;
    for (; i + w <= n; i += w)
        *reinterpret_cast<Block*>(out + i) = block<T, B, F>(*reinterpret_cast<const Block*>(a + i));
    if (i == n)
        return;
    double pad[w] = {};
    std::memcpy(pad, a + i, (n - i) * sizeof(double));
    const Block v = block<T, B, F>(*reinterpret_cast<const Block*>(pad));
    std::memcpy(out + i, &v, (n - i) * sizeof(double));
}

template <class T, int B>
NNFT_AI void dispatch(LaneFunction f, const double* a, double* out, std::size_t n) {
    switch (f) {
    case LaneFunction::exp: drive<T, B, LaneFunction::exp>(a, out, n); break;
    case LaneFunction::log: drive<T, B, LaneFunction::log>(a, out, n); break;
    case LaneFunction::tanh: drive<T, B, LaneFunction::tanh>(a, out, n); break;
    case LaneFunction::sigmoid: drive<T, B, LaneFunction::sigmoid>(a, out, n); break;
    case LaneFunction::softplus: drive<T, B, LaneFunction::softplus>(a, out, n); break;
    case LaneFunction::tanh_softplus: drive<T, B, LaneFunction::tanh_softplus>(a, out, n); break;
    }
}

template <int B>
NNFT_AI void dispatch(LanePrecision p, LaneFunction f, const double* a, double* out, std::size_t n) {
    if (p == LanePrecision::f64)
        dispatch<double, B>(f, a, out, n);
    else
        dispatch<float, B>(f, a, out, n);
}

void run_portable(LanePrecision p, LaneFunction f, const double* a, double* out, std::size_t n) {
    dispatch<16>(p, f, a, out, n);
}

std::atomic<bool> g_portable{false};

#if defined(NNFT_HAVE_AVX2_TRANSFER) && defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
#define NNFT_LANE_MATH_X86 1
__attribute__((target("avx2"))) void run_avx2(LanePrecision p, LaneFunction f, const double* a, double* out,
                                               std::size_t n) {
    dispatch<32>(p, f, a, out, n);
}
__attribute__((target("avx512f"))) void run_avx512(LanePrecision p, LaneFunction f, const double* a, double* out,
                                                   std::size_t n) {
    dispatch<64>(p, f, a, out, n);
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

void lane_function(LaneFunction f, const double* a, double* out, std::size_t n, LaneIsa isa, LanePrecision p) {
#if defined(NNFT_LANE_MATH_X86)
    if (isa == LaneIsa::avx512)
        return run_avx512(p, f, a, out, n);
    if (isa == LaneIsa::avx2)
        return run_avx2(p, f, a, out, n);
#else
    (void)isa;
#endif
    run_portable(p, f, a, out, n);
}

namespace {
// In place in float32 lanes with the best instruction set.
void in_place_f32(LaneFunction f, double* z, std::size_t n) {
    lane_function(f, z, z, n, best_lane_isa(), LanePrecision::f32);
}
}  // namespace

void lane_exp_f32(double* z, std::size_t n) { in_place_f32(LaneFunction::exp, z, n); }
void lane_log_f32(double* z, std::size_t n) { in_place_f32(LaneFunction::log, z, n); }
void lane_tanh_f32(double* z, std::size_t n) { in_place_f32(LaneFunction::tanh, z, n); }
void lane_sigmoid_f32(double* z, std::size_t n) { in_place_f32(LaneFunction::sigmoid, z, n); }
void lane_softplus_f32(double* z, std::size_t n) { in_place_f32(LaneFunction::softplus, z, n); }
void lane_tanh_softplus_f32(double* z, std::size_t n) { in_place_f32(LaneFunction::tanh_softplus, z, n); }

}  // namespace nnft::numeric
