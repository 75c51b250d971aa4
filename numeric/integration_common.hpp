#pragma once
/// \file Internal helpers shared by the integrators: tolerance test, compensated sums, final status checks.
#include <algorithm>
#include <cmath>
#include <vector>

#include "numeric/domain.hpp"
#include "numeric/integrand.hpp"
#include "numeric/integration_result.hpp"
#include "numeric/integrator_options.hpp"

namespace nnft::numeric::detail {

/// Neumaier-compensated running sum.
struct CompensatedSum {
    double sum = 0.0;   ///< running sum
    double comp = 0.0;  ///< compensation
    /// Add one term.
    void add(double x) {
        const double t = sum + x;
        comp += (std::abs(sum) >= std::abs(x)) ? (sum - t) + x : (x - t) + sum;
        sum = t;
    }
    /// The compensated total.
    double value() const { return sum + comp; }
};

/// True when error ≤ max(abs_tol, rel_tol |value|).
inline bool within_tolerance(double value, double error, const IntegratorOptions& o) {
    return error <= std::max(o.abs_tol, o.rel_tol * std::abs(value));
}

/// Validate options and the integrand/domain pairing; throws nnft::Error naming the fix.
void check_inputs(const BatchIntegrand& f, const Domain& domain, const IntegratorOptions& options);

/// Mark non-finite estimates not_converged and, on R^d, components whose integrand does not decay diverged.
void finish(std::vector<IntegrationResult>& results, const BatchIntegrand& f, const Domain& domain);

/// Per component: true when |y|^d |f(y)| does not fall off between |y| ~ 1e4 and 1e8 scales along probe rays
/// from the domain centre (so ∫_{R^d} f diverges). Components that underflow to 0 count as decaying.
std::vector<bool> non_decaying_components(const BatchIntegrand& f, const Domain& domain);

}  // namespace nnft::numeric::detail
