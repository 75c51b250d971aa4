// Compiled with -mavx512f -mavx512dq -mfma when NNFT_SIMD is on (see numeric/CMakeLists.txt) and entered only
// after avx512_available() checked the CPU. Integer arithmetic and exact conversions only: the uniforms are
// the same bits as philox4x32_10 + uniform_open01 (and as rng_avx2.cpp). No standard-library templates here.
#include "numeric/philox_simd.hpp"
#include "numeric/rng_avx2.hpp"

#if defined(NNFT_HAVE_AVX2_TRANSFER)
#include <immintrin.h>

namespace nnft::numeric::detail {

namespace {
// Sixteen 32-bit lanes for philox_rounds_simd.
struct Avx512 {
    static __m512i m0() { return _mm512_set1_epi64(0xD2511F53); }
    static __m512i m1() { return _mm512_set1_epi64(0xCD9E8D57); }
    static __m512i set1(std::uint32_t v) { return _mm512_set1_epi32(static_cast<int>(v)); }
    static __m512i bxor(__m512i a, __m512i b) { return _mm512_xor_si512(a, b); }
    static void mul_hi_lo(__m512i c, __m512i m, __m512i& hi, __m512i& lo) {
        const __m512i even = _mm512_mul_epu32(c, m);                         // lanes 0, 2, … (64-bit)
        const __m512i odd = _mm512_mul_epu32(_mm512_srli_epi64(c, 32), m);  // lanes 1, 3, …
        lo = _mm512_mask_blend_epi32(0xAAAA, even, _mm512_slli_epi64(odd, 32));
        hi = _mm512_mask_blend_epi32(0xAAAA, _mm512_srli_epi64(even, 32), odd);
    }
};

// uniform_open01(hi, lo) of eight lanes: (hi·2^21 + lo/2^11 + 0.5)·2^−53, every step exact.
inline __m512d open01(__m256i hi, __m256i lo) {
    const __m512d bits = _mm512_add_pd(_mm512_mul_pd(_mm512_cvtepu32_pd(hi), _mm512_set1_pd(2097152.0)),
                                       _mm512_cvtepu32_pd(_mm256_srli_epi32(lo, 11)));
    return _mm512_mul_pd(_mm512_add_pd(bits, _mm512_set1_pd(0.5)), _mm512_set1_pd(0x1.0p-53));
}

// Blocks block … block + 2G − 1 of the eight streams first_stream … first_stream + 7: lanes 0–7 of group g
// hold block + 2g, lanes 8–15 block + 2g + 1; G groups interleaved round by round (latency).
template <int G>
void philox_stream_groups(std::uint64_t seed, std::uint64_t first_stream, std::uint32_t tag, std::uint32_t block,
                          double* u1, double* u2) {
    alignas(64) std::uint32_t lo[16], hi[16];
    for (std::uint32_t l = 0; l < 16; ++l) {
        const std::uint64_t stream = first_stream + (l & 7u);
        lo[l] = static_cast<std::uint32_t>(stream);
        hi[l] = static_cast<std::uint32_t>(stream >> 32);
    }
    const __m512i half = _mm512_setr_epi32(0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1);
    __m512i c0[G], c1[G], c2[G], c3[G];
    for (int g = 0; g < G; ++g) {
        c0[g] = _mm512_add_epi32(_mm512_set1_epi32(static_cast<int>(block + 2u * static_cast<std::uint32_t>(g))), half);
        c1[g] = _mm512_load_si512(lo);
        c2[g] = _mm512_load_si512(hi);
        c3[g] = _mm512_set1_epi32(static_cast<int>(tag));
    }
    philox_rounds_simd<Avx512, G>(c0, c1, c2, c3, seed);
    for (int g = 0; g < G; ++g) {
        double* a = u1 + 16 * g;
        double* b = u2 + 16 * g;
        _mm512_storeu_pd(a, open01(_mm512_castsi512_si256(c0[g]), _mm512_castsi512_si256(c1[g])));
        _mm512_storeu_pd(a + 8, open01(_mm512_extracti64x4_epi64(c0[g], 1), _mm512_extracti64x4_epi64(c1[g], 1)));
        _mm512_storeu_pd(b, open01(_mm512_castsi512_si256(c2[g]), _mm512_castsi512_si256(c3[g])));
        _mm512_storeu_pd(b + 8, open01(_mm512_extracti64x4_epi64(c2[g], 1), _mm512_extracti64x4_epi64(c3[g], 1)));
    }
}
}  // namespace

std::size_t philox_uniform_pairs_streams_avx512(std::uint64_t seed, std::uint64_t first_stream, std::uint32_t tag,
                                                std::uint32_t first, std::size_t count, double* u1, double* u2) {
    std::size_t k = 0;
    for (; k + 4 <= count; k += 4)
        philox_stream_groups<2>(seed, first_stream, tag, first + static_cast<std::uint32_t>(k), u1 + 8 * k, u2 + 8 * k);
    for (; k + 2 <= count; k += 2)
        philox_stream_groups<1>(seed, first_stream, tag, first + static_cast<std::uint32_t>(k), u1 + 8 * k, u2 + 8 * k);
    return k;
}

}  // namespace nnft::numeric::detail
#else
namespace nnft::numeric::detail {
std::size_t philox_uniform_pairs_streams_avx512(std::uint64_t, std::uint64_t, std::uint32_t, std::uint32_t, std::size_t,
                                                double*, double*) {
    return 0;
}
}  // namespace nnft::numeric::detail
#endif
