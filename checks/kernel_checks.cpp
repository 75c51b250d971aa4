// nnft check, group "kernels": the GP kernels of activations without a closed form (docs/methods/kernels.md)
// against independent computations: the exact finite-width G2 of nnft exact (a single-layer network's G2 equals
// its kernel at every width; computed by quadrature over the first-layer parameters, sampler/neuron_moments.cpp),
// the closed form of leaky ReLU (a·c + (1−a)² × the arc-cosine kernel), and the measured large-|y| exponents
// behind the β-functions (the degree of σ at infinity: 0 for bounded σ, 1 for ReLU-like σ). Kernels over general
// first-layer laws (numeric/law_kernel.hpp) against the same exact G2, within their own error estimates.
#include "checks/registry.hpp"
#include "numeric/kernels.hpp"
#include "sampler/exact.hpp"
#include "symbolic/activation_expression.hpp"
#include "symbolic/beta.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <sstream>

namespace nnft::checks {

namespace {

// The largest |K − G2_exact| of a network's kernel on `inputs`, the largest part of it beyond 3 of exact's standard errors
// (its shifted grids for kinks carry ~1e-10), the largest |K|, and the kernel's own error estimate.
struct KernelVsExact {
    std::size_t pairs = 0;
    double worst = 0.0, beyond_exact = 0.0, largest = 0.0, estimate = 0.0;
};

KernelVsExact kernel_against_exact(const sampler::NetworkSpec& net, const char* inputs) {
    const sampler::InputSet in = sampler::parse_inputs(inputs, net.d_in);
    const sampler::Correlators exact = sampler::exact_correlators({net, in, 2});
    const numeric::Kernel k(numeric::gp_kernel_spec(net));
    const numeric::PointSet points = sampler::to_point_set(in);
    KernelVsExact out;
    for (const auto& e : exact.at("g2")) {
        const double kv = k(points.point(static_cast<std::size_t>(e.indices[0])), points.point(static_cast<std::size_t>(e.indices[1])));
        out.worst = std::max(out.worst, std::abs(kv - e.value));
        out.beyond_exact = std::max(out.beyond_exact, std::abs(kv - e.value) - 3.0 * e.error);
        out.largest = std::max(out.largest, std::abs(kv));
        ++out.pairs;
    }
    out.estimate = k.max_relative_error();
    return out;
}

/// K(x_i, x_j) of the quadrature kernel vs G2 of nnft exact on the same inputs: relative difference ≤ 1e-11 (the kernel's target).
CheckResult kernel_vs_exact_g2(const char* activation, std::size_t d_in, const char* inputs) {
    CheckResult r{"quadrature kernel vs exact G2, " + std::string(activation) + " d_in=" + std::to_string(d_in), true, "", 0};
    sampler::NetworkSpec net = numeric::default_network(symbolic::resolve_activation(activation));
    net.width = 3;
    net.d_in = d_in;
    const KernelVsExact c = kernel_against_exact(net, inputs);
    r.passed = c.pairs > 0 && c.worst <= 1e-11 * c.largest;
    std::ostringstream os;
    os << c.pairs << " pairs; max |K - G2_exact| / max|K| = " << c.worst / c.largest
       << " (want <= 1e-11); kernel error estimate " << c.estimate;
    r.detail = os.str();
    return r;
}

/// The kernel over general first-layer laws (numeric/law_kernel.hpp) vs G2 of nnft exact (its own quadrature): the
/// difference within the kernel's error estimate, and the estimate at most `max_estimate`.
CheckResult law_kernel_vs_exact_g2(const char* activation, const char* weights, const char* biases, const char* inputs,
                                   double max_estimate) {
    CheckResult r{"parameter-quadrature kernel vs exact G2, " + std::string(activation) + " weights " + weights +
                      " biases " + biases, true, "", 0};
    sampler::NetworkSpec net = numeric::default_network(symbolic::resolve_activation(activation));
    net.width = 3;
    net.weights = numeric::parse_law(weights);
    net.biases = numeric::parse_law(biases);
    net.output_weights = numeric::parse_law("student_t(8,1.5)");  // any zero-mean output law: its variance
    const KernelVsExact c = kernel_against_exact(net, inputs);
    r.passed = c.pairs > 0 && c.estimate <= max_estimate && c.beyond_exact <= c.estimate * c.largest + 1e-13 * c.largest;
    std::ostringstream os;
    os << c.pairs << " pairs; max |K - G2_exact| / max|K| = " << c.worst / c.largest << " (beyond 3 of exact's errors: "
       << std::max(0.0, c.beyond_exact) / c.largest << ") within the kernel's error estimate " << c.estimate << " (want <= "
       << max_estimate << ")";
    r.detail = os.str();
    return r;
}

/// leaky_relu:a through the quadrature kernel (forced) and through the closed-form kernel nnft uses for it, both vs
/// σ_b² + σ_W²(a c + (1−a)² J(v_x, v_y, c)), J the arc-cosine kernel E[relu(u) relu(v)] (E[u relu(v)] = c/2 by
/// symmetry), on random-looking points at d_in = 2.
CheckResult leaky_relu_closed_form() {
    CheckResult r{"quadrature and closed-form kernels of leaky_relu:0.1 vs the formula, d_in=2", true, "", 0};
    const double slope = 0.1, sb = 0.7, sw = 1.3;
    symbolic::ActivationParseOptions quadrature;
    quadrature.piecewise_linear = false;
    const numeric::Kernel k({symbolic::resolve_activation("leaky_relu:0.1", quadrature), 2, sw, sb, 1, false});
    const numeric::Kernel closed({symbolic::resolve_activation("leaky_relu:0.1"), 2, sw, sb, 1, false});
    double worst = 0.0, worst_closed = 0.0;
    int pairs = 0;
    for (int i = 0; i < 6; ++i)
        for (int j = 0; j < 6; ++j) {
            const std::vector<double> x{0.9 * std::cos(1.3 * i) + 0.1 * i, 0.4 * i - 1.0}, y{1.7 * std::sin(0.7 * j), 0.5 - 0.3 * j};
            const double vx = sb * sb + sw * sw * (x[0] * x[0] + x[1] * x[1]) / 2, vy = sb * sb + sw * sw * (y[0] * y[0] + y[1] * y[1]) / 2;
            const double c = sb * sb + sw * sw * (x[0] * y[0] + x[1] * y[1]) / 2, s = std::sqrt(vx * vy);
            const double rho = std::clamp(c / s, -1.0, 1.0), th = std::acos(rho);
            const double arc = s / (2 * std::numbers::pi) * (std::sqrt(1 - rho * rho) + (std::numbers::pi - th) * rho);
            const double want = sb * sb + sw * sw * (slope * c + (1 - slope) * (1 - slope) * arc);
            worst = std::max(worst, std::abs(k(x, y) - want) / (sb * sb + sw * sw * s));
            worst_closed = std::max(worst_closed, std::abs(closed(x, y) - want) / (sb * sb + sw * sw * s));
            ++pairs;
        }
    r.passed = !k.closed_form() && closed.closed_form() && worst <= 1e-11 && worst_closed <= 1e-14;
    std::ostringstream os;
    os << pairs << " pairs; max relative difference: quadrature " << worst << " (want <= 1e-11), closed form "
       << worst_closed << " (want <= 1e-14)";
    r.detail = os.str();
    return r;
}

/// The measured exponents a of K_EFT(x, t u) ~ t^a: gelu, softplus 1; tanh, sigmoid 0; sin no power law.
CheckResult measured_exponents() {
    CheckResult r{"measured large-|y| kernel exponents (beta-functions of new activations)", true, "", 0};
    std::ostringstream os;
    struct Want {
        const char* name;
        int exponent;  // −1: faster than any power
    };
    for (const Want w : {Want{"gelu", 1}, Want{"softplus", 1}, Want{"tanh", 0}, Want{"sigmoid", 0}, Want{"sin", -1}}) {
        const symbolic::KernelAsymptotics a =
            symbolic::measured_kernel_asymptotics({symbolic::resolve_activation(w.name), 1, 1.0, 1.0, 1, true});
        const bool ok = w.exponent < 0 ? !a.power_law : a.power_law && a.exponent == GiNaC::ex(w.exponent);
        r.passed = r.passed && ok;
        os << w.name << ": ";
        if (a.power_law)
            os << "a = " << a.exponent;
        else
            os << "no power law";
        os << (ok ? "" : " (WRONG)") << "; ";
    }
    r.detail = os.str();
    return r;
}

}  // namespace

std::vector<Check> kernel_checks() {
    return {
        {"kernels.gelu_exact_g2", [] { return kernel_vs_exact_g2("gelu", 1, "-1.5;-0.4;0.3;1.2;2"); }},
        {"kernels.tanh_exact_g2", [] { return kernel_vs_exact_g2("tanh", 1, "-1.5;-0.4;0.3;1.2;2"); }},
        {"kernels.silu_exact_g2_din2", [] { return kernel_vs_exact_g2("silu", 2, "-1,0.5;0.3,0.2;1.2,-0.7"); }},
        {"kernels.law_quadrature_tanh_uniform", [] {
             return law_kernel_vs_exact_g2("tanh", "uniform(-2,2)", "uniform(-1,1)", "-1.5;-0.4;0.3;1.2;2", 1e-8);
         }},
        {"kernels.law_quadrature_relu_rademacher", [] {
             return law_kernel_vs_exact_g2("relu", "normal(0.2,1)", "rademacher(0.7)", "-1.5;-0.4;0.3;1.2;2", 1e-12);
         }},
        {"kernels.leaky_relu_closed_form", [] { return leaky_relu_closed_form(); }},
        {"kernels.measured_exponents", [] { return measured_exponents(); }},
    };
}

namespace {
const bool kRegistered = register_check_group({25, "kernels", [](const EnsembleCheckSettings&) { return kernel_checks(); }});
}  // namespace

}  // namespace nnft::checks
