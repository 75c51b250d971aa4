// Least squares on synthetic data with known couplings (seeded; the seed is printed).
#include "common/error.hpp"
#include "numeric/linear_fit.hpp"
#include "numeric/stats.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <random>
#include <vector>

using namespace nnft::numeric;

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

// Delete-one-group jackknife of a fit, hand case: fitting a constant (A = column of ones) gives the mean of
// the data, so replica g's refit is the mean of its data. Replicas (m_g − 1, m_g + 1) with m = 1, 2, 3, 6
// refit to c_g = m_g; c̄ = 3, Σ (c_g − c̄)² = 4 + 1 + 0 + 9 = 14, variance (G − 1)/G · 14 = 3/4 · 14 = 10.5.
TEST_CASE("jackknife errors of a fit: the hand-computed constant fit", "[eft][fit][jackknife]") {
    const Eigen::MatrixXd a = Eigen::MatrixXd::Ones(2, 1);
    Eigen::MatrixXd replicas(2, 4);
    const double m[] = {1, 2, 3, 6};
    for (int g = 0; g < 4; ++g) replicas.col(g) << m[g] - 1, m[g] + 1;
    LinearFit fit = least_squares(a, Eigen::Vector2d(2, 4), {"c"});
    const double independent = fit.standard_errors(0);
    apply_jackknife(fit, a, replicas, {"c"});
    CHECK(fit.coefficients(0) == Approx(3.0));  // the main fit is unchanged
    CHECK(fit.covariance(0, 0) == Approx(10.5).epsilon(1e-14));
    CHECK(fit.standard_errors(0) == Approx(std::sqrt(10.5)).epsilon(1e-14));
    CHECK(fit.independent_errors(0) == independent);
    CHECK(fit.error_method == "jackknife(4 groups)");
    for (int g = 0; g < 4; ++g) CHECK(fit.jackknife_coefficients(0, g) == Approx(m[g]).epsilon(1e-14));
    CHECK_THROWS_WITH(jackknife_covariance(Eigen::MatrixXd::Ones(1, 1)), Catch::Contains("at least 2 groups"));
}

// A weighted linear fit is the linear map c = P b with P = (AᵀWA)⁻¹AᵀW, so the jackknife covariance of the
// refits equals P C_b Pᵀ, C_b the jackknife covariance of the data replicas (analytic propagation); the
// per-coupling errors equal numeric::jackknife_error of the refits (the sampler's implementation).
TEST_CASE("jackknife errors of a fit equal the analytic propagation of the replica covariance", "[eft][fit][jackknife]") {
    const unsigned seed = 20261129;
    INFO("seed " << seed);
    std::mt19937 rng(seed);
    std::normal_distribution<double> n01(0.0, 1.0);
    const int n = 30, groups = 32;
    Eigen::MatrixXd a(n, 2);
    Eigen::VectorXd b(n), w(n);
    Eigen::VectorXd common(n);  // a shared fluctuation: the replicas are correlated across rows
    for (int i = 0; i < n; ++i) {
        const double x = 0.1 * (i + 1);
        a(i, 0) = x;
        a(i, 1) = 1e4 * x * x;
        b(i) = 2 * x - 3e4 * x * x;
        w(i) = 1.0 / (0.01 + 0.001 * i);
        common(i) = std::sin(x);
    }
    Eigen::MatrixXd replicas(n, groups);
    for (int g = 0; g < groups; ++g) {
        const double shared = n01(rng);
        for (int i = 0; i < n; ++i) replicas(i, g) = b(i) + 0.01 * (shared * common(i) + 0.3 * n01(rng));
    }
    LinearFit fit = least_squares(a, b, {"c1", "c2"}, w);
    apply_jackknife(fit, a, replicas, {"c1", "c2"}, w);
    const Eigen::MatrixXd atw = a.transpose() * w.asDiagonal();
    const Eigen::MatrixXd p = (atw * a).inverse() * atw;
    const Eigen::MatrixXd expected = p * jackknife_covariance(replicas) * p.transpose();
    for (int r = 0; r < 2; ++r)
        for (int c = 0; c < 2; ++c) CHECK(fit.covariance(r, c) == Approx(expected(r, c)).epsilon(1e-8));
    for (int j = 0; j < 2; ++j) {
        std::vector<double> refits(groups);
        for (int g = 0; g < groups; ++g) refits[static_cast<std::size_t>(g)] = fit.jackknife_coefficients(j, g);
        CHECK(fit.standard_errors(j) == Approx(nnft::numeric::jackknife_error(refits)).epsilon(1e-12));
    }
    CHECK(fit.error_method == "jackknife(32 groups)");
}
