#pragma once
/// \file Internal: the Gaussian expectations of the deep-network 1/N recursion (sampler/deep_expansion.hpp):
/// E[σ(u)σ(v)] and its first and second derivatives with respect to the covariance entries (by Gaussian
/// integration by parts, so no derivative of σ is needed and kinks are exact), and E[Π σ(z_i)^{p_i}] over up to
/// four correlated pre-activations. Method: docs/methods/deep-expansion.md.
#include "numeric/network.hpp"

#include <array>
#include <vector>

namespace nnft::sampler::detail {

/// Quadrature settings of one rule level (the expansion runs at two levels; their difference is the error).
struct DeepRule {
    double pair_spacing = 0.15; ///< trapezoid spacing in the pre-activation, 2-d expectations, smooth σ
    double quad_spacing = 0.3;  ///< the same for the 3- and 4-d expectations (0.3: E[erf(z)⁴] to 1e-13)
    double pair_density = 4.0; ///< Gauss–Legendre nodes per unit length of a piece, 2-d expectations, kinked σ
    double quad_density = 2.5; ///< the same for the 3- and 4-d expectations (2.5: ~1e-13 for w⁴ on [0, 10])
};

/// The finer rule level.
DeepRule fine_deep_rule();
/// The coarser rule level (about two thirds of the nodes per dimension).
DeepRule coarse_deep_rule();

/// The rules cover |w| ≤ 10 standard deviations of each whitened variable (φ(10) ≈ 8e-23).
inline constexpr double kDeepHalfWidth = 10.0;

/// Append to (node, weight) the trapezoidal rule for ∫ φ(w) f(w) dw over |w| ≤ kDeepHalfWidth whose spacing in
/// z = scale·w is `spacing` (w-spacing capped at 0.8, where the rule is still exact to ~1e-13 for φ × polynomial).
void append_gaussian_trapezoid(double scale, double spacing, std::vector<double>& node, std::vector<double>& weight);

/// Append to (node, weight) one Gauss–Legendre rule on [a, b] with max(8, ⌈density·(b − a)⌉) nodes, the weights
/// multiplied by the standard normal density: a rule for ∫_a^b φ(w) f(w) dw, f smooth. (One high-order panel
/// beats many low-order ones on the entire Gaussian: 24 nodes on [0, 10] give E[w⁴; w > 0] to 2e-13.)
void append_gaussian_piece(double a, double b, double density, std::vector<double>& node, std::vector<double>& weight);

/// g(k_uu, k_uv, k_vv) = E[σ(u)σ(v)] and its derivatives in the three covariance entries (the off-diagonal entry
/// counted once). For one pre-activation (u = v) only value, grad[0] = g'(k) and hess[0][0] = g''(k) are set.
struct PairDerivatives {
    double value = 0.0;                           ///< g
    std::array<double, 3> grad{};                 ///< ∂g/∂(k_uu, k_uv, k_vv)
    std::array<std::array<double, 3>, 3> hess{};  ///< ∂²g/∂k_p∂k_q (symmetric)
    double roundoff = 0.0;  ///< bound on the cancellation error (grows like (1 − ρ²)^{-2} as |ρ| → 1)
};

/// Gaussian expectations of one activation at one rule level. Stateless after construction: thread-safe.
class DeepGaussian {
public:
    /// `kink_at_zero`: σ is not smooth at 0 (relu, step or abs expressions); rules are split where σ's
    /// argument vanishes. Otherwise trapezoidal rules (geometric convergence for analytic σ, where Gauss–Hermite
/// stalls on saturating functions: 18 nodes leave E[erf(z)⁴] wrong by 2e-3).
    DeepGaussian(numeric::Activation sigma, bool kink_at_zero, DeepRule rule);
    /// One pre-activation of variance k > 0: g(k) = E[σ(√k z)²], g'(k), g''(k).
    PairDerivatives diagonal(double k) const;
    /// Two pre-activations with covariance [[kuu, kuv], [kuv, kvv]], |ρ| < 1 (throws nnft::InternalError
    /// otherwise; the caller refuses collinear inputs first).
    PairDerivatives pair(double kuu, double kuv, double kvv) const;
    /// E[Π_i σ(z_i)^{powers[i]}] for z ~ N(0, cov), cov the d × d row-major covariance (d ≤ 4, positive
    /// semi-definite; exactly dependent variables take one node).
    double product(const double* cov, const int* powers, int d) const;
    /// The activation σ.
    const numeric::Activation& activation() const noexcept { return sigma_; }

private:
    numeric::Activation sigma_;
    bool kinked_;
    DeepRule rule_;
};

}  // namespace nnft::sampler::detail
