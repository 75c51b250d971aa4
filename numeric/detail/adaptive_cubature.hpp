#pragma once
/// \file Adaptive cubature (own implementation): Genz–Malik degree-7 rule with embedded degree-5 error
/// estimate for d ≥ 2 (as in hcubature), Gauss–Kronrod 7/15 for d = 1; globally adaptive bisection.
#include <vector>

#include "numeric/domain.hpp"
#include "numeric/integrand.hpp"
#include "numeric/integration_result.hpp"
#include "numeric/integrator_options.hpp"

namespace nnft::numeric {

/// Bisect the regions with the largest error (the domain's breakpoint cells are the initial regions)
/// until every component meets its tolerance. Errors are the embedded-rule differences; like every
/// adaptive rule this can under-estimate for kinked integrands, so confirm with cross_check.
std::vector<IntegrationResult> integrate_adaptive(const BatchIntegrand& f, const Domain& domain,
                                                  const IntegratorOptions& options);

}  // namespace nnft::numeric
