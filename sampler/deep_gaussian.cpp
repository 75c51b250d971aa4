// Gaussian expectations of the deep 1/N recursion: rules in whitened coordinates, split where σ's argument
// vanishes when σ has a kink there. Derivatives with respect to the covariance come from Gaussian integration
// by parts, ⟨∂_w^α F⟩ = ⟨F He_α(w)⟩ for w ~ N(0, I), so σ is never differentiated.
#include "sampler/detail/deep_gaussian.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "common/error.hpp"
#include "numeric/gauss_hermite.hpp"
#include "numeric/gauss_legendre.hpp"

namespace nnft::sampler::detail {

namespace {

constexpr double kHalfWidth = kDeepHalfWidth;
constexpr double kRoundoff = 1e-15;

// Probabilists' Hermite polynomials He_0 … He_4 as coefficient rows (ascending powers).
constexpr double kHermite[5][5] = {
    {1, 0, 0, 0, 0}, {0, 1, 0, 0, 0}, {-1, 0, 1, 0, 0}, {0, -3, 0, 1, 0}, {3, 0, -6, 0, 1}};

struct LineRule {
    std::vector<double> node;
    std::vector<double> weight;  // includes the standard normal density
};

// The rule for ∫ φ(w) f(w) dw when f has a kink at `split`.
void split_rule(double split, double density, LineRule& out) {
    out.node.clear();
    out.weight.clear();
    const double s = std::clamp(split, -kHalfWidth, kHalfWidth);
    append_gaussian_piece(-kHalfWidth, s, density, out.node, out.weight);
    append_gaussian_piece(s, kHalfWidth, density, out.node, out.weight);
}

LineRule trapezoid_rule(double scale, double spacing) {
    LineRule r;
    append_gaussian_trapezoid(scale, spacing, r.node, r.weight);
    return r;
}

// Raw moments M[i][j] = ⟨F w1^i w2^j⟩ (i + j ≤ 4) and the same of |F|.
struct PairMoments {
    double m[5][5] = {};
    double abs[5][5] = {};
    void add(double weight, double f, double w1, double w2) {
        double p1 = 1.0;
        for (int i = 0; i <= 4; ++i, p1 *= w1) {
            double p = p1;
            for (int j = 0; i + j <= 4; ++j, p *= w2) {
                m[i][j] += weight * f * p;
                abs[i][j] += weight * std::abs(f * p);
            }
        }
    }
    // ⟨F He_i(w1) He_j(w2)⟩ (or its absolute counterpart).
    double hermite(int i, int j, bool absolute) const {
        double s = 0.0;
        for (int a = 0; a <= i; ++a)
            for (int b = 0; b <= j; ++b) {
                const double c = kHermite[i][a] * kHermite[j][b];
                if (c != 0.0) s += absolute ? std::abs(c) * abs[a][b] : c * m[a][b];
            }
        return s;
    }
};

double binomial(int n, int k) {
    double b = 1.0;
    for (int i = 1; i <= k; ++i) b = b * (n - k + i) / i;
    return b;
}

}  // namespace

void append_gaussian_trapezoid(double scale, double spacing, std::vector<double>& node, std::vector<double>& weight) {
    const double h = scale > 0.0 ? std::min(0.8, spacing / scale) : 0.8;
    const numeric::GaussHermiteRule r = numeric::gaussian_trapezoid(h, kHalfWidth);
    node.insert(node.end(), r.nodes.begin(), r.nodes.end());
    weight.insert(weight.end(), r.weights.begin(), r.weights.end());
}

void append_gaussian_piece(double a, double b, double density, std::vector<double>& node, std::vector<double>& weight) {
    if (b <= a) return;
    const int n = std::clamp(static_cast<int>(std::ceil(density * (b - a))), 8, 200);
    const auto& gl = numeric::cached_gauss_legendre_rule(n);
    const double half = 0.5 * (b - a), mid = 0.5 * (a + b);
    for (std::size_t i = 0; i < gl.nodes.size(); ++i) {
        const double w = mid + half * gl.nodes[i];
        node.push_back(w);
        weight.push_back(half * gl.weights[i] * std::exp(-0.5 * w * w) / std::sqrt(2.0 * M_PI));
    }
}

DeepRule fine_deep_rule() { return DeepRule{}; }

DeepRule coarse_deep_rule() {
    DeepRule r;
    r.pair_spacing = 0.18;
    r.quad_spacing = 0.35;
    r.pair_density = 3.0;
    r.quad_density = 2.0;
    return r;
}

DeepGaussian::DeepGaussian(numeric::Activation sigma, bool kink_at_zero, DeepRule rule)
    : sigma_(std::move(sigma)), kinked_(kink_at_zero), rule_(rule) {}

PairDerivatives DeepGaussian::diagonal(double k) const {
    NNFT_ASSERT(k > 0.0);
    const double s = std::sqrt(k);
    LineRule r;
    if (kinked_)
        split_rule(0.0, rule_.pair_density, r);
    else
        r = trapezoid_rule(s, rule_.pair_spacing);
    std::vector<double> z(r.node.size());
    for (std::size_t i = 0; i < z.size(); ++i) z[i] = s * r.node[i];
    sigma_.apply(z.data(), z.size());
    double m[5] = {}, mabs = 0.0;
    for (std::size_t i = 0; i < z.size(); ++i) {
        const double f = z[i] * z[i], w = r.node[i];
        double p = 1.0;
        for (int j = 0; j <= 4; ++j, p *= w) m[j] += r.weight[i] * f * p;
        mabs += r.weight[i] * f * (3.0 + 6.0 * w * w + w * w * w * w);
    }
    PairDerivatives d;
    d.value = m[0];
    d.grad[0] = (m[2] - m[0]) / (2.0 * k);                   // ½⟨∂²σ²⟩ = ⟨σ² He_2⟩/(2k)
    d.hess[0][0] = (m[4] - 6.0 * m[2] + 3.0 * m[0]) / (4.0 * k * k);  // ¼⟨∂⁴σ²⟩ = ⟨σ² He_4⟩/(4k²)
    d.roundoff = kRoundoff * mabs / (k * k);
    return d;
}

PairDerivatives DeepGaussian::pair(double kuu, double kuv, double kvv) const {
    const double s1 = std::sqrt(kuu), s2 = std::sqrt(kvv);
    const double rho = kuv / (s1 * s2), r = std::sqrt(std::max(0.0, 1.0 - rho * rho));
    NNFT_ASSERT(s1 > 0.0 && s2 > 0.0 && r > 0.0);
    LineRule outer, inner;
    if (kinked_)
        split_rule(0.0, rule_.pair_density, outer);
    else {
        outer = trapezoid_rule(s1, rule_.pair_spacing);
        inner = trapezoid_rule(s2 * r, rule_.pair_spacing);
    }
    std::vector<double> su(outer.node.size()), sv;
    for (std::size_t i = 0; i < su.size(); ++i) su[i] = s1 * outer.node[i];
    sigma_.apply(su.data(), su.size());
    PairMoments pm;
    for (std::size_t i = 0; i < su.size(); ++i) {
        const double w1 = outer.node[i];
        if (kinked_) split_rule(-rho * w1 / r, rule_.pair_density, inner);
        sv.resize(inner.node.size());
        for (std::size_t j = 0; j < sv.size(); ++j) sv[j] = s2 * (rho * w1 + r * inner.node[j]);
        sigma_.apply(sv.data(), sv.size());
        for (std::size_t j = 0; j < sv.size(); ++j) pm.add(outer.weight[i] * inner.weight[j], su[i] * sv[j], w1, inner.node[j]);
    }
    // z = L w with L = [[s1, 0], [s2 ρ, s2 r]]: ∂_u = (∂_w1 − (ρ/r) ∂_w2)/s1, ∂_v = ∂_w2/(s2 r).
    double worst = 0.0;
    auto derivative = [&](int nu, int nv) {
        double v = 0.0, a = 0.0;
        for (int k = 0; k <= nu; ++k) {
            const double c = binomial(nu, k) * std::pow(-rho / r, k) / (std::pow(s1, nu) * std::pow(s2 * r, nv));
            v += c * pm.hermite(nu - k, k + nv, false);
            a += std::abs(c) * pm.hermite(nu - k, k + nv, true);
        }
        worst = std::max(worst, a);
        return v;
    };
    PairDerivatives d;
    d.value = pm.m[0][0];
    d.grad = {0.5 * derivative(2, 0), derivative(1, 1), 0.5 * derivative(0, 2)};
    const double d22 = derivative(2, 2);
    d.hess[0][0] = 0.25 * derivative(4, 0);
    d.hess[0][1] = d.hess[1][0] = 0.5 * derivative(3, 1);
    d.hess[0][2] = d.hess[2][0] = 0.25 * d22;
    d.hess[1][1] = d22;
    d.hess[1][2] = d.hess[2][1] = 0.5 * derivative(1, 3);
    d.hess[2][2] = 0.25 * derivative(0, 4);
    d.roundoff = kRoundoff * worst;
    return d;
}

}  // namespace nnft::sampler::detail
