#pragma once
/// \file How a run is cut into blocks (internal to ensemble.cpp and ensemble_run.cpp).
#include "sampler/ensemble.hpp"

#include <algorithm>
#include <cstdint>

namespace nnft::sampler::detail {

/// Blocks of kBlockSize networks in the whole run (all shards; the last block may be partial).
inline std::uint64_t total_blocks(const EnsembleConfig& c) { return (c.networks + kBlockSize - 1) / kBlockSize; }

/// Networks in block `block`: kBlockSize, fewer in the last block.
inline std::uint64_t block_networks(const EnsembleConfig& c, std::uint64_t block) {
    const std::uint64_t begin = block * kBlockSize;
    return std::min(kBlockSize, c.networks - begin);
}

/// Networks in blocks [first, end) (end <= total_blocks), without a per-block loop: a document or run claiming
/// 10^18 networks is counted at once.
inline std::uint64_t range_networks(const EnsembleConfig& c, std::uint64_t first, std::uint64_t end) {
    const auto upto = [&](std::uint64_t b) { return b >= total_blocks(c) ? c.networks : b * kBlockSize; };
    return upto(end) - upto(first);
}

/// First block of shard `index` of the run (index = shard_count: the end of the last shard), ⌊blocks · index / n⌋
/// without forming blocks · index (which wraps for 10^18 networks in thousands of parts): with blocks = q n + r,
/// it is q · index + ⌊r · index / n⌋, and r · index < n² < 2^64.
inline std::uint64_t shard_first_block(const EnsembleConfig& c, std::uint64_t index) {
    const std::uint64_t blocks = total_blocks(c), n = c.shard_count;
    return blocks / n * index + blocks % n * index / n;
}

/// Output points of the run: index p = input · d_out + output.
inline std::size_t output_points(const EnsembleConfig& c) { return c.inputs.count() * c.net.d_out; }

}  // namespace nnft::sampler::detail
