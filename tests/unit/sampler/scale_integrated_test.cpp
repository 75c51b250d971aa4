// The scale-integrated conditioned sums (sampler/detail/scale_integrated.hpp) against an independent computation:
// the expectation over every neuron's scale of each product of covariance entries, by a Gauss–Hermite rule in the
// scales' normal draws (a 40-point rule per neuron integrates e^{k σ_b n} to ~1e-15 for the exponents here; the
// χ radius of the kink-at-0 activations by a 2-point rule per neuron in d_in = 1 without a bias, where the
// radius is |n|), for fixed first-layer factors u_j(x).
#include <catch2/catch.hpp>

#include "numeric/gauss_hermite.hpp"
#include "sampler/detail/scale_integrated.hpp"

#include <array>
#include <cmath>
#include <random>
#include <vector>

using namespace nnft::sampler;

namespace {

struct Setup {
    std::size_t inputs = 3, neurons = 2;
    double sigma_b = 0.5, var_b = 0.3, scale = 0.7;
    std::vector<std::uint16_t> entry_a, entry_b;
};

// E over the neurons' scale draws of Π_{e∈t} (var_b + scale Σ_j ξ(n_j)² u_j(a_e) u_j(b_e)), by the tensor
// Gauss–Hermite rule (one network: u[j·M + m]); ξ(n) = e^{σ_b n} (Gauss-net) or |n| (χ₁ radius).
double brute_force(const Setup& s, const std::vector<double>& u, const std::vector<std::uint16_t>& t, bool radius) {
    const auto rule = nnft::numeric::gauss_hermite(40);
    const std::size_t q = rule.nodes.size();
    double total = 0.0;
    for (std::size_t i0 = 0; i0 < q; ++i0)
        for (std::size_t i1 = 0; i1 < q; ++i1) {
            const double n[2] = {rule.nodes[i0], rule.nodes[i1]};
            double product = 1.0;
            for (auto e : t) {
                double c = s.var_b;
                for (std::size_t j = 0; j < s.neurons; ++j)
                    c += s.scale * (radius ? n[j] * n[j] : std::exp(2.0 * s.sigma_b * n[j])) *
                         u[j * s.inputs + s.entry_a[e]] * u[j * s.inputs + s.entry_b[e]];
                product *= c;
            }
            total += rule.weights[i0] * rule.weights[i1] * product;
        }
    return total;
}

}  // namespace

TEST_CASE("scale-integrated monomials equal the Gauss–Hermite expectation over the scale draws", "[sampler][conditioned]") {
    const bool radius = GENERATE(false, true);
    Setup s;
    for (std::uint16_t a = 0; a < s.inputs; ++a)
        for (std::uint16_t b = a; b < s.inputs; ++b) {
            s.entry_a.push_back(a);
            s.entry_b.push_back(b);
        }
    const TupleTable monomials(s.entry_a.size(), 3);
    const double v = s.sigma_b * s.sigma_b;  // E[ξ^{2b}]: e^{2b²σ_b²}, or 1, 3, 15 for χ₁
    const std::array<double, 3> moments = radius ? std::array<double, 3>{1.0, 3.0, 15.0}
                                                 : std::array<double, 3>{std::exp(2.0 * v), std::exp(8.0 * v), std::exp(18.0 * v)};
    ScaleIntegratedMonomials sums(monomials, s.entry_a, s.entry_b, s.inputs, moments, s.var_b, s.scale);
    // Two networks in lanes 0 and 5 (the other lanes empty), u in (0.3, 1.5).
    std::mt19937_64 rng(7);
    std::uniform_real_distribution<double> draw(0.3, 1.5);
    std::vector<double> u0(s.neurons * s.inputs), u5(s.neurons * s.inputs);
    std::vector<double> lanes(s.neurons * s.inputs * 8, 0.0);
    for (std::size_t k = 0; k < u0.size(); ++k) {
        u0[k] = draw(rng);
        u5[k] = draw(rng);
        lanes[k * 8 + 0] = u0[k];
        lanes[k * 8 + 5] = u5[k];
    }
    sums.add_lanes(lanes.data(), s.neurons);
    std::vector<double> out(monomials.size());
    sums.take(2.0, out);
    double worst = 0.0;
    for (std::size_t slot = 0; slot < monomials.size(); ++slot) {
        const auto t = monomials.tuple(slot);
        const double expected = brute_force(s, u0, t, radius) + brute_force(s, u5, t, radius);
        worst = std::max(worst, std::abs(out[slot] - expected) / std::abs(expected));
    }
    INFO((radius ? "radius" : "Gauss-net bias") << ": largest relative difference over " << monomials.size()
                                                << " monomials: " << worst);
    CHECK(worst < 1e-12);
    // take() starts afresh: with nothing added, only the constant var_b^d per network remains.
    sums.take(1.0, out);
    CHECK(out[monomials.offset(3)] == Approx(s.var_b * s.var_b * s.var_b).epsilon(1e-15));
}
