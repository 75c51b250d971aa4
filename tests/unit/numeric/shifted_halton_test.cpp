#include <catch2/catch.hpp>

#include "common/error.hpp"
#include "numeric/gauss_hermite.hpp"
#include "numeric/shifted_halton.hpp"

#include <cmath>
#include <vector>

using namespace nnft::numeric;

TEST_CASE("normal quantile: Φ(Φ⁻¹(p)) = p", "[numeric][halton]") {
    for (double p : {1e-300, 1e-12, 0.01, 0.3, 0.5, 0.8, 1.0 - 1e-9}) {
        const double z = normal_quantile(p);
        CHECK(0.5 * std::erfc(-z / std::sqrt(2.0)) == Approx(p).epsilon(1e-12));
    }
    CHECK(normal_quantile(0.5) == 0.0);
    CHECK_THROWS_AS(normal_quantile(0.0), nnft::Error);
    CHECK_THROWS_AS(normal_quantile(1.0), nnft::Error);
}

TEST_CASE("shifted Halton normals: streams, Gaussian moments, independent shifts", "[numeric][halton]") {
    const ShiftedHaltonNormals h(5, 3, 42);
    CHECK_THROWS_AS(ShiftedHaltonNormals(33, 1, 1), nnft::Error);
    CHECK_THROWS_AS(ShiftedHaltonNormals(2, 0, 1), nnft::Error);
    ShiftedHaltonNormals::Stream stream(h, 1);
    std::vector<double> a(5), b(5);
    for (std::uint64_t k = 0; k < 5000; ++k) {  // the digit-by-digit stream is point() up to rounding
        stream.next(a.data());
        h.point(1, k, b.data());
        for (std::size_t d = 0; d < 5; ++d) REQUIRE(a[d] == Approx(b[d]).epsilon(1e-9).margin(1e-9));
    }
    // Moments of N(0, 1) per coordinate and a cross moment, from 2¹⁶ points of one shift: quasi-Monte Carlo reaches them
    // far below the 1/√n ≈ 4·10⁻³ of random points (Box–Muller pairs, Φ⁻¹ for the odd fifth coordinate).
    constexpr std::uint64_t n = 1u << 16;
    std::vector<double> m1(5, 0.0), m2(5, 0.0), m4(5, 0.0);
    double cross = 0.0;
    ShiftedHaltonNormals::Stream s0(h, 0);
    for (std::uint64_t k = 0; k < n; ++k) {
        s0.next(a.data());
        for (std::size_t d = 0; d < 5; ++d) {
            m1[d] += a[d] / n;
            m2[d] += a[d] * a[d] / n;
            m4[d] += a[d] * a[d] * a[d] * a[d] / n;
        }
        cross += a[0] * a[1] * a[2] * a[3] / n;
    }
    for (std::size_t d = 0; d < 5; ++d) {
        CHECK(std::abs(m1[d]) < 2e-3);
        CHECK(std::abs(m2[d] - 1.0) < 2e-3);
        CHECK(std::abs(m4[d] - 3.0) < 3e-2);
    }
    CHECK(std::abs(cross) < 4e-3);
    // Different shifts give different points (the streams are independent rotations of one point set).
    h.point(0, 7, a.data());
    h.point(2, 7, b.data());
    CHECK(a != b);
}
