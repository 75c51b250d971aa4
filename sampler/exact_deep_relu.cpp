// Exact correlators of deep ReLU networks without hidden biases on positive one-dimensional inputs
// (docs/methods/deep-expansion.md §4). Every layer is homogeneous, so f(x) = x F + b with F | V ~ N(0, V) and
// V = C_W (C_W/N)^{L−1} (C_W,out/N) Π_{ℓ=1}^{L} X_ℓ, X_ℓ ~ χ² with Binomial(N, ½) degrees of freedom, independent.
// log E e^{J·f} = K_V(J·J/2 · …): κ_{2k} = Π x · κ_k(V) · Σ_pairings δ, plus C_b,out at k = 1.
#include <algorithm>
#include <cmath>
#include <limits>

#include "common/error.hpp"
#include "sampler/cumulants.hpp"
#include "sampler/detail/exact_deep_relu.hpp"
#include "sampler/tuples.hpp"

namespace nnft::sampler::detail {

namespace {

constexpr double kEps = std::numeric_limits<double>::epsilon();

// E[X^k], X ~ χ²_K, K ~ Binomial(n, ½): Σ_K P(K) K(K+2)…(K+2k−2).
double chi2_binomial_moment(std::size_t n, int k) {
    double sum = 0.0;
    const double nd = static_cast<double>(n);
    for (std::size_t kk = 0; kk <= n; ++kk) {
        const double dof = static_cast<double>(kk);
        const double log_p = std::lgamma(nd + 1) - std::lgamma(dof + 1) - std::lgamma(nd - dof + 1) - nd * std::log(2.0);
        double m = 1.0;
        for (int i = 0; i < k; ++i) m *= dof + 2.0 * i;
        sum += std::exp(log_p) * m;
    }
    return sum;
}

// Perfect matchings of the output components in which paired components are equal: Π (c − 1)!! over the counts c.
double matching_pairings(const std::vector<std::size_t>& comp) {
    std::vector<std::size_t> sorted = comp;
    std::sort(sorted.begin(), sorted.end());
    double total = 1.0;
    for (std::size_t i = 0; i < sorted.size();) {
        std::size_t j = i;
        while (j < sorted.size() && sorted[j] == sorted[i]) ++j;
        const std::size_t c = j - i;
        if (c % 2 == 1) return 0.0;
        for (std::size_t f = c - 1; f > 1; f -= 2) total *= static_cast<double>(f);
        i = j;
    }
    return total;
}

}  // namespace

std::string deep_relu_obstacle(const NetworkSpec& s, const InputSet& in) {
    if (s.activation.kind() != numeric::ActivationKind::relu) return "the activation is " + s.activation.name() + ", not relu";
    if (s.biases.sd() != 0.0 || s.biases.mean() != 0.0) return "the hidden biases are " + s.biases.text() + ", not zero";
    for (const auto* law : {&s.weights, &s.output_weights, &s.output_bias})
        if (!law->is_gaussian() || law->mean() != 0.0) return "a weight or output law is " + law->text() + ", not normal(0,s)";
    if (s.d_in != 1) return "d_in is " + std::to_string(s.d_in) + ", not 1";
    for (double x : in.x)
        if (!(x > 0.0)) return "an input is " + std::to_string(x) + ", not positive";
    return {};
}

Correlators exact_deep_relu(const NetworkSpec& s, const InputSet& in, int max_n) {
    const std::string why = deep_relu_obstacle(s, in);
    if (!why.empty())
        throw Error("exact correlators of deep networks (--depth " + std::to_string(s.depth) +
                    ") are known for relu without hidden biases on positive d_in = 1 inputs, but " + why +
                    ": use nnft expand (the 1/N expansion) or nnft sample");
    const double n = static_cast<double>(s.width), cw = s.weights.sd() * s.weights.sd();
    const double cw_out = s.output_weights.sd() * s.output_weights.sd(), cb_out = s.output_bias.sd() * s.output_bias.sd();
    const double scale = cw * std::pow(cw / n, static_cast<double>(s.depth) - 1.0) * (cw_out / n);
    double ev[4] = {1.0, 0.0, 0.0, 0.0};  // E[V^k]
    for (int k = 1; k <= 3; ++k)
        ev[k] = std::pow(scale, k) * std::pow(chi2_binomial_moment(s.width, k), static_cast<double>(s.depth));
    // Cumulants of V and a rounding bound for each (the cancellation of the moment combination).
    const double kv[4] = {0.0, ev[1], ev[2] - ev[1] * ev[1], ev[3] - 3 * ev[2] * ev[1] + 2 * ev[1] * ev[1] * ev[1]};
    const double kv_err[4] = {0.0, 8 * kEps * ev[1] * s.depth, 8 * kEps * (ev[2] + ev[1] * ev[1]) * s.depth,
                              8 * kEps * (ev[3] + 3 * ev[2] * ev[1] + 2 * ev[1] * ev[1] * ev[1]) * s.depth};
    const std::size_t dout = s.d_out;
    const TupleTable points(in.count() * dout, max_n);
    std::vector<double> kappa(points.size() * 2, 0.0);
    for (int order = 2; order <= max_n; order += 2)
        for (std::size_t i = 0; i < points.count(order); ++i) {
            const std::size_t slot = points.offset(order) + i;
            const auto t = points.tuple(slot);
            double xprod = 1.0;
            std::vector<std::size_t> comp;
            for (auto p : t) {
                xprod *= in.x[p / dout];
                comp.push_back(p % dout);
            }
            const double pairs = matching_pairings(comp);
            double v = xprod * pairs * kv[order / 2], e = xprod * pairs * kv_err[order / 2];
            if (order == 2 && comp[0] == comp[1]) v += cb_out;
            kappa[slot * 2] = v;
            kappa[slot * 2 + 1] = v + e;
        }
    return correlators_from_two_rules(points, kappa, max_n);
}

}  // namespace nnft::sampler::detail
