#include <catch2/catch.hpp>

#include "numeric/gauss_hermite.hpp"

#include <cmath>

using namespace nnft::numeric;

namespace {
double gaussian_moment(int k) {  // E[X^k], X ~ N(0,1)
    if (k % 2)
        return 0.0;
    double m = 1.0;
    for (int j = k - 1; j > 0; j -= 2)
        m *= j;
    return m;
}
}  // namespace

TEST_CASE("Gauss-Hermite rules integrate polynomials of degree 2n-1 exactly", "[numeric][gauss_hermite]") {
    for (int n : {1, 2, 5, 20, 60, 120, 180}) {
        const auto r = gauss_hermite(n);
        REQUIRE(r.nodes.size() == static_cast<std::size_t>(n));
        for (int k = 0; k <= std::min(2 * n - 1, 12); ++k) {
            double q = 0.0;
            for (std::size_t i = 0; i < r.nodes.size(); ++i)
                q += r.weights[i] * std::pow(r.nodes[i], k);
            INFO("n = " << n << ", k = " << k);
            CHECK(std::abs(q - gaussian_moment(k)) <= 1e-12 * std::max(1.0, gaussian_moment(k)));
        }
    }
    // E[cos X] = e^{-1/2}.
    const auto r = gauss_hermite(40);
    double q = 0.0;
    for (std::size_t i = 0; i < r.nodes.size(); ++i)
        q += r.weights[i] * std::cos(r.nodes[i]);
    CHECK(std::abs(q - std::exp(-0.5)) < 1e-15);
    CHECK_THROWS(gauss_hermite(0));
    CHECK_THROWS(gauss_hermite(500));
}

TEST_CASE("the Gaussian trapezoidal rule converges exponentially for tanh", "[numeric][gauss_hermite]") {
    // E[tanh(2X)^2] by a fine and a coarse rule agree to 1e-14; E[X^4] = 3 to 1e-14.
    auto integrate = [](const GaussHermiteRule& r, auto f) {
        double q = 0.0;
        for (std::size_t i = 0; i < r.nodes.size(); ++i)
            q += r.weights[i] * f(r.nodes[i]);
        return q;
    };
    const auto fine = gaussian_trapezoid(0.05, 13.0), coarse = gaussian_trapezoid(0.075, 13.0);
    auto t2 = [](double x) { return std::tanh(2 * x) * std::tanh(2 * x); };
    CHECK(std::abs(integrate(fine, t2) - integrate(coarse, t2)) < 1e-14);
    CHECK(std::abs(integrate(fine, [](double x) { return x * x * x * x; }) - 3.0) < 1e-13);
}
