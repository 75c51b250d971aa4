#pragma once
/// \file Plain description of an NNGP kernel (docs/physics-setup.md §2) and its validation.
#include <string>
#include <string_view>

namespace nnft::numeric {

/// The activation of the single-hidden-layer network whose GP kernel is used.
enum class Net { erf, relu, gauss };

/// Parameters of a GP kernel K(x, x'); a plain aggregate, validated by `validate`.
struct KernelSpec {
    Net net = Net::erf;     ///< activation
    int d_in = 1;           ///< input dimension (≥ 1)
    double sigma_w = 1.0;   ///< weight scale σ_W (W0 ~ N(0, σ_W²/d_in), W1 ~ N(0, σ_W²/N))
    double sigma_b = 0.0;   ///< bias scale σ_b
    int depth = 1;          ///< number of hidden layers L (≥ 1; > 1 only for erf and relu)
    bool eft = false;       ///< true: return K_EFT = K − σ_b² (the output bias dropped)
};

/// Parse "erf", "relu" or "gauss"; throws nnft::Error naming the accepted names otherwise.
Net parse_net(std::string_view name);

/// The lower-case name of a net ("erf", "relu", "gauss").
std::string net_name(Net net);

/// Throw nnft::Error (naming the bad parameter and the fix) unless `spec` describes a valid kernel.
void validate(const KernelSpec& spec);

}  // namespace nnft::numeric
