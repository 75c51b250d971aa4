#include "study/width_scaling_report.hpp"

#include "common/error.hpp"

#include <cmath>
#include <sstream>

namespace nnft::study {


bool width_scaling_agrees(const eft::WidthScaling& ws, std::string& detail) {
    std::ostringstream os;
    bool ok = true;
    auto one = [&](const char* name, const numeric::PowerLawFit& f, double exact, double chi2) {
        const double pull = (f.exponent - exact) / f.exponent_error;
        const bool good = std::isfinite(pull) && std::abs(pull) <= 3.0 && f.exponent_error <= 0.25;
        ok = ok && good;
        os << name << " sampled slope " << report::format_value_error(f.exponent, f.exponent_error) << " vs exact "
           << report::format_number(exact, 6) << " (pull " << report::format_number(pull, 3) << ", fit chi2/dof "
           << report::format_number(f.chi2, 3) << "/" << f.dof << ", sampled vs exact amplitudes chi2 "
           << report::format_number(chi2, 3) << "/" << ws.points.size() << "); ";
    };
    one("G4_con", ws.g4, ws.g4_exact_slope, ws.g4_chi2_exact);
    one("G6_con", ws.g6, ws.g6_exact_slope, ws.g6_chi2_exact);
    os << "criterion: |pull| <= 3 and slope error <= 0.25";
    detail = os.str();
    return ok;
}

report::Plot width_scaling_plot(const eft::WidthScaling& ws, const std::string& which, const std::string& name) {
    const bool g4 = which == "g4";
    if (!g4 && which != "g6") throw InternalError("width_scaling_plot: which must be g4 or g6");
    const numeric::PowerLawFit& fit = g4 ? ws.g4 : ws.g6;
    report::Plot p;
    p.name = name;
    const std::string n = g4 ? "4" : "6";
    p.title = ws.net + ": A_" + n + "(N) = G_" + n + "^{c} projected on the exact shape; slope " +
              report::format_rounded(fit.exponent, fit.exponent_error) + " (exact " +
              report::format_short(g4 ? ws.g4_exact_slope : ws.g6_exact_slope, 3) + ")";
    p.xlabel = "width N";
    p.ylabel = "A_" + n + "(N)";
    p.logx = p.logy = true;
    p.pulls = report::PullPanel{0, 1, "pull"};
    report::Series sampled{"sampled (jackknife errors)", report::Style::errorbars, {}, {}, {}};
    report::Series exact{"exact", report::Style::points, {}, {}, {}};
    report::Series line{"fit a·N^{b} to sampled", report::Style::line, {}, {}, {}};
    for (const auto& pt : ws.points) {
        const double x = static_cast<double>(pt.width);
        sampled.x.push_back(x);
        sampled.y.push_back(g4 ? pt.g4.value : pt.g6.value);
        sampled.dy.push_back(g4 ? pt.g4.error : pt.g6.error);
        exact.x.push_back(x);
        exact.y.push_back(g4 ? pt.g4_exact : pt.g6_exact);
    }
    const double lo = std::log(static_cast<double>(ws.points.front().width)), hi = std::log(static_cast<double>(ws.points.back().width));
    for (int k = 0; k <= 20; ++k) {
        const double x = std::exp(lo + (hi - lo) * k / 20.0);
        line.x.push_back(x);
        line.y.push_back(fit.amplitude * std::pow(x, fit.exponent));
    }
    p.series = {sampled, exact, line};
    return p;
}

report::Table width_scaling_table(const eft::WidthScaling& ws) {
    report::Table t;
    t.columns = {"N", "networks", "A4 sampled", "A4 exact", "pull", "A6 sampled", "A6 exact", "pull"};
    for (const auto& p : ws.points)
        t.rows.push_back({std::to_string(p.width), std::to_string(p.networks), report::format_value_error(p.g4.value, p.g4.error),
                          report::format_number(p.g4_exact, 6), report::format_number((p.g4.value - p.g4_exact) / p.g4.error, 3),
                          report::format_value_error(p.g6.value, p.g6.error), report::format_number(p.g6_exact, 6),
                          report::format_number((p.g6.value - p.g6_exact) / p.g6.error, 3)});
    return t;
}

}  // namespace nnft::study
