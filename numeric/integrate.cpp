#include "numeric/integrate.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "numeric/detail/adaptive_cubature.hpp"
#include "numeric/gauss_legendre.hpp"
#include "numeric/detail/lattice_qmc.hpp"

namespace nnft::numeric {

std::vector<IntegrationResult> integrate(const BatchIntegrand& f, const Domain& domain, const IntegratorOptions& options) {
    switch (options.method) {
        case Method::gauss_legendre: return integrate_gauss_legendre(f, domain, options);
        case Method::adaptive: return integrate_adaptive(f, domain, options);
        case Method::lattice_qmc: return integrate_lattice_qmc(f, domain, options);
    }
    return integrate_gauss_legendre(f, domain, options);
}

bool CrossCheck::all_agree() const {
    return std::all_of(agree.begin(), agree.end(), [](bool a) { return a; });
}

bool estimates_agree(const IntegrationResult& a, const IntegrationResult& b) {
    const double eps = std::numeric_limits<double>::epsilon();
    const bool ok = a.status == Status::ok && b.status == Status::ok;
    // Rounding floor: two rules that sum ~10²–10⁴ node values each agree only to tens of ulps even when
    // both are exact (e.g. polynomial integrands, where both report error 0).
    return ok && std::abs(a.value - b.value) <=
                     3.0 * (a.error + b.error) + 64.0 * eps * std::max(std::abs(a.value), std::abs(b.value));
}

CrossCheck cross_check(const BatchIntegrand& f, const Domain& domain, const IntegratorOptions& options, Method second) {
    IntegratorOptions o2 = options;
    o2.method = second;
    return cross_check(f, domain, options, o2);
}

CrossCheck cross_check(const BatchIntegrand& f, const Domain& domain, const IntegratorOptions& first,
                       const IntegratorOptions& second) {
    CrossCheck out;
    out.first_method = first.method;
    out.second_method = second.method;
    out.first = integrate(f, domain, first);
    out.second = integrate(f, domain, second);
    for (std::size_t c = 0; c < out.first.size(); ++c) {
        const auto& a = out.first[c];
        const auto& b = out.second[c];
        out.discrepancy.push_back(std::abs(a.value - b.value));
        out.agree.push_back(estimates_agree(a, b));
    }
    return out;
}

}  // namespace nnft::numeric
