#include "eft/action_json.hpp"
#include "eft/json_cutoff.hpp"
#include "sampler/ensemble.hpp"

#include <cmath>
#include <sstream>

namespace nnft::eft {

namespace {

nlohmann::json fit_json(const LocalVertexFit& f) {
    return {{"rank", f.rank},
            {"lambda", f.lambda},
            {"data_error", f.data_error},
            {"residual", f.residual},
            {"diagonal_fraction_data", f.diagonal_fraction_data},
            {"diagonal_fraction_local", f.diagonal_fraction_local}};
}

nlohmann::json grid_json(const GridVertex& g) {
    nlohmann::json j = {{"points", g.points}, {"numerical_rank", g.numerical_rank}, {"eigenvalues_relative", g.eigenvalues}};
    if (g.fit.rank > 0) j["fit"] = fit_json(g.fit);
    j["neighbours"] = nlohmann::json::array();
    for (const auto& n : g.neighbours) j["neighbours"].push_back(fit_json(n));
    return j;
}


}  // namespace

nlohmann::json action_document(const ActionResult& r, const std::string& net, double seconds) {
    const ActionSettings& s = r.settings;
    nlohmann::json doc = {{"net", net}, {"width", s.net.width}, {"cutoff", cutoff_json(s.cutoff)}, {"grid", s.grid},
                          {"rank_threshold", s.rank_threshold}, {"meaningful", r.meaningful}, {"reason", r.reason},
                          {"lambda0", {{"value", r.lambda0}, {"error", r.lambda0_error}}}, {"seconds", seconds}};
    if (!numeric::has_paper_laws(s.net)) doc["laws"] = sampler::laws_to_json(s.net);
    if (!r.meaningful) return doc;
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
    return doc;
}

std::string action_text(const ActionResult& r, const std::string& net) {
    const ActionSettings& s = r.settings;
    std::ostringstream text;
    text.precision(6);
    text << "# action from correlators, " << net << " N=" << s.net.width << ", cutoff " << (std::isinf(s.cutoff) ? std::string("inf") : cutoff_json(s.cutoff).dump()) << ", grid "
         << s.grid << "\n";
    text << "lambda0 (M1 fit)  = " << r.lambda0 << " +- " << r.lambda0_error << "\n";
    if (r.meaningful) {
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
    return text.str();
}

}  // namespace nnft::eft
