// E[Π_i σ(z_i)^{p_i}] over up to four correlated Gaussian pre-activations: nested one-dimensional rules in the
// Cholesky coordinates z = L w (level k integrates w_k given w_1 … w_{k−1}), split where σ's argument
// vanishes when σ has a kink there.
#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

#include "common/error.hpp"
#include "sampler/detail/deep_gaussian.hpp"

namespace nnft::sampler::detail {

namespace {

constexpr int kMaxLevels = 4;
constexpr double kHalfWidth = kDeepHalfWidth;
constexpr double kPrune = 1e-15;

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

class NestedProduct {
public:
    NestedProduct(const numeric::Activation& sigma, bool kinked, const DeepRule& rule, const double* cov,
                  const int* powers, int d)
        : sigma_(sigma), kinked_(kinked), rule_(rule), powers_(powers), d_(d), l_(cholesky(cov, d)) {
        if (kinked_) return;
        for (int k = 0; k < d_; ++k) {  // smooth σ: one trapezoidal rule per level, fixed by L_kk
            append_gaussian_trapezoid(l_[k][k], rule.quad_spacing, smooth_node_[static_cast<std::size_t>(k)],
                                      smooth_weight_[static_cast<std::size_t>(k)]);
        }
    }

    double run() {
        std::array<double, kMaxLevels> partial{};
        return level(0, partial, 1.0);
    }

private:
    // ∫ over w_k … w_d of Π_{i ≥ k} σ(z_i)^{p_i}, given the part of z from w_1 … w_{k−1} in `partial` and the
    // product of their weights in `prefix` (nodes whose total weight is below 1e-18 are dropped: the corners of
    // the cube outside the Gaussian's bulk).
    double level(int k, const std::array<double, kMaxLevels>& partial, double prefix) {
        if (k >= d_ || k >= kMaxLevels) return 1.0;
        Level& lv = levels_[static_cast<std::size_t>(k)];
        fill_rule(k, partial[static_cast<std::size_t>(k)], kPrune / prefix, lv);
        double sum = 0.0;
        for (std::size_t i = 0; i < lv.node.size(); ++i) {
            double f = lv.value[i];
            for (int p = 1; p < powers_[k]; ++p) f *= lv.value[i];
            if (f == 0.0) continue;
            std::array<double, kMaxLevels> next = partial;
            for (int j = k + 1; j < d_; ++j) next[static_cast<std::size_t>(j)] += l_[j][k] * lv.node[i];
            sum += lv.weight[i] * f * level(k + 1, next, prefix * lv.weight[i]);
        }
        return sum;
    }

    // Nodes, weights (density included, at least `min_weight`) and σ(z_k) at the nodes of level k, z_k = m + L_kk w.
    void fill_rule(int k, double m, double min_weight, Level& lv) {
        const double lkk = l_[k][k];
        lv.node.clear();
        lv.weight.clear();
        if (lkk == 0.0) {
            lv.node.push_back(0.0);
            lv.weight.push_back(1.0);
        } else if (kinked_) {
            const double split = std::clamp(-m / lkk, -kHalfWidth, kHalfWidth);
            append_gaussian_piece(-kHalfWidth, split, rule_.quad_density, lv.node, lv.weight);
            append_gaussian_piece(split, kHalfWidth, rule_.quad_density, lv.node, lv.weight);
        } else {
            lv.node = smooth_node_[static_cast<std::size_t>(k)];
            lv.weight = smooth_weight_[static_cast<std::size_t>(k)];
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
    }

    const numeric::Activation& sigma_;
    bool kinked_;
    const DeepRule& rule_;
    const int* powers_;
    int d_;
    std::array<std::array<double, kMaxLevels>, kMaxLevels> l_;
    std::array<std::vector<double>, kMaxLevels> smooth_node_, smooth_weight_;
    std::array<Level, kMaxLevels> levels_;
};

}  // namespace

double DeepGaussian::product(const double* cov, const int* powers, int d) const {
    NNFT_ASSERT(d >= 1 && d <= kMaxLevels);
    NestedProduct p(sigma_, kinked_, rule_, cov, powers, d);
    return p.run();
}

}  // namespace nnft::sampler::detail
