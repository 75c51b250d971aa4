// Parameter laws (numeric/parameter_law.hpp): parsing, and the cumulants each law states checked against
// the moments of its own draw map (the standard normal variate pushed through ParameterLaw::standardised,
// integrated by a fine trapezoidal rule) — two independent routes to the same numbers.
#include "common/error.hpp"
#include "numeric/parameter_law.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <numbers>

using namespace nnft::numeric;

namespace {
// E[t^k] of the standardised draw t = law.standardised(z), z ~ N(0, 1), by the trapezoidal rule on [−12, 12]
// (midpoints, step 1e-3: the integrands are smooth, except Rademacher's jump at 0, which falls between
// two nodes placed symmetrically about it).
double standardised_moment(const ParameterLaw& law, int k) {
    const double h = 1e-3;
    double sum = 0.0;
    for (int i = 0; i < 24000; ++i) {
        const double z = -12.0 + (i + 0.5) * h;
        sum += std::pow(law.standardised(z), k) * std::exp(-0.5 * z * z);
    }
    return sum * h / std::sqrt(2.0 * std::numbers::pi);
}
}  // namespace

TEST_CASE("parameter laws: text round trip and the forms with pi", "[numeric][law]") {
    for (const char* text : {"normal(0,1)", "normal(-0.5,2)", "uniform(-1,3)", "zero", "rademacher(1.5)", "student_t(7,2)"})
        CHECK(parse_law(text).text() == text);
    CHECK(parse_law("uniform(-pi,pi)") == ParameterLaw::uniform(-std::numbers::pi, std::numbers::pi));
    CHECK(parse_law(" uniform( -pi/2 , 2*pi ) ") == ParameterLaw::uniform(-std::numbers::pi / 2, 2 * std::numbers::pi));
    CHECK(parse_law("uniform(0,2pi)").sd() == Approx(2 * std::numbers::pi / std::sqrt(12.0)).epsilon(1e-15));
    CHECK(ParameterLaw() == ParameterLaw::normal(0.0, 1.0));
}

TEST_CASE("parameter laws: bad input names the problem", "[numeric][law]") {
    CHECK_THROWS_WITH(parse_law("uniform(1,0)"), Catch::Contains("a < b"));
    CHECK_THROWS_WITH(parse_law("normal(0,-1)"), Catch::Contains(">= 0"));
    CHECK_THROWS_WITH(parse_law("student_t(2,1)"), Catch::Contains("nu > 2"));
    CHECK_THROWS_WITH(parse_law("normal(0)"), Catch::Contains("takes 2 parameters"));
    CHECK_THROWS_WITH(parse_law("normal(0,x)"), Catch::Contains("'x' of law 'normal(0,x)' is not a number"));
    CHECK_THROWS_WITH(parse_law("cauchy(0,1)"), Catch::Contains("unknown parameter law 'cauchy(0,1)'"));
    CHECK_THROWS_WITH(parse_law("normal(0,1"), Catch::Contains("no closing ')'"));
    CHECK_THROWS_AS(parse_law("uniform(0,inf)"), nnft::Error);
    CHECK_THROWS_AS(parse_law("uniform(0,pi/0)"), nnft::Error);
}

TEST_CASE("parameter laws: stated cumulants equal the moments of the draw map", "[numeric][law]") {
    const ParameterLaw laws[] = {ParameterLaw::normal(0.3, 1.7), ParameterLaw::uniform(-std::numbers::pi, 2.0),
                                 ParameterLaw::rademacher(0.8), ParameterLaw::student_t(11.0, 1.3),
                                 ParameterLaw::student_t(30.0, 0.5)};
    for (const auto& law : laws) {
        INFO(law.text());
        const double s = law.sd();
        const double m2 = standardised_moment(law, 2), m4 = standardised_moment(law, 4), m6 = standardised_moment(law, 6);
        CHECK(standardised_moment(law, 1) == Approx(0.0).margin(1e-9));
        CHECK(m2 == Approx(1.0).epsilon(1e-9));
        CHECK(law.cumulant(1) == law.mean());
        CHECK(law.cumulant(2) == Approx(s * s).epsilon(1e-14));
        CHECK(law.cumulant(3) == 0.0);
        // κ4 = m4 − 3 m2², κ6 = m6 − 15 m4 m2 + 30 m2³ for a zero-mean variable.
        CHECK(law.cumulant(4) == Approx((m4 - 3.0) * std::pow(s, 4)).epsilon(1e-7).margin(1e-9));
        CHECK(law.cumulant(6) == Approx((m6 - 15.0 * m4 + 30.0) * std::pow(s, 6)).epsilon(1e-6).margin(1e-8));
    }
    CHECK(ParameterLaw::student_t(5.0, 1.0).cumulant(6) == std::numeric_limits<double>::infinity());
    CHECK(ParameterLaw::student_t(4.0, 1.0).cumulant(4) == std::numeric_limits<double>::infinity());
    CHECK(ParameterLaw::zero().sd() == 0.0);
    CHECK(ParameterLaw::zero().standardised(0.7) == 0.0);
    CHECK(ParameterLaw::normal(1.0, 2.0).standardised(0.7) == 0.7);  // normal draws are left as they are
}

TEST_CASE("Student-t draws: the interpolated quantile map agrees with Boost's quantile", "[numeric][law]") {
    // Cubic Hermite on a 1/128 grid with exact slopes: check far from and between the grid nodes, in the tails.
    for (double nu : {2.5, 5.0, 20.0, 200.0}) {
        double worst = 0.0;
        for (int i = -4000; i <= 4000; ++i) {
            const double z = i * 0.00917;  // incommensurate with the grid, |z| ≤ 36.7
            const double exact = student_t_quantile_map(nu, z, true);
            if (exact == 0.0) continue;
            worst = std::max(worst, std::abs(student_t_quantile_map(nu, z) / exact - 1.0));
        }
        INFO("nu = " << nu);
        CHECK(worst < 1e-9);
        CHECK(student_t_quantile_map(nu, 0.0) == 0.0);
        CHECK(student_t_quantile_map(nu, -1.3) == -student_t_quantile_map(nu, 1.3));
    }
}

TEST_CASE("Student-t draws: the per-nu tables stay bounded however many nu a process uses", "[numeric][law]") {
    // A long-lived process (Python calling sample with a new nu each time) must not keep one table per nu.
    const double z = 1.7;
    const double first = student_t_quantile_map(3.25, z);
    for (int k = 0; k < 3 * static_cast<int>(kStudentTMaps); ++k) {
        const double nu = 3.5 + 0.37 * k;
        CHECK(student_t_quantile_map(nu, z) == Approx(student_t_quantile_map(nu, z, true)).epsilon(1e-9));
        CHECK(student_t_maps_cached() <= kStudentTMaps);
    }
    CHECK(student_t_maps_cached() == kStudentTMaps);
    // nu = 3.25 was evicted long ago: its table is rebuilt and gives the same value bit for bit.
    CHECK(student_t_quantile_map(3.25, z) == first);
}
