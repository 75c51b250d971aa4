// The cos-net of arXiv:2112.04527: σ = cos, first-layer weights N(0, σ_W²/d_in), bias b ~ U(−π, π).
// Closed forms (derived here): averaging over the uniform phase keeps only the phase-free terms of the product
// of cosines, and E[cos(w·v)] = exp(−σ_W² |v|² / (2 d_in)) =: e(v) for Gaussian w, so
//   E[φ_a φ_b]           = ½ e(x_a − x_b),
//   E[φ_a φ_b φ_c φ_d]   = ⅛ [e(x_a + x_b − x_c − x_d) + e(x_a − x_b + x_c − x_d) + e(x_a − x_b − x_c + x_d)],
// both functions of differences only: the kernel and every connected function are translation invariant at
// any width. With a Gaussian output layer G2 = σ_b² + σ_W² E[φφ] and G4_con = (σ_W⁴/N) Σ_3 (E4 − E2 E2)
// (sampler/exact_derivation.md). The tests compare `nnft exact`'s quadrature (cos as an expression program,
// the uniform phase integrated in its normal variate) with these, and a sampled ensemble with both.
#include "numeric/kernels.hpp"
#include "sampler/ensemble.hpp"
#include "sampler/exact.hpp"
#include "symbolic/activation_expression.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace nnft;

namespace {
sampler::ExactConfig cos_net(const char* inputs, std::size_t d_in, double sigma_w) {
    sampler::ExactConfig c;
    c.net = numeric::default_network(symbolic::resolve_activation("cos"));
    c.net.width = 4;
    c.net.d_in = d_in;
    numeric::set_gaussian_weights(c.net, 0.0, sigma_w);
    c.net.biases = numeric::parse_law("uniform(-pi,pi)");
    c.inputs = sampler::parse_inputs(inputs, d_in);
    c.max_n = 4;
    return c;
}

// e(Σ_k s_k x_{i_k}) for signs s and point indices i.
double e_of(const sampler::ExactConfig& c, std::initializer_list<std::pair<int, std::size_t>> terms) {
    double v2 = 0.0;
    for (std::size_t k = 0; k < c.net.d_in; ++k) {
        double v = 0.0;
        for (const auto& [sign, i] : terms) v += sign * c.inputs.x[i * c.net.d_in + k];
        v2 += v * v;
    }
    const double sw = c.net.weights.sd();
    return std::exp(-sw * sw * v2 / (2.0 * static_cast<double>(c.net.d_in)));
}

double e2(const sampler::ExactConfig& c, std::size_t a, std::size_t b) { return 0.5 * e_of(c, {{1, a}, {-1, b}}); }

double e4(const sampler::ExactConfig& c, std::size_t a, std::size_t b, std::size_t d, std::size_t f) {
    return (e_of(c, {{1, a}, {1, b}, {-1, d}, {-1, f}}) + e_of(c, {{1, a}, {-1, b}, {1, d}, {-1, f}}) +
            e_of(c, {{1, a}, {-1, b}, {-1, d}, {1, f}})) / 8.0;
}
}  // namespace

TEST_CASE("cos-net with a uniform phase: exact G2 and G4_con equal the closed forms", "[physics][cos-net]") {
    for (const auto& [inputs, d_in, sigma_w] : {std::tuple{"-0.8;0.1;0.9", std::size_t{1}, 1.0},
                                                std::tuple{"0.3,-0.5;1.2,0.4", std::size_t{2}, 1.7}}) {
        const sampler::ExactConfig c = cos_net(inputs, d_in, sigma_w);
        const sampler::Correlators r = sampler::exact_correlators(c);
        const double n = static_cast<double>(c.net.width), sw2 = sigma_w * sigma_w;
        for (const auto& entry : r.at("g2_connected")) {
            const auto a = entry.indices[0], b = entry.indices[1];
            const double want = 1.0 + sw2 * e2(c, a, b);  // output bias normal(0, 1)
            INFO(inputs << " G2 " << a << b);
            CHECK(std::abs(entry.value - want) <= entry.error + 1e-13);
            CHECK(entry.value == Approx(want).epsilon(1e-10));
        }
        for (const auto& entry : r.at("g4_connected")) {
            const auto i = entry.indices;
            const double want = sw2 * sw2 / n *
                                (e4(c, i[0], i[1], i[2], i[3]) - e2(c, i[0], i[1]) * e2(c, i[2], i[3]) +
                                 e4(c, i[0], i[2], i[1], i[3]) - e2(c, i[0], i[2]) * e2(c, i[1], i[3]) +
                                 e4(c, i[0], i[3], i[1], i[2]) - e2(c, i[0], i[3]) * e2(c, i[1], i[2]));
            INFO(inputs << " G4_con " << i[0] << i[1] << i[2] << i[3]);
            CHECK(std::abs(entry.value - want) <= entry.error + 1e-13);
            CHECK(entry.value == Approx(want).epsilon(1e-9).margin(1e-13));
        }
    }
}

TEST_CASE("cos-net with a uniform phase: translation invariant at finite width, sampled and exact",
          "[physics][cos-net]") {
    // Shifting every input by 0.7 leaves the exact tables unchanged (to the quadrature's error), and a sampled
    // ensemble at the shifted inputs agrees with the exact values at the original ones.
    const sampler::ExactConfig c = cos_net("-0.8;0.1;0.9", 1, 1.0);
    sampler::ExactConfig shifted = cos_net("-0.1;0.8;1.6", 1, 1.0);
    const sampler::Correlators a = sampler::exact_correlators(c), b = sampler::exact_correlators(shifted);
    for (const char* name : {"g2_connected", "g4_connected"})
        for (std::size_t k = 0; k < a.at(name).size(); ++k)
            CHECK(std::abs(a.at(name)[k].value - b.at(name)[k].value) <= a.at(name)[k].error + b.at(name)[k].error + 1e-13);
    sampler::EnsembleConfig e;
    e.net = shifted.net;
    e.inputs = shifted.inputs;
    e.max_n = 4;
    e.seed = 2112;
    e.networks = 400000;
    const sampler::Correlators s = sampler::sample_correlators(e, 2);
    for (const char* name : {"g2_connected", "g4_connected"}) {
        double worst = 0.0;
        for (std::size_t k = 0; k < s.at(name).size(); ++k)
            worst = std::max(worst, std::abs(s.at(name)[k].value - a.at(name)[k].value) / s.at(name)[k].error);
        INFO(name << " max |pull| " << worst);
        CHECK(worst < 5.0);
    }
}

TEST_CASE("cos-net with a uniform phase: the kernel commands' closed form is exact G2", "[physics][cos-net]") {
    // numeric::gp_kernel_spec maps the network to K = C_b + ½ C_W exp(−σ_W²|x−y|²/(2 d_in)) (the kernel of
    // nnft integrate/fit); G2 of `nnft exact` (quadrature, any width) is the same function. Also sin, and
    // non-normal output laws (only their variances enter).
    for (const auto& [inputs, d_in, sigma_w] : {std::tuple{"-0.8;0.1;0.9", std::size_t{1}, 1.0},
                                                std::tuple{"0.3,-0.5;1.2,0.4;-0.7,2.1", std::size_t{2}, 1.7}})
        for (const char* act : {"cos", "sin"}) {
            sampler::ExactConfig c = cos_net(inputs, d_in, sigma_w);
            c.net.activation = symbolic::resolve_activation(act);
            c.net.output_weights = numeric::parse_law("uniform(-2,2)");
            c.net.output_bias = numeric::parse_law("rademacher(0.6)");
            const numeric::KernelSpec spec = numeric::gp_kernel_spec(c.net);
            REQUIRE(spec.phase_amplitude);
            const numeric::Kernel k(spec);
            const sampler::Correlators r = sampler::exact_correlators(c);
            for (const auto& entry : r.at("g2_connected")) {
                const auto a = entry.indices[0], b = entry.indices[1];
                const std::span<const double> xa(&c.inputs.x[a * d_in], d_in), xb(&c.inputs.x[b * d_in], d_in);
                INFO(act << " " << inputs << " G2 " << a << b);
                CHECK(std::abs(entry.value - k(xa, xb)) <= 1e-10 * std::abs(entry.value));
            }
        }
}
