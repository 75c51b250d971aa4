#pragma once
/// \file Box–Muller of the sampler's Philox uniforms in float32 lanes: nnft's own lane-wise log, sin and cos (IEEE
/// float multiplies, adds, divides, square roots and exact bit operations only: no FMA, no libm, no SLEEF), so
/// that the AVX-512 (16 lanes), AVX2 (8) and baseline x86-64 (4) paths, and so every machine, give the same bits.
/// The uniforms are rounded to float, the normals are floats widened to double (as PyTorch's float32 normals).
#include <cstddef>

namespace nnft::sampler::detail {

/// Largest error of each normal r cos 2πu2, r sin 2πu2 (r = √(−2 ln u1)) in float ulp of the exact value at the
/// float-rounded uniforms (u1 clamped to ≥ 2^−64), for the Philox range 2^−54 ≤ u1 ≤ 1 and 0 ≤ u2 ≤ 1. Asserted by
/// tests/unit/sampler/box_muller_test.cpp against long-double logl/sinl/cosl references on 10^6 Philox pairs
/// plus pairs next to the hard points. Budget: r ≤ 1 ulp (log ≈ 0.8 ulp, halved by the square root, plus its
/// rounding), sin/cos ≤ 1 ulp (their last rounding plus the polynomial's), plus the final product's ½ ulp.
inline constexpr double kBoxMullerMaxUlp = 3.0;

/// (u1[k], u2[k]) → out[2k] = r cos 2πu2, out[2k+1] = r sin 2πu2 with r = √(−2 ln u1), in float32 (u1, u2 rounded
/// to float, u1 clamped to ≥ 2^−64), for 0 ≤ u1 ≤ 1 and 0 ≤ u2 ≤ 1 (the Philox uniforms of
/// numeric::philox_uniform_pairs); the same bits as box_muller_lanes.
void box_muller(const double* u1, const double* u2, double* out, std::size_t pairs);

/// Box–Muller of eight interleaved lanes: normals[2k·8 + l] = r cos 2πu2 and normals[(2k+1)·8 + l] =
/// r sin 2πu2 of (u1, u2)[k·8 + l] for k < groups, the bits of box_muller for each pair.
void box_muller_lanes(const double* u1, const double* u2, double* normals, std::size_t groups);

}  // namespace nnft::sampler::detail
