#include "checks/registry.hpp"
#include "study/presets.hpp"
#include "numeric/closed_forms.hpp"
#include "numeric/kernels.hpp"
#include "numeric/tuples.hpp"
#include "sampler/network.hpp"
#include "symbolic/kernels.hpp"
#include "symbolic/lower.hpp"

#include <cmath>
#include <random>
#include <sstream>

namespace nnft::checks {

namespace {

symbolic::Correlator first_order_g4() {
    symbolic::CorrelatorRequest r;
    r.theory = diagrams::parse_theory("lambda*f^4");
    r.points = 4;
    r.orders = {{{"lambda", 1}}};
    r.filter.connected = true;
    return symbolic::build_correlator(r);
}

/// GiNaC kernels (symbolic/kernels) vs the SIMD kernels (numeric/kernels) on random points.
CheckResult kernels_agree() {
    CheckResult r{"symbolic vs SIMD kernels (erf, relu, gauss; d_in 1-3)", true, "", 0};
    std::mt19937_64 rng(7);
    std::uniform_real_distribution<double> u(-2, 2);
    double worst = 0;
    for (const char* net : {"erf", "relu", "gauss"})
        for (int d = 1; d <= 3; ++d) {
            numeric::KernelSpec spec;
            spec.activation = numeric::parse_kernel_activation(net);
            spec.d_in = d;
            spec.sigma_w = 1.3;
            spec.sigma_b = 0.7;
            const numeric::Kernel k(spec);
            const symbolic::SymbolicKernel sk{spec.activation, d, GiNaC::numeric(13, 10), GiNaC::numeric(7, 10), false};
            for (int t = 0; t < 10; ++t) {
                std::vector<double> x(d), y(d);
                for (auto& v : x) v = u(rng);
                for (auto& v : y) v = u(rng);
                const double exact = symbolic::kernel_value(sk, x, y);
                worst = std::max(worst, std::abs(k(x, y) - exact) / std::max(1.0, std::abs(exact)));
            }
        }
    r.passed = worst <= 1e-13;
    std::ostringstream os;
    os << "largest relative difference " << worst << " (criterion 1e-13), 90 points";
    r.detail = os.str();
    return r;
}

/// Lowered −24λ∫ΠK_EFT for the Gauss net over R^d against its Gaussian closed form (d_in = 1, 2).
CheckResult gauss_vertex_closed_form() {
    CheckResult r{"Gauss-net G4 vertex over R^d vs closed form (paper inputs, d_in 1-2)", true, "", 0};
    const auto c = first_order_g4();
    std::ostringstream os;
    for (int d = 1; d <= 2; ++d) {
        const auto in = study::input_set("paper:gauss", static_cast<std::size_t>(d));
        const auto points = sampler::to_point_set(in);
        symbolic::LoweringOptions lo;
        lo.kernel.activation = numeric::ActivationKind::gauss;
        lo.kernel.d_in = d;
        lo.kernel.sigma_b = 1.0;
        const auto tuples = numeric::sorted_tuples(static_cast<int>(in.count()), 4);
        const auto lc = symbolic::evaluate_correlator(c, points, tuples, lo);
        double worst = 0;
        bool covered = true, ok = true;
        for (const auto& t : lc.tuples) {
            std::vector<std::vector<double>> legs;
            for (int i : t.indices) legs.push_back(points.point(static_cast<std::size_t>(i)));
            const double exact = -24.0 * numeric::gauss_vertex_closed_form(legs, 1.0);
            const double diff = std::abs(t.terms[0].value - exact);
            worst = std::max(worst, diff / std::abs(exact));
            covered = covered && diff <= t.terms[0].error + 1e-14 * std::abs(exact);
            ok = ok && t.terms[0].status == numeric::Status::ok;
        }
        r.passed = r.passed && ok && covered && worst <= 1e-10;
        os << "d_in=" << d << ": " << tuples.size() << " tuples, worst relative error " << worst
           << (covered ? ", errors cover" : ", ERRORS DO NOT COVER") << "; ";
    }
    r.detail = os.str();
    return r;
}

/// ReLU (σ_b = 0) is homogeneous: I(Λ; x) = Λ^{d+4} I(1; x) for the 4-leg vertex over [−Λ, Λ]^d.
CheckResult relu_homogeneity() {
    CheckResult r{"ReLU vertex over the box scales as Lambda^(d_in+4) (d_in 1-3)", true, "", 0};
    const auto c = first_order_g4();
    std::ostringstream os;
    for (int d = 1; d <= 3; ++d) {
        const auto points = sampler::to_point_set(study::input_set(d == 1 ? "0.2;0.6;1.2" : (d == 2 ? "0.5,1;1,0.5;1,1" : "0.5,1,1;1,0.5,-1;1,1,0.2"),
                                                            static_cast<std::size_t>(d)));
        symbolic::LoweringOptions lo;
        lo.kernel.activation = numeric::ActivationKind::relu;
        lo.kernel.d_in = d;
        lo.kernel.sigma_b = 0.0;
        const std::vector<numeric::Tuple> tuples = {{0, 0, 1, 2}, {0, 1, 2, 2}};
        lo.cutoff = 100.0;
        const auto big = symbolic::evaluate_correlator(c, points, tuples, lo);
        lo.cutoff = 1.0;
        const auto unit = symbolic::evaluate_correlator(c, points, tuples, lo);
        double worst = 0;
        for (std::size_t i = 0; i < tuples.size(); ++i) {
            const double lhs = big.tuples[i].terms[0].value, rhs = std::pow(100.0, d + 4) * unit.tuples[i].terms[0].value;
            worst = std::max(worst, std::abs(lhs - rhs) / std::abs(lhs));
            r.passed = r.passed && lhs != 0 && big.tuples[i].terms[0].status == numeric::Status::ok;
        }
        r.passed = r.passed && worst <= 1e-10;
        os << "d_in=" << d << ": relative deviation " << worst << "; ";
    }
    r.detail = os.str();
    return r;
}

/// The Erf vertex over R diverges (K_EFT → const): the lowering must say so, not return a number.
CheckResult divergence_reported() {
    CheckResult r{"Erf vertex over R^d reported as divergent", false, "", 0};
    const auto c = first_order_g4();
    symbolic::LoweringOptions lo;
    lo.kernel.activation = numeric::ActivationKind::erf;
    lo.kernel.sigma_b = 1.0;
    const auto lc = symbolic::evaluate_correlator(c, numeric::PointSet::from_rows({{0.002}, {0.004}}), {{0, 0, 1, 1}}, lo);
    const auto& v = lc.tuples[0].terms[0];
    r.passed = v.status == numeric::Status::diverged;
    r.detail = "status " + numeric::to_string(v.status) + (v.reason.empty() ? "" : ": " + v.reason);
    return r;
}

}  // namespace

std::vector<Check> integral_checks() {
    return {{"integrals.kernels", kernels_agree},
            {"integrals.gauss_closed_form", gauss_vertex_closed_form},
            {"integrals.relu_homogeneity", relu_homogeneity},
            {"integrals.divergence", divergence_reported}};
}

namespace {
const bool kRegistered = register_check_group({20, "integrals", [](const EnsembleCheckSettings&) { return integral_checks(); }});
}  // namespace

}  // namespace nnft::checks
