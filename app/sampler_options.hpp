#pragma once
/// \file Command-line options shared by `nnft sample` and `nnft exact` (network, inputs, orders).
#include "sampler/network.hpp"
#include "study/network_request.hpp"

#include <CLI/CLI.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace nnft::app {

/// Network and input options as given on the command line.
struct NetworkOptions {
    std::string net = "erf";     ///< --net
    std::string activation;      ///< --activation (a preset or an expression in x)
    std::size_t width = 1;       ///< --width
    std::size_t depth = 1;       ///< --depth
    std::vector<std::size_t> widths;  ///< --widths N_1,…,N_L (instead of --width)
    std::size_t din = 1;         ///< --din
    std::size_t dout = 1;        ///< --dout
    std::string inputs;          ///< --inputs
    int max_n = 6;               ///< --max-n
    double sigma_w = 1.0;        ///< --sigma-w
    double sigma_b = 1.0;        ///< --sigma-b
    double mu_w = 0.0;           ///< --mu-w
    double mu_b = 0.0;           ///< --mu-b
    std::string weights_law;      ///< --weights (empty: from --sigma-w/--mu-w)
    std::string biases_law;       ///< --biases (empty: from --sigma-b/--mu-b)
    std::string out_weights_law;  ///< --out-weights (empty: from --sigma-w/--mu-w)
    std::string out_bias_law;     ///< --out-bias (empty: from --sigma-b/--mu-b)
    CLI::Option* net_opt = nullptr;         ///< set when --net was given
    CLI::Option* width_opt = nullptr;       ///< set when --width was given
    CLI::Option* widths_opt = nullptr;      ///< set when --widths was given
    CLI::Option* depth_opt = nullptr;       ///< set when --depth was given
    CLI::Option* activation_opt = nullptr;  ///< set when --activation was given
    CLI::Option* sigma_w_opt = nullptr;  ///< set when --sigma-w was given
    CLI::Option* sigma_b_opt = nullptr;  ///< set when --sigma-b was given
    CLI::Option* mu_w_opt = nullptr;     ///< set when --mu-w was given
    CLI::Option* mu_b_opt = nullptr;     ///< set when --mu-b was given
};

/// The texts of the four parameter-law options (empty: not given).
struct LawTexts {
    std::string* weights;      ///< --weights: hidden-layer weights, before 1/sqrt(fan-in)
    std::string* biases;       ///< --biases: hidden-layer biases
    std::string* out_weights;  ///< --out-weights: output weights, before 1/sqrt(N)
    std::string* out_bias;     ///< --out-bias: output bias
};

/// Register the parameter-law options of `nnft sample` (normal, uniform, zero, rademacher, student_t; parsed by
/// study::network_spec), the weight laws excluding the options in `weight_flags`, the bias laws those in
/// `bias_flags`. `weights_name` names the hidden-weight option ("--weights"; fit: "--weight-law").
void add_law_options(CLI::App* sub, const LawTexts& laws, std::initializer_list<CLI::Option*> weight_flags,
                     std::initializer_list<CLI::Option*> bias_flags, const std::string& weights_name = "--weights");

/// Register the shared options on a subcommand.
void add_network_options(CLI::App* sub, NetworkOptions& opt);

/// A --networks value ("1e6", "250000"): a positive whole number ≤ 1e18; throws nnft::Error otherwise.
std::uint64_t parse_network_count(const std::string& text);

/// The activation of --net or --activation (exactly one of them); throws nnft::Error otherwise.
numeric::Activation activation(const NetworkOptions& opt);

/// Add --activation (a preset or an expression in x) to a command whose --net has a default (integrate, fit,
/// rg, beta, action, symmetry); --net and --activation exclude each other. Returns the option.
CLI::Option* add_activation_option(CLI::App* sub, std::string& expression, CLI::Option* net);

/// The --net and --activation options of a command that computes for one network.
struct NetworkChoice {
    CLI::Option* net = nullptr;         ///< --net
    CLI::Option* activation = nullptr;  ///< --activation
    /// Throws nnft::Error (study::check_activation_choice) unless one of them was given.
    void require() const;
};

/// Register --net (bound to `net`, described by `net_help`; required unless --activation) and --activation.
NetworkChoice add_network_choice(CLI::App* sub, std::string& net, std::string& expression, const std::string& net_help);

/// The activation of such a command: the --activation expression when non-empty, else --net (erf, relu,
/// gauss or tanh).
numeric::Activation net_or_activation(const std::string& net, const std::string& expression);

/// The options as a library request (an option not given stays unset).
study::NetworkRequest network_request(const NetworkOptions& opt);

/// The network specification: the activation's defaults overridden by the flags given (study::network_spec).
sampler::NetworkSpec network_spec(const NetworkOptions& opt);

/// The parsed input points.
sampler::InputSet input_set(const NetworkOptions& opt);

}  // namespace nnft::app
