#include "numeric/gauss_legendre.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>
#include <mutex>
#include <sstream>
#include <string>

#include "common/error.hpp"
#include "numeric/detail/integration_common.hpp"

namespace nnft::numeric {

namespace {

constexpr int kMaxOrder = 1000;

void check_order(int n) {
    if (n < 1 || n > kMaxOrder) throw Error("Gauss-Legendre order " + std::to_string(n) + " is outside 1..1000");
}

}  // namespace

GaussLegendreRule gauss_legendre_rule(int n) {
    check_order(n);
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

const GaussLegendreRule& cached_gauss_legendre_rule(int n) {
    static std::array<std::once_flag, kMaxOrder + 1> once;
    static std::array<GaussLegendreRule, kMaxOrder + 1> rules;
    check_order(n);
    const auto i = static_cast<std::size_t>(n);
    std::call_once(once[i], [&] { rules[i] = gauss_legendre_rule(n); });
    return rules[i];
}

GaussLegendreRule composite_rule(const Domain& domain, int axis, int order, int panels) {
    const auto& base = cached_gauss_legendre_rule(order);
    const auto& seg = domain.segments(axis);
    GaussLegendreRule r;
    const std::size_t total = (seg.size() - 1) * static_cast<std::size_t>(panels) * base.nodes.size();
    r.nodes.reserve(total);
    r.weights.reserve(total);
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

namespace {

// One axis of a tensor grid: the composite rule of `panels` panels per segment. Up to kStoredAxisNodes nodes it
// is stored (composite_rule); beyond, node i and its weight are computed from i with composite_rule's arithmetic
// (the same bits), so that a fine level (10^8 nodes at d_in = 1 before max_evaluations stops the refinement)
// neither allocates nor page-faults its rule afresh on every level.
struct GridAxis {
    static constexpr std::size_t kStoredAxisNodes = std::size_t{1} << 16;
    GaussLegendreRule stored;                     // empty when computed on the fly
    const GaussLegendreRule* base = nullptr;      // the order's Gauss-Legendre rule on [-1, 1]
    const std::vector<double>* seg = nullptr;     // the axis' segment ends
    int panels = 1;
    std::size_t size = 0;

    GridAxis(const Domain& domain, int axis, int order, int p)
        : base(&cached_gauss_legendre_rule(order)), seg(&domain.segments(axis)), panels(p),
          size((seg->size() - 1) * static_cast<std::size_t>(p) * base->nodes.size()) {
        if (size <= kStoredAxisNodes) stored = composite_rule(domain, axis, order, p);
    }
    void at(std::size_t i, double& node, double& weight) const {
        if (!stored.nodes.empty()) {
            node = stored.nodes[i];
            weight = stored.weights[i];
            return;
        }
        const std::size_t nb = base->nodes.size(), q = i / nb, j = i % nb;
        const std::size_t s = q / static_cast<std::size_t>(panels);
        const int p = static_cast<int>(q % static_cast<std::size_t>(panels));
        const double h = ((*seg)[s + 1] - (*seg)[s]) / panels;
        const double a = (*seg)[s] + p * h, half = 0.5 * h;
        node = a + half * (1.0 + base->nodes[j]);
        weight = half * base->weights[j];
    }
};

// One tensor grid: the composite rule of every axis.
struct TensorGrid {
    std::vector<GridAxis> axes;
    std::size_t total = 1;  // nodes
};

TensorGrid tensor_grid_rules(const Domain& domain, int order, int panels) {
    TensorGrid g;
    for (int k = 0; k < domain.dim(); ++k) {
        g.axes.emplace_back(domain, k, order, panels);
        g.total *= g.axes.back().size;
    }
    return g;
}

// Nodes [start, start + n) of grid g: t[k * stride + j] (integration variable) and the product weights w[j].
void fill_nodes(const TensorGrid& g, std::size_t start, std::size_t n, double* t, std::size_t stride, double* w) {
    const std::size_t d = g.axes.size();
    for (std::size_t j = 0; j < n; ++j) {
        std::size_t idx = start + j;
        double wj = 1.0;
        for (std::size_t k = 0; k < d; ++k) {
            const std::size_t m = g.axes[k].size, i = idx % m;
            idx /= m;
            double node = 0.0, weight = 0.0;
            g.axes[k].at(i, node, weight);
            t[k * stride + j] = node;
            wj *= weight;
        }
        w[j] = wj;
    }
}

// Σ_nodes w f_c on the tensor grid of each panel count in `panels`: sums[l * nc + c]. The grids' nodes are
// concatenated and go through f in shared blocks, so two small levels (d_in = 1) cost one integrand call.
std::vector<double> level_sums(const BatchIntegrand& f, const Domain& domain, int order, const std::vector<int>& panels,
                               const std::function<void()>& heartbeat = {}) {
    const std::size_t nc = f.components(), levels = panels.size();
    const std::size_t block = detail::nodes_per_call(f.sum_scratch_per_node(), 512, 64);
    const auto du = static_cast<std::size_t>(domain.dim());
    std::vector<TensorGrid> grids;
    std::vector<std::size_t> offset{0};  // first node of each level in the concatenation
    for (int p : panels) {
        grids.push_back(tensor_grid_rules(domain, order, p));
        offset.push_back(offset.back() + grids.back().total);
    }
    const std::size_t total = offset.back();
    const std::size_t n_max = std::min(block, total);
    thread_local std::vector<double> cache;
    const detail::Scratch scratch(cache, (2 * du + 1) * n_max + levels * nc);
    double* t = scratch.data();
    double* y = t + du * n_max;
    double* w = y + du * n_max;
    double* sums = w + n_max;
    std::vector<detail::CompensatedSum> acc(levels * nc);
    std::vector<NodeRange> ranges;
    std::vector<std::size_t> range_level;
    for (std::size_t start = 0; start < total; start += block) {
        if (heartbeat && start > 0) heartbeat();
        const std::size_t n = std::min(block, total - start);
        // The block may span several levels: fill each level's part, then evaluate all nodes at once.
        ranges.clear();
        range_level.clear();
        for (std::size_t l = 0; l < levels; ++l) {
            const std::size_t lo = std::max(start, offset[l]), hi = std::min(start + n, offset[l + 1]);
            if (lo >= hi) continue;
            fill_nodes(grids[l], lo - offset[l], hi - lo, t + (lo - start), n, w + (lo - start));
            ranges.push_back(NodeRange{lo - start, hi - start});
            range_level.push_back(l);
        }
        domain.map(t, n, y, w);
        f.weighted_sums(PointBlock{domain.dim(), n, y}, w, ranges, sums);
        for (std::size_t r = 0; r < ranges.size(); ++r)
            for (std::size_t c = 0; c < nc; ++c) acc[range_level[r] * nc + c].add(sums[r * nc + c]);
    }
    std::vector<double> out(levels * nc);
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = acc[i].value();
    return out;
}

}  // namespace

void for_each_tensor_block(const Domain& domain, int order, int panels, std::size_t block_size,
                           const std::function<void(const PointBlock&, const double*)>& callback) {
    const int d = domain.dim();
    const auto du = static_cast<std::size_t>(d);
    const TensorGrid g = tensor_grid_rules(domain, order, panels);
    std::vector<double> t(du * block_size), y(du * block_size), w(block_size);
    for (std::size_t start = 0; start < g.total; start += block_size) {
        const std::size_t n = std::min(block_size, g.total - start);
        fill_nodes(g, start, n, t.data(), n, w.data());
        domain.map(t.data(), n, y.data(), w.data());
        callback(PointBlock{d, n, y.data()}, w.data());
    }
}

std::vector<double> tensor_gauss_legendre_sum(const BatchIntegrand& f, const Domain& domain, int order, int panels) {
    return level_sums(f, domain, order, {panels});
}

double gauss_legendre_first_level(const Domain& domain, int gl_order) {
    double n = 1.0;
    for (int k = 0; k < domain.dim(); ++k) n *= static_cast<double>(domain.segments(k).size() - 1) * gl_order;
    return n;
}

namespace {

// The refusal of a first level above the budget (at high d_in the tensor rule's coarsest grid alone is
// (segments·gl_order)^d_in nodes): before any node is evaluated.
std::string first_level_message(const Domain& domain, const IntegratorOptions& options, double nodes) {
    std::ostringstream os;
    os << "the Gauss-Legendre rule's coarsest grid in " << domain.dim() << " dimensions has " << nodes
       << " nodes, above the evaluation budget " << static_cast<double>(options.max_evaluations)
       << ": use --method adaptive --check-method lattice_qmc (or lattice_qmc and adaptive) for high d_in, "
          "lower --din, or raise --max-evaluations";
    return os.str();
}

std::vector<IntegrationResult> gauss_legendre_core(const BatchIntegrand& f, const Domain& domain,
                                                   const IntegratorOptions& options) {
    const std::size_t nc = f.components();
    auto nodes_at = [&](int panels) {
        long long n = 1;
        for (int k = 0; k < domain.dim(); ++k)
            n *= static_cast<long long>(domain.segments(k).size() - 1) * panels * options.gl_order;
        return n;
    };
    auto next_panels = [](int p) { return p + std::max(1, p / 2); };  // panels 1, 2, 3, 4, 6, 9, 13, ...: ×1.5
    std::vector<IntegrationResult> res(nc);
    const double first_nodes = gauss_legendre_first_level(domain, options.gl_order);
    if (first_nodes > static_cast<double>(options.max_evaluations))
        throw Error(first_level_message(domain, options, first_nodes));
    // Levels 1 and 2 are always both needed for a first error estimate: one pass over their nodes when the
    // budget allows both (as the loop below would spend them anyway).
    const bool pair = nodes_at(1) + nodes_at(next_panels(1)) <= options.max_evaluations;
    const auto first = pair ? level_sums(f, domain, options.gl_order, {1, next_panels(1)}, options.heartbeat)
                            : level_sums(f, domain, options.gl_order, {1}, options.heartbeat);
    long long spent = nodes_at(1);
    int panels = 1;
    std::vector<double> prev(first.begin(), first.begin() + static_cast<std::ptrdiff_t>(nc));
    for (std::size_t c = 0; c < nc; ++c) {
        res[c].value = prev[c];
        res[c].error = HUGE_VAL;  // no comparison yet
    }
    for (bool use_pair = pair;; use_pair = false) {
        beat(options);
        const int next = next_panels(panels);
        if (spent + nodes_at(next) > options.max_evaluations) break;
        panels = next;
        const auto cur = use_pair ? std::vector<double>(first.begin() + static_cast<std::ptrdiff_t>(nc), first.end())
                                  : level_sums(f, domain, options.gl_order, {panels}, options.heartbeat);
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

std::vector<double> graded_edges(double center, double w0, double wmax, double lo, double hi) {
    center = std::clamp(center, lo, hi);
    std::vector<double> left, right;
    for (double e = center, w = w0; e > lo; w = std::min(1.5 * w, wmax)) left.push_back(e = std::max(lo, e - w));
    for (double e = center, w = w0; e < hi; w = std::min(1.5 * w, wmax)) right.push_back(e = std::min(hi, e + w));
    std::vector<double> edges(left.rbegin(), left.rend());
    edges.push_back(center);
    edges.insert(edges.end(), right.begin(), right.end());
    return edges;
}

}  // namespace nnft::numeric
