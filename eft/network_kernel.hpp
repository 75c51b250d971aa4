#pragma once
/// \file The NNGP kernel (numeric/) of a sampled network's specification (sampler/).
#include "numeric/kernel_spec.hpp"
#include "sampler/network.hpp"

namespace nnft::eft {

/// The GP kernel K of `net` (full K, bias included; set `eft` on the result for K_EFT = K − σ_b²).
/// Throws nnft::Error for activations without a closed-form kernel (tanh) or zero-mean violations.
numeric::KernelSpec gp_kernel_spec(const sampler::NetworkSpec& net);

}  // namespace nnft::eft
