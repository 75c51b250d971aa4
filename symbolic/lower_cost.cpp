/// The work estimate of a correlator's integration (symbolic/detail/lower_batches.hpp): every ladder of every
/// batch simulated level by level with the rules' own stopping limits, without evaluating anything.
#include "numeric/gauss_legendre.hpp"
#include "numeric/grid_contraction.hpp"
#include "numeric/lattice_contraction.hpp"
#include "symbolic/detail/lower_batches.hpp"

#include <algorithm>
#include <cmath>
#include <ctime>
#include <functional>

namespace nnft::symbolic::detail {

namespace nm = nnft::numeric;

namespace {

// Calibration (docs/methods/integration.md#cost): one core, measured on `nnft integrate` runs of every batch kind.
constexpr double kSecondsPerClosedFormKernel = 7e-9;  // one closed-form kernel value K(x, y) (erf, relu, gauss), SIMD rows
constexpr double kProbeSeconds = 0.2;                 // a quadrature kernel's timed probe stops after this much CPU
constexpr int kProbePoints = 24;                      // probe points spread over the domain (all pairs among them)
constexpr double kSecondsPerMultiplyAdd = 5e-10;  // one multiply-add of the grid contractions (Eigen products)

/// Cost of one ladder level: kernel evaluations, multiply-adds, and what counts against the evaluation budget.
struct Level {
    double kernels = 0.0, madds = 0.0, budget_units = 0.0;
    bool fits = true;  // within the contraction limits
};

/// A ladder run level by level: the first always, each further one while the budget and limits allow. Adds the
/// first `certain` levels to the certain work (2 for Gauss–Legendre ladders, whose error is the difference of two
/// levels; 1 for lattices, whose error is the spread over shifts) and every level to the most.
void add_ladder(WorkEstimate& w, double budget, const std::function<Level(int)>& level, const std::function<int(int)>& next,
                int certain = 2) {
    double spent = 0.0;
    int levels = 0;
    for (int s = 1;; s = next(s)) {
        const Level l = level(s);
        if (levels > 0 && (spent + l.budget_units > budget || !l.fits)) break;
        spent += l.budget_units;
        if (levels < certain) {
            w.kernels_certain += l.kernels;
            w.madds_certain += l.madds;
        }
        w.kernels_most += l.kernels;
        w.madds_most += l.madds;
        if (++levels > 64) break;  // budgets end every ladder long before
    }
}

int grow_by_half(int s) { return s + std::max(1, s / 2); }
int doubling(int s) { return s + 1; }  // lattice levels are indexed 1, 2, …: size n₀·2^(s−1)

/// A rule over nodes of `domain` whose integrand costs `kernels`/`madds` per node: the Gauss–Legendre ladder, or
/// for the adaptive and lattice rules at most the budget (and a negligible certain start).
void add_node_rule(WorkEstimate& w, const nm::Domain& domain, const nm::IntegratorOptions& o, double kernels, double madds) {
    const double budget = static_cast<double>(o.max_evaluations);
    if (o.method != nm::Method::gauss_legendre) {
        w.kernels_most += budget * kernels;
        w.madds_most += budget * madds;
        return;
    }
    const double first = nm::gauss_legendre_first_level(domain, o.gl_order);
    add_ladder(w, budget, [&](int p) {
        const double n = first * std::pow(p, domain.dim());
        return Level{n * kernels, n * madds, n, true};
    }, grow_by_half);
}

/// Tensor-grid ladder of a contraction: `cost(n)` gives a level on n nodes per internal point.
void add_tensor_ladder(WorkEstimate& w, const nm::Domain& domain, const nm::IntegratorOptions& o,
                       const std::function<Level(double)>& cost) {
    const double first = nm::gauss_legendre_first_level(domain, o.gl_order);
    add_ladder(w, static_cast<double>(o.max_evaluations),
               [&](int s) { return cost(first * std::pow(s, domain.dim())); }, grow_by_half);
}

/// Both lattice families' ladders of a contraction: `cost(n)` gives one replica's level on n lattice points.
void add_lattice_ladders(WorkEstimate& w, const nm::IntegratorOptions& o, const std::function<Level(double)>& cost) {
    const double shifts = o.qmc_shifts;
    for (auto family : {nm::LatticeFamily::primary, nm::LatticeFamily::alternate})
        add_ladder(w, static_cast<double>(o.max_evaluations), [&](int s) {
            Level l = cost(static_cast<double>(nm::lattice_level_size(o, family, s - 1)));
            l.kernels *= shifts;
            l.madds *= shifts;
            l.budget_units *= shifts;
            return l;
        }, doubling, 1);
}

/// A multi-vertex contraction level on n nodes per point (the elimination plan's multiply-adds and limits).
Level multi_level(const std::vector<nm::VertexPoint>& points, const std::vector<nm::VertexLine>& lines, double n) {
    const nm::MultiVertexOptions limits;
    const auto c = nm::multi_vertex_cost(points, lines, static_cast<long long>(std::min(n, 9e18)));
    double legs = 0.0;
    for (const auto& p : points) legs += static_cast<double>(p.legs.size() * p.legs.front().size());
    const double entries = n * n;
    return {static_cast<double>(lines.size()) * entries + legs * n, c.plan.flops, entries,
            c.plan.flops <= limits.max_flops && c.plan.peak_entries <= limits.max_entries && entries <= limits.max_entries};
}

/// CPU seconds of this thread.
double thread_cpu_seconds() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

/// kProbePoints points of `domain`: a rank-1 lattice (golden-ratio steps per axis) in the integration variable.
nm::PointSet probe_points(const nm::Domain& domain) {
    const int d = domain.dim();
    std::vector<double> coords(static_cast<std::size_t>(d) * kProbePoints);
    for (int k = 0; k < d; ++k) {
        const auto& seg = domain.segments(k);
        const double lo = seg.front(), hi = seg.back(), step = std::fmod(0.6180339887498949 * (k + 1), 1.0);
        for (int j = 0; j < kProbePoints; ++j) {
            const double u = std::fmod((j + 0.5) / kProbePoints + step * j, 1.0);
            coords[static_cast<std::size_t>(k) * kProbePoints + static_cast<std::size_t>(j)] = lo + (hi - lo) * u;
        }
    }
    std::vector<double> y(coords.size()), jacobian(kProbePoints, 1.0);
    domain.map(coords.data(), kProbePoints, y.data(), jacobian.data());
    return nm::PointSet::from_coordinate_major(d, std::move(y));
}

}  // namespace

double kernel_value_seconds(const nm::Kernel& kernel, const nm::Domain& domain) {
    if (kernel.closed_form()) return kSecondsPerClosedFormKernel;
    const nm::Kernel fresh(kernel.spec());  // no expansion cached by earlier work
    const nm::PointSet points = probe_points(domain);
    // Blocks of kProbeBlock columns, so that a slow kernel (a deep one over a bias law: ~0.1 s a value near the
    // diagonal) stops near kProbeSeconds instead of after a whole row.
    constexpr std::size_t kProbeBlock = 8;
    std::vector<double> row(kProbeBlock);
    const double start = thread_cpu_seconds();
    double values = 0.0, spent = 0.0;
    for (std::size_t i = 0; i < points.size() && spent < kProbeSeconds; ++i) {
        const nm::PointSet one = nm::PointSet::from_rows({points.point(i)});
        for (std::size_t j0 = 0; j0 < points.size() && spent < kProbeSeconds; j0 += kProbeBlock) {
            std::vector<std::vector<double>> block;
            for (std::size_t j = j0; j < std::min(points.size(), j0 + kProbeBlock); ++j) block.push_back(points.point(j));
            fresh.rows(one, nm::PointSet::from_rows(block).view(), row.data());
            values += static_cast<double>(block.size());
            spent = thread_cpu_seconds() - start;
        }
    }
    return std::max(kSecondsPerClosedFormKernel, spent / values);
}

double WorkEstimate::seconds_certain() const {
    return kernels_certain * seconds_per_kernel + madds_certain * kSecondsPerMultiplyAdd;
}

double WorkEstimate::seconds_most() const { return kernels_most * seconds_per_kernel + madds_most * kSecondsPerMultiplyAdd; }

WorkEstimate estimate_work(const Batches& b, const WorkRules& rules) {
    WorkEstimate w;
    w.seconds_per_kernel = rules.seconds_per_kernel;
    const nm::Domain& domain = rules.domain;
    for (const auto& [key, tuples] : b.one) {
        const double per_node = static_cast<double>(tuples.size() * std::max<std::size_t>(1, key.second));
        add_node_rule(w, domain, rules.first, per_node, per_node);
        add_node_rule(w, domain, rules.second, per_node, per_node);
    }
    for (const auto& [key, sides] : b.two) {
        const double nl = static_cast<double>(sides.first.size()), nr = static_cast<double>(sides.second.size());
        const double legs = static_cast<double>(std::get<0>(key).loops + std::get<1>(key).loops) + 4.0;
        const auto grid = [&](double n) {  // the tensor contraction runs in row blocks: only the lattice caps n²
            const double entries = n * n;
            return Level{entries, entries * nr + n * nl * nr, entries,
                         !rules.lattice || entries <= nm::MultiVertexOptions{}.max_entries};
        };
        if (rules.lattice) {
            add_lattice_ladders(w, rules.qmc, grid);
        } else {
            add_tensor_ladder(w, domain, rules.first, grid);
            add_node_rule(w, nm::Domain::product(domain, domain), rules.second, (nl + nr) * legs + 1.0, nl * nr);
        }
    }
    for (const auto& entry : b.multi_inputs) {
        // (No structured bindings here: clang 14, the fuzz build's compiler, cannot capture one in a lambda.)
        const auto& inputs = entry.second;
        const auto level = [&inputs](double n) { return multi_level(inputs.first, inputs.second, n); };
        if (rules.lattice) {
            add_lattice_ladders(w, rules.qmc, level);
        } else {
            add_tensor_ladder(w, domain, rules.first, level);
            add_tensor_ladder(w, domain, rules.multi_second, level);
        }
    }
    return w;
}

}  // namespace nnft::symbolic::detail
