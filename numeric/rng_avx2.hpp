#pragma once
/// \file Internal: Philox4x32-10 uniforms eight blocks at a time with AVX2 (same bits as the scalar loop).
#include <cstddef>
#include <cstdint>

namespace nnft::numeric::detail {

/// philox_uniform_pairs for the first count rounded down to a multiple of 8 blocks; returns how many it
/// did. Call only when avx2_available() (kernel_transfer.hpp) is true.
std::size_t philox_uniform_pairs_avx2(std::uint64_t seed, std::uint64_t stream, std::uint32_t tag, std::uint32_t first,
                                      std::size_t count, double* u1, double* u2);

}  // namespace nnft::numeric::detail
