// Vertex integrals against closed forms (docs/physics-setup.md §2–§4): Gauss-net over R^d, ReLU homogeneity,
// divergence detection, the bilocal operator, and rule-vs-rule agreement.
#include <catch2/catch.hpp>

#include <cmath>
#include <numbers>
#include <vector>

#include "common/error.hpp"
#include "numeric/vertex_integral.hpp"

using namespace nnft::numeric;

namespace {

// Inputs of the paper's experiments (docs/physics-setup.md §4.2), scaled to O(1) so that the integrals are non-trivial.
PointSet inputs_for(int d) {
    if (d == 1) return PointSet::from_rows({{0.2}, {0.4}, {0.6}, {0.8}, {1.0}, {1.2}});
    if (d == 2) return PointSet::from_rows({{-1, 1}, {1, 1}, {0.5, -0.3}, {0.2, 0.4}});
    return PointSet::from_rows({{1, 1, 1}, {-1, 1, 0.5}, {0.3, -1, 1}, {0.2, 0.1, -0.4}});
}

// Closed form (derived here): with a = σ_W²/(2d) and K_EFT(x, y) = σ_W² exp(−a |x − y|²) (Gauss-net, §2),
// Σ_i a|x_i − y|² = n a |y − x̄|² + a Σ_i |x_i − x̄|², so
//   ∫_{R^d} Π_{i=1..n} K_EFT(x_i, y) d^d y = σ_W^{2n} (π / (n a))^{d/2} exp(−a Σ_i |x_i − x̄|²),
// and with the weight |y|²: multiply by (|x̄|² + d / (2 n a)) (the mean of |y|² under N(x̄, 1/(2na) I_d)).
double gauss_vertex_exact(const PointSet& x, const Tuple& t, double sw, bool norm2_weight) {
    const int d = x.dim();
    const double a = sw * sw / (2.0 * d), n = static_cast<double>(t.size());
    std::vector<double> mean(static_cast<std::size_t>(d), 0.0);
    for (int i : t)
        for (int k = 0; k < d; ++k) mean[static_cast<std::size_t>(k)] += x.at(static_cast<std::size_t>(i), k) / n;
    double spread = 0.0, m2 = 0.0;
    for (int i : t)
        for (int k = 0; k < d; ++k) {
            const double dx = x.at(static_cast<std::size_t>(i), k) - mean[static_cast<std::size_t>(k)];
            spread += dx * dx;
        }
    for (double m : mean) m2 += m * m;
    const double base = std::pow(sw * sw, n) * std::pow(std::numbers::pi / (n * a), 0.5 * d) * std::exp(-a * spread);
    return norm2_weight ? base * (m2 + d / (2.0 * n * a)) : base;
}

}  // namespace

TEST_CASE("Gauss-net 4-point vertex over R^d matches its closed form to 1e-10", "[numeric][vertex]") {
    const double sw = 1.3;
    for (int d = 1; d <= 3; ++d) {
        const KernelSpec spec{ActivationKind::gauss, d, sw, 1.0, 1, true};
        const Kernel k(spec);
        const auto x = inputs_for(d);
        const auto tuples = sorted_tuples(static_cast<int>(x.size()), 4);
        const auto domain = vertex_domain(spec, x, kInfiniteCutoff);
        IntegratorOptions o;
        o.rel_tol = 1e-11;
        const auto r = integrate_vertex(k, x, tuples, domain, o);
        for (std::size_t i = 0; i < tuples.size(); ++i) {
            const double exact = gauss_vertex_exact(x, tuples[i], sw, false);
            INFO("d = " << d << " tuple " << i << " value " << r[i].value << " exact " << exact << " error " << r[i].error);
            CHECK(r[i].status == Status::ok);
            CHECK(std::abs(r[i].value - exact) <= 1e-10 * exact);
            // The reported error covers the true error (plus a rounding floor of 1e-14 relative).
            CHECK(std::abs(r[i].value - exact) <= r[i].error + 1e-14 * exact);
        }
    }
}

TEST_CASE("Gauss-net vertex with |y|^2 weight and 2- and 6-leg vertices match closed forms", "[numeric][vertex]") {
    for (int d = 1; d <= 2; ++d) {
        const KernelSpec spec{ActivationKind::gauss, d, 1.0, 1.0, 1, true};
        const Kernel k(spec);
        const auto x = inputs_for(d);
        const auto domain = vertex_domain(spec, x, kInfiniteCutoff);
        IntegratorOptions o;
        o.rel_tol = 1e-12;
        const auto t4 = sorted_tuples(static_cast<int>(x.size()), 4);
        const auto r = integrate_vertex(k, x, t4, domain, o, weight_norm_squared());
        for (std::size_t i = 0; i < t4.size(); ++i)
            CHECK(std::abs(r[i].value - gauss_vertex_exact(x, t4[i], 1.0, true)) <= 1e-10 * gauss_vertex_exact(x, t4[i], 1.0, true));
        for (int legs : {2, 6}) {
            const auto t = sorted_tuples(static_cast<int>(x.size()), legs);
            const auto rl = integrate_vertex(k, x, t, domain, o);
            for (std::size_t i = 0; i < t.size(); ++i)
                CHECK(std::abs(rl[i].value - gauss_vertex_exact(x, t[i], 1.0, false)) <= 1e-10 * gauss_vertex_exact(x, t[i], 1.0, false));
        }
    }
}

TEST_CASE("adaptive cubature and lattice QMC confirm the Gauss-net closed form", "[numeric][vertex]") {
    const KernelSpec spec{ActivationKind::gauss, 2, 1.0, 1.0, 1, true};
    const Kernel k(spec);
    const auto x = inputs_for(2);
    const std::vector<Tuple> tuples{{0, 1, 2, 3}, {0, 0, 1, 1}, {2, 2, 2, 3}};
    const auto domain = vertex_domain(spec, x, kInfiniteCutoff);
    IntegratorOptions o;
    o.method = Method::adaptive;
    o.rel_tol = 1e-10;
    const auto ra = integrate_vertex(k, x, tuples, domain, o);
    o.method = Method::lattice_qmc;
    o.rel_tol = 1e-6;
    const auto rq = integrate_vertex(k, x, tuples, domain, o);
    for (std::size_t i = 0; i < tuples.size(); ++i) {
        const double exact = gauss_vertex_exact(x, tuples[i], 1.0, false);
        CHECK(ra[i].status == Status::ok);
        CHECK(std::abs(ra[i].value - exact) <= 1e-9 * exact);
        CHECK(std::abs(ra[i].value - exact) <= ra[i].error + 1e-14 * exact);
        CHECK(rq[i].status == Status::ok);
        CHECK(std::abs(rq[i].value - exact) <= 4.0 * rq[i].error);  // 4 sigma, seed fixed in the options
    }
}

TEST_CASE("ReLU (sigma_b = 0) vertex is homogeneous: I(L; x) = L^(d+4) I(1; x)", "[numeric][vertex]") {
    // K(x, y) is homogeneous of degree 1 in y when σ_b = 0 (§2), so with y = L u:
    //   I(L; x) = ∫_{[−L,L]^d} Π_{i=1..4} K(x_i, y) dy = L^{d+4} ∫_{[−1,1]^d} Π_i K(x_i, u) du = L^{d+4} I(1; x)
    // for fixed inputs x (equivalently I(L; L x) = L^{d+8} I(1; x)). The box rule scales with L, so this
    // identity holds to rounding for the Gauss–Legendre rule: it tests the kernel's homogeneity, the domain
    // map and the batching, not the rule's accuracy; the rule's accuracy is checked against a second rule.
    for (int d = 1; d <= 3; ++d) {
        const KernelSpec spec{ActivationKind::relu, d, 1.0, 0.0, 1, true};
        const Kernel k(spec);
        const auto x = inputs_for(d);
        const auto tuples = sorted_tuples(static_cast<int>(x.size()), 4);
        IntegratorOptions o;
        o.rel_tol = d == 1 ? 1e-13 : 1e-4;
        o.gl_order = 8;
        o.max_evaluations = d == 3 ? 2'000'000 : 5'000'000;
        const auto r1 = integrate_vertex(k, x, tuples, vertex_domain(spec, x, 1.0), o);
        for (double lam : {2.0, 7.5, 100.0}) {
            const auto rl = integrate_vertex(k, x, tuples, vertex_domain(spec, x, lam), o);
            for (std::size_t i = 0; i < tuples.size(); ++i) {
                const double expect = std::pow(lam, d + 4) * r1[i].value;
                INFO("d = " << d << " L = " << lam << " tuple " << i);
                CHECK(std::abs(rl[i].value - expect) <= 1e-10 * std::abs(expect) + 1e-300);
            }
        }
        if (d == 1) {
            // d = 1 with the panel split at 0: the integrand is a polynomial of degree 4 on each panel, so an
            // independent rule (Gauss–Kronrod) must agree to rounding.
            IntegratorOptions oa;
            oa.method = Method::adaptive;
            oa.rel_tol = 1e-13;
            const auto ra = integrate_vertex(k, x, tuples, vertex_domain(spec, x, 7.5), oa);
            const auto rg = integrate_vertex(k, x, tuples, vertex_domain(spec, x, 7.5), o);
            for (std::size_t i = 0; i < tuples.size(); ++i) CHECK(std::abs(ra[i].value - rg[i].value) <= 1e-12 * std::abs(rg[i].value));
        }
    }
}

TEST_CASE("vertex integrals over R^d that diverge are reported, never returned as numbers", "[numeric][vertex]") {
    for (ActivationKind net : {ActivationKind::erf, ActivationKind::relu}) {
        for (int d = 1; d <= 2; ++d) {
            const KernelSpec spec{net, d, 1.0, net == ActivationKind::erf ? 1.0 : 0.0, 1, true};
            const Kernel k(spec);
            const auto x = inputs_for(d);
            IntegratorOptions o;  // default budget (1e8 nodes): divergence is found before any refinement
            o.rel_tol = 1e-6;
            for (Method m : {Method::gauss_legendre, Method::adaptive, Method::lattice_qmc}) {
                o.method = m;
                const auto r = integrate_vertex(k, x, {{0, 1, 2, 3}, {0, 0, 1, 1}}, vertex_domain(spec, x, kInfiniteCutoff), o);
                INFO(Activation(net).name() << " d = " << d << " " << to_string(m));
                for (const auto& ri : r) {
                    CHECK(ri.status == Status::diverged);
                    CHECK(std::isnan(ri.value));
                    CHECK_THAT(ri.reason, Catch::Contains("diverges"));
                    CHECK(ri.evaluations < 1000);  // reported up front, no budget spent
                }
            }
        }
    }
}

TEST_CASE("convergent Gauss-net vertices over R^d are not flagged by any rule", "[numeric][vertex]") {
    for (int d = 1; d <= 2; ++d) {
        const KernelSpec spec{ActivationKind::gauss, d, 1.0, 1.0, 1, true};
        const Kernel k(spec);
        const auto x = inputs_for(d);
        IntegratorOptions o;
        o.rel_tol = 1e-6;
        o.max_evaluations = 2'000'000;
        for (Method m : {Method::gauss_legendre, Method::adaptive, Method::lattice_qmc}) {
            o.method = m;
            const Tuple t{0, 1, 2, 3};
            const auto r = integrate_vertex(k, x, {t}, vertex_domain(spec, x, kInfiniteCutoff), o, weight_norm_squared());
            INFO("d = " << d << " " << to_string(m) << " " << r[0].reason);
            CHECK(r[0].status == Status::ok);
            CHECK(std::abs(r[0].value - gauss_vertex_exact(x, t, 1.0, true)) <= 1e-5 * r[0].value);
        }
    }
}

TEST_CASE("a divergent component is reported at once and the convergent ones still integrate", "[numeric][vertex]") {
    // Component 0: exp(-y^2) (converges to sqrt(pi)); component 1: 1/(1 + |y|) (diverges like log).
    class Mixed : public BatchIntegrand {
    public:
        int dim() const override { return 1; }
        std::size_t components() const override { return 2; }
        void evaluate(const PointBlock& nodes, double* out) const override {
            for (std::size_t j = 0; j < nodes.count; ++j) {
                const double y = nodes.coords[j];
                out[j] = std::exp(-y * y);
                out[nodes.count + j] = 1.0 / (1.0 + std::abs(y));
            }
        }
    } f;
    IntegratorOptions o;
    o.rel_tol = 1e-9;
    for (Method m : {Method::gauss_legendre, Method::adaptive, Method::lattice_qmc}) {
        o.method = m;
        if (m == Method::lattice_qmc) o.rel_tol = 1e-5;
        const auto r = integrate(f, Domain::whole_space({0.0}, {1.0}), o);
        INFO(to_string(m) << " " << r[0].reason);
        CHECK(r[0].status == Status::ok);
        CHECK(std::abs(r[0].value - std::sqrt(std::numbers::pi)) <= 10.0 * o.rel_tol * std::sqrt(std::numbers::pi));
        CHECK(r[1].status == Status::diverged);
        CHECK(std::isnan(r[1].value));
        CHECK(r[1].evaluations < 10'000'000);  // the divergent component did not drive refinement to the budget
    }
}

TEST_CASE("bad vertex input throws nnft::Error", "[numeric][vertex]") {
    const KernelSpec spec{ActivationKind::relu, 2, 1.0, 0.0, 1, true};
    const Kernel k(spec);
    const auto x = inputs_for(2);
    CHECK_THROWS_WITH(vertex_domain(spec, x, 0.0), Catch::Contains("Lambda"));
    CHECK_THROWS_WITH(vertex_domain(spec, x, std::nan("")), Catch::Contains("Lambda"));
    CHECK_THROWS_WITH(vertex_domain(spec, inputs_for(1), 1.0), Catch::Contains("d_in = 2"));
    const auto bad = PointSet::from_rows({{0.0, 1.0}, {INFINITY, 0.0}});
    CHECK_THROWS_WITH(integrate_vertex(k, bad, {{0, 1}}, Domain::cube(2, 1.0), {}), Catch::Contains("not finite"));
    CHECK_THROWS_WITH(integrate_vertex(k, x, {{0, 9}}, Domain::cube(2, 1.0), {}), Catch::Contains("indices 0..3"));
    CHECK_THROWS_WITH(integrate_vertex(k, x, {{0, 1}, {0}}, Domain::cube(2, 1.0), {}), Catch::Contains("same length"));
}

TEST_CASE("bilocal operator equals the direct double integral", "[numeric][vertex]") {
    // Σ_3 pairings ∫∫ K_ay K_by K_cz K_dz over [−L, L]² computed as a genuine 2-d integrand (y, z) with the
    // tensor rule, against the factorised products of 2-point integrals.
    const KernelSpec spec{ActivationKind::relu, 1, 1.0, 0.0, 1, true};
    const Kernel k(spec);
    const auto x = inputs_for(1);
    const double lam = 3.0;
    IntegratorOptions o;
    o.rel_tol = 1e-13;
    const std::vector<Tuple> tuples{{0, 1, 2, 3}, {1, 1, 4, 5}, {2, 2, 2, 2}};
    const auto r = integrate_bilocal(k, x, tuples, vertex_domain(spec, x, lam), o);
    for (std::size_t i = 0; i < tuples.size(); ++i) {
        const auto& t = tuples[i];
        auto kk = [&](int a, double y) { return k(x.point(static_cast<std::size_t>(a)), std::vector<double>{y}); };
        FunctionIntegrand direct(2, [&](std::span<const double> yz) {
            const double y = yz[0], z = yz[1];
            return kk(t[0], y) * kk(t[1], y) * kk(t[2], z) * kk(t[3], z) + kk(t[0], y) * kk(t[2], y) * kk(t[1], z) * kk(t[3], z) +
                   kk(t[0], y) * kk(t[3], y) * kk(t[1], z) * kk(t[2], z);
        });
        auto box = Domain::cube(2, lam).with_breakpoints_at_zero();
        o.gl_order = 6;
        const auto ref = integrate(direct, box, o);
        CHECK(r[i].status == Status::ok);
        CHECK(std::abs(r[i].value - ref[0].value) <= 1e-12 * std::abs(ref[0].value));
    }
}

TEST_CASE("adaptive and Gauss-Legendre agree on Erf and ReLU box vertices (cross_check)", "[numeric][vertex]") {
    for (ActivationKind net : {ActivationKind::erf, ActivationKind::relu}) {
        for (int d = 1; d <= 2; ++d) {
            const KernelSpec spec{net, d, 1.0, net == ActivationKind::erf ? 1.0 : 0.0, 1, true};
            const Kernel k(spec);
            const auto x = inputs_for(d);
            IntegratorOptions o;
            o.rel_tol = net == ActivationKind::relu && d == 2 ? 1e-6 : 1e-10;
            const auto cc = cross_check_vertex(k, x, {{0, 1, 2, 3}, {0, 0, 0, 1}}, vertex_domain(spec, x, 3.0), o, Method::adaptive);
            INFO(Activation(net).name() << " d = " << d << " disc " << cc.discrepancy[0] << " errs " << cc.first[0].error << " "
                               << cc.second[0].error);
            CHECK(cc.all_agree());
        }
    }
}

TEST_CASE("ReLU box vertex, d = 2: Gauss-Legendre and adaptive agree to 1e-9 on all 126 tuples", "[numeric][vertex]") {
    const KernelSpec spec{ActivationKind::relu, 2, 1.0, 0.0, 1, true};
    const Kernel k(spec);
    const auto x = PointSet::from_rows({{0.5, 0.5}, {1, 0.5}, {0.5, 1}, {1, 1}, {-0.7, 0.2}, {0.3, -0.9}});
    IntegratorOptions o;
    o.rel_tol = 1e-10;
    const auto cc = cross_check_vertex(k, x, sorted_tuples(6, 4), vertex_domain(spec, x, 1.0), o, Method::adaptive);
    for (std::size_t i = 0; i < cc.first.size(); ++i) {
        INFO("tuple " << i << " GL " << cc.first[i].value << " ± " << cc.first[i].error << " adaptive " << cc.second[i].value
                      << " ± " << cc.second[i].error);
        CHECK(cc.agree[i]);
        CHECK(cc.discrepancy[i] <= 1e-9 * std::abs(cc.first[i].value));
    }
}

TEST_CASE("ReLU box vertex, d = 3: Gauss-Legendre, adaptive and QMC agree", "[numeric][vertex]") {
    const KernelSpec spec{ActivationKind::relu, 3, 1.0, 0.0, 1, true};
    const Kernel k(spec);
    const auto x = inputs_for(3);
    IntegratorOptions o;
    o.rel_tol = 1e-9;
    const auto tuples = sorted_tuples(4, 4);
    const auto cc = cross_check_vertex(k, x, tuples, vertex_domain(spec, x, 1.0), o, Method::adaptive);
    CHECK(cc.all_agree());
    o.method = Method::lattice_qmc;
    o.rel_tol = 1e-5;
    const auto q = integrate_vertex(k, x, tuples, vertex_domain(spec, x, 1.0), o);
    for (std::size_t i = 0; i < tuples.size(); ++i) CHECK(std::abs(q[i].value - cc.first[i].value) <= 4.0 * q[i].error);
}

TEST_CASE("lattice QMC in d = 4: Gauss-net vertex over R^4 within 4 sigma of the closed form", "[numeric][vertex][qmc]") {
    const KernelSpec spec{ActivationKind::gauss, 4, 1.0, 1.0, 1, true};
    const Kernel k(spec);
    const auto x = PointSet::from_rows({{0.1, 0.2, -0.3, 0.4}, {-0.5, 0.1, 0.2, 0.0}, {0.3, -0.2, 0.1, -0.1}});
    const std::vector<Tuple> tuples{{0, 1, 2, 2}, {0, 0, 1, 1}};
    IntegratorOptions o;
    o.method = Method::lattice_qmc;
    o.rel_tol = 1e-5;
    const auto r = integrate_vertex(k, x, tuples, vertex_domain(spec, x, kInfiniteCutoff), o);
    for (std::size_t i = 0; i < tuples.size(); ++i) {
        const double exact = gauss_vertex_exact(x, tuples[i], 1.0, false);
        INFO("value " << r[i].value << " ± " << r[i].error << " exact " << exact);
        CHECK(r[i].status == Status::ok);
        CHECK(std::abs(r[i].value - exact) <= 4.0 * r[i].error);
    }
}

TEST_CASE("ReLU box vertex, d = 3, all 126 tuples of 6 inputs: Gauss-Legendre and adaptive agree within errors",
          "[numeric][vertex][slow]") {
    const KernelSpec spec{ActivationKind::relu, 3, 1.0, 0.0, 1, true};
    const Kernel k(spec);
    const auto x = PointSet::from_rows({{1, 1, 1}, {-1, 1, 0.5}, {0.3, -1, 1}, {0.2, 0.1, -0.4}, {0.5, 0.5, 0.5}, {-0.6, -0.2, 0.9}});
    IntegratorOptions o;
    // rel_tol 1e-9: at 1e-10 the adaptive rule's region store (126 components per region) reaches its memory
    // limit on this kinked integrand and reports max_evaluations_reached.
    o.rel_tol = 1e-9;
    const auto cc = cross_check_vertex(k, x, sorted_tuples(6, 4), vertex_domain(spec, x, 1.0), o, Method::adaptive);
    for (std::size_t i = 0; i < cc.first.size(); ++i) {
        INFO("tuple " << i << " GL " << cc.first[i].value << " ± " << cc.first[i].error << " " << to_string(cc.first[i].status)
                      << " adaptive " << cc.second[i].value << " ± " << cc.second[i].error << " "
                      << to_string(cc.second[i].status) << " " << cc.second[i].reason << " evals " << cc.second[i].evaluations);
        CHECK(cc.agree[i]);
        CHECK(cc.discrepancy[i] <= 3e-9 * std::abs(cc.first[i].value));
    }
}

TEST_CASE("integrate_vertex and integrate_bilocal into a reused vector: same results, same memory", "[numeric][vertex]") {
    // The out-parameter forms give the returned forms' results bit for bit (duplicate and permuted tuples
    // included, and a divergent integral's reason), and a vector passed again keeps its buffer.
    const KernelSpec spec{ActivationKind::relu, 1, 1.0, 0.0, 1, true};
    const Kernel k(spec);
    const auto x = inputs_for(1);
    const std::vector<Tuple> tuples{{0, 1, 2, 3}, {3, 2, 1, 0}, {1, 1, 4, 5}, {2, 2, 2, 2}, {0, 1, 2, 3}};
    IntegratorOptions o;
    o.rel_tol = 1e-12;
    for (const double lam : {3.0, double(INFINITY)}) {  // Λ = ∞: relu diverges over R, statuses and reasons are copied
        const Domain dom = vertex_domain(spec, x, lam);
        const auto eq = [](double p, double q) { return p == q || (std::isnan(p) && std::isnan(q)); };  // NaN: diverged
        const auto same = [&](const std::vector<IntegrationResult>& a, const std::vector<IntegrationResult>& b) {
            REQUIRE(a.size() == b.size());
            for (std::size_t i = 0; i < a.size(); ++i) {
                CHECK(eq(a[i].value, b[i].value));
                CHECK(eq(a[i].error, b[i].error));
                CHECK(a[i].status == b[i].status);
                CHECK(a[i].reason == b[i].reason);
                CHECK(a[i].evaluations == b[i].evaluations);
            }
        };
        std::vector<IntegrationResult> v(2), b;  // v starts with the wrong size
        integrate_vertex(k, x, tuples, dom, o, weight_norm_squared(), v);
        same(v, integrate_vertex(k, x, tuples, dom, o, weight_norm_squared()));
        const IntegrationResult* buffer = v.data();
        integrate_vertex(k, x, tuples, dom, o, weight_norm_squared(), v);
        CHECK(v.data() == buffer);
        same(v, integrate_vertex(k, x, tuples, dom, o, weight_norm_squared()));
        integrate_bilocal(k, x, tuples, dom, o, b);
        same(b, integrate_bilocal(k, x, tuples, dom, o));
        if (!std::isfinite(lam)) CHECK(b[0].status != Status::ok);
    }
}
