// Two- and multi-vertex contractions on shifted rank-1 lattices (numeric/lattice_contraction) against the closed
// form of Gauss-net diagrams over R^d (a Gaussian integral; derivation in tests/support/gauss_diagram.hpp), at
// d_in = 3 and 4 where tensor grids are unaffordable. The error bars are standard errors over random shifts, so
// the checks are statistical: 4 reported errors per value, and pulls over several seeds of O(1) spread.
#include "numeric/lattice_contraction.hpp"
#include "numeric/vertex_integral.hpp"

#include "common/error.hpp"
#include "tests/support/gauss_diagram.hpp"

#include <Eigen/Dense>
#include <catch2/catch.hpp>

#include <cmath>

using namespace nnft;
using namespace nnft::numeric;
using nnft::testing::GaussDiagram;
using nnft::testing::gauss_closed_form;

namespace {

constexpr double kSigmaW = 1.2;

KernelSpec gauss_spec(int d) {
    KernelSpec spec;
    spec.activation = ActivationKind::gauss;
    spec.d_in = d;
    spec.sigma_w = kSigmaW;
    spec.sigma_b = 1.0;
    spec.eft = true;
    return spec;
}

/// Four fixed inputs in d dimensions (no symmetry among them).
std::vector<std::vector<double>> inputs_in(int d) {
    const double base[4][4] = {{0.2, 0.1, -0.3, 0.4}, {0.5, -0.2, 0.1, 0.0}, {-0.4, 0.3, 0.2, -0.1}, {0.1, 0.6, -0.1, 0.3}};
    std::vector<std::vector<double>> x(4);
    for (int i = 0; i < 4; ++i) x[i].assign(base[i], base[i] + d);
    return x;
}

/// The Gauss net at d_in = d with the four inputs over R^d.
struct Setup {
    KernelSpec spec;
    Kernel kernel;
    std::vector<std::vector<double>> x;
    PointSet inputs;
    Domain domain;
    explicit Setup(int d)
        : spec(gauss_spec(d)), kernel(spec), x(inputs_in(d)), inputs(PointSet::from_rows(x)),
          domain(vertex_domain(spec, inputs, kInfiniteCutoff)) {}
};

/// Closed form of the two-vertex diagram with legs s at y, t at z and `power` lines between them.
double two_vertex_exact(const Tuple& s, const Tuple& t, int power, const std::vector<std::vector<double>>& x) {
    GaussDiagram g{{std::vector<int>(s.begin(), s.end()), std::vector<int>(t.begin(), t.end())}, {0, 0}, {{0, 1, power}}};
    return gauss_closed_form(g, x, kSigmaW);
}

/// The 3-point chain y0 - y1 - y2 with legs {0} at y0, {1} at y1 and the tuples of `right` at y2.
const std::vector<std::vector<Tuple>> kChainLegs = {{{0}}, {{1}}, {{2, 3}, {0, 3}}};
const std::vector<VertexLine> kChainLines = {{0, 1, 1}, {1, 2, 1}};

double chain_exact(const Tuple& last, const std::vector<std::vector<double>>& x) {
    GaussDiagram g{{{0}, {1}, std::vector<int>(last.begin(), last.end())}, {0, 0, 0}, {{0, 1, 1}, {1, 2, 1}}};
    return gauss_closed_form(g, x, kSigmaW);
}

std::vector<VertexPoint> chain_points() {
    std::vector<VertexPoint> p(3);
    for (std::size_t a = 0; a < 3; ++a) p[a].legs = kChainLegs[a];
    return p;
}

}  // namespace

TEST_CASE("two-vertex fish and exchange on lattice grids match the Gauss closed form at d_in = 3, 4",
          "[numeric][lattice_contraction]") {
    for (int d : {3, 4})
        for (int power : {1, 2}) {
            const Setup st(d);
            const auto& x = st.x;
            const std::vector<Tuple> left{{0, 1}, {0, 2}}, right{{2, 3}, {1, 3}};
            IntegratorOptions o;
            o.rel_tol = 1e-2;
            o.qmc_min_points = 257;
            const auto cc = cross_check_two_vertex_lattice(st.kernel, st.inputs, left, right, power, st.domain, o);
            INFO("d_in " << d << ", power " << power << ": " << cc.first.reason << " / " << cc.second.reason);
            CHECK(cc.first.status == Status::ok);
            CHECK(cc.second.status == Status::ok);
            CHECK(cc.all_agree());
            CHECK(cc.second_method == Method::lattice_qmc);
            for (Eigen::Index i = 0; i < 2; ++i)
                for (Eigen::Index j = 0; j < 2; ++j) {
                    const double exact = two_vertex_exact(left[static_cast<std::size_t>(i)], right[static_cast<std::size_t>(j)], power, x);
                    for (const auto* r : {&cc.first, &cc.second}) {
                        INFO(r->value(i, j) << " +- " << r->error(i, j) << " vs " << exact);
                        CHECK(r->error(i, j) > 0);
                        CHECK(r->error(i, j) <= 1e-2 * std::abs(r->value(i, j)));
                        CHECK(std::abs(r->value(i, j) - exact) <= 4 * r->error(i, j));
                    }
                }
        }
}

TEST_CASE("lattice two-vertex and chain errors are honest: pulls over seeds are O(1)", "[numeric][lattice_contraction]") {
    // One lattice level (rel_tol 0.9 stops after it) at 8 seeds: pull = (value − exact) / standard error. With 16
    // shifts a pull is Student-t with 15 degrees of freedom (variance 15/13); entries of one seed share shifts.
    const Setup st(3);
    const auto& [spec, kernel, x, inputs, domain] = st;
    const std::vector<Tuple> left{{0, 1}, {0, 2}}, right{{2, 3}, {1, 3}};
    std::vector<double> pulls;
    for (std::uint64_t seed = 1; seed <= 8; ++seed) {
        IntegratorOptions o;
        o.rel_tol = 0.9;
        o.qmc_min_points = 127;
        o.seed = seed;
        for (auto family : {LatticeFamily::primary, LatticeFamily::alternate}) {
            const auto fish = integrate_two_vertex_lattice(kernel, inputs, left, right, 2, domain, o, family);
            for (Eigen::Index i = 0; i < 2; ++i)
                for (Eigen::Index j = 0; j < 2; ++j)
                    pulls.push_back((fish.value(i, j) -
                                     two_vertex_exact(left[static_cast<std::size_t>(i)], right[static_cast<std::size_t>(j)], 2, x)) /
                                    fish.error(i, j));
            const auto chain = integrate_multi_vertex_lattice(kernel, inputs, chain_points(), kChainLines, domain, o, family);
            for (Eigen::Index e = 0; e < 2; ++e)
                pulls.push_back((chain.value(e) - chain_exact(kChainLegs[2][static_cast<std::size_t>(e)], x)) / chain.error(e));
        }
    }
    double max_abs = 0, sum2 = 0;
    for (double p : pulls) {
        max_abs = std::max(max_abs, std::abs(p));
        sum2 += p * p;
    }
    const double rms = std::sqrt(sum2 / static_cast<double>(pulls.size()));
    INFO(pulls.size() << " pulls: rms " << rms << ", max |pull| " << max_abs);
    CHECK(max_abs < 5.0);
    // Errors neither too small (rms ≫ 1) nor grossly inflated (rms ≪ 1).
    CHECK(rms > 0.4);
    CHECK(rms < 2.0);
}

TEST_CASE("3-point chain on lattice grids matches the Gauss closed form at d_in = 3", "[numeric][lattice_contraction]") {
    const Setup st(3);
    const auto& x = st.x;
    IntegratorOptions o;
    o.rel_tol = 1e-2;
    o.qmc_min_points = 257;
    const auto cc = cross_check_multi_vertex_lattice(st.kernel, st.inputs, chain_points(), kChainLines, st.domain, o);
    INFO(cc.first.reason << " (" << cc.first.nodes << " points) / " << cc.second.reason << " (" << cc.second.nodes << ")");
    CHECK(cc.first.status == Status::ok);
    CHECK(cc.second.status == Status::ok);
    CHECK(cc.all_agree());
    CHECK(cc.first.nodes != cc.second.nodes);  // the two families share no lattice
    for (Eigen::Index e = 0; e < 2; ++e) {
        const double exact = chain_exact(kChainLegs[2][static_cast<std::size_t>(e)], x);
        for (const auto* r : {&cc.first, &cc.second}) {
            INFO(r->value(e) << " +- " << r->error(e) << " vs " << exact);
            CHECK(r->error(e) > 0);
            CHECK(std::abs(r->value(e) - exact) <= 4 * r->error(e));
        }
    }
}

TEST_CASE("lattice contraction refuses oversized first levels and bad options", "[numeric][lattice_contraction]") {
    const Setup st(3);
    const auto& [spec, kernel, x, inputs, domain] = st;
    IntegratorOptions o;
    o.qmc_min_points = 100000;  // 16 × 1e10 kernel evaluations, a 1e10-entry kernel matrix
    CHECK_THROWS_WITH(integrate_two_vertex_lattice(kernel, inputs, {{0}}, {{1}}, 1, domain, o, LatticeFamily::primary),
                      Catch::Contains("--max-evaluations"));
    CHECK_THROWS_AS(integrate_multi_vertex_lattice(kernel, inputs, chain_points(), kChainLines, domain, o,
                                                   LatticeFamily::alternate),
                    Error);
    o.qmc_min_points = 127;
    o.qmc_shifts = 1;
    CHECK_THROWS_WITH(integrate_two_vertex_lattice(kernel, inputs, {{0}}, {{1}}, 1, domain, o, LatticeFamily::primary),
                      Catch::Contains("qmc_shifts"));
    CHECK(lattice_level_size(IntegratorOptions{}, LatticeFamily::primary, 1) == 2039);
    CHECK(lattice_level_size(IntegratorOptions{}, LatticeFamily::alternate, 0) == 1531);
}
