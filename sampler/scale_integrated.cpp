#include "sampler/detail/scale_integrated.hpp"

#include "common/error.hpp"
#include "sampler/detail/conditioned.hpp"
#include "sampler/detail/lanes.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>

namespace nnft::sampler {

namespace {

using lanes::load;
using lanes::store;
using lanes::V8;
constexpr std::size_t kL = ScaleIntegratedMonomials::kLanes;
static_assert(kL == lanes::kWidth, "one V8 per eight networks");

// The largest monomial degree of the covariance monomials for moments up to max_n.
int monomial_degree(int max_n) { return std::max(1, max_n / 2); }

// (−1)^{k−1} (k−1)!: the Möbius function of the partition lattice for k blocks merged into one.
double moebius(int k) {
    double f = 1.0;
    for (int i = 2; i < k; ++i)
        f *= i;
    return k % 2 == 1 ? f : -f;
}

// One product of neuron sums: which positions of the monomial each factor covers.
struct Factor {
    std::array<std::uint16_t, 6> inputs{};  // the union of the entries' inputs, sorted
    int size = 0;                           // inputs used (2 per position)
    int positions = 0;                      // monomial positions covered
    std::uint16_t entry = 0;                // the entry, for a factor of one position
};

}  // namespace

namespace {

// What a ScaleIntegratedMonomials for `c` holds: the covariance monomials, the neuron sums (multisets of 2, 4, 6
// inputs) and the quartet × entry products.
struct Sizes {
    double monomials = 0.0, sums = 0.0, cross = 0.0;
};

Sizes sizes_of(const EnsembleConfig& c) {
    const double m = static_cast<double>(c.inputs.count()), entries = m * (m + 1.0) / 2.0;
    const int degree = monomial_degree(c.max_n);
    Sizes z;
    for (int d = 1; d <= degree; ++d) {
        z.monomials += TupleTable::count_tuples(entries, d);
        z.sums += TupleTable::count_tuples(m, 2 * d);
    }
    z.cross = degree >= 3 ? TupleTable::count_tuples(m, 4) * entries : 0.0;
    return z;
}

// The factorisation φ_j = ξ_j u_j that `c`'s network admits (before the size test).
NeuronScale factorisation(const EnsembleConfig& c) {
    const numeric::ParameterLaw &w = c.net.weights, &b = c.net.biases;
    if (c.net.activation.kind() == numeric::ActivationKind::gauss)
        return b.kind() == numeric::LawKind::normal && b.sd() > 0.0 ? NeuronScale::gauss_bias : NeuronScale::none;
    const bool zero_mean_normal = w.kind() == numeric::LawKind::normal && w.mean() == 0.0 && w.sd() > 0.0 &&
                                  (b.kind() == numeric::LawKind::zero || (b.kind() == numeric::LawKind::normal && b.mean() == 0.0));
    return zero_mean_normal && c.net.activation.kink_slopes() ? NeuronScale::radius : NeuronScale::none;
}

// Components of (w_j, b_j) in the radius: d_in, and the bias where it is random.
int radius_dimension(const EnsembleConfig& c) {
    const bool bias = c.net.biases.kind() == numeric::LawKind::normal && c.net.biases.sd() > 0.0;
    return static_cast<int>(c.net.d_in) + (bias ? 1 : 0);
}

}  // namespace

NeuronScale integrated_scale(const EnsembleConfig& c) {
    if (!c.conditioned || c.net.depth != 1 || !conditioned_by_monomials(c))
        return NeuronScale::none;
    // The accumulators against the monomials alone (what the output-layer-only path accumulates): no more than 3×
    // (6 inputs: 1.6×).
    const Sizes z = sizes_of(c);
    return z.sums + z.cross <= 3.0 * z.monomials ? factorisation(c) : NeuronScale::none;
}

std::array<double, 3> scale_moments(const EnsembleConfig& c) {
    std::array<double, 3> m{};
    const NeuronScale kind = integrated_scale(c);
    NNFT_ASSERT(kind != NeuronScale::none);
    const double sigma_b = c.net.biases.sd(), half_k = 0.5 * radius_dimension(c);
    for (int b = 1; b <= 3; ++b)
        m[static_cast<std::size_t>(b - 1)] = kind == NeuronScale::gauss_bias
                                                 ? std::exp(2.0 * b * b * sigma_b * sigma_b)
                                                 : std::exp(b * std::log(2.0) + std::lgamma(half_k + b) - std::lgamma(half_k));
    return m;
}

double scale_integrated_bytes(const EnsembleConfig& c) {
    if (integrated_scale(c) == NeuronScale::none)
        return 0.0;
    const Sizes z = sizes_of(c);
    const double inputs = static_cast<double>(c.inputs.count()), width = static_cast<double>(c.net.width);
    const double accumulators = z.sums + z.monomials + z.cross;
    // Lanes of the neuron sums (two copies), the accumulators and u; the reduced sums; the terms (≤ 15 per monomial).
    return 8.0 * kL * (2.0 * z.sums + accumulators + width * inputs) + 8.0 * accumulators + 16.0 * 15.0 * z.monomials;
}

ScaleIntegratedMonomials::ScaleIntegratedMonomials(const TupleTable& monomials, const std::vector<std::uint16_t>& entry_a,
                                                 const std::vector<std::uint16_t>& entry_b, std::size_t inputs,
                                                 const std::array<double, 3>& moments, double var_b, double scale)
    : entries_(entry_a.size()), entry_a_(entry_a), entry_b_(entry_b), monomials_(monomials.size()),
      depth_(static_cast<std::size_t>(monomials.max_n())) {
    NNFT_ASSERT(depth_ >= 1 && depth_ <= 3 && monomials.points() == entries_ && entry_b.size() == entries_);
    build_neuron_sums(inputs, entry_a, entry_b);
    walk_ = depth_first_walk(monomials);
    accumulators_ = sums_ + monomials_ + (depth_ >= 3 ? quartets_ * entries_ : 0);
    q_ = lanes::aligned64(q_raw_, 2 * sums_ * kL);
    prod_ = lanes::aligned64(prod_raw_, (depth_ + 1) * kL);
    acc_ = lanes::aligned64(acc_raw_, accumulators_ * kL);
    reduced_.assign(accumulators_, 0.0);
    build_terms(monomials, moments, var_b, scale);
}

// The neuron sums: the K entries u(a)u(b), then the quartets (entry × entry) and sextets (quartet × entry) of
// the multisets of 2·depth inputs, each from the first pairs of its sorted inputs.
void ScaleIntegratedMonomials::build_neuron_sums(std::size_t inputs, const std::vector<std::uint16_t>& entry_a,
                                                const std::vector<std::uint16_t>& entry_b) {
    const int longest = static_cast<int>(2 * depth_);
    multisets_ = std::make_unique<TupleTable>(inputs, longest);
    std::vector<std::uint32_t> entry_of(inputs * inputs);
    for (std::size_t q = 0; q < entries_; ++q)
        entry_of[entry_a[q] * inputs + entry_b[q]] = entry_of[entry_b[q] * inputs + entry_a[q]] = static_cast<std::uint32_t>(q);
    sum_of_slot_.assign(multisets_->size(), 0);
    sums_ = 0;
    for (int len = 2; len <= longest; len += 2) {
        if (len == 4)
            quartets_ = multisets_->count(4);
        for (std::size_t s = multisets_->offset(len); s < multisets_->offset(len + 1); ++s) {
            const auto t = multisets_->tuple(s);
            const std::uint32_t last = entry_of[t[static_cast<std::size_t>(len - 2)] * inputs + t[static_cast<std::size_t>(len - 1)]];
            sum_of_slot_[s] = static_cast<std::uint32_t>(len == 2 ? last : sums_);
            if (len > 2) {
                left_.push_back(sum_of_slot_[multisets_->slot(t.data(), len - 2)]);
                right_.push_back(last);
            }
            ++sums_;
        }
    }
    NNFT_ASSERT(multisets_->count(2) == entries_);
}

void ScaleIntegratedMonomials::build_terms(const TupleTable& monomials, const std::array<double, 3>& moments,
                                           double var_b, double scale) {
    const auto moment = [&](int positions) {  // E[ξ^{2k}] for a neuron shared by k positions
        return moments[static_cast<std::size_t>(positions - 1)];
    };
    const auto factor_sum = [&](std::vector<Factor> f) -> std::int64_t {
        std::sort(f.begin(), f.end(), [](const Factor& x, const Factor& y) { return x.positions > y.positions; });
        if (f.size() == 1)
            return sum_of_slot_[multisets_->slot(f[0].inputs.data(), f[0].size)];
        if (f[0].positions == 1) {  // a product of size-2 sums: the monomial of the entries
            std::array<std::uint16_t, 3> e{};
            for (std::size_t i = 0; i < f.size(); ++i)
                e[i] = f[i].entry;
            std::sort(e.begin(), e.begin() + static_cast<long>(f.size()));
            return static_cast<std::int64_t>(sums_ + monomials.slot(e.data(), static_cast<int>(f.size())));
        }
        NNFT_ASSERT(f.size() == 2 && f[0].positions == 2 && f[1].positions == 1);
        const std::size_t quartet = sum_of_slot_[multisets_->slot(f[0].inputs.data(), 4)] - entries_;
        return static_cast<std::int64_t>(sums_ + monomials_ + quartet * entries_ + f[1].entry);
    };
    begin_.assign(monomials_ + 1, 0);
    for (std::size_t s = 0; s < monomials_; ++s) {
        const auto t = monomials.tuple(s);
        const int d = static_cast<int>(t.size());
        std::map<std::int64_t, double> merged;
        for (unsigned mask = 0; mask < (1u << d); ++mask) {
            std::vector<std::uint16_t> chosen;
            for (int i = 0; i < d; ++i)
                if (mask >> i & 1u)
                    chosen.push_back(t[static_cast<std::size_t>(i)]);
            const int k = static_cast<int>(chosen.size());
            const double base = std::pow(var_b, d - k) * std::pow(scale, k);
            if (k == 0) {
                merged[-1] += base;
                continue;
            }
            for (const SetPartition& same : set_partitions(k)) {  // positions on one neuron
                std::vector<int> size(static_cast<std::size_t>(same.blocks), 0);
                for (auto b : same.block)
                    ++size[b];
                double weight = base;
                for (int n : size)
                    weight *= moment(n);
                for (const SetPartition& merge : set_partitions(same.blocks)) {  // Möbius: coarser partitions
                    std::vector<Factor> f(static_cast<std::size_t>(merge.blocks));
                    std::vector<int> merged_blocks(f.size(), 0);
                    for (auto b : merge.block)
                        ++merged_blocks[b];
                    double mu = 1.0;
                    for (int n : merged_blocks)
                        mu *= moebius(n);
                    for (int i = 0; i < k; ++i) {
                        Factor& g = f[merge.block[same.block[static_cast<std::size_t>(i)]]];
                        const std::uint16_t e = chosen[static_cast<std::size_t>(i)];
                        g.inputs[static_cast<std::size_t>(g.size++)] = entry_a_[e];
                        g.inputs[static_cast<std::size_t>(g.size++)] = entry_b_[e];
                        g.entry = e;
                        ++g.positions;
                    }
                    for (Factor& g : f)
                        std::sort(g.inputs.begin(), g.inputs.begin() + g.size);
                    merged[factor_sum(std::move(f))] += weight * mu;
                }
            }
        }
        begin_[s] = terms_.size();
        for (const auto& [sum, coefficient] : merged)
            if (coefficient != 0.0)
                terms_.push_back({sum, coefficient});
    }
    begin_[monomials_] = terms_.size();
}

namespace {

// The neuron sums of eight networks: per neuron, v = the entries u(a)·u(b), then v[i] = v[left]·v[right] for
// the quartets and sextets (the first `stored` of them kept in v: the entries and quartets), and q += v, neurons
// in order.
NNFT_LANE_CLONES void neuron_sums(const double* u, std::size_t n, std::size_t m, const std::uint16_t* ea,
                                  const std::uint16_t* eb, std::size_t entries, const std::uint32_t* left,
                                  const std::uint32_t* right, std::size_t stored, std::size_t sums, double* v,
                                  double* q) {
    for (std::size_t i = 0; i < sums; ++i)
        store(q + i * kL, V8{});
    for (std::size_t j = 0; j < n; ++j) {
        const double* uj = u + j * m * kL;
        for (std::size_t e = 0; e < entries; ++e)
            store(v + e * kL, load(uj + ea[e] * kL) * load(uj + eb[e] * kL));
        for (std::size_t i = entries; i < stored; ++i)
            store(v + i * kL, load(v + left[i - entries] * kL) * load(v + right[i - entries] * kL));
        for (std::size_t i = 0; i < stored; ++i)
            store(q + i * kL, load(q + i * kL) + load(v + i * kL));
        for (std::size_t i = stored; i < sums; ++i)  // the sextets: factors of nothing, not stored
            store(q + i * kL, load(q + i * kL) + load(v + left[i - entries] * kL) * load(v + right[i - entries] * kL));
    }
}

// The accumulators of eight networks: the neuron sums, the products of the size-2 sums over the monomial walk,
// and the quartet × entry products.
NNFT_LANE_CLONES void accumulate(const double* q, std::size_t sums, const WalkStep* walk, std::size_t steps,
                                 std::size_t quartets, std::size_t entries, bool cross, double* prod, double* acc) {
    for (std::size_t i = 0; i < sums; ++i)
        store(acc + i * kL, load(acc + i * kL) + load(q + i * kL));
    double* products = acc + sums * kL;
    store(prod, V8{} + 1.0);
    for (std::size_t k = 0; k < steps; ++k) {
        const WalkStep& w = walk[k];
        const V8 x = load(prod + (w.depth - 1u) * kL) * load(q + w.point * kL);
        store(prod + w.depth * kL, x);
        store(products + w.slot * kL, load(products + w.slot * kL) + x);
    }
    if (!cross)
        return;
    double* quartet_entry = products + steps * kL;
    for (std::size_t a = 0; a < quartets; ++a) {
        const V8 x = load(q + (entries + a) * kL);
        double* row = quartet_entry + a * entries * kL;
        for (std::size_t e = 0; e < entries; ++e)
            store(row + e * kL, load(row + e * kL) + x * load(q + e * kL));
    }
}

}  // namespace

void ScaleIntegratedMonomials::add_lanes(const double* u, std::size_t n) {
    double* v = q_ + sums_ * kL;
    neuron_sums(u, n, multisets_->points(), entry_a_.data(), entry_b_.data(), entries_, left_.data(), right_.data(),
                entries_ + quartets_, sums_, v, q_);
    accumulate(q_, sums_, walk_.data(), walk_.size(), quartets_, entries_, depth_ >= 3, prod_, acc_);
}

void ScaleIntegratedMonomials::take(double networks, std::span<double> out) {
    NNFT_ASSERT(out.size() == monomials_);
    for (std::size_t i = 0; i < accumulators_; ++i) {
        double total = 0.0;
        for (std::size_t l = 0; l < kL; ++l)
            total += acc_[i * kL + l];
        reduced_[i] = total;
    }
    std::fill(acc_, acc_ + accumulators_ * kL, 0.0);
    for (std::size_t s = 0; s < monomials_; ++s) {
        double v = 0.0;
        for (std::size_t k = begin_[s]; k < begin_[s + 1]; ++k)
            v += terms_[k].coefficient * (terms_[k].sum < 0 ? networks : reduced_[static_cast<std::size_t>(terms_[k].sum)]);
        out[s] = v;
    }
}

}  // namespace nnft::sampler
