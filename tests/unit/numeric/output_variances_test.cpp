// Kernels whose output layer has laws of its own (numeric::KernelSpec::output): which networks gp_kernel_spec maps
// to them, and K = C_b + C_W E[σ(z_L(x)) σ(z_L(y))] on every kernel path (closed forms, SIMD and scalar, deep, the
// Hermite quadrature). Reference: the identity E = (K_shared − σ_b²)/σ_W² with the paper's shared laws, an
// independent evaluation through the same paths with the output variances equal to the hidden ones.
#include "common/error.hpp"
#include "numeric/kernels.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

using namespace nnft::numeric;

namespace {

Network normal_net(Activation a, std::size_t depth) {
    Network net = default_network(a);
    net.depth = depth;
    net.d_in = 2;
    set_gaussian_weights(net, 0.0, 1.3);
    set_gaussian_biases(net, 0.0, 0.6);
    return net;
}

std::vector<std::vector<double>> points() {
    std::vector<std::vector<double>> pts;
    for (int j = 0; j < 11; ++j) pts.push_back({1.9 * std::sin(1.3 * j), 1.4 * std::cos(0.7 * j + 0.2)});
    return pts;
}

}  // namespace

TEST_CASE("output variances: gp_kernel_spec takes any zero-mean output law through its variance", "[numeric][kernel]") {
    Network net = normal_net(ActivationKind::erf, 1);
    CHECK_FALSE(gp_kernel_spec(net).output);  // the paper's shared laws: nothing of its own
    net.output_weights = ParameterLaw::student_t(5.0, 2.0);
    net.output_bias = ParameterLaw::uniform(-1.0, 1.0);
    KernelSpec k = gp_kernel_spec(net);
    REQUIRE(k.output);
    CHECK(k.output->weights == 4.0);
    CHECK(k.output->bias == Approx(1.0 / 3.0).epsilon(1e-15));  // Var uniform(−1, 1) = 2²/12
    CHECK(output_weight_variance(k) == 4.0);
    CHECK(k.sigma_w == 1.3);
    CHECK(k.sigma_b == 0.6);
    net.output_weights = ParameterLaw::rademacher(1.3);  // the hidden variance again: the shared kernel
    net.output_bias = ParameterLaw::normal(0.0, 0.6);
    CHECK_FALSE(gp_kernel_spec(net).output);

    net.output_bias = ParameterLaw::normal(0.5, 1.0);
    CHECK_THROWS_WITH(gp_kernel_spec(net), Catch::Contains("zero-mean output laws") && Catch::Contains("--out-bias"));
    net = normal_net(ActivationKind::erf, 2);
    net.biases = ParameterLaw::uniform(-1.0, 1.0);  // a non-normal bias law of a deep net (bias_mixture_test.cpp)
    CHECK(gp_kernel_spec(net).first_layer->biases == net.biases);
    net.weights = ParameterLaw::uniform(-0.5, 1.5);  // a weight mean of a deep net: no limit
    CHECK_THROWS_WITH(gp_kernel_spec(net), Catch::Contains("use a zero-mean --weights law") && Catch::Contains("nnft sample"));

    k.output = OutputVariances{-1.0, 0.0};
    CHECK_THROWS_WITH(validate(k), Catch::Contains("must be finite and >= 0"));
}

TEST_CASE("output variances: K = C_b + C_W (K_shared - sigma_b^2)/sigma_W^2 on every kernel path", "[numeric][kernel]") {
    const OutputVariances out{2.7, 0.15};
    const std::vector<std::vector<double>> pts = points();
    const PointSet xs = PointSet::from_rows(pts);
    struct Case {
        Activation a;
        std::size_t depth;
        double tolerance;  // relative to max(1, |K|): rounding of the closed forms; the quadrature's own rounding
    };
    for (const Case& c : {Case{ActivationKind::erf, 1, 1e-14}, Case{ActivationKind::relu, 1, 1e-14},
                         Case{ActivationKind::gauss, 1, 1e-14}, Case{ActivationKind::erf, 3, 1e-14},
                         Case{ActivationKind::relu, 2, 1e-14}, Case{ActivationKind::tanh, 1, 1e-13},
                         Case{ActivationKind::tanh, 2, 1e-13}}) {
        Network net = normal_net(c.a, c.depth);
        const KernelSpec shared = gp_kernel_spec(net);
        net.output_weights = ParameterLaw::normal(0.0, std::sqrt(out.weights));
        net.output_bias = ParameterLaw::uniform(-std::sqrt(3.0 * out.bias), std::sqrt(3.0 * out.bias));
        for (const bool eft : {false, true}) {
            KernelSpec own = gp_kernel_spec(net);
            REQUIRE(own.output);
            own.eft = eft;
            const double sw2 = shared.sigma_w * shared.sigma_w, sb2 = shared.sigma_b * shared.sigma_b;
            const Kernel reference(shared);
            for (const SimdMode mode : {SimdMode::automatic, SimdMode::scalar}) {
                const Kernel k(own, mode);
                const Eigen::MatrixXd m = k.matrix(xs, xs), r = reference.matrix(xs, xs);
                for (std::size_t a = 0; a < pts.size(); ++a)
                    for (std::size_t b = 0; b < pts.size(); ++b) {
                        const auto i = static_cast<Eigen::Index>(a), j = static_cast<Eigen::Index>(b);
                        const double want = (eft ? 0.0 : out.bias) + out.weights * (r(i, j) - sb2) / sw2;
                        INFO(c.a.name() << " depth " << c.depth << " eft " << eft << " points " << a << ", " << b);
                        CHECK(std::abs(m(i, j) - want) <= c.tolerance * std::max(1.0, std::abs(want)));
                        CHECK(std::abs(k(pts[a], pts[b]) - want) <= c.tolerance * std::max(1.0, std::abs(want)));
                    }
            }
        }
    }
}
