#include "numeric/detail/integration_common.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "common/error.hpp"

namespace nnft::numeric::detail {

void check_inputs(const BatchIntegrand& f, const Domain& domain, const IntegratorOptions& o) {
    if (f.dim() != domain.dim())
        throw Error("integrand has dimension " + std::to_string(f.dim()) + " but the domain has dimension " +
                    std::to_string(domain.dim()) + ": build the domain with the integrand's d_in");
    if (f.components() == 0) throw Error("integrand has no components: give at least one tuple");
    if (!(o.rel_tol >= 0.0) || !(o.abs_tol >= 0.0) || (o.rel_tol == 0.0 && o.abs_tol == 0.0))
        throw Error("integration tolerances rel_tol and abs_tol must be >= 0 and not both 0: set rel_tol, e.g. 1e-10");
    if (o.max_evaluations < 1) throw Error("max_evaluations must be >= 1: raise the evaluation budget");
    if (o.gl_order < 1 || o.gl_order > 200) throw Error("gl_order must be in 1..200: pick e.g. 10");
    if (o.adaptive_batch < 1) throw Error("adaptive_batch must be >= 1: pick e.g. 32");
    if (o.qmc_shifts < 2) throw Error("qmc_shifts must be >= 2 to give an error bar: pick e.g. 16");
    if (o.qmc_min_points < 2) throw Error("qmc_min_points must be >= 2: pick e.g. 1021");
}

std::vector<bool> non_decaying_components(const BatchIntegrand& f, const Domain& domain) {
    const int d = domain.dim();
    const auto du = static_cast<std::size_t>(d);
    // Probe rays: ± each axis and the 2^d sign patterns of an irrational direction (generic for the kernels); above
    // d = 10 only the patterns of the first 10 coordinates (the others keep their sign), so the probe stays bounded.
    std::vector<std::vector<double>> dirs;
    for (int k = 0; k < d; ++k)
        for (double s : {-1.0, 1.0}) {
            std::vector<double> e(du, 0.0);
            e[static_cast<std::size_t>(k)] = s;
            dirs.push_back(e);
        }
    for (unsigned mask = 0; mask < (1u << std::min<std::size_t>(du, 10)); ++mask) {
        std::vector<double> e(du);
        double n2 = 0.0;
        for (std::size_t k = 0; k < du; ++k) {
            e[k] = ((mask >> k) & 1u ? -1.0 : 1.0) * (1.0 + 0.6180339887 * static_cast<double>(k) + 0.1 * std::sqrt(2.0 * static_cast<double>(k + 1)));
            n2 += e[k] * e[k];
        }
        for (auto& v : e) v /= std::sqrt(n2);
        dirs.push_back(e);
    }
    const double radii[2] = {1e4, 1e8};
    double smax = 0.0;
    for (double s : domain.scale()) smax = std::max(smax, s);
    const std::size_t n = 2 * dirs.size();
    std::vector<double> coords(du * n), radius(n);
    for (std::size_t r = 0; r < 2; ++r)
        for (std::size_t i = 0; i < dirs.size(); ++i) {
            const std::size_t j = r * dirs.size() + i;
            radius[j] = radii[r] * smax;
            for (std::size_t k = 0; k < du; ++k) coords[k * n + j] = domain.centre()[k] + radius[j] * dirs[i][k];
        }
    std::vector<double> out(f.components() * n);
    f.evaluate(PointBlock{d, n, coords.data()}, out.data());
    std::vector<bool> bad(f.components(), false);
    std::vector<double> radius_d(n);  // |y|^d along each probe
    for (std::size_t j = 0; j < n; ++j) radius_d[j] = std::pow(radius[j], d);
    for (std::size_t c = 0; c < f.components(); ++c) {
        double g[2] = {0.0, 0.0};
        for (std::size_t j = 0; j < n; ++j) {
            const std::size_t r = j / dirs.size();
            const double v = std::abs(out[c * n + j]) * radius_d[j];
            g[r] = std::isfinite(v) ? std::max(g[r], v) : HUGE_VAL;
        }
        // A convergent integrand has |y|^d f → 0; require at least a 1e-2 drop over four decades of |y|.
        bad[c] = g[1] > 0.0 && g[1] >= 1e-2 * g[0];
    }
    return bad;
}

void mark_non_finite(std::vector<IntegrationResult>& results) {
    for (auto& r : results)
        if (!std::isfinite(r.value) || !std::isfinite(r.error)) {
            r.status = Status::not_converged;
            r.reason = "the integrand produced non-finite values; check the inputs and the domain";
        }
}

void ComponentSubset::evaluate(const PointBlock& nodes, double* out) const {
    std::vector<double> all(f_.components() * nodes.count);
    f_.evaluate(nodes, all.data());
    for (std::size_t c = 0; c < keep_.size(); ++c)
        std::copy_n(all.data() + keep_[c] * nodes.count, nodes.count, out + c * nodes.count);
}

std::vector<IntegrationResult> screen_divergent(
    const BatchIntegrand& f, const Domain& domain,
    const std::function<std::vector<IntegrationResult>(const BatchIntegrand&)>& core) {
    if (!domain.infinite()) return core(f);
    const auto bad = non_decaying_components(f, domain);
    std::vector<std::size_t> keep;
    for (std::size_t c = 0; c < bad.size(); ++c)
        if (!bad[c]) keep.push_back(c);
    if (keep.size() == bad.size()) return core(f);
    std::vector<IntegrationResult> out(bad.size());
    long long spent = 0;
    if (!keep.empty()) {
        const auto sub = core(ComponentSubset(f, keep));
        for (std::size_t i = 0; i < keep.size(); ++i) out[keep[i]] = sub[i];
        spent = sub.front().evaluations;
    }
    for (std::size_t c = 0; c < bad.size(); ++c)
        if (bad[c]) {
            out[c].status = Status::diverged;
            out[c].reason =
                "the integral over R^d diverges: |y|^d |f(y)| does not fall off as |y| -> infinity (e.g. an erf "
                "or relu kernel tends to a nonzero constant or grows); use a finite cutoff";
            out[c].value = std::nan("");
            out[c].error = HUGE_VAL;
            out[c].evaluations = spent;
        }
    return out;
}

}  // namespace nnft::numeric::detail
