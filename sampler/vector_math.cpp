#include "sampler/vector_math.hpp"

#include <cmath>
#include <numbers>

#if defined(NNFT_HAVE_SLEEF) && defined(__SSE2__)
#include <emmintrin.h>
#include <sleef.h>
#define NNFT_SLEEF_SSE2 1
#endif

namespace nnft::sampler::detail {

void box_muller(const double* u1, const double* u2, double* out, std::size_t pairs) {
    std::size_t k = 0;
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

void activate(Activation a, double* z, std::size_t n) {
    // glibc's erf, tanh and exp beat SLEEF's 2-wide versions here (measured: erf 3.3 ns vs 20 ns per call).
    switch (a) {
    case Activation::Relu:
        for (std::size_t i = 0; i < n; ++i)
            z[i] = z[i] > 0.0 ? z[i] : 0.0;
        break;
    case Activation::Erf:
        for (std::size_t i = 0; i < n; ++i)
            z[i] = std::erf(z[i]);
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
