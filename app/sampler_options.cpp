#include "app/sampler_options.hpp"
#include "common/error.hpp"
#include "study/network_request.hpp"
#include "study/presets.hpp"
#include <string>

namespace nnft::app {

void add_network_options(CLI::App* sub, NetworkOptions& o) {
    o.net_opt = sub->add_option("--net", o.net, "Activation: erf, relu, gauss or tanh");
    o.activation_opt = sub->add_option("--activation", o.activation,
                                       "Activation: a preset (gelu, silu, softplus, sigmoid, sin, cos, linear, "
                                       "leaky_relu:a, or a built-in) or an expression in x, e.g. 'x/(1+exp(-x))'");
    o.width_opt = sub->add_option("--width", o.width, "Hidden width N (required unless --widths)");
    o.depth_opt = sub->add_option("--depth", o.depth, "Number of hidden layers L")->capture_default_str();
    o.widths_opt = sub->add_option("--widths", o.widths, "Unequal hidden widths N_1,...,N_L (sets the depth; instead of --width)")
                       ->delimiter(',')
                       ->excludes(o.width_opt);
    sub->add_option("--din", o.din, "Input dimension")->capture_default_str();
    sub->add_option("--dout", o.dout, "Output dimension")->capture_default_str();
    sub->add_option("--inputs", o.inputs, "Input points \"x1;x2;…\" (coordinates comma-separated) or paper:erf|relu|gauss")
        ->required();
    sub->add_option("--max-n", o.max_n, "Largest correlator order: 2, 4 or 6")->capture_default_str();
    o.sigma_w_opt = sub->add_option("--sigma-w", o.sigma_w, "σ_W (default 1)");
    o.sigma_b_opt = sub->add_option("--sigma-b", o.sigma_b, "σ_b (default 1; ReLU 0)");
    o.mu_w_opt = sub->add_option("--mu-w", o.mu_w, "μ_W (default 0)");
    o.mu_b_opt = sub->add_option("--mu-b", o.mu_b, "μ_b (default 0)");
    add_law_options(sub, {&o.weights_law, &o.biases_law, &o.out_weights_law, &o.out_bias_law}, {o.sigma_w_opt, o.mu_w_opt},
                    {o.sigma_b_opt, o.mu_b_opt});
}

void add_law_options(CLI::App* sub, const LawTexts& l, std::initializer_list<CLI::Option*> weight_flags,
                     std::initializer_list<CLI::Option*> bias_flags, const std::string& weights_name) {
    const std::string laws = ": normal(mu,sigma), uniform(a,b), zero, rademacher(s) or student_t(nu,sd)";
    auto add = [&](const std::string& name, std::string* text, const std::string& what,
                   std::initializer_list<CLI::Option*> clashes) {
        auto* opt = sub->add_option(name, *text, what + laws);
        for (CLI::Option* c : clashes)
            if (c) opt->excludes(c);
    };
    add(weights_name, l.weights, "Law of the hidden-layer weights, before 1/sqrt(fan-in)", weight_flags);
    add("--biases", l.biases, "Law of the hidden-layer biases", bias_flags);
    add("--out-weights", l.out_weights, "Law of the output weights, before 1/sqrt(N)", weight_flags);
    add("--out-bias", l.out_bias, "Law of the output bias", bias_flags);
}

study::NetworkRequest network_request(const NetworkOptions& o) {
    auto given = [](const CLI::Option* opt) { return opt && opt->count() > 0; };
    study::NetworkRequest r;
    if (given(o.net_opt)) r.net = o.net;
    if (given(o.activation_opt)) r.activation = o.activation;
    if (!given(o.width_opt) && !given(o.widths_opt))
        throw Error("the hidden width is missing: give --width N (or --widths N1,N2,... for unequal hidden layers)");
    if (given(o.widths_opt) && given(o.depth_opt) && o.depth != o.widths.size())
        throw Error("--widths lists " + std::to_string(o.widths.size()) + " widths but --depth is " + std::to_string(o.depth) +
                    ": give one width per hidden layer (or drop --depth)");
    r.width = o.width;
    r.depth = given(o.widths_opt) ? o.widths.size() : o.depth;
    r.widths = o.widths;
    r.din = o.din;
    r.dout = o.dout;
    if (given(o.sigma_w_opt)) r.sigma_w = o.sigma_w;
    if (given(o.sigma_b_opt)) r.sigma_b = o.sigma_b;
    if (given(o.mu_w_opt)) r.mu_w = o.mu_w;
    if (given(o.mu_b_opt)) r.mu_b = o.mu_b;
    r.weights_law = o.weights_law;
    r.biases_law = o.biases_law;
    r.out_weights_law = o.out_weights_law;
    r.out_bias_law = o.out_bias_law;
    return r;
}

numeric::Activation activation(const NetworkOptions& o) { return study::request_activation(network_request(o)); }

CLI::Option* add_activation_option(CLI::App* sub, std::string& expression, CLI::Option* net) {
    return sub->add_option("--activation", expression,
                           "Instead of --net: a preset (gelu, silu, softplus, sigmoid, sin, cos, linear, leaky_relu:a, "
                           "tanh, ...) or an expression in x, e.g. 'x/(1+exp(-x))'")
        ->excludes(net);
}

void NetworkChoice::require() const { study::check_activation_choice(net->count() > 0, activation->count() > 0); }

NetworkChoice add_network_choice(CLI::App* sub, std::string& net, std::string& expression, const std::string& net_help) {
    NetworkChoice c;
    c.net = sub->add_option("--net", net, net_help + " (required unless --activation)");
    c.activation = add_activation_option(sub, expression, c.net);
    return c;
}

numeric::Activation net_or_activation(const std::string& net, const std::string& expression) {
    return study::net_or_activation(net, expression);
}

sampler::NetworkSpec network_spec(const NetworkOptions& o) { return study::network_spec(network_request(o)); }

sampler::InputSet input_set(const NetworkOptions& o) { return study::input_set(o.inputs, o.din); }

std::uint64_t parse_network_count(const std::string& text) { return study::parse_network_count(text); }

}  // namespace nnft::app
