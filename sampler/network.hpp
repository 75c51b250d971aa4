#pragma once
/// \file Single-hidden-layer random networks f(x) = W1 σ(W0 x + b0) + b1 (docs/physics-setup.md §1).
#include "numeric/network.hpp"
#include "numeric/points.hpp"

#include <Eigen/Dense>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace nnft::sampler {

/// The hidden-layer activation: the one network vocabulary of numeric/network.hpp.
using Activation = numeric::Activation;
using numeric::parse_activation;

/// Architecture and parameter laws of a network (numeric/network.hpp); with the paper's normal laws
/// W0 ~ N(μ_W, σ_W²/d_in), b0 ~ N(μ_b, σ_b²), deeper W_l and W1 ~ N(μ_W, σ_W²/N), b_l, b1 ~ N(μ_b, σ_b²).
using NetworkSpec = numeric::Network;


/// A set of M input points in R^{d_in}, row-major (x[m * d_in + i]).
struct InputSet {
    std::size_t d_in = 1;       ///< dimension of each point
    std::vector<double> x;      ///< coordinates, M × d_in
    /// Number of points M.
    std::size_t count() const { return d_in == 0 ? 0 : x.size() / d_in; }
};

/// Parse "x1;x2;…" where each point is "a" or "a,b,…" with d_in coordinates, or a built-in set
/// "paper:erf|paper:relu|paper:gauss" (docs/physics-setup.md §4.2, d_in = 1 or 2). Throws nnft::Error.
InputSet parse_inputs(const std::string& text, std::size_t d_in);

/// The input points as a numeric::PointSet (coordinate-major), for kernels and integrals.
numeric::PointSet to_point_set(const InputSet& inputs);

/// How the hidden layers after the first are drawn (deep networks).
enum class DeepSampling {
    automatic,  ///< gram where gram_sampling_allowed and N > 4M, else matrix
    matrix,     ///< every weight of W_l (N × N) and b_l drawn: O(N²·M) work and N² + N draws per layer
    gram,       ///< given layer l's activations a_j(x_m), the units' pre-activations of layer l+1 are independent
                ///< Gaussian M-vectors N(μ_b + μ_W Σ_j a_j, σ_b² + σ_W² G/N), G_mm' = Σ_j a_j(x_m) a_j(x_m'):
                ///< drawn directly (exact in distribution; O(N·M² + M³) work and N·M draws per layer)
};

/// "auto", "matrix", "gram" (throws nnft::Error naming the choices otherwise) and back.
DeepSampling parse_deep_sampling(const std::string& text);
/// The name of a choice: "auto", "matrix" or "gram".
std::string to_string(DeepSampling mode);

/// Whether the gram draw is exact for `spec`: depth > 1 and normal laws for the hidden weights and biases
/// (the output layer may have any law).
bool gram_sampling_allowed(const NetworkSpec& spec);

/// `mode` with automatic resolved for M = `inputs` points: gram where allowed and N > 4M (below that the weight
/// matrices are cheaper: N = 3, M = 3 takes 1.7× longer with gram), matrix otherwise and for one hidden layer.
/// Throws nnft::Error when gram is asked for a network where it is not exact.
DeepSampling resolve_deep_sampling(DeepSampling mode, const NetworkSpec& spec, std::size_t inputs);

/// Check a specification and inputs (width ≥ 1, non-negative finite variances, finite inputs, …).
void validate(const NetworkSpec& spec, const InputSet& inputs);

/// Heavy-tailed (Student-t) hidden-layer laws: E[|σ(z)|ⁿ] for n ≤ max_n exists only if ν > p·max_n, σ ~ |z|^p
/// (numeric::growth_power; never for an exponentially growing σ). Throws nnft::Error naming the fix otherwise.
void check_hidden_law_tails(const NetworkSpec& spec, int max_n);

/// In place: the standard normal draws of a network (draw d of lane l at normals[d * lanes + l], in
/// NetworkEvaluator's order) mapped to standardised parameters (w − mean)/sd by each group's law
/// (numeric::ParameterLaw::standardised); draws of normal laws are left as they are. `gram_inputs`: 0 for the
/// weight-matrix layout of the hidden layers after the first (N_l·N_{l−1} + N_l draws each), else the M of the
/// gram layout (N_l·M standard normals each, left as they are).
void standardise_draws(const NetworkSpec& spec, double* normals, std::size_t lanes, std::size_t gram_inputs = 0);

/// Gauss-net: log of the normaliser sqrt(E[exp(2z)]) = exp(m + v) per input (m = μ_b + μ_W Σ_i x_i,
/// v = σ_b² + σ_W² |x|²/d_in), subtracted from the pre-activation before exp.
std::vector<double> gauss_log_normalisers(const NetworkSpec& spec, const InputSet& inputs);

/// Evaluates networks drawn from counter-based streams: network `index` of generator `seed` uses the
/// (standardise_draws-mapped) Box–Muller normals of the uniforms of NormalStream(seed, index) (computed in bulk by detail::box_muller,
/// bit-reproducible float32 values, within a few float ulp of NormalStream's libm values) for W0 (row-major N × d_in), b0,
/// [W_l (N × N), b_l for deeper layers, or with DeepSampling::gram one standard normal M-vector per unit],
/// W1 (d_out × N), b1 in that order, so a
/// network is the same whatever thread, batch or shard draws it.
class NetworkEvaluator {
public:
    /// Prepare for a specification and input set (validated).
    NetworkEvaluator(const NetworkSpec& spec, const InputSet& inputs, DeepSampling deep = DeepSampling::matrix);
    /// Number of outputs P = M · d_out; output p = m · d_out + k is f_k(x_m).
    std::size_t outputs() const { return inputs_ * spec_.d_out; }
    /// Gaussian draws per network: N_1·d_in + N_1 + Σ_{l≥2} (N_l·N_{l−1} + N_l) + d_out·N_L + d_out (gram: N_l·M
    /// for each deeper layer).
    std::size_t draws_per_network() const;
    /// Evaluate network `index` of `seed`, writing f at out[p * stride].
    void evaluate(std::uint64_t seed, std::uint64_t index, double* out, std::size_t stride);
    /// The last hidden layer φ_j(x_m) of network `index` of `seed`, at [j * M + m] (valid until the next call).
    const double* last_hidden(std::uint64_t seed, std::uint64_t index);
    /// Number of input points M.
    std::size_t input_count() const { return inputs_; }
    /// Only the standardised draws of network `index` of `seed`, in the order above (draw d at [d]; valid until
    /// the next call).
    const double* draw(std::uint64_t seed, std::uint64_t index);

private:
    // Layer l ≥ 2 (width n) from hidden_ (fan_in units) into next_: with the drawn W_l, b_l (matrix) or the
    // Gaussian M-vectors (gram).
    void next_layer_matrix(const double* draws, std::size_t n, std::size_t fan_in);
    void next_layer_gram(const double* draws, std::size_t n, std::size_t fan_in);
    // The draws of hidden layer `layer` ≥ 2.
    std::size_t layer_draws(std::size_t layer) const;

    NetworkSpec spec_;
    std::size_t inputs_;
    std::vector<double> x_;           // M × d_in
    std::vector<double> xt_;          // d_in × M
    std::vector<double> gauss_norm_;  // Gauss-net: log normaliser per input
    std::vector<double> u1_, u2_;     // Philox uniforms
    std::vector<double> normals_;     // the draws (rounded up to an even count)
    std::vector<double> hidden_;      // N_l × M activations (sized for the widest layer)
    std::vector<double> next_;        // N_{l+1} × M, the next layer (deep networks)
    std::size_t deep_draws_ = 0;      // draws of the hidden layers after the first (matrix: N_l·N_{l−1} + N_l each; gram: N_l·M)
    bool gram_ = false;               // DeepSampling::gram
    Eigen::MatrixXd gram_c_, gram_f_;  // gram: the M × M covariance and its factor
    Eigen::VectorXd gram_mean_;        // gram: the mean of the next pre-activations
    Eigen::LDLT<Eigen::MatrixXd> gram_ldlt_;  // gram: pivoted LDLᵀ of gram_c_
    std::vector<double> out_;         // d_out × M
};

}  // namespace nnft::sampler
