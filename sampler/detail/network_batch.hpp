#pragma once
/// \file Eight networks at a time, SIMD across networks: the draws, operations and bits of
/// NetworkEvaluator::evaluate for each of them, without its per-network overheads.
#include "sampler/network.hpp"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace nnft::sampler {

namespace detail {
/// What the lane-parallel forward pass needs (one hidden layer).
struct ForwardPlan {
    numeric::Activation activation = numeric::ActivationKind::erf;  ///< σ
    std::size_t width = 0;                    ///< N
    std::size_t d_in = 0;                     ///< input dimension
    std::size_t d_out = 0;                    ///< output dimension
    std::size_t inputs = 0;                   ///< M
    double s0 = 0.0;                          ///< first-layer weight sd / √d_in
    double mu_w = 0.0;                        ///< first-layer weight mean
    double mu_b = 0.0;                        ///< first-layer bias mean
    double sigma_b = 0.0;                     ///< first-layer bias sd
    double s1 = 0.0;                          ///< output weight sd / √N
    double mu_w_out = 0.0;                    ///< output weight mean
    double mu_b_out = 0.0;                    ///< output bias mean
    double sigma_b_out = 0.0;                 ///< output bias sd
    const double* xt = nullptr;               ///< inputs, d_in × M
    const double* gauss_norm = nullptr;       ///< Gauss-net log normaliser per input (else null)
};

/// The forward pass of eight networks whose draw d is normals[d·8 + l]: hidden (N·M·8 scratch) and
/// out[p · stride + l] = f_p of network l, with NetworkEvaluator's operations in its order (AVX-512,
/// AVX2 or baseline clone, the same bits).
void forward_lanes(const ForwardPlan& plan, const double* normals, double* hidden, double* out, std::size_t stride);
}  // namespace detail

/// Evaluates networks first … first + kBatch − 1 of a seed together (SIMD across networks); the result
/// is bit-identical to NetworkEvaluator::evaluate of each network.
class NetworkBatchEvaluator {
public:
    /// Networks per call.
    static constexpr std::size_t kBatch = 8;
    /// Whether the batched path is used for `spec` on this CPU (AVX2, one hidden layer).
    static bool available(const NetworkSpec& spec);
    /// Prepare for a specification and input set (validated; requires available(spec)).
    NetworkBatchEvaluator(const NetworkSpec& spec, const InputSet& inputs);
    /// Evaluate networks first … first + 7 of `seed`: out[p * stride + l] is output p of network first + l.
    void evaluate(std::uint64_t seed, std::uint64_t first, double* out, std::size_t stride);
    /// The hidden layer of the last evaluate: φ_j(x_m) of network first + l at [(j · M + m) · kBatch + l], the
    /// bits of NetworkEvaluator::last_hidden (the conditioned estimator's input).
    const double* hidden() const { return hidden_.data(); }
    /// Only the standardised draws of networks first … first + 7 of `seed`: draw d of network first + l at
    /// [d · kBatch + l], NetworkEvaluator::draw's bits (valid until the next call).
    const double* draw(std::uint64_t seed, std::uint64_t first);

private:
    NetworkSpec spec_;
    std::vector<double> xt_, gauss_norm_;
    detail::ForwardPlan plan_;
    std::size_t pairs_;
    std::vector<double> u1_, u2_, normals_, hidden_;
};

}  // namespace nnft::sampler
