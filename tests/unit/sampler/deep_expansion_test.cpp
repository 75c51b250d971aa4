// The deep 1/N expansion (sampler/deep_expansion.hpp) against references of stated provenance: the hand case of
// docs/reference (ReLU, one input: V^(2) = 5/4, V^(3) = 5/8), the large-N limit of the exact deep ReLU
// correlators (an independent closed form), the exact single-layer correlators (quadrature over the first layer),
// the pair derivatives of the arc-cosine kernel (differentiated by hand) and of tanh (finite differences of the
// Hermite/polar pair expectation), and sampled deep networks.
#include <catch2/catch.hpp>

#include <cmath>

#include "common/error.hpp"
#include "numeric/gaussian_pair.hpp"
#include "sampler/correlators.hpp"
#include "sampler/deep_expansion.hpp"
#include "sampler/detail/deep_gaussian.hpp"
#include "sampler/ensemble.hpp"
#include "sampler/exact.hpp"

using namespace nnft::sampler;
using nnft::numeric::ActivationKind;

namespace {

DeepExpansionConfig config(ActivationKind a, std::size_t depth, std::size_t width, const char* inputs, double sigma_b) {
    DeepExpansionConfig c;
    c.net = nnft::numeric::default_network(a);
    c.net.depth = depth;
    c.net.width = width;
    nnft::numeric::set_gaussian_biases(c.net, 0.0, sigma_b);
    c.inputs = parse_inputs(inputs, 1);
    c.kink_at_zero = a == ActivationKind::relu;
    return c;
}

// The 1/N coefficient of G4_con at input tuple (0,0,0,0): Σ_3 V of the output layer.
double g4_coefficient(const DeepExpansion& e, std::size_t p = 0) {
    return 3.0 * e.fine.back().vertex(static_cast<Eigen::Index>(p), static_cast<Eigen::Index>(p));
}

}  // namespace

TEST_CASE("ReLU on one input: the hand-checked vertices", "[sampler][deep]") {
    // deep-networks reference: V^(2) = 5/4, V^(3) = 5/8; in general 3 V^(L+1) = 3 L 4^{1−L} · 5/4.
    for (std::size_t depth = 1; depth <= 4; ++depth) {
        const DeepExpansion e = deep_expansion(config(ActivationKind::relu, depth, 10, "1", 0.0));
        const double expected = 3.0 * static_cast<double>(depth) * std::pow(0.25, static_cast<double>(depth) - 1) * 1.25;
        CHECK(g4_coefficient(e) == Approx(expected).epsilon(1e-10));
        CHECK(std::abs(e.fine.back().kernel_1(0, 0)) < 1e-14);  // G2 = K exactly for ReLU without biases
    }
}

TEST_CASE("Deep ReLU: the expansion's coefficient is the large-N limit of the exact correlators", "[sampler][deep]") {
    for (std::size_t depth = 2; depth <= 5; ++depth) {
        DeepExpansionConfig c = config(ActivationKind::relu, depth, 100, "0.5;1.3", 0.0);
        const DeepExpansion e = deep_expansion(c);
        REQUIRE(e.homogeneous_reduction);
        // N·G4_con = c₁ + c₂/N + …: Richardson on N and 2N removes c₂.
        auto scaled = [&](std::size_t n) {
            ExactConfig x{c.net, c.inputs, 4};
            x.net.width = n;
            return static_cast<double>(n) * exact_correlators(x).table("g4_connected").at({0, 0, 1, 1}).value;
        };
        const double limit = 2.0 * scaled(200000) - scaled(100000);
        const std::size_t p00 = input_pair_index(0, 0, 2), p11 = input_pair_index(1, 1, 2), p01 = input_pair_index(0, 1, 2);
        const auto& v = e.fine.back().vertex;
        const double coefficient = v(static_cast<Eigen::Index>(p00), static_cast<Eigen::Index>(p11)) +
                                   2.0 * v(static_cast<Eigen::Index>(p01), static_cast<Eigen::Index>(p01));
        CHECK(coefficient == Approx(limit).epsilon(1e-7));  // the O(1/N²) remainder of Richardson: ~3e-9
    }
}

TEST_CASE("One hidden layer: the expansion is the exact G4_con", "[sampler][deep]") {
    DeepExpansionConfig c = config(ActivationKind::tanh, 1, 7, "0.3;-0.9;1.4", 0.6);
    const Correlators expanded = deep_correlators(c, deep_expansion(c));
    const Correlators exact = exact_correlators(ExactConfig{c.net, c.inputs, 4});
    for (const char* table : {"g2", "g4_connected"}) {
        double scale = 0.0;
        for (const auto& x : exact.at(table)) scale = std::max(scale, std::abs(x.value));
        for (const auto& x : exact.at(table)) {
            const CorrelatorEntry y = expanded.table(table).at(x.indices);
            CHECK(std::abs(y.value - x.value) <= y.error + x.error + 1e-13);
            CHECK(y.error <= 1e-6 * scale);  // the coarser rule's error: the finer one agrees far better
        }
    }
}

TEST_CASE("Pair derivatives of ReLU equal the derivatives of the arc-cosine kernel", "[sampler][deep]") {
    const nnft::sampler::detail::DeepGaussian dg(ActivationKind::relu, true, nnft::sampler::detail::fine_deep_rule());
    const double k11 = 1.3, k12 = 0.5, k22 = 0.8;
    const double s1 = std::sqrt(k11), s2 = std::sqrt(k22), rho = k12 / (s1 * s2), r = std::sqrt(1 - rho * rho);
    const double theta = std::acos(rho);
    const auto d = dg.pair(k11, k12, k22);
    CHECK(d.value == Approx(s1 * s2 / (2 * M_PI) * (r + (M_PI - theta) * rho)).epsilon(1e-12));
    CHECK(d.grad[1] == Approx((M_PI - theta) / (2 * M_PI)).epsilon(1e-11));
    CHECK(d.grad[0] == Approx(s2 * r / (4 * M_PI * s1)).epsilon(1e-11));
    CHECK(d.hess[1][1] == Approx(1 / (2 * M_PI * s1 * s2 * r)).epsilon(1e-10));
    CHECK(d.hess[0][2] == Approx(1 / (8 * M_PI * s1 * s2 * r)).epsilon(1e-10));
    CHECK(d.hess[0][1] == Approx(-rho / (4 * M_PI * k11 * r)).epsilon(1e-10));
    CHECK(d.hess[0][0] == Approx(s2 * (2 * rho * rho - 1) / (8 * M_PI * s1 * s1 * s1 * r)).epsilon(1e-10));
}

TEST_CASE("Pair derivatives of tanh equal finite differences of the pair expectation", "[sampler][deep]") {
    const nnft::sampler::detail::DeepGaussian dg(ActivationKind::tanh, false, nnft::sampler::detail::fine_deep_rule());
    const nnft::numeric::GaussianPairExpectation gp(ActivationKind::tanh);
    auto g = [&](std::array<double, 3> k) { return gp.pair(gp.expand(k[0]), gp.expand(k[2]), k[1]).value; };
    const std::array<double, 3> k{1.1, 0.7, 1.6};
    const auto d = dg.pair(k[0], k[1], k[2]);
    const double h = 1e-3;
    for (std::size_t p = 0; p < 3; ++p) {
        auto kp = k, km = k;
        kp[p] += h;
        km[p] -= h;
        CHECK(d.grad[p] == Approx((g(kp) - g(km)) / (2 * h)).epsilon(1e-6));
        for (std::size_t q = 0; q < 3; ++q) {
            auto dp = dg.pair(kp[0], kp[1], kp[2]), dm = dg.pair(km[0], km[1], km[2]);
            CHECK(d.hess[p][q] == Approx((dp.grad[q] - dm.grad[q]) / (2 * h)).epsilon(1e-5).margin(1e-8));
        }
    }
}

TEST_CASE("Deep erf: sampled networks agree with the O(1/N) prediction, not with the infinite-width one", "[sampler][deep]") {
    DeepExpansionConfig c = config(ActivationKind::erf, 3, 40, "0.5;1.0;-1.5", 0.0);
    const DeepExpansion e = deep_expansion(c);
    const Correlators predicted = deep_correlators(c, e);
    EnsembleConfig s;
    s.net = c.net;
    s.inputs = c.inputs;
    s.max_n = 4;
    s.networks = 2000000;
    s.seed = 5;
    s.deep = DeepSampling::gram;
    const Correlators sampled = sample_correlators(s, 2);
    for (const char* table : {"g2", "g4_connected"})
        for (const auto& x : sampled.at(table)) {
            const CorrelatorEntry y = predicted.table(table).at(x.indices);
            INFO(table << " pull " << (x.value - y.value) / x.error);
            CHECK(std::abs(x.value - y.value) < 4.0 * x.error);
        }
    // G2's 1/N correction is resolved: the infinite-width kernel alone is refuted on the diagonal.
    const CorrelatorEntry g2 = sampled.table("g2").at({0, 0});
    CHECK(std::abs(g2.value - e.fine.back().kernel(0, 0)) > 6.0 * g2.error);
}

TEST_CASE("The expansion refuses what it does not cover, naming the fix", "[sampler][deep]") {
    DeepExpansionConfig c = config(ActivationKind::erf, 2, 10, "0.5;1.0", 1.0);
    c.max_n = 6;
    CHECK_THROWS_WITH(deep_expansion(c), Catch::Contains("use --max-n 2 or 4"));
    c.max_n = 4;
    c.net.weights = nnft::numeric::ParameterLaw::normal(0.5, 1.0);  // a mean summed over a width grows like √N
    CHECK_THROWS_WITH(deep_expansion(c), Catch::Contains("zero-mean laws"));
    c.net.weights = nnft::numeric::ParameterLaw::normal(0.0, 1.0);
    c.net.output_weights = nnft::numeric::ParameterLaw::student_t(4.0, 1.0);  // κ₄ infinite
    CHECK_THROWS_WITH(deep_expansion(c), Catch::Contains("fourth cumulant does not exist"));
    c.net.output_weights = nnft::numeric::ParameterLaw::rademacher(1.0);  // the output layer may be non-Gaussian
    CHECK_NOTHROW(deep_expansion(c));
    DeepExpansionConfig dup = config(ActivationKind::erf, 2, 10, "0.5;0.5", 1.0);
    CHECK_THROWS_WITH(deep_expansion(dup), Catch::Contains("distinct, non-collinear inputs"));
    DeepExpansionConfig gauss = config(ActivationKind::gauss, 1, 10, "0.5", 1.0);
    CHECK_THROWS_AS(deep_expansion(gauss), nnft::Error);
}

TEST_CASE("A non-Gaussian output layer: one hidden layer equals the exact correlators; the homogeneous reduction agrees", "[sampler][deep]") {
    // Exact reference: nnft exact's quadrature with its own non-Gaussian output terms (κ₄(b) + κ₄(w) E σσσσ/N).
    DeepExpansionConfig c = config(ActivationKind::tanh, 1, 7, "0.3;-0.9;1.4", 0.6);
    c.net.output_weights = nnft::numeric::ParameterLaw::student_t(7.0, 1.2);
    c.net.output_bias = nnft::numeric::ParameterLaw::uniform(-0.5, 0.5);
    const Correlators expanded = deep_correlators(c, deep_expansion(c));
    const Correlators exact = exact_correlators(ExactConfig{c.net, c.inputs, 4});
    for (const auto& x : exact.at("g4_connected")) {
        const CorrelatorEntry y = expanded.table("g4_connected").at(x.indices);
        CHECK(std::abs(y.value - x.value) <= y.error + x.error + 1e-13);
    }
    // ReLU without biases on one ray: the reduced run (one direction, scaled) equals the full run on two rays.
    DeepExpansionConfig relu = config(ActivationKind::relu, 2, 10, "0.5;1.3", 0.0);
    relu.net.output_weights = nnft::numeric::ParameterLaw::rademacher(1.0);
    const DeepExpansion reduced = deep_expansion(relu);
    REQUIRE(reduced.homogeneous_reduction);
    DeepExpansionConfig two_rays = config(ActivationKind::relu, 2, 10, "0.5;-1.3", 0.0);
    two_rays.net.output_weights = relu.net.output_weights;
    const DeepExpansion full = deep_expansion(two_rays);
    REQUIRE_FALSE(full.homogeneous_reduction);
    // A single-input entry depends on |x| only (K^(1) = x²): the reduced value at 1.3 is the full run's at −1.3.
    CHECK(reduced.fine.back().unit_cumulant.at({1, 1, 1, 1}) ==
          Approx(full.fine.back().unit_cumulant.at({1, 1, 1, 1})).epsilon(1e-9));
    CHECK(reduced.fine.back().unit_cumulant.at({0, 0, 0, 0}) < 0.0);  // κ₄ of Rademacher is −2
}

TEST_CASE("Non-Gaussian hidden laws: one hidden layer equals the exact correlators", "[sampler][deep]") {
    // Exact reference: nnft exact's single-neuron quadrature over the same laws (one hidden layer: the first layer's
    // law enters at O(1) and G4_con is exactly 1/N).
    DeepExpansionConfig c = config(ActivationKind::tanh, 1, 9, "0.3;-0.9;1.4", 0.0);
    c.net.weights = nnft::numeric::ParameterLaw::uniform(-1.6, 1.6);
    c.net.biases = nnft::numeric::ParameterLaw::student_t(9.0, 0.7);
    const Correlators expanded = deep_correlators(c, deep_expansion(c));
    const Correlators exact = exact_correlators(ExactConfig{c.net, c.inputs, 4});
    for (const char* table : {"g2", "g4_connected"})
        for (const auto& x : exact.at(table)) {
            const CorrelatorEntry y = expanded.table(table).at(x.indices);
            INFO(table << " expanded " << y.value << " exact " << x.value);
            CHECK(std::abs(y.value - x.value) <= y.error + x.error + 1e-13);
        }
}

TEST_CASE("Non-Gaussian hidden weights: sampled deep networks resolve the first layer's O(1) law and the hidden weights' "
          "O(1/N) fourth cumulant", "[sampler][deep]") {
    DeepExpansionConfig c = config(ActivationKind::erf, 2, 10, "0.5;1.0;-1.5", 0.3);
    c.net.weights = nnft::numeric::ParameterLaw::rademacher(1.3);  // κ₄ = −2·1.3⁴ in every hidden layer
    const Correlators predicted = deep_correlators(c, deep_expansion(c));
    EnsembleConfig s;
    s.net = c.net;
    s.inputs = c.inputs;
    s.max_n = 4;
    s.networks = 1500000;  // G2(0,0) ± 5e-4: the κ₄ term (7.5e-3) at 15σ
    s.seed = 11;
    const Correlators sampled = sample_correlators(s, 2);  // explicit weight matrices (the law is not normal)
    for (const char* table : {"g2", "g4_connected"})
        for (const auto& x : sampled.at(table)) {
            const CorrelatorEntry y = predicted.table(table).at(x.indices);
            INFO(table << " pull " << (x.value - y.value) / x.error);
            CHECK(std::abs(x.value - y.value) < 4.0 * (x.error + y.error));
        }
    // Without the hidden weights' κ₄ term in K1 (the ablation), G2 is refuted; so are normal laws of the same variance.
    DeepExpansionConfig ablated = c;
    ablated.hidden_weight_cumulants = false;
    DeepExpansionConfig normal = c;
    normal.net.weights = nnft::numeric::ParameterLaw::normal(0.0, 1.3);
    const CorrelatorEntry g2 = sampled.table("g2").at({0, 0});
    const double without_term = deep_correlators(ablated, deep_expansion(ablated)).table("g2").at({0, 0}).value;
    const double gaussian = deep_correlators(normal, deep_expansion(normal)).table("g2").at({0, 0}).value;
    INFO("sampled " << g2.value << " ± " << g2.error << ", without the kappa4 term " << without_term << ", normal laws " << gaussian);
    CHECK(std::abs(g2.value - without_term) > 5.0 * g2.error);
    CHECK(std::abs(g2.value - gaussian) > 20.0 * g2.error);
}

TEST_CASE("Non-Gaussian hidden biases are refused beyond one hidden layer, with the reason", "[sampler][deep]") {
    DeepExpansionConfig c = config(ActivationKind::erf, 2, 10, "0.5;1.0", 0.0);
    c.net.biases = nnft::numeric::ParameterLaw::uniform(-1.0, 1.0);
    CHECK_THROWS_WITH(deep_expansion(c), Catch::Contains("non-Gaussian at O(1)"));
    c.net.depth = 1;
    CHECK_NOTHROW(deep_expansion(c));
}
