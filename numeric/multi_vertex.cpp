#include "numeric/multi_vertex.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <tuple>
#include <utility>

#include "common/error.hpp"
#include "numeric/grid_contraction.hpp"
#include "numeric/integrate.hpp"
#include "numeric/detail/integration_common.hpp"

namespace nnft::numeric {

namespace {

using RowMat = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

std::string sci(double x) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2g", x);
    return buf;
}

/// Parallel lines merged (powers added), endpoints ordered a < b; validates them against `k` points.
std::vector<VertexLine> merged_lines(const std::vector<VertexLine>& lines, int k) {
    std::map<std::pair<int, int>, int> m;
    for (const auto& l : lines) {
        if (l.a < 0 || l.b < 0 || l.a >= k || l.b >= k)
            throw Error("a multi-vertex line joins point " + std::to_string(l.a) + " and " + std::to_string(l.b) +
                        " but there are " + std::to_string(k) + " internal points");
        if (l.a == l.b) throw Error("a multi-vertex line joins a point to itself; pass self-lines as the point's weight");
        if (l.power < 0) throw Error("the kernel power of a line between two vertices must be >= 0");
        m[{std::min(l.a, l.b), std::max(l.a, l.b)}] += l.power;
    }
    std::vector<VertexLine> out;
    for (const auto& [ab, p] : m) out.push_back({ab.first, ab.second, p});
    return out;
}

void validate(const Kernel& kernel, const std::vector<VertexPoint>& points, const Domain& domain) {
    if (points.empty()) throw Error("a multi-vertex integral needs at least one internal point");
    if (domain.dim() != kernel.spec().d_in)
        throw Error("multi-vertex domain has dimension " + std::to_string(domain.dim()) + " but the kernel has d_in = " +
                    std::to_string(kernel.spec().d_in));
    for (const auto& p : points) {
        if (p.legs.empty()) throw Error("an internal point needs at least one leg tuple (the empty tuple for no legs)");
        for (const auto& t : p.legs)
            if (t.size() != p.legs.front().size()) throw Error("the leg tuples of one internal point must share a length");
    }
}

/// Label a (0 ≤ a < k) is the grid variable y_a, label k + a the leg-tuple index s_a of point a.
std::vector<std::vector<int>> factor_labels(std::size_t k, const std::vector<VertexLine>& lines) {
    std::vector<std::vector<int>> f;
    for (std::size_t a = 0; a < k; ++a) f.push_back({static_cast<int>(k + a), static_cast<int>(a)});
    for (const auto& l : lines) f.push_back({l.a, l.b});
    return f;
}

std::vector<std::size_t> label_sizes(const std::vector<VertexPoint>& points, long long nodes) {
    std::vector<std::size_t> s(points.size(), static_cast<std::size_t>(nodes));
    for (const auto& p : points) s.push_back(p.legs.size());
    return s;
}

std::vector<int> grid_labels(std::size_t k) {
    std::vector<int> y(k);
    for (std::size_t a = 0; a < k; ++a) y[a] = static_cast<int>(a);
    return y;
}

bool within_limits(const MultiVertexCost& c, const MultiVertexOptions& limits) {
    return c.plan.flops <= limits.max_flops && c.plan.peak_entries <= limits.max_entries;
}

/// One grid level: all combinations of leg tuples, row-major over (s_0, …, s_{k−1}); point a runs over grids[a]
/// (one grid for all points in the tensor rule; independently shifted lattices for QMC).
Eigen::VectorXd contract_level(const Kernel& kernel, const PointSet& inputs, const std::vector<VertexPoint>& points,
                               const std::vector<VertexLine>& lines, const std::vector<const QuadratureGrid*>& grids,
                               const EliminationPlan& plan, long long& evaluations) {
    const std::size_t k = points.size();
    std::vector<Tensor> factors;
    for (std::size_t a = 0; a < k; ++a) {
        const auto& p = points[a];
        const QuadratureGrid& g = *grids[a];
        const std::size_t n = g.nodes.size();
        RowMat v;
        if (p.legs.front().empty()) {
            v = RowMat::Ones(static_cast<Eigen::Index>(p.legs.size()), static_cast<Eigen::Index>(n));
            if (p.weight) {
                std::vector<double> w(n);
                p.weight(g.nodes.view(), w.data());
                for (Eigen::Index r = 0; r < v.rows(); ++r) v.row(r) = Eigen::Map<const Eigen::RowVectorXd>(w.data(), v.cols());
            }
        } else {
            v = leg_products(kernel, inputs, p.legs, g, p.weight);
            evaluations += static_cast<long long>(n * inputs.size());
        }
        v = v * g.weights.asDiagonal();
        factors.push_back(Tensor{{static_cast<int>(k + a), static_cast<int>(a)}, {p.legs.size(), n},
                                 std::vector<double>(v.data(), v.data() + v.size())});
    }
    // Kernel matrices per pair of grids (one when every point shares a grid), and their Hadamard powers.
    std::map<std::pair<const QuadratureGrid*, const QuadratureGrid*>, Eigen::MatrixXd> kk;
    std::map<std::tuple<const QuadratureGrid*, const QuadratureGrid*, int>, RowMat> powers;
    for (const auto& l : lines) {
        const auto ga = grids[static_cast<std::size_t>(l.a)], gb = grids[static_cast<std::size_t>(l.b)];
        auto it = kk.find({ga, gb});
        if (it == kk.end()) {
            it = kk.emplace(std::pair{ga, gb}, kernel.matrix(ga->nodes, gb->nodes)).first;
            evaluations += static_cast<long long>(ga->nodes.size() * gb->nodes.size());
        }
        auto pt = powers.find({ga, gb, l.power});
        if (pt == powers.end()) pt = powers.emplace(std::tuple{ga, gb, l.power}, RowMat(hadamard_power(it->second, l.power))).first;
        factors.push_back(Tensor{{l.a, l.b}, {ga->nodes.size(), gb->nodes.size()},
                                 std::vector<double>(pt->second.data(), pt->second.data() + pt->second.size())});
    }
    const Tensor t = contract_network(std::move(factors), plan);
    return Eigen::Map<const Eigen::VectorXd>(t.data.data(), static_cast<Eigen::Index>(t.data.size()));
}

}  // namespace

Eigen::VectorXd detail::contract_multi_vertex_grids(const Kernel& kernel, const PointSet& inputs,
                                                   const std::vector<VertexPoint>& points,
                                                   const std::vector<VertexLine>& lines,
                                                   const std::vector<const QuadratureGrid*>& grids, long long& evaluations) {
    if (grids.size() != points.size()) throw Error("contract_multi_vertex_grids: one grid per internal point");
    for (const auto* g : grids)
        if (g->nodes.size() != grids.front()->nodes.size()) throw Error("contract_multi_vertex_grids: grids of one size");
    const auto ml = merged_lines(lines, static_cast<int>(points.size()));
    const auto cost = multi_vertex_cost(points, ml, static_cast<long long>(grids.front()->nodes.size()));
    return contract_level(kernel, inputs, points, ml, grids, cost.plan, evaluations);
}

std::size_t detail::validate_multi_vertex(const Kernel& kernel, const std::vector<VertexPoint>& points,
                                          const std::vector<VertexLine>& lines, const Domain& domain) {
    validate(kernel, points, domain);
    merged_lines(lines, static_cast<int>(points.size()));
    std::size_t entries = 1;
    for (const auto& p : points) entries *= p.legs.size();
    return entries;
}

std::optional<MultiVertexResult> detail::multi_vertex_divergence(const Kernel& kernel, const PointSet& inputs,
                                                                 const std::vector<VertexPoint>& points,
                                                                 const Domain& domain) {
    if (!domain.infinite()) return std::nullopt;
    // Over R^d every point with legs must decay on its own (K(y, z)^p is bounded for these kernels), and a
    // piece without any leg is translation invariant for the Gauss net (and does not decay for the others).
    bool bad = true;
    for (const auto& p : points)
        if (!p.legs.front().empty()) bad = false;
    for (const auto& p : points) {
        if (p.legs.front().empty()) continue;
        for (bool f : non_decaying_components(VertexIntegrand(kernel, inputs, p.legs, p.weight), domain)) bad = bad || f;
    }
    if (!bad) return std::nullopt;
    MultiVertexResult res;
    std::size_t entries = 1;
    for (const auto& p : points) {
        res.dims.push_back(p.legs.size());
        entries *= p.legs.size();
    }
    res.value = Eigen::VectorXd::Constant(static_cast<Eigen::Index>(entries), std::nan(""));
    res.error = Eigen::VectorXd::Constant(res.value.size(), HUGE_VAL);
    res.status = Status::diverged;
    res.reason = "the multi-vertex integral over R^d diverges: a vertex's legs do not decay as |y| -> infinity "
                 "(or no vertex has legs); use a finite cutoff";
    return res;
}

MultiVertexCost multi_vertex_cost(const std::vector<VertexPoint>& points, const std::vector<VertexLine>& lines,
                                  long long nodes) {
    const auto ml = merged_lines(lines, static_cast<int>(points.size()));
    MultiVertexCost c;
    c.nodes = nodes;
    c.plan = plan_elimination(factor_labels(points.size(), ml), label_sizes(points, nodes), grid_labels(points.size()));
    return c;
}

void check_multi_vertex_size(const std::vector<VertexPoint>& points, const std::vector<VertexLine>& lines,
                             const Domain& domain, const IntegratorOptions& options, const MultiVertexOptions& limits) {
    const auto first = multi_vertex_cost(points, lines, tensor_grid_size(domain, options.gl_order, 1));
    if (!within_limits(first, limits))
        throw Error("a " + std::to_string(points.size()) + "-vertex diagram on the coarsest grid (" +
                    std::to_string(first.nodes) + " nodes per internal point, d_in = " + std::to_string(domain.dim()) +
                    ") needs ~" + sci(first.plan.flops) + " multiply-adds and a tensor of " + sci(first.plan.peak_entries) +
                    " entries (limits " + sci(limits.max_flops) + ", " + sci(limits.max_entries) +
                    "); lower d_in, the order or the number of inputs, or drop the diagram (--no-self-energy, --1pi)");
}

MultiVertexResult integrate_multi_vertex(const Kernel& kernel, const PointSet& inputs, const std::vector<VertexPoint>& points,
                                         const std::vector<VertexLine>& lines, const Domain& domain,
                                         const IntegratorOptions& options, const MultiVertexOptions& limits) {
    validate(kernel, points, domain);
    const auto ml = merged_lines(lines, static_cast<int>(points.size()));
    MultiVertexResult res;
    for (const auto& p : points) res.dims.push_back(p.legs.size());
    check_multi_vertex_size(points, ml, domain, options, limits);
    const auto first = multi_vertex_cost(points, ml, tensor_grid_size(domain, options.gl_order, 1));
    if (auto diverged = detail::multi_vertex_divergence(kernel, inputs, points, domain)) return *diverged;
    const bool by_order = limits.refinement == Refinement::order;
    auto level = [&](int step, const MultiVertexCost& cost) {
        beat(options);
        const auto g = by_order ? tensor_grid(domain, options.gl_order * step, 1) : tensor_grid(domain, options.gl_order, step);
        res.nodes = static_cast<long long>(g.nodes.size());
        return contract_level(kernel, inputs, points, ml, std::vector<const QuadratureGrid*>(points.size(), &g), cost.plan,
                              res.evaluations);
    };
    int step = 1;
    Eigen::VectorXd prev = level(step, first);
    res.value = prev;
    res.error = Eigen::VectorXd::Constant(prev.size(), HUGE_VAL);
    for (;;) {
        const int next = step + std::max(1, step / 2);
        const long long n = tensor_grid_size(domain, options.gl_order, next);
        const auto cost = multi_vertex_cost(points, ml, n);
        if (res.evaluations + n * n > options.max_evaluations || !within_limits(cost, limits)) break;
        step = next;
        const Eigen::VectorXd cur = level(step, cost);
        res.error = (cur - prev).cwiseAbs();
        res.value = cur;
        prev = cur;
        bool all = true;
        for (Eigen::Index i = 0; i < cur.size() && all; ++i) all = detail::within_tolerance(cur(i), res.error(i), options);
        if (all) return res;
    }
    res.status = Status::max_evaluations_reached;
    res.reason = "tolerance not met: the next grid level (" + std::to_string(tensor_grid_size(domain, options.gl_order, step + std::max(1, step / 2))) +
                 " nodes per internal point) would exceed max_evaluations (grid size squared) or the contraction limits; "
                 "raise --max-evaluations, loosen --rel-tol or use fewer internal points";
    for (Eigen::Index i = 0; i < res.value.size(); ++i)
        if (!std::isfinite(res.value(i))) res.status = Status::not_converged;
    return res;
}

void detail::compare_multi_vertex(MultiVertexCrossCheck& out) {
    out.discrepancy = (out.first.value - out.second.value).cwiseAbs();
    out.agree.resize(out.first.value.size());
    for (Eigen::Index i = 0; i < out.agree.size(); ++i) {
        const IntegrationResult a{out.first.value(i), out.first.error(i), 0, out.first.status, {}};
        const IntegrationResult b{out.second.value(i), out.second.error(i), 0, out.second.status, {}};
        out.agree(i) = estimates_agree(a, b);
    }
}

MultiVertexCrossCheck cross_check_multi_vertex(const Kernel& kernel, const PointSet& inputs,
                                               const std::vector<VertexPoint>& points,
                                               const std::vector<VertexLine>& lines, const Domain& domain,
                                               const IntegratorOptions& first, const IntegratorOptions& second,
                                               const MultiVertexOptions& limits) {
    if (first.gl_order == second.gl_order)
        throw Error("the two multi-vertex rules must use different Gauss-Legendre orders (both " +
                    std::to_string(first.gl_order) + ")");
    MultiVertexCrossCheck out;
    out.first = integrate_multi_vertex(kernel, inputs, points, lines, domain, first, limits);
    out.second = integrate_multi_vertex(kernel, inputs, points, lines, domain, second, limits);
    detail::compare_multi_vertex(out);
    return out;
}

}  // namespace nnft::numeric
