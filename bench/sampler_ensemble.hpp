#pragma once
/// \file The ensemble every sampler benchmark times (and bench/sampler_torch.py mirrors): Erf-net, d_in = 1,
/// the six inputs paper:erf, σ_W = σ_b = 1, all moments to n = 6, seed 1.
#include "sampler/ensemble.hpp"

#include <cstddef>
#include <cstdint>

namespace nnft::bench {

/// The benchmark ensemble at hidden width `width` with `networks` networks.
inline sampler::EnsembleConfig erf_ensemble(std::size_t width, std::uint64_t networks) {
    sampler::EnsembleConfig c;
    c.net = sampler::default_spec(sampler::Activation::Erf);
    c.net.width = width;
    c.inputs = sampler::parse_inputs("paper:erf", 1);
    c.max_n = 6;
    c.seed = 1;
    c.networks = networks;
    return c;
}

}  // namespace nnft::bench
