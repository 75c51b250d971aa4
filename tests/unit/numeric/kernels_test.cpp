// Kernel library tests: closed forms of docs/physics-setup.md §2, symmetry, positive-definiteness, SIMD = scalar.
#include <catch2/catch.hpp>

#include <Eigen/Dense>
#include <cmath>
#include <numbers>
#include <random>
#include <vector>

#include "common/error.hpp"
#include "numeric/kernels.hpp"
#include "tests/support/random_points.hpp"

using nnft::numeric::Kernel;
using nnft::numeric::KernelSpec;
using nnft::numeric::ActivationKind;
using nnft::numeric::PointSet;
using nnft::numeric::SimdMode;

TEST_CASE("kernel special values", "[numeric][kernels]") {
    const double sw = 1.3, sb = 0.7;
    SECTION("gauss: K(x, x) = sigma_b^2 + sigma_w^2 and the Gaussian fall-off") {
        Kernel k({ActivationKind::gauss, 2, sw, sb, 1, false});
        std::vector<double> x{0.3, -0.2}, y{1.0, 0.5};
        CHECK(k(x, x) == Approx(sb * sb + sw * sw).epsilon(1e-15));
        const double r2 = 0.7 * 0.7 + 0.7 * 0.7;
        CHECK(k(x, y) == Approx(sb * sb + sw * sw * std::exp(-sw * sw * r2 / 4.0)).epsilon(1e-15));
        Kernel keft({ActivationKind::gauss, 2, sw, sb, 1, true});
        CHECK(keft(x, y) == Approx(sw * sw * std::exp(-sw * sw * r2 / 4.0)).epsilon(1e-14));
    }
    SECTION("relu, sigma_b = 0, d = 1: K = sigma_w^4 |x||y| / 2 for xy > 0, 0 for xy < 0") {
        Kernel k({ActivationKind::relu, 1, sw, 0.0, 1, false});
        std::vector<double> x{0.8}, y{1.7}, z{-0.4};
        CHECK(k(x, y) == Approx(std::pow(sw, 4) * 0.8 * 1.7 / 2.0).epsilon(1e-14));
        CHECK(std::abs(k(x, z)) < 1e-16);
    }
    SECTION("relu deep, sigma_b = 0: K_L(x, x) = (sigma_w^2 |x|^2 / d) (sigma_w^2 / 2)^L") {
        for (int depth = 1; depth <= 4; ++depth) {
            Kernel k({ActivationKind::relu, 3, sw, 0.0, depth, false});
            std::vector<double> x{0.5, -1.0, 2.0};
            const double expect = sw * sw * 5.25 / 3.0 * std::pow(sw * sw / 2.0, depth);
            CHECK(k(x, x) == Approx(expect).epsilon(1e-14));
        }
    }
    SECTION("erf: K(0, y) = sigma_b^2 + (2/pi) sigma_w^2 asin(2 sb^2 / sqrt((1+2 sb^2)(1+2 v(y))))") {
        Kernel k({ActivationKind::erf, 1, sw, sb, 1, false});
        std::vector<double> x{0.0}, y{0.9};
        const double vy = sb * sb + sw * sw * 0.81;
        const double expect = sb * sb + sw * sw * 2.0 / std::numbers::pi *
                                            std::asin(2.0 * sb * sb / std::sqrt((1 + 2 * sb * sb) * (1 + 2 * vy)));
        CHECK(k(x, y) == Approx(expect).epsilon(1e-14));
    }
    SECTION("erf depth 2 = the one-layer map applied to the depth-1 covariances") {
        Kernel k1({ActivationKind::erf, 2, sw, sb, 1, false});
        Kernel k2({ActivationKind::erf, 2, sw, sb, 2, false});
        std::vector<double> x{0.4, 0.1}, y{-0.3, 0.8};
        const double sxx = k1(x, x), syy = k1(y, y), sxy = k1(x, y);
        const double expect = sb * sb + sw * sw * 2.0 / std::numbers::pi *
                                            std::asin(2.0 * sxy / std::sqrt((1 + 2 * sxx) * (1 + 2 * syy)));
        CHECK(k2(x, y) == Approx(expect).epsilon(1e-14));
    }
}

TEST_CASE("kernels are symmetric with positive semi-definite Gram matrices", "[numeric][kernels]") {
    for (ActivationKind net : {ActivationKind::erf, ActivationKind::relu, ActivationKind::gauss}) {
        for (int d = 1; d <= 3; ++d) {
            const int depth = net == ActivationKind::gauss ? 1 : 2;
            Kernel k({net, d, 1.1, 0.5, depth, false});
            const auto xs = random_points(d, 12, 20261128u + static_cast<unsigned>(d), 1.0);
            const Eigen::MatrixXd g = k.matrix(xs, xs);
            CHECK((g - g.transpose()).cwiseAbs().maxCoeff() <= 1e-14 * g.cwiseAbs().maxCoeff());
            Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(0.5 * (g + g.transpose()));
            CHECK(es.eigenvalues().minCoeff() >= -1e-12 * es.eigenvalues().maxCoeff());
        }
    }
}

TEST_CASE("SIMD and scalar kernel loops agree to 1e-14", "[numeric][kernels][simd]") {
    INFO("seed 7; SIMD path available: " << Kernel({ActivationKind::erf, 1, 1.0, 1.0, 1, false}).uses_simd());
    for (ActivationKind net : {ActivationKind::erf, ActivationKind::relu, ActivationKind::gauss}) {
        for (int d = 1; d <= 4; ++d) {
            for (int depth : {1, 3}) {
                if (net == ActivationKind::gauss && depth > 1) continue;
                const KernelSpec spec{net, d, 1.2, net == ActivationKind::relu ? 0.0 : 0.9, depth, net != ActivationKind::relu};
                Kernel ks(spec, SimdMode::scalar), kv(spec, SimdMode::automatic);
                const auto xs = random_points(d, 5, 7u, 1.5);
                const auto ys = random_points(d, 203, 8u, 2.0);  // 203: exercises the scalar tail
                const Eigen::MatrixXd a = ks.matrix(xs, ys), b = kv.matrix(xs, ys);
                const Eigen::MatrixXd dx = ks.matrix(xs, xs), dy = ks.matrix(ys, ys);
                for (Eigen::Index i = 0; i < a.rows(); ++i)
                    for (Eigen::Index j = 0; j < a.cols(); ++j) {
                        const double scale = std::sqrt(std::abs(dx(i, i) * dy(j, j))) + 1e-300;
                        CHECK(std::abs(a(i, j) - b(i, j)) <= 1e-14 * scale);
                        // The batched scalar loop equals the one-pair evaluation.
                        CHECK(a(i, j) == Approx(ks(xs.point(static_cast<std::size_t>(i)), ys.point(static_cast<std::size_t>(j)))).epsilon(1e-15));
                    }
            }
        }
    }
}

TEST_CASE("bad kernel parameters throw nnft::Error naming the fix", "[numeric][kernels]") {
    using nnft::Error;
    CHECK_THROWS_AS(Kernel({ActivationKind::erf, 0, 1.0, 1.0, 1, false}), Error);
    CHECK_THROWS_AS(Kernel({ActivationKind::erf, 1, -1.0, 1.0, 1, false}), Error);
    CHECK_THROWS_AS(Kernel({ActivationKind::erf, 1, 1.0, -0.1, 1, false}), Error);
    CHECK_THROWS_AS(Kernel({ActivationKind::erf, 1, 1.0, 1.0, 0, false}), Error);
    CHECK_THROWS_AS(Kernel({ActivationKind::gauss, 1, 1.0, 1.0, 2, false}), Error);
    CHECK_THROWS_WITH(nnft::numeric::parse_kernel_activation("tanh"), Catch::Contains("use one of erf, relu, gauss"));
    Kernel k({ActivationKind::relu, 2, 1.0, 0.0, 1, false});
    std::vector<double> x{1.0, NAN}, y{1.0, 2.0}, z{1.0};
    CHECK_THROWS_WITH(k(x, y), Catch::Contains("not finite"));
    CHECK_THROWS_WITH(k(z, y), Catch::Contains("d_in = 2"));
}
