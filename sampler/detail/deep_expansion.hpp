#pragma once
/// \file Internal: the homogeneous reduction of the deep 1/N expansion (sampler/deep_expansion_checks.cpp).
#include "sampler/network.hpp"

#include <vector>

namespace nnft::sampler::detail {

/// True when σ(c t) = c σ(t) for c > 0 (relu, leaky relu, linear), tested on a grid to 1e-13.
bool positively_homogeneous(const numeric::Activation& a);

/// |x_a| per input when every input is a positive multiple of the first (one ray from the origin); empty otherwise.
std::vector<double> ray_scales(const InputSet& inputs);

}  // namespace nnft::sampler::detail
