#include "study/running_request.hpp"

#include "common/error.hpp"
#include "diagrams/theory.hpp"
#include "eft/running.hpp"
#include "numeric/network.hpp"
#include "study/integrate_request.hpp"
#include "study/network_request.hpp"
#include "study/presets.hpp"
#include "symbolic/beta.hpp"
#include "symbolic/functions.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace nnft::study {

namespace {

double sigma_b_or_default(const numeric::Activation& a, const std::optional<double>& given) {
    return given ? *given : numeric::default_network(a).biases.sd();
}

// The paper's inputs of the running study for a net and d_in (0.01·S for Erf and Gauss).
std::string default_rg_inputs(const std::string& name, int d_in) {
    const bool paper_scale = name == "erf" || name == "gauss";
    const double f = paper_scale ? 0.01 : 1.0;
    std::ostringstream os;
    if (d_in == 1) os << 0.2 * f << ";" << 0.6 * f << ";" << 1.0 * f << ";" << 1.2 * f;
    else if (d_in == 2) os << "paper:" << (paper_scale ? name : "relu");
    else if (d_in == 3) os << 0.5 * f << "," << 0.5 * f << "," << f << ";" << f << "," << 0.5 * f << "," << 0.5 * f << ";" << 0.5 * f << "," << f << "," << 0.5 * f << ";" << f << "," << f << "," << f;
    else throw Error("no default inputs for d_in > 3: give --inputs");
    return os.str();
}

std::vector<double> rg_cutoffs(const std::string& text) {
    if (text.empty()) return paper_cutoffs();
    std::vector<double> cutoffs;
    std::stringstream ss(text);
    for (std::string c; std::getline(ss, c, ',');) {
        double v = 0.0;
        try {
            v = parse_cutoff(c, "--cutoffs");
        } catch (const Error& e) {
            throw Error("cannot read cutoff '" + c + "': give positive numbers separated by commas (" + e.what() + ")");
        }
        if (!std::isfinite(v)) throw Error("cannot read cutoff '" + c + "': the running needs finite cutoffs");
        cutoffs.push_back(v);
    }
    return cutoffs;
}

// The one-layer kernel of a beta/rg request (its laws, when given, through numeric::gp_kernel_spec).
KernelRequest kernel_request(const BetaRequest& b) {
    KernelRequest k;
    k.net = b.net;
    k.activation = b.activation;
    k.d_in = b.d_in;
    k.depth = b.depth;
    k.sigma_w = b.sigma_w;
    k.sigma_b = b.sigma_b;
    k.weights_law = b.weights_law;
    k.biases_law = b.biases_law;
    k.out_weights_law = b.out_weights_law;
    k.out_bias_law = b.out_bias_law;
    return k;
}

}  // namespace

BetaResult beta_function(const BetaRequest& opt) {
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
    numeric::KernelSpec spec = kernel_spec(kernel_request(opt));
    if (!(spec.sigma_w > 0.0))
        throw Error("the β-function needs --sigma-w > 0: with zero weights the kernel does not depend on the inputs");
    spec.eft = true;
    BetaResult r;
    r.net = spec.activation.name();
    symbolic::KernelAsymptotics asym;
    if (numeric::has_closed_form(spec) && spec.depth == 1) {  // the symbolic kernels are the one-layer ones
        asym = symbolic::kernel_asymptotics(symbolic::symbolic_kernel(spec));
    } else {
        asym = symbolic::measured_kernel_asymptotics(spec);
        r.measured = true;
    }
    std::ostringstream os;
    os << symbolic::beta_from_asymptotics(asym, opt.d_in, term->legs(), symbolic::coupling_symbol(opt.coupling), r.exponent,
                                          term->weight_power);
    r.text = os.str();
    return r;
}

nlohmann::json beta_document(const BetaRequest& opt, const BetaResult& b) {
    nlohmann::json j = {{"net", b.net}, {"d_in", opt.d_in}, {"coupling", opt.coupling}, {"beta", b.text},
                        {"scaling_exponent", b.exponent}, {"method", b.measured ? "measured" : "symbolic"}};
    if (opt.depth > 1) j["depth"] = opt.depth;
    return j;
}

std::string beta_text(const BetaRequest& opt, const BetaResult& b) {
    return "beta(" + opt.coupling + ") = " + b.text + "   (beta/" + opt.coupling + " = " + std::to_string(b.exponent) +
           (b.measured ? "; kernel exponent measured numerically" : "") + ")\n";
}

RgResult running_coupling(const RgRequest& opt) {
    const BetaRequest& b = opt.kernel;
    (void)diagrams::parse_theory(b.theory);  // a malformed theory is reported as such
    if (b.coupling != "lambda" || b.theory != "lambda*f^4 + kappa*f^6")
        throw Error("nnft rg runs the quartic coupling lambda of 'lambda*f^4'; use nnft beta for other couplings");
    sampler::NetworkSpec net = numeric::default_network(net_or_activation(b.net, b.activation));
    const std::string name = net.activation.name();
    net.width = opt.width;
    net.depth = static_cast<std::size_t>(std::max(1, b.depth));
    net.d_in = static_cast<std::size_t>(b.d_in);
    numeric::set_gaussian_weights(net, 0.0, b.sigma_w);
    numeric::set_gaussian_biases(net, 0.0, sigma_b_or_default(net.activation, b.sigma_b));
    apply_law_options(net, {b.weights_law, b.biases_law, b.out_weights_law, b.out_bias_law});
    const std::string inputs = opt.inputs.empty() ? default_rg_inputs(name, b.d_in) : opt.inputs;
    const sampler::InputSet in = input_set(inputs, net.d_in);
    const BetaResult beta = beta_function(b);  // first: it refuses a network without a GP kernel before the work
    const eft::Running r = eft::run_quartic_coupling(net, in, rg_cutoffs(opt.cutoffs), opt.min_cutoff, opt.progress);
    RgResult out;
    nlohmann::json& j = out.document;
    j["net"] = name;
    j["d_in"] = b.d_in;
    j["width"] = opt.width;
    if (b.depth > 1) j["depth"] = b.depth;
    j["slope"] = {{"value", r.slope}, {"error", r.slope_error}, {"cutoffs_used", r.slope_points}};
    j["predicted"] = beta.exponent;
    j["beta"] = beta.text;
    j["beta_method"] = beta.measured ? "measured" : "symbolic";
    std::ostringstream text;
    text.precision(8);
    text << "# running lambda(Lambda), " << name << " N=" << opt.width << (b.depth > 1 ? " L=" + std::to_string(b.depth) : "")
         << " d_in=" << b.d_in << "\n";
    for (const auto& p : r.points) {
        j["lambda"].push_back({{"cutoff", p.cutoff}, {"value", p.value}, {"error", p.error}});
        text << "Lambda " << p.cutoff << "  lambda " << p.value << " +- " << p.error << "\n";
    }
    text << "slope d log|lambda| / d log Lambda = " << r.slope << " +- " << r.slope_error << " (" << r.slope_points
         << " cutoffs >= " << opt.min_cutoff << "); beta prediction " << beta.exponent << " [beta = " << beta.text
         << (beta.measured ? ", kernel exponent measured numerically" : "") << "]\n";
    out.text = text.str();
    return out;
}

}  // namespace nnft::study
