#include "symbolic/beta.hpp"

#include "common/error.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

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

GiNaC::ex beta_function(const SymbolicKernel& kernel, int legs, const GiNaC::symbol& coupling, double& exponent,
                        int weight) {
    if (legs < 1) throw Error("a vertex needs at least one leg");
    const KernelAsymptotics a = kernel_asymptotics(kernel);
    if (!a.power_law) {
        exponent = 0.0;
        return 0;
    }
    const GiNaC::ex growth = kernel.d_in + weight + legs * a.exponent;
    if (!GiNaC::ex_to<GiNaC::numeric>(growth).is_positive()) {
        exponent = 0.0;
        return 0;
    }
    exponent = -GiNaC::ex_to<GiNaC::numeric>(growth).to_double();
    return -growth * coupling;
}

}  // namespace nnft::symbolic
