#include "numeric/shifted_relu.hpp"

#include <algorithm>
#include <boost/math/special_functions/owens_t.hpp>
#include <cmath>
#include <numbers>

namespace nnft::numeric {

namespace {

double normal_pdf(double t) { return std::exp(-0.5 * t * t) / std::sqrt(2.0 * std::numbers::pi); }
double normal_cdf(double t) { return 0.5 * std::erfc(-t / std::numbers::sqrt2); }

// E[(Z + a)₊] for a standard normal Z.
double positive_part_mean(double a) { return a * normal_cdf(a) + normal_pdf(a); }

// Owen's T(h, (k − ρh)/(h r)) with its limit at h = 0 (the sign of k − ρh: ±1/4, 0 when that is 0 too).
double owens_term(double h, double k, double rho, double r) {
    const double num = k - rho * h;
    if (h == 0.0) return num == 0.0 ? 0.0 : std::copysign(0.25, num);
    return boost::math::owens_t(h, num / (h * r));
}

// E[(Z₁ + a₁)₊ (Z₂ + a₂)₊], standard normals of correlation ρ, r = √(1 − ρ²) (from the covariance's determinant: ρ
// itself rounds away from ±1 where the pair is degenerate).
double positive_parts(double a1, double a2, double rho, double r) {
    if (r == 0.0 && rho > 0) {  // Z₂ = Z₁ = Z: E[(Z + a₁)(Z + a₂); Z > −m], m = min(a₁, a₂)
        const double m = std::min(a1, a2);
        return (a1 * a2 + 1.0) * normal_cdf(m) + (a1 + a2 - m) * normal_pdf(m);
    }
    if (r == 0.0) {  // Z₂ = −Z₁ = −Z: E[(Z + a₁)(a₂ − Z); −a₁ < Z < a₂]
        if (a1 + a2 <= 0.0) return 0.0;
        return (a1 * a2 - 1.0) * (normal_cdf(a2) - normal_cdf(-a1)) + a2 * normal_pdf(a1) + a1 * normal_pdf(a2);
    }
    const double A = (a2 - rho * a1) / r, B = (a1 - rho * a2) / r;
    return (a1 * a2 + rho) * bivariate_normal_cdf(a1, a2, rho, r) + a1 * normal_pdf(a2) * normal_cdf(B) +
           a2 * normal_pdf(a1) * normal_cdf(A) + r * normal_pdf(a1) * normal_pdf(A);
}

}  // namespace

double bivariate_normal_cdf(double h, double k, double rho, double r) {
    rho = std::clamp(rho, -1.0, 1.0);
    if (r < 0.0) r = std::sqrt(std::max(0.0, 1.0 - rho * rho));
    if (r == 0.0) return rho > 0 ? normal_cdf(std::min(h, k)) : std::max(0.0, normal_cdf(h) + normal_cdf(k) - 1.0);
    if (h == 0.0 && k == 0.0) return 0.25 + std::atan2(rho, r) / (2.0 * std::numbers::pi);  // asin ρ, accurate near |ρ| = 1
    const double beta = (h * k < 0.0 || (h * k == 0.0 && h + k < 0.0)) ? 0.5 : 0.0;
    return 0.5 * normal_cdf(h) + 0.5 * normal_cdf(k) - owens_term(h, k, rho, r) - owens_term(k, h, rho, r) - beta;
}

double shifted_kink_pair(const KinkSlopes& slopes, double bx, double by, double vxx, double vyy, double vxy) {
    const double p = slopes.positive, q = slopes.negative, jump = p - q;
    const double s1 = std::sqrt(std::max(0.0, vxx)), s2 = std::sqrt(std::max(0.0, vyy));
    auto sigma = [&](double t) { return q * t + jump * std::max(0.0, t); };
    // E[σ(b + w)], Var w = s²: q b + jump s E[(Z + b/s)₊]
    auto mean = [&](double b, double s) { return s == 0.0 ? sigma(b) : q * b + jump * s * positive_part_mean(b / s); };
    if (s1 == 0.0 || s2 == 0.0) return s1 == 0.0 ? sigma(bx) * mean(by, s2) : sigma(by) * mean(bx, s1);
    const double a1 = bx / s1, a2 = by / s2, rho = std::clamp(vxy / (s1 * s2), -1.0, 1.0);
    const double r = std::min(1.0, std::sqrt(std::max(0.0, vxx * vyy - vxy * vxy)) / (s1 * s2));
    const double xy = bx * by + vxy;                                                       // E[XY]
    const double x_ypos = s1 * s2 * (a1 * positive_part_mean(a2) + rho * normal_cdf(a2));  // E[X Y₊]
    const double xpos_y = s1 * s2 * (a2 * positive_part_mean(a1) + rho * normal_cdf(a1));  // E[X₊ Y]
    return q * q * xy + q * jump * (x_ypos + xpos_y) + jump * jump * s1 * s2 * positive_parts(a1, a2, rho, r);
}

}  // namespace nnft::numeric
