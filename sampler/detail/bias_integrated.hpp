#pragma once
/// \file The Gauss-net's conditioned estimator with the first-layer biases integrated as well as the output layer.
/// φ_j(x) = e^{σ_b n_j} u_j(x), where n_j is the standard normal draw of neuron j's bias and u_j(x) the rest of
/// the activation (first-layer weights, bias mean, normaliser). A covariance entry is
/// C_e = σ_B² + s Σ_j e^{2σ_b n_j} U_j(e) with U_j(a, c) = u_j(a) u_j(c), and the expectation over the n_j of a
/// product of d ≤ 3 entries is, in closed form, a polynomial in the neuron sums Q(A) = Σ_j Π_{i∈A} u_j(x_i) over
/// multisets A of inputs, with the moments m_k = E[e^{k σ_b n}] = e^{k²σ_b²/2}: the sum over neuron assignments
/// split by which positions share a neuron (set partitions), each distinct-neuron sum by Möbius inversion over the
/// coarser partitions (docs/methods/sampling.md#bias-integrated). Averaged over networks (the first-layer
/// weights still sampled) it is an unbiased estimator of the same correlators.
#include "sampler/ensemble.hpp"
#include "sampler/tuples.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace nnft::sampler {

/// Whether `config`'s conditioned estimator integrates the first-layer biases (BiasIntegratedMonomials): the
/// Gauss-net, one hidden layer, the covariance-monomial path, a random first-layer bias, and accumulators within
/// a few times the monomials' count.
bool integrates_biases(const EnsembleConfig& config);

/// Bytes of one thread's BiasIntegratedMonomials for `config` (0 where integrates_biases is false).
double bias_integrated_bytes(const EnsembleConfig& config);

/// Σ over networks of E[Π_{e∈t} C_e | first-layer weights] for every covariance monomial t, eight networks at a
/// time (SIMD over networks; every step a lane-wise IEEE multiply or add in a fixed order, the same bits on every
/// instruction set).
class BiasIntegratedMonomials {
public:
    /// Networks per add_lanes call.
    static constexpr std::size_t kLanes = 8;
    /// For the monomials over the covariance entries (entry q: inputs entry_a[q] ≤ entry_b[q], lengths ≤ 3) of
    /// `inputs` points, the first-layer bias sd, the output bias variance and the scale s = σ_W,out² / N.
    BiasIntegratedMonomials(const TupleTable& monomials, const std::vector<std::uint16_t>& entry_a,
                            const std::vector<std::uint16_t>& entry_b, std::size_t inputs, double sigma_b,
                            double var_b, double scale);
    /// Add eight networks: u[(j · M + m) · 8 + l] = u_j(x_m) of network l for the neurons j < n (all zero for a
    /// lane without a network).
    void add_lanes(const double* u, std::size_t n);
    /// out[monomial slot] = Σ over the networks added since the last take (`networks` of them) of E[Π C | W];
    /// then the sums start afresh.
    void take(double networks, std::span<double> out);
    /// Multiply-adds per neuron and per eight networks beyond it (the cost model of integrates_biases).
    std::size_t neuron_work() const { return sums_; }
    /// Accumulators (one per block sum of a product of neuron sums).
    std::size_t accumulators() const { return accumulators_; }

private:
    struct Term {
        std::int64_t sum;  // index into the reduced block sums, −1 for the constant (times networks)
        double coefficient;
    };
    void build_neuron_sums(std::size_t inputs, const std::vector<std::uint16_t>& entry_a,
                           const std::vector<std::uint16_t>& entry_b);
    void build_terms(const TupleTable& monomials, double sigma_b, double var_b, double scale);

    std::size_t entries_ = 0;      // K covariance entries (the neuron sums of size 2)
    std::size_t quartets_ = 0;     // multisets of 4 inputs
    std::size_t sums_ = 0;         // neuron sums of sizes 2, 4, 6: K, then the quartets, then the sextets
    std::vector<std::uint16_t> entry_a_, entry_b_;
    std::vector<std::uint32_t> left_, right_;   // sum i ≥ K is sum left_[i−K] times entry right_[i−K]
    std::unique_ptr<TupleTable> multisets_;     // inputs, lengths ≤ 6 (slot → sum index via offsets)
    std::vector<std::uint32_t> sum_of_slot_;    // multiset slot → neuron-sum index (even lengths)
    std::vector<WalkStep> walk_;                // over the monomial table: products of the size-2 sums
    std::size_t monomials_ = 0, depth_ = 0;
    std::size_t accumulators_ = 0;              // sums_ + monomials_ + quartets_ · K
    std::vector<double> q_raw_, prod_raw_, acc_raw_;  // storage of the 64-byte-aligned lanes below
    double* q_ = nullptr;                       // per lane: neuron sums, then the current neuron's products
    double* prod_ = nullptr;                    // per lane: the running products of the monomial walk
    double* acc_ = nullptr;                     // per lane: the accumulators
    std::vector<std::size_t> begin_;            // terms of monomial s: [begin_[s], begin_[s+1])
    std::vector<Term> terms_;
    std::vector<double> reduced_;
};

}  // namespace nnft::sampler
