#pragma once
/// \file E[σ(u) σ(v)] for zero-mean jointly Gaussian (u, v) and any activation σ (or σ shifted by a constant): the one-layer transfer of
/// the NNGP kernel for activations without a closed form (tanh, GELU, expressions). Method and error bounds:
/// docs/methods/kernels.md.
#include "numeric/network.hpp"

#include <vector>

namespace nnft::numeric {

/// A value with an absolute error estimate.
struct Estimate {
    double value = 0.0;  ///< the value
    double error = 0.0;  ///< estimated absolute error (≥ 0)
};

/// One pre-activation variance v expanded in normalised Hermite polynomials h_k = He_k/√k!:
/// a_k = E[σ(√v z) h_k(z)], z ~ N(0, 1), for k ≤ K, from two Gauss–Legendre orders on the same panels.
struct HermitePoint {
    double sd = 0.0;                ///< √v
    std::vector<double> a;          ///< a_0 … a_K (the finer rule)
    std::vector<double> a_coarse;   ///< the same from the coarser rule (error estimate)
    double norm = 0.0;              ///< E[σ(√v z)²] = Σ_k a_k² (all k)
    double tail = 0.0;              ///< Σ_{k>K} a_k² = norm − Σ_{k≤K} a_k² (≥ 0)
    double error = 0.0;             ///< estimated absolute error of the coefficients and the norm
};

/// Gaussian expectations of products of an activation: E[σ(u)²] and E[σ(u) σ(v)] for zero-mean jointly
/// Gaussian (u, v) of any variances and correlation. Mehler's formula E[σ(u)σ(v)] = Σ_k ρ^k a_k(x) a_k(y)
/// where its truncation bound |ρ|^{K+1} √(tail_x tail_y) is small; otherwise a 1-d rule at |ρ| = 1 or a
/// nested 2-d rule split at the kink σ's argument has at 0. Stateless after construction: thread-safe.
class GaussianPairExpectation {
public:
    /// Hermite terms kept per point.
    static constexpr int kTerms = 160;
    /// Target absolute error relative to √(E[σ(u)²] E[σ(v)²]).
    static constexpr double kTolerance = 1e-11;

    /// For σ(u + shift), σ = `activation`: a built-in or an expression with a program (throws nnft::Error otherwise).
    /// A shift is the bias node of a deep layer whose bias law is not normal (numeric/bias_mixture.hpp); 0: σ itself.
    explicit GaussianPairExpectation(Activation activation, double shift = 0.0);
    /// Expand at pre-activation variance v ≥ 0. Throws nnft::Error when σ is not finite on the rule's
    /// nodes or grows so fast that E[σ(u)²] does not exist (exp(x²)).
    HermitePoint expand(double variance) const;
    /// E[σ(u) σ(v)] with Var u = x.sd², Var v = y.sd², Cov(u, v) = covariance, and its error estimate.
    Estimate pair(const HermitePoint& x, const HermitePoint& y, double covariance) const;
    /// The activation σ (unshifted).
    const Activation& activation() const { return activation_; }
    /// The shift of σ's argument.
    double shift() const { return shift_; }
    /// The arguments u where σ(u + shift) may kink (σ's kink points minus the shift; {−shift} when σ is smooth or its
    /// kinks are unknown): the rules put panel edges and polar arcs' ends there.
    const std::vector<double>& kink_arguments() const { return kinks_; }
    /// False when the nested rule misses its target on probe pairs near |ρ| = ±1 (measured at construction, a
    /// few ms): a kink (relu, leaky_relu, abs). Pairs near |ρ| = 1 then take the polar rule (~10–20 ms each)
    /// instead of the nested rule (~0.3 ms; docs/methods/kernels.md).
    bool smooth() const { return smooth_; }

private:
    Activation activation_;
    double shift_ = 0.0;
    std::vector<double> kinks_;
    double growth_margin_ = 0.0;  // extra half-width per unit sd for activations that grow exponentially
    bool smooth_ = false;         // the probe passed: near |ρ| = 1 the nested rule serves before the polar one
};

/// |∂E[σ(u)σ(v)]/∂Cov(u, v)| from the kept Mehler terms, Σ_k k |a_k b_k| / (s_x s_y) (Price's theorem): how an error
/// in a layer's covariance carries into the next layer's expectation.
double covariance_slope(const HermitePoint& x, const HermitePoint& y);

}  // namespace nnft::numeric
