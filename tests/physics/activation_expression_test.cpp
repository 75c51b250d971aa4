// User-defined activations end to end through the library: Monte Carlo correlators of GELU and sin networks
// (expression programs in the sampler) against the exact finite-width ones (double-precision σ in the
// quadrature), per tuple (pulls), with fixed seeds; the same criterion as the built-ins'
// sampled-vs-exact test (max |pull| < 5, mean pull² < 8).
#include "sampler/correlators.hpp"
#include "sampler/ensemble.hpp"
#include "sampler/exact.hpp"
#include "symbolic/activation_expression.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace nnft;

namespace {
void sampled_vs_exact(const char* activation, std::size_t width, std::uint64_t seed) {
    sampler::EnsembleConfig c;
    c.net = numeric::default_network(symbolic::resolve_activation(activation));
    c.net.width = width;
    c.inputs = sampler::parse_inputs("-0.9;0.2;1.1", 1);
    c.max_n = 4;
    c.seed = seed;
    c.networks = 200000;
    sampler::EnsembleState s = sampler::initial_state(c);
    sampler::RunOptions o;
    o.threads = 2;
    sampler::run_ensemble(c, s, o);
    const sampler::Correlators sampled = sampler::correlators_from_state(c, s);
    sampler::ExactConfig e;
    e.net = c.net;
    e.inputs = c.inputs;
    e.max_n = 4;
    const sampler::Correlators exact = sampler::exact_correlators(e);
    for (const char* name : {"g2", "g4_connected"}) {
        const auto& a = sampled.at(name);
        const auto& b = exact.at(name);
        REQUIRE(a.size() == b.size());
        double worst = 0.0, sum2 = 0.0, resolved = 0.0;
        for (std::size_t i = 0; i < a.size(); ++i) {
            const double pull = (a[i].value - b[i].value) / std::hypot(a[i].error, b[i].error, 1e-13);
            worst = std::max(worst, std::abs(pull));
            sum2 += pull * pull;
            resolved = std::max(resolved, std::abs(a[i].value) / a[i].error);
        }
        const double mean2 = sum2 / static_cast<double>(a.size());
        INFO(activation << " " << name << ": max |pull| " << worst << ", mean pull² " << mean2 << ", largest |value|/error "
                        << resolved);
        CHECK(worst < 5.0);
        CHECK(mean2 < 8.0);
        CHECK(resolved > 5.0);  // the comparison resolves a non-zero signal
        CHECK(exact.at(name)[0].error < 1e-6 * std::abs(exact.at(name)[0].value));
    }
}
}  // namespace

TEST_CASE("GELU and sin networks: sampled correlators agree with the exact ones", "[physics][activation]") {
    sampled_vs_exact("gelu", 5, 11);
    sampled_vs_exact("sin", 2, 12);  // width 2: sin's G4_con at width 5 is only ~3σ at this size
}
