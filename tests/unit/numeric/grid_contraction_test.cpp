// Two-vertex contraction on quadrature grids against a closed-form Gaussian double integral and against
// products of one-vertex integrals.
#include <catch2/catch.hpp>

#include <cmath>
#include <numbers>

#include "common/error.hpp"
#include "numeric/grid_contraction.hpp"
#include "numeric/two_vertex_check.hpp"
#include "numeric/vertex_integral.hpp"

using namespace nnft::numeric;

namespace {

// Gauss-net, d = 1, K_EFT(u, v) = σ² exp(−α (u − v)²), α = σ²/2. The double integral
// ∫∫ Π_{i∈s} K(x_i, y) K(y, z)^p Π_{j∈t} K(x_j, z) dy dz = σ^{2(|s|+|t|+p)} ∫ exp(−½ vᵀAv + bᵀv + c) d²v with
// A = 2α [[|s|+p, −p], [−p, |t|+p]], b = 2α (Σ_s x, Σ_t x), c = −α (Σ_s x² + Σ_t x²), which equals
// σ^{…} 2π / sqrt(det A) exp(½ bᵀ A⁻¹ b + c) (the standard Gaussian integral; derived here).
double exact_exchange(const PointSet& x, const Tuple& s, const Tuple& t, int p, double sigma, bool y2 = false,
                      bool z2 = false) {
    const double al = sigma * sigma / 2.0;
    double sx = 0, sx2 = 0, tx = 0, tx2 = 0;
    for (int i : s) sx += x.at(static_cast<std::size_t>(i), 0), sx2 += std::pow(x.at(static_cast<std::size_t>(i), 0), 2);
    for (int j : t) tx += x.at(static_cast<std::size_t>(j), 0), tx2 += std::pow(x.at(static_cast<std::size_t>(j), 0), 2);
    Eigen::Matrix2d a;
    a << 2 * al * (static_cast<double>(s.size()) + p), -2 * al * p, -2 * al * p, 2 * al * (static_cast<double>(t.size()) + p);
    const Eigen::Vector2d b(2 * al * sx, 2 * al * tx);
    const double c = -al * (sx2 + tx2);
    const double pref = std::pow(sigma, 2.0 * (static_cast<double>(s.size() + t.size()) + p));
    const double z = pref * 2.0 * std::numbers::pi / std::sqrt(a.determinant()) * std::exp(0.5 * b.dot(a.inverse() * b) + c);
    // Position weights: moments of the normal N(μ = A⁻¹b, Σ = A⁻¹); E[y²z²] by Isserlis' theorem.
    const Eigen::Matrix2d cov = a.inverse();
    const Eigen::Vector2d mu = cov * b;
    const double my2 = mu(0) * mu(0) + cov(0, 0), mz2 = mu(1) * mu(1) + cov(1, 1);
    if (y2 && z2) return z * (my2 * mz2 + 2.0 * cov(0, 1) * cov(0, 1) + 4.0 * mu(0) * mu(1) * cov(0, 1));
    if (y2) return z * my2;
    if (z2) return z * mz2;
    return z;
}

}  // namespace

TEST_CASE("two-vertex exchange on a grid matches the Gaussian closed form", "[numeric][grid]") {
    const double sigma = 1.0;
    const KernelSpec spec{ActivationKind::gauss, 1, sigma, 1.0, 1, true};
    const Kernel k(spec);
    const auto x = PointSet::from_rows({{0.2}, {0.4}, {0.6}, {0.8}, {1.0}, {1.2}});
    const std::vector<Tuple> left{{0, 1}, {2, 5}, {3, 3}}, right{{0, 4}, {1, 2}};
    IntegratorOptions o;
    o.rel_tol = 1e-11;
    for (int p : {1, 2}) {
        const auto r = integrate_two_vertex(k, x, left, right, p, vertex_domain(spec, x, kInfiniteCutoff), o);
        CHECK(r.status == Status::ok);
        for (std::size_t i = 0; i < left.size(); ++i)
            for (std::size_t j = 0; j < right.size(); ++j) {
                const double exact = exact_exchange(x, left[i], right[j], p, sigma);
                const auto ii = static_cast<Eigen::Index>(i), jj = static_cast<Eigen::Index>(j);
                INFO("p = " << p << " value " << r.value(ii, jj) << " exact " << exact);
                CHECK(std::abs(r.value(ii, jj) - exact) <= 1e-10 * exact);
                CHECK(std::abs(r.value(ii, jj) - exact) <= r.error(ii, jj) + 1e-14 * exact);
            }
    }
}

TEST_CASE("two-vertex integrals with vertex weights match the Gaussian moment closed forms", "[numeric][grid]") {
    const double sigma = 1.3;
    const KernelSpec spec{ActivationKind::gauss, 1, sigma, 1.0, 1, true};
    const Kernel k(spec);
    const auto x = PointSet::from_rows({{0.2}, {0.4}, {0.6}, {0.8}, {1.0}, {1.2}});
    const std::vector<Tuple> left{{0, 1}, {2, 5}, {3, 3}}, right{{0, 4}, {1, 2}};
    const auto domain = vertex_domain(spec, x, kInfiniteCutoff);
    IntegratorOptions o;
    o.rel_tol = 1e-11;
    auto check = [&](const TwoVertexResult& r, int p, bool y2, bool z2, double factor) {
        CHECK(r.status == Status::ok);
        for (std::size_t i = 0; i < left.size(); ++i)
            for (std::size_t j = 0; j < right.size(); ++j) {
                const double exact = factor * exact_exchange(x, left[i], right[j], p, sigma, y2, z2);
                const auto ii = static_cast<Eigen::Index>(i), jj = static_cast<Eigen::Index>(j);
                INFO("p = " << p << " y2 " << y2 << " z2 " << z2 << " value " << r.value(ii, jj) << " exact " << exact);
                CHECK(std::abs(r.value(ii, jj) - exact) <= 1e-10 * std::abs(exact));
                CHECK(std::abs(r.value(ii, jj) - exact) <= r.error(ii, jj) + 1e-13 * std::abs(exact));
            }
    };
    for (int p : {1, 2}) {
        check(integrate_two_vertex(k, x, left, right, p, domain, o, weight_norm_squared()), p, true, false, 1.0);
        check(integrate_two_vertex(k, x, left, right, p, domain, o, {}, weight_norm_squared()), p, false, true, 1.0);
        check(integrate_two_vertex(k, x, left, right, p, domain, o, weight_norm_squared(), weight_norm_squared()), p,
              true, true, 1.0);
        // Self-loops: for the Gauss net's K_EFT, L(y) = K(y, y) = σ_W² is constant, so L(y)¹ L(z)² gives σ_W⁶.
        check(integrate_two_vertex(k, x, left, right, p, domain, o, weight_kernel_diagonal_power(k, 1),
                                   weight_kernel_diagonal_power(k, 2)),
              p, false, false, std::pow(sigma, 6));
    }
}

TEST_CASE("power 0 contraction factorises into one-vertex integrals", "[numeric][grid]") {
    const KernelSpec spec{ActivationKind::relu, 2, 1.0, 0.0, 1, true};
    const Kernel k(spec);
    const auto x = PointSet::from_rows({{0.5, 0.5}, {1, 0.5}, {0.5, 1}, {1, 1}});
    const auto domain = vertex_domain(spec, x, 2.0);
    const auto g = tensor_grid(domain, 6, 2);
    const std::vector<Tuple> legs{{0, 1}, {2, 3}};
    const Eigen::MatrixXd a = leg_products(k, x, legs, g);
    const Eigen::MatrixXd m = hadamard_power(k.matrix(g.nodes, g.nodes), 0);
    const Eigen::MatrixXd v = weighted_contraction(a, g, m, g, a);
    const Eigen::VectorXd one = a * g.weights;  // ∫ K K on the same grid
    CHECK(std::abs(v(0, 1) - one(0) * one(1)) <= 1e-12 * std::abs(v(0, 1)));
    CHECK(std::abs(weighted_contraction(Eigen::VectorXd(a.row(0)), g, m, g, Eigen::VectorXd(a.row(1))) - v(0, 1)) <=
          1e-12 * std::abs(v(0, 1)));
}

TEST_CASE("two-vertex integrals over R^d that diverge are reported", "[numeric][grid]") {
    const KernelSpec spec{ActivationKind::erf, 1, 1.0, 1.0, 1, true};
    const Kernel k(spec);
    const auto x = PointSet::from_rows({{0.2}, {0.4}, {0.6}});
    const auto r = integrate_two_vertex(k, x, {{0, 1}}, {{1, 2}}, 2, vertex_domain(spec, x, kInfiniteCutoff), {});
    CHECK(r.status == Status::diverged);
    CHECK(std::isnan(r.value(0, 0)));
}

TEST_CASE("two-vertex exchange on lattice grids (QMC) matches the closed form within its spread", "[numeric][grid][qmc]") {
    // Five independently shifted lattice grids (seeds 1..5): mean ± standard error vs the closed form, 4 sigma.
    const KernelSpec spec{ActivationKind::gauss, 1, 1.0, 1.0, 1, true};
    const Kernel k(spec);
    const auto x = PointSet::from_rows({{0.2}, {0.4}, {0.6}, {0.8}, {1.0}, {1.2}});
    const std::vector<Tuple> left{{0, 1}}, right{{2, 5}};
    const auto domain = vertex_domain(spec, x, kInfiniteCutoff);
    std::vector<double> v;
    for (std::uint64_t seed = 1; seed <= 5; ++seed) {
        const auto g = lattice_grid(domain, 1000, seed);
        const Eigen::MatrixXd m = hadamard_power(k.matrix(g.nodes, g.nodes), 2);
        v.push_back(weighted_contraction(leg_products(k, x, left, g), g, m, g, leg_products(k, x, right, g))(0, 0));
    }
    double mean = 0, var = 0;
    for (double a : v) mean += a / 5.0;
    for (double a : v) var += (a - mean) * (a - mean) / 4.0;
    const double exact = exact_exchange(x, left[0], right[0], 2, 1.0);
    INFO("mean " << mean << " ± " << std::sqrt(var / 5.0) << " exact " << exact);
    CHECK(std::abs(mean - exact) <= 4.0 * std::sqrt(var / 5.0) + 1e-12 * exact);
    CHECK(std::abs(mean - exact) <= 1e-4 * exact);
}

TEST_CASE("two-vertex second rule: the direct 2d-dimensional integral confirms the grid contraction",
          "[numeric][grid][cross_check]") {
    const double sigma = 1.3;
    const KernelSpec spec{ActivationKind::gauss, 1, sigma, 1.0, 1, true};
    const Kernel k(spec);
    const auto x = PointSet::from_rows({{0.2}, {0.4}, {0.6}, {0.8}, {1.0}, {1.2}});
    const std::vector<Tuple> left{{0, 1}, {2, 5}, {3, 3}}, right{{0, 4}, {1, 2}};
    const auto domain = vertex_domain(spec, x, kInfiniteCutoff);
    IntegratorOptions first, second;
    first.rel_tol = 1e-11;
    second.method = Method::adaptive;
    second.rel_tol = 1e-9;
    for (int p : {1, 2}) {
        const auto cc = cross_check_two_vertex(k, x, left, right, p, domain, first, second, weight_norm_squared(), {});
        INFO("p = " << p << " second: " << cc.second.reason);
        CHECK(cc.second_method == Method::adaptive);
        CHECK(cc.second.status == Status::ok);
        CHECK(cc.all_agree());
        for (std::size_t i = 0; i < left.size(); ++i)
            for (std::size_t j = 0; j < right.size(); ++j) {
                const double exact = exact_exchange(x, left[i], right[j], p, sigma, true, false);
                const auto ii = static_cast<Eigen::Index>(i), jj = static_cast<Eigen::Index>(j);
                CHECK(std::abs(cc.second.value(ii, jj) - exact) <= 1e-8 * std::abs(exact));
                CHECK(std::abs(cc.second.value(ii, jj) - exact) <= 3.0 * cc.second.error(ii, jj) + 1e-13 * std::abs(exact));
            }
    }
}

TEST_CASE("two-vertex second rule by lattice QMC agrees with the grid contraction and the closed form",
          "[numeric][grid][cross_check][qmc]") {
    const KernelSpec spec{ActivationKind::gauss, 1, 1.0, 1.0, 1, true};
    const Kernel k(spec);
    const auto x = PointSet::from_rows({{0.2}, {0.4}, {0.6}, {0.8}, {1.0}, {1.2}});
    const auto domain = vertex_domain(spec, x, kInfiniteCutoff);
    const std::vector<Tuple> left{{0, 1}, {2, 3}}, right{{0, 2}, {1, 5}};
    IntegratorOptions first, second;
    first.rel_tol = 1e-10;
    second.method = Method::lattice_qmc;
    second.rel_tol = 1e-6;
    second.max_evaluations = 20'000'000;
    const auto cc = cross_check_two_vertex(k, x, left, right, 2, domain, first, second, {}, weight_norm_squared());
    INFO("first: " << cc.first.reason << " second: " << cc.second.reason);
    CHECK(cc.first.status == Status::ok);
    CHECK(cc.second.status == Status::ok);
    CHECK(cc.second_method == Method::lattice_qmc);
    CHECK(cc.all_agree());
    for (std::size_t i = 0; i < left.size(); ++i)
        for (std::size_t j = 0; j < right.size(); ++j) {
            const double exact = exact_exchange(x, left[i], right[j], 2, 1.0, false, true);
            const auto ii = static_cast<Eigen::Index>(i), jj = static_cast<Eigen::Index>(j);
            CHECK(std::abs(cc.second.value(ii, jj) - exact) <= 4.0 * cc.second.error(ii, jj) + 1e-13 * exact);
            CHECK(std::abs(cc.second.value(ii, jj) - exact) <= 1e-5 * exact);
        }
}

TEST_CASE("two-vertex second rule reports divergence and disagreement instead of agreeing", "[numeric][grid][cross_check]") {
    const KernelSpec erf{ActivationKind::erf, 1, 1.0, 1.0, 1, true};
    const Kernel ke(erf);
    const auto x = PointSet::from_rows({{0.2}, {0.4}, {0.6}});
    IntegratorOptions o;
    o.method = Method::adaptive;
    const auto div = cross_check_two_vertex(ke, x, {{0, 1}}, {{1, 2}}, 2, vertex_domain(erf, x, kInfiniteCutoff), o, o);
    CHECK(div.first.status == Status::diverged);
    CHECK(div.second.status == Status::diverged);
    CHECK(std::isnan(div.second.value(0, 0)));
    CHECK(!div.all_agree());
    // A first rule starved of budget is not confirmed.
    const KernelSpec gauss{ActivationKind::gauss, 1, 1.0, 1.0, 1, true};
    const Kernel kg(gauss);
    IntegratorOptions starved;
    starved.max_evaluations = 1000;
    const auto cc = cross_check_two_vertex(kg, x, {{0, 1}}, {{1, 2}}, 1, vertex_domain(gauss, x, kInfiniteCutoff), starved, o);
    CHECK(cc.first.status == Status::max_evaluations_reached);
    CHECK(!cc.all_agree());
    CHECK_THROWS_AS(cross_check_two_vertex(kg, x, {{0, 7}}, {{1}}, 1, vertex_domain(gauss, x, 1.0), o, o), nnft::Error);
    CHECK_THROWS_AS(integrate_two_vertex_direct(kg, x, {{0}}, {{1}}, -1, vertex_domain(gauss, x, 1.0), o), nnft::Error);
}

TEST_CASE("blocked two-vertex contraction equals the whole-matrix contraction and beats between blocks", "[numeric][grid]") {
    // Reference: the kernel matrix formed whole (Kernel::matrix, hadamard_power) and contracted by Eigen
    // products (weighted_contraction) — an independent summation order, so agreement is to rounding only.
    const KernelSpec spec{ActivationKind::gauss, 2, 1.0, 1.0, 1, true};
    const Kernel k(spec);
    const auto x = PointSet::from_rows({{0.1, 0.2}, {0.3, -0.1}, {0.5, 0.4}});
    const auto g = tensor_grid(vertex_domain(spec, x, 3.0), 10, 2);
    const long long n = static_cast<long long>(g.nodes.size());
    REQUIRE(n > 3 * 256);  // several row blocks of 256
    const std::vector<Tuple> left{{0, 1}, {1, 2}}, right{{0, 2}, {2, 2}, {0, 0}};
    for (int power : {0, 1, 2}) {
        const Eigen::MatrixXd whole = weighted_contraction(leg_products(k, x, left, g), g,
                                                           hadamard_power(k.matrix(g.nodes, g.nodes), power), g,
                                                           leg_products(k, x, right, g));
        long long evaluations = 0;
        int beats = 0;
        const Eigen::MatrixXd blocked = detail::two_vertex_on_grids(k, x, left, right, power, g, g, {}, {}, evaluations,
                                                                    [&beats] { ++beats; });
        CHECK(beats == (n + 255) / 256 - 1);  // between blocks
        CHECK(evaluations == n * n + n * 3);
        REQUIRE(blocked.rows() == 2);
        REQUIRE(blocked.cols() == 3);
        for (Eigen::Index i = 0; i < 2; ++i)
            for (Eigen::Index j = 0; j < 3; ++j) CHECK(std::abs(blocked(i, j) - whole(i, j)) <= 1e-13 * std::abs(whole(i, j)));
    }
}

TEST_CASE("a throwing heartbeat leaves every integrator, and a silent one changes nothing", "[numeric][grid]") {
    // The heartbeat is how a caller stops a long integration (Ctrl-C in the Python module): it must be called
    // during the run and an exception from it must propagate out; a heartbeat that returns must not change a bit.
    const KernelSpec spec{ActivationKind::gauss, 1, 1.0, 1.0, 1, true};
    const Kernel k(spec);
    const auto x = PointSet::from_rows({{0.2}, {0.4}, {0.6}});
    const auto domain = vertex_domain(spec, x, kInfiniteCutoff);
    struct Stop {};
    for (Method m : {Method::gauss_legendre, Method::adaptive, Method::lattice_qmc}) {
        IntegratorOptions quiet;
        quiet.method = m;
        quiet.rel_tol = 1e-12;
        IntegratorOptions counted = quiet;
        int beats = 0;
        counted.heartbeat = [&beats] { ++beats; };
        const auto a = integrate_vertex(k, x, {{0, 1, 2, 2}}, domain, quiet);
        const auto b = integrate_vertex(k, x, {{0, 1, 2, 2}}, domain, counted);
        CHECK(beats > 0);
        CHECK(a[0].value == b[0].value);
        CHECK(a[0].error == b[0].error);
        IntegratorOptions stopping = quiet;
        stopping.heartbeat = [] { throw Stop{}; };
        CHECK_THROWS_AS(integrate_vertex(k, x, {{0, 1, 2, 2}}, domain, stopping), Stop);
    }
    IntegratorOptions stopping;
    stopping.heartbeat = [] { throw Stop{}; };
    CHECK_THROWS_AS(integrate_two_vertex(k, x, {{0, 1}}, {{1, 2}}, 2, domain, stopping), Stop);
}
