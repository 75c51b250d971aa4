// Power-law fits on synthetic data with known exponents and Gaussian noise (seeded; the seed is printed):
// the profile-likelihood errors must cover the truth at the nominal rate.
#include "common/error.hpp"
#include "numeric/power_law.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <random>

using namespace nnft::numeric;

namespace {

const std::vector<double> kWidths = {2, 3, 4, 5, 10, 20, 50, 100, 500, 1000};  // the paper's widths

}  // namespace

TEST_CASE("power-law fit recovers exact exponents", "[eft][power_law]") {
    for (double b : {-1.0, -2.0, -0.5, 1.5}) {
        std::vector<double> y, e;
        for (double x : kWidths) {
            y.push_back(3.7 * std::pow(x, b));
            e.push_back(1e-9 * y.back());
        }
        const PowerLawFit f = fit_power_law(kWidths, y, e);
        INFO("b " << b << " fitted " << f.exponent << " +- " << f.exponent_error);
        CHECK(std::abs(f.exponent - b) < 1e-8);
        CHECK(f.amplitude == Approx(3.7).epsilon(1e-8));
        CHECK(f.chi2 < 1e-6);
        CHECK(f.dof == 8);
        CHECK(f.exponent_error > 0);
        CHECK(f.exponent_error < 1e-8);
    }
}

TEST_CASE("power-law exponent errors cover the truth under noise, including insignificant and negative points",
          "[eft][power_law]") {
    const unsigned seed = 20261129;
    INFO("seed " << seed);
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> gauss(0.0, 1.0);
    for (const auto& [b, noise] : {std::pair<double, double>{-1.0, 0.002}, {-2.0, 0.0005}}) {
        // Constant absolute noise, as for sampled G4_con/G6_con amplitudes: the large widths are
        // insignificant and often negative, which a fit of log|y| could not handle without bias.
        const int trials = 400;
        int covered = 0;
        double mean_pull = 0, mean_pull2 = 0, mean_chi2 = 0;
        for (int t = 0; t < trials; ++t) {
            std::vector<double> y, e;
            for (double x : kWidths) {
                y.push_back(std::pow(x, b) + noise * gauss(rng));
                e.push_back(noise);
            }
            const PowerLawFit f = fit_power_law(kWidths, y, e);
            const double pull = (f.exponent - b) / f.exponent_error;
            covered += std::abs(pull) <= 1.0;
            mean_pull += pull / trials;
            mean_pull2 += pull * pull / trials;
            mean_chi2 += f.chi2 / f.dof / trials;
        }
        INFO("b " << b << ": coverage " << covered << "/" << trials << ", mean pull " << mean_pull << ", mean pull^2 "
                  << mean_pull2 << ", mean chi2/dof " << mean_chi2);
        // Nominal 68.3 %: binomial σ = sqrt(400·0.683·0.317) ≈ 9.3, so ±4σ is 236 … 310.
        CHECK(covered >= 236);
        CHECK(covered <= 310);
        // Unbiased: the mean pull is 0 within 4/sqrt(400) = 0.2.
        CHECK(std::abs(mean_pull) < 0.2);
        CHECK(mean_pull2 == Approx(1.0).epsilon(0.25));
        CHECK(mean_chi2 == Approx(1.0).epsilon(0.1));
    }
}

TEST_CASE("power-law fit: bad input and undetermined exponents", "[eft][power_law]") {
    CHECK_THROWS_AS(fit_power_law({1, 2}, {1, 2}, {1, 1}), nnft::Error);
    CHECK_THROWS_AS(fit_power_law({1, 2, 3}, {1, 2, 3}, {1, 0, 1}), nnft::Error);
    CHECK_THROWS_AS(fit_power_law({-1, 2, 3}, {1, 2, 3}, {1, 1, 1}), nnft::Error);
    CHECK_THROWS_AS(fit_power_law({1, 2, 3}, {1, 2}, {1, 1, 1}), nnft::Error);
    // Pure noise far above the signal: the exponent is not determined inside the range.
    const PowerLawFit f = fit_power_law({2, 3, 4, 5}, {1e-6, -1e-6, 2e-6, 0.0}, {1, 1, 1, 1});
    CHECK(!(f.exponent_error < 1.0));
}
