// numeric::GaussianPairExpectation (the kernel transfer of any activation) against closed forms: erf
// (Williams 1997), relu (Cho & Saul 2009), sin and cos (E[e^{i(u±v)}] of a Gaussian), and for tanh against an
// independent 2-d trapezoidal rule (numeric::gaussian_trapezoid). Each value must lie within 1e-11 of the
// reference (the class's target is 1e-11 of √(E[σ(u)²]E[σ(v)²])) and within its own error estimate (plus
// rounding), at |ρ| = 1, near 1 and away from it.
#include "common/error.hpp"
#include "numeric/activation_program.hpp"
#include "numeric/gauss_hermite.hpp"
#include "numeric/gaussian_pair.hpp"

#include <catch2/catch.hpp>

#include "tests/support/unary_activation.hpp"

#include <cmath>
#include <functional>
#include <memory>
#include <numbers>

using namespace nnft::numeric;

namespace {

Activation unary_expression(const char* name, ActivationOp op) { return unary_activation(name, op); }

using Reference = std::function<double(double a, double b, double c)>;

// Every (variance_x, variance_y, ρ) of the grid against the reference.
void check_grid(const Activation& act, const Reference& want, double tol) {
    const GaussianPairExpectation g(act);
    for (double a : {0.0, 0.01, 0.5, 2.0, 30.0})
        for (double b : {0.3, 4.0, 100.0}) {
            const HermitePoint px = g.expand(a), py = g.expand(b);
            for (double rho : {-1.0, -0.9999, -0.5, 0.0, 0.3, 0.9, 0.999, 0.9999999, 1.0}) {
                const double c = rho * std::sqrt(a * b);
                const Estimate e = g.pair(px, py, c);
                const double ref = want(a, b, c), scale = std::sqrt(px.norm * py.norm) + 1e-300;
                INFO(act.name() << ": a = " << a << ", b = " << b << ", rho = " << rho << ": " << e.value << " vs "
                                << ref << " (error estimate " << e.error << ")");
                CHECK(std::abs(e.value - ref) <= tol * scale);
                CHECK(std::abs(e.value - ref) <= e.error + 1e-14 * scale);
                CHECK(e.error <= 2 * GaussianPairExpectation::kTolerance * scale);
            }
        }
}

}  // namespace

TEST_CASE("pair expectation: erf and relu match their closed forms", "[numeric][kernel]") {
    check_grid(ActivationKind::erf,
               [](double a, double b, double c) {
                   return 2.0 / std::numbers::pi * std::asin(2.0 * c / std::sqrt((1.0 + 2.0 * a) * (1.0 + 2.0 * b)));
               },
               1e-11);
    check_grid(ActivationKind::relu,
               [](double a, double b, double c) {
                   const double s = std::sqrt(a * b);
                   if (s == 0.0) return 0.0;
                   const double r = std::clamp(c / s, -1.0, 1.0), th = std::acos(r);
                   return s / (2.0 * std::numbers::pi) * (std::sqrt(1.0 - r * r) + (std::numbers::pi - th) * r);
               },
               1e-11);
}

TEST_CASE("pair expectation: sin and cos match E[exp(i(u ± v))]", "[numeric][kernel]") {
    // E[sin u sin v] = e^{−(a+b)/2} sinh c, E[cos u cos v] = e^{−(a+b)/2} cosh c.
    check_grid(unary_expression("sin(x)", ActivationOp::sin),
               [](double a, double b, double c) { return std::exp(-0.5 * (a + b)) * std::sinh(c); }, 1e-11);
    check_grid(unary_expression("cos(x)", ActivationOp::cos),
               [](double a, double b, double c) { return std::exp(-0.5 * (a + b)) * std::cosh(c); }, 1e-11);
}

TEST_CASE("pair expectation: tanh against an independent 2-d trapezoidal rule", "[numeric][kernel]") {
    const Activation act = unary_expression("tanh(x)", ActivationOp::tanh);
    // Trapezoid in (z1, z2) with step 0.02: for tanh(s z) with s ≤ 2 the discretisation error is
    // ~exp(−2π·(π/2s)/h) < 1e-30; truncation at |z| ≤ 12 below 1e-31.
    const GaussHermiteRule t = gaussian_trapezoid(0.02, 12.0);
    const auto reference = [&](double a, double b, double c) {
        const double sx = std::sqrt(a), sy = std::sqrt(b), rho = c / (sx * sy), r = std::sqrt(1.0 - rho * rho);
        double s = 0.0;
        for (std::size_t i = 0; i < t.nodes.size(); ++i)
            for (std::size_t j = 0; j < t.nodes.size(); ++j)
                s += t.weights[i] * t.weights[j] * std::tanh(sx * t.nodes[i]) *
                     std::tanh(sy * (rho * t.nodes[i] + r * t.nodes[j]));
        return s;
    };
    const GaussianPairExpectation g(act);
    for (double a : {0.25, 1.0, 4.0})
        for (double rho : {-0.7, 0.2, 0.95, 0.9995}) {
            const double b = 0.8, c = rho * std::sqrt(a * b);
            const Estimate e = g.pair(g.expand(a), g.expand(b), c);
            INFO("a = " << a << ", rho = " << rho << ": " << e.value << " (error " << e.error << ")");
            CHECK(std::abs(e.value - reference(a, b, c)) <= 1e-11);
            CHECK(e.error <= 2e-11);
        }
}

TEST_CASE("pair expectation: activations without a kernel are refused", "[numeric][kernel]") {
    auto p = std::make_shared<ActivationProgram>();
    const auto x = p->emit(ActivationOp::x);
    p->emit(ActivationOp::exp, p->emit(ActivationOp::mul, x, x));
    const GaussianPairExpectation g(Activation::expression("exp(x^2)", p));
    CHECK_NOTHROW(g.expand(0.04));  // E[exp(2u²)] = 1/√(1 − 4v) exists for v < 1/4
    CHECK_THROWS_AS(g.expand(1.0), nnft::Error);
    CHECK_THROWS_AS(GaussianPairExpectation(Activation::expression("gelu", nullptr)), nnft::Error);
}

TEST_CASE("pair expectation: near |rho| = 1 a smooth program matches the closed form (the nested rule)", "[numeric][kernel]") {
    // The program erf(x) is smooth, so pairs whose Mehler bound fails (wide pre-activations, |ρ| near 1: the
    // near-diagonal pairs of a second-order grid integral) take the nested rule; reference: Williams' closed form.
    const Activation act = unary_expression("erf(x)", ActivationOp::erf);
    const GaussianPairExpectation g(act);
    REQUIRE(g.smooth());
    for (double a : {0.5, 4.0, 25.0, 101.0})
        for (double b : {1.0, 9.0, 101.0})
            for (double rho : {-0.999999, -0.99, -0.9, 0.9, 0.99, 0.999, 0.99999, 1.0 - 1e-9}) {
                const HermitePoint px = g.expand(a), py = g.expand(b);
                const double c = rho * std::sqrt(a * b), scale = std::sqrt(px.norm * py.norm);
                const double ref = 2.0 / std::numbers::pi * std::asin(2.0 * c / std::sqrt((1.0 + 2.0 * a) * (1.0 + 2.0 * b)));
                const Estimate e = g.pair(px, py, c);
                INFO("a = " << a << ", b = " << b << ", rho = " << rho << ": " << e.value << " vs " << ref << " (error "
                            << e.error << ")");
                CHECK(std::abs(e.value - ref) <= 1e-11 * scale);
                CHECK(std::abs(e.value - ref) <= e.error + 1e-14 * scale);
                CHECK(e.error <= 2 * GaussianPairExpectation::kTolerance * scale);
            }
}

TEST_CASE("pair expectation: the kink probe tells smooth activations from kinked ones", "[numeric][kernel]") {
    CHECK(GaussianPairExpectation(ActivationKind::tanh).smooth());
    CHECK(GaussianPairExpectation(unary_expression("sin(x)", ActivationOp::sin)).smooth());
    CHECK_FALSE(GaussianPairExpectation(ActivationKind::relu).smooth());
    // leaky_relu:0.1 = x step(x) + 0.1 x step(−x): a kink at 0.
    auto leaky = std::make_shared<ActivationProgram>();
    {
        const auto x = leaky->emit(ActivationOp::x), neg = leaky->emit(ActivationOp::neg, x);
        const auto pos = leaky->emit(ActivationOp::mul, x, leaky->emit(ActivationOp::step, x));
        const auto low = leaky->emit(ActivationOp::mul, leaky->constant(0.1),
                                     leaky->emit(ActivationOp::mul, x, leaky->emit(ActivationOp::step, neg)));
        leaky->emit(ActivationOp::add, pos, low);
    }
    CHECK_FALSE(GaussianPairExpectation(Activation::expression("leaky_relu:0.1", leaky)).smooth());
    // softplus in its overflow-free form x step(x) + log(1 + exp(−|x|)) is smooth although written with step and abs.
    auto softplus = std::make_shared<ActivationProgram>();
    {
        const auto x = softplus->emit(ActivationOp::x);
        const auto pos = softplus->emit(ActivationOp::mul, x, softplus->emit(ActivationOp::step, x));
        const auto e = softplus->emit(ActivationOp::exp, softplus->emit(ActivationOp::neg, softplus->emit(ActivationOp::abs, x)));
        softplus->emit(ActivationOp::add, pos, softplus->emit(ActivationOp::log, softplus->emit(ActivationOp::add, softplus->constant(1.0), e)));
    }
    CHECK(GaussianPairExpectation(Activation::expression("softplus", softplus)).smooth());
}
