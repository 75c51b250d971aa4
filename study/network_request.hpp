#pragma once
/// \file Networks and kernels as the front ends (the `nnft` CLI and the Python module) name them: the
/// activation by --net or --activation, σ/μ flags or parameter laws, validated with the CLI's messages.
#include "numeric/kernel_spec.hpp"
#include "sampler/network.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace nnft::study {

/// A network as `nnft sample`/`nnft exact` take it: an unset option keeps the activation's default
/// (numeric::default_network); a law (e.g. "uniform(-1,1)") replaces the σ/μ of its group.
struct NetworkRequest {
    std::optional<std::string> net;         ///< --net: erf, relu, gauss or tanh
    std::optional<std::string> activation;  ///< --activation: a preset or an expression in x
    std::size_t width = 1;                  ///< --width
    std::size_t depth = 1;                  ///< --depth
    std::vector<std::size_t> widths;        ///< --widths N_1,…,N_L (empty: every hidden layer `width` wide)
    std::size_t din = 1;                    ///< --din
    std::size_t dout = 1;                   ///< --dout
    std::optional<double> sigma_w;          ///< --sigma-w
    std::optional<double> sigma_b;          ///< --sigma-b
    std::optional<double> mu_w;             ///< --mu-w
    std::optional<double> mu_b;             ///< --mu-b
    std::string weights_law;                ///< --weights (empty: from σ_W/μ_W)
    std::string biases_law;                 ///< --biases (empty: from σ_b/μ_b)
    std::string out_weights_law;            ///< --out-weights (empty: from σ_W/μ_W)
    std::string out_bias_law;               ///< --out-bias (empty: from σ_b/μ_b)
};

/// The law of a --weights/--biases/--out-* option (numeric::parse_law); throws nnft::Error naming `flag`.
numeric::ParameterLaw law_option(const std::string& text, const char* flag);

/// The four law options' texts of a command (empty: keep the network's law).
struct LawOptionTexts {
    const std::string& weights;      ///< hidden weights
    const std::string& biases;       ///< hidden biases
    const std::string& out_weights;  ///< output weights
    const std::string& out_bias;     ///< output bias
    const char* weights_flag = "--weights";  ///< the weights option's name in messages (fit: --weight-law)
};

/// Set the laws of `net` that `laws` gives (law_option for each; throws nnft::Error naming the option).
void apply_law_options(numeric::Network& net, const LawOptionTexts& laws);

/// Throws nnft::Error unless exactly one of --net and --activation was given: no command guesses the network.
void check_activation_choice(bool net, bool activation);

/// The activation of `net` or `activation` (exactly one of them); throws nnft::Error otherwise.
numeric::Activation request_activation(const NetworkRequest& request);

/// The network: the activation's defaults overridden by the options given; throws nnft::Error naming the
/// option (a non-finite or negative σ, a bad law, a law given together with the σ/μ it replaces).
sampler::NetworkSpec network_spec(const NetworkRequest& request);

/// The activation of a command whose --net has a default: `expression` when non-empty (a preset or an
/// expression in x), else `net` (erf, relu, gauss or tanh).
numeric::Activation net_or_activation(const std::string& net, const std::string& expression);

/// A --networks value ("1e6", "250000"): a positive whole number ≤ 1e18; throws nnft::Error otherwise.
std::uint64_t parse_network_count(const std::string& text);

/// Largest --din of the kernel commands (integrate, fit, beta, rg, action): their integrals run over R^d_in.
inline constexpr int kMaxKernelDin = 32;
/// Largest --depth of the deep kernel K^(L) (the recursion converges to its fixed point long before).
inline constexpr int kMaxKernelDepth = 1000;

/// A GP kernel as `nnft integrate` takes it (--net/--activation, --din, --depth, --sigma-w, --sigma-b, and the
/// parameter laws of `nnft sample` for the networks numeric::gp_kernel_spec accepts, e.g. a uniform-phase cos-net).
struct KernelRequest {
    std::string net = "erf";            ///< --net
    std::string activation;             ///< --activation (overrides --net when non-empty)
    int d_in = 1;                       ///< --din
    int depth = 1;                      ///< --depth
    double sigma_w = 1.0;               ///< --sigma-w
    std::optional<double> sigma_b;      ///< --sigma-b (unset: the activation's default, 1; ReLU 0)
    std::string weights_law;            ///< --weights (empty: normal(0, σ_W))
    std::string biases_law;             ///< --biases (empty: normal(0, σ_b))
    std::string out_weights_law;        ///< --out-weights (empty: normal(0, σ_W))
    std::string out_bias_law;           ///< --out-bias (empty: normal(0, σ_b))
};

/// The validated kernel of a request (numeric::validate; throws nnft::Error naming the parameter). With a law
/// given: numeric::gp_kernel_spec of the network (a law and the --sigma-* of its group may not both be given).
numeric::KernelSpec kernel_spec(const KernelRequest& request);

}  // namespace nnft::study
