// Order-λ³ correlators of the Gauss net over R^d lowered through the multi-vertex grid contraction, against the
// Gaussian closed form of every diagram (tests/support/gauss_diagram.hpp: exponent = −a × (weighted graph
// Laplacian + legs), integral π^{kd/2} det(aQ)^{−d/2} exp(…)), written from the term's diagram here.
#include "diagrams/topology.hpp"
#include "numeric/tuples.hpp"
#include "symbolic/lower.hpp"
#include "tests/support/gauss_diagram.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace nnft;

namespace {

symbolic::Correlator lambda_cubed(int points, bool no_self_energy, int order = 3) {
    symbolic::CorrelatorRequest r;
    r.theory = diagrams::parse_theory("lambda*f^4");
    r.points = points;
    r.orders = {{{"lambda", order}}};
    r.filter.connected = true;
    r.filter.no_self_energy = no_self_energy;
    return symbolic::build_correlator(r);
}

/// The closed form of one connected term (coefficient included) at one tuple.
double term_closed_form(const symbolic::CorrelatorTerm& term, const numeric::Tuple& tuple,
                        const std::vector<std::vector<double>>& x, double sigma_w) {
    const auto& d = term.diagram;
    const int k = d.internal_point_count();
    REQUIRE(k >= 1);
    testing::GaussDiagram g;
    g.legs.resize(k);
    g.self_lines.assign(k, 0);
    for (const auto& e : d.edges) {
        const bool ea = e.a < d.n_external, eb = e.b < d.n_external;
        REQUIRE_FALSE((ea && eb));  // connected terms with vertices have no external-external line
        if (e.a == e.b) {
            g.self_lines[e.a - d.n_external] += e.multiplicity;
        } else if (ea || eb) {
            const int ext = ea ? e.a : e.b, in = (ea ? e.b : e.a) - d.n_external;
            for (int m = 0; m < e.multiplicity; ++m) g.legs[in].push_back(tuple[d.external_labels[ext]]);
        } else {
            g.lines.push_back({e.a - d.n_external, e.b - d.n_external, e.multiplicity});
        }
    }
    return GiNaC::ex_to<GiNaC::numeric>(term.coefficient).to_double() * testing::gauss_closed_form(g, x, sigma_w);
}

void check_against_closed_forms(const symbolic::Correlator& c, const std::vector<std::vector<double>>& rows,
                                const std::vector<numeric::Tuple>& tuples, double sigma_w, double rel_tol) {
    symbolic::LoweringOptions opt;
    opt.kernel.activation = numeric::ActivationKind::gauss;
    opt.kernel.d_in = static_cast<int>(rows.front().size());
    opt.kernel.sigma_w = sigma_w;
    opt.kernel.sigma_b = 1.0;
    opt.integrator.rel_tol = rel_tol;
    const auto lc = symbolic::evaluate_correlator(c, numeric::PointSet::from_rows(rows), tuples, opt);
    int multi = 0;
    for (const auto& term : c.terms) multi += term.diagram.internal_point_count() >= 3;
    CHECK(multi > 0);
    for (const auto& t : lc.tuples)
        for (std::size_t k = 0; k < c.terms.size(); ++k) {
            const double exact = term_closed_form(c.terms[k], t.indices, rows, sigma_w);
            const auto& v = t.terms[k];
            INFO("term " << k << " (" << c.terms[k].diagram.internal_point_count() << " internal points), tuple "
                         << Catch::Detail::stringify(t.indices) << ": " << v.value << " vs " << exact << "; " << v.reason);
            CHECK(v.status == numeric::Status::ok);
            CHECK(std::abs(v.value - exact) <= 1e-8 * std::abs(exact));
            CHECK(std::abs(v.value - exact) <= v.error + 1e-13 * std::abs(exact));
        }
}

}  // namespace

TEST_CASE("connected lambda^3 G4 of the Gauss net over R (d_in = 1) equals its Gaussian closed forms",
          "[physics][lowering][multi_vertex]") {
    // All connected diagrams: chains, triangles, trees, with self-lines and leg corrections.
    const auto c = lambda_cubed(4, false);
    const std::vector<std::vector<double>> rows = {{0.1}, {-0.2}, {0.3}};
    check_against_closed_forms(c, rows, {{0, 1, 2, 2}, {0, 0, 1, 2}, {1, 1, 1, 1}}, 1.2, 1e-10);
}

TEST_CASE("lambda^3 correlator: the batched evaluation equals its terms evaluated one at a time",
          "[physics][lowering][multi_vertex]") {
    // Each term lowered as a correlator of its own (its own batches, grid levels and checks) must agree with
    // the same term inside the full, batched evaluation, and the by-coupling total must be the sum of terms.
    const auto c = lambda_cubed(2, false);
    const std::vector<std::vector<double>> rows = {{0.3}, {-0.1}};
    const auto inputs = numeric::PointSet::from_rows(rows);
    const auto tuples = numeric::all_tuples(2, 2);
    symbolic::LoweringOptions opt;
    opt.kernel.activation = numeric::ActivationKind::gauss;
    opt.kernel.sigma_b = 1.0;
    opt.integrator.rel_tol = 1e-10;
    const auto all = symbolic::evaluate_correlator(c, inputs, tuples, opt);
    for (std::size_t k = 0; k < c.terms.size(); ++k) {
        symbolic::Correlator one = c;
        one.terms = {c.terms[k]};
        const auto alone = symbolic::evaluate_correlator(one, inputs, tuples, opt);
        for (std::size_t i = 0; i < tuples.size(); ++i) {
            const auto& a = all.tuples[i].terms[k];
            const auto& b = alone.tuples[i].terms[0];
            INFO("term " << k << ", tuple " << i);
            CHECK(b.status == numeric::Status::ok);
            CHECK(std::abs(a.value - b.value) <= a.error + b.error + 1e-14 * std::abs(a.value));
        }
    }
    for (const auto& t : all.tuples) {
        const auto by = symbolic::values_by_coupling(c, t);
        REQUIRE(by.size() == 1);
        double sum = 0;
        for (const auto& v : t.terms) sum += v.value;
        CHECK(by[0].second.value == Approx(sum).epsilon(1e-15));
        CHECK(by[0].second.status == numeric::Status::ok);
    }
}

TEST_CASE("connected lambda^2 G4 of the Gauss net over R^3 on QMC lattices equals its closed forms within 4 errors",
          "[physics][lowering][qmc]") {
    // d_in = 3: the fish pieces run on independently shifted rank-1 lattices (GridChoice::automatic picks them),
    // value = mean over 16 shifts, error = standard error, confirmed by the alternate lattice family.
    const auto c = lambda_cubed(4, true, 2);
    const std::vector<std::vector<double>> rows = {{0.1, 0.0, 0.2}, {-0.2, 0.1, 0.0}, {0.3, -0.1, 0.1}, {0.05, 0.2, -0.1}};
    symbolic::LoweringOptions opt;
    opt.kernel.activation = numeric::ActivationKind::gauss;
    opt.kernel.d_in = 3;
    opt.kernel.sigma_w = 1.1;
    opt.kernel.sigma_b = 1.0;
    opt.qmc_rel_tol = 3e-3;
    REQUIRE(symbolic::uses_lattice_grids(opt));
    const auto lc = symbolic::evaluate_correlator(c, numeric::PointSet::from_rows(rows), {{0, 1, 2, 3}, {0, 0, 1, 2}}, opt);
    for (const auto& t : lc.tuples)
        for (std::size_t k = 0; k < c.terms.size(); ++k) {
            const double exact = term_closed_form(c.terms[k], t.indices, rows, 1.1);
            const auto& v = t.terms[k];
            INFO("term " << k << ", tuple " << Catch::Detail::stringify(t.indices) << ": " << v.value << " +- " << v.error
                         << " vs " << exact << "; " << v.reason);
            CHECK(v.status == numeric::Status::ok);
            CHECK(v.error > 0);
            CHECK(v.error <= 3e-3 * std::abs(v.value));
            CHECK(std::abs(v.value - exact) <= 4 * v.error);
        }
}
