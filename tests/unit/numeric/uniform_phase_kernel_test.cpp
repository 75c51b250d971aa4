// The uniform-phase sin/cos kernel (numeric/kernel_spec.hpp, docs/methods/kernels.md): which networks
// gp_kernel_spec maps to it, the closed form K = C_b + ½ C_W exp(−σ_W²|x−y|²/(2 d_in)) through the scalar and
// the batched (SIMD and portable) loops, translation invariance, and the refusals. The comparison with
// `nnft exact`'s quadrature is tests/physics/cos_net_test.cpp.
#include "common/error.hpp"
#include "numeric/activation_program.hpp"
#include "numeric/kernels.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <memory>
#include <numbers>
#include <vector>

using namespace nnft::numeric;

namespace {

// σ = cos or sin as an expression activation (its program: one op on x).
Activation trig(const char* name, ActivationOp op) {
    auto p = std::make_shared<ActivationProgram>();
    const auto x = p->emit(ActivationOp::x);
    p->emit(op, x);
    return Activation::expression(name, p);
}

// The cos-net of arXiv:2112.04527: normal(0, σ_W) weights, a uniform(−π, π) phase, the output laws given.
Network cos_net(std::size_t d_in, double sigma_w) {
    Network net = default_network(trig("cos", ActivationOp::cos));
    net.d_in = d_in;
    net.weights = ParameterLaw::normal(0.0, sigma_w);
    net.biases = parse_law("uniform(-pi,pi)");
    net.output_weights = ParameterLaw::normal(0.0, 1.5);
    net.output_bias = ParameterLaw::normal(0.0, 0.5);
    return net;
}

// The closed form, written out: 0.25 + ½ · 2.25 · exp(−σ_W²|x−y|²/(2 d_in)).
double want(const std::vector<double>& x, const std::vector<double>& y, double sigma_w, bool eft) {
    double r2 = 0.0;
    for (std::size_t k = 0; k < x.size(); ++k) r2 += (x[k] - y[k]) * (x[k] - y[k]);
    const double d = static_cast<double>(x.size());
    return (eft ? 0.0 : 0.25) + 0.5 * 2.25 * std::exp(-sigma_w * sigma_w * r2 / (2.0 * d));
}

}  // namespace

TEST_CASE("uniform-phase kernel: gp_kernel_spec maps sin/cos nets with a full-period phase", "[numeric][kernel]") {
    const KernelSpec k = gp_kernel_spec(cos_net(2, 1.3));
    REQUIRE(k.phase_amplitude);
    CHECK(*k.phase_amplitude == Approx(0.5 * 2.25).epsilon(1e-15));
    CHECK(k.sigma_w == 1.3);
    CHECK(k.sigma_b == 0.5);
    CHECK(k.d_in == 2);
    CHECK(has_closed_form(k));
    CHECK(is_gaussian_form(k));
    CHECK(gaussian_amplitude(k) == *k.phase_amplitude);

    Network sin_net = cos_net(1, 1.0);
    sin_net.activation = trig("sin", ActivationOp::sin);
    sin_net.biases = parse_law("uniform(0,pi)");  // length π: E[exp(2ib)] = 0 too
    CHECK(uniform_phase_kernel(sin_net));
    sin_net.biases = ParameterLaw::rademacher(std::numbers::pi / 4);  // E[exp(2ib)] = cos(π/2) = 0
    CHECK(uniform_phase_kernel(sin_net));

    // Not a uniform phase, a deep net, non-normal weights, a mean in the output layer: no closed form.
    Network n = cos_net(1, 1.0);
    n.biases = parse_law("uniform(-1,1)");
    CHECK_FALSE(uniform_phase_kernel(n));
    CHECK(gp_kernel_spec(n).first_layer);  // the general-law quadrature kernel (law_kernel_test.cpp)
    n = cos_net(1, 1.0);
    n.depth = 2;
    CHECK_FALSE(uniform_phase_kernel(n));
    n = cos_net(1, 1.0);
    n.weights = ParameterLaw::uniform(-1.0, 1.0);
    CHECK_FALSE(uniform_phase_kernel(n));
    n = cos_net(1, 1.0);
    n.output_bias = ParameterLaw::normal(0.2, 1.0);
    CHECK_FALSE(uniform_phase_kernel(n));
    n = cos_net(1, 1.0);
    n.activation = ActivationKind::tanh;
    CHECK_FALSE(uniform_phase_kernel(n));
}

TEST_CASE("uniform-phase kernel: closed form, scalar = batched, translation invariant", "[numeric][kernel]") {
    for (const std::size_t d : {std::size_t{1}, std::size_t{2}, std::size_t{3}}) {
        const double sigma_w = 0.7 + 0.4 * static_cast<double>(d);
        KernelSpec spec = gp_kernel_spec(cos_net(d, sigma_w));
        for (const bool eft : {false, true}) {
            spec.eft = eft;
            const Kernel simd(spec), scalar(spec, SimdMode::scalar);
            CHECK(simd.closed_form());
            std::vector<std::vector<double>> pts;
            for (int j = 0; j < 37; ++j) {
                std::vector<double> p;
                for (std::size_t k = 0; k < d; ++k) p.push_back(std::sin(1.7 * j + static_cast<double>(k)) * 3.0);
                pts.push_back(p);
            }
            const PointSet xs = PointSet::from_rows(pts);
            const Eigen::MatrixXd m_simd = simd.matrix(xs, xs), m_scalar = scalar.matrix(xs, xs);
            const std::vector<double> shift(d, 2.345);
            for (std::size_t a = 0; a < pts.size(); ++a)
                for (std::size_t b = 0; b < pts.size(); ++b) {
                    const double w = want(pts[a], pts[b], sigma_w, eft);
                    // Relative rounding of the exponent's argument (up to ~60 here) times ε: ≤ 1e-13.
                    CHECK(std::abs(scalar(pts[a], pts[b]) - w) <= 1e-13 * std::abs(w));
                    CHECK(std::abs(m_scalar(a, b) - w) <= 1e-13 * std::abs(w));
                    CHECK(std::abs(m_simd(a, b) - w) <= 1e-13 * std::abs(w));
                    CHECK(m_scalar(a, b) == scalar(pts[a], pts[b]));  // one formula, one loop
                    std::vector<double> xa = pts[a], xb = pts[b];
                    for (std::size_t k = 0; k < d; ++k) xa[k] += shift[k], xb[k] += shift[k];
                    CHECK(scalar(xa, xb) == Approx(scalar(pts[a], pts[b])).epsilon(1e-13));
                }
        }
    }
}

TEST_CASE("uniform-phase kernel: validation", "[numeric][kernel]") {
    KernelSpec spec = gp_kernel_spec(cos_net(1, 1.0));
    spec.depth = 2;
    CHECK_THROWS_WITH(Kernel(spec), Catch::Contains("use depth = 1"));
    spec.depth = 1;
    spec.phase_amplitude = -1.0;
    CHECK_THROWS_WITH(Kernel(spec), Catch::Contains("must be finite and >= 0"));
}
