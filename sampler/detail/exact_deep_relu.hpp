#pragma once
/// \file Internal: exact correlators of deep ReLU networks without hidden biases on positive one-dimensional
/// inputs, where the output is x·F + b with F a Gaussian scale mixture (sampler/exact_deep_relu.cpp).
#include "sampler/correlators.hpp"
#include "sampler/network.hpp"

#include <string>

namespace nnft::sampler::detail {

/// Why the deep ReLU closed form does not apply to (spec, inputs) (empty when it does).
std::string deep_relu_obstacle(const NetworkSpec& spec, const InputSet& inputs);

/// The exact tables up to max_n (error: a rounding bound); throws nnft::Error naming the obstacle otherwise.
Correlators exact_deep_relu(const NetworkSpec& spec, const InputSet& inputs, int max_n);

}  // namespace nnft::sampler::detail
