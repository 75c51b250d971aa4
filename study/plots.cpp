#include "study/plots.hpp"

#include <cmath>

namespace nnft::study {

report::Plot running_plot(const eft::Running& run, double predicted_exponent, const std::string& name, const std::string& title) {
    report::Plot p;
    p.name = name;
    p.title = title + ": slope " + report::format_rounded(run.slope, run.slope_error) + " (β/λ = " +
              report::format_short(predicted_exponent, 4) + ")";
    p.xlabel = "cutoff Λ";
    p.ylabel = "|λ(Λ)|";
    p.logx = p.logy = true;
    report::Series fitted{"|λ| fitted to exact G_4^{c} (M1)", report::Style::errorbars, {}, {}, {}};
    report::Series beta{"β prediction ∝ Λ^{" + report::format_short(predicted_exponent, 4) + "}", report::Style::line, {}, {}, {}};
    for (const auto& c : run.points) {
        fitted.x.push_back(c.cutoff);
        fitted.y.push_back(std::abs(c.value));
        fitted.dy.push_back(c.error);
    }
    if (!run.points.empty()) {
        const eft::CouplingAtCutoff& ref = run.points.back();
        for (const auto& c : run.points) {
            beta.x.push_back(c.cutoff);
            beta.y.push_back(std::abs(ref.value) * std::pow(c.cutoff / ref.cutoff, predicted_exponent));
        }
    }
    p.series = {fitted, beta};
    return p;
}

report::Plot fit_residual_plot(const std::vector<eft::ModelFit>& fits, const std::string& name, const std::string& title) {
    report::Plot p;
    p.name = name;
    p.title = title;
    p.xlabel = "ordered test tuple";
    p.ylabel = "|data − prediction| / |data| (%)";
    p.logy = true;
    for (const auto& m : fits) {
        if (!m.problem.empty() || m.test_values.empty()) continue;
        report::Series s{m.name + " (test MAPE " + report::format_short(m.test.mape, 2) + " %)", report::Style::points, {}, {}, {}};
        for (std::size_t t = 0; t < m.test_values.size(); ++t) {
            s.x.push_back(static_cast<double>(t));
            s.y.push_back(100.0 * std::abs(m.test_values[t] - m.test_predictions[t]) / std::abs(m.test_values[t]));
        }
        p.series.push_back(std::move(s));
    }
    return p;
}

}  // namespace nnft::study
