// Compiled with -mavx512f -mavx512dq -mfma when NNFT_SIMD is on (see numeric/CMakeLists.txt) and entered only
// after avx512_available() checked the CPU. Integer arithmetic and exact conversions only: the uniforms are
// the same bits as philox4x32_10 + uniform_open01 (and as rng_avx2.cpp). No standard-library templates here.
#include "numeric/detail/rng_avx2.hpp"

#if defined(NNFT_HAVE_AVX2_TRANSFER)
#include <immintrin.h>

namespace nnft::numeric::detail {

namespace {
// One 32-bit Philox word per 64-bit lane (eight streams per register): vpmuludq gives the whole 32×32→64
// product of each lane, so a round is two multiplies, two shifts and two three-way XORs (vpternlogq) for
// eight blocks, against seven operations per multiply for sixteen 32-bit lanes. The upper halves of the
// lanes carry garbage between rounds: vpmuludq reads only the low 32 bits, and the output masks them.
// Same bits as philox4x32_10.
inline __m512i xor3(__m512i a, __m512i b, __m512i c) { return _mm512_ternarylogic_epi64(a, b, c, 0x96); }

// uniform_open01(hi, lo) of eight lanes (low 32 bits of each): bits = hi·2^21 + lo/2^11 as an exact 53-bit
// integer, then (bits + 0.5)·2^−53 — the operations of uniform_open01, the same bits.
inline __m512d open01(__m512i hi, __m512i lo) {
    const __m512i bits = _mm512_or_si512(_mm512_srli_epi64(_mm512_slli_epi64(hi, 32), 11),
                                         _mm512_srli_epi64(_mm512_slli_epi64(lo, 32), 43));
    return _mm512_mul_pd(_mm512_add_pd(_mm512_cvtepu64_pd(bits), _mm512_set1_pd(0.5)), _mm512_set1_pd(0x1.0p-53));
}

// Blocks block … block + G − 1 of the eight streams first_stream … first_stream + 7 (lane l: stream
// first_stream + l), the G blocks interleaved round by round (each round's chain is multiply → shift → XOR).
template <int G>
void philox_stream_groups(std::uint64_t seed, std::uint64_t first_stream, std::uint32_t tag, std::uint32_t block,
                          double* u1, double* u2) {
    const __m512i streams = _mm512_add_epi64(_mm512_set1_epi64(static_cast<long long>(first_stream)),
                                             _mm512_setr_epi64(0, 1, 2, 3, 4, 5, 6, 7));
    const __m512i m0 = _mm512_set1_epi64(0xD2511F53), m1 = _mm512_set1_epi64(0xCD9E8D57);
    __m512i c0[G], c1[G], c2[G], c3[G];
    for (int g = 0; g < G; ++g) {
        c0[g] = _mm512_set1_epi64(block + static_cast<std::uint32_t>(g));
        c1[g] = streams;                          // low word (upper half ignored)
        c2[g] = _mm512_srli_epi64(streams, 32);   // high word
        c3[g] = _mm512_set1_epi64(tag);
    }
    std::uint32_t key0 = static_cast<std::uint32_t>(seed), key1 = static_cast<std::uint32_t>(seed >> 32);
    for (int r = 0; r < 10; ++r) {
        const __m512i k0 = _mm512_set1_epi64(key0), k1 = _mm512_set1_epi64(key1);
        for (int g = 0; g < G; ++g) {
            const __m512i p0 = _mm512_mul_epu32(c0[g], m0), p1 = _mm512_mul_epu32(c2[g], m1);
            c0[g] = xor3(_mm512_srli_epi64(p1, 32), c1[g], k0);
            c1[g] = p1;
            c2[g] = xor3(_mm512_srli_epi64(p0, 32), c3[g], k1);
            c3[g] = p0;
        }
        key0 += 0x9E3779B9u;
        key1 += 0xBB67AE85u;
    }
    for (int g = 0; g < G; ++g) {
        _mm512_storeu_pd(u1 + 8 * g, open01(c0[g], c1[g]));
        _mm512_storeu_pd(u2 + 8 * g, open01(c2[g], c3[g]));
    }
}
}  // namespace

std::size_t philox_uniform_pairs_streams_avx512(std::uint64_t seed, std::uint64_t first_stream, std::uint32_t tag,
                                                std::uint32_t first, std::size_t count, double* u1, double* u2) {
    std::size_t k = 0;
    for (; k + 4 <= count; k += 4)
        philox_stream_groups<4>(seed, first_stream, tag, first + static_cast<std::uint32_t>(k), u1 + 8 * k, u2 + 8 * k);
    for (; k + 2 <= count; k += 2)
        philox_stream_groups<2>(seed, first_stream, tag, first + static_cast<std::uint32_t>(k), u1 + 8 * k, u2 + 8 * k);
    for (; k < count; ++k)
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
