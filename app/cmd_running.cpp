/// `nnft beta` and `nnft rg`: the symbolic β-function of a local coupling and the numeric running λ(Λ).
#include "app/command.hpp"
#include "app/sampler_options.hpp"
#include "study/presets.hpp"
#include "common/error.hpp"
#include "diagrams/theory.hpp"
#include "eft/running.hpp"
#include "numeric/network.hpp"
#include "symbolic/beta.hpp"
#include "symbolic/functions.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <sstream>

namespace nnft::app {

namespace {

struct BetaOptions {
    std::string net = "relu";
    std::string activation;  // --activation (overrides --net)
    int d_in = 1;
    double sigma_w = 1.0;
    double sigma_b = std::nan("");
    std::string theory = "lambda*f^4 + kappa*f^6";
    std::string coupling = "lambda";
    bool json = false;
    std::string out = "-";  // beta only (rg has its own --out)
};

struct RgOptions {
    BetaOptions beta;
    std::size_t width = 20;
    std::string cutoffs;
    double min_cutoff = 100.0;
    std::string inputs;
    std::string out = "-";
};

/// σ_b as given, else the network's default (numeric::default_network: 1, ReLU 0).
double sigma_b_or_default(numeric::Activation a, double given) { return std::isnan(given) ? numeric::default_network(a).biases.sd() : given; }

/// A β-function: its text, β/g, and whether the kernel's exponent was measured (no closed form).
struct BetaResult {
    std::string text;
    double exponent = 0.0;
    bool measured = false;
};

/// β of the coupling per the theory: symbolic from the closed-form kernel, or from the exponent measured with
/// the quadrature kernel (symbolic::measured_kernel_asymptotics) for other activations.
BetaResult beta_of(const BetaOptions& opt) {
    const auto th = diagrams::parse_theory(opt.theory);
    const diagrams::InteractionTerm* term = nullptr;
    for (const auto& t : th.terms)
        if (t.coupling == opt.coupling) {
            if (term) throw Error("coupling '" + opt.coupling + "' appears in several terms: give it one term");
            term = &t;
        }
    if (!term) throw Error("coupling '" + opt.coupling + "' is not in the theory '" + th.str() + "'");
    if (term->bilocal()) throw Error("β-functions are derived for local couplings; '" + opt.coupling + "' is bilocal");
    if (opt.d_in < 1) throw Error("--din must be at least 1");
    const numeric::Activation a = net_or_activation(opt.net, opt.activation);
    const double sigma_b = sigma_b_or_default(a, opt.sigma_b);
    BetaResult r;
    symbolic::KernelAsymptotics asym;
    if (a.has_closed_form_kernel()) {
        asym = symbolic::kernel_asymptotics({a, opt.d_in, GiNaC::numeric(opt.sigma_w), GiNaC::numeric(sigma_b), true});
    } else {
        asym = symbolic::measured_kernel_asymptotics({a, opt.d_in, opt.sigma_w, sigma_b, 1, true});
        r.measured = true;
    }
    std::ostringstream os;
    os << symbolic::beta_from_asymptotics(asym, opt.d_in, term->legs(), symbolic::coupling_symbol(opt.coupling), r.exponent,
                                          term->weight_power);
    r.text = os.str();
    return r;
}

void add_kernel_options(CLI::App* sub, BetaOptions& o) {
    auto* net = sub->add_option("--net", o.net, "erf, relu, gauss (closed-form kernels) or tanh")->capture_default_str();
    add_activation_option(sub, o.activation, net);
    sub->add_option("--din", o.d_in, "Input dimension")->capture_default_str();
    sub->add_option("--sigma-w", o.sigma_w, "sigma_W")->capture_default_str();
    sub->add_option("--sigma-b", o.sigma_b, "sigma_b (default 1, ReLU 0)");
    sub->add_option("--theory", o.theory, "Theory text (the coupling's term gives legs and weight)")->capture_default_str();
    sub->add_option("--coupling", o.coupling, "Local coupling")->capture_default_str();
    sub->add_flag("--json", o.json, "Print one JSON document");
}

}  // namespace

void setup_beta(CLI::App& app) {
    auto opt = std::make_shared<BetaOptions>();
    auto* sub = app.add_subcommand("beta", "Symbolic beta function of a local coupling from the kernel's large-|y| scaling");
    add_kernel_options(sub, *opt);
    sub->add_option("--out,-o", opt->out, "Write the result to this file (atomically)")->capture_default_str();
    sub->callback([opt] {
        check_output_path(opt->out);
        const BetaResult b = beta_of(*opt);
        const std::string net = net_or_activation(opt->net, opt->activation).name();
        if (opt->json) {
            nlohmann::json j{{"net", net}, {"d_in", opt->d_in}, {"coupling", opt->coupling}, {"beta", b.text},
                             {"scaling_exponent", b.exponent}, {"method", b.measured ? "measured" : "symbolic"}};
            write_output(opt->out, j.dump(2) + "\n");
        } else {
            write_output(opt->out, "beta(" + opt->coupling + ") = " + b.text + "   (beta/" + opt->coupling + " = " +
                                       std::to_string(b.exponent) + (b.measured ? "; kernel exponent measured numerically" : "") + ")\n");
        }
    });
}

void setup_rg(CLI::App& app) {
    auto opt = std::make_shared<RgOptions>();
    auto* sub = app.add_subcommand("rg", "Running quartic coupling lambda(Lambda) from exact G4_con, its slope vs the beta function");
    add_kernel_options(sub, opt->beta);
    sub->add_option("--width", opt->width, "Network width N")->capture_default_str();
    sub->add_option("--cutoffs", opt->cutoffs, "Comma-separated cutoffs (default: the paper's sweep 7 ... 1e5)");
    sub->add_option("--min-cutoff", opt->min_cutoff, "Fit the slope over cutoffs >= this")->capture_default_str();
    sub->add_option("--inputs", opt->inputs, "Inputs (default: the paper's set for the net and d_in)");
    sub->add_option("--out,-o", opt->out, "Write the result to this file (atomically)");
    sub->callback([opt] {
        check_output_path(opt->out);
        const BetaOptions& b = opt->beta;
        if (b.coupling != "lambda" || b.theory != "lambda*f^4 + kappa*f^6")
            throw Error("nnft rg runs the quartic coupling lambda of 'lambda*f^4'; use nnft beta for other couplings");
        sampler::NetworkSpec net = numeric::default_network(net_or_activation(b.net, b.activation));
        const std::string name = net.activation.name();
        const bool paper_scale = name == "erf" || name == "gauss";  // the paper's inputs: 0.01·S for Erf and Gauss
        net.width = opt->width;
        net.d_in = static_cast<std::size_t>(b.d_in);
        numeric::set_gaussian_weights(net, 0.0, b.sigma_w);
        numeric::set_gaussian_biases(net, 0.0, sigma_b_or_default(net.activation, b.sigma_b));
        std::string inputs = opt->inputs;
        if (inputs.empty()) {
            const double f = paper_scale ? 0.01 : 1.0;
            std::ostringstream os;
            if (b.d_in == 1) os << 0.2 * f << ";" << 0.6 * f << ";" << 1.0 * f << ";" << 1.2 * f;
            else if (b.d_in == 2) os << "paper:" << (paper_scale ? name : "relu");
            else if (b.d_in == 3) os << 0.5 * f << "," << 0.5 * f << "," << f << ";" << f << "," << 0.5 * f << "," << 0.5 * f << ";" << 0.5 * f << "," << f << "," << 0.5 * f << ";" << f << "," << f << "," << f;
            else throw Error("no default inputs for d_in > 3: give --inputs");
            inputs = os.str();
        }
        const sampler::InputSet in = study::input_set(inputs, net.d_in);
        std::vector<double> cutoffs = study::paper_cutoffs();
        if (!opt->cutoffs.empty()) {
            cutoffs.clear();
            std::stringstream ss(opt->cutoffs);
            for (std::string c; std::getline(ss, c, ',');) {
                try {
                    cutoffs.push_back(std::stod(c));
                } catch (const std::exception&) {
                    throw Error("cannot read cutoff '" + c + "': give numbers separated by commas");
                }
            }
        }
        const eft::Running r = eft::run_quartic_coupling(net, in, cutoffs, opt->min_cutoff);
        const BetaResult beta = beta_of(b);
        const double predicted = beta.exponent;
        nlohmann::json j;
        j["net"] = name;
        j["d_in"] = b.d_in;
        j["width"] = opt->width;
        j["slope"] = {{"value", r.slope}, {"error", r.slope_error}, {"cutoffs_used", r.slope_points}};
        j["predicted"] = predicted;
        j["beta"] = beta.text;
        j["beta_method"] = beta.measured ? "measured" : "symbolic";
        std::ostringstream text;
        text.precision(8);
        text << "# running lambda(Lambda), " << name << " N=" << opt->width << " d_in=" << b.d_in << "\n";
        for (const auto& p : r.points) {
            j["lambda"].push_back({{"cutoff", p.cutoff}, {"value", p.value}, {"error", p.error}});
            text << "Lambda " << p.cutoff << "  lambda " << p.value << " +- " << p.error << "\n";
        }
        text << "slope d log|lambda| / d log Lambda = " << r.slope << " +- " << r.slope_error << " (" << r.slope_points
             << " cutoffs >= " << opt->min_cutoff << "); beta prediction " << predicted << " [beta = " << beta.text
             << (beta.measured ? ", kernel exponent measured numerically" : "") << "]\n";
        write_output(opt->out, b.json ? j.dump(2) + "\n" : text.str());
    });
}

}  // namespace nnft::app
