// Deep networks with unequal hidden widths N_1…N_L (numeric::Network::widths). References: the equal-width
// network (a widths list of equal entries must change no bit), the exact deep ReLU correlators at those widths
// (an independent closed form: a product of χ² factors, one per layer, sampler/exact_deep_relu.cpp), whose large-N
// limit must be the expansion's 1/N coefficient, and sampled networks (both deep draws) against the exact values.
#include <catch2/catch.hpp>

#include <cmath>

#include "common/error.hpp"
#include "sampler/correlators.hpp"
#include "sampler/deep_expansion.hpp"
#include "sampler/ensemble.hpp"
#include "sampler/exact.hpp"
#include "sampler/network.hpp"

using namespace nnft::sampler;
using nnft::numeric::ActivationKind;

namespace {

NetworkSpec relu_net(std::vector<std::size_t> widths) {
    NetworkSpec n = nnft::numeric::default_network(nnft::numeric::ActivationKind::relu);
    n.depth = widths.size();
    n.width = widths.back();
    n.widths = std::move(widths);
    return n;
}

// The largest |a − b| / (combined error) over a table, and the largest |a| / error (the comparison's power).
std::pair<double, double> pulls(const Correlators& a, const Correlators& b, const char* table) {
    double worst = 0.0, signal = 0.0;
    for (const auto& x : a.at(table)) {
        const CorrelatorEntry y = b.table(table).at(x.indices);
        worst = std::max(worst, std::abs(x.value - y.value) / std::hypot(x.error, y.error));
        signal = std::max(signal, std::abs(x.value) / std::hypot(x.error, y.error));
    }
    return {worst, signal};
}

}  // namespace

TEST_CASE("A widths list of equal entries is the equal-width network, bit for bit", "[sampler][deep]") {
    const InputSet in = parse_inputs("0.4;-1.1;0.7", 1);
    NetworkSpec plain = nnft::numeric::default_network(ActivationKind::erf);
    plain.depth = 3;
    plain.width = 6;
    NetworkSpec listed = plain;
    listed.widths = {6, 6, 6};
    for (DeepSampling mode : {DeepSampling::matrix, DeepSampling::gram}) {
        NetworkEvaluator a(plain, in, mode), b(listed, in, mode);
        REQUIRE(a.draws_per_network() == b.draws_per_network());
        std::vector<double> fa(3), fb(3);
        for (std::uint64_t i = 0; i < 20; ++i) {
            a.evaluate(5, i, fa.data(), 1);
            b.evaluate(5, i, fb.data(), 1);
            CHECK(fa == fb);
        }
    }
    DeepExpansionConfig c{plain, in, 4};
    DeepExpansionConfig d{listed, in, 4};
    CHECK(deep_expansion(c).fine.back().vertex == deep_expansion(d).fine.back().vertex);
}

TEST_CASE("Unequal widths: the draws follow the layer sizes", "[sampler][deep]") {
    const InputSet in = parse_inputs("0.4;1.1", 1);
    const NetworkSpec n = relu_net({3, 7, 2});
    // N_1·d_in + N_1 + (N_2·N_1 + N_2) + (N_3·N_2 + N_3) + d_out·N_3 + d_out
    CHECK(NetworkEvaluator(n, in, DeepSampling::matrix).draws_per_network() == 3 + 3 + 28 + 16 + 2 + 1);
    CHECK(NetworkEvaluator(n, in, DeepSampling::gram).draws_per_network() == 3 + 3 + 14 + 4 + 2 + 1);
    NetworkSpec bad = n;
    bad.widths = {3, 7};
    CHECK_THROWS_WITH(NetworkEvaluator(bad, in), Catch::Contains("one width per hidden layer"));
    bad.widths = {3, 0, 2};
    CHECK_THROWS_WITH(NetworkEvaluator(bad, in), Catch::Contains("at least one neuron"));
}

TEST_CASE("Unequal widths: sampled deep ReLU agrees with its exact correlators, both draws", "[sampler][deep]") {
    // Narrow layers of different widths: each layer's 1/N_ℓ is resolved; the exact law is the χ² product.
    EnsembleConfig c;
    c.net = relu_net({2, 5, 3});
    c.inputs = parse_inputs("0.5;1.3", 1);
    c.max_n = 4;
    c.networks = 300000;
    const Correlators exact = exact_correlators(ExactConfig{c.net, c.inputs, 4});
    for (DeepSampling mode : {DeepSampling::matrix, DeepSampling::gram}) {
        c.deep = mode;
        c.seed = mode == DeepSampling::gram ? 21 : 22;
        const Correlators sampled = sample_correlators(c, 2);
        for (const char* table : {"g2", "g4_connected"}) {
            const auto [worst, signal] = pulls(sampled, exact, table);
            INFO(to_string(mode) << " " << table << ": max |pull| " << worst << ", signal " << signal << " sigma");
            CHECK(worst < 4.5);
            CHECK(signal > 8.0);
        }
    }
}

TEST_CASE("Unequal widths: the expansion's coefficient is the large-N limit of the exact deep ReLU", "[sampler][deep]") {
    // Widths k·(a, b, c): N·G4_con with N = k·c tends to the expansion's coefficient (per 1/N, N the last width).
    const std::vector<std::size_t> shape{3, 1, 2};
    auto scaled = [&](std::size_t k) {
        std::vector<std::size_t> w;
        for (std::size_t s : shape) w.push_back(s * k);
        ExactConfig x{relu_net(w), parse_inputs("0.5;1.3", 1), 4};
        return static_cast<double>(w.back()) * exact_correlators(x).table("g4_connected").at({0, 0, 1, 1}).value;
    };
    const double limit = 2.0 * scaled(200000) - scaled(100000);
    DeepExpansionConfig c{relu_net(shape), parse_inputs("0.5;1.3", 1), 4};
    c.kink_at_zero = true;
    const Correlators e = deep_correlators(c, deep_expansion(c));
    const double coefficient = static_cast<double>(shape.back()) * e.table("g4_connected").at({0, 0, 1, 1}).value;
    CHECK(coefficient == Approx(limit).epsilon(1e-7));
    // The per-layer sources differ from the equal-width network's: Σ_ℓ 1/N_ℓ, here (1/3 + 1 + 1/2) vs 3/2.
    DeepExpansionConfig equal = c;
    equal.net = relu_net({2, 2, 2});
    const double equal_coefficient = 2.0 * deep_correlators(equal, deep_expansion(equal)).table("g4_connected").at({0, 0, 1, 1}).value;
    CHECK(coefficient / equal_coefficient == Approx((1.0 / 3 + 1.0 + 0.5) * 2.0 / 3.0).epsilon(1e-9));
}
