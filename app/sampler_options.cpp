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
    sub->add_option("--depth", o.depth, "Number of hidden layers L")->capture_default_str();
    sub->add_option("--din", o.din, "Input dimension")->capture_default_str();
    sub->add_option("--dout", o.dout, "Output dimension")->capture_default_str();
    sub->add_option("--inputs", o.inputs, "Input points \"x1;x2;…\" (coordinates comma-separated) or paper:erf|relu|gauss")
        ->required();
    sub->add_option("--max-n", o.max_n, "Largest correlator order: 2, 4 or 6")->capture_default_str();
    o.sigma_w_opt = sub->add_option("--sigma-w", o.sigma_w, "σ_W (default 1)");
    o.sigma_b_opt = sub->add_option("--sigma-b", o.sigma_b, "σ_b (default 1; ReLU 0)");
    o.mu_w_opt = sub->add_option("--mu-w", o.mu_w, "μ_W (default 0)");
    o.mu_b_opt = sub->add_option("--mu-b", o.mu_b, "μ_b (default 0)");
    const std::string laws = ": normal(mu,sigma), uniform(a,b), zero, rademacher(s) or student_t(nu,sd)";
    sub->add_option("--weights", o.weights_law, "Law of the hidden-layer weights, before 1/sqrt(fan-in)" + laws)
        ->excludes(o.sigma_w_opt)->excludes(o.mu_w_opt);
    sub->add_option("--biases", o.biases_law, "Law of the hidden-layer biases" + laws)
        ->excludes(o.sigma_b_opt)->excludes(o.mu_b_opt);
    sub->add_option("--out-weights", o.out_weights_law, "Law of the output weights, before 1/sqrt(N)" + laws)
        ->excludes(o.sigma_w_opt)->excludes(o.mu_w_opt);
    sub->add_option("--out-bias", o.out_bias_law, "Law of the output bias" + laws)
        ->excludes(o.sigma_b_opt)->excludes(o.mu_b_opt);
}

namespace {

// A --sigma-*/--mu-* value: finite, and ≥ 0 for a standard deviation (the messages of sampler::validate).
double checked_flag(double v, const char* flag, bool nonneg) {
    if (!std::isfinite(v))
        throw Error(std::string(flag) + " is not finite: give a finite number");
    if (nonneg && v < 0.0)
        throw Error(std::string(flag) + " is negative: standard deviations must be ≥ 0");
    return v;
}

// The law of a --weights/--biases/--out-* option, its flag named in the error.
numeric::ParameterLaw law_option(const std::string& text, const char* flag) {
    try {
        return numeric::parse_law(text);
    } catch (const Error& e) {
        throw Error(std::string(flag) + ": " + e.what());
    }
}

}  // namespace

numeric::Activation activation(const NetworkOptions& o) {
    const bool net = o.net_opt && o.net_opt->count() > 0, expr = o.activation_opt && o.activation_opt->count() > 0;
    if (net && expr)
        throw Error("--net and --activation both name the activation: give one of them");
    if (!net && !expr)
        throw Error("no activation: give --net erf|relu|gauss|tanh or --activation EXPR (e.g. --activation gelu)");
    return expr ? symbolic::resolve_activation(o.activation) : sampler::parse_activation(o.net);
}

CLI::Option* add_activation_option(CLI::App* sub, std::string& expression, CLI::Option* net) {
    return sub->add_option("--activation", expression,
                           "Instead of --net: a preset (gelu, silu, softplus, sigmoid, sin, cos, linear, leaky_relu:a, "
                           "tanh, ...) or an expression in x, e.g. 'x/(1+exp(-x))'")
        ->excludes(net);
}

numeric::Activation net_or_activation(const std::string& net, const std::string& expression) {
    return expression.empty() ? sampler::parse_activation(net) : symbolic::resolve_activation(expression);
}

sampler::NetworkSpec network_spec(const NetworkOptions& o) {
    sampler::NetworkSpec s = numeric::default_network(activation(o));
    s.width = o.width;
    s.depth = o.depth;
    s.d_in = o.din;
    s.d_out = o.dout;
    auto given = [](const CLI::Option* opt) { return opt && opt->count() > 0; };
    const double sigma_w = given(o.sigma_w_opt) ? checked_flag(o.sigma_w, "--sigma-w", true) : s.weights.sd();
    const double sigma_b = given(o.sigma_b_opt) ? checked_flag(o.sigma_b, "--sigma-b", true) : s.biases.sd();
    const double mu_w = given(o.mu_w_opt) ? checked_flag(o.mu_w, "--mu-w", false) : s.weights.mean();
    const double mu_b = given(o.mu_b_opt) ? checked_flag(o.mu_b, "--mu-b", false) : s.biases.mean();
    numeric::set_gaussian_weights(s, mu_w, sigma_w);
    numeric::set_gaussian_biases(s, mu_b, sigma_b);
    if (!o.weights_law.empty()) s.weights = law_option(o.weights_law, "--weights");
    if (!o.biases_law.empty()) s.biases = law_option(o.biases_law, "--biases");
    if (!o.out_weights_law.empty()) s.output_weights = law_option(o.out_weights_law, "--out-weights");
    if (!o.out_bias_law.empty()) s.output_bias = law_option(o.out_bias_law, "--out-bias");
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
