#pragma once
/// \file Plain description of an NNGP kernel (docs/physics-setup.md §2) and its validation.
#include "numeric/network.hpp"

#include <string>
#include <string_view>

namespace nnft::numeric {

/// Parameters of a GP kernel K(x, x'); a plain aggregate, validated by `validate`.
struct KernelSpec {
    Activation activation = ActivationKind::erf;  ///< σ (closed form for erf, relu, gauss; quadrature otherwise)
    int d_in = 1;                                 ///< input dimension (≥ 1)
    double sigma_w = 1.0;  ///< weight scale σ_W (W0 ~ N(0, σ_W²/d_in), W1 ~ N(0, σ_W²/N))
    double sigma_b = 0.0;  ///< bias scale σ_b
    int depth = 1;         ///< number of hidden layers L (≥ 1; 1 for gauss)
    bool eft = false;      ///< true: return K_EFT = K − σ_b² (the output bias dropped)
};

/// Parse the name of an activation with a closed-form kernel ("erf", "relu" or "gauss"); throws
/// nnft::Error naming the accepted names otherwise.
Activation parse_kernel_activation(std::string_view name);

/// The names of the activations with a closed-form kernel joined for a message, `last` before the final
/// one: closed_form_kernel_names(" or ") is "erf, relu or gauss".
std::string closed_form_kernel_names(std::string_view last);

/// The GP kernel K of `net` (full K, bias included; set `eft` on the result for K_EFT = K − σ_b²).
/// Throws nnft::Error for non-normal or non-zero-mean parameter laws and for activations without a program.
KernelSpec gp_kernel_spec(const Network& net);

/// Whether the kernel is computed in closed form (erf, relu, gauss; deep erf and relu) rather than by quadrature.
bool has_closed_form(const KernelSpec& spec);

/// Throw nnft::Error (naming the bad parameter and the fix) unless `spec` describes a valid kernel.
void validate(const KernelSpec& spec);

}  // namespace nnft::numeric
