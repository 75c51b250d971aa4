// β-functions from the kernels' large-|y| scaling. Provenance: ReLU (σ_b = 0 or not) grows linearly in |y|
// (K ∝ sqrt(v(x) v(y)) with v(y) ∝ |y|²), so β(λ) = −(d_in + 4)λ as stated in the talk; Erf saturates
// (asin of a bounded argument), so I(Λ) ~ Λ^{d_in} and β = −d_in λ; the Gauss net decays like a Gaussian, so
// the vertex integral converges and λ stops running.
#include "symbolic/beta.hpp"
#include "symbolic/functions.hpp"

#include <catch2/catch.hpp>

using namespace nnft::symbolic;

TEST_CASE("beta functions of the quartic coupling", "[symbolic][beta]") {
    const GiNaC::symbol& lambda = coupling_symbol("lambda");
    for (int d = 1; d <= 3; ++d) {
        double e = 0;
        const GiNaC::ex relu = beta_function(SymbolicKernel{nnft::numeric::ActivationKind::relu, d, 1, 0, true}, 4, lambda, e);
        CHECK((relu + (d + 4) * lambda).expand().is_zero());
        CHECK(e == -(d + 4));
        beta_function(SymbolicKernel{nnft::numeric::ActivationKind::relu, d, GiNaC::numeric(3, 2), 1, true}, 4, lambda, e);
        CHECK(e == -(d + 4));
        const GiNaC::ex erf = beta_function(SymbolicKernel{nnft::numeric::ActivationKind::erf, d, 1, 1, true}, 4, lambda, e);
        CHECK((erf + d * lambda).expand().is_zero());
        const GiNaC::ex gauss = beta_function(SymbolicKernel{nnft::numeric::ActivationKind::gauss, d, 1, 1, true}, 4, lambda, e);
        CHECK(gauss.is_zero());
        CHECK(e == 0.0);
    }
    double e = 0;
    beta_function(SymbolicKernel{nnft::numeric::ActivationKind::relu, 1, 1, 0, true}, 6, coupling_symbol("kappa"), e);
    CHECK(e == -7);  // κ f⁶: −(d_in + 6)
}
