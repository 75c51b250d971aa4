#include "app/sampler_options.hpp"
#include "study/presets.hpp"
#include "common/error.hpp"
#include "symbolic/activation_expression.hpp"

#include <cmath>
#include <string>

namespace nnft::app {

void add_network_options(CLI::App* sub, NetworkOptions& o) {
    o.net_opt = sub->add_option("--net", o.net, "Activation: erf, relu, gauss or tanh");
    o.activation_opt = sub->add_option("--activation", o.activation,
                                       "Activation: a preset (gelu, silu, softplus, sigmoid, sin, cos, linear, "
                                       "leaky_relu:a, or a built-in) or an expression in x, e.g. 'x/(1+exp(-x))'");
    sub->add_option("--width", o.width, "Hidden width N")->required();
    sub->add_option("--depth", o.depth, "Number of hidden layers L (default 1)");
    sub->add_option("--din", o.din, "Input dimension");
    sub->add_option("--dout", o.dout, "Output dimension");
    sub->add_option("--inputs", o.inputs, "Input points \"x1;x2;…\" (coordinates comma-separated) or paper:erf|relu|gauss")
        ->required();
    sub->add_option("--max-n", o.max_n, "Largest correlator order: 2, 4 or 6");
    o.sigma_w_opt = sub->add_option("--sigma-w", o.sigma_w, "σ_W (default 1)");
    o.sigma_b_opt = sub->add_option("--sigma-b", o.sigma_b, "σ_b (default 1; ReLU 0)");
    o.mu_w_opt = sub->add_option("--mu-w", o.mu_w, "μ_W (default 0)");
    o.mu_b_opt = sub->add_option("--mu-b", o.mu_b, "μ_b (default 0)");
}

numeric::Activation activation(const NetworkOptions& o) {
    const bool net = o.net_opt && o.net_opt->count() > 0, expr = o.activation_opt && o.activation_opt->count() > 0;
    if (net && expr)
        throw Error("--net and --activation both name the activation: give one of them");
    if (!net && !expr)
        throw Error("no activation: give --net erf|relu|gauss|tanh or --activation EXPR (e.g. --activation gelu)");
    return expr ? symbolic::resolve_activation(o.activation) : sampler::parse_activation(o.net);
}

sampler::NetworkSpec network_spec(const NetworkOptions& o) {
    sampler::NetworkSpec s = sampler::default_spec(activation(o));
    s.width = o.width;
    s.depth = o.depth;
    s.d_in = o.din;
    s.d_out = o.dout;
    if (o.sigma_w_opt && o.sigma_w_opt->count() > 0)
        s.sigma_w = o.sigma_w;
    if (o.sigma_b_opt && o.sigma_b_opt->count() > 0)
        s.sigma_b = o.sigma_b;
    if (o.mu_w_opt && o.mu_w_opt->count() > 0)
        s.mu_w = o.mu_w;
    if (o.mu_b_opt && o.mu_b_opt->count() > 0)
        s.mu_b = o.mu_b;
    return s;
}

sampler::InputSet input_set(const NetworkOptions& o) { return study::input_set(o.inputs, o.din); }

std::uint64_t parse_network_count(const std::string& text) {
    double v = 0.0;
    std::size_t used = 0;
    try {
        v = std::stod(text, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used != text.size() || !std::isfinite(v) || v < 1.0 || v != std::floor(v) || v > 1e18)
        throw Error("--networks '" + text + "' is not a positive whole number: write e.g. --networks 1e6");
    return static_cast<std::uint64_t>(v);
}

}  // namespace nnft::app
