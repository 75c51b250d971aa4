/// `nnft action`: the quartic coupling of the action rebuilt from exact connected 4-point functions on a
/// quadrature grid (2307.03223, leading order), against the M1 fit λ0 at the same width and cutoff.
#include "app/command.hpp"
#include "app/progress.hpp"
#include "app/sampler_options.hpp"
#include "study/integrate_request.hpp"
#include "study/network_request.hpp"
#include "study/presets.hpp"
#include "common/error.hpp"
#include "eft/action.hpp"
#include "eft/action_json.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <limits>
#include <sstream>

namespace nnft::app {

namespace {

struct ActionOptions {
    std::string net = "gauss";
    std::string activation;  // --activation (overrides --net)
    std::size_t width = 0;
    std::string cutoff;
    int grid = 0;
    int rank = 0;
    double threshold = 0.0;
    bool json = false;
    std::string out = "-";
    std::string weights_law, biases_law, out_weights_law, out_bias_law;  // --weights, --biases, --out-*
};


void run_action(const ActionOptions& opt) {
    const numeric::Activation activation = net_or_activation(opt.net, opt.activation);
    eft::ActionSettings s = study::action_settings(activation);
    if (opt.width) s.net.width = opt.width;
    study::apply_law_options(s.net, {opt.weights_law, opt.biases_law, opt.out_weights_law, opt.out_bias_law});
    if (!opt.cutoff.empty()) s.cutoff = study::parse_cutoff(opt.cutoff);
    if (opt.grid) s.grid = opt.grid;
    s.rank = opt.rank;
    if (opt.threshold > 0.0) s.rank_threshold = opt.threshold;
    Progress progress("nnft action");
    s.progress = progress.callback();
    const auto t0 = std::chrono::steady_clock::now();
    const eft::ActionResult r = eft::reconstruct_quartic_vertex(s);
    progress.finish();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const std::string doc = opt.json ? eft::action_document(r, activation.name(), seconds).dump(2) + "\n"
                                    : eft::action_text(r, activation.name());
    write_output(opt.out, doc);
}

}  // namespace

void setup_action(CLI::App& app) {
    auto opt = std::make_shared<ActionOptions>();
    auto* sub = app.add_subcommand("action", "Quartic coupling of the action from exact connected 4-point functions (2307.03223) vs the M1 fit");
    const NetworkChoice network =
        add_network_choice(sub, opt->net, opt->activation, "erf, relu or gauss (defaults: the paper's width and cutoff), or tanh");
    sub->add_option("--width", opt->width, "Network width N (default: Erf 5, ReLU 20, Gauss 1000)");
    sub->add_option("--cutoff", opt->cutoff, "Box [-L, L] for the grid and for M1's vertex integral, or inf (default: Erf 100, ReLU 100, Gauss inf)");
    sub->add_option("--grid", opt->grid, "Gauss-Legendre grid points, even, 4..64 (default 24)");
    sub->add_option("--rank", opt->rank, "Eigenmodes of W^1/2 K W^1/2 kept (default: those above --threshold of the largest)");
    sub->add_option("--threshold", opt->threshold, "Relative eigenvalue threshold of the automatic rank (default 1e-2)");
    add_law_options(sub, {&opt->weights_law, &opt->biases_law, &opt->out_weights_law, &opt->out_bias_law}, {}, {});
    sub->add_flag("--json", opt->json, "Print one JSON document");
    sub->add_option("--out,-o", opt->out, "Write the result to this file (atomically)");
    sub->callback([opt, network] {
        network.require();
        check_output_path(opt->out);
        run_action(*opt);
    });
}

}  // namespace nnft::app
