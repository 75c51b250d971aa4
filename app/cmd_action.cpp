/// `nnft action`: the quartic coupling of the action rebuilt from exact connected 4-point functions on a
/// quadrature grid (2307.03223, leading order), against the M1 fit λ0 at the same width and cutoff.
#include "app/command.hpp"
#include "study/presets.hpp"
#include "common/error.hpp"
#include "eft/action.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <limits>
#include <sstream>

namespace nnft::app {

namespace {

struct ActionOptions {
    std::string net = "gauss";
    std::size_t width = 0;
    std::string cutoff;
    int grid = 0;
    int rank = 0;
    double threshold = 0.0;
    bool json = false;
    std::string out = "-";
};

double parse_cutoff(const std::string& text) {
    if (text == "inf") return std::numeric_limits<double>::infinity();
    std::size_t used = 0;
    double v = -1.0;
    try {
        v = std::stod(text, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used != text.size() || !(v > 0.0) || !std::isfinite(v)) throw Error("--cutoff '" + text + "': give a positive number or 'inf'");
    return v;
}

nlohmann::json fit_json(const eft::LocalVertexFit& f) {
    return {{"rank", f.rank},
            {"lambda", f.lambda},
            {"data_error", f.data_error},
            {"residual", f.residual},
            {"diagonal_fraction_data", f.diagonal_fraction_data},
            {"diagonal_fraction_local", f.diagonal_fraction_local}};
}

nlohmann::json grid_json(const eft::GridVertex& g) {
    nlohmann::json j = {{"points", g.points}, {"numerical_rank", g.numerical_rank}, {"eigenvalues_relative", g.eigenvalues}};
    if (g.fit.rank > 0) j["fit"] = fit_json(g.fit);
    j["neighbours"] = nlohmann::json::array();
    for (const auto& n : g.neighbours) j["neighbours"].push_back(fit_json(n));
    return j;
}

void run_action(const ActionOptions& opt) {
    eft::ActionSettings s = study::paper_action_settings(opt.net);
    if (opt.width) s.net.width = opt.width;
    if (!opt.cutoff.empty()) s.cutoff = parse_cutoff(opt.cutoff);
    if (opt.grid) s.grid = opt.grid;
    s.rank = opt.rank;
    if (opt.threshold > 0.0) s.rank_threshold = opt.threshold;
    const auto t0 = std::chrono::steady_clock::now();
    const eft::ActionResult r = eft::reconstruct_quartic_vertex(s);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const nlohmann::json cutoff = std::isinf(s.cutoff) ? nlohmann::json("inf") : nlohmann::json(s.cutoff);
    std::ostringstream text;
    text.precision(6);
    text << "# action from correlators, " << opt.net << " N=" << s.net.width << ", cutoff " << cutoff.dump() << ", grid " << s.grid << "\n";
    text << "lambda0 (M1 fit)  = " << r.lambda0 << " +- " << r.lambda0_error << "\n";
    nlohmann::json doc = {{"net", opt.net}, {"width", s.net.width}, {"cutoff", cutoff}, {"grid", s.grid},
                          {"rank_threshold", s.rank_threshold}, {"meaningful", r.meaningful}, {"reason", r.reason},
                          {"lambda0", {{"value", r.lambda0}, {"error", r.lambda0_error}}}, {"seconds", seconds}};
    if (r.meaningful) {
        doc["lambda_action"] = {{"value", r.lambda_action},
                                {"error", r.lambda_error},
                                {"error_data", r.error_data},
                                {"error_rank", r.error_rank},
                                {"error_grid", r.error_grid}};
        doc["pull"] = r.pull;
        doc["stable"] = r.stable;
        doc["verdict"] = r.verdict;
        doc["ratio"] = r.lambda_action / r.lambda0;
        doc["locality"] = {{"residual", r.main.fit.residual},
                           {"diagonal_fraction_data", r.main.fit.diagonal_fraction_data},
                           {"diagonal_fraction_local", r.main.fit.diagonal_fraction_local},
                           {"without_product_term", fit_json(r.main.without_product)}};
        doc["main_grid"] = grid_json(r.main);
        doc["coarse_grid"] = grid_json(r.coarse);
        text << "lambda_action     = " << r.lambda_action << " +- " << r.lambda_error << "  (data " << r.error_data << ", rank "
             << r.error_rank << ", grid " << r.error_grid << ")\n";
        text << "ratio " << r.lambda_action / r.lambda0 << ", pull " << r.pull << "\n";
        text << "rank " << r.main.fit.rank << " of numerical rank " << r.main.numerical_rank << "; locality: residual "
             << r.main.fit.residual << ", diagonal fraction data " << r.main.fit.diagonal_fraction_data << " vs local model "
             << r.main.fit.diagonal_fraction_local << "\n";
        text << "without the bilocal product part -(1/N) sum_3 K_ab K_cd of G4_con: lambda " << r.main.without_product.lambda
             << ", residual " << r.main.without_product.residual << "\n";
        text << "verdict: " << r.verdict << "\n";
    } else {
        text << "lambda_action: not determined\n";
    }
    text << "note: " << r.reason << "\n";
    write_output(opt.out, opt.json ? doc.dump(2) + "\n" : text.str());
}

}  // namespace

void setup_action(CLI::App& app) {
    auto opt = std::make_shared<ActionOptions>();
    auto* sub = app.add_subcommand("action", "Quartic coupling of the action from exact connected 4-point functions (2307.03223) vs the M1 fit");
    sub->add_option("--net", opt->net, "erf, relu or gauss (defaults: the paper's width and cutoff)")->capture_default_str();
    sub->add_option("--width", opt->width, "Network width N (default: Erf 5, ReLU 20, Gauss 1000)");
    sub->add_option("--cutoff", opt->cutoff, "Box [-L, L] for the grid and for M1's vertex integral, or inf (default: Erf 100, ReLU 100, Gauss inf)");
    sub->add_option("--grid", opt->grid, "Gauss-Legendre grid points, even, 4..64 (default 24)");
    sub->add_option("--rank", opt->rank, "Eigenmodes of W^1/2 K W^1/2 kept (default: those above --threshold of the largest)");
    sub->add_option("--threshold", opt->threshold, "Relative eigenvalue threshold of the automatic rank (default 1e-2)");
    sub->add_flag("--json", opt->json, "Print one JSON document");
    sub->add_option("--out,-o", opt->out, "Write the result to this file (atomically)");
    sub->callback([opt] { run_action(*opt); });
}

}  // namespace nnft::app
