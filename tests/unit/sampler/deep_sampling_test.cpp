// DeepSampling::gram (sampler/network.hpp): given layer l's activations the units' next pre-activations are
// i.i.d. Gaussian M-vectors N(μ_b + μ_W Σ_j a_j, σ_b² + σ_W² G/N), so drawing them directly is exact in
// distribution. Checked against the weight-matrix draw (independent seeds, pulls over G2 and a G4_con resolved at
// many sigma), bit-identical across thread counts, recorded in the document, refused where it is not exact.
#include <catch2/catch.hpp>

#include "common/error.hpp"
#include "sampler/correlators.hpp"
#include "sampler/ensemble.hpp"

#include <cmath>

using namespace nnft::sampler;

namespace {

EnsembleConfig deep_config(DeepSampling mode, std::uint64_t seed) {
    EnsembleConfig c;
    c.net = nnft::numeric::default_network(nnft::numeric::ActivationKind::erf);
    c.net.width = 3;  // G4_con ∝ 1/N: narrow, so that it is resolved
    c.net.depth = 3;
    nnft::numeric::set_gaussian_weights(c.net, 0.2, 1.4);  // a weight mean exercises the Gram draw's mean term
    c.inputs = parse_inputs("-0.8;0.3;1.1", 1);
    c.max_n = 4;
    c.seed = seed;
    c.networks = 400000;
    c.deep = mode;
    return c;
}

}  // namespace

TEST_CASE("gram and matrix deep draws give the same correlators", "[sampler][deep]") {
    const Correlators gram = sample_correlators(deep_config(DeepSampling::gram, 11), 2);
    const Correlators matrix = sample_correlators(deep_config(DeepSampling::matrix, 12), 2);
    for (const char* table : {"g2", "g4_connected"}) {
        const auto& a = gram.at(table);
        const auto& b = matrix.at(table);
        REQUIRE(a.size() == b.size());
        double worst = 0.0, signal = 0.0;
        for (std::size_t i = 0; i < a.size(); ++i) {
            worst = std::max(worst, std::abs(a[i].value - b[i].value) / std::hypot(a[i].error, b[i].error));
            signal = std::max(signal, std::abs(a[i].value) / a[i].error);
        }
        INFO(table << ": max |pull| " << worst << ", largest signal " << signal << " sigma");
        CHECK(worst < 4.5);
        CHECK(signal > 8.0);  // the comparison has power
    }
}

TEST_CASE("gram deep draws: threads, document, refusal", "[sampler][deep]") {
    EnsembleConfig c = deep_config(DeepSampling::automatic, 5);
    c.networks = 20000;
    CHECK(config_to_json(c).at("deep_sampling") == "matrix");  // N = 3 ≤ 4M: the weight matrices are cheaper
    c.net.width = 13;
    const Correlators one = sample_correlators(c, 1), two = sample_correlators(c, 2);
    for (std::size_t i = 0; i < one.at("g4").size(); ++i) CHECK(one.at("g4")[i].value == two.at("g4")[i].value);
    CHECK(config_to_json(c).at("deep_sampling") == "gram");  // automatic: gram for normal laws and N > 4M
    CHECK(config_from_json(config_to_json(c)).deep == DeepSampling::gram);
    c.net.weights = nnft::numeric::ParameterLaw::uniform(-1.0, 1.0);
    CHECK(config_to_json(c).at("deep_sampling") == "matrix");
    c.deep = DeepSampling::gram;
    CHECK_THROWS_WITH(validate(c), Catch::Contains("exact only for normal hidden weights"));
    c.net.depth = 1;
    CHECK_FALSE(config_to_json(c).contains("deep_sampling"));  // one hidden layer: documents unchanged
}
