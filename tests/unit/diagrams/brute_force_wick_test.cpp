// Independent check of classes and multiplicities: enumerate every perfect matching of the half-edges
// (feasible for at most 14 half-edges), drop those with vacuum components, and group them by a
// brute-force canonical key (minimum over all relabellings of same-term vertices). The number of groups
// must equal the number of generated classes, and each group's size the class multiplicity.
#include "diagrams/generate.hpp"
#include "diagrams/theory.hpp"
#include "tests/support/wick_enumeration.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <functional>
#include <map>
#include <numeric>
#include <vector>

using namespace nnft::diagrams;

namespace {

/// Points: externals, then local vertices by term (one point each); adjacency multiplicities.
struct Layout {
    std::vector<int> term_of;  // -1 for externals
    int n_ext = 0;
};

Layout make_layout(const Theory& th, int n, const VertexCounts& m) {
    Layout l;
    l.n_ext = n;
    l.term_of.assign(n, -1);
    for (std::size_t t = 0; t < m.size(); ++t)
        for (int i = 0; i < m[t]; ++i) l.term_of.push_back(static_cast<int>(t));
    (void)th;
    return l;
}

using Matrix = std::vector<int>;  // n*n

/// Minimum serialisation over permutations of the internal points within each term.
std::vector<int> brute_key(const Layout& l, const Matrix& a) {
    const int n = static_cast<int>(l.term_of.size());
    std::vector<int> perm(n);
    std::iota(perm.begin(), perm.end(), 0);
    std::vector<int> best;
    // Permute internal points; accept only permutations that keep each point's term.
    std::vector<int> internal(perm.begin() + l.n_ext, perm.end());
    do {
        bool ok = true;
        for (int i = 0; i < static_cast<int>(internal.size()); ++i)
            if (l.term_of[l.n_ext + i] != l.term_of[internal[i]]) ok = false;
        if (!ok) continue;
        std::vector<int> p(perm.begin(), perm.begin() + l.n_ext);
        p.insert(p.end(), internal.begin(), internal.end());
        std::vector<int> key;
        for (int i = 0; i < n; ++i)
            for (int j = i; j < n; ++j) key.push_back(a[p[i] * n + p[j]]);
        if (best.empty() || key < best) best = key;
    } while (std::next_permutation(internal.begin(), internal.end()));
    return best;
}

struct BruteResult {
    std::map<std::vector<int>, long long> classes;
    long long nonvacuum = 0;
};

BruteResult brute_force(const Theory& th, int n, const VertexCounts& m) {
    const Layout l = make_layout(th, n, m);
    std::vector<int> legs;
    for (std::size_t p = static_cast<std::size_t>(n); p < l.term_of.size(); ++p) legs.push_back(th.terms[l.term_of[p]].legs());
    BruteResult r;
    nnft::testing::for_each_wick_contraction(n, legs, [&](const std::vector<int>& a) {
        ++r.nonvacuum;
        ++r.classes[brute_key(l, a)];
    });
    return r;
}

/// Brute key of a generated diagram (its points are externals then internal points by term).
std::vector<int> key_of(const Theory& th, const Diagram& d, const VertexCounts& m) {
    const Layout l = make_layout(th, d.n_external, m);
    const int np = static_cast<int>(d.points.size());
    // Map the diagram's internal points onto the layout's slots term by term.
    std::vector<int> slot(np);
    for (int p = 0; p < d.n_external; ++p) slot[p] = p;
    std::vector<int> next(m.size(), 0);
    std::vector<int> first(m.size(), d.n_external);
    for (std::size_t t = 1; t < m.size(); ++t) first[t] = first[t - 1] + m[t - 1];
    for (int p = d.n_external; p < np; ++p) {
        const int t = d.points[p].term;
        slot[p] = first[t] + next[t]++;
    }
    Matrix a(np * np, 0);
    for (const auto& e : d.edges) {
        a[slot[e.a] * np + slot[e.b]] = e.multiplicity;
        a[slot[e.b] * np + slot[e.a]] = e.multiplicity;
    }
    return brute_key(l, a);
}

}  // namespace

TEST_CASE("classes and multiplicities agree with brute-force Wick enumeration", "[diagrams][wick]") {
    struct Case {
        std::string theory;
        int n;
        VertexCounts m;
    };
    const std::vector<Case> cases = {
        {"lambda*f^4", 4, {2}},   {"lambda*f^4", 2, {3}},          {"lambda*f^4", 6, {1}},
        {"g*f^3", 3, {3}},        {"g*f^3", 2, {4}},               {"g*f^3 + lambda*f^4", 3, {1, 1}},
        {"g*f^3 + lambda*f^4", 4, {2, 1}}, {"kappa*f^6 + lambda*f^4", 2, {1, 1}}, {"kappa*f^6", 4, {1}},
    };
    for (const auto& c : cases) {
        INFO(c.theory << ", n = " << c.n << ", counts " << Catch::Detail::stringify(c.m));
        const Theory th = parse_theory(c.theory);
        const BruteResult brute = brute_force(th, c.n, c.m);
        const auto diagrams = generate_diagrams(th, c.n, c.m, GenerationOptions{});
        CHECK(diagrams.size() == brute.classes.size());
        Count total = 0;
        for (const auto& d : diagrams) {
            total += d.multiplicity;
            const auto key = key_of(th, d, c.m);
            REQUIRE(brute.classes.count(key) == 1);
            CHECK(d.multiplicity == brute.classes.at(key));
        }
        CHECK(total == brute.nonvacuum);
        CHECK(nonvacuum_wick_count(th, c.n, c.m) == brute.nonvacuum);
    }
}
