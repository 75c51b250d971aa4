#pragma once
/// \file One description of a random network (docs/physics-setup.md §1), shared by numeric/ (its GP
/// kernel), symbolic/ (the kernel as an expression) and sampler/ (ensembles and exact correlators).
/// The activation is a value, not an enumeration: the built-in closed forms are one kind of value, and
/// user-defined activations (an expression in x) and further parameter laws are added as new values.
#include "numeric/parameter_law.hpp"

#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace nnft::numeric {

class ActivationProgram;

/// The slopes of a σ that is linear on each side of a kink at 0: σ(u) = positive·u for u > 0 and negative·u for
/// u < 0, i.e. σ = negative·u + (positive − negative)·relu(u) (relu: 1, 0; leaky_relu:a: 1, a; abs: 1, −1).
struct KinkSlopes {
    double positive = 1.0;  ///< σ'(u) for u > 0
    double negative = 0.0;  ///< σ'(u) for u < 0
};

/// The built-in activations: each has a fast sampler path; erf, relu and gauss also have a GP kernel in
/// closed form. `expression`: a user-defined σ(x) (a preset such as gelu, or an expression in x), run by an
/// ActivationProgram.
enum class ActivationKind { erf, relu, gauss, tanh, expression };

/// The hidden-layer activation σ, a small value type. Gauss-net: σ(z) = exp(z) / sqrt(E[exp(2z)]).
class Activation {
public:
    /// A built-in activation (implicit, so `Activation a = ActivationKind::relu` reads naturally).
    Activation(ActivationKind kind = ActivationKind::erf) noexcept : kind_(kind) {}
    /// A user-defined activation: its display text (a preset name or the expression) and its program
    /// (null for one read back from a document, which can be named and compared but not evaluated).
    /// `slopes`: set only when σ is proven linear on each side of 0 with different slopes (the parser's exact test,
    /// symbolic/activation_expression.hpp), which gives the kernel a closed form (docs/methods/kernels.md).
    /// `kinks`: the arguments u where σ may fail to be smooth, when the parser located every one exactly (sorted);
    /// nothing when it could not (the quadratures then cannot split at them).
    static Activation expression(std::string text, std::shared_ptr<const ActivationProgram> program,
                                 std::optional<KinkSlopes> slopes = std::nullopt,
                                 std::optional<std::vector<double>> kinks = std::nullopt);
    /// Which activation; hot loops switch on it.
    ActivationKind kind() const noexcept { return kind_; }
    /// The name written to JSON: "erf", "relu", "gauss", "tanh", or an expression's text ("gelu", "sin(x)").
    std::string name() const;
    /// The program of an expression activation (null for the built-ins and for one read from a document).
    const ActivationProgram* program() const noexcept { return program_.get(); }
    /// In place, in double precision: z[i] → σ(z[i]) (libm erf and tanh, relu, exp for Gauss-net: the
    /// caller subtracts its log normaliser first; an expression through its program). Throws nnft::Error
    /// for an expression without a program.
    void apply(double* z, std::size_t n) const;
    /// Whether the single-layer GP kernel is known in closed form (erf, relu, gauss).
    bool has_closed_form_kernel() const noexcept;
    /// The slopes of a piecewise-linear σ with its kink at 0 (relu: 1, 0; an expression proven so by its parser);
    /// nothing otherwise. Such a σ has the arc-cosine closed-form kernel at every depth (numeric/kernel_transfer.hpp).
    std::optional<KinkSlopes> kink_slopes() const noexcept;
    /// The arguments u where σ may not be smooth, sorted ({0} for relu, none for erf, gauss and tanh; an expression's
    /// as its parser located them: the zeros of its step and |·| arguments), or null when they are not known.
    const std::vector<double>* kink_points() const noexcept;
    /// Whether the deep (depth > 1) NNGP recursion is implemented in closed form (erf, relu).
    bool has_deep_kernel() const noexcept;
    /// Whether the GP kernel can be computed: in closed form, or by quadrature (tanh, an expression with a
    /// program; numeric/gaussian_pair.hpp).
    bool has_kernel() const noexcept;
    /// Whether networks of more than one hidden layer are defined (not Gauss-net: its normaliser depends
    /// on the network's input).
    bool allows_depth() const noexcept { return kind_ != ActivationKind::gauss; }
    /// Equal when the same kind and (for expressions) the same text.
    friend bool operator==(const Activation& a, const Activation& b) noexcept {
        return a.kind_ == b.kind_ && a.text_ == b.text_;
    }

private:
    ActivationKind kind_;
    std::string text_;                                  // an expression's display text
    std::shared_ptr<const ActivationProgram> program_;  // an expression's program
    std::optional<KinkSlopes> slopes_;                  // an expression's slopes when piecewise linear at 0
    std::shared_ptr<const std::vector<double>> kinks_;  // an expression's kink points (null: not known)
};

/// Whether σ grows exponentially (exp(x), cosh, the Gauss-net; probed at ±20 and ±40): Gaussian integrands with such a
/// σ peak away from z = 0 and have heavy tails.
bool grows_exponentially(const Activation& a);

/// The power p with |σ(z)| ~ |z|^p at large |z| (0 for bounded σ, 1 for relu and gelu, 3 for x³; from σ at ±20, ±40 and
/// ±80), or infinity when σ grows exponentially: E[|σ(W·x + b)|ⁿ] needs the parameters' moments of order p·n.
double growth_power(const Activation& a);

/// Every built-in activation, in the order the error messages list them (erf, relu, gauss, tanh).
std::span<const ActivationKind> builtin_activations();

/// The activation called `name`, or nothing when no built-in activation has that name.
std::optional<Activation> find_activation(std::string_view name);

/// Parse "erf", "relu", "gauss" or "tanh"; throws nnft::Error naming the choices otherwise.
Activation parse_activation(std::string_view name);

/// The names of the built-in activations that satisfy `keep`, joined by ", " with `last` before the final
/// one (e.g. "erf, relu, gauss or tanh"), for error messages.
std::string activation_names(bool (*keep)(Activation), std::string_view last);

/// A fully connected network f(x) = W_L σ(… σ(W_0 x + b_0) …) + b_L: architecture and parameter laws.
/// Every entry is independent. A weight of fan-in n is W = μ + (w − μ)/√n with w drawn from its law and
/// μ the law's mean (so normal(μ_W, σ_W) gives W0 ~ N(μ_W, σ_W²/d_in), W_l ~ N(μ_W, σ_W²/N)); biases are
/// used as drawn. Hidden layers 1…L−1 use the first layer's laws (`weights`, `biases`).
struct Network {
    Activation activation = ActivationKind::erf;  ///< σ
    std::size_t width = 1;                        ///< hidden width N (with `widths`: the last hidden layer's, N_L)
    std::size_t depth = 1;                        ///< number of hidden layers L
    std::vector<std::size_t> widths;              ///< hidden widths N_1…N_L when they differ (empty: all `width`)
    std::size_t d_in = 1;                         ///< input dimension
    std::size_t d_out = 1;                        ///< output dimension
    ParameterLaw weights;                         ///< law of the hidden-layer weights w (before 1/√fan-in)
    ParameterLaw biases;                          ///< law of the hidden-layer biases
    ParameterLaw output_weights;                  ///< law of the output weights w (before 1/√N)
    ParameterLaw output_bias;                     ///< law of the output bias
};

/// Set the weights of every layer to normal(mu, sigma): the paper's (μ_W, σ_W).
void set_gaussian_weights(Network& net, double mu, double sigma);
/// Set the biases of every layer to normal(mu, sigma): the paper's (μ_b, σ_b).
void set_gaussian_biases(Network& net, double mu, double sigma);
/// True when every law is normal and the output layer has the hidden layers' laws (the paper's networks,
/// described by σ_W, σ_b, μ_W, μ_b alone).
bool has_paper_laws(const Network& net);

/// The width N_ℓ of hidden layer `layer` (1 … depth): widths[layer − 1], or `width` when widths is empty.
std::size_t hidden_width(const Network& net, std::size_t layer);
/// The largest hidden width.
std::size_t max_hidden_width(const Network& net);

/// The paper's defaults for an activation: σ_W = 1, μ = 0, σ_b = 1 (ReLU: σ_b = 0), one hidden layer.
Network default_network(Activation a);

}  // namespace nnft::numeric
