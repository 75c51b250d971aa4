// The sextic coupling κ from connected 6-point data, with the λ0² tree exchange.
//
// Hand count of the tree exchange (two λ0 vertices, 4 legs each, one line between them, 3 external legs
// each): for one channel {abc|def}, the Wick contractions with labelled vertices are 2 (which vertex takes
// abc) × 4·3·2 (abc onto its legs) × 4 (the leg of the other vertex that receives the line) × 3! (def onto
// its remaining legs) = 1152; with (−λ0)²/2! from the exponential the coefficient is +576 λ0², and there are
// C(6,3)/2 = 10 channels.
//
// ReLU (σ_W = 1, σ_b = 0, d_in = 1, positive inputs): K_EFT(x, y) = x y / 2 for y > 0 and 0 for y < 0, so on
// [−Λ, Λ] (closed forms by hand):
//   tree column  = 576 · 10 · Π x_i / 2⁶ · (1/2) (Λ⁵/5)² = 1.8 Π x_i Λ¹⁰,
//   kappa column = −720 Π x_i / 2⁶ · Λ⁷/7 = −(45/28) Π x_i Λ⁷.
// The exact G6_con = (1/N²) Σ_15 κ₃(r², r², r²) Π x_i with r = relu(w), w ~ N(0,1): E r² = 1/2, E r⁴ = 3/2,
// E r⁶ = 15/2, κ₃ = 15/2 − 3·(3/2)(1/2) + 2/8 = 11/2, so G6_con = 82.5 Π x_i / N² (sampler/exact_derivation.md
// gives the cumulant formula). With λ0 = −12.5/(N Λ⁵) (coupling_fit_test.cpp), λ0² tree = 281.25 Π x_i / N²,
// so the tree alone overshoots by 281.25/82.5 and κ = (82.5 − 281.25)/N² / (−(45/28) Λ⁷) = 371/(3 N² Λ⁷).
#include "eft/six_point.hpp"
#include "study/presets.hpp"

#include "common/error.hpp"
#include "symbolic/correlator.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <random>
#include <set>

using namespace nnft::eft;

namespace {

double product_x(const nnft::sampler::InputSet& in, const nnft::numeric::Tuple& t) {
    double p = 1;
    for (int i : t) p *= in.x[static_cast<std::size_t>(i)];
    return p;
}

/// G6 data made from known couplings through the same integrals: G6_con = λ0² tree + κ vertex, G6 = GP +
/// λ0 disconnected + G6_con; `noise` > 0 adds Gaussian noise of that relative size and sets the errors.
G6Data synthetic(const SixPointColumns& c, double lambda0, double kappa, double noise, std::mt19937_64& rng) {
    G6Data d;
    std::normal_distribution<double> n01;
    for (std::size_t t = 0; t < c.tuples.size(); ++t) {
        const auto i = static_cast<Eigen::Index>(t);
        const double con = lambda0 * lambda0 * c.tree(i) + kappa * c.kappa(i);
        const double err = noise * std::abs(con);
        const double noisy = con + err * n01(rng);
        d.connected.insert_or_assign({c.tuples[t], noisy, err});
        d.full.insert_or_assign({c.tuples[t], c.gaussian(i) + lambda0 * c.disconnected(i) + noisy, err});
    }
    return d;
}

}  // namespace

TEST_CASE("the tree exchange comes from the engine with coefficient 576 in 10 channels (hand count)", "[eft][six_point]") {
    nnft::symbolic::CorrelatorRequest r;
    r.theory = nnft::diagrams::parse_theory("lambda0*f^4 + kappa*f^6");
    r.points = 6;
    r.orders = {{{"lambda0", 2}}, {{"kappa", 1}}};
    r.filter.connected = true;
    r.filter.no_self_energy = true;
    const auto c = nnft::symbolic::build_correlator(r);
    std::set<std::set<int>> channels;
    int kappa_terms = 0;
    for (const auto& term : c.terms) {
        const double coef = GiNaC::ex_to<GiNaC::numeric>(term.coefficient).to_double();
        if (term.couplings.count("kappa")) {
            ++kappa_terms;
            CHECK(coef == -720.0);
            continue;
        }
        CHECK(coef == 576.0);
        CHECK(term.diagram.multiplicity == 1152);
        REQUIRE(term.diagram.internal_point_count() == 2);
        // The external labels attached to the first internal point form one side of the channel.
        std::set<int> side;
        const int first = term.diagram.n_external;
        for (const auto& e : term.diagram.edges)
            if ((e.a == first && e.b < first) || (e.b == first && e.a < first))
                side.insert(term.diagram.external_labels[static_cast<std::size_t>(e.a == first ? e.b : e.a)]);
        REQUIRE(side.size() == 3);
        if (!side.count(0)) {  // name the channel by the side holding external point 0
            std::set<int> other;
            for (int k = 0; k < 6; ++k)
                if (!side.count(k)) other.insert(k);
            side = other;
        }
        channels.insert(side);
    }
    CHECK(kappa_terms == 1);
    CHECK(channels.size() == 10);
    CHECK(c.terms.size() == 11);
}

TEST_CASE("ReLU: lowered 6-point columns and the kappa fit match the closed forms", "[eft][six_point]") {
    FitSettings st = nnft::study::paper_fit_settings("relu");
    const double n = static_cast<double>(st.net.width), cut = st.cutoff;
    const SixPointColumns cols = six_point_columns(st, st.test);
    REQUIRE(cols.tuples.size() == 462);
    for (std::size_t t = 0; t < cols.tuples.size(); t += 37) {
        const double px = product_x(st.test, cols.tuples[t]);
        CHECK(cols.tree(static_cast<Eigen::Index>(t)) == Approx(1.8 * px * std::pow(cut, 10)).epsilon(1e-9));
        CHECK(cols.kappa(static_cast<Eigen::Index>(t)) == Approx(-45.0 / 28.0 * px * std::pow(cut, 7)).epsilon(1e-9));
    }
    const CouplingValue l0 = quartic_coupling(st, exact_g4(st.net, st.train));
    CHECK(l0.value == Approx(-12.5 / (n * std::pow(cut, 5))).epsilon(1e-12));
    const SixPointFit fit = fit_six_point(st, l0, exact_g6(st.net, st.train), exact_g6(st.net, st.test));
    REQUIRE(fit.models.size() == 5);
    const SixPointModel& tk = fit.models[3];
    REQUIRE(tk.name == "tree+kappa");
    REQUIRE(tk.problem.empty());
    CHECK(tk.fit.coefficients(0) == Approx(371.0 / (3.0 * n * n * std::pow(cut, 7))).epsilon(1e-9));
    CHECK(tk.test.mape < 1e-8);
    CHECK(fit.models[1].test.mape == Approx(100.0 * (281.25 - 82.5) / 82.5).epsilon(1e-9));  // tree alone
    CHECK_THAT(fit.models[4].problem, Catch::Contains("not determined"));  // tree ∝ κ vertex ∝ Π x_i here
}

namespace {

/// Erf N=5, Λ=100 with 4 train and 4 test inputs (84 distinct 6-tuples each), structures computed once.
struct ErfSmall {
    FitSettings st;
    SixPointColumns train, test;
};

const ErfSmall& erf_small() {
    static const ErfSmall e = [] {
        ErfSmall s;
        s.st = nnft::study::paper_fit_settings("erf");
        s.st.train = nnft::sampler::parse_inputs("0.002;0.005;0.008;0.011", 1);
        s.st.test = nnft::sampler::parse_inputs("0.003;0.006;0.009;0.012", 1);
        s.train = six_point_columns(s.st, s.st.train);
        s.test = six_point_columns(s.st, s.st.test);
        return s;
    }();
    return e;
}

// Couplings of the size the exact Erf N=5 data give at Λ = 100 (λ0 ~ 1e-3), signs chosen freely.
const double kLambda0 = -2.0e-3, kKappa = 3.0e-5;

}  // namespace

TEST_CASE("synthetic G6 from known (lambda0, kappa): exact data are fitted back", "[eft][six_point]") {
    const ErfSmall& e = erf_small();
    std::mt19937_64 rng(7);
    const SixPointFit fit = fit_six_point(e.st, {kLambda0, 0.0}, e.train, synthetic(e.train, kLambda0, kKappa, 0, rng), e.test,
                                          synthetic(e.test, kLambda0, kKappa, 0, rng));
    REQUIRE(fit.models[3].problem.empty());
    CHECK(fit.models[3].fit.coefficients(0) == Approx(kKappa).epsilon(1e-8));
    CHECK(fit.models[3].test.mape < 1e-6);
    CHECK(fit.models[0].test.mape == Approx(100.0));
    REQUIRE(fit.models[4].problem.empty());
    CHECK(fit.models[4].fit.coefficients(0) == Approx(kLambda0 * kLambda0).epsilon(1e-6));
    CHECK(fit.models[4].fit.coefficients(1) == Approx(kKappa).epsilon(1e-6));
}

TEST_CASE("synthetic G6 with noise, weighted fit: the pulls of kappa are standard normal", "[eft][six_point]") {
    ErfSmall e = erf_small();
    e.st.weighted = true;
    std::mt19937_64 rng(11);
    double chi2 = 0;
    const int trials = 20;
    for (int k = 0; k < trials; ++k) {
        const SixPointFit fit = fit_six_point(e.st, {kLambda0, 0.0}, e.train, synthetic(e.train, kLambda0, kKappa, 0.01, rng), e.test,
                                              synthetic(e.test, kLambda0, kKappa, 0.01, rng));
        const double pull = (fit.models[3].fit.coefficients(0) - kKappa) / fit.models[3].kappa_error;
        chi2 += pull * pull;
    }
    // χ² with 20 degrees of freedom: P(χ² > 45.3) = P(χ² < 7.43) = 0.001 (tables).
    CHECK(chi2 < 45.3);
    CHECK(chi2 > 7.43);
}

TEST_CASE("synthetic G6: the error of lambda0 propagates into kappa", "[eft][six_point]") {
    const ErfSmall& e = erf_small();
    std::mt19937_64 rng(3);
    const double dl = 1e-2 * std::abs(kLambda0);
    const SixPointFit fit = fit_six_point(e.st, {kLambda0, dl}, e.train, synthetic(e.train, kLambda0, kKappa, 0, rng), e.test,
                                          synthetic(e.test, kLambda0, kKappa, 0, rng));
    // κ̂ = (b − λ0² t)·a / a·a, so δκ = 2 |λ0| δλ0 |t·a / a·a| (computed here from the columns).
    const double ta = e.train.tree.dot(e.train.kappa), aa = e.train.kappa.squaredNorm();
    CHECK(fit.models[3].kappa_error_lambda0 == Approx(2 * std::abs(kLambda0) * dl * std::abs(ta / aa)).epsilon(1e-8));
    CHECK(fit.models[3].kappa_error >= fit.models[3].kappa_error_lambda0);
}

TEST_CASE("six-point fits refuse data without 6-point tables or tuples", "[eft][six_point]") {
    nnft::sampler::Correlators c;
    c.tables.push_back({"g4_connected", {}});
    CHECK_THROWS_WITH(g6_from_correlators(c), Catch::Contains("--max-n 6"));
    FitSettings st = nnft::study::paper_fit_settings("relu");
    G6Data partial = exact_g6(st.net, st.train);
    const auto& all = partial.connected.entries();
    partial.connected = nnft::sampler::CorrelatorTable({all.begin() + 1, all.end()});
    CHECK_THROWS_WITH(fit_six_point(st, {-1e-10, 0}, partial, partial), Catch::Contains("no G6_con entry"));
    CHECK_THROWS_AS(six_point_predictions(st, {}, exact_g4(st.net, st.train), partial, partial), nnft::Error);
}

