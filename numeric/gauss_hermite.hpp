#pragma once
/// \file Gauss–Hermite rules for the standard normal weight exp(−x²/2)/√(2π).
#include <vector>

namespace nnft::numeric {

/// Nodes and weights of an n-point rule; Σ w_i f(x_i) ≈ E[f(X)], X ~ N(0, 1); exact for degree ≤ 2n−1.
struct GaussHermiteRule {
    std::vector<double> nodes;    ///< ascending nodes
    std::vector<double> weights;  ///< positive weights summing to 1
};

/// The n-point probabilists' Gauss–Hermite rule (Newton on the Hermite recurrence), 1 ≤ n ≤ 180.
GaussHermiteRule gauss_hermite(int n);

}  // namespace nnft::numeric

namespace nnft::numeric {

/// The trapezoidal rule for the same weight: nodes k·h, |k·h| ≤ half_width, weights h·exp(−x²/2)/√(2π).
/// For integrands analytic in the strip |Im x| < d it converges like exp(−2πd/h) (Trefethen & Weideman,
/// SIAM Rev. 56 (2014) 385), far faster than Gauss–Hermite for functions with nearby complex poles
/// (tanh) or steep entire functions (erf of a wide Gaussian); the truncation error is ~exp(−half_width²/2).
/// `shift` ∈ [0, 1) moves the nodes to (k + shift)·h: averaged over a uniform shift, the rule on the whole line is
/// exactly the integral (randomly shifted lattice rules: the spread over shifts is an honest error estimate).
GaussHermiteRule gaussian_trapezoid(double h, double half_width, double shift = 0.0);

}  // namespace nnft::numeric
