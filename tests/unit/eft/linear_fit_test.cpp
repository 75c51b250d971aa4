// Least squares on synthetic data with known couplings (seeded; the seed is printed).
#include "common/error.hpp"
#include "eft/linear_fit.hpp"

#include <catch2/catch.hpp>

#include <random>

using namespace nnft::eft;

TEST_CASE("least squares recovers known couplings with honest errors", "[eft][fit]") {
    const unsigned seed = 1128;
    INFO("seed " << seed);
    std::mt19937 rng(seed);
    std::normal_distribution<double> noise(0.0, 1.0);
    const int n = 400;
    Eigen::MatrixXd a(n, 3);
    Eigen::VectorXd b(n);
    const Eigen::Vector3d truth(0.7, -2.5, 1e-3);
    const double sigma = 0.05;
    for (int i = 0; i < n; ++i) {
        const double x = -1.0 + 2.0 * i / (n - 1);
        a(i, 0) = 1.0;
        a(i, 1) = x * x;
        a(i, 2) = 1e3 * std::cos(3 * x);  // badly scaled column: the fit scales columns itself
        b(i) = a.row(i).dot(truth) + sigma * noise(rng);
    }
    const LinearFit fit = least_squares(a, b, {"c0", "c2", "c3"});
    for (int j = 0; j < 3; ++j) {
        INFO("coupling " << j << ": " << fit.coefficients(j) << " +- " << fit.standard_errors(j));
        CHECK(std::abs(fit.coefficients(j) - truth(j)) < 4 * fit.standard_errors(j));
        CHECK(fit.standard_errors(j) > 0);
    }
    CHECK(fit.rss / fit.dof == Approx(sigma * sigma).epsilon(0.2));
    // Weighted fit with the true errors gives the same errors (absolute-error convention).
    const LinearFit wfit = least_squares(a, b, {"c0", "c2", "c3"}, Eigen::VectorXd::Constant(n, 1.0 / (sigma * sigma)));
    for (int j = 0; j < 3; ++j) CHECK(wfit.standard_errors(j) == Approx(fit.standard_errors(j)).epsilon(0.15));
}

TEST_CASE("degenerate and under-determined fits are refused with the combination", "[eft][fit]") {
    Eigen::MatrixXd a(5, 2);
    a << 1, 2, 2, 4, 3, 6, 4, 8, 5, 10;  // second column = 2 × first
    const Eigen::VectorXd b = Eigen::VectorXd::LinSpaced(5, 1, 5);
    CHECK_THROWS_WITH(least_squares(a, b, {"lambda0", "lambda2"}), Catch::Contains("not determined") && Catch::Contains("lambda0") && Catch::Contains("lambda2"));
    CHECK_THROWS_WITH(least_squares(a.topRows(1), b.head(1), {"lambda0", "lambda2"}), Catch::Contains("under-determined"));
    CHECK_THROWS_AS(least_squares(a, b.head(3), {"lambda0", "lambda2"}), nnft::Error);
    Eigen::MatrixXd z = Eigen::MatrixXd::Zero(5, 1);
    CHECK_THROWS_WITH(least_squares(z, b, {"kappa"}), Catch::Contains("zero on every data point"));
}
