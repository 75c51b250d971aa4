#include "eft/running.hpp"

#include "common/error.hpp"
#include "eft/coupling_fit.hpp"

#include <cmath>

namespace nnft::eft {


Running run_quartic_coupling(const sampler::NetworkSpec& net, const sampler::InputSet& inputs,
                             const std::vector<double>& cutoffs, double min_cutoff, const ProgressFn& progress) {
    if (cutoffs.empty()) throw Error("no cutoffs given: list at least two, e.g. --cutoffs 10,100,1000");
    for (double c : cutoffs)
        if (!(c > 0) || !std::isfinite(c)) throw Error("cutoffs must be positive and finite");
    const G4Data data = exact_g4(net, inputs);
    Running out;
    std::vector<double> xs, ys;
    for (double c : cutoffs) {
        FitSettings st;
        st.net = net;
        st.cutoff = c;
        st.train = st.test = inputs;
        st.models = {"M1"};
        const auto fits = fit_couplings(st, data, data);
        if (!fits[0].problem.empty()) throw Error("lambda at cutoff " + std::to_string(c) + ": " + fits[0].problem);
        const CouplingAtCutoff p{c, fits[0].fit.coefficients(0), fits[0].fit.standard_errors(0)};
        out.points.push_back(p);
        if (c >= min_cutoff) {
            xs.push_back(std::log(c));
            ys.push_back(std::log(std::abs(p.value)));
        }
        report_progress(progress, out.points.size(), cutoffs.size(), "cutoffs");
    }
    if (xs.size() < 2) throw Error("fewer than two cutoffs are >= the slope's minimum cutoff: add cutoffs or lower it");
    Eigen::MatrixXd a(static_cast<Eigen::Index>(xs.size()), 2);
    Eigen::VectorXd b(static_cast<Eigen::Index>(xs.size()));
    for (std::size_t i = 0; i < xs.size(); ++i) {
        a(static_cast<Eigen::Index>(i), 0) = 1.0;
        a(static_cast<Eigen::Index>(i), 1) = xs[i];
        b(static_cast<Eigen::Index>(i)) = ys[i];
    }
    const numeric::LinearFit f = numeric::least_squares(a, b, {"log_amplitude", "slope"});
    out.slope = f.coefficients(1);
    out.slope_error = f.standard_errors(1);
    out.slope_points = static_cast<int>(xs.size());
    return out;
}


}  // namespace nnft::eft
