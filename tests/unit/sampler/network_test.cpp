#include <catch2/catch.hpp>

#include "common/error.hpp"
#include "numeric/rng.hpp"
#include "sampler/network.hpp"
#include "sampler/detail/vector_math.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

using namespace nnft::sampler;

TEST_CASE("a network is W1 σ(W0 x + b0) + b1 with the paper's scaling, drawn from its own stream",
          "[sampler][network]") {
    NetworkSpec s = nnft::numeric::default_network(nnft::numeric::ActivationKind::tanh);
    s.width = 3;
    s.d_in = 2;
    s.d_out = 2;
    nnft::numeric::set_gaussian_weights(s, s.weights.mean(), 1.3);
    nnft::numeric::set_gaussian_biases(s, s.biases.mean(), 0.7);
    nnft::numeric::set_gaussian_weights(s, 0.1, s.weights.sd());
    nnft::numeric::set_gaussian_biases(s, -0.2, s.biases.sd());
    const InputSet in = parse_inputs("0.5,-1;2,0.25", 2);
    NetworkEvaluator eval(s, in);
    std::vector<double> out(4);
    eval.evaluate(99, 12345, out.data(), 1);
    // By hand.
    nnft::numeric::NormalStream g(99, 12345);
    std::vector<double> d(eval.draws_per_network());
    g.fill(d);
    const double* w0 = d.data();
    const double* b0 = w0 + 6;
    const double* w1 = b0 + 3;
    const double* b1 = w1 + 6;
    for (int m = 0; m < 2; ++m)
        for (int k = 0; k < 2; ++k) {
            double f = s.biases.mean() + s.biases.sd() * b1[k];
            for (int j = 0; j < 3; ++j) {
                double z = s.biases.mean() + s.biases.sd() * b0[j];
                for (int i = 0; i < 2; ++i)
                    z += (s.weights.mean() + s.weights.sd() / std::sqrt(2.0) * w0[j * 2 + i]) * in.x[static_cast<std::size_t>(m * 2 + i)];
                f += (s.weights.mean() + s.weights.sd() / std::sqrt(3.0) * w1[k * 3 + j]) * std::tanh(z);
            }
            // tanh is evaluated in float32 (numeric::lane_tanh_f32: the argument rounded to float, then within
            // kLaneTanhF32MaxUlp), so each σ is within ~2e-7 of std::tanh.
            const double got = out[static_cast<std::size_t>(m * 2 + k)];
            CHECK(std::abs(got - f) <= 2e-6);
            CHECK(std::abs(got - f) > 1e-15);  // float32, not glibc's double tanh
        }
}

TEST_CASE("defaults, input sets and bad input", "[sampler][network]") {
    CHECK(nnft::numeric::default_network(nnft::numeric::ActivationKind::relu).biases.sd() == 0.0);
    CHECK(nnft::numeric::default_network(nnft::numeric::ActivationKind::erf).biases.sd() == 1.0);
    CHECK(parse_inputs("0.5,1;-2,3", 2).count() == 2);
    CHECK_THROWS_AS(parse_inputs("1;nan", 1), nnft::Error);
    CHECK_THROWS_AS(parse_inputs("1;x", 1), nnft::Error);
    CHECK_THROWS_AS(parse_inputs("1,2;3", 2), nnft::Error);
    CHECK_THROWS_AS(parse_inputs("paper:erf", 1), nnft::Error);  // the paper's sets are study's (study::input_set)
    CHECK_THROWS_AS(parse_activation("sigmoid"), nnft::Error);
    NetworkSpec s = nnft::numeric::default_network(nnft::numeric::ActivationKind::erf);
    const InputSet in = parse_inputs("1", 1);
    s.width = 0;
    CHECK_THROWS_AS(validate(s, in), nnft::Error);
    s.width = 2;
    CHECK_THROWS_AS(nnft::numeric::set_gaussian_weights(s, 0.0, -1.0), nnft::Error);
    s.activation = nnft::numeric::ActivationKind::gauss;
    s.biases = nnft::numeric::ParameterLaw::uniform(-1.0, 1.0);
    CHECK_THROWS_WITH(validate(s, in), Catch::Contains("Gauss-net's normaliser is defined for Gaussian"));
}

TEST_CASE("deep networks: hidden layers W_l ~ N(μ_W, σ_W²/N) between input and output layer", "[sampler][network]") {
    NetworkSpec s = nnft::numeric::default_network(nnft::numeric::ActivationKind::erf);
    s.width = 2;
    s.depth = 3;
    nnft::numeric::set_gaussian_biases(s, s.biases.mean(), 0.5);
    const InputSet in = parse_inputs("0.7;-0.2", 1);
    NetworkEvaluator eval(s, in);
    CHECK(eval.draws_per_network() == 2 + 2 + 2 * (4 + 2) + 2 + 1);
    std::vector<double> out(2);
    eval.evaluate(5, 77, out.data(), 1);
    nnft::numeric::NormalStream g(5, 77);
    std::vector<double> d(eval.draws_per_network());
    g.fill(d);
    const double s1 = 1.0 / std::sqrt(2.0);
    for (int m = 0; m < 2; ++m) {
        std::vector<double> h(2);
        for (int j = 0; j < 2; ++j)
            h[static_cast<std::size_t>(j)] = std::erf(0.5 * d[2 + static_cast<std::size_t>(j)] + d[static_cast<std::size_t>(j)] * in.x[static_cast<std::size_t>(m)]);
        std::size_t at = 4;
        for (int l = 1; l < 3; ++l) {
            std::vector<double> z(2);
            for (int j = 0; j < 2; ++j) {
                z[static_cast<std::size_t>(j)] = 0.5 * d[at + 4 + static_cast<std::size_t>(j)];
                for (int i = 0; i < 2; ++i)
                    z[static_cast<std::size_t>(j)] += s1 * d[at + static_cast<std::size_t>(j * 2 + i)] * h[static_cast<std::size_t>(i)];
            }
            for (int j = 0; j < 2; ++j)
                h[static_cast<std::size_t>(j)] = std::erf(z[static_cast<std::size_t>(j)]);
            at += 6;
        }
        const double f = 0.5 * d[at + 2] + s1 * (d[at] * h[0] + d[at + 1] * h[1]);
        // Erf activations are evaluated in float32 (vector_math.hpp): each within kErfF32MaxError.
        CHECK(out[static_cast<std::size_t>(m)] == Approx(f).margin(1e-5));
    }
    s.activation = nnft::numeric::ActivationKind::gauss;
    CHECK_THROWS_AS(validate(s, in), nnft::Error);
    s.activation = nnft::numeric::ActivationKind::erf;
    s.depth = 0;
    CHECK_THROWS_AS(validate(s, in), nnft::Error);
}

TEST_CASE("the float32 erf is within its stated error everywhere and keeps erf's symmetries", "[sampler][network]") {
    using nnft::sampler::detail::erf_f32;
    using nnft::sampler::detail::kErfF32MaxError;
    std::vector<double> z;
    for (double x = -9.0; x <= 9.0; x += 1.0 / 4096.0)
        z.push_back(x);
    for (double x : {1e-300, 1e-30, 1e-8, 0.5, 3.9999, 4.0001, 1e10})
        for (double sign : {1.0, -1.0})
            z.push_back(sign * x);
    std::vector<double> e = z;
    erf_f32(e.data(), e.size());
    double worst = 0.0;
    for (std::size_t i = 0; i < z.size(); ++i)
        worst = std::max(worst, std::abs(e[i] - std::erf(z[i])));
    CHECK(worst <= kErfF32MaxError);
    // Odd, bounded by 1, saturating, NaN propagating; any batch split gives the same values.
    std::vector<double> neg(z.size());
    for (std::size_t i = 0; i < z.size(); ++i)
        neg[i] = -z[i];
    erf_f32(neg.data(), neg.size());
    bool odd = true, bounded = true;
    for (std::size_t i = 0; i < z.size(); ++i) {
        odd = odd && neg[i] == -e[i];
        bounded = bounded && std::abs(e[i]) <= 1.0;
    }
    CHECK(odd);
    CHECK(bounded);
    double special[3] = {INFINITY, -INFINITY, NAN};
    erf_f32(special, 3);
    CHECK(special[0] == 1.0);
    CHECK(special[1] == -1.0);
    CHECK(std::isnan(special[2]));
    std::vector<double> split = z;
    for (std::size_t i = 0; i < split.size(); i += 7)
        erf_f32(split.data() + i, std::min<std::size_t>(7, split.size() - i));
    CHECK(split == e);
#if defined(__x86_64__)
    // Each SIMD width alone on the whole range (not only the leftovers of the wider one): the same bits.
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
        std::vector<double> avx2 = z;
        const std::size_t done = nnft::sampler::detail::erf_f32_avx2(avx2.data(), avx2.size());
        erf_f32(avx2.data() + done, avx2.size() - done);
        CHECK(avx2 == e);
    }
#endif
}
