#pragma once
/// \file The conditioned estimator with each hidden neuron's scale integrated as well as the output layer.
/// Where every activation factors as φ_j(x) = ξ_j u_j(x) with ξ_j independent of u_j and of known moments, a
/// covariance entry is C_e = σ_B² + s Σ_j ξ_j² U_j(e) with U_j(a, c) = u_j(a) u_j(c), and the expectation over the
/// ξ_j of a product of d ≤ 3 entries is, in closed form, a polynomial in the neuron sums
/// Q(A) = Σ_j Π_{i∈A} u_j(x_i) over multisets A of inputs with the moments m_{2b} = E[ξ^{2b}]: the sum over neuron
/// assignments split by which positions share a neuron (set partitions), each distinct-neuron sum by Möbius
/// inversion over the coarser partitions (docs/methods/sampling.md#scale-integrated). Two such factorisations:
///  - the Gauss-net: ξ_j = e^{σ_b n_j} (n_j the standard normal of neuron j's bias), u_j(x) = exp(μ_b + w_j·x − L(x));
///  - σ piecewise linear with its kink at 0 (relu, leaky_relu, abs) and zero-mean normal first-layer laws: with
///    v_j the standard normal draws of (w_j, b_j), z_j(x) = v_j·x̃ (x̃ = (σ_W x/√d_in, σ_b)), so
///    σ(z_j(x)) = r_j σ(ω_j·x̃) with ξ_j = r_j = |v_j| ~ χ_k (k = d_in, + 1 with a bias) independent of the
///    direction ω_j: u_j(x) = σ(z_j(x)/r_j).
/// Averaged over networks (the directions, or the Gauss-net's weights, still sampled) it is an unbiased estimator
/// of the same correlators.
#include "sampler/ensemble.hpp"
#include "sampler/tuples.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace nnft::sampler {

/// Which neuron scale the conditioned estimator of a configuration integrates.
enum class NeuronScale {
    none,         ///< the output layer only
    gauss_bias,   ///< the Gauss-net's e^{σ_b n_j}
    radius        ///< the radius of (w_j, b_j) for σ piecewise linear with its kink at 0
};

/// The scale `config`'s conditioned estimator integrates: one hidden layer, the covariance-monomial path, a
/// factorisation above (Gauss-net with a random normal bias; kink-at-0 σ with zero-mean normal weights and
/// normal or zero biases), and accumulators within 3× the monomials' count; else none.
NeuronScale integrated_scale(const EnsembleConfig& config);

/// {E[ξ²], E[ξ⁴], E[ξ⁶]} of that scale: e^{2b²σ_b²} (Gauss-net) or 2^b Γ(k/2 + b)/Γ(k/2) (χ_k).
std::array<double, 3> scale_moments(const EnsembleConfig& config);

/// Bytes of one thread's ScaleIntegratedMonomials for `config` (0 where integrated_scale is none).
double scale_integrated_bytes(const EnsembleConfig& config);

/// Σ over networks of E[Π_{e∈t} C_e | first-layer weights] for every covariance monomial t, eight networks at a
/// time (SIMD over networks; every step a lane-wise IEEE multiply or add in a fixed order, the same bits on every
/// instruction set).
class ScaleIntegratedMonomials {
public:
    /// Networks per add_lanes call.
    static constexpr std::size_t kLanes = 8;
    /// For the monomials over the covariance entries (entry q: inputs entry_a[q] ≤ entry_b[q], lengths ≤ 3) of
    /// `inputs` points, the scale's moments {E[ξ²], E[ξ⁴], E[ξ⁶]}, the output bias variance and s = σ_W,out² / N.
    ScaleIntegratedMonomials(const TupleTable& monomials, const std::vector<std::uint16_t>& entry_a,
                             const std::vector<std::uint16_t>& entry_b, std::size_t inputs,
                             const std::array<double, 3>& moments, double var_b, double scale);
    /// Add eight networks: u[(j · M + m) · 8 + l] = u_j(x_m) of network l for the neurons j < n (all zero for a
    /// lane without a network).
    void add_lanes(const double* u, std::size_t n);
    /// out[monomial slot] = Σ over the networks added since the last take (`networks` of them) of E[Π C | W];
    /// then the sums start afresh.
    void take(double networks, std::span<double> out);

private:
    struct Term {
        std::int64_t sum;  // index into the reduced block sums, −1 for the constant (times networks)
        double coefficient;
    };
    void build_neuron_sums(std::size_t inputs, const std::vector<std::uint16_t>& entry_a,
                           const std::vector<std::uint16_t>& entry_b);
    void build_terms(const TupleTable& monomials, const std::array<double, 3>& moments, double var_b, double scale);

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
