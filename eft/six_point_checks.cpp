#include "eft/checks.hpp"
#include "eft/six_point.hpp"

#include <cmath>
#include <sstream>

namespace nnft::eft {

namespace {

/// ReLU N=20, Λ=100 (paper settings, exact data): every 6-point structure is ∝ Π x_i, so κ is fixed in closed
/// form: G6_con = 82.5 Π x/N² (κ₃ of relu² moments), tree = 1.8 λ0² Π x Λ¹⁰ with λ0 = −12.5/(NΛ⁵), κ vertex
/// −(45/28) κ Π x Λ⁷ ⇒ κ = 371/(3 N² Λ⁷) (derivation in tests/unit/eft/six_point_test.cpp).
CheckResult kappa_relu() {
    CheckResult r{"kappa from exact G6_con with the lambda0^2 tree exchange, relu N=20 vs closed form", true, "", 0};
    const FitSettings st = paper_fit_settings("relu");
    const CouplingValue l0 = quartic_coupling(st, exact_g4(st.net, st.train));
    const SixPointFit fit = fit_six_point(st, l0, exact_g6(st.net, st.train), exact_g6(st.net, st.test));
    const SixPointModel& tk = fit.models[3];
    const double n = static_cast<double>(st.net.width);
    const double expected = 371.0 / (3.0 * n * n * std::pow(st.cutoff, 7));
    const double kappa = tk.problem.empty() ? tk.fit.coefficients(0) : NAN;
    r.passed = tk.problem.empty() && std::abs(kappa / expected - 1) < 1e-8 && tk.test.mape < 1e-6;
    std::ostringstream os;
    os << "kappa = " << kappa << " +- " << tk.kappa_error << " (closed form " << expected << ", criterion rel. 1e-8); test MAPE "
       << tk.test.mape << "% (tree alone " << fit.models[1].test.mape << "%: the tree exchange overshoots G6_con by 281.25/82.5)";
    r.detail = os.str();
    return r;
}

}  // namespace

std::vector<Check> six_point_checks() { return {{"eft.kappa_relu", kappa_relu}}; }

}  // namespace nnft::eft
