// Benchmark: the 4-point vertex ∫ Π_{i=1..4} K_EFT(x_{t_i}, y) dy for the 126 sorted tuples of 6 inputs,
// d = 1..3, erf and relu over [−2, 2]^d (split at 0), gauss over R^d. For each method, the cheapest
// tolerance in a sweep whose max true relative error over all tuples is ≤ 1e-8: evaluations and wall time.
// Methods: nnft batched Gauss–Legendre and adaptive (one pass serves all tuples); libcubature hcubature_v
// per tuple (vectorised integrand using the same SIMD kernel rows) and once with fdim = 126; GSL qagp
// (d = 1) per tuple. The reference is nnft Gauss–Legendre at rel_tol 1e-13; every other row reaching 1e-8
// against it (adaptive, hcubature, GSL) confirms it independently.
// Usage: bench_vertex_integrals [max_d]      (the tolerance sweeps above, d = 1..max_d)
//        bench_vertex_integrals median [reps] (d = 1 only: each method at the tolerance it needs, timed in
//        interleaved rounds of 20 calls, `reps` rounds (default 31), thread CPU time; medians and paired ratios)
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <algorithm>
#include <cstring>
#include <ctime>
#include <functional>
#include <string>
#include <vector>

#include "numeric/vertex_integral.hpp"

#ifdef NNFT_HAVE_CUBATURE
#include <cubature.h>
#endif
#ifdef NNFT_HAVE_GSL
#include <gsl/gsl_errno.h>
#include <gsl/gsl_integration.h>
#endif

using namespace nnft::numeric;

namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// CPU time of the calling thread in seconds: unlike wall time it does not count the time the thread waits for a
// core, so on a shared, overloaded machine long and short runs are not penalised differently by preemption.
double thread_cpu_seconds() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

PointSet inputs_for(int d) {
    // Six fixed inputs in [−1.2, 1.2]^d (d = 1: the paper's ReLU set {0.2, …, 1.2}).
    const double table[6][3] = {{0.2, -0.7, 0.5}, {0.4, 0.9, -0.3}, {0.6, 0.1, 1.1}, {0.8, -1.0, -0.8}, {1.0, 0.6, 0.2}, {1.2, -0.2, -1.1}};
    std::vector<std::vector<double>> rows;
    for (const auto& r : table) rows.emplace_back(r, r + d);
    return PointSet::from_rows(rows);
}

struct Outcome {
    bool reached = false;
    double tol = 0, max_rel = 0, seconds = 0;
    long long evaluations = 0;
};

// Sweep tolerances; stop at the first whose true max relative error is ≤ 1e-8.
Outcome sweep(const std::function<std::vector<double>(double, long long&)>& run, const std::vector<double>& ref) {
    Outcome o;
    for (double tol : {1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9, 1e-10, 1e-11, 1e-12}) {
        long long evals = 0;
        auto t0 = std::chrono::steady_clock::now();
        const auto v = run(tol, evals);
        double s = seconds_since(t0);
        // Best of repeats (up to 5, while the total stays under 0.2 s) against timer noise.
        for (int rep = 1; rep < 5 && s * rep < 0.2; ++rep) {
            long long e2 = 0;
            t0 = std::chrono::steady_clock::now();
            run(tol, e2);
            s = std::min(s, seconds_since(t0));
        }
        double worst = 0;
        for (std::size_t i = 0; i < ref.size(); ++i) worst = std::max(worst, std::abs(v[i] - ref[i]) / std::abs(ref[i]));
        o = Outcome{worst <= 1e-8, tol, worst, s, evals};
        if (o.reached) break;
    }
    return o;
}

struct CubatureData {
    const Kernel* kernel;
    const Domain* domain;
    PointSet legs;  // the tuple's inputs (4 points); with all_inputs, every input and `tuples`
    const std::vector<Tuple>* tuples = nullptr;
    long long evals = 0;
    std::vector<double> t, y, jac, rows;
};

#ifdef NNFT_HAVE_CUBATURE
int cubature_integrand(unsigned ndim, std::size_t npt, const double* x, void* data, unsigned fdim, double* fval) {
    auto& c = *static_cast<CubatureData*>(data);
    c.t.resize(ndim * npt);
    c.y.resize(ndim * npt);
    c.jac.assign(npt, 1.0);
    for (std::size_t i = 0; i < npt; ++i)
        for (unsigned k = 0; k < ndim; ++k) c.t[k * npt + i] = x[i * ndim + k];
    c.domain->map(c.t.data(), npt, c.y.data(), c.jac.data());
    c.rows.resize(c.legs.size() * npt);
    c.kernel->rows(c.legs, PointBlock{static_cast<int>(ndim), npt, c.y.data()}, c.rows.data());
    c.evals += static_cast<long long>(npt);
    if (c.tuples == nullptr) {
        for (std::size_t i = 0; i < npt; ++i) {
            double p = c.jac[i];
            for (std::size_t m = 0; m < c.legs.size(); ++m) p *= c.rows[m * npt + i];
            fval[i] = p;
        }
    } else {
        for (std::size_t i = 0; i < npt; ++i)
            for (unsigned f = 0; f < fdim; ++f) {
                double p = c.jac[i];
                for (int m : (*c.tuples)[f]) p *= c.rows[static_cast<std::size_t>(m) * npt + i];
                fval[i * fdim + f] = p;
            }
    }
    return 0;
}
#endif

// One benchmark case: a kernel, the six inputs, the 126 sorted 4-tuples, the domain and the reference values.
struct Case {
    ActivationKind net;
    int d;
    Kernel kernel;
    PointSet x;
    std::vector<Tuple> tuples;
    Domain domain;

    Case(ActivationKind n, int dim)
        : net(n), d(dim), kernel(KernelSpec{n, dim, 1.0, n == ActivationKind::relu ? 0.0 : 1.0, 1, true}), x(inputs_for(dim)),
          tuples(sorted_tuples(6, 4)), domain(vertex_domain(kernel.spec(), x, n == ActivationKind::gauss ? kInfiniteCutoff : 2.0)) {}

    // nnft, one rule: integrate_vertex (values of all tuples).
    std::vector<double> nnft(Method m, double tol, long long& evals) const {
        IntegratorOptions o;
        o.method = m;
        o.rel_tol = tol;
        o.max_evaluations = 200'000'000;
        const auto r = integrate_vertex(kernel, x, tuples, domain, o);
        evals = r[0].evaluations;
        std::vector<double> v;
        for (const auto& q : r) v.push_back(q.value);
        return v;
    }

    // nnft as the lowering calls it: Gauss–Legendre at tol_gl confirmed by the adaptive rule at tol_ad
    // (cross_check_vertex); values of the first rule, evaluations of both.
    std::vector<double> nnft_checked(double tol_gl, double tol_ad, long long& evals, bool& all_agree) const {
        IntegratorOptions first, second;
        first.rel_tol = tol_gl;
        second.method = Method::adaptive;
        second.rel_tol = tol_ad;
        const auto cc = cross_check_vertex(kernel, x, tuples, domain, first, second);
        evals = cc.first[0].evaluations + cc.second[0].evaluations;
        all_agree = cc.all_agree();
        std::vector<double> v;
        for (const auto& q : cc.first) v.push_back(q.value);
        return v;
    }

#ifdef NNFT_HAVE_CUBATURE
    void bounds(std::vector<double>& lo, std::vector<double>& hi) const {
        lo.resize(static_cast<std::size_t>(d));
        hi.resize(static_cast<std::size_t>(d));
        for (int k = 0; k < d; ++k) {
            lo[static_cast<std::size_t>(k)] = domain.segments(k).front();
            hi[static_cast<std::size_t>(k)] = domain.segments(k).back();
        }
    }

    // hcubature_v, one call per tuple (the usual use). The integrand's scratch buffers are reused across
    // tuples, and each tuple's 4 legs are one coordinate-major PointSet.
    std::vector<double> hcubature_per_tuple(double tol, long long& evals) const {
        std::vector<double> lo, hi;
        bounds(lo, hi);
        std::vector<double> v;
        v.reserve(tuples.size());
        CubatureData c{&kernel, &domain, PointSet(d), nullptr, 0, {}, {}, {}, {}};
        for (const auto& t : tuples) {
            std::vector<double> legs(t.size() * static_cast<std::size_t>(d));
            for (int k = 0; k < d; ++k)
                for (std::size_t i = 0; i < t.size(); ++i)
                    legs[static_cast<std::size_t>(k) * t.size() + i] = x.at(static_cast<std::size_t>(t[i]), k);
            c.legs = PointSet::from_coordinate_major(d, std::move(legs));
            double val = 0, err = 0;
            hcubature_v(1, cubature_integrand, &c, static_cast<unsigned>(d), lo.data(), hi.data(), 20'000'000, 0, tol,
                        ERROR_INDIVIDUAL, &val, &err);
            v.push_back(val);
        }
        evals = c.evals;
        return v;
    }

    // hcubature_v once with fdim = 126 (its own vector-integrand mode: nodes shared by all tuples).
    std::vector<double> hcubature_vector(double tol, long long& evals) const {
        std::vector<double> lo, hi;
        bounds(lo, hi);
        CubatureData c{&kernel, &domain, x, &tuples, 0, {}, {}, {}, {}};
        std::vector<double> val(tuples.size()), err(tuples.size());
        hcubature_v(static_cast<unsigned>(tuples.size()), cubature_integrand, &c, static_cast<unsigned>(d), lo.data(),
                    hi.data(), 50'000'000, 0, tol, ERROR_INDIVIDUAL, val.data(), err.data());
        evals = c.evals;
        return val;
    }
#endif

#ifdef NNFT_HAVE_GSL
    // GSL qagp per tuple (d = 1 only), breakpoints at the domain's segment edges.
    std::vector<double> gsl_qagp(double tol, long long& evals) const {
        gsl_set_error_handler_off();
        std::vector<double> v;
        gsl_integration_workspace* ws = gsl_integration_workspace_alloc(2000);
        for (const auto& t : tuples) {
            std::vector<std::vector<double>> legs;
            for (int i : t) legs.push_back(x.point(static_cast<std::size_t>(i)));
            CubatureData c{&kernel, &domain, PointSet::from_rows(legs), nullptr, 0, {}, {}, {}, {}};
            gsl_function F;
            F.params = &c;
            F.function = [](double s, void* p) -> double {
                auto& cd = *static_cast<CubatureData*>(p);
                double tt = s, yy = 0, jj = 1.0, kv[4];
                cd.domain->map(&tt, 1, &yy, &jj);
                cd.kernel->rows(cd.legs, PointBlock{1, 1, &yy}, kv);
                ++cd.evals;
                return jj * kv[0] * kv[1] * kv[2] * kv[3];
            };
            std::vector<double> pts = domain.segments(0);
            double val = 0, err = 0;
            gsl_integration_qagp(&F, pts.data(), pts.size(), 0, tol, 2000, ws, &val, &err);
            evals += c.evals;
            v.push_back(val);
        }
        gsl_integration_workspace_free(ws);
        return v;
    }
#endif
};

using Runner = std::function<std::vector<double>(double, long long&)>;

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 == 1 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

// d = 1: every method at the loosest tolerance that reaches 1e-8 true error, timed in interleaved rounds
// (20 calls per method per round, `reps` rounds) so that load from other processes hits all methods alike.
void median_mode(int reps) {
    std::printf("# d = 1, 126 sorted tuples of 6 inputs; each method at the loosest tolerance reaching 1e-8 true error;\n");
    std::printf("# %d interleaved rounds of 20 calls per method; thread CPU time per call (all 126 tuples), microseconds;\n", reps);
    std::printf("# hc/this = median over rounds of (hcubature per tuple time / this method's time in the same round)\n");
    std::printf("%-6s %-26s %8s %8s %10s %10s %10s %10s\n", "net", "method", "tol", "evals", "median_us", "min_us",
                "max_rel", "hc/this");
    for (ActivationKind net : {ActivationKind::erf, ActivationKind::relu, ActivationKind::gauss}) {
        const Case cs(net, 1);
        IntegratorOptions ro;
        ro.rel_tol = 1e-13;
        std::vector<double> ref;
        for (const auto& r : integrate_vertex(cs.kernel, cs.x, cs.tuples, cs.domain, ro)) ref.push_back(r.value);
        struct Entry {
            std::string name;
            Runner run;
            Outcome o;
            std::vector<double> us;
        };
        std::vector<Entry> entries;
        entries.push_back({"nnft GL", [&](double t, long long& e) { return cs.nnft(Method::gauss_legendre, t, e); }, {}, {}});
        entries.push_back({"nnft adaptive", [&](double t, long long& e) { return cs.nnft(Method::adaptive, t, e); }, {}, {}});
#ifdef NNFT_HAVE_CUBATURE
        entries.push_back({"hcubature_v per tuple", [&](double t, long long& e) { return cs.hcubature_per_tuple(t, e); }, {}, {}});
        entries.push_back({"hcubature_v fdim=126", [&](double t, long long& e) { return cs.hcubature_vector(t, e); }, {}, {}});
#endif
        for (auto& en : entries) en.o = sweep(en.run, ref);
        // The lowering's path: GL confirmed by the adaptive rule, each at the tolerance found above.
        const double tol_gl = entries[0].o.tol, tol_ad = entries[1].o.tol;
        bool agree = false;
        long long e0 = 0;
        entries.push_back({"nnft GL + adaptive check", [&](double, long long& e) { return cs.nnft_checked(tol_gl, tol_ad, e, agree); }, {}, {}});
        entries.back().o = sweep(entries.back().run, ref);
        entries.back().o.tol = tol_gl;  // the GL tolerance (the check runs at tol_ad)
        entries.back().run(0, e0);
        for (int rep = 0; rep < reps; ++rep)
            for (auto& en : entries) {
                long long e = 0;
                const double t0 = thread_cpu_seconds();
                for (int k = 0; k < 20; ++k) en.run(en.o.tol, e);
                en.us.push_back((thread_cpu_seconds() - t0) / 20 * 1e6);
            }
        const Entry* hc = nullptr;
        for (const auto& en : entries)
            if (en.name == "hcubature_v per tuple") hc = &en;
        for (const auto& en : entries) {
            std::string ratio = "";
            if (hc != nullptr && &en != hc) {
                std::vector<double> paired;
                for (std::size_t r = 0; r < en.us.size(); ++r) paired.push_back(hc->us[r] / en.us[r]);
                ratio = std::to_string(median(paired)).substr(0, 5);
            }
            std::printf("%-6s %-26s %8.0e %8lld %10.2f %10.2f %10.1e %10s%s%s\n", Activation(net).name().c_str(), en.name.c_str(), en.o.tol,
                        en.o.evaluations, median(en.us), *std::min_element(en.us.begin(), en.us.end()), en.o.max_rel, ratio.c_str(),
                        en.o.reached ? "" : "  (1e-8 not reached)",
                        en.name == "nnft GL + adaptive check" ? (agree ? "  (rules agree)" : "  (rules DISAGREE)") : "");
        }
    }
}

}  // namespace

int main(int argc, char** argv) {
    if (argc > 1 && std::strcmp(argv[1], "median") == 0) {
        median_mode(argc > 2 ? std::max(1, std::atoi(argv[2])) : 31);
        return 0;
    }
    const int max_d = argc > 1 ? std::atoi(argv[1]) : 3;
    std::printf("# 4-point vertex, 126 sorted tuples of 6 inputs; target: max true relative error <= 1e-8\n");
    std::printf("%-6s %2s %-22s %10s %12s %10s %9s %8s\n", "net", "d", "method", "tol", "evals", "seconds", "max_rel", "ratio");
    for (int d = 1; d <= max_d; ++d) {
        for (ActivationKind net : {ActivationKind::erf, ActivationKind::relu, ActivationKind::gauss}) {
            const Case cs(net, d);
            IntegratorOptions ro;
            ro.rel_tol = 1e-13;
            ro.max_evaluations = 400'000'000;
            const auto t0 = std::chrono::steady_clock::now();
            const auto refr = integrate_vertex(cs.kernel, cs.x, cs.tuples, cs.domain, ro);
            const double ref_s = seconds_since(t0);
            std::vector<double> ref;
            double ref_err = 0;
            for (const auto& r : refr) {
                ref.push_back(r.value);
                ref_err = std::max(ref_err, r.error / std::abs(r.value));
            }
            std::printf("%-6s %2d %-22s %10.0e %12lld %10.3f %9.1e %8s  (reference; status %s)\n", Activation(net).name().c_str(), d,
                        "reference GL", 1e-13, refr[0].evaluations, ref_s, ref_err, "", to_string(refr[0].status).c_str());
            auto report = [&](const char* name, const Outcome& o, double base) {
                std::printf("%-6s %2d %-22s %10.0e %12lld %10.6f %9.1e %8.1f%s\n", Activation(net).name().c_str(), d, name, o.tol,
                            o.evaluations, o.seconds, o.max_rel, base > 0 ? o.seconds / base : 1.0, o.reached ? "" : "  (1e-8 not reached)");
            };
            const auto gl = sweep([&](double t, long long& e) { return cs.nnft(Method::gauss_legendre, t, e); }, ref);
            report("nnft GL batched", gl, 0);
            const double base = gl.reached ? gl.seconds : 0;
            report("nnft adaptive batched", sweep([&](double t, long long& e) { return cs.nnft(Method::adaptive, t, e); }, ref), base);
#ifdef NNFT_HAVE_CUBATURE
            report("hcubature_v per tuple", sweep([&](double t, long long& e) { return cs.hcubature_per_tuple(t, e); }, ref), base);
            report("hcubature_v fdim=126", sweep([&](double t, long long& e) { return cs.hcubature_vector(t, e); }, ref), base);
#endif
#ifdef NNFT_HAVE_GSL
            if (d == 1) report("gsl qagp per tuple", sweep([&](double t, long long& e) { return cs.gsl_qagp(t, e); }, ref), base);
#endif
        }
    }
    return 0;
}
