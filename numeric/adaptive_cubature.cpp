#include "numeric/detail/adaptive_cubature.hpp"

#include <cmath>
#include <queue>
#include <string>

#include "numeric/detail/integration_common.hpp"

namespace nnft::numeric {

namespace {

// Genz & Malik, J. Comput. Appl. Math. 6 (1980) 295; constants as in S. G. Johnson's hcubature.
constexpr double kLambda2 = 0.3585685828003180919906451539079374954541;  // sqrt(9/70)
constexpr double kLambda4 = 0.9486832980505137995996680633298155601160;  // sqrt(9/10)
constexpr double kLambda5 = 0.6882472016116852977216287342936235251269;  // sqrt(9/19)

// QUADPACK qk15 (Piessens et al. 1983): Kronrod abscissae (descending, last = centre) and weights; the
// 7-point Gauss rule uses the odd-indexed abscissae.
constexpr double kXgk[8] = {0.991455371120812639206854697526329, 0.949107912342758524526189684047851,
                            0.864864423359769072789712788640926, 0.741531185599394439863864773280788,
                            0.586087235467691130294144845693013, 0.405845151377397166906606412076961,
                            0.207784955007898467600689403773245, 0.0};
constexpr double kWgk[8] = {0.022935322010529224963732008058970, 0.063092092629978553290700663189204,
                            0.104790010322250183839876322541518, 0.140653259715525918745189590510238,
                            0.169004726639267902826583426598550, 0.190350578064785409913256402421014,
                            0.204432940075298892414161999234649, 0.209482141084727828012999174891714};
constexpr double kWg[4] = {0.129484966168869693270611432679082, 0.279705391489276667901467771423780,
                           0.381830050505118944950369775488975, 0.417959183673469387755102040816327};

// Storage of one region: centre and half-widths (integration variable), per-component value and error.
struct Regions {
    std::size_t d, nc;
    std::vector<double> geom;  // 2d per region
    std::vector<double> val, err;
    std::vector<int> split;
    std::vector<std::size_t> free_slots;
    std::vector<double> diff;  // region_rule's per-axis fourth differences (reused)
    std::size_t alloc() {
        if (!free_slots.empty()) {
            const std::size_t s = free_slots.back();
            free_slots.pop_back();
            return s;
        }
        const std::size_t s = split.size();
        geom.resize(geom.size() + 2 * d);
        val.resize(val.size() + nc);
        err.resize(err.size() + nc);
        split.push_back(0);
        return s;
    }
};

std::size_t points_per_region(std::size_t d) { return d == 1 ? 15 : 1 + 4 * d + 2 * d * (d - 1) + (std::size_t{1} << d); }

// Write the rule's nodes (integration variable) for one region into t (coordinate-major, stride n).
void region_nodes(std::size_t d, const double* c, const double* h, double* t, std::size_t n, std::size_t first) {
    std::size_t j = first;
    auto put = [&](auto&& coord) {
        for (std::size_t k = 0; k < d; ++k) t[k * n + j] = coord(k);
        ++j;
    };
    if (d == 1) {
        put([&](std::size_t) { return c[0]; });
        for (int i = 0; i < 7; ++i) {
            put([&](std::size_t) { return c[0] - h[0] * kXgk[i]; });
            put([&](std::size_t) { return c[0] + h[0] * kXgk[i]; });
        }
        return;
    }
    put([&](std::size_t k) { return c[k]; });
    for (std::size_t a = 0; a < d; ++a)
        for (double lam : {-kLambda2, kLambda2, -kLambda4, kLambda4})
            put([&](std::size_t k) { return k == a ? c[k] + lam * h[k] : c[k]; });
    for (std::size_t a = 0; a < d; ++a)
        for (std::size_t b = a + 1; b < d; ++b)
            for (double sa : {-1.0, 1.0})
                for (double sb : {-1.0, 1.0})
                    put([&](std::size_t k) {
                        return k == a ? c[k] + sa * kLambda4 * h[k] : (k == b ? c[k] + sb * kLambda4 * h[k] : c[k]);
                    });
    for (std::size_t mask = 0; mask < (std::size_t{1} << d); ++mask)
        put([&](std::size_t k) { return c[k] + ((mask >> k) & 1u ? -kLambda5 : kLambda5) * h[k]; });
}

// Apply the rule to values v[c * n + first + i] (i over the region's points); set value, error, split axis.
void region_rule(Regions& R, std::size_t r, const double* v, std::size_t n, std::size_t first) {
    const std::size_t d = R.d;
    const double* h = R.geom.data() + r * 2 * d + d;
    double vol = 1.0;
    for (std::size_t k = 0; k < d; ++k) vol *= 2.0 * h[k];
    auto& diff = R.diff;
    diff.assign(d, 0.0);
    for (std::size_t c = 0; c < R.nc; ++c) {
        const double* f = v + c * n + first;
        double value = 0.0, lower = 0.0;
        if (d == 1) {
            value = kWgk[7] * f[0];
            lower = kWg[3] * f[0];
            for (int i = 0; i < 7; ++i) {
                const double s = f[1 + 2 * i] + f[2 + 2 * i];
                value += kWgk[i] * s;
                if (i % 2 == 1) lower += kWg[i / 2] * s;
            }
            value *= 0.5 * vol;
            lower *= 0.5 * vol;
        } else {
            const double dd = static_cast<double>(d);
            const double w1 = (12824.0 - 9120.0 * dd + 400.0 * dd * dd) / 19683.0, w2 = 980.0 / 6561.0;
            const double w3 = (1820.0 - 400.0 * dd) / 19683.0, w4 = 200.0 / 19683.0;
            const double w5 = 6859.0 / 19683.0 / static_cast<double>(std::size_t{1} << d);
            const double e1 = (729.0 - 950.0 * dd + 50.0 * dd * dd) / 729.0, e2 = 245.0 / 486.0;
            const double e3 = (265.0 - 100.0 * dd) / 1458.0, e4 = 25.0 / 729.0;
            const double ratio = (kLambda2 * kLambda2) / (kLambda4 * kLambda4);
            const double f0 = f[0];
            double s2 = 0.0, s3 = 0.0, s4 = 0.0, s5 = 0.0;
            std::size_t i = 1;
            for (std::size_t k = 0; k < d; ++k, i += 4) {
                s2 += f[i] + f[i + 1];
                s3 += f[i + 2] + f[i + 3];
                diff[k] += std::abs(f[i] + f[i + 1] - 2.0 * f0 - ratio * (f[i + 2] + f[i + 3] - 2.0 * f0));
            }
            for (std::size_t q = 0; q < 2 * d * (d - 1); ++q) s4 += f[i++];
            for (std::size_t q = 0; q < (std::size_t{1} << d); ++q) s5 += f[i++];
            value = vol * (w1 * f0 + w2 * s2 + w3 * s3 + w4 * s4 + w5 * s5);
            lower = vol * (e1 * f0 + e2 * s2 + e3 * s3 + e4 * s4);
        }
        R.val[r * R.nc + c] = value;
        R.err[r * R.nc + c] = std::abs(value - lower);
    }
    std::size_t best = 0;
    for (std::size_t k = 1; k < d; ++k)
        if (diff[k] > diff[best]) best = k;
    if (d >= 2 && diff[best] == 0.0) {  // flat: split the widest axis
        for (std::size_t k = 1; k < d; ++k)
            if (h[k] > h[best]) best = k;
    }
    R.split[r] = static_cast<int>(best);
}

// The scratch buffer of the adaptive integrand calls (one per thread, Scratch's cache).
std::vector<double>& adaptive_scratch_cache() {
    thread_local std::vector<double> cache;
    return cache;
}

// Regions stored at most (doubles of per-region values and errors: 128 MB).
constexpr std::size_t kMaxStored = 16'000'000;

// One adaptive run: the region store, a chunk of regions per integrand call (bounded scratch), the running
// totals and a heap of the live regions by their largest relative error.
class AdaptiveRun {
public:
    AdaptiveRun(const BatchIntegrand& f, const Domain& domain, const IntegratorOptions& options)
        : f_(f), domain_(domain), options_(options), d_(static_cast<std::size_t>(domain.dim())), nc_(f.components()),
          ppr_(points_per_region(d_)), R_{d_, nc_, {}, {}, {}, {}, {}, {}},
          chunk_(detail::nodes_per_call(nc_, 2 * static_cast<std::size_t>(options.adaptive_batch) * ppr_, ppr_) / ppr_),
          n_max_(chunk_ * ppr_), scratch_(adaptive_scratch_cache(), (2 * d_ + 1 + nc_) * n_max_),
          total_(nc_, 0.0), total_err_(nc_, 0.0), scale_(nc_) {}

    // Initial regions: the cells of the breakpoint grid, evaluated; the totals, scales and heap from them.
    void start() {
        const std::vector<std::size_t> initial = grid_cells();
        evaluate(initial);
        for (std::size_t r : initial)
            for (std::size_t c = 0; c < nc_; ++c) {
                total_[c] += R_.val[r * nc_ + c];
                total_err_[c] += R_.err[r * nc_ + c];
            }
        for (std::size_t c = 0; c < nc_; ++c) scale_[c] = std::max({std::abs(total_[c]), options_.abs_tol, 1e-300});
        for (std::size_t r : initial) heap_.emplace(priority(r), r);
    }

    // Bisect the worst regions, options.adaptive_batch at a time, until every component meets the tolerance
    // or the evaluation budget or the region store runs out.
    void refine() {
        std::vector<std::size_t> children;
        for (;;) {
            beat(options_);
            bool done = true;
            for (std::size_t c = 0; c < nc_ && done; ++c) done = detail::within_tolerance(total_[c], total_err_[c], options_);
            if (done) break;
            const std::size_t batch = std::min<std::size_t>(static_cast<std::size_t>(options_.adaptive_batch), heap_.size());
            if (out_of_budget(batch)) break;
            children.clear();
            bisect_worst(batch, children);
            evaluate(children);
            for (std::size_t ch : children) {
                for (std::size_t c = 0; c < nc_; ++c) {
                    total_[c] += R_.val[ch * nc_ + c];
                    total_err_[c] += R_.err[ch * nc_ + c];
                }
                heap_.emplace(priority(ch), ch);
            }
        }
    }

    // Exact re-summation over the live regions (the running totals drift by rounding), with each component's status.
    std::vector<IntegrationResult> results() {
        std::fill(total_err_.begin(), total_err_.end(), 0.0);
        std::vector<detail::CompensatedSum> acc(nc_);
        while (!heap_.empty()) {
            const std::size_t r = heap_.top().second;
            heap_.pop();
            for (std::size_t c = 0; c < nc_; ++c) {
                acc[c].add(R_.val[r * nc_ + c]);
                total_err_[c] += R_.err[r * nc_ + c];
            }
        }
        std::vector<IntegrationResult> res(nc_);
        for (std::size_t c = 0; c < nc_; ++c) {
            res[c].value = acc[c].value();
            res[c].error = total_err_[c];
            res[c].evaluations = spent_;
            if (!detail::within_tolerance(res[c].value, res[c].error, options_)) {
                res[c].status = status_ == Status::ok ? Status::max_evaluations_reached : status_;
                res[c].reason = reason_.empty() ? "tolerance not met" : reason_;
            }
        }
        detail::mark_non_finite(res);
        return res;
    }

private:
    // Evaluate a list of regions (geometry already set), a chunk of regions per integrand call.
    void evaluate(const std::vector<std::size_t>& list) {
        double* const t = scratch_.data();
        double* const y = t + d_ * n_max_;
        double* const jac = y + d_ * n_max_;
        double* const vals = jac + n_max_;
        for (std::size_t first = 0; first < list.size(); first += chunk_) {
            const std::size_t regions = std::min(chunk_, list.size() - first), n = regions * ppr_;
            std::fill(jac, jac + n, 1.0);
            for (std::size_t q = 0; q < regions; ++q) {
                const double* g = R_.geom.data() + list[first + q] * 2 * d_;
                region_nodes(d_, g, g + d_, t, n, q * ppr_);
            }
            domain_.map(t, n, y, jac);
            f_.evaluate(PointBlock{static_cast<int>(d_), n, y}, vals);
            if (domain_.infinite())  // boxes: the map is the identity and the Jacobian 1
                for (std::size_t c = 0; c < nc_; ++c)
                    for (std::size_t j = 0; j < n; ++j) vals[c * n + j] = jac[j] == 0.0 ? 0.0 : vals[c * n + j] * jac[j];
            for (std::size_t q = 0; q < regions; ++q) region_rule(R_, list[first + q], vals, n, q * ppr_);
            spent_ += static_cast<long long>(n);
        }
    }

    // Regions for the cells of the domain's breakpoint grid (geometry set, not yet evaluated).
    std::vector<std::size_t> grid_cells() {
        std::vector<std::size_t> cells_list;
        std::vector<std::size_t> counts(d_);
        std::size_t cells = 1;
        for (std::size_t k = 0; k < d_; ++k) cells *= (counts[k] = domain_.segments(static_cast<int>(k)).size() - 1);
        for (std::size_t cell = 0; cell < cells; ++cell) {
            const std::size_t r = R_.alloc();
            std::size_t idx = cell;
            for (std::size_t k = 0; k < d_; ++k) {
                const auto& s = domain_.segments(static_cast<int>(k));
                const std::size_t i = idx % counts[k];
                idx /= counts[k];
                R_.geom[r * 2 * d_ + k] = 0.5 * (s[i] + s[i + 1]);
                R_.geom[r * 2 * d_ + d_ + k] = 0.5 * (s[i + 1] - s[i]);
            }
            cells_list.push_back(r);
        }
        return cells_list;
    }

    // Whether bisecting `batch` more regions would exceed max_evaluations or the region store (then the status says so).
    bool out_of_budget(std::size_t batch) {
        if (spent_ + static_cast<long long>(2 * batch * ppr_) > options_.max_evaluations) {
            status_ = Status::max_evaluations_reached;
            reason_ = "tolerance not met within max_evaluations; raise it (or loosen rel_tol)";
            return true;
        }
        if ((R_.split.size() + 2 * batch) * nc_ * 2 > kMaxStored) {
            status_ = Status::max_evaluations_reached;
            reason_ = "tolerance not met before the adaptive region store reached its memory limit; use gauss_legendre or lattice_qmc";
            return true;
        }
        return false;
    }

    // Take the `batch` worst regions off the heap and the totals, and halve each along its split axis into
    // `children` (geometry set, not yet evaluated).
    void bisect_worst(std::size_t batch, std::vector<std::size_t>& children) {
        for (std::size_t q = 0; q < batch; ++q) {
            const std::size_t r = heap_.top().second;
            heap_.pop();
            for (std::size_t c = 0; c < nc_; ++c) {
                total_[c] -= R_.val[r * nc_ + c];
                total_err_[c] -= R_.err[r * nc_ + c];
            }
            const auto ax = static_cast<std::size_t>(R_.split[r]);
            for (double side : {-1.0, 1.0}) {
                const std::size_t ch = R_.alloc();
                for (std::size_t k = 0; k < 2 * d_; ++k) R_.geom[ch * 2 * d_ + k] = R_.geom[r * 2 * d_ + k];
                R_.geom[ch * 2 * d_ + d_ + ax] *= 0.5;
                R_.geom[ch * 2 * d_ + ax] += side * R_.geom[ch * 2 * d_ + d_ + ax];
                children.push_back(ch);
            }
            R_.free_slots.push_back(r);
        }
    }

    // Largest error of region r relative to each component's scale (the heap's order).
    double priority(std::size_t r) const {
        double p = 0.0;
        for (std::size_t c = 0; c < nc_; ++c) p = std::max(p, R_.err[r * nc_ + c] / scale_[c]);
        return p;
    }

    const BatchIntegrand& f_;
    const Domain& domain_;
    const IntegratorOptions& options_;
    const std::size_t d_, nc_, ppr_;
    Regions R_;
    const std::size_t chunk_, n_max_;
    detail::Scratch scratch_;
    long long spent_ = 0;
    std::vector<double> total_, total_err_, scale_;
    std::priority_queue<std::pair<double, std::size_t>> heap_;
    Status status_ = Status::ok;
    std::string reason_;
};

std::vector<IntegrationResult> adaptive_core(const BatchIntegrand& f, const Domain& domain,
                                             const IntegratorOptions& options) {
    AdaptiveRun run(f, domain, options);
    run.start();
    run.refine();
    return run.results();
}

}  // namespace

std::vector<IntegrationResult> integrate_adaptive(const BatchIntegrand& f, const Domain& domain,
                                                  const IntegratorOptions& options) {
    detail::check_inputs(f, domain, options);
    return detail::screen_divergent(f, domain, [&](const BatchIntegrand& g) { return adaptive_core(g, domain, options); });
}

}  // namespace nnft::numeric
