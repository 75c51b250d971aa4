// Regression tests for the per-call fast paths of the batched vertex integrals: the process-wide Gauss–Legendre
// rule cache, the hashed tuple canonicalisation, the AVX2 product/dot loops (bit-identical to the portable ones),
// the fused weighted sums, and per-thread scratch (integrals identical across concurrent threads).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <random>
#include <thread>
#include <vector>

#include "common/error.hpp"
#include "numeric/gauss_legendre.hpp"
#include "numeric/kernel_transfer.hpp"
#include "numeric/detail/vector_ops.hpp"
#include "numeric/vertex_integral.hpp"

using namespace nnft::numeric;

namespace {

bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](double x, double y) {
               return std::memcmp(&x, &y, sizeof x) == 0;
           });
}

std::vector<double> values(const std::vector<IntegrationResult>& r) {
    std::vector<double> v;
    for (const auto& q : r) {
        v.push_back(q.value);
        v.push_back(q.error);
    }
    return v;
}

}  // namespace

TEST_CASE("cached Gauss-Legendre rules equal freshly computed ones, in every thread", "[numeric][fast_paths]") {
    // Four threads race to fill the cache for the same orders; every thread must see the computed rule.
    std::vector<std::vector<bool>> ok(4, std::vector<bool>(61, false));
    std::vector<std::thread> pool;
    for (std::size_t th = 0; th < 4; ++th)
        pool.emplace_back([&, th] {
            for (int n = 1; n <= 60; ++n) {
                const auto& c = cached_gauss_legendre_rule(n);
                const auto fresh = gauss_legendre_rule(n);
                ok[th][static_cast<std::size_t>(n)] = same_bits(c.nodes, fresh.nodes) && same_bits(c.weights, fresh.weights) &&
                                                      &c == &cached_gauss_legendre_rule(n);
            }
        });
    for (auto& t : pool) t.join();
    for (std::size_t th = 0; th < 4; ++th)
        for (int n = 1; n <= 60; ++n) CHECK(ok[th][static_cast<std::size_t>(n)]);
    CHECK_THROWS_AS(cached_gauss_legendre_rule(0), nnft::Error);
    CHECK_THROWS_AS(cached_gauss_legendre_rule(1001), nnft::Error);
}

TEST_CASE("canonical_tuples: the hashed reduction equals a direct first-seen reduction", "[numeric][fast_paths]") {
    std::mt19937 gen(20261129);
    for (int legs : {1, 2, 4, 6}) {
        std::uniform_int_distribution<int> pick(0, 4);
        std::vector<Tuple> tuples(300);
        for (auto& t : tuples) {
            t.resize(static_cast<std::size_t>(legs));
            for (auto& a : t) a = pick(gen);
        }
        // Direct reduction (quadratic, obviously right): sort each tuple, find its first occurrence.
        std::vector<Tuple> unique;
        std::vector<std::size_t> component;
        for (auto t : tuples) {
            std::sort(t.begin(), t.end());
            const auto it = std::find(unique.begin(), unique.end(), t);
            component.push_back(static_cast<std::size_t>(it - unique.begin()));
            if (it == unique.end()) unique.push_back(t);
        }
        const auto idx = canonical_tuples(tuples, 5);
        REQUIRE(idx.unique.legs == static_cast<std::size_t>(legs));
        REQUIRE(idx.unique.size() == unique.size());
        for (std::size_t u = 0; u < unique.size(); ++u)
            CHECK(std::equal(unique[u].begin(), unique[u].end(), idx.unique[u]));
        CHECK(idx.component_of == component);
        CHECK_FALSE(idx.identity);  // 300 tuples, at most C(legs + 4, 4) ≤ 210 multisets: duplicates are certain
    }
    // sorted_tuples takes the fast path: every tuple is its own component.
    const auto sorted = sorted_tuples(6, 4);
    const auto idx = canonical_tuples(sorted, 6);
    CHECK(idx.identity);
    REQUIRE(idx.unique.size() == sorted.size());
    for (std::size_t i = 0; i < sorted.size(); ++i) CHECK(std::equal(sorted[i].begin(), sorted[i].end(), idx.unique[i]));
    // A permuted, duplicate-free list is not canonical but still has one component per tuple.
    const auto perm = canonical_tuples({{3, 1}, {0, 2}, {2, 2}}, 4);
    CHECK(perm.identity);
    CHECK(std::vector<int>(perm.unique.indices) == std::vector<int>{1, 3, 0, 2, 2, 2});
    CHECK_THROWS_AS(canonical_tuples({{0, 1}, {0, 7}}, 4), nnft::Error);
    CHECK_THROWS_AS(canonical_tuples({{0, 1}, {0}}, 4), nnft::Error);
}

TEST_CASE("AVX2 products and dot products give the portable loops' bits", "[numeric][fast_paths][simd]") {
    if (!detail::avx2_available()) {
        WARN("no AVX2 on this CPU or NNFT_SIMD=OFF: nothing to compare");
        return;
    }
    std::mt19937_64 gen(7);
    std::uniform_real_distribution<double> u(-3.0, 3.0);
    for (std::size_t n = 0; n <= 41; ++n) {
        std::vector<double> a(n), b(n), c(n), p1(n), p2(n);
        for (std::size_t j = 0; j < n; ++j) {
            a[j] = u(gen);
            b[j] = u(gen) * 1e-3;
            c[j] = u(gen) * 1e5;
        }
        detail::multiply_portable(a.data(), b.data(), p1.data(), n);
        detail::multiply_avx2(a.data(), b.data(), p2.data(), n);
        CHECK(same_bits(p1, p2));
        const double d1 = detail::dot4_portable(a.data(), c.data(), n), d2 = detail::dot4_avx2(a.data(), c.data(), n);
        CHECK(std::memcmp(&d1, &d2, sizeof d1) == 0);
        // The fused triple product equals dot4 of the stored products, in both loops.
        const double t0 = detail::dot4_portable(c.data(), p1.data(), n);
        const double t1 = detail::dot4_product_portable(c.data(), a.data(), b.data(), n);
        const double t2 = detail::dot4_product_avx2(c.data(), a.data(), b.data(), n);
        CHECK(std::memcmp(&t0, &t1, sizeof t0) == 0);
        CHECK(std::memcmp(&t0, &t2, sizeof t0) == 0);
        // And dot4 is a dot product (compensated reference sum, rounding-level agreement).
        long double ref = 0.0L, mag = 0.0L;
        for (std::size_t j = 0; j < n; ++j) {
            ref += static_cast<long double>(a[j]) * c[j];
            mag += std::abs(static_cast<long double>(a[j]) * c[j]);
        }
        CHECK(std::abs(static_cast<long double>(d1) - ref) <= 1e-15L * mag + 1e-300L);
    }
}

TEST_CASE("VertexIntegrand::weighted_sums equals evaluate then dot4, bit for bit", "[numeric][fast_paths]") {
    const auto x = PointSet::from_rows({{0.2, -0.7}, {0.4, 0.9}, {0.6, 0.1}, {0.8, -1.0}, {1.0, 0.6}});
    std::mt19937_64 gen(11);
    std::uniform_real_distribution<double> u(-2.0, 2.0);
    const std::size_t n = 37;
    std::vector<double> coords(2 * n), w(n);
    for (auto& v : coords) v = u(gen);
    for (auto& v : w) v = std::abs(u(gen));
    const PointBlock nodes{2, n, coords.data()};
    const std::vector<NodeRange> ranges{{0, 10}, {10, 37}, {3, 30}};
    for (SimdMode mode : {SimdMode::automatic, SimdMode::scalar})
        for (int legs : {1, 2, 4}) {
            const Kernel k(KernelSpec{ActivationKind::relu, 2, 1.0, 0.5, 1, true}, mode);
            for (bool weighted : {false, true}) {
                // Unsorted tuples with repeats exercise the evaluation order and the prefix reuse.
                std::vector<Tuple> tuples = legs == 1 ? std::vector<Tuple>{{3}, {0}, {3}}
                                                      : (legs == 2 ? std::vector<Tuple>{{4, 1}, {0, 0}, {1, 4}, {2, 3}}
                                                                   : std::vector<Tuple>{{0, 1, 2, 3}, {4, 4, 0, 1}, {0, 1, 2, 4}, {3, 3, 3, 3}});
                const VertexIntegrand f(k, x, tuples, weighted ? weight_norm_squared() : VertexWeight{});
                const std::size_t nc = f.components();
                std::vector<double> vals(nc * n), fused(ranges.size() * nc), plain(ranges.size() * nc);
                f.evaluate(nodes, vals.data());
                for (std::size_t r = 0; r < ranges.size(); ++r)
                    for (std::size_t c = 0; c < nc; ++c)
                        plain[r * nc + c] = detail::dot4(w.data() + ranges[r].begin, vals.data() + c * n + ranges[r].begin,
                                                         ranges[r].end - ranges[r].begin);
                f.weighted_sums(nodes, w.data(), ranges, fused.data());
                INFO("legs " << legs << " weighted " << weighted << " simd " << k.uses_simd());
                CHECK(same_bits(plain, fused));
                // The default implementation (the base class) gives the same bits too.
                std::vector<double> base(ranges.size() * nc);
                f.BatchIntegrand::weighted_sums(nodes, w.data(), ranges, base.data());
                CHECK(same_bits(plain, base));
            }
        }
}

TEST_CASE("vertex integrals are identical when computed in concurrent threads", "[numeric][fast_paths]") {
    // Per-thread scratch and the shared rule cache must not leak state between threads or calls.
    for (ActivationKind net : {ActivationKind::erf, ActivationKind::gauss}) {
        const KernelSpec spec{net, 1, 1.0, 1.0, 1, true};
        const Kernel k(spec);
        const auto x = PointSet::from_rows({{0.2}, {0.4}, {0.6}, {0.8}, {1.0}, {1.2}});
        const auto tuples = sorted_tuples(6, 4);
        const auto domain = vertex_domain(spec, x, net == ActivationKind::gauss ? kInfiniteCutoff : 2.0);
        for (Method m : {Method::gauss_legendre, Method::adaptive}) {
            IntegratorOptions o;
            o.method = m;
            o.rel_tol = 1e-10;
            const auto serial = values(integrate_vertex(k, x, tuples, domain, o));
            std::vector<std::vector<double>> got(4);
            std::vector<std::thread> pool;
            for (std::size_t th = 0; th < 4; ++th)
                pool.emplace_back([&, th] {
                    for (int rep = 0; rep < 5; ++rep) got[th] = values(integrate_vertex(k, x, tuples, domain, o));
                });
            for (auto& t : pool) t.join();
            for (const auto& g : got) CHECK(same_bits(serial, g));
        }
    }
}
