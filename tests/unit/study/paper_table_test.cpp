// The regenerated coupling table of 2008.08601: the seed's printed values are read back correctly, the
// seed's estimator (G4 − ΣKK) agrees with the cumulant on exact data, fixed couplings are scored like
// fitted ones, and the sampled fits agree with the exact ones within their errors.
#include "study/paper_table.hpp"
#include "study/presets.hpp"

#include "sampler/exact.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace nnft::study;
namespace eft = nnft::eft;

TEST_CASE("the seed's table is read as printed, with the rounding of its digits", "[eft][table]") {
    const auto& t = seed_table();
    REQUIRE(t.size() == 12);
    // seed-talk.txt: "Gauss M_0 (0.0, 0.0, 0.0) (100, 0.019)" and "ReLU M_1 (6.2 × 10^{-11}, 0.0, 0.0)".
    CHECK(t[0].net == "gauss");
    CHECK(t[0].test_mse == 0.019);
    CHECK(t[0].test_mse_rounding == Approx(5e-4));
    CHECK(t[5].couplings[0] == 6.2e-11);
    CHECK(t[5].coupling_rounding[0] == Approx(5e-13));
    CHECK(t[5].coupling_rounding[1] == 0.0);
    CHECK(t[10].couplings[1] == -0.00043);
}

TEST_CASE("the seed's estimator G4 − ΣKK equals the exact G4_con (G2 = K exactly at any width)", "[eft][table]") {
    // docs/physics-setup.md §2: for these networks G2 = K at every N, so on exact data G4 − Σ_3 K K is the
    // connected part. This ties the closed-form kernels (numeric/) to the exact correlators (sampler/).
    for (const std::string net : {"erf", "relu", "gauss"}) {
        const eft::FitSettings st = paper_fit_settings(net);
        nnft::sampler::ExactConfig ec;
        ec.net = st.net;
        ec.inputs = st.test;
        ec.max_n = 4;
        const auto exact = nnft::sampler::exact_correlators(ec);
        const eft::G4Data minus_gp = g4_minus_gp(exact, st.net, st.test);
        const eft::G4Data cumulant = eft::g4_from_correlators(exact);
        REQUIRE(minus_gp.connected.size() == cumulant.connected.size());
        for (const auto& e : cumulant.connected.entries()) {
            INFO(net);
            // Tolerance: the exact quadrature's 1e-10 relative accuracy on G4 ≈ 3K², amplified by the
            // cancellation G4 − 3K² (G4_con/G4 ≳ 1e-4 for these widths).
            CHECK(minus_gp.connected.at(e.indices).value == Approx(e.value).epsilon(1e-5));
        }
    }
}

TEST_CASE("fixed couplings are scored exactly like the fit that produced them", "[eft][table]") {
    eft::FitSettings st = paper_fit_settings("erf");
    st.models = {"M2"};
    const eft::FitDesign design = eft::fit_design(st);
    const eft::G4Data test = eft::exact_g4(st.net, st.test);
    const auto fits = eft::fit_couplings(st, design, eft::exact_g4(st.net, st.train), test);
    REQUIRE(fits[0].problem.empty());
    const auto m = eft::score_couplings(design.test, st.test, test,
                                   {{"lambda0", fits[0].fit.coefficients(0)}, {"lambda2", fits[0].fit.coefficients(1)}});
    CHECK(m.mape == Approx(fits[0].test.mape).epsilon(1e-12));
    CHECK(m.mse == Approx(fits[0].test.mse).epsilon(1e-12));
}

TEST_CASE("exact-data table: ReLU degeneracy and the seed's M1 coupling on exact data", "[eft][table]") {
    PaperTableSettings s;
    s.nets = {"relu"};
    s.sampled = false;
    const PaperTable t = paper_table(s);
    REQUIRE(t.rows.size() == 4);
    CHECK(t.rows[0].exact.test.mape == Approx(100.0));
    // ReLU with σ_b = 0 at d_in = 1 on positive inputs: f(x) = x f(1) for every network, so every operator is
    // ∝ x1x2x3x4 and M2, M3 are degenerate (no least-squares fit can separate λ0, λ2, λNL).
    CHECK(t.rows[1].exact.problem.empty());
    CHECK_FALSE(t.rows[2].exact.problem.empty());
    CHECK_FALSE(t.rows[3].exact.problem.empty());
    CHECK(t.rows[2].explanation.find("Degenerate") != std::string::npos);
    // Because every tuple is ∝ x1x2x3x4, the seed's λ0 = −6.2e-11 (sign flipped) is off the exact value by a
    // single factor on every tuple: MAPE = 100·|1 − 6.2e-11/λ0_exact|, computed here by hand.
    const double l0 = t.rows[1].exact.fit.coefficients(0);
    CHECK(t.rows[1].seed.couplings[0] == -6.2e-11);
    CHECK(t.rows[1].seed_on_exact.mape == Approx(100.0 * std::abs(1.0 - (-6.2e-11) / l0)).epsilon(1e-6));
    // The seed's M2 point (λ0, λ2) lies on the degenerate line: it predicts the exact data as well as its M1 value.
    CHECK(t.rows[2].seed_on_exact.mape < 2.0);
    CHECK(paper_table_markdown(t).find("| M1 | lambda0 |") != std::string::npos);
    CHECK(paper_table_json(t)["rows"].size() == 4);
}

TEST_CASE("sampled fits agree with the exact fit within their replica errors", "[eft][table]") {
    PaperTableSettings s;
    s.nets = {"erf"};
    s.replicas = 4;
    s.networks = 4 * 16384;
    s.threads = 2;
    const PaperTable t = paper_table(s);
    const auto& m1 = t.rows[1];
    REQUIRE(m1.sampled.problem.empty());
    const double exact = m1.exact.fit.coefficients(0);
    INFO("sampled " << m1.sampled.mean[0] << " +- " << m1.sampled.error[0] << ", exact " << exact);
    CHECK(std::abs(m1.sampled.mean[0] - exact) < 5 * m1.sampled.error[0]);
    CHECK(std::abs(m1.sampled_seed_style.mean[0] - exact) < 5 * m1.sampled_seed_style.error[0]);
    // The cumulant cancels the correlated noise of G4 that G4 − ΣKK keeps: its replica scatter is smaller.
    CHECK(m1.sampled.scatter_1e6[0] < m1.sampled_seed_style.scatter_1e6[0]);
}

TEST_CASE("paper table refuses replicas too small for their statistics", "[eft][table]") {
    PaperTableSettings s;
    s.networks = 1000;
    CHECK_THROWS_WITH(paper_table(s), Catch::Contains("raise --networks"));
    s.networks = 1'000'000;
    s.replicas = 1;
    CHECK_THROWS_WITH(paper_table(s), Catch::Contains("--replicas 2 to 200"));
}
