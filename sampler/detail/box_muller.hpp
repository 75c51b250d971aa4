#pragma once
/// \file Box–Muller of the sampler's Philox uniforms: nnft's own lane-wise log, sin and cos (IEEE multiplies,
/// adds, divides, square roots and exact bit operations only: no FMA, no libm, no SLEEF), so that the
/// AVX-512, AVX2 and baseline x86-64 paths, and so every machine, give the same bits.
#include <cstddef>

namespace nnft::sampler::detail {

/// Largest error of each normal r cos 2πu2, r sin 2πu2 (r = √(−2 ln u1)) against the exact value, in units
/// in the last place of the exact value (as a double), for 0 < u1 ≤ 1 and 0 ≤ u2 ≤ 1. Asserted by
/// tests/unit/sampler/box_muller_test.cpp against long-double logl/sinl/cosl references on 10^6 Philox
/// pairs plus pairs next to the hard points (measured maximum 2.33 ulp there, 2.42 ulp over 4·10^6 pairs).
/// Budget: r ≤ 1 ulp (log ≈ 0.9 ulp, halved by the square root, plus its rounding), sin/cos ≤ 0.85 ulp
/// (with the final product's rounding); relative errors add, and one ulp of r or of the trigonometric factor
/// can be up to two ulp of the product, so the analytic worst case (≈ 4 ulp) is not reached in practice.
inline constexpr double kBoxMullerMaxUlp = 3.0;

/// (u1[k], u2[k]) → out[2k] = r cos 2πu2, out[2k+1] = r sin 2πu2 with r = √(−2 ln u1), for 0 < u1 ≤ 1 and
/// 0 ≤ u2 ≤ 1 (the Philox uniforms of numeric::philox_uniform_pairs); the same bits as box_muller_lanes.
void box_muller(const double* u1, const double* u2, double* out, std::size_t pairs);

/// Box–Muller of eight interleaved lanes: normals[2k·8 + l] = r cos 2πu2 and normals[(2k+1)·8 + l] =
/// r sin 2πu2 of (u1, u2)[k·8 + l], the bits of box_muller for each pair.
void box_muller_lanes(const double* u1, const double* u2, double* normals, std::size_t pairs);

}  // namespace nnft::sampler::detail
