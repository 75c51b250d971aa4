// Coupling fits on exact finite-width data.
// ReLU (σ_W = 1, σ_b = 0, d_in = 1, positive inputs): K(x, y) = x y / 2 for y > 0 and 0 for y < 0, and
// the exact G4_con = (15/4) Π x_i / N (closed form, sampler/exact_derivation.md). The λ0 vertex is
// −24 λ0 ∫_0^Λ Π(x_i y/2) dy = −24 λ0 Π x_i Λ⁵/80, so G4_con is reproduced exactly by
// λ0 = −12.5/(N Λ⁵), while ∫y²ΠK and the bilocal are also ∝ Π x_i: M2 and M3 are degenerate.
#include "eft/coupling_fit.hpp"
#include "study/presets.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace nnft::eft;

TEST_CASE("ReLU: the local quartic coupling reproduces G4_con exactly; M2, M3 are degenerate", "[eft][fit]") {
    FitSettings st = nnft::study::paper_fit_settings("relu");
    const auto fits = fit_couplings(st, exact_g4(st.net, st.train), exact_g4(st.net, st.test));
    REQUIRE(fits.size() == 4);
    CHECK(fits[0].test.mape == Approx(100.0));
    REQUIRE(fits[1].problem.empty());
    const double expected = -12.5 / (static_cast<double>(st.net.width) * std::pow(st.cutoff, 5));
    CHECK(fits[1].fit.coefficients(0) == Approx(expected).epsilon(1e-12));
    CHECK(fits[1].test.mape < 1e-9);
    CHECK_THAT(fits[2].problem, Catch::Contains("not determined"));
    CHECK_THAT(fits[3].problem, Catch::Contains("not determined"));
}

TEST_CASE("Erf: M1 improves on the GP baseline by orders of magnitude, M2 further", "[eft][fit]") {
    FitSettings st = nnft::study::paper_fit_settings("erf");
    st.models = {"M0", "M1", "M2"};
    const auto fits = fit_couplings(st, exact_g4(st.net, st.train), exact_g4(st.net, st.test));
    CHECK(fits[0].test.mape == Approx(100.0));
    CHECK(fits[1].test.mape < 0.1);
    CHECK(fits[2].test.mape < fits[1].test.mape);
    CHECK(fits[1].fit.coefficients(0) < 0);  // G4_con > 0 and ΔG4 = −24 λ ∫ΠK
}
