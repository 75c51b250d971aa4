#pragma once
/// \file Moments of a Gaussian vector over all tuples: the conditioned (Rao–Blackwellised) estimator.
/// Given the last hidden layer, the outputs are Gaussian with mean μ_b + μ_W Σ_j φ_j(x) and covariance
/// δ_kl (σ_b² + (σ_W²/N) Σ_j φ_j(x) φ_j(x')); averaging these conditional moments over sampled hidden
/// layers integrates the output layer analytically and is still an unbiased Monte Carlo estimator.
///
/// Two ways to the same sums (docs/methods/sampling.md#conditioned):
///  - monomials (μ_W = 0, so the conditional mean m is a constant): E[Π_{i∈t} y_i | h] is a polynomial in the
///    K = M(M+1)/2 distinct covariance entries C_ab (Isserlis: Σ over partial pairings of t of Π m · Π C),
///    so the sum over a block's networks is the same polynomial with every product of C-entries replaced by
///    its sum over the block. The moment kernel accumulates those sums (all products of ≤ max_n/2 entries,
///    one multiply-add per product and network, SIMD over networks) and the Wick sums are formed once per block;
///  - the per-network recursion (GaussianMoments) where the mean varies (μ_W ≠ 0) or the monomials would
///    outnumber the recursion's terms (many inputs).
#include "sampler/detail/scale_integrated.hpp"
#include "sampler/ensemble.hpp"
#include "sampler/tuples.hpp"

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace nnft::sampler {

class ScaleIntegratedMonomials;
class MomentKernel;
class NetworkBatchEvaluator;

/// E[Π_{i∈t} y_i] for y ~ N(mean, cov) and every tuple t of a table, by Isserlis' recursion
/// E[t] = mean[t1] E[t∖t1] + Σ_{k≥2} cov[t1, tk] E[t∖{t1, tk}] over slots in order of length.
class GaussianMoments {
public:
    /// Precompute the recursion for `table` (the table must outlive this object).
    explicit GaussianMoments(const TupleTable& table);
    /// Fill out[slot] from mean[p] and the row-major P × P covariance cov[p * P + q].
    void compute(const double* mean, const double* cov, double* out) const;
    /// Multiply-adds per call (the recursion's terms plus one per slot).
    std::size_t terms() const { return terms_.size() + slots_; }

private:
    struct Term {
        std::uint32_t cov;  // index into cov
        std::int64_t sub;   // slot of the remaining tuple, −1 when empty
    };
    std::size_t slots_;
    std::vector<std::uint32_t> first_;   // t1 per slot
    std::vector<std::int64_t> rest_;     // slot of t∖t1 per slot, −1 when empty
    std::vector<std::size_t> begin_;     // terms of slot s: [begin_[s], begin_[s+1])
    std::vector<Term> terms_;
};

/// Σ_networks E[Π_{i∈t} y_i | h] for every tuple t from Σ_networks of the products of covariance entries, for a
/// constant conditional mean: per output slot the Isserlis terms (coefficient Π m over the unpaired points, the
/// monomial of the paired points' covariance entries) with equal monomials merged.
class CovarianceMonomials {
public:
    /// For `table` over P = inputs · d_out output points (p = input · d_out + output) with the constant mean
    /// mean[p]; pairs of different outputs have covariance 0.
    CovarianceMonomials(const TupleTable& table, std::size_t inputs, std::size_t d_out, const std::vector<double>& mean);
    /// The products: tuples of lengths 1 … max_n/2 over the K covariance entries (a ≤ b, row by row).
    const TupleTable& monomials() const { return *monomials_; }
    /// Entry index of the covariance of inputs a and b (either order).
    std::size_t entry(std::size_t a, std::size_t b) const;
    /// out[slot] = Σ_networks E[Π y | h] from sums[monomial slot] and the number of networks.
    void combine(const double* sums, double networks, std::span<double> out) const;
    /// Isserlis terms over all slots (the work of combine).
    std::size_t terms() const { return monomial_.size(); }

private:
    std::size_t inputs_;
    std::unique_ptr<TupleTable> monomials_;
    std::vector<std::size_t> begin_;       // terms of slot s: [begin_[s], begin_[s+1])
    std::vector<std::int64_t> monomial_;   // monomial slot, −1 for the constant term (times networks)
    std::vector<double> coefficient_;
};

/// Whether the conditioned estimator of `config` sums covariance monomials (CovarianceMonomials): the output
/// weights' mean is 0 and the monomials are no more than the per-network recursion's terms.
bool conditioned_by_monomials(const EnsembleConfig& config);

/// One thread's conditioned estimator: the moment sums of a block of networks.
class ConditionedBlocks {
public:
    /// For `config` (conditioned, validated) and the run's centring shift; `table` must outlive this object.
    ConditionedBlocks(const EnsembleConfig& config, const TupleTable& table, const std::vector<double>& shift);
    ~ConditionedBlocks();
    ConditionedBlocks(const ConditionedBlocks&) = delete;
    ConditionedBlocks& operator=(const ConditionedBlocks&) = delete;
    /// sums[slot] = Σ over the networks of `block` of E[Π (f − shift) | hidden layer] (zeroed here).
    void process(std::uint64_t block, std::span<double> sums);

private:
    // The K covariance entries of networks first … first + count − 1 at values_[q · kChunk + offset + l].
    void covariances(std::uint64_t first, std::size_t offset, std::size_t count);
    void process_by_monomials(std::uint64_t block, std::span<double> sums);
    void process_by_recursion(std::uint64_t block, std::span<double> sums);
    void process_scale_integrated(std::uint64_t block, std::span<double> sums);
    // u_j(x_m) = φ_j(x_m)/ξ_j of one network, from its first-layer draws in double precision, into lane `lane` of
    // u_: exp(μ_b + w_j·x_m − log normaliser_m) (Gauss-net) or σ(z_j(x_m)/r_j) (radius; scale_integrated.hpp).
    void first_layer_without_scale(const double* draws, std::size_t draw_lanes, std::size_t lane);
    void first_layer_without_bias_factor(const double* draws, std::size_t draw_lanes, std::size_t lane);  // Gauss-net
    void first_layer_without_radius(const double* draws, std::size_t draw_lanes, std::size_t lane);       // kink at 0

    const EnsembleConfig& c_;
    const TupleTable& table_;
    std::vector<double> shift_;
    NetworkEvaluator eval_;
    std::unique_ptr<NetworkBatchEvaluator> batch_;   // eight hidden layers at a time, where the CPU allows
    std::unique_ptr<CovarianceMonomials> wick_;      // monomial path only
    std::unique_ptr<MomentKernel> kernel_;           // over wick_->monomials() (not on the scale-integrated path)
    std::vector<std::uint16_t> entry_a_, entry_b_;   // inputs of covariance entry q
    std::vector<double> values_, weights_, monomial_sums_, scratch_, batch_out_;
    NeuronScale scale_kind_ = NeuronScale::none;       // the neuron scale integrated too (scale_integrated.hpp)
    std::unique_ptr<ScaleIntegratedMonomials> scales_;  // its sums, where scale_kind_ is not none
    std::vector<double> u_raw_;                        // storage of u_
    double* u_ = nullptr;                              // its input, eight networks, 64-byte aligned
    std::vector<double> log_norm_;                     // the Gauss normaliser's log per input
    std::unique_ptr<GaussianMoments> gaussian_;      // recursion path only
    std::vector<double> mean_, cov_, moments_;
};

}  // namespace nnft::sampler
