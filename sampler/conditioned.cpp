#include "sampler/detail/conditioned.hpp"

#include "common/error.hpp"
#include "sampler/detail/scale_integrated.hpp"
#include "sampler/detail/ensemble_blocks.hpp"
#include "sampler/detail/lanes.hpp"
#include "sampler/detail/moments.hpp"
#include "sampler/detail/network_batch.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>

namespace nnft::sampler {

GaussianMoments::GaussianMoments(const TupleTable& table) : slots_(table.size()) {
    const std::size_t p = table.points();
    first_.resize(slots_);
    rest_.resize(slots_);
    begin_.assign(slots_ + 1, 0);
    auto slot_without = [&](const std::vector<std::uint16_t>& t, std::size_t a, std::size_t b) -> std::int64_t {
        std::array<std::uint16_t, 6> sub{};
        int len = 0;
        for (std::size_t i = 0; i < t.size(); ++i)
            if (i != a && i != b)
                sub[static_cast<std::size_t>(len++)] = t[i];
        return len == 0 ? -1 : static_cast<std::int64_t>(table.slot(sub.data(), len));
    };
    for (std::size_t s = 0; s < slots_; ++s) {
        const auto t = table.tuple(s);
        first_[s] = t[0];
        rest_[s] = slot_without(t, 0, 0);
        begin_[s] = terms_.size();
        for (std::size_t k = 1; k < t.size(); ++k)
            terms_.push_back({static_cast<std::uint32_t>(t[0] * p + t[k]), slot_without(t, 0, k)});
    }
    begin_[slots_] = terms_.size();
}

void GaussianMoments::compute(const double* mean, const double* cov, double* out) const {
    // Slots are ordered by length, so every sub-tuple is computed before it is used.
    for (std::size_t s = 0; s < slots_; ++s) {
        double v = mean[first_[s]] * (rest_[s] < 0 ? 1.0 : out[rest_[s]]);
        for (std::size_t k = begin_[s]; k < begin_[s + 1]; ++k)
            v += cov[terms_[k].cov] * (terms_[k].sub < 0 ? 1.0 : out[terms_[k].sub]);
        out[s] = v;
    }
}

namespace {

// The Isserlis expansion of one tuple: every partial pairing of its positions (pairs of equal output index),
// as coefficient (Π mean over the unpaired positions) per monomial (the sorted covariance entries of the pairs).
class Pairings {
public:
    Pairings(const CovarianceMonomials& wick, const TupleTable& monomials, std::size_t d_out,
             const std::vector<double>& mean)
        : wick_(wick), monomials_(monomials), d_out_(d_out), mean_(mean) {}

    // Monomial slot (−1: no pairs) → coefficient, for tuple t.
    std::map<std::int64_t, double> expand(const std::vector<std::uint16_t>& t) {
        terms_.clear();
        tuple_ = &t;
        walk(0, 1.0, 0);
        return terms_;
    }

private:
    void walk(unsigned used, double coefficient, int pairs) {
        const std::vector<std::uint16_t>& t = *tuple_;
        std::size_t i = 0;
        while (i < t.size() && (used >> i & 1u))
            ++i;
        if (i == t.size()) {
            std::array<std::uint16_t, 3> sorted = entries_;
            NNFT_ASSERT(pairs <= 3);
            for (int a = 1; a < std::min(pairs, 3); ++a)  // at most three entries: insertion sort
                for (int b = a; b > 0 && sorted[static_cast<std::size_t>(b - 1)] > sorted[static_cast<std::size_t>(b)]; --b)
                    std::swap(sorted[static_cast<std::size_t>(b - 1)], sorted[static_cast<std::size_t>(b)]);
            const std::int64_t slot = pairs == 0 ? -1 : static_cast<std::int64_t>(monomials_.slot(sorted.data(), pairs));
            terms_[slot] += coefficient;
            return;
        }
        walk(used | 1u << i, coefficient * mean_[t[i]], pairs);
        for (std::size_t j = i + 1; j < t.size(); ++j) {
            if ((used >> j & 1u) || t[i] % d_out_ != t[j] % d_out_)
                continue;
            entries_[static_cast<std::size_t>(pairs)] = static_cast<std::uint16_t>(wick_.entry(t[i] / d_out_, t[j] / d_out_));
            walk(used | 1u << i | 1u << j, coefficient, pairs + 1);
        }
    }

    const CovarianceMonomials& wick_;
    const TupleTable& monomials_;
    std::size_t d_out_;
    const std::vector<double>& mean_;
    const std::vector<std::uint16_t>* tuple_ = nullptr;
    std::array<std::uint16_t, 3> entries_{};
    std::map<std::int64_t, double> terms_;
};

std::size_t covariance_entries(std::size_t inputs) { return inputs * (inputs + 1) / 2; }

}  // namespace

CovarianceMonomials::CovarianceMonomials(const TupleTable& table, std::size_t inputs, std::size_t d_out,
                                         const std::vector<double>& mean)
    : inputs_(inputs),
      monomials_(std::make_unique<TupleTable>(covariance_entries(inputs), std::max(1, table.max_n() / 2))) {
    NNFT_ASSERT(table.points() == inputs * d_out && mean.size() == table.points());
    Pairings pairings(*this, *monomials_, d_out, mean);
    begin_.assign(table.size() + 1, 0);
    for (std::size_t s = 0; s < table.size(); ++s) {
        begin_[s] = monomial_.size();
        for (const auto& [slot, coefficient] : pairings.expand(table.tuple(s))) {
            if (coefficient == 0.0)
                continue;
            monomial_.push_back(slot);
            coefficient_.push_back(coefficient);
        }
    }
    begin_[table.size()] = monomial_.size();
}

std::size_t CovarianceMonomials::entry(std::size_t a, std::size_t b) const {
    if (a > b)
        std::swap(a, b);
    return a * (2 * inputs_ + 1 - a) / 2 + (b - a);
}

void CovarianceMonomials::combine(const double* sums, double networks, std::span<double> out) const {
    for (std::size_t s = 0; s < out.size(); ++s) {
        double v = 0.0;
        for (std::size_t k = begin_[s]; k < begin_[s + 1]; ++k)
            v += coefficient_[k] * (monomial_[k] < 0 ? networks : sums[monomial_[k]]);
        out[s] = v;
    }
}

bool conditioned_by_monomials(const EnsembleConfig& c) {
    if (c.net.output_weights.mean() != 0.0)
        return false;
    const double points = static_cast<double>(detail::output_points(c));
    const double entries = static_cast<double>(covariance_entries(c.inputs.count()));
    double monomials = 0.0, recursion = 0.0;
    for (int n = 1; n <= c.max_n; ++n)
        recursion += n * TupleTable::count_tuples(points, n);
    for (int d = 1; d <= std::max(1, c.max_n / 2); ++d)
        monomials += TupleTable::count_tuples(entries, d);
    return monomials <= recursion;
}

namespace {

using lanes::load;
using lanes::store;
using lanes::V8;
constexpr std::size_t kL = NetworkBatchEvaluator::kBatch;
static_assert(kL == lanes::kWidth, "one V8 per batch of networks");
static_assert(MomentKernel::kChunk == kBlockSize, "one kernel chunk per block");

// The covariance entries of eight networks (lane l of hidden[(j·M + m)·8 + l]): acc_q = Σ_j φ_j(a_q) φ_j(b_q)
// summed over j in order, then values[q·stride + l] = var_b + scale · acc_q — per lane the scalar loop's
// IEEE operations in its order (no contraction in this file), so the same bits.
NNFT_LANE_CLONES void covariance_lanes(const double* hidden, std::size_t n, std::size_t m, const std::uint16_t* ea,
                                       const std::uint16_t* eb, std::size_t k, double var_b, double scale,
                                       double* acc, double* values, std::size_t stride) {
    for (std::size_t q = 0; q < k; ++q)
        store(acc + q * kL, V8{});
    for (std::size_t j = 0; j < n; ++j) {
        const double* h = hidden + j * m * kL;
        for (std::size_t q = 0; q < k; ++q)
            store(acc + q * kL, load(acc + q * kL) + load(h + ea[q] * kL) * load(h + eb[q] * kL));
    }
    for (std::size_t q = 0; q < k; ++q)
        store(values + q * stride, var_b + scale * load(acc + q * kL));
}

// The same for one network (phi[j·M + m]) into values[q·stride].
void covariance_one(const double* phi, std::size_t n, std::size_t m, const std::uint16_t* ea, const std::uint16_t* eb,
                    std::size_t k, double var_b, double scale, double* values, std::size_t stride) {
    for (std::size_t q = 0; q < k; ++q) {
        double acc = 0.0;
        for (std::size_t j = 0; j < n; ++j)
            acc += phi[j * m + ea[q]] * phi[j * m + eb[q]];
        values[q * stride] = var_b + scale * acc;
    }
}

// The constant conditional mean μ_b − shift_p of the monomial path.
std::vector<double> constant_mean(const EnsembleConfig& c, const std::vector<double>& shift) {
    std::vector<double> m(shift.size());
    for (std::size_t p = 0; p < m.size(); ++p)
        m[p] = c.net.output_bias.mean() - shift[p];
    return m;
}

}  // namespace

ConditionedBlocks::ConditionedBlocks(const EnsembleConfig& c, const TupleTable& table, const std::vector<double>& shift)
    : c_(c), table_(table), shift_(shift), eval_(c.net, c.inputs, c.deep) {
    const std::size_t m = c.inputs.count(), points = detail::output_points(c);
    if (!conditioned_by_monomials(c)) {
        gaussian_ = std::make_unique<GaussianMoments>(table);
        mean_.resize(points);
        cov_.resize(points * points);
        moments_.resize(table.size());
        scratch_.resize(m * m + m);
        return;
    }
    wick_ = std::make_unique<CovarianceMonomials>(table, m, c.net.d_out, constant_mean(c, shift));
    for (std::size_t a = 0; a < m; ++a)
        for (std::size_t b = a; b < m; ++b) {
            entry_a_.push_back(static_cast<std::uint16_t>(a));
            entry_b_.push_back(static_cast<std::uint16_t>(b));
        }
    monomial_sums_.assign(wick_->monomials().size(), 0.0);
    if (NetworkBatchEvaluator::available(c.net))
        batch_ = std::make_unique<NetworkBatchEvaluator>(c.net, c.inputs);
    scale_kind_ = integrated_scale(c);
    if (scale_kind_ != NeuronScale::none) {  // the scales' own sums replace the moment kernel over the covariances
        const double sd = c.net.output_weights.sd(), sb = c.net.output_bias.sd();
        scales_ = std::make_unique<ScaleIntegratedMonomials>(wick_->monomials(), entry_a_, entry_b_, m, scale_moments(c),
                                                             sb * sb, sd * sd / static_cast<double>(c.net.width));
        u_ = lanes::aligned64(u_raw_, c.net.width * m * kL);
        if (scale_kind_ == NeuronScale::gauss_bias)
            log_norm_ = gauss_log_normalisers(c.net, c.inputs);
        return;
    }
    kernel_ = std::make_unique<MomentKernel>(wick_->monomials());
    values_.assign(entry_a_.size() * MomentKernel::kChunk, 0.0);
    weights_.assign(MomentKernel::kChunk, 0.0);
    scratch_.assign(entry_a_.size() * kL, 0.0);
    if (batch_)
        batch_out_.assign(points * kL, 0.0);
}

ConditionedBlocks::~ConditionedBlocks() = default;

void ConditionedBlocks::process(std::uint64_t block, std::span<double> sums) {
    if (scales_)
        process_scale_integrated(block, sums);
    else if (wick_)
        process_by_monomials(block, sums);
    else
        process_by_recursion(block, sums);
}

void ConditionedBlocks::covariances(std::uint64_t first, std::size_t offset, std::size_t count) {
    const std::size_t n = c_.net.width, m = c_.inputs.count(), k = entry_a_.size();
    const double sd = c_.net.output_weights.sd(), sb = c_.net.output_bias.sd();
    const double scale = sd * sd / static_cast<double>(n), var_b = sb * sb;
    constexpr std::size_t stride = MomentKernel::kChunk;
    for (std::size_t i = 0; i < count;) {
        if (batch_ && i + kL <= count) {
            batch_->evaluate(c_.seed, first + i, batch_out_.data(), kL);
            covariance_lanes(batch_->hidden(), n, m, entry_a_.data(), entry_b_.data(), k, var_b, scale,
                             scratch_.data(), values_.data() + offset + i, stride);
            i += kL;
            continue;
        }
        covariance_one(eval_.last_hidden(c_.seed, first + i), n, m, entry_a_.data(), entry_b_.data(), k, var_b, scale,
                       values_.data() + offset + i, stride);
        ++i;
    }
}

void ConditionedBlocks::process_by_monomials(std::uint64_t block, std::span<double> sums) {
    const std::uint64_t count = detail::block_networks(c_, block);
    covariances(block * kBlockSize, 0, static_cast<std::size_t>(count));
    const std::size_t k = entry_a_.size();
    for (std::size_t b = 0; b < MomentKernel::kChunk; ++b) {
        weights_[b] = b < count ? 1.0 : 0.0;
        if (b >= count)
            for (std::size_t q = 0; q < k; ++q)
                values_[q * MomentKernel::kChunk + b] = 0.0;
    }
    kernel_->add_chunk(values_.data(), weights_.data());
    std::fill(monomial_sums_.begin(), monomial_sums_.end(), 0.0);
    kernel_->flush(monomial_sums_);
    wick_->combine(monomial_sums_.data(), static_cast<double>(count), sums);
}

void ConditionedBlocks::first_layer_without_scale(const double* draws, std::size_t draw_lanes, std::size_t lane) {
    if (scale_kind_ == NeuronScale::gauss_bias)
        first_layer_without_bias_factor(draws, draw_lanes, lane);
    else
        first_layer_without_radius(draws, draw_lanes, lane);
}

void ConditionedBlocks::first_layer_without_bias_factor(const double* draws, std::size_t draw_lanes, std::size_t lane) {
    const std::size_t n = c_.net.width, m = c_.inputs.count(), din = c_.net.d_in, at = lane % draw_lanes;
    const double mu_w = c_.net.weights.mean(), mu_b = c_.net.biases.mean();
    const double s0 = c_.net.weights.sd() / std::sqrt(static_cast<double>(din));
    for (std::size_t j = 0; j < n; ++j)
        for (std::size_t k = 0; k < m; ++k) {
            double z = mu_b - log_norm_[k];  // u = exp(μ_b + w·x − log normaliser): φ without e^{σ_b n}
            for (std::size_t i = 0; i < din; ++i)
                z += (mu_w + s0 * draws[(j * din + i) * draw_lanes + at]) * c_.inputs.x[k * din + i];
            u_[(j * m + k) * kL + lane] = std::exp(z);
        }
}

void ConditionedBlocks::first_layer_without_radius(const double* draws, std::size_t draw_lanes, std::size_t lane) {
    const std::size_t n = c_.net.width, m = c_.inputs.count(), din = c_.net.d_in, at = lane % draw_lanes;
    const double mu_w = c_.net.weights.mean(), sd_b = c_.net.biases.sd();
    const double s0 = c_.net.weights.sd() / std::sqrt(static_cast<double>(din));
    const bool random_bias = c_.net.biases.kind() == numeric::LawKind::normal && sd_b > 0.0;
    const numeric::KinkSlopes slopes = *c_.net.activation.kink_slopes();
    for (std::size_t j = 0; j < n; ++j) {
        // r_j = |(w_j, b_j)| in standard units, and z/r = σ_W w·x/(√d_in r) + σ_b b/r.
        double r2 = 0.0;
        const double bias = draws[(n * din + j) * draw_lanes + at];
        for (std::size_t i = 0; i < din; ++i)
            r2 += draws[(j * din + i) * draw_lanes + at] * draws[(j * din + i) * draw_lanes + at];
        if (random_bias)
            r2 += bias * bias;
        const double r = std::sqrt(r2);
        for (std::size_t k = 0; k < m; ++k) {
            double z = sd_b * bias;
            for (std::size_t i = 0; i < din; ++i)
                z += (mu_w + s0 * draws[(j * din + i) * draw_lanes + at]) * c_.inputs.x[k * din + i];
            // r = 0 (every draw of the neuron exactly 0: the float32 Box–Muller draws make that a ~1e-8 event)
            // leaves the direction undefined; u = 0 there, as φ = 0 is.
            const double y = r == 0.0 ? 0.0 : z / r;
            u_[(j * m + k) * kL + lane] = y > 0.0 ? slopes.positive * y : slopes.negative * y;
        }
    }
}

// The monomial path with the neurons' scales integrated: eight networks at a time (their draws from the batched
// streams where the CPU allows, else one by one into the lanes, absent networks as zero lanes).
void ConditionedBlocks::process_scale_integrated(std::uint64_t block, std::span<double> sums) {
    const std::uint64_t count = detail::block_networks(c_, block), first = block * kBlockSize;
    for (std::uint64_t i = 0; i < count; i += kL) {
        const std::size_t lanes = static_cast<std::size_t>(std::min<std::uint64_t>(kL, count - i));
        if (batch_ && lanes == kL) {
            const double* draws = batch_->draw(c_.seed, first + i);
            for (std::size_t l = 0; l < kL; ++l)
                first_layer_without_scale(draws, kL, l);
        } else {
            std::fill(u_, u_ + c_.net.width * c_.inputs.count() * kL, 0.0);
            for (std::size_t l = 0; l < lanes; ++l)
                first_layer_without_scale(eval_.draw(c_.seed, first + i + l), 1, l);
        }
        scales_->add_lanes(u_, c_.net.width);
    }
    scales_->take(static_cast<double>(count), monomial_sums_);
    wick_->combine(monomial_sums_.data(), static_cast<double>(count), sums);
}

// The per-network recursion: add E[Π (f − shift) | hidden layer] of every network of the block, in order.
void ConditionedBlocks::process_by_recursion(std::uint64_t block, std::span<double> sums) {
    std::fill(sums.begin(), sums.end(), 0.0);
    const EnsembleConfig& c = c_;
    const std::size_t m_count = c.inputs.count(), dout = c.net.d_out, points = shift_.size(), n = c.net.width;
    const double scale = c.net.output_weights.sd() * c.net.output_weights.sd() / static_cast<double>(n);
    const double var_b = c.net.output_bias.sd() * c.net.output_bias.sd();
    const double mu_b = c.net.output_bias.mean(), mu_w = c.net.output_weights.mean();
    const std::uint64_t count = detail::block_networks(c, block), first = block * kBlockSize;
    double* gram = scratch_.data();
    double* sum_phi = gram + m_count * m_count;
    for (std::uint64_t i = 0; i < count; ++i) {
        const double* phi = eval_.last_hidden(c.seed, first + i);
        std::fill(scratch_.begin(), scratch_.end(), 0.0);
        for (std::size_t j = 0; j < n; ++j) {
            const double* pj = phi + j * m_count;
            for (std::size_t a = 0; a < m_count; ++a) {
                sum_phi[a] += pj[a];
                for (std::size_t b = a; b < m_count; ++b)
                    gram[a * m_count + b] += pj[a] * pj[b];
            }
        }
        for (std::size_t p = 0; p < points; ++p)
            mean_[p] = mu_b + mu_w * sum_phi[p / dout] - shift_[p];
        for (std::size_t p = 0; p < points; ++p)
            for (std::size_t q = 0; q < points; ++q) {
                const std::size_t a = std::min(p, q) / dout, b = std::max(p, q) / dout;
                cov_[p * points + q] = p % dout == q % dout ? var_b + scale * gram[a * m_count + b] : 0.0;
            }
        gaussian_->compute(mean_.data(), cov_.data(), moments_.data());
        for (std::size_t s = 0; s < sums.size(); ++s)
            sums[s] += moments_[s];
    }
}

}  // namespace nnft::sampler
