#include "numeric/gauss_legendre.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>

#include "common/error.hpp"
#include "numeric/integration_common.hpp"

namespace nnft::numeric {

GaussLegendreRule gauss_legendre_rule(int n) {
    if (n < 1 || n > 1000) throw Error("Gauss-Legendre order " + std::to_string(n) + " is outside 1..1000");
    GaussLegendreRule r;
    const auto un = static_cast<std::size_t>(n);
    r.nodes.resize(un);
    r.weights.resize(un);
    for (std::size_t i = 0; i < (un + 1) / 2; ++i) {
        // Tricomi's initial guess, then Newton on P_n(x) via the three-term recurrence.
        double x = std::cos(std::numbers::pi * (static_cast<double>(i) + 0.75) / (n + 0.5));
        // Legendre three-term recurrence: returns P_n(x) and sets dp = P_n'(x).
        auto legendre = [n](double at, double& deriv) {
            double p0 = 1.0, p1 = at;
            for (int k = 2; k <= n; ++k) {
                const double p2 = ((2.0 * k - 1.0) * at * p1 - (k - 1.0) * p0) / k;
                p0 = p1;
                p1 = p2;
            }
            deriv = n * (at * p1 - p0) / (at * at - 1.0);
            return p1;
        };
        double dp = 0.0;
        for (int it = 0; it < 100; ++it) {
            const double dx = legendre(x, dp) / dp;
            x -= dx;
            if (std::abs(dx) < 1e-16) break;
        }
        legendre(x, dp);  // the derivative at the converged node, for the weight
        const double w = 2.0 / ((1.0 - x * x) * dp * dp);
        r.nodes[i] = -x;
        r.nodes[un - 1 - i] = x;
        r.weights[i] = w;
        r.weights[un - 1 - i] = w;
    }
    if (n % 2 == 1) r.nodes[un / 2] = 0.0;
    return r;
}

GaussLegendreRule composite_rule(const Domain& domain, int axis, int order, int panels) {
    const auto base = gauss_legendre_rule(order);
    const auto& seg = domain.segments(axis);
    GaussLegendreRule r;
    for (std::size_t s = 0; s + 1 < seg.size(); ++s) {
        const double h = (seg[s + 1] - seg[s]) / panels;
        for (int p = 0; p < panels; ++p) {
            const double a = seg[s] + p * h, half = 0.5 * h;
            for (std::size_t i = 0; i < base.nodes.size(); ++i) {
                r.nodes.push_back(a + half * (1.0 + base.nodes[i]));
                r.weights.push_back(half * base.weights[i]);
            }
        }
    }
    return r;
}

void for_each_tensor_block(const Domain& domain, int order, int panels, std::size_t block_size,
                           const std::function<void(const PointBlock&, const double*)>& callback) {
    const int d = domain.dim();
    const auto du = static_cast<std::size_t>(d);
    std::vector<GaussLegendreRule> axes;
    std::size_t total = 1;
    for (int k = 0; k < d; ++k) {
        axes.push_back(composite_rule(domain, k, order, panels));
        total *= axes.back().nodes.size();
    }
    std::vector<double> t(du * block_size), y(du * block_size), w(block_size);
    for (std::size_t start = 0; start < total; start += block_size) {
        const std::size_t n = std::min(block_size, total - start);
        for (std::size_t j = 0; j < n; ++j) {
            std::size_t idx = start + j;
            double wj = 1.0;
            for (std::size_t k = 0; k < du; ++k) {
                const std::size_t m = axes[k].nodes.size(), i = idx % m;
                idx /= m;
                t[k * n + j] = axes[k].nodes[i];
                wj *= axes[k].weights[i];
            }
            w[j] = wj;
        }
        domain.map(t.data(), n, y.data(), w.data());
        callback(PointBlock{d, n, y.data()}, w.data());
    }
}

std::vector<double> tensor_gauss_legendre_sum(const BatchIntegrand& f, const Domain& domain, int order, int panels) {
    const std::size_t nc = f.components(), block = detail::nodes_per_call(nc, 512, 64);
    std::vector<detail::CompensatedSum> acc(nc);
    std::vector<double> vals;  // sized on first use: small grids (d_in = 1) need less than nc * block
    for_each_tensor_block(domain, order, panels, block, [&](const PointBlock& nodes, const double* w) {
        if (vals.size() < nc * nodes.count) vals.resize(nc * nodes.count);
        f.evaluate(nodes, vals.data());
        for (std::size_t c = 0; c < nc; ++c) {
            const double* v = vals.data() + c * nodes.count;
            double s = 0.0;
            for (std::size_t j = 0; j < nodes.count; ++j) s += w[j] * v[j];
            acc[c].add(s);
        }
    });
    std::vector<double> out(nc);
    for (std::size_t c = 0; c < nc; ++c) out[c] = acc[c].value();
    return out;
}

namespace {

std::vector<IntegrationResult> gauss_legendre_core(const BatchIntegrand& f, const Domain& domain,
                                                   const IntegratorOptions& options) {
    const std::size_t nc = f.components();
    auto nodes_at = [&](int panels) {
        long long n = 1;
        for (int k = 0; k < domain.dim(); ++k)
            n *= static_cast<long long>(domain.segments(k).size() - 1) * panels * options.gl_order;
        return n;
    };
    std::vector<IntegrationResult> res(nc);
    long long spent = nodes_at(1);
    int panels = 1;
    std::vector<double> prev = tensor_gauss_legendre_sum(f, domain, options.gl_order, panels);
    for (std::size_t c = 0; c < nc; ++c) {
        res[c].value = prev[c];
        res[c].error = HUGE_VAL;  // no comparison yet
    }
    for (;;) {
        const int next = panels + std::max(1, panels / 2);  // panels 1, 2, 3, 4, 6, 9, 13, ...: ×1.5
        if (spent + nodes_at(next) > options.max_evaluations) break;
        panels = next;
        const auto cur = tensor_gauss_legendre_sum(f, domain, options.gl_order, panels);
        spent += nodes_at(panels);
        bool all = true;
        for (std::size_t c = 0; c < nc; ++c) {
            res[c].value = cur[c];
            res[c].error = std::abs(cur[c] - prev[c]);
            all = all && detail::within_tolerance(res[c].value, res[c].error, options);
        }
        prev = cur;
        if (all) break;
    }
    for (auto& r : res) {
        r.evaluations = spent;
        if (!detail::within_tolerance(r.value, r.error, options)) {
            r.status = Status::max_evaluations_reached;
            r.reason = "tolerance not met: the next panel refinement would exceed max_evaluations; raise it or gl_order";
        }
    }
    detail::mark_non_finite(res);
    return res;
}

}  // namespace

std::vector<IntegrationResult> integrate_gauss_legendre(const BatchIntegrand& f, const Domain& domain,
                                                        const IntegratorOptions& options) {
    detail::check_inputs(f, domain, options);
    return detail::screen_divergent(f, domain, [&](const BatchIntegrand& g) { return gauss_legendre_core(g, domain, options); });
}

}  // namespace nnft::numeric
