#pragma once
/// \file Internal: the Hermite expansions of one quadrature kernel, remembered by pre-activation variance.
/// A grid integral asks for the kernel between the same few hundred nodes many times (row blocks, grid
/// levels, both rules), and an expansion costs ~0.2 ms while a Mehler sum costs ~0.2 µs: without the memo
/// the expansions dominated (docs/methods/kernels.md, "Cost and limits").
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "numeric/gaussian_pair.hpp"

namespace nnft::numeric::detail {

/// One point's expansions through the layers of a deep kernel (layer 0 first).
using HermiteLayers = std::vector<HermitePoint>;

/// A bounded, thread-safe memo of HermiteLayers keyed by the exact bits of the layer-0 variance. When it
/// holds kCapacity entries it is emptied (about 2.6 kB per entry and layer: at most ~20 MB per layer).
class HermiteCache {
public:
    /// Entries kept before the memo is emptied.
    static constexpr std::size_t kCapacity = 8192;

    /// The layers of `variance`, computed by `make` unless remembered. The result is a shared, immutable copy.
    std::shared_ptr<const HermiteLayers> get(double variance, const std::function<HermiteLayers(double)>& make);

private:
    std::mutex mutex_;
    std::unordered_map<std::uint64_t, std::shared_ptr<const HermiteLayers>> memo_;
};

}  // namespace nnft::numeric::detail
