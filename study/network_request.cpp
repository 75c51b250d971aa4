#include "study/network_request.hpp"

#include "common/error.hpp"
#include "sampler/ensemble.hpp"
#include "symbolic/activation_expression.hpp"

#include <algorithm>
#include <cmath>

namespace nnft::study {

namespace {

// A --sigma-*/--mu-* value: finite, and ≥ 0 for a standard deviation (the messages of sampler::validate).
double checked_flag(double v, const char* flag, bool nonneg) {
    if (!std::isfinite(v))
        throw Error(std::string(flag) + " is not finite: give a finite number");
    if (nonneg && v < 0.0)
        throw Error(std::string(flag) + " is negative: standard deviations must be ≥ 0");
    return v;
}

// A law and the σ/μ flags it replaces may not both be given (the CLI refuses this while parsing).
void refuse_law_with_flags(const NetworkRequest& r) {
    const bool w = r.sigma_w || r.mu_w, b = r.sigma_b || r.mu_b;
    for (const auto& [law, flag, clash] : {std::tuple{&r.weights_law, "--weights", w}, {&r.out_weights_law, "--out-weights", w},
                                           {&r.biases_law, "--biases", b}, {&r.out_bias_law, "--out-bias", b}})
        if (!law->empty() && clash)
            throw Error(std::string(flag) + " gives the law of a group whose --sigma-*/--mu-* is also set: give one of them");
}

}  // namespace

numeric::ParameterLaw law_option(const std::string& text, const char* flag) {
    try {
        return numeric::parse_law(text);
    } catch (const Error& e) {
        throw Error(std::string(flag) + ": " + e.what());
    }
}

void apply_law_options(numeric::Network& net, const LawOptionTexts& laws) {
    if (!laws.weights.empty()) net.weights = law_option(laws.weights, laws.weights_flag);
    if (!laws.biases.empty()) net.biases = law_option(laws.biases, "--biases");
    if (!laws.out_weights.empty()) net.output_weights = law_option(laws.out_weights, "--out-weights");
    if (!laws.out_bias.empty()) net.output_bias = law_option(laws.out_bias, "--out-bias");
}

void check_activation_choice(bool net, bool activation) {
    if (net && activation) throw Error("--net and --activation both name the activation: give one of them");
    if (!net && !activation)
        throw Error("no activation: give --net erf|relu|gauss|tanh or --activation EXPR (e.g. --activation gelu)");
}

numeric::Activation request_activation(const NetworkRequest& r) {
    check_activation_choice(r.net.has_value(), r.activation.has_value());
    return r.activation ? symbolic::resolve_activation(*r.activation) : sampler::parse_activation(*r.net);
}

numeric::Activation net_or_activation(const std::string& net, const std::string& expression) {
    return expression.empty() ? sampler::parse_activation(net) : symbolic::resolve_activation(expression);
}

namespace {

// --widths: one width per hidden layer (the depth, unless --depth says otherwise); all equal is --width N --depth L.
void apply_widths(const NetworkRequest& r, sampler::NetworkSpec& s) {
    if (r.widths.empty()) return;
    if (r.depth != 1 && r.depth != r.widths.size())
        throw Error("--widths lists " + std::to_string(r.widths.size()) + " widths but --depth is " + std::to_string(r.depth) +
                    ": give one width per hidden layer (or drop --depth)");
    for (std::size_t w : r.widths)
        if (w == 0) throw Error("a hidden width in --widths is 0: every hidden layer needs at least one neuron");
    s.depth = r.widths.size();
    s.width = r.widths.back();
    if (std::any_of(r.widths.begin(), r.widths.end(), [&](std::size_t w) { return w != s.width; })) s.widths = r.widths;
}

}  // namespace

sampler::NetworkSpec network_spec(const NetworkRequest& r) {
    sampler::NetworkSpec s = numeric::default_network(request_activation(r));
    refuse_law_with_flags(r);
    s.width = r.width;
    s.depth = r.depth;
    apply_widths(r, s);
    if (s.depth > static_cast<std::size_t>(kMaxKernelDepth))
        throw Error("--depth " + std::to_string(s.depth) + " is above " + std::to_string(kMaxKernelDepth) +
                    " hidden layers: lower --depth");
    s.d_in = r.din;
    s.d_out = r.dout;
    const double sigma_w = r.sigma_w ? checked_flag(*r.sigma_w, "--sigma-w", true) : s.weights.sd();
    const double sigma_b = r.sigma_b ? checked_flag(*r.sigma_b, "--sigma-b", true) : s.biases.sd();
    const double mu_w = r.mu_w ? checked_flag(*r.mu_w, "--mu-w", false) : s.weights.mean();
    const double mu_b = r.mu_b ? checked_flag(*r.mu_b, "--mu-b", false) : s.biases.mean();
    numeric::set_gaussian_weights(s, mu_w, sigma_w);
    numeric::set_gaussian_biases(s, mu_b, sigma_b);
    apply_law_options(s, {r.weights_law, r.biases_law, r.out_weights_law, r.out_bias_law});
    return s;
}

std::uint64_t parse_network_count(const std::string& text) {
    double v = 0.0;
    std::size_t used = 0;
    try {
        v = std::stod(text, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used != text.size() || !std::isfinite(v) || v < 1.0 || v != std::floor(v))
        throw Error("--networks '" + text + "' is not a positive whole number: write e.g. --networks 1e6");
    if (v > static_cast<double>(sampler::kMaxNetworks))
        throw Error("--networks '" + text + "': at most 1e18 networks in one run (split larger studies into runs)");
    return static_cast<std::uint64_t>(v);
}

namespace {

// The kernel of a request that names a parameter law: the network's (numeric::gp_kernel_spec).
numeric::KernelSpec kernel_of_laws(const KernelRequest& r) {
    if (r.d_in < 1) throw Error("--din must be at least 1, not " + std::to_string(r.d_in));
    if (r.depth < 1) throw Error("--depth must be at least 1, not " + std::to_string(r.depth));
    NetworkRequest n;
    if (r.activation.empty())
        n.net = r.net;
    else
        n.activation = r.activation;
    n.depth = static_cast<std::size_t>(r.depth);
    n.din = static_cast<std::size_t>(r.d_in);
    const bool weight_law = !r.weights_law.empty() || !r.out_weights_law.empty();
    if (weight_law && r.sigma_w != 1.0)
        throw Error("--sigma-w is set together with --weights/--out-weights: give the law of each weight group instead");
    if (!weight_law) n.sigma_w = r.sigma_w;
    n.sigma_b = r.sigma_b;
    n.weights_law = r.weights_law;
    n.biases_law = r.biases_law;
    n.out_weights_law = r.out_weights_law;
    n.out_bias_law = r.out_bias_law;
    numeric::KernelSpec k = numeric::gp_kernel_spec(network_spec(n));
    numeric::validate(k);
    return k;
}

}  // namespace

numeric::KernelSpec kernel_spec(const KernelRequest& r) {
    if (r.d_in > kMaxKernelDin)
        throw Error("--din " + std::to_string(r.d_in) + " is above " + std::to_string(kMaxKernelDin) +
                    " for the kernel commands (their vertex integrals run over R^d_in): lower --din");
    if (r.depth > kMaxKernelDepth)
        throw Error("--depth " + std::to_string(r.depth) + " is above " + std::to_string(kMaxKernelDepth) +
                    " hidden layers for the deep kernel: lower --depth");
    if (!r.weights_law.empty() || !r.biases_law.empty() || !r.out_weights_law.empty() || !r.out_bias_law.empty())
        return kernel_of_laws(r);
    numeric::KernelSpec k;
    k.activation = net_or_activation(r.net, r.activation);
    k.d_in = r.d_in;
    k.depth = r.depth;
    k.sigma_w = r.sigma_w;
    k.sigma_b = r.sigma_b ? *r.sigma_b : numeric::default_network(k.activation).biases.sd();
    numeric::validate(k);
    return k;
}

}  // namespace nnft::study
