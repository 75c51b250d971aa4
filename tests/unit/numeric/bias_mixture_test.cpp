// The deep layers over a non-normal hidden bias law (numeric/bias_mixture.hpp, docs/methods/kernels.md#deep-bias-laws).
// References: (1) the deep cos net, whose recursion is closed form for any bias law: cos(b + u)cos(b + v) =
// ½[cos(u − v) + cos(2b + u + v)], so E = ½ e^{−Var(u−v)/2} + ½ E[cos 2b] e^{−Var(u+v)/2} (u, v normal, zero mean);
// (2) the shifted kinked pair's closed form against an independent nested integral (over u on Gauss–Legendre panels split
// at the kinks, the inner expectation over v | u in closed form: E[(c + sW)₊] = c Φ(c/s) + s φ(c/s)).
#include "common/error.hpp"
#include "numeric/activation_program.hpp"
#include "numeric/gauss_legendre.hpp"
#include "numeric/kernels.hpp"
#include "numeric/shifted_relu.hpp"

#include <catch2/catch.hpp>

#include "tests/support/unary_activation.hpp"

#include <algorithm>
#include <cmath>
#include <memory>
#include <numbers>
#include <vector>

using namespace nnft::numeric;

namespace {

Activation cos_activation() { return unary_activation("cos", ActivationOp::cos); }

// The deep cos net's K(x, y): normal(0, sw) weights, a bias law with E[cos 2b] = c2, output variances cw, cb.
double cos_net_kernel(const std::vector<double>& x, const std::vector<double>& y, double sw, double c2, int depth,
                      double cw, double cb) {
    double xx = 0.0, yy = 0.0, xy = 0.0;
    for (std::size_t k = 0; k < x.size(); ++k) {
        xx += x[k] * x[k];
        yy += y[k] * y[k];
        xy += x[k] * y[k];
    }
    const double scale = sw * sw / static_cast<double>(x.size());  // first layer: Var(W·x) = σ_W² |x|²/d
    double sxx = scale * xx, syy = scale * yy, sxy = scale * xy;
    auto e = [&](double a, double b, double c) {
        return 0.5 * std::exp(-0.5 * (a + b - 2 * c)) + 0.5 * c2 * std::exp(-0.5 * (a + b + 2 * c));
    };
    for (int l = 1; l < depth; ++l) {
        const double nxx = sw * sw * e(sxx, sxx, sxx), nyy = sw * sw * e(syy, syy, syy), nxy = sw * sw * e(sxx, syy, sxy);
        sxx = nxx, syy = nyy, sxy = nxy;
    }
    return cb + cw * e(sxx, syy, sxy);
}

double normal_pdf(double t) { return std::exp(-0.5 * t * t) / std::sqrt(2 * std::numbers::pi); }
double normal_cdf(double t) { return 0.5 * std::erfc(-t / std::sqrt(2.0)); }

// ∫ f over [lo, hi] by 40-point Gauss–Legendre on 16 panels between consecutive breaks.
template <class F>
double integral(F f, double lo, double hi, std::vector<double> breaks) {
    breaks.push_back(lo);
    breaks.push_back(hi);
    std::sort(breaks.begin(), breaks.end());
    const GaussLegendreRule& gl = cached_gauss_legendre_rule(40);
    double sum = 0.0;
    for (std::size_t i = 0; i + 1 < breaks.size(); ++i) {
        const double a = std::clamp(breaks[i], lo, hi), b = std::clamp(breaks[i + 1], lo, hi);
        for (int p = 0; p < 16; ++p) {
            const double pa = a + (b - a) * p / 16, pb = a + (b - a) * (p + 1) / 16;
            for (std::size_t j = 0; j < gl.nodes.size(); ++j)
                sum += 0.5 * (pb - pa) * gl.weights[j] * f(0.5 * (pa + pb) + 0.5 * (pb - pa) * gl.nodes[j]);
        }
    }
    return sum;
}

// E[σ(bx + u) σ(by + v)] for σ = q t + (p − q) t₊ by the nested integral: v | u ~ N(β u, s²), β = vxy/vxx.
double nested_kink_pair(const KinkSlopes& k, double bx, double by, double vxx, double vyy, double vxy) {
    const double su = std::sqrt(vxx), beta = vxy / vxx, s = std::sqrt(std::max(0.0, vyy - vxy * vxy / vxx));
    const double p = k.positive, q = k.negative;
    auto positive_mean = [&](double c) { return s == 0.0 ? std::max(c, 0.0) : c * normal_cdf(c / s) + s * normal_pdf(c / s); };
    auto f = [&](double u) {
        const double c = by + beta * u;  // E[σ(c + sW)] = q c + (p − q) E[(c + sW)₊]
        const double sigma_u = q * (bx + u) + (p - q) * std::max(0.0, bx + u);
        return normal_pdf(u / su) / su * sigma_u * (q * c + (p - q) * positive_mean(c));
    };
    std::vector<double> breaks = {-bx};
    if (beta != 0.0) breaks.push_back(-by / beta);
    return integral(f, -14 * su, 14 * su, breaks);
}

}  // namespace

TEST_CASE("bias mixture: the deep cos net equals its closed form for uniform, Rademacher and shifted normal biases",
          "[numeric][kernel]") {
    struct Law {
        ParameterLaw law;
        double c2;  // E[cos 2b]
    };
    const std::vector<Law> laws = {{ParameterLaw::uniform(-1.0, 1.0), std::sin(2.0) / 2.0},
                                   {ParameterLaw::rademacher(0.7), std::cos(1.4)},
                                   {ParameterLaw::normal(0.4, 0.5), std::cos(0.8) * std::exp(-0.5)}};
    for (const auto& [law, c2] : laws)
        for (int depth : {2, 3})
            for (std::size_t d : {std::size_t{1}, std::size_t{2}}) {
                Network net = default_network(cos_activation());
                net.depth = static_cast<std::size_t>(depth);
                net.d_in = d;
                net.weights = ParameterLaw::normal(0.0, 1.3);
                net.biases = law;
                net.output_bias = ParameterLaw::normal(0.0, 0.5);
                const Kernel k(gp_kernel_spec(net));
                const std::vector<std::vector<double>> pts = {{0.2, -0.3}, {0.6, 0.1}, {-1.5, 0.8}, {3.0, -2.0}};
                double worst = 0.0;
                for (const auto& xf : pts)
                    for (const auto& yf : pts) {
                        const std::vector<double> x(xf.begin(), xf.begin() + static_cast<long>(d));
                        const std::vector<double> y(yf.begin(), yf.begin() + static_cast<long>(d));
                        const double ref = cos_net_kernel(x, y, 1.3, c2, depth, 1.0, 0.25);
                        worst = std::max(worst, std::abs(k(x, y) - ref));
                    }
                // The estimate covers the deviation; at d_in = 2 the first layer's coarse rule (33 nodes per
                // parameter) makes it conservative (~1e-6 for a deviation ~1e-15).
                INFO(law.text() << " depth " << depth << " d_in " << d);
                CHECK(worst <= 1e-12);
                CHECK(k.max_relative_error() <= (d == 1 ? 1e-12 : 1e-5));
                CHECK(worst <= k.max_relative_error());
            }
}

TEST_CASE("bias mixture: the shifted kinked pair equals the nested integral", "[numeric][kernel]") {
    const std::vector<KinkSlopes> slopes = {{1.0, 0.0}, {1.0, 0.1}, {1.0, -1.0}, {0.5, 2.0}};
    for (const KinkSlopes& k : slopes)
        for (double b : {-1.3, -0.2, 0.0, 0.4, 2.5})
            for (const auto& [vxx, vyy] : {std::pair{1.0, 1.0}, {0.3, 2.2}, {4.0, 0.05}})
                for (double rho : {-0.97, -0.4, 0.0, 0.6, 0.999}) {
                    const double vxy = rho * std::sqrt(vxx * vyy);
                    const double ref = nested_kink_pair(k, b, b, vxx, vyy, vxy);
                    INFO("slopes " << k.positive << "," << k.negative << " b " << b << " v " << vxx << "," << vyy << " rho " << rho);
                    CHECK(shifted_kink_pair(k, b, b, vxx, vyy, vxy) == Approx(ref).epsilon(1e-11).margin(1e-13));
                }
    for (const auto& [bx, by] : {std::pair{-0.4, 1.1}, {0.9, -2.0}, {0.0, 0.6}})  // two shifts (the first layer's W·x means)
        for (double rho : {-0.9, 0.3, 0.99}) {
            const double vxy = rho * std::sqrt(0.7 * 1.9);
            CHECK(shifted_kink_pair(slopes[1], bx, by, 0.7, 1.9, vxy) ==
                  Approx(nested_kink_pair(slopes[1], bx, by, 0.7, 1.9, vxy)).epsilon(1e-11).margin(1e-13));
        }
    const KinkSlopes relu{1.0, 0.0};
    for (double b : {-0.5, 0.0, 0.7}) {  // |ρ| = 1 and a zero variance: the one-dimensional limits
        CHECK(shifted_kink_pair(relu, b, b, 2.0, 2.0, 2.0) == Approx(nested_kink_pair(relu, b, b, 2.0, 2.0, 2.0)).epsilon(1e-11).margin(1e-13));
        CHECK(shifted_kink_pair(relu, b, b, 2.0, 0.5, -1.0) == Approx(nested_kink_pair(relu, b, b, 2.0, 0.5, -1.0)).epsilon(1e-11).margin(1e-13));
        const double mean = std::sqrt(3.0) * (b / std::sqrt(3.0) * normal_cdf(b / std::sqrt(3.0)) + normal_pdf(b / std::sqrt(3.0)));
        CHECK(shifted_kink_pair(relu, b, b, 0.0, 3.0, 0.0) == Approx(std::max(b, 0.0) * mean).margin(1e-15));
    }
    // b = 0: the arc-cosine kernel (1/2π)(√(1 − ρ²) + (π − acos ρ) ρ) · s_x s_y.
    for (double rho : {-0.8, 0.3, 0.95})
        CHECK(shifted_kink_pair(relu, 0.0, 0.0, 2.0, 0.5, rho) ==
              Approx((std::sqrt(1 - rho * rho) + (std::numbers::pi - std::acos(rho)) * rho) / (2 * std::numbers::pi)).epsilon(1e-14));
}

TEST_CASE("bias mixture: deep nets over any bias law reach the kernel; a weight mean is refused", "[numeric][kernel]") {
    Network net = default_network(ActivationKind::tanh);
    net.depth = 2;
    net.biases = ParameterLaw::student_t(6.0, 0.5);
    const Kernel k(gp_kernel_spec(net));
    const std::vector<double> x = {0.4}, y = {-0.9};
    CHECK(std::isfinite(k(x, y)));
    CHECK(k.max_relative_error() <= 1e-9);
    net.weights = ParameterLaw::normal(0.2, 1.0);
    CHECK_THROWS_WITH(gp_kernel_spec(net), Catch::Contains("grows without bound"));
}
