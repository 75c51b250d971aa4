// The GP kernel over general first-layer laws (numeric/law_kernel.hpp, docs/methods/kernels.md#first-layer-laws).
// References: a closed form derived for cos with uniform weights and a uniform phase (below); the closed-form erf and
// relu kernels and the Hermite tanh kernel when the laws are the zero-mean normal ones (forced through the law path);
// gp_kernel_spec's routing. Against `nnft exact`'s independent quadrature: tests/python/test_kernel.py.
#include "common/error.hpp"
#include "numeric/activation_program.hpp"
#include "numeric/kernels.hpp"
#include "numeric/law_kernel.hpp"

#include <catch2/catch.hpp>

#include "tests/support/unary_activation.hpp"

#include <cmath>
#include <memory>
#include <vector>

using namespace nnft::numeric;

namespace {

Activation cos_activation() { return unary_activation("cos", ActivationOp::cos); }

double sinc(double t) { return t == 0.0 ? 1.0 : std::sin(t) / t; }

// cos(A)cos(B) = ½[cos(A − B) + cos(A + B)], A = W·x + b: with W_k ~ U(−a/√d, a/√d) independent, E[cos(W·u)] =
// Π_k sinc(a u_k/√d) and E[sin(W·u)] = 0; with b ~ U(−1, 1), E[cos 2b] = sin(2)/2 and E[sin 2b] = 0, so
// E[cos A cos B] = ½[Π sinc(a(x_k − y_k)/√d) + sin(2)/2 · Π sinc(a(x_k + y_k)/√d)].
double cos_uniform_kernel(const std::vector<double>& x, const std::vector<double>& y, double a, double cw, double cb) {
    const double root_d = std::sqrt(static_cast<double>(x.size()));
    double minus = 1.0, plus = 1.0;
    for (std::size_t k = 0; k < x.size(); ++k) {
        minus *= sinc(a * (x[k] - y[k]) / root_d);
        plus *= sinc(a * (x[k] + y[k]) / root_d);
    }
    return cb + cw * 0.5 * (minus + 0.5 * std::sin(2.0) * plus);
}

std::vector<std::vector<double>> points(std::size_t d, int count, double scale) {
    std::vector<std::vector<double>> pts;
    for (int j = 0; j < count; ++j) {
        std::vector<double> p;
        for (std::size_t k = 0; k < d; ++k) p.push_back(scale * std::sin(1.3 * j + 0.9 * static_cast<double>(k) + 0.1));
        pts.push_back(p);
    }
    return pts;
}

// The spec of `net` with its laws forced through the general-law path.
KernelSpec forced_law_spec(const Network& net) {
    KernelSpec k = gp_kernel_spec(net);
    k.output = OutputVariances{output_weight_variance(k), output_bias_variance(k)};
    k.first_layer = FirstLayerLaws{net.weights, net.biases};
    return k;
}

}  // namespace

TEST_CASE("law kernel: gp_kernel_spec routes other first-layer laws of one-layer nets to it", "[numeric][kernel]") {
    Network net = default_network(ActivationKind::tanh);
    net.weights = ParameterLaw::uniform(-2.0, 2.0);
    net.output_weights = ParameterLaw::rademacher(1.5);
    KernelSpec k = gp_kernel_spec(net);
    REQUIRE(k.first_layer);
    CHECK(k.first_layer->weights == net.weights);
    CHECK(k.output->weights == 2.25);
    CHECK(k.output->bias == 1.0);
    CHECK_FALSE(has_closed_form(k));
    CHECK_FALSE(Kernel(k).closed_form());
    net.weights = ParameterLaw::normal(0.4, 1.0);  // a first-layer mean alone
    CHECK(gp_kernel_spec(net).first_layer);
    net.depth = 2;  // deeper layers: a weight mean grows with N
    CHECK_THROWS_WITH(gp_kernel_spec(net), Catch::Contains("grows without bound"));
    net.weights = ParameterLaw::uniform(-2.0, 2.0);  // zero-mean weights, normal biases: normal deeper layers
    CHECK(gp_kernel_spec(net).first_layer->weights == net.weights);
    CHECK(gp_kernel_spec(net).depth == 2);
    net.biases = ParameterLaw::rademacher(0.5);  // a non-normal bias added in every layer: bias_mixture_test.cpp
    CHECK(gp_kernel_spec(net).first_layer->biases == net.biases);
    net = default_network(ActivationKind::gauss);
    net.biases = ParameterLaw::uniform(-1.0, 1.0);
    CHECK_THROWS_WITH(gp_kernel_spec(net), Catch::Contains("Gauss-net's kernel assumes"));
    k.first_layer->weights = ParameterLaw::uniform(-0.5, 1.0);
    k.depth = 3;
    CHECK_THROWS_WITH(validate(k), Catch::Contains("for depth > 1 zero-mean weights"));
}

TEST_CASE("law kernel: cos with uniform weights and phase equals its closed form", "[numeric][kernel]") {
    for (const std::size_t d : {std::size_t{1}, std::size_t{2}}) {
        Network net = default_network(cos_activation());
        net.d_in = d;
        net.weights = ParameterLaw::uniform(-1.7, 1.7);
        net.biases = ParameterLaw::uniform(-1.0, 1.0);
        net.output_weights = ParameterLaw::normal(0.0, 1.2);
        net.output_bias = ParameterLaw::normal(0.0, 0.3);
        const KernelSpec spec = gp_kernel_spec(net);
        const Kernel k(spec);
        const auto pts = points(d, 9, 2.0);
        const Eigen::MatrixXd m = k.matrix(PointSet::from_rows(pts), PointSet::from_rows(pts));
        for (std::size_t a = 0; a < pts.size(); ++a)
            for (std::size_t b = 0; b < pts.size(); ++b) {
                const double want = cos_uniform_kernel(pts[a], pts[b], 1.7, 1.44, 0.09);
                INFO("d " << d << " points " << a << ", " << b);
                // Gauss–Legendre with 128 (d = 1) or 32 (d = 2) points per parameter integrates these entire
                // functions to rounding.
                CHECK(std::abs(m(static_cast<Eigen::Index>(a), static_cast<Eigen::Index>(b)) - want) <= 1e-13);
                CHECK(k(pts[a], pts[b]) == Approx(m(static_cast<Eigen::Index>(a), static_cast<Eigen::Index>(b))).epsilon(1e-14));
            }
        CHECK(k.max_relative_error() <= 1e-12);
    }
}

TEST_CASE("law kernel: normal laws through the law path equal the Gaussian kernels", "[numeric][kernel]") {
    // erf and relu closed forms, tanh by its Hermite quadrature; d_in 1 and 2, inputs up to |x| = 2. The law path's
    // own error estimate must cover the difference. (Zero-mean normal weights take the layer over the bias law,
    // bias_mixture.hpp, with one node here; the tensor rule is checked against the cos closed form above and against
    // nnft exact in tests/python/test_kernel.py.)
    // Deep kernels (depth 2, 3): the first layer over the laws, then the Gaussian layers of the closed forms or the
    // Hermite quadrature from its covariance.
    struct Case {
        Activation a;
        std::size_t d;
        double at_most;  // the largest relative error estimate expected
        std::size_t depth = 1;
    };
    for (const Case& c : {Case{ActivationKind::erf, 1, 1e-9}, Case{ActivationKind::tanh, 1, 1e-9},
                          Case{ActivationKind::relu, 1, 1e-3}, Case{ActivationKind::erf, 2, 1e-4},
                          Case{ActivationKind::tanh, 2, 1e-4}, Case{ActivationKind::erf, 1, 1e-9, 3},
                          Case{ActivationKind::tanh, 1, 1e-9, 2}, Case{ActivationKind::relu, 2, 1e-3, 2}}) {
        Network net = default_network(c.a);
        net.d_in = c.d;
        net.depth = c.depth;
        set_gaussian_weights(net, 0.0, 1.1);
        set_gaussian_biases(net, 0.0, 0.6);
        const Kernel reference(gp_kernel_spec(net)), law(forced_law_spec(net));
        const auto pts = points(c.d, 8, 2.0);
        const PointSet xs = PointSet::from_rows(pts);
        const Eigen::MatrixXd want = reference.matrix(xs, xs), got = law.matrix(xs, xs);
        const double estimate = law.max_relative_error();
        INFO(c.a.name() << " d_in " << c.d << " depth " << c.depth << " error estimate " << estimate);
        CHECK(estimate <= c.at_most);
        for (Eigen::Index a = 0; a < want.rows(); ++a)
            for (Eigen::Index b = 0; b < want.cols(); ++b) {
                // The estimate's scale C_b + C_W √(E_aa E_bb), E = (K − C_b)/C_W: C_b = 0.36, C_W = 1.21.
                const double scale = 0.36 + std::sqrt((want(a, a) - 0.36) * (want(b, b) - 0.36));
                CHECK(std::abs(got(a, b) - want(a, b)) <= estimate * scale + 1e-14);
                CHECK(got(a, b) == Approx(got(b, a)).epsilon(1e-14));  // the Hermite pair: symmetric to rounding
            }
    }
}
