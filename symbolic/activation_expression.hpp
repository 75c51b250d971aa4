#pragma once
/// \file User-defined activations (`--activation EXPR`): named presets and expressions in x parsed by GiNaC,
/// checked (syntax with positions, the symbol x only, finite on the real line, a Gaussian kernel that exists)
/// and compiled into a numeric::ActivationProgram. docs/commands/sample.md lists the rules.
#include "numeric/network.hpp"

#include <ginac/ginac.h>

#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace nnft::symbolic {

/// erf(x) as a GiNaC function (GiNaC has none): numeric evaluation with std::erf, derivative 2/√π e^{−x²}.
DECLARE_FUNCTION_1P(erf)

/// A named activation and the expression in x it stands for (empty for the four built-ins).
struct ActivationPreset {
    std::string_view name;        ///< e.g. "gelu"
    std::string_view expression;  ///< e.g. "x*(1+erf(x/sqrt(2)))/2"
};

/// The presets: erf, relu, gauss, tanh (the built-ins), gelu, silu, swish, softplus, sigmoid, sin, cos, linear
/// (leaky_relu:a is parametrised: x·step(x) + a·x·step(−x)).
std::span<const ActivationPreset> activation_presets();

/// Options of the parse.
struct ActivationParseOptions {
    /// Map an expression equal to a built-in (erf(x), tanh(x), max(0,x)) to that built-in, so it gives its
    /// numbers; false forces the expression path (the benchmark's comparison of the two).
    bool map_builtins = true;
    /// Give a σ proven piecewise linear with its kink at 0 (kink_slopes_of) its closed-form kernel; false keeps
    /// the quadrature kernel (the cross-checks of the closed form).
    bool piecewise_linear = true;
};

/// The symbol x of activation expressions.
const GiNaC::symbol& activation_variable();

/// The GiNaC expression of `text` in activation_variable() (syntax and symbols checked; no other checks).
GiNaC::ex activation_ex(std::string_view text);

/// Parse an expression in x into an activation, after every check; throws nnft::Error (naming a position,
/// a symbol, a point where σ is not finite, or the growth) when it is refused.
numeric::Activation parse_activation_expression(std::string_view text, const ActivationParseOptions& options = {});

/// A preset by name (the built-ins by their own kind), `leaky_relu:a`, or else an expression in x.
numeric::Activation resolve_activation(std::string_view text, const ActivationParseOptions& options = {});

/// The slopes (σ'(u) for u > 0 and u < 0) when the expression e in activation_variable() is proven exactly linear
/// through 0 on each side with different slopes: e at x = ±s, s a positive symbol, after step and |·| of
/// arguments of proven sign are settled, expands to c₊·s resp. −c₋·s, and e(0) = 0. Nothing otherwise (never a guess:
/// max(0, x)², step(x)·tanh(x), max(0, x − 1), x are not classified). The closed-form kernel rests on this.
std::optional<numeric::KinkSlopes> kink_slopes_of(const GiNaC::ex& e);

/// The points u where the expression e in activation_variable() may not be smooth, sorted: the zeros of the arguments
/// of its step and |·| (max and min are |·| forms), located exactly when each argument is a·x + b with real a, b on
/// every piece between the kinks inside it (so min(1, max(0, x)) gives 0 and 1). Nothing when an argument is anything
/// else (step(x² − 1), |sin x|): not located.
std::optional<std::vector<double>> kink_points_of(const GiNaC::ex& e);

/// Whether σ may have a kink (a point where it is not smooth): relu, leaky_relu, and expressions written with
/// step, abs, max or min (softplus's overflow-free form counts, conservatively). Quadratures split at σ's
/// argument 0 for these.
bool has_kink(const numeric::Activation& activation);

}  // namespace nnft::symbolic
