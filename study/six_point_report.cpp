#include "study/six_point_report.hpp"
#include "study/presets.hpp"

#include "eft/six_point.hpp"

#include <cmath>

namespace nnft::study {

namespace {

/// Cutoffs per net: where the vertex integrals converge within the lowering's budgets (Erf: Λ ≤ 300).
std::vector<double> ratio_cutoffs(const std::string& net) {
    if (net == "erf") return {10, 30, 100, 300};
    if (net == "relu") return {10, 100, 1000};
    return {3, 10, 30};
}

}  // namespace

void add_six_point_section(report::Report& rep, const std::vector<std::string>& nets) {
    const std::string title = "6-point prediction vs cutoff";
    auto& sec = rep.section(title);
    sec.text =
        "Ratios prediction/measured on the test inputs (exact finite-width data, each distinct sorted 6-tuple once; "
        "mean ± spread over tuples). full: G6_GP − 24λ0 Σ_15 K∫ΠK over G6 (the paper's prediction); non-Gaussian: "
        "the λ0 terms over G6 − G6_GP, alone and with the connected O(1/N²) prediction (λ0² tree exchange + κ "
        "vertex, λ0 and κ refitted at each Λ); connected: tree + κ over G6_con.";
    report::Table table;
    table.columns = {"net", "Λ", "λ0", "κ", "full (λ0)", "non-Gaussian (λ0)", "non-Gaussian (all)", "connected (all)"};
    nlohmann::json data = nlohmann::json::array();
    for (const auto& net : nets) {
        const eft::FitSettings st = study::paper_fit_settings(net);
        const auto predictions = eft::six_point_predictions(st, ratio_cutoffs(net), eft::exact_g4(st.net, st.train),
                                                       eft::exact_g6(st.net, st.train), eft::exact_g6(st.net, st.test));
        report::Plot plot;
        plot.name = "g6_prediction_ratio_" + net;
        plot.title = net + ", N = " + std::to_string(st.net.width) + ": 6-point prediction / measured vs cutoff";
        plot.xlabel = "cutoff Λ";
        plot.ylabel = "prediction / measured";
        plot.logx = true;
        plot.hlines = {1.0};
        const std::vector<std::pair<std::string, eft::RatioSummary eft::SixPointPrediction::*>> kinds = {
            {"full G_6, λ_0", &eft::SixPointPrediction::full_lambda},
            {"non-Gaussian, λ_0", &eft::SixPointPrediction::nongaussian_lambda},
            {"non-Gaussian, λ_0 + tree + κ", &eft::SixPointPrediction::nongaussian_all},
            {"connected, tree + κ", &eft::SixPointPrediction::connected_all}};
        for (const auto& [name, member] : kinds) {
            report::Series s;
            s.title = name;
            s.style = report::Style::errorbars;
            for (const auto& p : predictions) {
                s.x.push_back(p.cutoff);
                s.y.push_back((p.*member).mean);
                s.dy.push_back((p.*member).spread);
            }
            plot.series.push_back(std::move(s));
        }
        for (const auto& p : predictions) {
            const auto cell = [](const eft::RatioSummary& r) { return report::format_number(r.mean, 6) + " ± " + report::format_number(r.spread, 2); };
            table.rows.push_back({net, report::format_number(p.cutoff, 6), report::format_number(p.lambda0.value, 6),
                                  report::format_number(p.kappa.value, 6) + " ± " + report::format_number(p.kappa.error, 2),
                                  cell(p.full_lambda), cell(p.nongaussian_lambda), cell(p.nongaussian_all), cell(p.connected_all)});
            data.push_back({{"net", net},
                            {"cutoff", p.cutoff},
                            {"lambda0", p.lambda0.value},
                            {"kappa", {{"value", p.kappa.value}, {"error", p.kappa.error}}},
                            {"full_lambda", p.full_lambda.mean},
                            {"nongaussian_lambda", p.nongaussian_lambda.mean},
                            {"nongaussian_all", p.nongaussian_all.mean},
                            {"connected_all", p.connected_all.mean}});
        }
        rep.add_plot(title, std::move(plot));
    }
    rep.section(title).tables.push_back(std::move(table));
    rep.data()["six_point_predictions"] = std::move(data);
}

}  // namespace nnft::study
