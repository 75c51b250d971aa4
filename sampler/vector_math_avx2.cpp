// Compiled with -mavx2 -mfma -ffp-contract=off when NNFT_SIMD is on (see sampler/CMakeLists.txt); entered
// only after numeric::detail::avx2_available() checked the CPU. No standard-library templates here: their
// inline instantiations are shared with portable files at link time and must not carry AVX2 code.
#include "sampler/detail/vector_math.hpp"

#if defined(NNFT_HAVE_AVX2_SAMPLER)
#include <immintrin.h>

namespace nnft::sampler::detail {

std::size_t erf_f32_avx2(double* z, std::size_t n) {
    const __m256 four = _mm256_set1_ps(4.0f), minus_four = _mm256_set1_ps(-4.0f);
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        const __m256 v = _mm256_set_m128(_mm256_cvtpd_ps(_mm256_loadu_pd(z + i + 4)), _mm256_cvtpd_ps(_mm256_loadu_pd(z + i)));
        // min_ps(a, b) = a < b ? a : b and max_ps(a, b) = a > b ? a : b: the scalar selects, NaN passing.
        const __m256 x = _mm256_max_ps(minus_four, _mm256_min_ps(four, v));
        const __m256 x2 = _mm256_mul_ps(x, x);
        __m256 p = _mm256_set1_ps(kErfP[0]);
        for (int k = 1; k < 7; ++k)
            p = _mm256_fmadd_ps(p, x2, _mm256_set1_ps(kErfP[k]));
        __m256 q = _mm256_set1_ps(kErfQ[0]);
        for (int k = 1; k < 5; ++k)
            q = _mm256_fmadd_ps(q, x2, _mm256_set1_ps(kErfQ[k]));
        const __m256 e = _mm256_max_ps(_mm256_set1_ps(-1.0f),
                                       _mm256_min_ps(_mm256_set1_ps(1.0f), _mm256_div_ps(_mm256_mul_ps(x, p), q)));
        _mm256_storeu_pd(z + i, _mm256_cvtps_pd(_mm256_castps256_ps128(e)));
        _mm256_storeu_pd(z + i + 4, _mm256_cvtps_pd(_mm256_extractf128_ps(e, 1)));
    }
    return i;
}

}  // namespace nnft::sampler::detail
#else
namespace nnft::sampler::detail {
std::size_t erf_f32_avx2(double*, std::size_t) { return 0; }
}  // namespace nnft::sampler::detail
#endif
