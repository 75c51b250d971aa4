#include "study/plots.hpp"

#include <cmath>

namespace nnft::study {

report::Plot running_plot(const eft::Running& run, double predicted_exponent, const std::string& name, const std::string& title) {
    report::Plot p;
    p.name = name;
    p.title = title + ": slope " + report::format_value_error(run.slope, run.slope_error) + ", beta/lambda " +
              report::format_number(predicted_exponent, 6);
    p.xlabel = "cutoff Lambda";
    p.ylabel = "|lambda(Lambda)|";
    p.logx = p.logy = true;
    report::Series fitted{"|lambda| fitted to exact G4_con (M1)", report::Style::errorbars, {}, {}, {}};
    report::Series beta{"beta prediction Lambda^" + report::format_number(predicted_exponent, 4), report::Style::line, {}, {}, {}};
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
    p.ylabel = "|data - prediction| / |data| (%)";
    p.logy = true;
    for (const auto& m : fits) {
        if (!m.problem.empty() || m.test_values.empty()) continue;
        report::Series s{m.name + " (test MAPE " + report::format_number(m.test.mape, 3) + "%)", report::Style::points, {}, {}, {}};
        for (std::size_t t = 0; t < m.test_values.size(); ++t) {
            s.x.push_back(static_cast<double>(t));
            s.y.push_back(100.0 * std::abs(m.test_values[t] - m.test_predictions[t]) / std::abs(m.test_values[t]));
        }
        p.series.push_back(std::move(s));
    }
    return p;
}

}  // namespace nnft::study
