#pragma once
/// \file The GP kernel of a one-layer network whose first-layer laws are not zero-mean normal (uniform, Student-t,
/// Rademacher, normal with a mean): K(x, y) = C_b + C_W E[σ(W·x + b) σ(W·y + b)] over those laws, by a tensor rule in
/// parameter space shared by every point, so a block of kernel values is one matrix product of features
/// √ω_q σ(z_q(x)) (docs/methods/kernels.md#first-layer-laws). Two rules give each value's error estimate.
#include <cstddef>
#include <optional>
#include <vector>

#include "numeric/kernel_spec.hpp"
#include "numeric/points.hpp"

namespace nnft::numeric {

/// A one-dimensional rule for one parameter: its values as drawn (before fan-in scaling) and probability weights.
struct AxisRule {
    std::vector<double> values;   ///< nodes
    std::vector<double> weights;  ///< probabilities (Σ = 1)
};

/// The rule for one law with `points` nodes where it is continuous (normal and Student-t: the trapezoidal rule in the
/// Gaussian variate the parameter is drawn from; uniform: Gauss–Legendre on its interval; Rademacher: its two points;
/// zero and sd = 0: one point).
AxisRule axis_rule(const ParameterLaw& law, int points);

/// Throws nnft::Error when a Student-t law of spec.first_layer has too heavy tails for σ (E[σ(z)²] needs the moments
/// of order 2p for σ ~ |z|^p): the GP kernel does not exist.
void require_kernel_moments(const KernelSpec& spec);

/// Which of two rules over a law: the fine one gives values, the coarse one the error estimate.
enum class BiasRule { fine, coarse };

/// The rule over a bias law added to normal pre-activations: a normal law is one node at its mean with its variance in
/// `gaussian_variance` (which is set to 0 otherwise); other laws axis_rule with 24 / 16 nodes (Student-t 48 / 32) for
/// the fine / coarse rule. E_g[σ(b + u) σ(b + v)] is a Gaussian smoothing in b, analytic unless Var u is tiny, so
/// Gauss–Legendre on a uniform law converges exponentially.
AxisRule bias_rule(const ParameterLaw& law, BiasRule rule, double& gaussian_variance);

/// A fine and a coarse rule over a uniform law.
struct GradedRules {
    AxisRule fine;    ///< 12 Gauss–Legendre points per panel
    AxisRule coarse;  ///< 8 on the same panels
};

/// The rules over a uniform bias law b for E_u[σ(b + m_x + u) σ(b + m_y + v)] with σ kinked at 0: E_u smooths the kink at
/// b = −m over √Var, so Gauss–Legendre panels graded from −m_x and −m_y with first width √variance (the smaller
/// variance; at least 10⁻³ of the interval) resolve it where a fixed rule needs ~1/√variance nodes.
GradedRules graded_uniform_rules(const ParameterLaw& law, double mx, double my, double variance);

/// One tensor rule over the first layer's parameters (w_1 … w_d, b): node q has the weights W_q (fan-in scaled), the
/// bias b_q and the probability weight ω_q (Σ ω_q = 1).
struct ParameterRule {
    int d_in = 1;                      ///< input dimension
    std::vector<double> weights;       ///< W_{q,k} at [k * size() + q] (coordinate-major)
    std::vector<double> biases;        ///< b_q
    std::vector<double> root_weight;   ///< √ω_q
    /// Number of nodes.
    std::size_t size() const { return biases.size(); }
};

/// The rule for `laws` with `points` nodes per continuous parameter (normal and Student-t: Gauss–Hermite in the
/// Gaussian variate the parameter is drawn from; uniform: Gauss–Legendre on its interval; Rademacher: its two
/// points; zero and sd = 0: one point). A weight is W = μ + (w − μ)/√d_in.
ParameterRule parameter_rule(const FirstLayerLaws& laws, int d_in, int points);

/// Nodes per continuous parameter of the fine rule for `continuous` such parameters: ≤ 128, and at most
/// kLawKernelBudget nodes in all (the coarse rule takes two thirds of them).
int law_kernel_points(int continuous);

/// Most nodes of the fine rule (each kernel value costs about that many σ evaluations per point and multiply-adds).
inline constexpr double kLawKernelBudget = 131072;

/// E[σ(z(x_m)) σ(z(y_j))] of a block on both rules, with the diagonals E[σ(z(x))²] (fine and coarse).
struct LawExpectations {
    std::vector<double> fine, coarse;                 ///< [m * n + j]
    std::vector<double> x_fine, x_coarse;             ///< per row m
    std::vector<double> y_fine, y_coarse;             ///< per node j
};

/// K over general first-layer laws: evaluates blocks of kernel values on a fine and a coarse rule.
class LawKernel {
public:
    /// The rules for `spec` (spec.first_layer must be set).
    explicit LawKernel(const KernelSpec& spec);
    /// The first layer's expectations for all rows xs[m] and nodes ys[j].
    LawExpectations expectations(const PointSet& xs, const PointBlock& ys) const;
    /// One-layer kernel values out[m * ys.count + j] = C_b + C_W E (K_EFT: without C_b); returns the largest error
    /// estimate C_W |E_fine − E_coarse| relative to C_b + C_W √(E[σ(z(x))²] E[σ(z(y))²]).
    double rows(const PointSet& xs, const PointBlock& ys, double* out) const;
    /// The fine rule's node count.
    std::size_t nodes() const { return kink_ ? kink_fine_.weights.size() : fine_.size(); }
    /// Whether the expectations are the closed form of σ linear on each side of 0 with normal weights (a rule over the
    /// bias law only; numeric/shifted_relu.hpp) rather than the tensor rule.
    bool kink_closed_form() const { return kink_.has_value(); }

private:
    LawExpectations kink_expectations(const PointSet& xs, const PointBlock& ys) const;

    KernelSpec spec_;
    ParameterRule fine_, coarse_;
    std::optional<KinkSlopes> kink_;        // set: σ piecewise linear at 0 and normal weights
    AxisRule kink_fine_, kink_coarse_;      // … the rules over the bias law
    double kink_bias_variance_ = 0.0;       // … a normal bias law's variance
};

}  // namespace nnft::numeric
