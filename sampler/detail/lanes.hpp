#pragma once
/// \file Internal: eight double lanes as one GCC vector (one zmm, two ymm or four xmm registers,
/// whatever the enclosing target_clones clone targets), for kernels whose clones must agree bit for
/// bit: lane-wise IEEE multiplies and adds only, in files built with -ffp-contract=off and -Wno-psabi
/// (every function taking or returning a V8 is inlined into the clones, so its ABI never matters).
#include <cstddef>

namespace nnft::sampler::lanes {

/// Eight doubles, unaligned loads and stores.
typedef double V8 __attribute__((__vector_size__(64), __aligned__(8), __may_alias__));
/// Doubles per V8.
inline constexpr std::size_t kWidth = 8;

/// Load eight doubles from p.
__attribute__((always_inline)) inline V8 load(const double* p) { return *reinterpret_cast<const V8*>(p); }
/// Store eight doubles at p.
__attribute__((always_inline)) inline void store(double* p, V8 v) { *reinterpret_cast<V8*>(p) = v; }

}  // namespace nnft::sampler::lanes
