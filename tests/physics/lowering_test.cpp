// Lowered correlators against closed forms (provenance in each test):
// - Gauss-net vertex integrals over R^d are Gaussian integrals: for K_EFT(x, y) = σ_W² exp(−σ_W²|x−y|²/(2d)),
//   ∫ Π_{i=1..n} K(x_i, y) d^d y = σ_W^{2n} (2π d/(n σ_W²))^{d/2} exp(−σ_W²/(2d) [Σ|x_i|² − |Σx_i|²/n]).
// - ReLU with σ_b = 0 is homogeneous of degree 1 in each argument (K(x, Λu) = Λ K(x, u)), so the 4-leg
//   vertex over the box [−Λ, Λ]^d obeys I(Λ; x) = Λ^{d+4} I(1; x) with the inputs x fixed (y = Λu).
// - Two-vertex (fish) diagram for the Gauss net over R: a 2-dimensional Gaussian integral, evaluated here
//   with Eigen from its quadratic form.
#include "numeric/closed_forms.hpp"
#include "numeric/tuples.hpp"
#include "numeric/vertex_integral.hpp"
#include "symbolic/lower.hpp"

#include <Eigen/Dense>
#include <catch2/catch.hpp>

#include <array>
#include <cmath>

using namespace nnft;

namespace {

symbolic::Correlator connected(const std::string& theory, int n, const std::vector<diagrams::CouplingOrders>& orders,
                               bool no_self_energy = false) {
    symbolic::CorrelatorRequest r;
    r.theory = diagrams::parse_theory(theory);
    r.points = n;
    r.orders = orders;
    r.filter.connected = true;
    r.filter.no_self_energy = no_self_energy;
    return symbolic::build_correlator(r);
}

}  // namespace

TEST_CASE("Gauss-net 4-point vertex over R^d matches its closed form", "[physics][lowering]") {
    const auto c = connected("lambda*f^4", 4, {{{"lambda", 1}}});
    REQUIRE(c.terms.size() == 1);
    for (int d = 1; d <= 3; ++d) {
        std::vector<std::vector<double>> rows;
        for (int m = 0; m < 4; ++m) {
            std::vector<double> p(d);
            for (int k = 0; k < d; ++k) p[k] = 0.01 * ((m + 1) * (k % 2 ? -1 : 1) + 0.3 * k);
            rows.push_back(p);
        }
        const auto inputs = numeric::PointSet::from_rows(rows);
        symbolic::LoweringOptions opt;
        opt.kernel.activation = numeric::ActivationKind::gauss;
        opt.kernel.d_in = d;
        opt.kernel.sigma_w = 1.3;
        opt.kernel.sigma_b = 1.0;
        const auto tuples = numeric::sorted_tuples(4, 4);
        const auto lc = symbolic::evaluate_correlator(c, inputs, tuples, opt);
        for (const auto& t : lc.tuples) {
            std::vector<std::vector<double>> legs;
            for (int i : t.indices) legs.push_back(rows[i]);
            const double exact = -24.0 * numeric::gauss_vertex_closed_form(legs, 1.3);
            INFO("d = " << d << ", tuple " << Catch::Detail::stringify(t.indices));
            CHECK(t.terms[0].status == numeric::Status::ok);
            CHECK(std::abs(t.terms[0].value - exact) <= 1e-10 * std::abs(exact));
            CHECK(std::abs(t.terms[0].value - exact) <= t.terms[0].error + 1e-14 * std::abs(exact));
        }
    }
}

TEST_CASE("ReLU (sigma_b = 0) vertex over the box scales as Lambda^(d+4)", "[physics][lowering]") {
    const auto c = connected("lambda*f^4", 4, {{{"lambda", 1}}});
    for (int d = 1; d <= 3; ++d) {
        std::vector<std::vector<double>> rows = {std::vector<double>(d, 0.5), std::vector<double>(d, 1.0)};
        if (d > 1) rows[1][0] = -0.7;
        const auto inputs = numeric::PointSet::from_rows(rows);
        symbolic::LoweringOptions opt;
        opt.kernel.activation = numeric::ActivationKind::relu;
        opt.kernel.d_in = d;
        opt.kernel.sigma_b = 0.0;
        opt.integrator.rel_tol = 1e-10;
        const std::vector<numeric::Tuple> tuples = {{0, 0, 1, 1}, {0, 1, 1, 1}};
        const double lambda = 20.0;
        opt.cutoff = lambda;
        const auto big = symbolic::evaluate_correlator(c, inputs, tuples, opt);
        opt.cutoff = 1.0;
        const auto unit = symbolic::evaluate_correlator(c, inputs, tuples, opt);
        for (std::size_t i = 0; i < tuples.size(); ++i) {
            const double lhs = big.tuples[i].terms[0].value;
            const double rhs = std::pow(lambda, d + 4) * unit.tuples[i].terms[0].value;
            INFO("d = " << d << ", tuple " << i);
            CHECK(lhs != 0.0);
            CHECK(big.tuples[i].terms[0].status == numeric::Status::ok);
            CHECK(std::abs(lhs - rhs) <= 1e-10 * std::abs(lhs));
        }
    }
}

TEST_CASE("two-vertex fish diagram of the Gauss net equals its Gaussian integral", "[physics][lowering]") {
    const auto c = connected("lambda*f^4", 4, {{{"lambda", 2}}}, true);
    REQUIRE(c.terms.size() == 3);
    const std::vector<std::vector<double>> rows = {{0.1}, {-0.2}, {0.3}, {0.05}};
    symbolic::LoweringOptions opt;
    opt.kernel.activation = numeric::ActivationKind::gauss;
    opt.kernel.sigma_b = 1.0;
    opt.integrator.rel_tol = 1e-9;
    const auto lc = symbolic::evaluate_correlator(c, numeric::PointSet::from_rows(rows), {{0, 1, 2, 3}}, opt);
    double total = 0, err = 0;
    for (const auto& v : lc.tuples[0].terms) {
        total += v.value;
        err += v.error;
        CHECK(v.status == numeric::Status::ok);
    }
    // Σ over channels (ab|cd) of 288 ∫∫ K_ay K_by K(y,z)² K_cz K_dz with K = exp(−(u−v)²/2):
    // exponent −½ uᵀ A u + bᵀ u − c0 with u = (y, z), A = [[4, −2], [−2, 4]].
    auto channel = [&](int a, int b, int cc, int dd) {
        Eigen::Matrix2d A;
        A << 4, -2, -2, 4;
        const Eigen::Vector2d bv(rows[a][0] + rows[b][0], rows[cc][0] + rows[dd][0]);
        const double c0 = 0.5 * (rows[a][0] * rows[a][0] + rows[b][0] * rows[b][0] + rows[cc][0] * rows[cc][0] +
                                 rows[dd][0] * rows[dd][0]);
        return 2 * M_PI / std::sqrt(A.determinant()) * std::exp(0.5 * bv.dot(A.inverse() * bv) - c0);
    };
    const double exact = 288.0 * (channel(0, 1, 2, 3) + channel(0, 2, 1, 3) + channel(0, 3, 1, 2));
    CHECK(std::abs(total - exact) <= 1e-8 * exact);
    CHECK(std::abs(total - exact) <= err + 1e-12 * exact);
}

TEST_CASE("a divergent vertex integral is reported, never a silent number", "[physics][lowering]") {
    // Erf: K_EFT tends to a constant as |y| -> infinity, so ∫_{R} Π K diverges.
    const auto c = connected("lambda*f^4", 4, {{{"lambda", 1}}});
    symbolic::LoweringOptions opt;
    opt.kernel.activation = numeric::ActivationKind::erf;
    opt.kernel.sigma_b = 1.0;
    const auto lc = symbolic::evaluate_correlator(c, numeric::PointSet::from_rows({{0.002}, {0.004}}), {{0, 0, 1, 1}}, opt);
    CHECK(lc.tuples[0].terms[0].status == numeric::Status::diverged);
    CHECK_FALSE(lc.tuples[0].terms[0].reason.empty());
}

TEST_CASE("lowered bilocal operator equals the numeric bilocal integral (two implementations)", "[physics][lowering]") {
    // The lowering factorises the λNL component into one-vertex integrals per pairing; numeric's
    // integrate_bilocal computes P_ab P_cd + P_ac P_bd + P_ad P_bc from its own pair integrals.
    const auto c = connected("lambda_nl*f(x)^2*f(y)^2", 4, {{{"lambda_nl", 1}}});
    const std::vector<std::vector<double>> rows = {{0.2}, {0.5}, {0.9}};
    symbolic::LoweringOptions opt;
    opt.kernel.activation = numeric::ActivationKind::erf;
    opt.kernel.sigma_b = 1.0;
    opt.cutoff = 10.0;
    const auto tuples = numeric::sorted_tuples(3, 4);
    const auto lc = symbolic::evaluate_correlator(c, numeric::PointSet::from_rows(rows), tuples, opt);
    numeric::KernelSpec ks = opt.kernel;
    ks.eft = true;
    const numeric::Kernel k(ks);
    const auto points = numeric::PointSet::from_rows(rows);
    const auto direct = numeric::integrate_bilocal(k, points, tuples, numeric::vertex_domain(ks, points, 10.0), opt.integrator);
    for (std::size_t i = 0; i < tuples.size(); ++i) {
        double lowered = 0;
        for (const auto& v : lc.tuples[i].terms) lowered += v.value;
        INFO("tuple " << Catch::Detail::stringify(tuples[i]));
        CHECK(lowered == Approx(-8.0 * direct[i].value).epsilon(1e-11));
    }
}

TEST_CASE("two-vertex leg corrections with a self-loop match their Gaussian integrals", "[physics][lowering]") {
    // Connected λ² G4 = 3 fish diagrams + 4 leg corrections 288 ∫∫ K_az L(z) K_zy Π_{b≠a} K_by, Gauss net
    // σ_W = 1 over R: L(z) = K_EFT(z, z) = 1, so each is a 2-d Gaussian integral (quadratic form below).
    const auto c = connected("lambda*f^4", 4, {{{"lambda", 2}}});
    REQUIRE(c.terms.size() == 7);
    const std::vector<double> x = {0.1, -0.2, 0.3, 0.05};
    symbolic::LoweringOptions opt;
    opt.kernel.activation = numeric::ActivationKind::gauss;
    opt.kernel.sigma_b = 1.0;
    opt.integrator.rel_tol = 1e-9;
    const auto lc = symbolic::evaluate_correlator(c, numeric::PointSet::from_rows({{x[0]}, {x[1]}, {x[2]}, {x[3]}}),
                                                  {{0, 1, 2, 3}}, opt);
    double total = 0, err = 0;
    for (const auto& v : lc.tuples[0].terms) {
        INFO(v.reason);
        CHECK(v.status == numeric::Status::ok);
        total += v.value;
        err += v.error;
    }
    auto gaussian2 = [](const Eigen::Matrix2d& a, const Eigen::Vector2d& b, double c0) {
        return 2 * M_PI / std::sqrt(a.determinant()) * std::exp(0.5 * b.dot(a.inverse() * b) - c0);
    };
    double c0 = 0;
    for (double v : x) c0 += 0.5 * v * v;
    double exact = 0;
    for (const auto& [p, q, r, s] : std::vector<std::array<int, 4>>{{0, 1, 2, 3}, {0, 2, 1, 3}, {0, 3, 1, 2}}) {
        Eigen::Matrix2d a;
        a << 4, -2, -2, 4;  // fish: two legs per vertex, K(y,z)² = exp(−(y−z)²)
        exact += 288.0 * gaussian2(a, Eigen::Vector2d(x[p] + x[q], x[r] + x[s]), c0);
    }
    for (int leg = 0; leg < 4; ++leg) {
        Eigen::Matrix2d a;
        a << 4, -1, -1, 2;  // y: three legs + K_zy; z: K_az + K_zy
        const double others = x[0] + x[1] + x[2] + x[3] - x[leg];
        exact += 288.0 * gaussian2(a, Eigen::Vector2d(others, x[leg]), c0);
    }
    CHECK(std::abs(total - exact) <= 1e-8 * exact);
    CHECK(std::abs(total - exact) <= err + 1e-12 * exact);
}
