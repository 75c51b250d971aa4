#include "symbolic/beta.hpp"

#include "common/error.hpp"
#include "numeric/kernels.hpp"

#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

namespace nnft::symbolic {

namespace {

/// log K_EFT(x, t·u) at 60 digits for fixed generic x and direction u.
GiNaC::numeric log_kernel_at(const SymbolicKernel& k, const GiNaC::numeric& t) {
    GiNaC::lst x, y;
    for (int i = 0; i < k.d_in; ++i) {
        // Generic points: x_i = (3 + i)/7, u_i = (5 − 2 i)/11 (no special alignment with axes or x).
        x.append(GiNaC::numeric(3 + i, 7));
        y.append(t * GiNaC::numeric(5 - 2 * i, 11));
    }
    SymbolicKernel eft = k;
    eft.eft = true;
    const GiNaC::ex v = GiNaC::evalf(kernel_expression(eft, x, y));
    if (!GiNaC::is_a<GiNaC::numeric>(v)) throw InternalError("kernel did not evaluate to a number");
    const GiNaC::numeric n = GiNaC::ex_to<GiNaC::numeric>(v).real();
    if (n.is_zero()) return GiNaC::numeric(-1000000);
    return GiNaC::log(GiNaC::abs(n));
}

}  // namespace

KernelAsymptotics kernel_asymptotics(const SymbolicKernel& kernel) {
    const int saved = GiNaC::Digits;
    GiNaC::Digits = 60;
    KernelAsymptotics out;
    try {
        const GiNaC::numeric t1 = GiNaC::numeric(10).power(20), t2 = GiNaC::numeric(10).power(40),
                             t3 = GiNaC::numeric(10).power(80);
        GiNaC::numeric l1, l2, l3;
        try {
            l1 = log_kernel_at(kernel, t1);
            l2 = log_kernel_at(kernel, t2);
            l3 = log_kernel_at(kernel, t3);
        } catch (const std::runtime_error& e) {
            // CLN's exponent range (|log| ~ 10^9) is exceeded only by decays like exp(−c t²).
            if (std::string(e.what()).find("underflow") == std::string::npos) throw;
            GiNaC::Digits = saved;
            out.power_law = false;
            return out;
        }
        const double slope12 = ((l2 - l1) / GiNaC::log(t2 / t1)).to_double();
        const double slope23 = ((l3 - l2) / GiNaC::log(t3 / t2)).to_double();
        if (slope23 < -100) {  // K ~ exp(−c t²): faster than any power
            out.power_law = false;
        } else {
            // Recognise a small-denominator rational and check that both slopes agree with it.
            bool found = false;
            for (int den = 1; den <= 12 && !found; ++den) {
                const double num = std::round(slope23 * den);
                if (std::abs(slope23 - num / den) < 1e-9 && std::abs(slope12 - num / den) < 1e-6) {
                    out.exponent = GiNaC::numeric(static_cast<long>(num), den);
                    found = true;
                }
            }
            if (!found)
                throw Error("no power law recognised in the kernel's large-|y| behaviour (slopes " + std::to_string(slope12) +
                            ", " + std::to_string(slope23) + ")");
        }
    } catch (...) {
        GiNaC::Digits = saved;
        throw;
    }
    GiNaC::Digits = saved;
    return out;
}

GiNaC::ex beta_from_asymptotics(const KernelAsymptotics& a, int d_in, int legs, const GiNaC::symbol& coupling,
                                double& exponent, int weight) {
    if (legs < 1) throw Error("a vertex needs at least one leg");
    exponent = 0.0;
    if (!a.power_law) return 0;
    const GiNaC::ex growth = d_in + weight + legs * a.exponent;
    if (!GiNaC::ex_to<GiNaC::numeric>(growth).is_positive()) return 0;
    exponent = -GiNaC::ex_to<GiNaC::numeric>(growth).to_double();
    return -growth * coupling;
}

GiNaC::ex beta_function(const SymbolicKernel& kernel, int legs, const GiNaC::symbol& coupling, double& exponent,
                        int weight) {
    return beta_from_asymptotics(kernel_asymptotics(kernel), kernel.d_in, legs, coupling, exponent, weight);
}

KernelAsymptotics measured_kernel_asymptotics(const numeric::KernelSpec& spec) {
    numeric::KernelSpec eft = spec;
    eft.eft = true;
    const numeric::Kernel k(eft);
    std::vector<double> x, u;
    for (int i = 0; i < spec.d_in; ++i) {  // the generic points of log_kernel_at
        x.push_back((3.0 + i) / 7.0);
        u.push_back((5.0 - 2.0 * i) / 11.0);
    }
    std::vector<double> logs;
    double smallest = HUGE_VAL;
    for (double t : {1e3, 1e4, 1e5, 1e6}) {
        std::vector<double> y(u);
        for (double& c : y) c *= t;
        const double v = std::abs(k(x, y));
        smallest = std::min(smallest, v);
        logs.push_back(std::log(v));
    }
    KernelAsymptotics out;
    out.measured = true;
    // Below 1e-10 of K_EFT(x, x) the kernel is at its quadrature noise: it decays faster than any power (sin, cos).
    if (!(smallest > 1e-10 * std::abs(k(x, x)))) {
        out.power_law = false;
        return out;
    }
    // Corrections fall like 1/t (tanh: slopes −2e-3, −2e-4, … ): the last two decades must match the rational.
    const double s2 = (logs[2] - logs[1]) / std::log(10.0), s3 = (logs[3] - logs[2]) / std::log(10.0);
    for (int den = 1; den <= 12; ++den) {
        const double num = std::round(s3 * den);
        if (std::abs(s3 - num / den) < 1e-3 && std::abs(s2 - num / den) < 1e-3) {
            out.exponent = GiNaC::numeric(static_cast<long>(num), den);
            return out;
        }
    }
    throw Error("no power law recognised in the large-|y| behaviour of the " + spec.activation.name() +
                " kernel (measured slopes " + std::to_string(s2) + ", " + std::to_string(s3) +
                "): its beta function is not defined by a scaling exponent");
}

}  // namespace nnft::symbolic
