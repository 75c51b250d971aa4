#pragma once
/// \file Plain description of an NNGP kernel (docs/physics-setup.md §2) and its validation.
#include "numeric/network.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace nnft::numeric {

/// The output layer's variances C_W (of the weights, before 1/√N) and C_b (of the bias) when its laws differ from the
/// hidden layers': the GP kernel depends on a zero-mean output law through its variance alone.
struct OutputVariances {
    double weights = 1.0;  ///< C_W
    double bias = 0.0;     ///< C_b
};

/// The first layer's laws of a one-layer network whose kernel is computed over them (numeric/law_kernel.hpp).
struct FirstLayerLaws {
    ParameterLaw weights;  ///< law of w (W = μ + (w − μ)/√d_in)
    ParameterLaw biases;   ///< law of b
};

/// Parameters of a GP kernel K(x, x'); a plain aggregate, validated by `validate`.
struct KernelSpec {
    Activation activation = ActivationKind::erf;  ///< σ (closed form for erf, relu, gauss; quadrature otherwise)
    int d_in = 1;                                 ///< input dimension (≥ 1)
    double sigma_w = 1.0;  ///< weight scale σ_W (W0 ~ N(0, σ_W²/d_in), W1 ~ N(0, σ_W²/N))
    double sigma_b = 0.0;  ///< bias scale σ_b
    int depth = 1;         ///< number of hidden layers L (≥ 1; 1 for gauss)
    bool eft = false;      ///< true: return K_EFT = K − σ_b² (the output bias dropped)
    /// Set for a sin/cos net with a uniform phase (depth 1): K = σ_b² + amplitude · exp(−σ_W²|x−y|²/(2 d_in)),
    /// σ_W of the first-layer weights, σ_b of the output bias, amplitude = ½ Var of the output weights
    /// (docs/methods/kernels.md). Unset: the kernel of `activation` with the paper's shared laws.
    std::optional<double> phase_amplitude{};
    /// Set when the output layer's laws differ from the hidden layers': K = C_b + C_W E[σ(z_L(x)) σ(z_L(y))] with the
    /// last hidden pre-activations z_L of σ_W, σ_b (K_EFT = K − C_b). Unset: C_W = σ_W², C_b = σ_b².
    std::optional<OutputVariances> output{};
    /// Set when the first-layer laws are not zero-mean normal: E[σ(W·x + b) σ(W·y + b)] over these laws by a
    /// parameter-space quadrature (numeric/law_kernel.hpp), then (depth > 1: zero-mean weights) the recursion with
    /// σ_W = the weights' standard deviation: Gaussian with σ_b for zero-mean normal biases, over the bias law
    /// otherwise (numeric/bias_mixture.hpp); `output` set.
    std::optional<FirstLayerLaws> first_layer{};
};

/// C_W of the last layer: output->weights when set, σ_W² otherwise.
double output_weight_variance(const KernelSpec& spec);

/// C_b of the last layer (the constant K_EFT drops): output->bias when set, σ_b² otherwise.
double output_bias_variance(const KernelSpec& spec);

/// Parse the name of an activation with a closed-form kernel ("erf", "relu" or "gauss"); throws
/// nnft::Error naming the accepted names otherwise.
Activation parse_kernel_activation(std::string_view name);

/// The names of the activations with a closed-form kernel joined for a message, `last` before the final
/// one: closed_form_kernel_names(" or ") is "erf, relu or gauss".
std::string closed_form_kernel_names(std::string_view last);

/// The GP kernel K of `net` (full K, bias included; set `eft` on the result for K_EFT = K − C_b): zero-mean normal
/// hidden-layer laws with any zero-mean output laws (their variances set `output` when they differ from the hidden
/// layers'); a one-layer sin/cos net with a uniform phase (uniform_phase_kernel); other laws (not the Gauss-net; deep
/// nets: zero-mean weights, any bias law) through `first_layer`. Throws nnft::Error for non-zero-mean output laws,
/// weight means of deep networks (no limit) and activations without a program.
KernelSpec gp_kernel_spec(const Network& net);

/// The kernel of a one-layer sin/cos net whose hidden weights are normal(0, σ_W), whose bias law has a
/// characteristic function vanishing at 2 (uniform on an interval of length kπ, e.g. uniform(−π, π)) and whose
/// output laws have zero mean: K = C_b + ½ C_W exp(−σ_W²|x−y|²/(2 d_in)), C the output variances. Nothing
/// when `net` is not such a network.
std::optional<KernelSpec> uniform_phase_kernel(const Network& net);

/// Whether K is the translation-invariant Gaussian σ_b² + a·exp(−σ_W²|x−y|²/(2 d_in)) (Gauss-net, a = σ_W²;
/// a uniform-phase sin/cos net, a = phase_amplitude).
bool is_gaussian_form(const KernelSpec& spec);

/// The amplitude a of a Gaussian-form kernel (C_W for Gauss-net, σ_W² with the paper's laws; phase_amplitude
/// otherwise).
double gaussian_amplitude(const KernelSpec& spec);

/// Whether the kernel is computed in closed form (erf, relu, gauss, uniform-phase sin/cos, piecewise-linear σ with
/// its kink at 0; deep erf, relu and piecewise-linear) rather than by quadrature.
bool has_closed_form(const KernelSpec& spec);

/// Throw nnft::Error (naming the bad parameter and the fix) unless `spec` describes a valid kernel.
void validate(const KernelSpec& spec);

}  // namespace nnft::numeric
