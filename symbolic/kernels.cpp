#include "symbolic/kernels.hpp"

#include "common/error.hpp"
#include "numeric/kernel_spec.hpp"

namespace nnft::symbolic {

namespace {
std::string unknown_kernel(std::string_view name) {
    return "unknown kernel '" + std::string(name) + "': use " + numeric::closed_form_kernel_names(" or ");
}
}  // namespace

numeric::Activation parse_kernel(std::string_view name) {
    const auto a = numeric::find_activation(name);
    if (!a || !a->has_closed_form_kernel()) throw Error(unknown_kernel(name));
    return *a;
}

GiNaC::ex kernel_expression(const SymbolicKernel& k, const GiNaC::lst& x, const GiNaC::lst& y) {
    if (k.d_in < 1) throw Error("d_in must be at least 1, not " + std::to_string(k.d_in));
    if (static_cast<int>(x.nops()) != k.d_in || static_cast<int>(y.nops()) != k.d_in)
        throw Error("kernel points must have d_in = " + std::to_string(k.d_in) + " coordinates");
    const GiNaC::ex sw2 = GiNaC::pow(k.sigma_w, 2), sb2 = GiNaC::pow(k.sigma_b, 2);
    const GiNaC::ex d = k.d_in;
    GiNaC::ex xx = 0, yy = 0, xy = 0, dist2 = 0;
    for (int i = 0; i < k.d_in; ++i) {
        xx += x.op(i) * x.op(i);
        yy += y.op(i) * y.op(i);
        xy += x.op(i) * y.op(i);
        dist2 += GiNaC::pow(x.op(i) - y.op(i), 2);
    }
    const GiNaC::ex vx = sb2 + sw2 * xx / d, vy = sb2 + sw2 * yy / d, c = sb2 + sw2 * xy / d;
    const GiNaC::ex cb = k.output_bias_variance ? *k.output_bias_variance : sb2;
    if (k.phase_amplitude) {
        const GiNaC::ex kernel = cb + *k.phase_amplitude * GiNaC::exp(-sw2 * dist2 / (2 * d));
        return k.eft ? kernel - cb : kernel;
    }
    GiNaC::ex expectation;  // E[σ(u)σ(v)] of the last hidden layer
    const auto slopes = k.activation.kink_slopes();
    switch (slopes ? numeric::ActivationKind::relu : k.activation.kind()) {
    case numeric::ActivationKind::erf:
        expectation = 2 / GiNaC::Pi * GiNaC::asin(2 * c / GiNaC::sqrt((1 + 2 * vx) * (1 + 2 * vy)));
        break;
    case numeric::ActivationKind::relu: {
        const GiNaC::ex cos_theta = c / GiNaC::sqrt(vx * vy);
        const GiNaC::ex theta = GiNaC::acos(cos_theta);
        const GiNaC::ex arc = GiNaC::sqrt(vx * vy) * (GiNaC::sqrt(1 - cos_theta * cos_theta) + (GiNaC::Pi - theta) * cos_theta);
        if (k.activation.kind() == numeric::ActivationKind::relu) {
            expectation = arc / (2 * GiNaC::Pi);
        } else {  // σ = q u + (p − q) relu(u): (p − q)² J + p q c (numeric/kernel_transfer.hpp)
            const GiNaC::numeric p(slopes->positive), q(slopes->negative);
            expectation = GiNaC::pow(p - q, 2) / (2 * GiNaC::Pi) * arc + p * q * c;
        }
        break;
    }
    case numeric::ActivationKind::gauss:
        expectation = GiNaC::exp(-sw2 * dist2 / (2 * d));
        break;
    default:
        throw Error(unknown_kernel(k.activation.name()));
    }
    const GiNaC::ex cw = k.output_weight_variance ? *k.output_weight_variance : sw2;
    const GiNaC::ex kernel = cb + cw * expectation;
    return k.eft ? kernel - cb : kernel;
}

SymbolicKernel symbolic_kernel(const numeric::KernelSpec& spec) {
    SymbolicKernel k{spec.activation, spec.d_in, GiNaC::numeric(spec.sigma_w), GiNaC::numeric(spec.sigma_b), spec.eft, {}};
    if (spec.phase_amplitude) k.phase_amplitude = GiNaC::ex(GiNaC::numeric(*spec.phase_amplitude));
    if (spec.output) {
        k.output_weight_variance = GiNaC::ex(GiNaC::numeric(spec.output->weights));
        k.output_bias_variance = GiNaC::ex(GiNaC::numeric(spec.output->bias));
    }
    return k;
}

double kernel_value(const SymbolicKernel& k, const std::vector<double>& x, const std::vector<double>& y) {
    GiNaC::lst xs, ys;
    for (double v : x) xs.append(GiNaC::numeric(v));
    for (double v : y) ys.append(GiNaC::numeric(v));
    const GiNaC::ex value = GiNaC::evalf(kernel_expression(k, xs, ys));
    if (!GiNaC::is_a<GiNaC::numeric>(value)) throw InternalError("kernel did not evaluate to a number");
    return GiNaC::ex_to<GiNaC::numeric>(GiNaC::ex_to<GiNaC::numeric>(value).real()).to_double();
}

}  // namespace nnft::symbolic
