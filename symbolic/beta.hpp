#pragma once
/// \file β-functions of local couplings from the large-|y| scaling of the GP kernel (2008.08601 §4,
/// the talk's "β(λ) = −(d_in + 4)λ for ReLU-net").
///
/// ΔG_n = −c λ ∫_{|y|<Λ} Π_{i≤n} K_EFT(x_i, y) d^{d_in}y must not depend on Λ, so β = dλ/dlog Λ =
/// −λ dlog I/dlog Λ. If K_EFT(x, t u) ~ t^a as t → ∞ (u a direction), then I(Λ) ~ Λ^{d_in + n a} and
/// β = −(d_in + n a) λ when d_in + n a > 0; otherwise I(Λ) converges and λ stops running (β → 0).
#include "numeric/kernel_spec.hpp"
#include "symbolic/kernels.hpp"

#include <ginac/ginac.h>

#include <string>

namespace nnft::symbolic {

/// The asymptotic behaviour of a kernel at large |y|.
struct KernelAsymptotics {
    bool power_law = true;   ///< false when K_EFT decays faster than any power (Gauss net)
    GiNaC::ex exponent = 0;  ///< a in K_EFT(x, t u) ~ t^a (exact rational) when power_law
    bool measured = false;   ///< true when a was measured with the quadrature kernel, not from a closed form
};

/// Determine a from the GiNaC kernel expression evaluated at 60 significant digits along t = 10^20,
/// 10^40, 10^80 in a generic direction, recognised as a rational with denominator <= 12 and verified
/// (the ratio K(t)/t^a must settle to 1e-12). Throws nnft::Error if no exponent is recognised.
KernelAsymptotics kernel_asymptotics(const SymbolicKernel& kernel);

/// The same for an activation without a closed-form kernel, measured: log|K_EFT(x, t u)| from the quadrature
/// kernel (numeric::Kernel) at t = 10³ … 10⁶ in a generic direction; the slopes of the last two decades must
/// match a rational with denominator <= 12 within 1e-3, else nnft::Error. A kernel that falls below 1e-10 of
/// K_EFT(x, x) (its quadrature noise) decays faster than any power (power_law false).
KernelAsymptotics measured_kernel_asymptotics(const numeric::KernelSpec& spec);

/// β(g) from known asymptotics: −(d_in + weight + legs·a) g, or 0 when the vertex integral converges.
GiNaC::ex beta_from_asymptotics(const KernelAsymptotics& a, int d_in, int legs, const GiNaC::symbol& coupling,
                                double& exponent, int weight = 0);

/// β(g) for a local coupling g of a vertex with `legs` legs and position weight |y|^weight: the expression
/// −(d_in + weight + legs·a) g, or 0 when the vertex integral converges at large Λ; `exponent` receives β/g.
GiNaC::ex beta_function(const SymbolicKernel& kernel, int legs, const GiNaC::symbol& coupling, double& exponent,
                        int weight = 0);

}  // namespace nnft::symbolic
