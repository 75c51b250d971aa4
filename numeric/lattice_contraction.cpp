#include "numeric/lattice_contraction.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <random>

#include "common/error.hpp"
#include "numeric/detail/integration_common.hpp"
#include "numeric/detail/lattice_qmc.hpp"

namespace nnft::numeric {

namespace {

std::string sci(double x) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2g", x);
    return buf;
}

/// CBC product weights of a family.
std::vector<double> family_weights(LatticeFamily family, int d) {
    std::vector<double> g(static_cast<std::size_t>(d));
    for (int j = 0; j < d; ++j)
        g[static_cast<std::size_t>(j)] =
            family == LatticeFamily::primary ? 1.0 / static_cast<double>((j + 1) * (j + 1)) : std::pow(0.6, j + 1);
    return g;
}

/// The uniform shift of internal point a in replica r at `level` of `family` (independent streams, reproducible
/// from the seed).
std::vector<double> draw_shift(std::uint64_t seed, LatticeFamily family, int level, int r, int a, int d) {
    std::seed_seq seq{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32),
                      static_cast<std::uint32_t>(family == LatticeFamily::primary ? 0x9e37 : 0x7f4a),
                      static_cast<std::uint32_t>(level), static_cast<std::uint32_t>(r), static_cast<std::uint32_t>(a)};
    std::mt19937_64 gen(seq);
    std::uniform_real_distribution<double> unif(0.0, 1.0);
    std::vector<double> s(static_cast<std::size_t>(d));
    for (auto& v : s) v = unif(gen);
    return s;
}

double level_evaluations(const IntegratorOptions& o, std::uint64_t n) {
    return static_cast<double>(o.qmc_shifts) * static_cast<double>(n) * static_cast<double>(n);
}

void check_shifts(const IntegratorOptions& o) {
    if (o.qmc_shifts < 2) throw Error("lattice contraction needs qmc_shifts >= 2 (the error bar is their spread)");
    if (o.qmc_min_points < 2) throw Error("lattice contraction needs qmc_min_points >= 2");
}

/// Throw unless the first level fits the budget and `fits_limits`.
void check_first_level(const IntegratorOptions& o, LatticeFamily family, const std::function<bool(std::uint64_t)>& fits_limits,
                       const MultiVertexOptions& limits, const std::string& what) {
    check_shifts(o);
    const std::uint64_t n = lattice_level_size(o, family, 0);
    const double ev = level_evaluations(o, n);
    if (ev > static_cast<double>(o.max_evaluations) || !fits_limits(n))
        throw Error("the lattice (QMC) contraction of " + what + " needs " + std::to_string(o.qmc_shifts) + " shifts x " +
                    std::to_string(n) + "^2 = " + sci(ev) + " kernel evaluations on its first level (" + to_string(family) +
                    " rule; budget " + sci(static_cast<double>(o.max_evaluations)) +
                    "; limits " + sci(limits.max_flops) + " multiply-adds, tensors of " + sci(limits.max_entries) +
                    " entries); raise --max-evaluations, use fewer inputs or internal points, or --grid tensor");
}

struct Ladder {
    Eigen::VectorXd value, error;
    long long evaluations = 0;
    std::uint64_t nodes = 0;
    Status status = Status::ok;
    std::string reason;
};

/// Lattice levels of `family` until every entry's standard error meets the tolerance or the next level does
/// not fit. Each replica gives each of the `k` internal points its own independently shifted copy of the
/// lattice (one shared shift would make the product rule biased: pairs would differ only by lattice vectors),
/// so every replica is an unbiased estimate; `eval` contracts on those grids (adding its kernel evaluations).
Ladder run_ladder(const Domain& domain, const IntegratorOptions& o, LatticeFamily family, std::size_t k,
                  const std::function<bool(std::uint64_t)>& fits_limits,
                  const std::function<Eigen::VectorXd(const std::vector<const QuadratureGrid*>&, long long&)>& eval) {
    Ladder out;
    const int d = domain.dim();
    const auto gamma = family_weights(family, d);
    const int shifts = o.qmc_shifts;
    for (int level = 0;; ++level) {
        beat(o);
        const std::uint64_t n = lattice_level_size(o, family, level);
        if (level > 0 && (static_cast<double>(out.evaluations) + level_evaluations(o, n) > static_cast<double>(o.max_evaluations) ||
                          !fits_limits(n))) {
            out.status = Status::max_evaluations_reached;
            out.reason = "tolerance not met: the next lattice level (" + std::to_string(n) + " points x " +
                         std::to_string(shifts) + " shifts, " + to_string(family) +
                         " rule) would exceed max_evaluations or the size limits; raise --max-evaluations or loosen --qmc-rel-tol";
            break;
        }
        const auto z = cbc_generating_vector(n, d, gamma);
        Eigen::VectorXd sum, sum2;
        for (int r = 0; r < shifts; ++r) {
            std::vector<QuadratureGrid> grids;
            std::vector<const QuadratureGrid*> ptrs;
            for (std::size_t a = 0; a < k; ++a)
                grids.push_back(lattice_grid(domain, n, z, draw_shift(o.seed, family, level, r, static_cast<int>(a), d)));
            for (const auto& g : grids) ptrs.push_back(&g);
            const Eigen::VectorXd v = eval(ptrs, out.evaluations);
            if (r == 0) {
                sum = Eigen::VectorXd::Zero(v.size());
                sum2 = Eigen::VectorXd::Zero(v.size());
            }
            sum += v;
            sum2 += v.cwiseProduct(v);
        }
        const double q = shifts;
        out.value = sum / q;
        const Eigen::VectorXd var = ((sum2 - q * out.value.cwiseProduct(out.value)) / (q - 1.0)).cwiseMax(0.0);
        out.error = (var / q).cwiseSqrt();
        out.nodes = n;
        bool all = true;
        for (Eigen::Index i = 0; i < out.value.size() && all; ++i) all = detail::within_tolerance(out.value(i), out.error(i), o);
        if (all) {
            out.status = Status::ok;
            out.reason.clear();
            return out;
        }
    }
    for (Eigen::Index i = 0; i < out.value.size(); ++i)
        if (!std::isfinite(out.value(i)) || !std::isfinite(out.error(i))) {
            out.status = Status::not_converged;
            out.reason = "the lattice contraction gave non-finite values";
        }
    return out;
}

bool fits_entries(std::uint64_t n, const MultiVertexOptions& limits) {
    return static_cast<double>(n) * static_cast<double>(n) <= limits.max_entries;
}

}  // namespace

std::string to_string(LatticeFamily family) {
    return family == LatticeFamily::primary ? "primary" : "alternate";
}

std::uint64_t lattice_level_size(const IntegratorOptions& options, LatticeFamily family, int level) {
    const std::uint64_t n0 = std::max<std::uint64_t>(2, options.qmc_min_points);
    const std::uint64_t base = family == LatticeFamily::primary ? n0 : n0 * 3 / 2;
    return previous_prime(std::max<std::uint64_t>(2, base << level));
}

void check_lattice_size(const std::vector<VertexPoint>& points, const std::vector<VertexLine>& lines,
                        const IntegratorOptions& options, LatticeFamily family, const MultiVertexOptions& limits) {
    check_first_level(options, family, [&](std::uint64_t n) {
        const auto c = multi_vertex_cost(points, lines, static_cast<long long>(n));
        return fits_entries(n, limits) && c.plan.flops <= limits.max_flops && c.plan.peak_entries <= limits.max_entries;
    }, limits, "a " + std::to_string(points.size()) + "-vertex diagram");
}

MultiVertexResult integrate_multi_vertex_lattice(const Kernel& kernel, const PointSet& inputs,
                                                 const std::vector<VertexPoint>& points,
                                                 const std::vector<VertexLine>& lines, const Domain& domain,
                                                 const IntegratorOptions& options, LatticeFamily family,
                                                 const MultiVertexOptions& limits) {
    detail::validate_multi_vertex(kernel, points, lines, domain);
    check_lattice_size(points, lines, options, family, limits);
    if (auto diverged = detail::multi_vertex_divergence(kernel, inputs, points, domain)) return *diverged;
    const auto fits = [&](std::uint64_t n) {
        const auto c = multi_vertex_cost(points, lines, static_cast<long long>(n));
        return fits_entries(n, limits) && c.plan.flops <= limits.max_flops && c.plan.peak_entries <= limits.max_entries;
    };
    const Ladder l = run_ladder(domain, options, family, points.size(), fits,
                                [&](const std::vector<const QuadratureGrid*>& g, long long& ev) {
        return detail::contract_multi_vertex_grids(kernel, inputs, points, lines, g, ev);
    });
    MultiVertexResult res;
    for (const auto& p : points) res.dims.push_back(p.legs.size());
    res.value = l.value;
    res.error = l.error;
    res.evaluations = l.evaluations;
    res.nodes = static_cast<long long>(l.nodes);
    res.status = l.status;
    res.reason = l.reason;
    return res;
}

TwoVertexResult integrate_two_vertex_lattice(const Kernel& kernel, const PointSet& inputs, const std::vector<Tuple>& left,
                                             const std::vector<Tuple>& right, int power, const Domain& domain,
                                             const IntegratorOptions& options, LatticeFamily family,
                                             const VertexWeight& left_weight, const VertexWeight& right_weight,
                                             const MultiVertexOptions& limits) {
    detail::check_two_vertex_domain(kernel, domain);
    if (power < 0) throw Error("the kernel power between the two vertices must be >= 0");
    const auto fits = [&](std::uint64_t n) { return fits_entries(n, limits); };
    check_first_level(options, family, fits, limits, "a two-vertex diagram");
    const auto rows = static_cast<Eigen::Index>(left.size()), cols = static_cast<Eigen::Index>(right.size());
    if (detail::two_vertex_diverges(kernel, inputs, left, right, domain, left_weight, right_weight))
        return detail::diverged_two_vertex(rows, cols);
    const Ladder l = run_ladder(domain, options, family, 2, fits, [&](const std::vector<const QuadratureGrid*>& g, long long& ev) {
        const Eigen::MatrixXd v =
            detail::two_vertex_on_grids(kernel, inputs, left, right, power, *g[0], *g[1], left_weight, right_weight, ev,
                                        options.heartbeat);
        return Eigen::VectorXd(Eigen::Map<const Eigen::VectorXd>(v.data(), v.size()));
    });
    TwoVertexResult res;
    res.value = Eigen::Map<const Eigen::MatrixXd>(l.value.data(), rows, cols);
    res.error = Eigen::Map<const Eigen::MatrixXd>(l.error.data(), rows, cols);
    res.evaluations = l.evaluations;
    res.status = l.status;
    res.reason = l.reason;
    return res;
}

MultiVertexCrossCheck cross_check_multi_vertex_lattice(const Kernel& kernel, const PointSet& inputs,
                                                       const std::vector<VertexPoint>& points,
                                                       const std::vector<VertexLine>& lines, const Domain& domain,
                                                       const IntegratorOptions& options, const MultiVertexOptions& limits) {
    MultiVertexCrossCheck out;
    out.first = integrate_multi_vertex_lattice(kernel, inputs, points, lines, domain, options, LatticeFamily::primary, limits);
    out.second = integrate_multi_vertex_lattice(kernel, inputs, points, lines, domain, options, LatticeFamily::alternate, limits);
    detail::compare_multi_vertex(out);
    return out;
}

TwoVertexCrossCheck cross_check_two_vertex_lattice(const Kernel& kernel, const PointSet& inputs,
                                                   const std::vector<Tuple>& left, const std::vector<Tuple>& right,
                                                   int power, const Domain& domain, const IntegratorOptions& options,
                                                   const VertexWeight& left_weight, const VertexWeight& right_weight,
                                                   const MultiVertexOptions& limits) {
    TwoVertexCrossCheck out;
    out.second_method = Method::lattice_qmc;
    out.first = integrate_two_vertex_lattice(kernel, inputs, left, right, power, domain, options, LatticeFamily::primary,
                                             left_weight, right_weight, limits);
    out.second = integrate_two_vertex_lattice(kernel, inputs, left, right, power, domain, options, LatticeFamily::alternate,
                                              left_weight, right_weight, limits);
    detail::compare_two_vertex(out);
    return out;
}

}  // namespace nnft::numeric
