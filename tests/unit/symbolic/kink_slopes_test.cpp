// Piecewise-linear activations with their kink at 0 (issue 11): the parser's exact classification
// (symbolic::kink_slopes_of), their closed-form kernel K = σ_b² + σ_W²((p−q)² J + p q c) against the quadrature
// kernel (its own error estimate) and against the built-in ReLU, the symbolic kernel and its large-|y| exponent.
#include "numeric/kernels.hpp"
#include "symbolic/activation_expression.hpp"
#include "symbolic/beta.hpp"
#include "symbolic/kernels.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <random>
#include <string>
#include <vector>

using namespace nnft;

namespace {

symbolic::ActivationParseOptions forced(bool piecewise_linear) {
    symbolic::ActivationParseOptions o;
    o.map_builtins = false;  // max(0, x) through the expression path, not the built-in relu
    o.piecewise_linear = piecewise_linear;
    return o;
}

std::vector<std::vector<double>> random_points(std::mt19937_64& rng, int count, int d) {
    std::uniform_real_distribution<double> coord(-2.0, 2.0);
    std::vector<std::vector<double>> out(static_cast<std::size_t>(count), std::vector<double>(static_cast<std::size_t>(d)));
    for (auto& p : out)
        for (auto& v : p) v = coord(rng);
    return out;
}

}  // namespace

TEST_CASE("kink slopes: exact classification of piecewise-linear activations", "[symbolic][kink]") {
    struct Want {
        const char* text;
        double positive, negative;
    };
    for (const Want w : {Want{"leaky_relu:0.1", 1.0, 0.1}, Want{"abs(x)", 1.0, -1.0}, Want{"max(0,x)", 1.0, 0.0},
                         Want{"x*step(x)", 1.0, 0.0}, Want{"2*x + 3*max(0,x)", 5.0, 2.0}, Want{"min(0,x)", 0.0, 1.0},
                         Want{"-max(0,-x)", 0.0, 1.0}, Want{"max(x, 0.2*x)", 1.0, 0.2}, Want{"(abs(x)+x)/2", 1.0, 0.0}}) {
        INFO(w.text);
        const auto s = symbolic::resolve_activation(w.text, forced(true)).kink_slopes();
        REQUIRE(s.has_value());
        CHECK(s->positive == Approx(w.positive).epsilon(1e-15));
        CHECK(s->negative == Approx(w.negative).epsilon(1e-15));
    }
    // Kinked but not linear on each side of 0, a kink elsewhere, σ(0) ≠ 0, or no kink at all: not classified.
    for (const char* text : {"max(0,x)^2", "step(x)*tanh(x)", "max(0,x-1)", "abs(x)+1", "x", "step(x)",
                             "max(0,x) + 0.001*x^2", "x*step(x)*exp(-x^2)", "min(1, max(0,x))", "abs(sin(x))", "gelu"}) {
        INFO(text);
        CHECK_FALSE(symbolic::resolve_activation(text, forced(true)).kink_slopes().has_value());
    }
    CHECK_FALSE(symbolic::resolve_activation("leaky_relu:0.1", forced(false)).kink_slopes().has_value());
    CHECK(numeric::Activation(numeric::ActivationKind::relu).kink_slopes().has_value());
    CHECK_FALSE(numeric::Activation(numeric::ActivationKind::tanh).kink_slopes().has_value());
}

TEST_CASE("kink points: every kink located exactly, or none claimed", "[symbolic][kink]") {
    struct Want {
        const char* text;
        std::vector<double> points;
    };
    // Hand-derived: the zeros of the step and |·| arguments on each piece between the kinks inside them.
    for (const Want& w : {Want{"max(0,x-1)", {1.0}}, Want{"min(1,max(0,x))", {0.0, 1.0}}, Want{"min(1,max(-1,x))", {-1.0, 1.0}},
                          Want{"abs(abs(x)-1)", {-1.0, 0.0, 1.0}},
                          Want{"abs(abs(abs(x)-1)-1)", {-2.0, -1.0, 0.0, 1.0, 2.0}}, Want{"x*step(2*x-1)", {0.5}}, Want{"leaky_relu:0.1", {0.0}},
                          Want{"softplus", {0.0}}, Want{"gelu", {}}, Want{"tanh(x)+x^3", {}}, Want{"step(3)*x", {}},
                          Want{"max(0,x)^2", {0.0}}, Want{"max(0, 1 - abs(x))", {-1.0, 0.0, 1.0}}}) {
        INFO(w.text);
        const numeric::Activation a = symbolic::resolve_activation(w.text, forced(true));
        REQUIRE(a.kink_points() != nullptr);
        REQUIRE(a.kink_points()->size() == w.points.size());
        for (std::size_t i = 0; i < w.points.size(); ++i) CHECK((*a.kink_points())[i] == Approx(w.points[i]).margin(1e-15));
    }
    // Arguments that are not a·x + b on a piece: the kinks are not located, and nothing is claimed.
    for (const char* text : {"step(x^2-1)*x", "abs(sin(x))", "max(0, x^2 - 1)"}) {
        INFO(text);
        CHECK(symbolic::resolve_activation(text, forced(true)).kink_points() == nullptr);
    }
    CHECK(*numeric::Activation(numeric::ActivationKind::relu).kink_points() == std::vector<double>{0.0});
    CHECK(numeric::Activation(numeric::ActivationKind::tanh).kink_points()->empty());
}

TEST_CASE("piecewise-linear closed form vs the quadrature kernel, within its error estimate", "[symbolic][kink]") {
    const std::uint64_t seed = 20261203;
    INFO("seed " << seed);
    std::mt19937_64 rng(seed);
    for (const char* text : {"leaky_relu:0.1", "abs(x)", "2*x + 3*max(0,x)", "min(0,x)"})
        for (const double sb : {0.0, 0.7})
            for (const int depth : {1, 2}) {
                INFO(text << ", sigma_b " << sb << ", depth " << depth);
                const numeric::KernelSpec closed_spec{symbolic::resolve_activation(text, forced(true)), 2, 1.3, sb, depth, false};
                numeric::KernelSpec quad_spec = closed_spec;
                quad_spec.activation = symbolic::resolve_activation(text, forced(false));
                const numeric::Kernel closed(closed_spec), quad(quad_spec);
                REQUIRE(closed.closed_form());
                REQUIRE_FALSE(quad.closed_form());
                const auto xs = numeric::PointSet::from_rows(random_points(rng, 3, 2));
                const auto ys = numeric::PointSet::from_rows(random_points(rng, 7, 2));
                const Eigen::MatrixXd kc = closed.matrix(xs, ys), kq = quad.matrix(xs, ys);
                // The quadrature's stated error is relative to σ_b² + σ_W² √(E[σ(u)²] E[σ(v)²]) ≤ the scale below.
                const Eigen::MatrixXd kxx = closed.matrix(xs, xs), kyy = closed.matrix(ys, ys);
                const double err = quad.max_relative_error();
                CHECK(err > 0.0);
                CHECK(err < 1e-9);
                for (Eigen::Index i = 0; i < kc.rows(); ++i)
                    for (Eigen::Index j = 0; j < kc.cols(); ++j) {
                        const double scale = std::sqrt(kxx(i, i) * kyy(j, j));
                        CHECK(std::abs(kc(i, j) - kq(i, j)) <= err * scale + 1e-15 * scale);
                    }
            }
}

TEST_CASE("max(0,x) through the piecewise-linear route is the built-in relu to 1e-12", "[symbolic][kink]") {
    const std::uint64_t seed = 7;
    INFO("seed " << seed);
    std::mt19937_64 rng(seed);
    for (const double sb : {0.0, 0.5})
        for (const int depth : {1, 3})
            for (const bool eft : {false, true}) {
                const numeric::Kernel relu({numeric::ActivationKind::relu, 2, 1.2, sb, depth, eft});
                const numeric::Kernel expr({symbolic::resolve_activation("max(0,x)", forced(true)), 2, 1.2, sb, depth, eft});
                REQUIRE(expr.spec().activation.kind() == numeric::ActivationKind::expression);
                const auto x = random_points(rng, 4, 2), y = random_points(rng, 9, 2);
                const auto xs = numeric::PointSet::from_rows(x), ys = numeric::PointSet::from_rows(y);
                const Eigen::MatrixXd a = relu.matrix(xs, ys), b = expr.matrix(xs, ys);
                // K_EFT with σ_b = 0 vanishes exactly where x·y < 0: relative to √(K(x,x) K(y,y)) there.
                const numeric::Kernel full({numeric::ActivationKind::relu, 2, 1.2, sb, depth, false});
                const Eigen::MatrixXd kxx = full.matrix(xs, xs), kyy = full.matrix(ys, ys);
                for (Eigen::Index i = 0; i < a.rows(); ++i)
                    for (Eigen::Index j = 0; j < a.cols(); ++j) {
                        const double scale = std::max(std::abs(a(i, j)), std::sqrt(kxx(i, i) * kyy(j, j)));
                        CHECK(std::abs(a(i, j) - b(i, j)) <= 1e-12 * scale);
                        // One pair at a time (the scalar loop) against the batched (SIMD) rows.
                        const double one = expr(x[static_cast<std::size_t>(i)], y[static_cast<std::size_t>(j)]);
                        CHECK(std::abs(one - b(i, j)) <= 1e-12 * scale);
                    }
            }
}

TEST_CASE("symbolic piecewise-linear kernel: numeric agreement and the large-|y| exponent", "[symbolic][kink]") {
    const auto leaky = symbolic::resolve_activation("leaky_relu:0.1");
    const numeric::Kernel k({leaky, 2, 1.1, 0.6, 1, true});
    const symbolic::SymbolicKernel sk = symbolic::symbolic_kernel(k.spec());
    for (const auto& [x, y] : {std::pair<std::vector<double>, std::vector<double>>{{0.3, -1.2}, {1.5, 0.4}},
                               {{-0.7, 0.2}, {0.9, -1.9}}, {{1.0, 1.0}, {1.0, 1.0}}}) {
        const double v = symbolic::kernel_value(sk, x, y);
        CHECK(std::abs(k(x, y) - v) <= 1e-14 * std::max(1.0, std::abs(v)));
    }
    // K_EFT grows like |y| (σ is linear on each ray), as relu's: exponent 1, by the exact 60-digit route.
    const symbolic::KernelAsymptotics a = symbolic::kernel_asymptotics(sk);
    CHECK(a.power_law);
    CHECK_FALSE(a.measured);
    CHECK((a.exponent - 1).is_zero());
}

TEST_CASE("piecewise-linear closed form vs independent high-precision integrals", "[symbolic][kink]") {
    // K = 1 + E[σ(u)σ(v)] at σ_W = σ_b = 1, d_in = 1: mpmath 1.3 quad at 25 digits of the 2-d Gaussian integral in
    // (z1, z2), u = s_x z1, v = s_y(ρ z1 + r z2), split at both kinks (z1 = 0, z2 = −ρ z1/r), 2026-12-03.
    struct Ref {
        const char* text;
        double x, y, k;
    };
    for (const Ref r : {Ref{"leaky_relu:0.1", -1.5, -0.4, 1.8255763715392725}, Ref{"leaky_relu:0.1", -1.5, 2.0, 0.980056229501763284},
                        Ref{"leaky_relu:0.1", 0.3, 1.2, 1.70032868841234368}, Ref{"leaky_relu:0.1", -0.4, 2.0, 1.37204084813147131},
                        Ref{"abs(x)", -1.5, -0.4, 2.68679689649023457}, Ref{"abs(x)", -1.5, 2.0, 3.88916656544080634},
                        Ref{"abs(x)", 0.3, 1.2, 2.4268083378387342}, Ref{"abs(x)", -0.4, 2.0, 2.53847332410603117}}) {
        INFO(r.text << " at " << r.x << ", " << r.y);
        const numeric::Kernel k({symbolic::resolve_activation(r.text), 1, 1.0, 1.0, 1, false});
        REQUIRE(k.closed_form());
        CHECK(std::abs(k(std::vector<double>{r.x}, std::vector<double>{r.y}) - r.k) <= 1e-14 * r.k);
    }
}
