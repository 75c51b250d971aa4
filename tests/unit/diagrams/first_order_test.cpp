// The paper's first-order Feynman rules (2008.08601 eqs. 3.17-3.19 as shown in the talk,
// docs/physics-setup.md §3): couplings without 1/k!, so a λ f⁴ vertex is −24λ.
#include "diagrams/generate.hpp"
#include "diagrams/theory.hpp"

#include <catch2/catch.hpp>

#include <map>

using namespace nnft::diagrams;

namespace {

/// Coefficient -> number of classes carrying it, for one vertex multiset.
std::map<Fraction, int> coefficient_histogram(const Theory& th, int n, const VertexCounts& m, DiagramFilter f = {}) {
    GenerationOptions opt;
    opt.filter = f;
    std::map<Fraction, int> h;
    for (const auto& d : generate_diagrams(th, n, m, opt)) ++h[diagram_coefficient(d, th)];
    return h;
}

}  // namespace

TEST_CASE("first-order coefficients of G2, G4, G6 match the paper", "[diagrams][paper]") {
    const Theory th = parse_theory("lambda*f^4 + kappa*f^6");
    const VertexCounts lam{1, 0}, kap{0, 1};
    // G2 ⊃ −12λ ∫K1y L(y) Ky2 and −90κ ∫K1z L(z)² Kz2.
    CHECK(coefficient_histogram(th, 2, lam) == std::map<Fraction, int>{{-12, 1}});
    CHECK(coefficient_histogram(th, 2, kap) == std::map<Fraction, int>{{-90, 1}});
    // G4 ⊃ −24λ (cross) and 6 self-energy diagrams of −12λ each (72λ in total).
    CHECK(coefficient_histogram(th, 4, lam) == std::map<Fraction, int>{{-24, 1}, {-12, 6}});
    // G4 ⊃ −360κ ∫ΠK L and 6 × (−90κ) (540κ in total).
    CHECK(coefficient_histogram(th, 4, kap) == std::map<Fraction, int>{{-360, 1}, {-90, 6}});
    // G6 ⊃ 15 × (−24λ) = −360λ and 45 × (−12λ) = −540λ.
    CHECK(coefficient_histogram(th, 6, lam) == std::map<Fraction, int>{{-24, 15}, {-12, 45}});
    // G6 ⊃ −720κ, 15 × (−360κ) = −5400κ, 45 × (−90κ) = −4050κ.
    CHECK(coefficient_histogram(th, 6, kap) == std::map<Fraction, int>{{-720, 1}, {-360, 15}, {-90, 45}});
    // Without self-energy insertions only the vertex diagrams the experiments compare remain.
    DiagramFilter no_se;
    no_se.no_self_energy = true;
    CHECK(coefficient_histogram(th, 4, lam, no_se) == std::map<Fraction, int>{{-24, 1}});
    CHECK(coefficient_histogram(th, 2, lam, no_se).empty());
    DiagramFilter conn;
    conn.connected = true;
    CHECK(coefficient_histogram(th, 4, kap, conn) == std::map<Fraction, int>{{-360, 1}});
}

TEST_CASE("the paper's coupling-fit operators have the stated coefficients", "[diagrams][paper]") {
    // docs/physics-setup.md §3: λ0 f⁴ → −24λ0, λ2 x² f⁴ → −24λ2 (with y²), λNL f(x)²f(y)² → −8λNL per pairing.
    const Theory th = parse_theory("lambda0*f^4 + lambda2*x^2*f^4 + lambda_nl*f(x)^2*f(y)^2");
    DiagramFilter conn;
    conn.connected = true;
    CHECK(coefficient_histogram(th, 4, {1, 0, 0}, conn) == std::map<Fraction, int>{{-24, 1}});
    CHECK(coefficient_histogram(th, 4, {0, 1, 0}, conn) == std::map<Fraction, int>{{-24, 1}});
    CHECK(coefficient_histogram(th, 4, {0, 0, 1}, conn) == std::map<Fraction, int>{{-8, 3}});
}

TEST_CASE("second order: fish diagrams, leg corrections and the sunset", "[diagrams]") {
    // Independent count (by hand, see the comments): the s-channel fish has S = 2 (double line), so its
    // Wick count is 2!·24²/2 = 576 and the coefficient (+λ)²·576/2! = 288; a tadpole on a leg has S = 2 too.
    const Theory th = parse_theory("lambda*f^4");
    DiagramFilter conn;
    conn.connected = true;
    const auto all = generate_diagrams(th, 4, {2}, GenerationOptions{conn, 1000});
    std::map<Fraction, int> h;
    int fish = 0, one_pi = 0;
    for (const auto& d : all) {
        ++h[diagram_coefficient(d, th)];
        if (d.self_energy_free) ++fish;
        if (d.one_pi) ++one_pi;
        CHECK(d.loop_count() == 1);
    }
    CHECK(h == std::map<Fraction, int>{{288, 7}});  // 3 fish (s, t, u) + 4 leg tadpoles
    CHECK(fish == 3);
    CHECK(one_pi == 3);
    // Sunset: x1–y≡z–x2 with a triple line, S = 3! = 6, Wick count 1152/6 = 192, coefficient 96λ².
    DiagramFilter pi;
    pi.one_pi = true;
    pi.no_self_energy = false;
    const auto g2 = generate_diagrams(th, 2, {2}, GenerationOptions{pi, 1000});
    std::map<Fraction, int> h2;
    for (const auto& d : g2) ++h2[diagram_coefficient(d, th)];
    // 1PI two-point diagrams at λ²: the sunset (96) and the double-bubble "cactus" tadpole (S = 4: 72).
    CHECK(h2[96] == 1);
}
