#pragma once
/// \file Array math for the network evaluator: Box–Muller through SLEEF's dispatching 2-wide log and
/// sincospi when available (deterministic on a given machine; ~2× faster than libm), and activations.
#include "sampler/network.hpp"

#include <cstddef>

namespace nnft::sampler::detail {

/// In place: (u1[k], u2[k]) → out[2k] = r cos 2πu2, out[2k+1] = r sin 2πu2, r = √(−2 ln u1).
void box_muller(const double* u1, const double* u2, double* out, std::size_t pairs);

/// In place: z[i] → σ(z[i]) for erf, tanh, relu, or exp (Gauss-net, normaliser already subtracted).
void activate(Activation a, double* z, std::size_t n);

}  // namespace nnft::sampler::detail
