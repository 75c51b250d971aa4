// Expression activations in the sampler and in exact: the program x → erf(x) (the benchmark's forced
// expression path for --net erf) gives the built-in erf net's bits when sampled (its erf is the sampler's
// float32 erf) at any depth and thread count, and its exact correlators through the quadrature match the
// built-in's (same double-precision σ); a tanh program agrees with the built-in tanh's exact values.
#include <catch2/catch.hpp>

#include "numeric/activation_program.hpp"
#include "sampler/correlators.hpp"
#include "sampler/ensemble.hpp"
#include "sampler/exact.hpp"

#include <cmath>
#include <memory>

using namespace nnft;

namespace {
numeric::Activation program_of(const char* name, numeric::ActivationOp op) {
    auto p = std::make_shared<numeric::ActivationProgram>();
    p->emit(op, p->emit(numeric::ActivationOp::x));
    return numeric::Activation::expression(name, p);
}

sampler::Correlators sampled(const numeric::Activation& a, std::size_t depth, unsigned threads) {
    sampler::EnsembleConfig c;
    c.net = numeric::default_network(a);
    c.net.width = 4;
    c.inputs = sampler::parse_inputs("0.002;0.004;0.006;0.008;0.01;0.012", 1);  // paper:erf
    c.seed = 7;
    c.networks = 4000;
    c.net.depth = depth;
    c.max_n = 4;
    sampler::EnsembleState s = sampler::initial_state(c);
    sampler::RunOptions o;
    o.threads = threads;
    sampler::run_ensemble(c, s, o);
    return sampler::correlators_from_state(c, s);
}

void same_values(const sampler::Correlators& a, const sampler::Correlators& b, double tolerance) {
    for (const char* name : {"g2", "g4", "g4_connected"}) {
        REQUIRE(a.at(name).size() == b.at(name).size());
        for (std::size_t i = 0; i < a.at(name).size(); ++i) {
            INFO(name << " entry " << i);
            if (tolerance == 0.0)
                CHECK(a.at(name)[i].value == b.at(name)[i].value);
            else
                CHECK(a.at(name)[i].value == Approx(b.at(name)[i].value).epsilon(tolerance));
        }
    }
}
}  // namespace

TEST_CASE("an erf program samples the built-in erf net's bits", "[sampler][activation]") {
    const numeric::Activation expr = program_of("erf(x)", numeric::ActivationOp::erf);
    for (std::size_t depth : {1u, 2u})
        same_values(sampled(expr, depth, 2), sampled(numeric::ActivationKind::erf, depth, 1), 0.0);
}

TEST_CASE("exact correlators of erf and tanh programs match the built-ins'", "[sampler][activation]") {
    for (const auto& [expr, builtin] :
         {std::pair{program_of("erf(x)", numeric::ActivationOp::erf), numeric::Activation(numeric::ActivationKind::erf)},
          std::pair{program_of("tanh(x)", numeric::ActivationOp::tanh), numeric::Activation(numeric::ActivationKind::tanh)}}) {
        sampler::ExactConfig e;
        e.net = numeric::default_network(builtin);
        e.net.width = 3;
        e.inputs = sampler::parse_inputs("0.4;-1.1", 1);
        e.max_n = 4;
        e.method = sampler::MomentMethod::Trapezoid;  // erf's automatic path is the same rule
        const sampler::Correlators want = sampler::exact_correlators(e);
        e.net.activation = expr;
        // Expressions get the wider domain (and so other nodes): agreement to the rules' accuracy.
        same_values(sampler::exact_correlators(e), want, 1e-11);
    }
}
