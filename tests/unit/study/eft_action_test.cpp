// The quartic vertex rebuilt from exact G4_con on a grid (eft/action) for the paper's networks.
// ReLU (σ_b = 0, d_in = 1): closed forms derived in eft/action_checks.cpp — λ_action = λ0 = −12.5/(NΛ⁵), locality
// residual √(6·36²/(2·540²+6·36²)), and zero residual once the product part −(1/N)Σ_3 K_ab K_cd is removed.
// Gauss-net: E[φ_aφ_bφ_cφ_d] = e⁴ exp(½(Σx)² − Σx²) is not of the form ∫dy v(y) Π exp(−(x_i−y)²/2) (that form
// is exp(−½Σx²) times a function of Σx only), so no local λ can describe its amputation: flagged non-local.
#include "eft/action.hpp"
#include "study/presets.hpp"

#include "common/error.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace nnft::eft;

TEST_CASE("ReLU N=20: the amputated vertex gives the M1 lambda0 and the closed-form non-local part", "[eft][action]") {
    ActionSettings s = nnft::study::paper_action_settings("relu");
    s.grid = 12;
    const ActionResult a = reconstruct_quartic_vertex(s);
    REQUIRE(a.meaningful);
    const double lambda_closed = -12.5 / (20.0 * std::pow(100.0, 5));
    CHECK(a.main.numerical_rank == 2);
    CHECK(a.main.fit.rank == 2);
    CHECK(std::abs(a.lambda_action - lambda_closed) <= 1e-12 * std::abs(lambda_closed));
    CHECK(std::abs(a.lambda0 - lambda_closed) <= 1e-12 * std::abs(lambda_closed));
    CHECK(a.stable);
    CHECK(a.main.fit.residual == Approx(std::sqrt(6.0 * 36.0 * 36.0 / (2.0 * 540.0 * 540.0 + 6.0 * 36.0 * 36.0))).epsilon(1e-9));
    // Without the product part, G4 = (3/N)·E[relu(w)⁴]·Πx = 4.5Πx/N on one sign and 0 on mixed signs: exactly local,
    // with λ = (4.5/3.75)·λ0 = −15/(NΛ⁵).
    CHECK(a.main.without_product.residual < 1e-9);
    CHECK(std::abs(a.main.without_product.lambda - 1.2 * lambda_closed) <= 1e-12 * std::abs(lambda_closed));
    // The coarse grid (2·round(0.375·12) = 10 points) reproduces it: the data are piecewise polynomials integrated exactly.
    CHECK(a.coarse.points == 10);
    CHECK(a.error_grid <= 1e-12 * std::abs(lambda_closed));
}

TEST_CASE("Gauss-net N=1000 on a box: the amputated vertex is flagged non-local", "[eft][action]") {
    ActionSettings s = nnft::study::paper_action_settings("gauss");
    s.cutoff = 1.0;
    s.grid = 16;
    const ActionResult a = reconstruct_quartic_vertex(s);
    REQUIRE(a.meaningful);
    INFO(a.verdict);
    CHECK_FALSE(a.stable);
    CHECK(a.main.fit.residual > 0.5);
    CHECK(a.main.without_product.residual > 0.5);  // the E[φ⁴] part alone is non-local too (see the file comment)
    CHECK(a.verdict.find("no local coupling") != std::string::npos);
}

TEST_CASE("action reconstruction: infinite cutoff, job size and bad input", "[eft][action]") {
    const ActionResult g = reconstruct_quartic_vertex(nnft::study::paper_action_settings("gauss"));
    CHECK_FALSE(g.meaningful);
    CHECK(g.reason.find("continuous spectrum") != std::string::npos);
    CHECK(g.lambda0 < 0.0);  // the M1 fit still runs
    // Erf at Λ = 100: the exact single-neuron quadrature needs ~2·10⁷ nodes per moment: refused with the estimate.
    const ActionSettings erf = nnft::study::paper_action_settings("erf");
    CHECK(estimated_action_work(erf) > erf.max_work);
    CHECK_THROWS_AS(reconstruct_quartic_vertex(erf), nnft::SizeLimitError);
    ActionSettings s = nnft::study::paper_action_settings("relu");
    s.grid = 7;
    CHECK_THROWS_WITH(reconstruct_quartic_vertex(s), Catch::Contains("even"));
    s.grid = 12;
    s.rank = 3;  // beyond the ReLU kernel's rank 2
    CHECK_THROWS_WITH(reconstruct_quartic_vertex(s), Catch::Contains("numerical rank 2"));
    s.rank = 0;
    s.net.d_in = 2;
    CHECK_THROWS_WITH(reconstruct_quartic_vertex(s), Catch::Contains("d_in = 1"));
    // Any activation has a grid kernel now (docs/methods/kernels.md), any zero-mean output law (its variance) and any
    // first-layer law of a one-layer net but the Gauss-net's.
    s = nnft::study::paper_action_settings("gauss");
    s.net.biases = nnft::numeric::ParameterLaw::rademacher(1.0);
    CHECK_THROWS_WITH(reconstruct_quartic_vertex(s), Catch::Contains("use normal laws for --weights and --biases"));
}

