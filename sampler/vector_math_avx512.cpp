// Compiled with -mavx512f -mavx512dq -mavx2 -mfma -ffp-contract=off when NNFT_SIMD is on
// (see sampler/CMakeLists.txt); entered only after numeric::detail::avx512_available() checked the CPU.
// The float32 erf of erf_f32_avx2, sixteen values at a time: the same operations, the same bits (the erf test
// compares with the scalar loop).
// No standard-library templates here (see vector_math_avx2.cpp).
#include "sampler/detail/vector_math.hpp"

#if defined(NNFT_HAVE_AVX2_SAMPLER)
#include <immintrin.h>

namespace nnft::sampler::detail {

std::size_t erf_f32_avx512(double* z, std::size_t n) {
    const __m512 four = _mm512_set1_ps(4.0f), minus_four = _mm512_set1_ps(-4.0f);
    std::size_t i = 0;
    for (; i + 16 <= n; i += 16) {
        const __m512 v = _mm512_insertf32x8(_mm512_castps256_ps512(_mm512_cvtpd_ps(_mm512_loadu_pd(z + i))),
                                            _mm512_cvtpd_ps(_mm512_loadu_pd(z + i + 8)), 1);
        // min(a, b) = a < b ? a : b, max(a, b) = a > b ? a : b, as in erf_f32_avx2: NaN passes.
        const __m512 x = _mm512_max_ps(minus_four, _mm512_min_ps(four, v));
        const __m512 x2 = _mm512_mul_ps(x, x);
        __m512 p = _mm512_set1_ps(kErfP[0]);
        for (int k = 1; k < 7; ++k)
            p = _mm512_fmadd_ps(p, x2, _mm512_set1_ps(kErfP[k]));
        __m512 q = _mm512_set1_ps(kErfQ[0]);
        for (int k = 1; k < 5; ++k)
            q = _mm512_fmadd_ps(q, x2, _mm512_set1_ps(kErfQ[k]));
        const __m512 e = _mm512_max_ps(_mm512_set1_ps(-1.0f),
                                       _mm512_min_ps(_mm512_set1_ps(1.0f), _mm512_div_ps(_mm512_mul_ps(x, p), q)));
        _mm512_storeu_pd(z + i, _mm512_cvtps_pd(_mm512_castps512_ps256(e)));
        _mm512_storeu_pd(z + i + 8, _mm512_cvtps_pd(_mm512_extractf32x8_ps(e, 1)));
    }
    return i;
}

}  // namespace nnft::sampler::detail
#else
namespace nnft::sampler::detail {
std::size_t erf_f32_avx512(double*, std::size_t) { return 0; }
}  // namespace nnft::sampler::detail
#endif
