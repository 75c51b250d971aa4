#pragma once
/// \file Internal: eight double lanes as one GCC vector (one zmm, two ymm or four xmm registers,
/// whatever the enclosing target_clones clone targets), for kernels whose clones must agree bit for
/// bit: lane-wise IEEE multiplies and adds only, in files built with -ffp-contract=off and -Wno-psabi
/// (every function taking or returning a V8 is inlined into the clones, so its ABI never matters).
#include <cstddef>
#include <cstdint>
#include <vector>

/// Two-vector lane shuffle by constant indices: gcc's __builtin_shuffle takes them as a vector of type `Mask`,
/// clang's __builtin_shufflevector as arguments (clang builds the fuzzers, docs/testing.md).
#if defined(__clang__)
#define NNFT_SHUFFLE(Mask, a, b, ...) __builtin_shufflevector(a, b, __VA_ARGS__)
#else
#define NNFT_SHUFFLE(Mask, a, b, ...) __builtin_shuffle(a, b, Mask{__VA_ARGS__})
#endif

/// The clones of a lane kernel (AVX-512, AVX2, baseline; every clone gives the same bits). clang refuses V8
/// arguments between functions of different targets, so a clang build (the fuzzers only, docs/testing.md) has
/// the baseline kernel alone: the same bits, slower.
#if defined(__clang__)
#define NNFT_LANE_CLONES
#else
#define NNFT_LANE_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#endif

namespace nnft::sampler::lanes {

/// Eight doubles, unaligned loads and stores.
typedef double V8 __attribute__((__vector_size__(64), __aligned__(8), __may_alias__));
/// Doubles per V8.
inline constexpr std::size_t kWidth = 8;

/// Load eight doubles from p.
__attribute__((always_inline)) inline V8 load(const double* p) { return *reinterpret_cast<const V8*>(p); }
/// Store eight doubles at p.
__attribute__((always_inline)) inline void store(double* p, V8 v) { *reinterpret_cast<V8*>(p) = v; }

/// A 64-byte-aligned view of n zeroed doubles in `raw` (over-allocated here), so that a V8 is one cache line.
inline double* aligned64(std::vector<double>& raw, std::size_t n) {
    raw.assign(n + 8, 0.0);
    const auto address = reinterpret_cast<std::uintptr_t>(raw.data());
    return raw.data() + ((64 - address % 64) % 64) / sizeof(double);
}

}  // namespace nnft::sampler::lanes
