#include "numeric/vertex_integral.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "common/error.hpp"

namespace nnft::numeric {

namespace {

std::vector<IntegrationResult> expand(std::vector<IntegrationResult> unique, const TupleIndex& idx) {
    if (idx.identity) return unique;
    std::vector<IntegrationResult> out;
    out.reserve(idx.component_of.size());
    for (std::size_t c : idx.component_of) out.push_back(unique[c]);
    return out;
}

/// expand() into `out`: its entries are assigned in place (a reused vector keeps its memory, and each reason
/// string its buffer).
void expand_into(const std::vector<IntegrationResult>& unique, const TupleIndex& idx, std::vector<IntegrationResult>& out) {
    out.resize(idx.component_of.size());
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = unique[idx.component_of[i]];
}

}  // namespace

Domain vertex_domain(const KernelSpec& spec, const PointSet& inputs, double cutoff) {
    validate(spec);
    validate_points(inputs, spec.d_in, "vertex inputs");
    if (std::isnan(cutoff) || !(cutoff > 0.0))
        throw Error("cutoff Lambda = " + std::to_string(cutoff) + " is invalid: give Lambda > 0 or infinity");
    if (std::isfinite(cutoff)) {
        Domain box = Domain::cube(spec.d_in, cutoff).with_breakpoints_at_zero();
        // ReLU with σ_b > 0, d_in = 1: K(x, y) has a |y − x|³ kink at y = x (the arc-cosine angle vanishes
        // linearly there), which slows panel refinement enough that |Q_fine − Q_coarse| under-covered the error
        // (by 1.5× at rel_tol 1e-11, tests/unit/symbolic/print_test.cpp); panels now end at the inputs.
        // (σ_b = 0: the angle is 0 or π exactly, no kink at the inputs.) The same for every piecewise-linear σ
        // (leaky_relu, abs: the same arc-cosine term) and for the quadrature kernels of other activations.
        const bool kinked = spec.activation.kink_slopes().has_value() || !has_closed_form(spec);
        if (kinked && spec.sigma_b > 0.0 && spec.d_in == 1) {
            std::vector<double> xs;
            for (std::size_t j = 0; j < inputs.size(); ++j) xs.push_back(inputs.at(j, 0));
            box.with_breakpoints(0, xs);
        }
        return box;
    }
    std::vector<double> centre, scale;
    const double width = spec.sigma_w > 0.0 ? std::sqrt(static_cast<double>(spec.d_in)) / spec.sigma_w : 1.0;
    for (int k = 0; k < spec.d_in; ++k) {
        double lo = HUGE_VAL, hi = -HUGE_VAL;
        for (std::size_t j = 0; j < inputs.size(); ++j) {
            lo = std::min(lo, inputs.at(j, k));
            hi = std::max(hi, inputs.at(j, k));
        }
        centre.push_back(0.5 * (lo + hi));
        scale.push_back(std::max(0.5 * (hi - lo), width));
    }
    return Domain::whole_space(centre, scale);
}

std::vector<IntegrationResult> integrate_vertex(const Kernel& kernel, const PointSet& inputs,
                                                const std::vector<Tuple>& tuples, const Domain& domain,
                                                const IntegratorOptions& options, const VertexWeight& weight) {
    auto idx = canonical_tuples(tuples, static_cast<int>(inputs.size()));
    const VertexIntegrand f(kernel, inputs, std::move(idx.unique), weight);
    return expand(integrate(f, domain, options), idx);
}

void integrate_vertex(const Kernel& kernel, const PointSet& inputs, const std::vector<Tuple>& tuples,
                      const Domain& domain, const IntegratorOptions& options, const VertexWeight& weight,
                      std::vector<IntegrationResult>& out) {
    auto idx = canonical_tuples(tuples, static_cast<int>(inputs.size()));
    const VertexIntegrand f(kernel, inputs, std::move(idx.unique), weight);
    expand_into(integrate(f, domain, options), idx, out);
}

CrossCheck cross_check_vertex(const Kernel& kernel, const PointSet& inputs, const std::vector<Tuple>& tuples,
                              const Domain& domain, const IntegratorOptions& options, Method second,
                              const VertexWeight& weight) {
    IntegratorOptions o2 = options;
    o2.method = second;
    return cross_check_vertex(kernel, inputs, tuples, domain, options, o2, weight);
}

CrossCheck cross_check_vertex(const Kernel& kernel, const PointSet& inputs, const std::vector<Tuple>& tuples,
                              const Domain& domain, const IntegratorOptions& first, const IntegratorOptions& second,
                              const VertexWeight& weight) {
    auto idx = canonical_tuples(tuples, static_cast<int>(inputs.size()));
    const VertexIntegrand f(kernel, inputs, std::move(idx.unique), weight);
    auto cc = cross_check(f, domain, first, second);
    CrossCheck out;
    out.first_method = cc.first_method;
    out.second_method = cc.second_method;
    out.first = expand(std::move(cc.first), idx);
    out.second = expand(std::move(cc.second), idx);
    for (std::size_t c : idx.component_of) {
        out.discrepancy.push_back(cc.discrepancy[c]);
        out.agree.push_back(cc.agree[c]);
    }
    return out;
}

namespace {

/// The bilocal values of the distinct multisets of `idx` (in idx.unique's order).
std::vector<IntegrationResult> bilocal_unique(const Kernel& kernel, const PointSet& inputs, const TupleIndex& idx,
                                              const Domain& domain, const IntegratorOptions& options) {
    const int m = static_cast<int>(inputs.size());
    if (idx.unique.legs != 4)
        throw Error("the bilocal operator needs 4-leg tuples (a, b, c, d), got " + std::to_string(idx.unique.legs) + " legs");
    const auto pairs = sorted_tuples(m, 2);
    const auto p = integrate_vertex(kernel, inputs, pairs, domain, options);
    auto pair = [&](int a, int b) -> const IntegrationResult& {
        if (a > b) std::swap(a, b);
        // Index of (a, b), a ≤ b, in the lexicographic list of non-decreasing pairs.
        const int row_start = a * m - a * (a - 1) / 2;
        return p[static_cast<std::size_t>(row_start + (b - a))];
    };
    std::vector<IntegrationResult> unique;
    unique.reserve(idx.unique.size());
    for (std::size_t u = 0; u < idx.unique.size(); ++u) {
        const int* t = idx.unique[u];
        IntegrationResult r;
        const int pairings[3][4] = {{t[0], t[1], t[2], t[3]}, {t[0], t[2], t[1], t[3]}, {t[0], t[3], t[1], t[2]}};
        for (const auto& q : pairings) {
            const auto& left = pair(q[0], q[1]);
            const auto& right = pair(q[2], q[3]);
            r.value += left.value * right.value;
            r.error += std::abs(left.value) * right.error + std::abs(right.value) * left.error + left.error * right.error;
            r.status = worse(r.status, worse(left.status, right.status));
            if (r.reason.empty() && !left.reason.empty()) r.reason = left.reason;
            if (r.reason.empty() && !right.reason.empty()) r.reason = right.reason;
        }
        r.evaluations = p.front().evaluations;
        unique.push_back(r);
    }
    return unique;
}

}  // namespace

std::vector<IntegrationResult> integrate_bilocal(const Kernel& kernel, const PointSet& inputs,
                                                 const std::vector<Tuple>& tuples, const Domain& domain,
                                                 const IntegratorOptions& options) {
    const auto idx = canonical_tuples(tuples, static_cast<int>(inputs.size()));
    return expand(bilocal_unique(kernel, inputs, idx, domain, options), idx);
}

void integrate_bilocal(const Kernel& kernel, const PointSet& inputs, const std::vector<Tuple>& tuples,
                       const Domain& domain, const IntegratorOptions& options, std::vector<IntegrationResult>& out) {
    const auto idx = canonical_tuples(tuples, static_cast<int>(inputs.size()));
    expand_into(bilocal_unique(kernel, inputs, idx, domain, options), idx, out);
}

}  // namespace nnft::numeric
