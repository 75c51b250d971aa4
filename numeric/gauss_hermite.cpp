#include "numeric/gauss_hermite.hpp"

#include "common/error.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace nnft::numeric {

// Physicists' rule (weight exp(−t²)) by Newton iteration on orthonormal Hermite polynomials with the
// asymptotic initial guesses of Numerical Recipes §4.6 (gauher); then x = √2 t, w = w_t / √π.
GaussHermiteRule gauss_hermite(int n) {
    if (n < 1 || n > 180)
        throw Error("Gauss-Hermite rule with " + std::to_string(n) + " points: use 1 to 400 points");
    const double pim4 = std::pow(std::numbers::pi, -0.25);
    std::vector<double> t(static_cast<std::size_t>(n)), w(static_cast<std::size_t>(n));
    const int m = (n + 1) / 2;
    double z = 0.0;
    for (int i = 0; i < m; ++i) {
        if (i == 0)
            z = std::sqrt(2.0 * n + 1.0) - 1.85575 * std::pow(2.0 * n + 1.0, -0.16667);
        else if (i == 1)
            z -= 1.14 * std::pow(static_cast<double>(n), 0.426) / z;
        else if (i == 2)
            z = 1.86 * z - 0.86 * t[0];
        else if (i == 3)
            z = 1.91 * z - 0.91 * t[1];
        else
            z = 2.0 * z - t[static_cast<std::size_t>(i - 2)];
        // Orthonormal Hermite recurrence at z: returns p_n(z) and sets pp = p_n'(z).
        auto hermite = [&](double x, double& deriv) {
            double p1 = pim4, p2 = 0.0;
            for (int j = 0; j < n; ++j) {
                const double p3 = p2;
                p2 = p1;
                p1 = x * std::sqrt(2.0 / (j + 1)) * p2 - std::sqrt(static_cast<double>(j) / (j + 1)) * p3;
            }
            deriv = std::sqrt(2.0 * n) * p2;
            return p1;
        };
        double pp = 0.0;
        for (int it = 0; it < 100; ++it) {
            const double p1 = hermite(z, pp);
            const double z1 = z;
            z = z1 - p1 / pp;
            if (std::abs(z - z1) <= 1e-15 * std::max(1.0, std::abs(z)))
                break;
        }
        hermite(z, pp);  // the derivative at the converged node, for the weight
        t[static_cast<std::size_t>(i)] = z;
        t[static_cast<std::size_t>(n - 1 - i)] = -z;
        w[static_cast<std::size_t>(i)] = 2.0 / (pp * pp);
        w[static_cast<std::size_t>(n - 1 - i)] = w[static_cast<std::size_t>(i)];
    }
    GaussHermiteRule rule;
    rule.nodes.resize(static_cast<std::size_t>(n));
    rule.weights.resize(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
        const auto k = static_cast<std::size_t>(n - 1 - i);  // ascending order
        rule.nodes[static_cast<std::size_t>(i)] = std::numbers::sqrt2 * t[k];
        rule.weights[static_cast<std::size_t>(i)] = w[k] / std::sqrt(std::numbers::pi);
    }
    if (n % 2 == 1)
        rule.nodes[static_cast<std::size_t>(n / 2)] = 0.0;
    return rule;
}

}  // namespace nnft::numeric

namespace nnft::numeric {

GaussHermiteRule gaussian_trapezoid(double h, double half_width, double shift) {
    if (!(h > 0.0) || !(half_width > 0.0) || half_width / h > 1e6)
        throw Error("trapezoidal Gaussian rule needs 0 < h and at most 1e6 steps per side");
    if (!(shift >= 0.0 && shift < 1.0)) throw Error("trapezoidal Gaussian rule needs a shift in [0, 1)");
    const auto k = static_cast<long>(std::floor(half_width / h)) + 1;
    GaussHermiteRule rule;
    const double norm = h / std::sqrt(2.0 * std::numbers::pi);
    for (long i = -k; i <= k; ++i) {
        const double x = (static_cast<double>(i) + shift) * h;
        if (std::abs(x) > half_width) continue;
        rule.nodes.push_back(x);
        rule.weights.push_back(norm * std::exp(-0.5 * x * x));
    }
    return rule;
}

}  // namespace nnft::numeric
