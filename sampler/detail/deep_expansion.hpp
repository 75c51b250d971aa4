#pragma once
/// \file Internal: the homogeneous reduction of the deep 1/N expansion (sampler/deep_expansion_checks.cpp) and the
/// single-unit moments that start the recursion under non-Gaussian first-layer laws (sampler/deep_first_layer.cpp).
#include "sampler/network.hpp"

#include <array>
#include <cstdint>
#include <unordered_map>
#include <vector>

namespace nnft::sampler::detail {

/// True when σ(c t) = c σ(t) for c > 0 (relu, leaky relu, linear), tested on a grid to 1e-13.
bool positively_homogeneous(const numeric::Activation& a);

/// |x_a| per input when every input is a positive multiple of the first (one ray from the origin); empty otherwise.
std::vector<double> ray_scales(const InputSet& inputs);

/// The key of an input quadruple (sorted first; indices < 65536).
std::uint64_t quadruple_key(std::array<std::size_t, 4> idx);

/// One unit's moments on M inputs: E[σ_aσ_b] per input pair (sampler::input_pair_index) and E[σ_aσ_bσ_cσ_d] per
/// quadruple_key (empty when the four-point vertex is not needed).
struct UnitMoments {
    std::vector<double> pair;                              ///< E[σ_aσ_b] by input pair index
    std::unordered_map<std::uint64_t, double> quadruple;   ///< E[σ_aσ_bσ_cσ_d] by quadruple_key
};

/// True when a first-layer law (weights or biases) is not normal: the first layer's units are then non-Gaussian at
/// O(1) (their fan-in is d_in, not a width) and the recursion starts from first_layer_moments.
bool non_gaussian_first_layer(const NetworkSpec& net);

/// The first layer's unit moments under its laws, on the finer [0] and the coarser [1] rule of `nnft exact`'s
/// single-neuron quadrature (throws nnft::Error when that quadrature would need more than 4 dimensions).
std::array<UnitMoments, 2> first_layer_moments(const NetworkSpec& net, const InputSet& inputs, bool need_four_point);

}  // namespace nnft::sampler::detail
