#pragma once
/// \file Moments of a Gaussian vector over all tuples: the conditioned (Rao–Blackwellised) estimator.
/// Given the last hidden layer, the outputs are Gaussian with mean μ_b + μ_W Σ_j φ_j(x) and covariance
/// δ_kl (σ_b² + (σ_W²/N) Σ_j φ_j(x) φ_j(x')); averaging these conditional moments over sampled hidden
/// layers integrates the output layer analytically and is still an unbiased Monte Carlo estimator.
#include "sampler/tuples.hpp"

#include <cstdint>
#include <vector>

namespace nnft::sampler {

/// E[Π_{i∈t} y_i] for y ~ N(mean, cov) and every tuple t of a table, by Isserlis' recursion
/// E[t] = mean[t1] E[t∖t1] + Σ_{k≥2} cov[t1, tk] E[t∖{t1, tk}] over slots in order of length.
class GaussianMoments {
public:
    /// Precompute the recursion for `table` (the table must outlive this object).
    explicit GaussianMoments(const TupleTable& table);
    /// Fill out[slot] from mean[p] and the row-major P × P covariance cov[p * P + q].
    void compute(const double* mean, const double* cov, double* out) const;

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

}  // namespace nnft::sampler
