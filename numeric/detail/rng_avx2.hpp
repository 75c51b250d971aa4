#pragma once
/// \file Internal: Philox4x32-10 uniforms eight (AVX2) or sixteen (AVX-512) blocks at a time (same bits as the scalar loop).
#include <cstddef>
#include <cstdint>

namespace nnft::numeric::detail {

/// philox_uniform_pairs for the first count rounded down to a multiple of 8 blocks; returns how many it
/// did. Call only when avx2_available() (kernel_transfer.hpp) is true.
std::size_t philox_uniform_pairs_avx2(std::uint64_t seed, std::uint64_t stream, std::uint32_t tag, std::uint32_t first,
                                      std::size_t count, double* u1, double* u2);

/// philox_uniform_pairs_streams with AVX2 (all `count` blocks). Call only when avx2_available().
void philox_uniform_pairs_streams_avx2(std::uint64_t seed, std::uint64_t first_stream, std::uint32_t tag,
                                       std::uint32_t first, std::size_t count, double* u1, double* u2);

/// philox_uniform_pairs_streams with AVX-512 for count rounded down to a multiple of 2 blocks; returns
/// how many it did. Call only when avx512_available() (kernel_transfer.hpp) is true.
std::size_t philox_uniform_pairs_streams_avx512(std::uint64_t seed, std::uint64_t first_stream, std::uint32_t tag,
                                                std::uint32_t first, std::size_t count, double* u1, double* u2);

}  // namespace nnft::numeric::detail
