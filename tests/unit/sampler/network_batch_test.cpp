#include <catch2/catch.hpp>

#include "sampler/network.hpp"
#include "sampler/detail/network_batch.hpp"
#include "sampler/detail/box_muller.hpp"

#include <cstdint>
#include <vector>

using namespace nnft::sampler;

TEST_CASE("eight networks at a time: the bits of one network at a time", "[sampler][network]") {
    if (!NetworkBatchEvaluator::available(nnft::numeric::default_network(nnft::numeric::ActivationKind::erf))) {
        WARN("no AVX2 here: the batched evaluator is not used, nothing to compare");
        return;
    }
    struct Case {
        Activation a;
        std::size_t width, din, dout;
        double mu_w, mu_b;
        const char* inputs;
    };
    const Case cases[] = {{nnft::numeric::ActivationKind::erf, 5, 1, 1, 0.0, 0.0, "0.002;0.004;0.006;0.008;0.01;0.012"},
                          {nnft::numeric::ActivationKind::erf, 20, 2, 2, 0.1, -0.3, "0.5,-1;2,0.25;0.1,0.1"},
                          {nnft::numeric::ActivationKind::relu, 7, 1, 3, 0.0, 0.2, "0.2;0.4;-1.5"},
                          {nnft::numeric::ActivationKind::gauss, 6, 2, 1, 0.05, 0.0, "-0.01,-0.01;-0.01,0.01;0.01,-0.01;0.01,0.01"},
                          {nnft::numeric::ActivationKind::tanh, 3, 3, 2, -0.2, 0.1, "1,2,3;-1,0.5,0"},
                          // d_in above the inputs the preactivations keep in registers (the memory path)
                          {nnft::numeric::ActivationKind::erf, 4, 6, 1, 0.1, 0.0, "1,2,3,4,5,6;-1,0.5,0,0.25,2,-3"}};
    for (std::size_t c = 0; c <= std::size(cases); ++c) {
        // The last round repeats the first case with a law of every family (standardise_draws per lane).
        const auto& k = cases[c % std::size(cases)];
        NetworkSpec s = nnft::numeric::default_network(k.a);
        s.width = k.width;
        s.d_in = k.din;
        s.d_out = k.dout;
        nnft::numeric::set_gaussian_weights(s, k.mu_w, s.weights.sd());
        nnft::numeric::set_gaussian_biases(s, k.mu_b, s.biases.sd());
        nnft::numeric::set_gaussian_weights(s, s.weights.mean(), 1.3);
        if (c == std::size(cases)) {
            s.weights = nnft::numeric::ParameterLaw::uniform(-1.0, 2.0);
            s.biases = nnft::numeric::ParameterLaw::rademacher(0.7);
            s.output_weights = nnft::numeric::ParameterLaw::student_t(7.0, 1.1);
            s.output_bias = nnft::numeric::ParameterLaw::zero();
        }
        const InputSet in = parse_inputs(k.inputs, k.din);
        NetworkEvaluator one(s, in);
        NetworkBatchEvaluator eight(s, in);
        const std::size_t points = one.outputs(), stride = 11;  // a stride other than the batch size
        // Network indices crossing 2^32 inside the batch (the stream's high counter word changes).
        for (std::uint64_t first : {std::uint64_t{0}, std::uint64_t{1000}, (std::uint64_t{1} << 32) - 5}) {
            CAPTURE(k.a.name(), k.width, first);
            std::vector<double> batch(points * stride, -7.0), single(points);
            eight.evaluate(42, first, batch.data(), stride);
            std::size_t differ = 0;
            for (std::size_t l = 0; l < NetworkBatchEvaluator::kBatch; ++l) {
                one.evaluate(42, first + l, single.data(), 1);
                for (std::size_t p = 0; p < points; ++p)
                    differ += batch[p * stride + l] != single[p];
            }
            CHECK(differ == 0);
            for (std::size_t p = 0; p < points; ++p)
                for (std::size_t l = NetworkBatchEvaluator::kBatch; l < stride; ++l)
                    CHECK(batch[p * stride + l] == -7.0);  // nothing written outside the lanes
        }
    }
}

TEST_CASE("Box–Muller of interleaved lanes: the bits of the per-network Box–Muller", "[sampler][network]") {
    // Uniforms as Philox gives them ((k + 0.5)·2^−53): a grid over (0, 1), and both ends of the range.
    std::vector<double> u1, u2;
    const std::size_t grid = 1 << 14;
    for (std::size_t i = 0; i < grid; ++i) {
        u1.push_back((static_cast<double>(i) + 0.5) / grid);
        u2.push_back((static_cast<double>((i * 7919) % grid) + 0.5) / grid);
    }
    for (double tail : {0x1.0p-53, 0x1.8p-53, 1e-300 + 0x1.0p-53, 0.5, 1.0 - 0x1.0p-53, 1.0 - 0x1.8p-52}) {
        for (int r = 0; r < 8; ++r) {
            u1.push_back(tail);
            u2.push_back(r % 2 ? tail : 0.25 * r + 0x1.0p-53);
        }
    }
    const std::size_t pairs = u1.size() / NetworkBatchEvaluator::kBatch;
    std::vector<double> lanes(2 * u1.size()), plain(2 * u1.size());
    detail::box_muller_lanes(u1.data(), u2.data(), lanes.data(), pairs);
    detail::box_muller(u1.data(), u2.data(), plain.data(), u1.size());
    std::size_t differ = 0;
    for (std::size_t k = 0; k < pairs; ++k)
        for (std::size_t l = 0; l < NetworkBatchEvaluator::kBatch; ++l) {
            const std::size_t i = k * NetworkBatchEvaluator::kBatch + l;
            differ += lanes[2 * k * NetworkBatchEvaluator::kBatch + l] != plain[2 * i];
            differ += lanes[(2 * k + 1) * NetworkBatchEvaluator::kBatch + l] != plain[2 * i + 1];
        }
    CHECK(differ == 0);
}
