#pragma once
/// \file One entry point for the integrators, and the two-rule cross-check every downstream number needs.
#include <vector>

#include "numeric/domain.hpp"
#include "numeric/integrand.hpp"
#include "numeric/integration_result.hpp"
#include "numeric/integrator_options.hpp"

namespace nnft::numeric {

/// Run options.method on every component of f over domain.
std::vector<IntegrationResult> integrate(const BatchIntegrand& f, const Domain& domain, const IntegratorOptions& options);

/// The cross-check criterion: both ok and |a − b| ≤ 3 (error_a + error_b) + 4 ε max(|a|, |b|).
bool estimates_agree(const IntegrationResult& a, const IntegrationResult& b);

/// Two independent estimates of the same integrals and how far apart they are.
struct CrossCheck {
    Method first_method = Method::gauss_legendre;   ///< rule of `first`
    Method second_method = Method::adaptive;        ///< rule of `second`
    std::vector<IntegrationResult> first;           ///< per component, first rule
    std::vector<IntegrationResult> second;          ///< per component, second rule
    std::vector<double> discrepancy;                ///< |first − second| per component
    std::vector<bool> agree;                        ///< discrepancy ≤ 3 (error₁ + error₂) + 4 ε |value|, both ok
    /// True when every component agrees.
    bool all_agree() const;
};

/// Integrate with `options.method` and again with `second` (same tolerances and budget) and compare.
CrossCheck cross_check(const BatchIntegrand& f, const Domain& domain, const IntegratorOptions& options, Method second);
/// Cross-check with fully separate options for the second rule (e.g. a looser tolerance for a costlier rule).
CrossCheck cross_check(const BatchIntegrand& f, const Domain& domain, const IntegratorOptions& first,
                       const IntegratorOptions& second);

}  // namespace nnft::numeric
