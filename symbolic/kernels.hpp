#pragma once
/// \file The GP kernels of docs/physics-setup.md §2 as exact GiNaC expressions (for printing, β-function
/// analysis and for cross-checking the numeric kernels).
#include "numeric/kernel_spec.hpp"
#include "numeric/network.hpp"

#include <ginac/ginac.h>

#include <optional>
#include <string_view>
#include <vector>

namespace nnft::symbolic {

/// Parameters of a symbolic kernel; sigma_w and sigma_b may be numbers or symbols.
struct SymbolicKernel {
    numeric::Activation activation = numeric::ActivationKind::erf;  ///< σ (erf, relu or gauss)
    int d_in = 1;                                                   ///< input dimension
    GiNaC::ex sigma_w = 1;                                          ///< weight scale σ_W
    GiNaC::ex sigma_b = 0;                                          ///< bias scale σ_b
    bool eft = false;                                               ///< true: K_EFT = K − σ_b²
    /// Set: a uniform-phase sin/cos net, K = σ_b² + amplitude · exp(−σ_W²|x−y|²/(2 d_in)) (numeric::KernelSpec).
    std::optional<GiNaC::ex> phase_amplitude{};
    /// Set when the output laws differ from the hidden layers' (numeric::KernelSpec::output): C_W of the last layer.
    std::optional<GiNaC::ex> output_weight_variance{};
    /// Set with output_weight_variance: C_b of the last layer (the constant K_EFT drops).
    std::optional<GiNaC::ex> output_bias_variance{};
};

/// The symbolic kernel of a numeric kernel spec (its numbers as GiNaC numbers).
SymbolicKernel symbolic_kernel(const numeric::KernelSpec& spec);

/// Parse the name of an activation whose kernel is known here in closed form (erf, relu, gauss); throws
/// nnft::Error ("unknown kernel '…': use erf, relu or gauss") otherwise.
numeric::Activation parse_kernel(std::string_view name);

/// K(x, y) for points given as lists of d_in coordinates (numbers or symbols).
/// Erf: σ_b² + σ_W² (2/π) asin(2c / sqrt((1+2v(x))(1+2v(y)))); ReLU: σ_b² + σ_W²/(2π) sqrt(v v')
/// (sin θ + (π−θ) cos θ), cos θ = c/sqrt(v v'); Gauss: σ_b² + σ_W² exp(−σ_W² |x−y|²/(2 d_in)) (uniform-phase
/// sin/cos: the amplitude phase_amplitude instead of σ_W²); a piecewise-linear σ with slopes p, q at its kink at 0
/// (Activation::kink_slopes): σ_b² + σ_W² ((p−q)²/(2π) sqrt(v v')(sin θ + (π−θ) cos θ) + p q c); with
/// v(x) = σ_b² + σ_W²|x|²/d_in, c = σ_b² + σ_W² x·y/d_in; with output variances, C_b and C_W replace the outer σ_b²
/// and σ_W² (not those inside v, c and the exponent). Throws nnft::Error for an activation without a
/// closed-form kernel or a bad dimension.
GiNaC::ex kernel_expression(const SymbolicKernel& k, const GiNaC::lst& x, const GiNaC::lst& y);

/// Numeric value of kernel_expression at numeric points, in double precision.
double kernel_value(const SymbolicKernel& k, const std::vector<double>& x, const std::vector<double>& y);

}  // namespace nnft::symbolic
