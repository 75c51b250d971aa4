/// `nnft beta` and `nnft rg`: the symbolic β-function of a local coupling and the numeric running λ(Λ)
/// (study/running_request.hpp computes both documents).
#include "app/command.hpp"
#include "app/progress.hpp"
#include "app/sampler_options.hpp"
#include "study/running_request.hpp"

#include <cmath>

namespace nnft::app {

namespace {

struct BetaOptions {
    study::BetaRequest request;
    double sigma_b = std::nan("");
    bool json = false;
    std::string out = "-";  // beta only (rg has its own --out)
    NetworkChoice network;  // --net / --activation, one of them required
    /// The request with --sigma-b applied when given; throws when no network was chosen.
    study::BetaRequest resolved() const {
        network.require();
        study::BetaRequest r = request;
        if (!std::isnan(sigma_b)) r.sigma_b = sigma_b;
        return r;
    }
};

struct RgOptions {
    BetaOptions beta;
    study::RgRequest request;
    std::string out = "-";
};

void add_kernel_options(CLI::App* sub, BetaOptions& o) {
    study::BetaRequest& r = o.request;
    o.network = add_network_choice(sub, r.net, r.activation, "erf, relu, gauss (closed-form kernels) or tanh");
    sub->add_option("--din", r.d_in, "Input dimension")->capture_default_str();
    sub->add_option("--depth", r.depth, "Hidden layers L: the deep kernel K^(L) (rg's exact data: relu without biases)")
        ->capture_default_str()
        ->check(CLI::PositiveNumber);
    auto* sigma_w = sub->add_option("--sigma-w", r.sigma_w, "sigma_W")->capture_default_str();
    auto* sigma_b = sub->add_option("--sigma-b", o.sigma_b, "sigma_b (default 1, ReLU 0)");
    add_law_options(sub, {&r.weights_law, &r.biases_law, &r.out_weights_law, &r.out_bias_law}, {sigma_w}, {sigma_b});
    sub->add_option("--theory", r.theory, "Theory text (the coupling's term gives legs and weight)")->capture_default_str();
    sub->add_option("--coupling", r.coupling, "Local coupling")->capture_default_str();
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
        const study::BetaRequest r = opt->resolved();
        const study::BetaResult b = study::beta_function(r);
        write_output(opt->out, opt->json ? study::beta_document(r, b).dump(2) + "\n" : study::beta_text(r, b));
    });
}

void setup_rg(CLI::App& app) {
    auto opt = std::make_shared<RgOptions>();
    auto* sub = app.add_subcommand("rg", "Running quartic coupling lambda(Lambda) from exact G4_con, its slope vs the beta function");
    add_kernel_options(sub, opt->beta);
    sub->add_option("--width", opt->request.width, "Network width N")->capture_default_str();
    sub->add_option("--cutoffs", opt->request.cutoffs, "Comma-separated cutoffs (default: the paper's sweep 7 ... 1e5)");
    sub->add_option("--min-cutoff", opt->request.min_cutoff, "Fit the slope over cutoffs >= this")->capture_default_str();
    sub->add_option("--inputs", opt->request.inputs, "Inputs (default: the paper's set for the net and d_in)");
    sub->add_option("--out,-o", opt->out, "Write the result to this file (atomically)");
    sub->callback([opt] {
        check_output_path(opt->out);
        study::RgRequest r = opt->request;
        r.kernel = opt->beta.resolved();
        Progress progress("nnft rg");
        r.progress = progress.callback();
        const study::RgResult res = study::running_coupling(r);
        progress.finish();
        write_output(opt->out, opt->beta.json ? res.document.dump(2) + "\n" : res.text);
    });
}

}  // namespace nnft::app
