#include "sampler/vector_math.hpp"

#include <cmath>
#include <numbers>

#if defined(NNFT_HAVE_AVX2_SAMPLER)
#include "numeric/kernel_transfer.hpp"  // avx2_available()
#endif
#if defined(NNFT_HAVE_SLEEF) && defined(__SSE2__)
#include <emmintrin.h>
#include <sleef.h>
#define NNFT_SLEEF_SSE2 1
#endif

namespace nnft::sampler::detail {

void box_muller(const double* u1, const double* u2, double* out, std::size_t pairs) {
    std::size_t k = 0;
#if defined(NNFT_HAVE_AVX2_SAMPLER)
    static const bool avx2 = numeric::detail::avx2_available();
    if (avx2)
        k = box_muller_avx2(u1, u2, out, pairs);
#endif
#ifdef NNFT_SLEEF_SSE2
    const __m128d minus2 = _mm_set1_pd(-2.0), two = _mm_set1_pd(2.0);
    for (; k + 2 <= pairs; k += 2) {
        const __m128d r = _mm_sqrt_pd(_mm_mul_pd(minus2, Sleef_logd2_u10(_mm_loadu_pd(u1 + k))));
        const Sleef___m128d_2 sc = Sleef_sincospid2_u05(_mm_mul_pd(two, _mm_loadu_pd(u2 + k)));
        const __m128d c = _mm_mul_pd(r, sc.y), s = _mm_mul_pd(r, sc.x);
        // Interleave: out = c0, s0, c1, s1.
        _mm_storeu_pd(out + 2 * k, _mm_unpacklo_pd(c, s));
        _mm_storeu_pd(out + 2 * k + 2, _mm_unpackhi_pd(c, s));
    }
#endif
    for (; k < pairs; ++k) {
        const double r = std::sqrt(-2.0 * std::log(u1[k]));
        const double a = 2.0 * std::numbers::pi * u2[k];
        out[2 * k] = r * std::cos(a);
        out[2 * k + 1] = r * std::sin(a);
    }
}

namespace {
// The float32 erf of one value; erf_f32_avx2 does the same operations in the same order (no FMA: this
// file is built for the baseline ISA, that one with -ffp-contract=off), so both give the same bits.
float erf_one(double z) {
    const float v = static_cast<float>(z);
    const float upper = v > 4.0f ? 4.0f : v;  // NaN passes
    const float x = upper < -4.0f ? -4.0f : upper;
    const float x2 = x * x;
    float p = kErfP[0];
    for (int i = 1; i < 7; ++i)
        p = p * x2 + kErfP[i];
    float q = kErfQ[0];
    for (int i = 1; i < 5; ++i)
        q = q * x2 + kErfQ[i];
    const float e = x * p / q;
    const float below = e > 1.0f ? 1.0f : e;  // the approximation overshoots 1 by an ulp near |x| = 4
    return below < -1.0f ? -1.0f : below;
}
}  // namespace

void erf_f32(double* z, std::size_t n) {
    std::size_t i = 0;
#if defined(NNFT_HAVE_AVX2_SAMPLER)
    static const bool avx2 = numeric::detail::avx2_available(), avx512 = numeric::detail::avx512_available();
    if (avx512)
        i = erf_f32_avx512(z, n);
    if (avx2)
        i += erf_f32_avx2(z + i, n - i);
#endif
    for (; i < n; ++i)
        z[i] = static_cast<double>(erf_one(z[i]));
}

void activate(Activation a, double* z, std::size_t n) {
    // glibc's tanh and exp beat SLEEF's 2-wide versions here; erf has its own float32 loop (9 ns → 0.3 ns).
    switch (a) {
    case Activation::Relu:
        for (std::size_t i = 0; i < n; ++i)
            z[i] = z[i] > 0.0 ? z[i] : 0.0;
        break;
    case Activation::Erf:
        erf_f32(z, n);
        break;
    case Activation::Tanh:
        for (std::size_t i = 0; i < n; ++i)
            z[i] = std::tanh(z[i]);
        break;
    case Activation::Gauss:
        for (std::size_t i = 0; i < n; ++i)
            z[i] = std::exp(z[i]);
        break;
    }
}

}  // namespace nnft::sampler::detail
