#include "sampler/detail/network_batch.hpp"

#include "common/error.hpp"
#include "numeric/rng.hpp"
#include "sampler/detail/box_muller.hpp"
#include "sampler/detail/lanes.hpp"
#include "sampler/detail/vector_math.hpp"

#include <cmath>

#if defined(NNFT_HAVE_AVX2_SAMPLER)
#include "numeric/kernel_transfer.hpp"  // avx2_available()
#endif

namespace nnft::sampler {

namespace detail {
namespace {
constexpr std::size_t kL = NetworkBatchEvaluator::kBatch;
using lanes::load;
using lanes::store;
using lanes::V8;
static_assert(kL == lanes::kWidth, "one V8 per batch");

// Inputs coordinates whose weights preactivations keeps in registers (one pass over the inputs per neuron).
constexpr std::size_t kRegisterInputs = 4;

// Scalars enter the lane arithmetic as vector-scalar operations (GCC broadcasts them). Per neuron and input,
// z = bias (− Gauss normaliser), then z += w_i·x_i for i = 0 … d_in − 1: the operations of NetworkEvaluator in
// its order. Up to kRegisterInputs coordinates, z stays in a register and is stored once.
NNFT_LANE_CLONES void preactivations(const ForwardPlan& p, const double* normals,
                                                                              double* hidden) {
    const std::size_t n = p.width, din = p.d_in, m_count = p.inputs;
    const double* w0 = normals;
    const double* b0 = w0 + n * din * kL;
    for (std::size_t j = 0; j < n; ++j) {
        const V8 bias = p.mu_b + p.sigma_b * load(b0 + j * kL);
        double* zj = hidden + j * m_count * kL;
        if (din <= kRegisterInputs) {
            V8 w[kRegisterInputs];
            for (std::size_t i = 0; i < din; ++i)
                w[i] = p.mu_w + p.s0 * load(w0 + (j * din + i) * kL);
            for (std::size_t m = 0; m < m_count; ++m) {
                V8 z = p.gauss_norm ? bias - p.gauss_norm[m] : bias;
                for (std::size_t i = 0; i < din; ++i)
                    z = z + w[i] * p.xt[i * m_count + m];
                store(zj + m * kL, z);
            }
            continue;
        }
        if (p.gauss_norm)
            for (std::size_t m = 0; m < m_count; ++m)
                store(zj + m * kL, bias - p.gauss_norm[m]);
        else
            for (std::size_t m = 0; m < m_count; ++m)
                store(zj + m * kL, bias);
        for (std::size_t i = 0; i < din; ++i) {
            const V8 w = p.mu_w + p.s0 * load(w0 + (j * din + i) * kL);
            const double* xi = p.xt + i * m_count;
            for (std::size_t m = 0; m < m_count; ++m)
                store(zj + m * kL, load(zj + m * kL) + w * xi[m]);
        }
    }
}

// Outputs f_k(x_m), m = m0 … m0 + B − 1, of the eight networks: f = bias, then f += w_j·φ_j for j = 0 … N − 1
// (NetworkEvaluator's operations in its order), the B sums held in registers over the neurons.
template <std::size_t B>
__attribute__((always_inline)) inline void output_block(const ForwardPlan& p, const double* w1k, V8 bias,
                                                        const double* hidden, std::size_t m0, double* out,
                                                        std::size_t k, std::size_t stride) {
    const std::size_t m_count = p.inputs, dout = p.d_out;
    V8 f[B];
    for (std::size_t b = 0; b < B; ++b)
        f[b] = bias;
    for (std::size_t j = 0; j < p.width; ++j) {
        const V8 w = p.mu_w_out + p.s1 * load(w1k + j * kL);
        const double* phi = hidden + (j * m_count + m0) * kL;
        for (std::size_t b = 0; b < B; ++b)
            f[b] = f[b] + w * load(phi + b * kL);
    }
    for (std::size_t b = 0; b < B; ++b)
        store(out + ((m0 + b) * dout + k) * stride, f[b]);
}

NNFT_LANE_CLONES void output_layer(const ForwardPlan& p, const double* normals,
                                                                            const double* hidden, double* out,
                                                                            std::size_t stride) {
    const std::size_t n = p.width, din = p.d_in, dout = p.d_out, m_count = p.inputs;
    const double* w1 = normals + (n * din + n) * kL;
    const double* b1 = w1 + dout * n * kL;
    for (std::size_t k = 0; k < dout; ++k) {
        const V8 bias = p.mu_b_out + p.sigma_b_out * load(b1 + k * kL);
        const double* w1k = w1 + k * n * kL;
        std::size_t m = 0;
        for (; m + 4 <= m_count; m += 4)
            output_block<4>(p, w1k, bias, hidden, m, out, k, stride);
        for (; m < m_count; ++m)
            output_block<1>(p, w1k, bias, hidden, m, out, k, stride);
    }
}
}  // namespace

void forward_lanes(const ForwardPlan& plan, const double* normals, double* hidden, double* out,
                   std::size_t stride) {
    // NetworkEvaluator's operations, lane by lane: bias = μ_b + σ_b b0, z = bias (− Gauss normaliser),
    // z += (μ_W + s0 W0) x per input coordinate; σ; f = μ_b + σ_b b1, f += (μ_W + s1 W1) φ per neuron.
    preactivations(plan, normals, hidden);
    activate(plan.activation, hidden, plan.width * plan.inputs * kL);
    output_layer(plan, normals, hidden, out, stride);
}
}  // namespace detail

bool NetworkBatchEvaluator::available(const NetworkSpec& spec) {
#if defined(NNFT_HAVE_AVX2_SAMPLER)
    static const bool avx2 = numeric::detail::avx2_available();
    return avx2 && spec.depth == 1;
#else
    (void)spec;
    return false;
#endif
}

NetworkBatchEvaluator::NetworkBatchEvaluator(const NetworkSpec& spec, const InputSet& inputs) : spec_(spec) {
    validate(spec, inputs);
    NNFT_ASSERT(available(spec));
    static_assert(kBatch == numeric::kStreamLanes, "one Philox stream per lane");
    const std::size_t m_count = inputs.count(), n = spec.width;
    xt_.resize(inputs.x.size());
    for (std::size_t m = 0; m < m_count; ++m)
        for (std::size_t i = 0; i < spec.d_in; ++i)
            xt_[i * m_count + m] = inputs.x[m * spec.d_in + i];
    if (spec.activation.kind() == numeric::ActivationKind::gauss)
        gauss_norm_ = gauss_log_normalisers(spec, inputs);
    plan_.activation = spec.activation;
    plan_.width = n;
    plan_.d_in = spec.d_in;
    plan_.d_out = spec.d_out;
    plan_.inputs = m_count;
    plan_.s0 = spec.weights.sd() / std::sqrt(static_cast<double>(spec.d_in));
    plan_.mu_w = spec.weights.mean();
    plan_.mu_b = spec.biases.mean();
    plan_.sigma_b = spec.biases.sd();
    plan_.s1 = spec.output_weights.sd() / std::sqrt(static_cast<double>(n));
    plan_.mu_w_out = spec.output_weights.mean();
    plan_.mu_b_out = spec.output_bias.mean();
    plan_.sigma_b_out = spec.output_bias.sd();
    plan_.xt = xt_.data();
    plan_.gauss_norm = gauss_norm_.empty() ? nullptr : gauss_norm_.data();
    const std::size_t draws = n * spec.d_in + n + spec.d_out * n + spec.d_out;
    pairs_ = (draws + 1) / 2;
    u1_.resize(pairs_ * kBatch);
    u2_.resize(pairs_ * kBatch);
    normals_.resize(2 * pairs_ * kBatch);
    hidden_.resize(n * m_count * kBatch);
}

const double* NetworkBatchEvaluator::draw(std::uint64_t seed, std::uint64_t first) {
    numeric::philox_uniform_pairs_streams(seed, first, 0, 0, pairs_, u1_.data(), u2_.data());
    detail::box_muller_lanes(u1_.data(), u2_.data(), normals_.data(), pairs_);
    standardise_draws(spec_, normals_.data(), kBatch);
    return normals_.data();
}

void NetworkBatchEvaluator::evaluate(std::uint64_t seed, std::uint64_t first, double* out, std::size_t stride) {
    draw(seed, first);
    detail::forward_lanes(plan_, normals_.data(), hidden_.data(), out, stride);
}

}  // namespace nnft::sampler
