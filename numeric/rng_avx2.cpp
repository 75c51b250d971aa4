// Compiled with -mavx2 -mfma when NNFT_SIMD is on (see numeric/CMakeLists.txt) and entered only after
// avx2_available() checked the CPU. Integer arithmetic and exact conversions only: the uniforms are the
// same bits as philox4x32_10 + uniform_open01. No standard-library templates here (see kernel_transfer_avx2.cpp).
#include "numeric/rng_avx2.hpp"

#if defined(NNFT_HAVE_AVX2_TRANSFER)
#include <immintrin.h>

namespace nnft::numeric::detail {

namespace {
// Full 32×32→64-bit products of eight lanes by m: the high and low 32-bit halves, lane by lane.
inline void mul_hi_lo(__m256i c, __m256i m, __m256i& hi, __m256i& lo) {
    const __m256i even = _mm256_mul_epu32(c, m);                         // lanes 0, 2, 4, 6 (64-bit)
    const __m256i odd = _mm256_mul_epu32(_mm256_srli_epi64(c, 32), m);  // lanes 1, 3, 5, 7
    lo = _mm256_blend_epi32(even, _mm256_slli_epi64(odd, 32), 0xAA);
    hi = _mm256_blend_epi32(_mm256_srli_epi64(even, 32), odd, 0xAA);
}

// uniform_open01(hi, lo) of four lanes: ((hi·2^21 + lo/2^11) + 0.5)·2^−53, every step exact.
inline __m256d open01(__m128i hi, __m128i lo) {
    const __m256d h = _mm256_add_pd(_mm256_cvtepi32_pd(_mm_xor_si128(hi, _mm_set1_epi32(static_cast<int>(0x80000000u)))),
                                    _mm256_set1_pd(2147483648.0));
    const __m256d l = _mm256_cvtepi32_pd(_mm_srli_epi32(lo, 11));
    const __m256d bits = _mm256_add_pd(_mm256_mul_pd(h, _mm256_set1_pd(2097152.0)), l);
    return _mm256_mul_pd(_mm256_add_pd(bits, _mm256_set1_pd(0.5)), _mm256_set1_pd(0x1.0p-53));
}

inline void store_uniforms(__m256i hi, __m256i lo, double* out) {
    _mm256_storeu_pd(out, open01(_mm256_castsi256_si128(hi), _mm256_castsi256_si128(lo)));
    _mm256_storeu_pd(out + 4, open01(_mm256_extracti128_si256(hi, 1), _mm256_extracti128_si256(lo, 1)));
}
}  // namespace

std::size_t philox_uniform_pairs_avx2(std::uint64_t seed, std::uint64_t stream, std::uint32_t tag, std::uint32_t first,
                                      std::size_t count, double* u1, double* u2) {
    const __m256i m0 = _mm256_set1_epi64x(0xD2511F53), m1 = _mm256_set1_epi64x(0xCD9E8D57);
    const __m256i lane = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    const auto as_int = [](std::uint32_t v) { return static_cast<int>(v); };
    std::size_t k = 0;
    for (; k + 8 <= count; k += 8) {
        __m256i c0 = _mm256_add_epi32(_mm256_set1_epi32(as_int(first + static_cast<std::uint32_t>(k))), lane);
        __m256i c1 = _mm256_set1_epi32(as_int(static_cast<std::uint32_t>(stream)));
        __m256i c2 = _mm256_set1_epi32(as_int(static_cast<std::uint32_t>(stream >> 32)));
        __m256i c3 = _mm256_set1_epi32(as_int(tag));
        std::uint32_t key0 = static_cast<std::uint32_t>(seed), key1 = static_cast<std::uint32_t>(seed >> 32);
        for (int r = 0; r < 10; ++r) {
            __m256i hi0, lo0, hi1, lo1;
            mul_hi_lo(c0, m0, hi0, lo0);
            mul_hi_lo(c2, m1, hi1, lo1);
            c0 = _mm256_xor_si256(_mm256_xor_si256(hi1, c1), _mm256_set1_epi32(as_int(key0)));
            c1 = lo1;
            c2 = _mm256_xor_si256(_mm256_xor_si256(hi0, c3), _mm256_set1_epi32(as_int(key1)));
            c3 = lo0;
            key0 += 0x9E3779B9u;
            key1 += 0xBB67AE85u;
        }
        store_uniforms(c0, c1, u1 + k);
        store_uniforms(c2, c3, u2 + k);
    }
    return k;
}

}  // namespace nnft::numeric::detail
#else
namespace nnft::numeric::detail {
std::size_t philox_uniform_pairs_avx2(std::uint64_t, std::uint64_t, std::uint32_t, std::uint32_t, std::size_t, double*,
                                      double*) {
    return 0;
}
}  // namespace nnft::numeric::detail
#endif
