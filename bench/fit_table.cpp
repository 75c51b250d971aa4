// Benchmark: the paper's d_in = 1 coupling-fit integral table (docs/physics-setup.md §4.3): ReLU-net (σ_W = 1,
// σ_b = 0), cutoff Λ = 100, all 6⁴ = 1296 ordered tuples × {λ0: ∫ Π K, λ2: ∫ y² Π K, λNL: bilocal Σ_3 ∫∫},
// for the test inputs S = {0.2, …, 1.2} and the train inputs (√2/2)·S. Target: < 0.5 s on one core.
// The table is then re-computed with the adaptive rule and the largest discrepancy printed.
// Usage: bench_fit_table [REPEATS=5] [--reuse]   (best and median of REPEATS computations of the whole table; each
// repeat returns new result vectors, or with --reuse writes into the previous repeat's vectors (the out-parameter
// forms). Compare the default malloc with
// GLIBC_TUNABLES=glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=268435456, docs/performance.md#allocation)
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "numeric/vertex_integral.hpp"

using namespace nnft::numeric;

namespace {

struct Table {
    std::vector<IntegrationResult> l0, l2, nl;
};

Table compute(const Kernel& k, const PointSet& x, const std::vector<Tuple>& tuples, const Domain& dom, const IntegratorOptions& o) {
    return Table{integrate_vertex(k, x, tuples, dom, o), integrate_vertex(k, x, tuples, dom, o, weight_norm_squared()),
                 integrate_bilocal(k, x, tuples, dom, o)};
}

void compute_into(Table& t, const Kernel& k, const PointSet& x, const std::vector<Tuple>& tuples, const Domain& dom,
                  const IntegratorOptions& o) {
    integrate_vertex(k, x, tuples, dom, o, {}, t.l0);
    integrate_vertex(k, x, tuples, dom, o, weight_norm_squared(), t.l2);
    integrate_bilocal(k, x, tuples, dom, o, t.nl);
}

}  // namespace

int main(int argc, char** argv) {
    const int repeats = argc > 1 ? std::max(1, std::atoi(argv[1])) : 5;
    const bool reuse = argc > 2 && std::strcmp(argv[2], "--reuse") == 0;
    const KernelSpec spec{ActivationKind::relu, 1, 1.0, 0.0, 1, true};
    const Kernel k(spec);
    std::vector<std::vector<double>> s_rows, t_rows;
    for (int i = 1; i <= 6; ++i) {
        s_rows.push_back({0.2 * i});
        t_rows.push_back({std::sqrt(2.0) / 2.0 * 0.2 * i});
    }
    const std::vector<PointSet> sets{PointSet::from_rows(s_rows), PointSet::from_rows(t_rows)};
    const auto tuples = all_tuples(6, 4);
    IntegratorOptions o;
    o.rel_tol = 1e-12;
    std::vector<double> times;
    std::vector<Table> tables;
    for (int rep = 0; rep < repeats; ++rep) {
        const auto t0 = std::chrono::steady_clock::now();
        if (reuse) {
            tables.resize(sets.size());
            for (std::size_t s = 0; s < sets.size(); ++s) compute_into(tables[s], k, sets[s], tuples, vertex_domain(spec, sets[s], 100.0), o);
        } else {
            tables.clear();
            for (const auto& x : sets) tables.push_back(compute(k, x, tuples, vertex_domain(spec, x, 100.0), o));
        }
        times.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    }
    std::sort(times.begin(), times.end());
    int not_ok = 0;
    double worst_rel_err = 0;
    for (const auto& t : tables)
        for (const auto* col : {&t.l0, &t.l2, &t.nl})
            for (const auto& r : *col) {
                not_ok += r.status != Status::ok;
                worst_rel_err = std::max(worst_rel_err, r.error / std::abs(r.value));
            }
    std::printf("fit table: 2 input sets x 1296 tuples x {lambda0, lambda2, lambdaNL}, ReLU d=1, cutoff 100, rel_tol 1e-12\n");
    std::printf("  wall time (one core, %d repeats, %s): best %.1f us, median %.1f us   (target < 0.5 s)\n", repeats,
                reuse ? "result vectors reused" : "new result vectors", 1e6 * times.front(),
                1e6 * times[times.size() / 2]);
    std::printf("  entries not ok: %d; largest reported relative error: %.1e\n", not_ok, worst_rel_err);
    std::printf("  tuple (0,1,2,3), set S: lambda0 %.12e  lambda2 %.12e  lambdaNL %.12e\n", tables[0].l0[0 * 216 + 1 * 36 + 2 * 6 + 3].value,
                tables[0].l2[1 * 36 + 2 * 6 + 3].value, tables[0].nl[1 * 36 + 2 * 6 + 3].value);
    IntegratorOptions oa = o;
    oa.method = Method::adaptive;
    double worst = 0;
    for (std::size_t s = 0; s < sets.size(); ++s) {
        const auto a = compute(k, sets[s], tuples, vertex_domain(spec, sets[s], 100.0), oa);
        const std::vector<IntegrationResult>* ga[3] = {&tables[s].l0, &tables[s].l2, &tables[s].nl};
        const std::vector<IntegrationResult>* aa[3] = {&a.l0, &a.l2, &a.nl};
        for (int c = 0; c < 3; ++c)
            for (std::size_t i = 0; i < tuples.size(); ++i)
                worst = std::max(worst, std::abs((*ga[c])[i].value - (*aa[c])[i].value) / std::abs((*ga[c])[i].value));
    }
    std::printf("  second rule (adaptive Gauss-Kronrod): largest relative discrepancy %.1e\n", worst);
    return 0;
}
