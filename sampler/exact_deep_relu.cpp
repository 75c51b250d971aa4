// Exact correlators of deep ReLU networks without hidden biases on positive one-dimensional inputs
// (docs/methods/deep-expansion.md §4). Every layer is homogeneous, so f(x) = x F + b with F | V ~ N(0, V) and
// V = C_W Π_{ℓ=2}^{L} (C_W/N_{ℓ−1}) (C_W,out/N_L) Π_{ℓ=1}^{L} X_ℓ, X_ℓ ~ χ² with Binomial(N_ℓ, ½) degrees of freedom,
// independent (N_ℓ the hidden widths). log E e^{J·f} = K_V(J·J/2 · …): κ_{2k} = Π x · κ_k(V) · Σ_pairings δ, plus
// C_b,out at k = 1.
#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "common/error.hpp"
#include "sampler/cumulants.hpp"
#include "sampler/detail/exact_deep_relu.hpp"
#include "sampler/tuples.hpp"

namespace nnft::sampler::detail {

namespace {

constexpr double kEps = std::numeric_limits<double>::epsilon();

// Moments of X ~ χ²_K, K ~ Binomial(n, ½), from the binomial's raw moments: E[X] = n/2,
// E[X²] = E[K² + 2K] = n²/4 + 5n/4, E[X³] = E[K³ + 6K² + 8K] = n³/8 + 15n²/8 + 11n/2 (n = 1: 7.5 = ½·1·3·5).
// The cumulants of V = s Π X_ℓ in forms without cancellation at large n: with a₂ = E[X²]/E[X]² = 1 + 5/n and
// a₃ = E[X³]/E[X]³ = 1 + 15/n + 44/n² per layer, κ₂ = E[V]² (Π a₂ − 1), κ₃ = E[V]³ (Π a₃ − 3 Π a₂ + 2).
struct VCumulants {
    double k[4] = {};    // κ_1 … κ_3 of V
    double err[4] = {};  // rounding bounds
};

VCumulants v_cumulants(const std::vector<double>& widths, double scale) {
    double mean = scale, log_a2 = 0.0, log_a3 = 0.0;
    for (double n : widths) {
        mean *= n / 2.0;
        log_a2 += std::log1p(5.0 / n);
        log_a3 += std::log1p(15.0 / n + 44.0 / (n * n));
    }
    const double e2 = std::expm1(log_a2), e3 = std::expm1(log_a3);  // Π a − 1
    const double depth = static_cast<double>(widths.size());
    VCumulants c;
    c.k[1] = mean;
    c.k[2] = mean * mean * e2;
    c.k[3] = mean * mean * mean * (e3 - 3.0 * e2);
    c.err[1] = 4 * kEps * depth * mean;
    c.err[2] = 8 * kEps * depth * std::abs(c.k[2]);
    c.err[3] = 8 * kEps * depth * mean * mean * mean * (std::abs(e3) + 3.0 * std::abs(e2));
    return c;
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
    const double cw = s.weights.sd() * s.weights.sd();
    const double cw_out = s.output_weights.sd() * s.output_weights.sd(), cb_out = s.output_bias.sd() * s.output_bias.sd();
    // scale = C_W Π_{ℓ<L} (C_W/N_ℓ) · C_W,out/N_L
    std::vector<double> widths;
    double scale = cw * cw_out;
    for (std::size_t l = 1; l <= s.depth; ++l) {
        widths.push_back(static_cast<double>(numeric::hidden_width(s, l)));
        scale *= (l < s.depth ? cw : 1.0) / static_cast<double>(numeric::hidden_width(s, l));
    }
    const VCumulants v = v_cumulants(widths, scale);
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
            double val = xprod * pairs * v.k[order / 2], e = xprod * pairs * v.err[order / 2];
            if (order == 2 && comp[0] == comp[1]) val += cb_out;
            kappa[slot * 2] = val;
            kappa[slot * 2 + 1] = val + e;
        }
    return correlators_from_two_rules(points, kappa, max_n);
}

}  // namespace nnft::sampler::detail
