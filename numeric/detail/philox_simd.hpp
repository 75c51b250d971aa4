#pragma once
/// \file Internal: the ten Philox4x32-10 rounds on SIMD lanes of 32-bit words, used by rng_avx2.cpp (include
/// it only from files compiled for the ISA of `Isa`; rng_avx512.cpp keeps one word per 64-bit lane instead).
#include <cstdint>

namespace nnft::numeric::detail {

/// Ten rounds of G independent groups of lanes (counters c0..c3), interleaved round by round: one group
/// alone is bound by the latency of each round's multiply → blend → xor chain. `Isa` supplies the vector
/// type V and static mul_hi_lo(c, m, hi, lo) (32×32→64-bit products by m: high and low halves),
/// bxor(a, b), set1(std::uint32_t) and the multipliers m0(), m1() (0xD2511F53, 0xCD9E8D57 in 64-bit lanes).
template <class Isa, int G, class V>
inline void philox_rounds_simd(V* c0, V* c1, V* c2, V* c3, std::uint64_t seed) {
    const V m0 = Isa::m0(), m1 = Isa::m1();
    std::uint32_t key0 = static_cast<std::uint32_t>(seed), key1 = static_cast<std::uint32_t>(seed >> 32);
    for (int r = 0; r < 10; ++r) {
        const V k0 = Isa::set1(key0), k1 = Isa::set1(key1);
        for (int g = 0; g < G; ++g) {
            V hi0, lo0, hi1, lo1;
            Isa::mul_hi_lo(c0[g], m0, hi0, lo0);
            Isa::mul_hi_lo(c2[g], m1, hi1, lo1);
            c0[g] = Isa::bxor(Isa::bxor(hi1, c1[g]), k0);
            c1[g] = lo1;
            c2[g] = Isa::bxor(Isa::bxor(hi0, c3[g]), k1);
            c3[g] = lo0;
        }
        key0 += 0x9E3779B9u;
        key1 += 0xBB67AE85u;
    }
}

}  // namespace nnft::numeric::detail
