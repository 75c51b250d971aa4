// Compiled with -mavx2 -mfma -ffp-contract=off when NNFT_SIMD is on and SLEEF is found (see
// sampler/CMakeLists.txt); entered only after numeric::detail::avx2_available() checked the CPU. No
// standard-library templates here (see vector_math_avx2.cpp).
#include "sampler/network_batch.hpp"

#include "sampler/vector_math.hpp"

#if defined(NNFT_HAVE_AVX2_SAMPLER)
#include <immintrin.h>
#include <sleef.h>

namespace nnft::sampler::detail {

namespace {
constexpr std::size_t kL = NetworkBatchEvaluator::kBatch;
}

void box_muller_lanes_avx2(const double* u1, const double* u2, double* normals, std::size_t pairs) {
    const __m256d minus2 = _mm256_set1_pd(-2.0), two = _mm256_set1_pd(2.0);
    for (std::size_t k = 0; k < pairs; ++k)
        for (std::size_t h = 0; h < kL; h += 4) {
            const __m256d r = _mm256_sqrt_pd(_mm256_mul_pd(minus2, Sleef_logd4_u35avx2(_mm256_loadu_pd(u1 + k * kL + h))));
            const Sleef___m256d_2 sc = Sleef_sincospid4_u35avx2(_mm256_mul_pd(two, _mm256_loadu_pd(u2 + k * kL + h)));
            _mm256_storeu_pd(normals + 2 * k * kL + h, _mm256_mul_pd(r, sc.y));
            _mm256_storeu_pd(normals + (2 * k + 1) * kL + h, _mm256_mul_pd(r, sc.x));
        }
}

}  // namespace nnft::sampler::detail
#else
namespace nnft::sampler::detail {
void box_muller_lanes_avx2(const double*, const double*, double*, std::size_t) {}
}  // namespace nnft::sampler::detail
#endif
