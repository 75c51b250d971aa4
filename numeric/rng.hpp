#pragma once
/// \file Counter-based random numbers: Philox4x32-10 (Salmon et al., SC'11) and Gaussian streams.
/// A draw depends only on (key, counter), so any partition of work over threads, batches, shards or
/// processes reproduces the same numbers bit for bit.
#include <array>
#include <cstdint>
#include <span>

namespace nnft::numeric {

/// Four 32-bit words: a Philox counter or output block.
using PhiloxBlock = std::array<std::uint32_t, 4>;
/// Two 32-bit words: a Philox key.
using PhiloxKey = std::array<std::uint32_t, 2>;

/// The Philox4x32-10 bijection of `counter` under `key` (Random123's philox4x32_10).
PhiloxBlock philox4x32_10(PhiloxBlock counter, PhiloxKey key);

/// Uniform double in (0, 1] from 64 random bits: (top 53 bits + ½)·2^−53, rounded; never 0, and exactly 1 only
/// for all-ones bits (probability 2^−53; Box–Muller then gives r = 0). The name keeps its historical "open".
double uniform_open01(std::uint32_t hi, std::uint32_t lo);

/// Uniforms of blocks first..first+count−1 of the stream (seed, stream, tag): block k gives
/// u1[k], u2[k] ∈ (0,1] (see uniform_open01) from Philox counter (first+k, stream_lo, stream_hi, tag). NormalStream turns
/// each pair into two normals by Box–Muller (r cos 2πu2, r sin 2πu2 with r = √(−2 ln u1)).
void philox_uniform_pairs(std::uint64_t seed, std::uint64_t stream, std::uint32_t tag, std::uint32_t first,
                          std::size_t count, double* u1, double* u2);

/// Streams side by side: philox_uniform_pairs of the kStreamLanes streams first_stream, first_stream + 1, …
/// (same seed, tag and blocks), interleaved: block first + k of stream first_stream + l gives
/// u1[k * kStreamLanes + l] and u2[k * kStreamLanes + l], the same bits as philox_uniform_pairs.
void philox_uniform_pairs_streams(std::uint64_t seed, std::uint64_t first_stream, std::uint32_t tag, std::uint32_t first,
                                  std::size_t count, double* u1, double* u2);
/// Streams handled side by side by philox_uniform_pairs_streams.
inline constexpr std::size_t kStreamLanes = 8;

/// A stream of standard normal draws identified by (seed, stream, tag): Box–Muller on Philox blocks.
/// Block k of the stream uses counter (k, stream_lo, stream_hi, tag) and key (seed_lo, seed_hi).
class NormalStream {
public:
    /// The stream `stream` (e.g. a network index) of the generator `seed`; `tag` separates uses.
    NormalStream(std::uint64_t seed, std::uint64_t stream, std::uint32_t tag = 0);
    /// Fill `out` with the next out.size() standard normal draws of this stream.
    void fill(std::span<double> out);
    /// The next standard normal draw.
    double next();

private:
    void refill();
    PhiloxKey key_;
    PhiloxBlock counter_;
    double buffer_[2] = {0.0, 0.0};
    int available_ = 0;
};

}  // namespace nnft::numeric
