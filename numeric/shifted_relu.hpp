#pragma once
/// \file E[σ(b_x + u) σ(b_y + v)] in closed form for σ linear on each side of a kink at 0 (relu, leaky_relu:a, abs) and
/// zero-mean jointly normal (u, v): the deep layers over a bias law (numeric/bias_mixture.hpp) without quadrature.
/// With X = b_x + u = s₁(Z₁ + a₁), Y = b_y + v = s₂(Z₂ + a₂), a₁ = b_x/s₁, a₂ = b_y/s₂ and ρ the correlation,
/// E[X₊Y₊] = s₁s₂[(a₁a₂ + ρ) Φ₂(a₁, a₂; ρ) + a₁φ(a₂)Φ(B) + a₂φ(a₁)Φ(A) + √(1−ρ²) φ(a₁)φ(A)],
/// A = (a₂ − ρa₁)/√(1−ρ²), B = (a₁ − ρa₂)/√(1−ρ²) (Stein's lemma on the truncated pair; docs/methods/kernels.md#deep-bias-laws),
/// and E[X Y₊] = s₁s₂[a₁(a₂Φ(a₂) + φ(a₂)) + ρΦ(a₂)]; Φ₂ from Owen's T function (Boost.Math).
#include "numeric/network.hpp"

namespace nnft::numeric {

/// P(Z₁ < h, Z₂ < k) for standard normals of correlation ρ ∈ [−1, 1] (Owen's T; exact limits at ρ = ±1); `r` =
/// √(1 − ρ²) when the caller has it more accurately than ρ (negative: from ρ).
double bivariate_normal_cdf(double h, double k, double rho, double r = -1.0);

/// E[σ(bx + u) σ(by + v)] for σ(t) = slopes.negative·t + (slopes.positive − slopes.negative)·max(0, t) and (u, v)
/// normal with zero means, Var u = vxx, Var v = vyy, Cov = vxy (vxx, vyy ≥ 0, |vxy| ≤ √(vxx vyy)).
double shifted_kink_pair(const KinkSlopes& slopes, double bx, double by, double vxx, double vyy, double vxy);

}  // namespace nnft::numeric
