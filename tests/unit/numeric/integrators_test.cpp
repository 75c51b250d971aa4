// Integrator building blocks: Gauss–Legendre rules, Genz–Malik/Gauss–Kronrod exactness, CBC lattices,
// statuses and bad input.
#include <catch2/catch.hpp>

#include <cmath>
#include <numbers>
#include <random>
#include <vector>

#include "common/error.hpp"
#include "numeric/detail/adaptive_cubature.hpp"
#include "numeric/gauss_legendre.hpp"
#include "numeric/integrate.hpp"
#include "numeric/detail/lattice_qmc.hpp"

using namespace nnft::numeric;

TEST_CASE("Gauss-Legendre rules integrate polynomials of degree 2n-1 exactly", "[numeric][integrators]") {
    for (int n : {1, 2, 5, 10, 20, 40}) {
        const auto r = gauss_legendre_rule(n);
        for (int p = 0; p <= 2 * n - 1; ++p) {
            double s = 0.0;
            for (std::size_t i = 0; i < r.nodes.size(); ++i) s += r.weights[i] * std::pow(r.nodes[i], p);
            const double exact = p % 2 == 1 ? 0.0 : 2.0 / (p + 1);
            CHECK(std::abs(s - exact) <= 1e-14);
        }
    }
    CHECK_THROWS_AS(gauss_legendre_rule(0), nnft::Error);
}

TEST_CASE("adaptive rules are exact on low-degree polynomials and converge on smooth integrands",
          "[numeric][integrators]") {
    IntegratorOptions o;
    o.method = Method::adaptive;
    for (int d = 1; d <= 4; ++d) {
        o.rel_tol = d <= 2 ? 1e-12 : (d == 3 ? 1e-11 : 1e-8);
        // Total degree 7: f = 1 + Σ_k (x_k^7 + x_k^2) + x_0^3 x_1^4, ∫_{[0,1]^d} f = 1 + d (1/8 + 1/3) + 1/20.
        FunctionIntegrand f(d, [d](std::span<const double> x) {
            double s = 1.0;
            for (double v : x) s += std::pow(v, 7) + v * v;
            return d >= 2 ? s + std::pow(x[0], 3) * std::pow(x[1], 4) : s;
        });
        const auto box = Domain::box(std::vector<double>(static_cast<std::size_t>(d), 0.0),
                                     std::vector<double>(static_cast<std::size_t>(d), 1.0));
        const auto r = integrate_adaptive(f, box, o);
        const double exact = 1.0 + d * (1.0 / 8.0 + 1.0 / 3.0) + (d >= 2 ? 1.0 / 20.0 : 0.0);
        INFO("d = " << d);
        CHECK(r[0].status == Status::ok);
        CHECK(std::abs(r[0].value - exact) <= 1e-13 * exact);
        // A smooth non-polynomial: ∫ exp(Σ x_k) = (e − 1)^d.
        FunctionIntegrand g(d, [](std::span<const double> x) {
            double s = 0.0;
            for (double v : x) s += v;
            return std::exp(s);
        });
        const auto rg = integrate_adaptive(g, box, o);
        CHECK(std::abs(rg[0].value - std::pow(std::numbers::e - 1.0, d)) <= 10 * o.rel_tol * std::pow(std::numbers::e - 1.0, d));
        CHECK(std::abs(rg[0].value - std::pow(std::numbers::e - 1.0, d)) <= rg[0].error + 1e-14);
    }
}

TEST_CASE("CBC lattices beat random generating vectors and improve with n", "[numeric][integrators][qmc]") {
    const std::vector<double> gamma{1.0, 0.25, 1.0 / 9.0, 1.0 / 16.0};
    const auto z1 = cbc_generating_vector(1021, 4, gamma);
    const auto z2 = cbc_generating_vector(4093, 4, gamma);
    const double e1 = lattice_worst_case_error_squared(1021, z1, gamma);
    const double e2 = lattice_worst_case_error_squared(4093, z2, gamma);
    CHECK(e2 < e1);
    std::mt19937_64 gen(42);  // seed 42
    std::uniform_int_distribution<std::uint64_t> pick(1, 1020);
    for (int trial = 0; trial < 20; ++trial) {
        std::vector<std::uint64_t> z{1, pick(gen), pick(gen), pick(gen)};
        CHECK(e1 <= lattice_worst_case_error_squared(1021, z, gamma) * (1.0 + 1e-12));
    }
    CHECK(previous_prime(1024) == 1021);
    CHECK_THROWS_AS(cbc_generating_vector(1024, 2, gamma), nnft::Error);
}

TEST_CASE("lattice QMC error bars cover the exact value", "[numeric][integrators][qmc]") {
    // ∫_{[0,1]^3} Π_k (1 + sin(π x_k)/2 + x_k²) = (1 + 1/π + 1/3)^3. Criterion: |Q − exact| ≤ 4 sigma for
    // 10 seeds (a 4-sigma miss has probability ~6e-5 each for a Gaussian mean of 16 shifts; seeds fixed).
    FunctionIntegrand f(3, [](std::span<const double> x) {
        double p = 1.0;
        for (double v : x) p *= 1.0 + 0.5 * std::sin(std::numbers::pi * v) + v * v;
        return p;
    });
    const double exact = std::pow(1.0 + 1.0 / std::numbers::pi + 1.0 / 3.0, 3);
    const auto box = Domain::box({0, 0, 0}, {1, 1, 1});
    int covered = 0;
    for (std::uint64_t seed = 1; seed <= 10; ++seed) {
        IntegratorOptions o;
        o.method = Method::lattice_qmc;
        o.rel_tol = 1e-7;
        o.seed = seed;
        const auto r = integrate_lattice_qmc(f, box, o);
        INFO("seed " << seed << " value " << r[0].value << " error " << r[0].error);
        CHECK(r[0].status == Status::ok);
        CHECK(r[0].error <= 1e-7 * exact);
        covered += std::abs(r[0].value - exact) <= 4.0 * r[0].error;
    }
    CHECK(covered == 10);
}

TEST_CASE("integrators report a status instead of a silent number", "[numeric][integrators]") {
    FunctionIntegrand f(2, [](std::span<const double> x) { return std::sqrt(std::abs(x[0] - 0.3)) * std::exp(x[1]); });
    const auto box = Domain::box({0, 0}, {1, 1});
    IntegratorOptions o;
    o.rel_tol = 1e-14;
    o.max_evaluations = 20000;
    for (Method m : {Method::gauss_legendre, Method::adaptive, Method::lattice_qmc}) {
        o.method = m;
        const auto r = integrate(f, box, o);
        INFO(to_string(m));
        CHECK(r[0].status == Status::max_evaluations_reached);
        CHECK(!r[0].reason.empty());
        CHECK(r[0].evaluations <= 20000);
    }
    FunctionIntegrand nan_f(1, [](std::span<const double>) { return std::nan(""); });
    o.method = Method::gauss_legendre;
    o.max_evaluations = 100000;
    CHECK(integrate(nan_f, Domain::box({0}, {1}), o)[0].status == Status::not_converged);
    CHECK_THROWS_AS(Domain::cube(2, -1.0), nnft::Error);
    CHECK_THROWS_AS(Domain::cube(2, HUGE_VAL), nnft::Error);
    CHECK_THROWS_AS(integrate(f, Domain::box({0}, {1}), o), nnft::Error);  // dimension mismatch
    CHECK_THROWS_WITH(parse_method("simpson"), Catch::Contains("gauss_legendre, adaptive, lattice_qmc"));
}

TEST_CASE("tensor grids: an axis too long to store gives composite_rule's nodes and weights bit for bit",
          "[numeric][integrators]") {
    // 2 segments x 5000 panels x 8 nodes = 80000 > 2^16 nodes: computed from the index on the fly; 1000 panels:
    // stored. Both must equal composite_rule mapped by the domain.
    const Domain box = Domain::cube(1, 2.0).with_breakpoints_at_zero();
    for (const int panels : {1000, 5000}) {
        const auto rule = composite_rule(box, 0, 8, panels);
        std::vector<double> y(rule.nodes.size()), w(rule.weights);
        box.map(rule.nodes.data(), rule.nodes.size(), y.data(), w.data());
        std::vector<double> gy, gw;
        for_each_tensor_block(box, 8, panels, 4096, [&](const PointBlock& b, const double* wb) {
            gy.insert(gy.end(), b.coords, b.coords + b.count);
            gw.insert(gw.end(), wb, wb + b.count);
        });
        REQUIRE(gy.size() == y.size());
        std::size_t differ = 0;
        for (std::size_t i = 0; i < y.size(); ++i) differ += gy[i] != y[i] || gw[i] != w[i];
        CHECK(differ == 0);
    }
}
