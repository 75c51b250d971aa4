// Compiled with -mavx2 -mfma when NNFT_SIMD is on (see numeric/CMakeLists.txt) and entered only after
// avx2_available() checked the CPU. Integer arithmetic and exact conversions only: the uniforms are the
// same bits as philox4x32_10 + uniform_open01. No standard-library templates here (see kernel_transfer_avx2.cpp).
#include "numeric/detail/rng_avx2.hpp"
#include "numeric/detail/philox_simd.hpp"

#if defined(NNFT_HAVE_AVX2_TRANSFER)
#include <immintrin.h>

namespace nnft::numeric::detail {

namespace {
// Eight 32-bit lanes for philox_rounds_simd.
struct Avx2 {
    static __m256i m0() { return _mm256_set1_epi64x(0xD2511F53); }
    static __m256i m1() { return _mm256_set1_epi64x(0xCD9E8D57); }
    static __m256i set1(std::uint32_t v) { return _mm256_set1_epi32(static_cast<int>(v)); }
    static __m256i bxor(__m256i a, __m256i b) { return _mm256_xor_si256(a, b); }
    static void mul_hi_lo(__m256i c, __m256i m, __m256i& hi, __m256i& lo) {
        const __m256i even = _mm256_mul_epu32(c, m);                         // lanes 0, 2, 4, 6 (64-bit)
        const __m256i odd = _mm256_mul_epu32(_mm256_srli_epi64(c, 32), m);  // lanes 1, 3, 5, 7
        lo = _mm256_blend_epi32(even, _mm256_slli_epi64(odd, 32), 0xAA);
        hi = _mm256_blend_epi32(_mm256_srli_epi64(even, 32), odd, 0xAA);
    }
};

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

// Ten Philox rounds of G groups of eight blocks (philox_simd.hpp); uniforms stored at u1 + 8g and u2 + 8g.
template <int G>
void philox_rounds(__m256i* c0, __m256i* c1, __m256i* c2, __m256i* c3, std::uint64_t seed, double* u1, double* u2) {
    philox_rounds_simd<Avx2, G>(c0, c1, c2, c3, seed);
    for (int g = 0; g < G; ++g) {
        store_uniforms(c0[g], c1[g], u1 + 8 * g);
        store_uniforms(c2[g], c3[g], u2 + 8 * g);
    }
}

// Blocks first .. first + 8G − 1 of one stream, eight consecutive blocks per group.
template <int G>
void philox_groups(std::uint64_t seed, std::uint64_t stream, std::uint32_t tag, std::uint32_t first, double* u1,
                   double* u2) {
    const __m256i lane = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    const auto as_int = [](std::uint32_t v) { return static_cast<int>(v); };
    __m256i c0[G], c1[G], c2[G], c3[G];
    for (int g = 0; g < G; ++g) {
        c0[g] = _mm256_add_epi32(_mm256_set1_epi32(as_int(first + 8u * static_cast<std::uint32_t>(g))), lane);
        c1[g] = _mm256_set1_epi32(as_int(static_cast<std::uint32_t>(stream)));
        c2[g] = _mm256_set1_epi32(as_int(static_cast<std::uint32_t>(stream >> 32)));
        c3[g] = _mm256_set1_epi32(as_int(tag));
    }
    philox_rounds<G>(c0, c1, c2, c3, seed, u1, u2);
}

// Block `block` + g of the eight streams first_stream .. first_stream + 7 (one lane each), for g < G.
template <int G>
void philox_stream_groups(std::uint64_t seed, std::uint64_t first_stream, std::uint32_t tag, std::uint32_t block,
                          double* u1, double* u2) {
    alignas(32) std::uint32_t lo[8], hi[8];
    for (std::uint32_t l = 0; l < 8; ++l) {
        const std::uint64_t stream = first_stream + l;
        lo[l] = static_cast<std::uint32_t>(stream);
        hi[l] = static_cast<std::uint32_t>(stream >> 32);
    }
    __m256i c0[G], c1[G], c2[G], c3[G];
    for (int g = 0; g < G; ++g) {
        c0[g] = _mm256_set1_epi32(static_cast<int>(block + static_cast<std::uint32_t>(g)));
        c1[g] = _mm256_load_si256(reinterpret_cast<const __m256i*>(lo));
        c2[g] = _mm256_load_si256(reinterpret_cast<const __m256i*>(hi));
        c3[g] = _mm256_set1_epi32(static_cast<int>(tag));
    }
    philox_rounds<G>(c0, c1, c2, c3, seed, u1, u2);
}
}  // namespace

std::size_t philox_uniform_pairs_avx2(std::uint64_t seed, std::uint64_t stream, std::uint32_t tag, std::uint32_t first,
                                      std::size_t count, double* u1, double* u2) {
    std::size_t k = 0;
    for (; k + 16 <= count; k += 16)
        philox_groups<2>(seed, stream, tag, first + static_cast<std::uint32_t>(k), u1 + k, u2 + k);
    for (; k + 8 <= count; k += 8)
        philox_groups<1>(seed, stream, tag, first + static_cast<std::uint32_t>(k), u1 + k, u2 + k);
    return k;
}

void philox_uniform_pairs_streams_avx2(std::uint64_t seed, std::uint64_t first_stream, std::uint32_t tag,
                                       std::uint32_t first, std::size_t count, double* u1, double* u2) {
    std::size_t k = 0;
    for (; k + 2 <= count; k += 2)
        philox_stream_groups<2>(seed, first_stream, tag, first + static_cast<std::uint32_t>(k), u1 + 8 * k, u2 + 8 * k);
    if (k < count)
        philox_stream_groups<1>(seed, first_stream, tag, first + static_cast<std::uint32_t>(k), u1 + 8 * k, u2 + 8 * k);
}

}  // namespace nnft::numeric::detail
#else
namespace nnft::numeric::detail {
std::size_t philox_uniform_pairs_avx2(std::uint64_t, std::uint64_t, std::uint32_t, std::uint32_t, std::size_t, double*,
                                      double*) {
    return 0;
}
void philox_uniform_pairs_streams_avx2(std::uint64_t, std::uint64_t, std::uint32_t, std::uint32_t, std::size_t, double*,
                                       double*) {}
}  // namespace nnft::numeric::detail
#endif
