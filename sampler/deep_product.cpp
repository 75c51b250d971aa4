// E[Π_i σ(z_i)^{p_i}] over up to four correlated Gaussian pre-activations: nested one-dimensional rules in the
// Cholesky coordinates z = L w (level k integrates w_k given w_1 … w_{k−1}), split where σ's argument
// vanishes when σ has a kink there. The innermost level, where nearly all nodes are, needs no evaluation of σ:
// for smooth σ its trapezoidal nodes lie on one lattice in the pre-activation, where σ^p is tabulated once per
// expectation (LatticeLevel); for ReLU it is the truncated normal moment in closed form (relu_moment).
#include <algorithm>
#include <array>
#include <cmath>
#include <memory>
#include <optional>
#include <vector>

#include "common/error.hpp"
#include "sampler/detail/deep_gaussian.hpp"

namespace nnft::sampler::detail {

namespace {

constexpr int kMaxLevels = 4;
constexpr double kHalfWidth = kDeepHalfWidth;
// Nodes whose product of weights is below kPrune are dropped (1e-15 moved G4_con of gelu and silu by 2e-9 relative
// at M = 6, depth 10, above their reported errors; 1e-20 costs little where the innermost level needs no σ). Split
// rules on every level (kinked σ other than ReLU) keep 1e-15: there the coarser rule's error, ~1e-8, dominates the
// pruning's, and 1e-20 would cost 1.5× the time.
constexpr double kPrune = 1e-20, kSplitPrune = 1e-15;
const double kLogPrune = std::log(kPrune);

// Lower Cholesky factor of a d × d covariance; a pivot below 1e-13 of the largest variance is an exactly
// dependent variable (its column is zero).
std::array<std::array<double, kMaxLevels>, kMaxLevels> cholesky(const double* c, int d) {
    std::array<std::array<double, kMaxLevels>, kMaxLevels> l{};
    double largest = 0.0;
    for (int i = 0; i < d; ++i) largest = std::max(largest, c[i * d + i]);
    for (int j = 0; j < d; ++j) {
        double p = c[j * d + j];
        for (int k = 0; k < j; ++k) p -= l[j][k] * l[j][k];
        if (p <= 1e-13 * largest) continue;
        l[j][j] = std::sqrt(p);
        for (int i = j + 1; i < d; ++i) {
            double s = c[i * d + j];
            for (int k = 0; k < j; ++k) s -= l[i][k] * l[j][k];
            l[i][j] = s / l[j][j];
        }
    }
    return l;
}

struct Level {
    std::vector<double> node, weight, value;
};

// The smooth-σ trapezoidal rule of one level whose offset m varies from call to call: nodes z = m + s w_i, w_i on
// the lattice of spacing h = δ/s, δ = min(spacing, 0.8 s) (append_gaussian_trapezoid's rule). Shifted to the
// lattice z_j = j δ (j0 = round(m/δ), r = m − j0 δ, node k at z_{j0+k}, w = (kδ − r)/s), σ^p comes from a table
// and the weight (δ/s) φ(w) = c · A_k · q^k with A_k = exp(−(kδ)²/2s²) tabulated, q = exp(δr/s²) and
// c = (δ/s) φ(r/s): two exp and a division per call instead of one σ per node. The same nodes as the w-rule
// (|w| ≤ 10, weight × prefix ≥ kPrune) up to the shift r, which the trapezoidal rule's accuracy does not depend on.
class LatticeLevel {
public:
    // σ^power on the lattice over |z| ≤ zmax + 10 s (zmax ≥ |m| for every call), filled in chunks of kChunk
    // entries when first used (a small s makes the lattice long, and the calls use a small part of it).
    LatticeLevel(const numeric::Activation& sigma, int power, double s, double spacing, double zmax)
        : sigma_(sigma), power_(power), s_(s), delta_(std::min(spacing, 0.8 * s)), c0_(delta_ / (s * std::sqrt(2.0 * M_PI))) {
        half_ = static_cast<long>(std::ceil((zmax + kHalfWidth * s) / delta_)) + 2;
        const auto size = static_cast<std::size_t>(2 * half_ + 1);
        table_.reset(new double[size]);  // left uninitialised: filled chunk by chunk
        filled_.assign((size + kChunk - 1) / kChunk, 0);
        const long kmax = static_cast<long>(std::ceil(kHalfWidth * s / delta_)) + 2;
        a_.resize(static_cast<std::size_t>(kmax + 1));
        for (long k = 0; k <= kmax; ++k) {
            const double x = static_cast<double>(k) * delta_ / s;
            a_[static_cast<std::size_t>(k)] = std::exp(-0.5 * x * x);
        }
    }

    // Σ over the nodes of weight × σ(z)^p given the offset m and the log of the product of the outer weights.
    double integrate(double m, double log_prefix) {
        const Window w = window(m, log_prefix);
        if (w.lo > w.hi) return 0.0;
        const double* f = table_.get() + w.base;
        double up = 0.0, down = 0.0, p = 1.0;
        long k = 0;
        for (; k < w.lo; ++k) p *= w.q;
        for (; k <= w.hi; ++k, p *= w.q) up += f[k] * a_[static_cast<std::size_t>(k)] * p;
        p = w.qi;
        for (k = -1; k >= w.lo; --k, p *= w.qi) down += f[k] * a_[static_cast<std::size_t>(-k)] * p;
        return w.c * (up + down);
    }

    // The log of the weight of the node at w.
    double log_weight(double w) const { return log_c0_ - 0.5 * w * w; }

    // The nodes (w), weights and σ^p of the rule at offset m (the nodes in order: k ≥ 0 increasing, then k < 0).
    void fill(double m, double log_prefix, Level& lv) {
        const Window w = window(m, log_prefix);
        const std::size_t n = w.lo > w.hi ? 0 : static_cast<std::size_t>(w.hi - w.lo + 1);
        lv.node.resize(n);
        lv.weight.resize(n);
        lv.value.resize(n);
        double p = 1.0;
        for (long k = 0; k < w.lo; ++k) p *= w.q;
        for (long k = std::max(0L, w.lo); k <= w.hi; ++k, p *= w.q) put(w, k, p, lv);
        p = w.qi;
        for (long k = -1; k >= w.lo; --k, p *= w.qi) put(w, k, p, lv);
    }

private:
    struct Window {
        long lo = 0, hi = -1, base = 0;  // node indices k ∈ [lo, hi]; the table index of k = 0
        double r = 0.0, q = 1.0, qi = 1.0, c = 0.0;
    };

    // log_prefix: the log of the product of the outer weights.
    Window window(double m, double log_prefix) {
        Window w;
        const double log_need = log_prefix + log_c0_ - kLogPrune;  // a node is kept while w²/2 ≤ log_need
        if (!(log_need > 0.0)) return w;
        const double radius = s_ * std::min(kHalfWidth, std::sqrt(2.0 * log_need));
        const double j0 = std::nearbyint(m / delta_);
        w.r = m - j0 * delta_;
        w.lo = static_cast<long>(std::ceil((w.r - radius) / delta_));
        w.hi = static_cast<long>(std::floor((w.r + radius) / delta_));
        w.base = static_cast<long>(j0) + half_;
        NNFT_ASSERT(w.base + w.lo >= 0 && w.base + w.hi < 2 * half_ + 1 && w.hi < static_cast<long>(a_.size()) &&
                    -w.lo < static_cast<long>(a_.size()));
        if (w.lo <= w.hi) ensure(static_cast<std::size_t>(w.base + w.lo), static_cast<std::size_t>(w.base + w.hi));
        const double t = delta_ * w.r / (s_ * s_), u = w.r / s_;
        w.q = std::exp(t);
        w.qi = 1.0 / w.q;
        w.c = c0_ * std::exp(-0.5 * u * u);
        return w;
    }

    void put(const Window& w, long k, double p, Level& lv) const {
        const auto i = static_cast<std::size_t>(k - w.lo);
        lv.node[i] = (static_cast<double>(k) * delta_ - w.r) / s_;
        lv.weight[i] = w.c * a_[static_cast<std::size_t>(std::abs(k))] * p;
        lv.value[i] = table_[static_cast<std::size_t>(w.base + k)];
    }

    // Table entries first … last computed (whole chunks, σ over each chunk at once).
    void ensure(std::size_t first, std::size_t last) {
        const std::size_t size = static_cast<std::size_t>(2 * half_ + 1);
        for (std::size_t c = first / kChunk; c <= last / kChunk; ++c) {
            if (filled_[c]) continue;
            const std::size_t begin = c * kChunk, end = std::min(size, begin + kChunk);
            double* v = table_.get() + begin;
            for (std::size_t j = begin; j < end; ++j) v[j - begin] = static_cast<double>(static_cast<long>(j) - half_) * delta_;
            sigma_.apply(v, end - begin);
            for (std::size_t j = 0; j < end - begin; ++j) {
                const double f = v[j];
                for (int p = 1; p < power_; ++p) v[j] *= f;
            }
            filled_[c] = 1;
        }
    }

    static constexpr std::size_t kChunk = 64;
    const numeric::Activation& sigma_;
    int power_;
    double s_, delta_, c0_, log_c0_ = std::log(c0_);
    long half_ = 0;
    std::unique_ptr<double[]> table_;  // σ(jδ)^p, j = −half … half (the chunks marked in filled_)
    std::vector<char> filled_;
    std::vector<double> a_;      // exp(−(kδ/s)²/2), k = 0 … kmax
};

// E[relu(m + s W)^p], W ~ N(0, 1), p = 1 or 2: the truncated normal moments (the whole line; the w-rules cover
// |w| ≤ 10, where φ(10) ≈ 8e-23).
double relu_moment(double m, double s, int p) {
    const double t = m / s;
    const double cdf = 0.5 * std::erfc(-t / std::sqrt(2.0)), pdf = std::exp(-0.5 * t * t) / std::sqrt(2.0 * M_PI);
    return p == 1 ? m * cdf + s * pdf : (m * m + s * s) * cdf + m * s * pdf;
}

class NestedProduct {
public:
    NestedProduct(const numeric::Activation& sigma, bool kinked, const DeepRule& rule, const double* cov,
                  const int* powers, int d)
        : sigma_(sigma), kinked_(kinked), rule_(rule), powers_(powers), d_(d), l_(cholesky(cov, d)) {
        const int last = d_ - 1;
        relu_last_ = kinked_ && sigma_.kind() == numeric::ActivationKind::relu && l_[last][last] > 0.0 && powers_[last] <= 2;
        prune_ = kinked_ && !relu_last_ ? kSplitPrune : kPrune;
        if (kinked_) return;
        for (int k = 0; k < d_; ++k) {  // smooth σ: one lattice rule per level (|m| ≤ 10 Σ_i |L_ki| over the outer nodes)
            if (l_[k][k] == 0.0) continue;
            double zmax = 0.0;
            for (int i = 0; i < k; ++i) zmax += kHalfWidth * std::abs(l_[k][i]);
            lattice_[static_cast<std::size_t>(k)].emplace(sigma_, powers_[k], l_[k][k], rule.quad_spacing, zmax);
        }
    }

    double run() {
        std::array<double, kMaxLevels> partial{};
        return level(0, partial, 1.0, 0.0);
    }

private:
    // ∫ over w_k … w_d of Π_{i ≥ k} σ(z_i)^{p_i}, given the part of z from w_1 … w_{k−1} in `partial` and the
    // product of their weights in `prefix` (and its log; nodes whose total weight is below kPrune are dropped: the
    // corners of the cube outside the Gaussian's bulk).
    double level(int k, const std::array<double, kMaxLevels>& partial, double prefix, double log_prefix) {
        if (k >= d_ || k >= kMaxLevels) return 1.0;
        const auto ks = static_cast<std::size_t>(k);
        std::optional<LatticeLevel>& lattice = lattice_[ks];
        if (k == d_ - 1 && lattice) return lattice->integrate(partial[ks], log_prefix);
        if (k == d_ - 1 && relu_last_) return relu_moment(partial[ks], l_[k][k], powers_[k]);
        Level& lv = levels_[ks];
        if (lattice)
            lattice->fill(partial[ks], log_prefix, lv);  // σ^p already
        else
            fill_rule(k, partial[ks], prune_ / prefix, lv);
        double sum = 0.0;
        for (std::size_t i = 0; i < lv.node.size(); ++i) {
            const double f = lv.value[i];
            if (f == 0.0) continue;
            std::array<double, kMaxLevels> next = partial;
            for (int j = k + 1; j < d_; ++j) next[static_cast<std::size_t>(j)] += l_[j][k] * lv.node[i];
            const double log_w = lattice ? lattice->log_weight(lv.node[i]) : std::log(lv.weight[i]);
            sum += lv.weight[i] * f * level(k + 1, next, prefix * lv.weight[i], log_prefix + log_w);
        }
        return sum;
    }

    // Nodes, weights (density included, at least `min_weight`) and σ(z_k)^p at the nodes of level k, z_k = m + L_kk w
    // (kinked σ: split where σ's argument vanishes; an exactly dependent variable, L_kk = 0: one node).
    void fill_rule(int k, double m, double min_weight, Level& lv) {
        const double lkk = l_[k][k];
        lv.node.clear();
        lv.weight.clear();
        if (lkk == 0.0) {
            lv.node.push_back(0.0);
            lv.weight.push_back(1.0);
        } else {
            const double split = std::clamp(-m / lkk, -kHalfWidth, kHalfWidth);
            append_gaussian_piece(-kHalfWidth, split, rule_.quad_density, lv.node, lv.weight);
            append_gaussian_piece(split, kHalfWidth, rule_.quad_density, lv.node, lv.weight);
        }
        std::size_t kept = 0;
        for (std::size_t i = 0; i < lv.node.size(); ++i)
            if (lv.weight[i] >= min_weight) {
                lv.node[kept] = lv.node[i];
                lv.weight[kept++] = lv.weight[i];
            }
        lv.node.resize(kept);
        lv.weight.resize(kept);
        lv.value.resize(lv.node.size());
        for (std::size_t i = 0; i < lv.node.size(); ++i) lv.value[i] = m + lkk * lv.node[i];
        sigma_.apply(lv.value.data(), lv.value.size());
        for (double& v : lv.value) {
            const double f = v;
            for (int p = 1; p < powers_[k]; ++p) v *= f;
        }
    }

    const numeric::Activation& sigma_;
    bool kinked_;
    const DeepRule& rule_;
    const int* powers_;
    int d_;
    std::array<std::array<double, kMaxLevels>, kMaxLevels> l_;
    std::array<Level, kMaxLevels> levels_;
    std::array<std::optional<LatticeLevel>, kMaxLevels> lattice_;  // smooth σ: the rule of each level
    bool relu_last_ = false;  // ReLU: the innermost level in closed form
    double prune_ = kPrune;   // the pruning threshold of the split rules
};

}  // namespace

double DeepGaussian::product(const double* cov, const int* powers, int d) const {
    NNFT_ASSERT(d >= 1 && d <= kMaxLevels);
    const int last = d - 1;
    int low = last;  // ReLU: a variable of power ≤ 2 last, where the closed form takes it
    for (int i = 0; i < d; ++i)
        if (powers[i] < powers[low]) low = i;
    if (!(kinked_ && sigma_.kind() == numeric::ActivationKind::relu) || low == last || powers[last] <= 2) {
        NestedProduct p(sigma_, kinked_, rule_, cov, powers, d);
        return p.run();
    }
    std::array<int, kMaxLevels> order{}, pw{};
    for (int i = 0; i < d; ++i) order[static_cast<std::size_t>(i)] = i;
    std::swap(order[static_cast<std::size_t>(low)], order[static_cast<std::size_t>(last)]);
    double c[kMaxLevels * kMaxLevels];
    for (int i = 0; i < d; ++i) {
        pw[static_cast<std::size_t>(i)] = powers[order[static_cast<std::size_t>(i)]];
        for (int j = 0; j < d; ++j) c[i * d + j] = cov[order[static_cast<std::size_t>(i)] * d + order[static_cast<std::size_t>(j)]];
    }
    NestedProduct p(sigma_, kinked_, rule_, c, pw.data(), d);
    return p.run();
}

}  // namespace nnft::sampler::detail
