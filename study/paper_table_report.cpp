#include "study/detail/paper_table_format.hpp"
#include "study/paper_table.hpp"
#include "study/presets.hpp"

#include "eft/fit_json.hpp"

#include <cmath>
#include <sstream>

namespace nnft::study {

using detail::fmt;
using detail::kCouplings;
using detail::pm;

std::string paper_table_markdown(const PaperTable& t) {
    std::ostringstream os;
    os << "## The coupling table of 2008.08601, regenerated\n\n"
          "Couplings in nnft's convention (ΔS = +λ0∫f⁴ + λ2∫x²f⁴ + λNL∫∫f(x)²f(y)², so ΔG4 = −24λ0∫ΠK_EFT + …); the "
          "seed's printed values are multiplied by −1 (its code stored the opposite sign). Exact: fit of the exact "
          "finite-width G4_con (no noise). Sampled: mean ± error of "
       << t.settings.replicas << " independent ensembles of " << t.settings.networks / std::max(1u, t.settings.replicas)
       << " networks per input set (ours: the cumulant G4_con" << (t.settings.conditioned ? " with the output layer integrated analytically (conditioned estimator)" : "")
       << "; seed's estimator: G4 − Σ K K on plain samples); sampled metrics are those "
          "of the fit of all replicas pooled. Metrics on the test inputs, all ordered tuples; 'seed on exact' scores "
          "the seed's couplings on the exact data.\n\n";
    std::string net;
    for (const auto& r : t.rows) {
        if (r.net != net) {
            net = r.net;
            const eft::FitSettings st = study::paper_fit_settings(net);
            os << "### " << net << " N=" << st.net.width << ", cutoff " << (std::isinf(st.cutoff) ? std::string("∞") : fmt(st.cutoff))
               << "\n\n| model | coupling | exact | sampled (ours) | sampled (seed's estimator) | seed |\n|---|---|---|---|---|---|\n";
            for (const auto& q : t.rows) {
                if (q.net != net || q.model == "M0") continue;
                for (std::size_t j = 0; j < q.exact.operators.size() || (q.exact.operators.empty() && j < 1); ++j) {
                    const std::string& op = q.exact.operators.empty() ? kCouplings[j] : q.exact.operators[j];
                    const std::size_t k = static_cast<std::size_t>(std::find(kCouplings.begin(), kCouplings.end(), op) - kCouplings.begin());
                    const auto sampled = [&](const SampledModelFit& s) {
                        return s.problem.empty() ? pm(s.mean[k], s.error[k]) : std::string("—");
                    };
                    os << "| " << q.model << " | " << op << " | "
                       << (q.exact.problem.empty() ? pm(q.exact.fit.coefficients(static_cast<Eigen::Index>(j)),
                                                        q.exact.fit.standard_errors(static_cast<Eigen::Index>(j)))
                                                   : std::string("degenerate"))
                       << " | " << sampled(q.sampled) << " | " << sampled(q.sampled_seed_style) << " | " << fmt(q.seed.couplings[k], 2) << " |\n";
                }
            }
            os << "\n| model | test MAPE % exact | sampled (ours) | seed's estimator | seed | seed on exact | test MSE exact | seed |\n"
                  "|---|---|---|---|---|---|---|---|\n";
            for (const auto& q : t.rows) {
                if (q.net != net) continue;
                const auto mape = [](const SampledModelFit& s) { return s.problem.empty() ? fmt(s.test.mape) : std::string("—"); };
                os << "| " << q.model << " | " << (q.exact.problem.empty() ? fmt(q.exact.test.mape) : std::string("—")) << " | "
                   << mape(q.sampled) << " | " << mape(q.sampled_seed_style) << " | " << fmt(q.seed.test_mape) << " | "
                   << fmt(q.seed_on_exact.mape) << " | " << (q.exact.problem.empty() ? fmt(q.exact.test.mse) : std::string("—"))
                   << " | " << fmt(q.seed.test_mse, 2) << " |\n";
            }
            os << "\n";
            for (const auto& q : t.rows)
                if (q.net == net) os << "- **" << q.model << "**: " << q.explanation << "\n";
            os << "\n";
        }
    }
    os << "(" << fmt(t.seconds) << " s)\n";
    return os.str();
}

nlohmann::json paper_table_json(const PaperTable& t) {
    const auto sampled = [&](const SampledModelFit& s) {
        nlohmann::json j;
        if (!s.problem.empty()) return nlohmann::json{{"problem", s.problem}};
        for (std::size_t k = 0; k < 3; ++k)
            j["couplings"][kCouplings[k]] = {{"value", s.mean[k]}, {"error", s.error[k]}, {"scatter_1e6", s.scatter_1e6[k]}};
        j["test"] = eft::fit_metrics_to_json(s.test);
        j["test_mse_scatter_1e6"] = s.test_mse_scatter_1e6;
        return j;
    };
    nlohmann::json doc;
    doc["settings"] = {{"nets", t.settings.nets},         {"sampled", t.settings.sampled},
                       {"networks", t.settings.networks}, {"replicas", t.settings.replicas},
                       {"seed", t.settings.seed},         {"conditioned", t.settings.conditioned}};
    doc["convention"] = "dS = +lambda0 int f^4 + ...; seed values multiplied by -1 (its code stored the opposite sign)";
    doc["seconds"] = t.seconds;
    for (const auto& r : t.rows) {
        nlohmann::json j;
        j["net"] = r.net;
        j["model"] = r.model;
        nlohmann::json ex;
        if (!r.exact.problem.empty()) ex["problem"] = r.exact.problem;
        else {
            ex["couplings"] = nlohmann::json::object();
            for (std::size_t k = 0; k < r.exact.operators.size(); ++k)
                ex["couplings"][r.exact.operators[k]] = {{"value", r.exact.fit.coefficients(static_cast<Eigen::Index>(k))},
                                                         {"error", r.exact.fit.standard_errors(static_cast<Eigen::Index>(k))}};
            ex["test"] = eft::fit_metrics_to_json(r.exact.test);
        }
        j["exact"] = ex;
        j["sampled"] = sampled(r.sampled);
        j["sampled_seed_estimator"] = sampled(r.sampled_seed_style);
        for (std::size_t k = 0; k < 3; ++k) j["seed"]["couplings"][kCouplings[k]] = r.seed.couplings[k];
        j["seed"]["test"] = {{"mape", r.seed.test_mape}, {"mse", r.seed.test_mse}};
        j["seed_on_exact"] = eft::fit_metrics_to_json(r.seed_on_exact);
        j["explanation"] = r.explanation;
        doc["rows"].push_back(j);
    }
    return doc;
}

void add_paper_table_section(report::Report& report, const PaperTable& table) {
    std::string text = paper_table_markdown(table);
    text.erase(0, text.find('\n') + 1);  // the section carries the heading
    report.section("The paper's coupling table").text = text;
    report.data()["paper_table"] = paper_table_json(table);
}

}  // namespace nnft::study
