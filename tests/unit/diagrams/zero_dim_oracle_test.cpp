// Zero-dimensional oracle: with K ≡ 1 every diagram evaluates to 1, so for each coupling monomial the
// sum of the class coefficients must equal the exact moment (full correlator, normalised by Z) or
// cumulant (connected correlator) of the measure exp(−x²/2 − Σ_t c_t g_t x^{k_t}). The reference
// numbers are computed here independently, in exact rationals, from Gaussian moments E[x^{2j}] = (2j−1)!!.
#include "diagrams/generate.hpp"
#include "diagrams/theory.hpp"

#include <catch2/catch.hpp>

#include <map>
#include <vector>

using namespace nnft::diagrams;

namespace {

using Monomial = std::vector<int>;                  // vertex count per term
using Series = std::map<Monomial, Fraction>;        // truncated power series in the couplings

int total(const Monomial& m) {
    int t = 0;
    for (int v : m) t += v;
    return t;
}

Series multiply(const Series& a, const Series& b, int max_total) {
    Series r;
    for (const auto& [ma, ca] : a)
        for (const auto& [mb, cb] : b) {
            Monomial m(ma.size());
            for (std::size_t i = 0; i < m.size(); ++i) m[i] = ma[i] + mb[i];
            if (total(m) <= max_total) r[m] += ca * cb;
        }
    return r;
}

/// All monomials over `terms` terms with total degree <= max_total.
std::vector<Monomial> monomials(std::size_t terms, int max_total) {
    std::vector<Monomial> out{Monomial(terms, 0)};
    for (std::size_t t = 0; t < terms; ++t) {
        std::vector<Monomial> next;
        for (const auto& m : out)
            for (int v = 0; total(m) + v <= max_total; ++v) {
                Monomial mm = m;
                mm[t] = v;
                next.push_back(mm);
            }
        out = next;
    }
    return out;
}

Fraction gaussian_moment(int k) {
    if (k % 2) return 0;
    Fraction r = 1;
    for (int i = k - 1; i > 1; i -= 2) r *= i;
    return r;
}

/// Unnormalised <x^n exp(−ΔS)>_0 as a series: Σ_m Π_t (−c_t)^{m_t}/m_t! · E[x^{n + Σ k_t m_t}].
Series unnormalised_moment(const Theory& th, int n, int max_total) {
    Series s;
    for (const auto& m : monomials(th.terms.size(), max_total)) {
        Fraction c = 1;
        int power = n;
        for (std::size_t t = 0; t < m.size(); ++t) {
            const Fraction vf(Count(-th.terms[t].prefactor.num), Count(th.terms[t].prefactor.den));
            for (int i = 1; i <= m[t]; ++i) c = c * vf / i;
            power += m[t] * th.terms[t].legs();
        }
        s[m] = c * gaussian_moment(power);
    }
    return s;
}

/// Normalised moments mu_0..mu_nmax (series) and cumulants kappa_1..kappa_nmax.
struct Oracle {
    std::vector<Series> moment, cumulant;
};

Oracle oracle(const Theory& th, int nmax, int max_total) {
    const Series z = unnormalised_moment(th, 0, max_total);
    // 1/Z by the recursion w = (1 − (z − 1) w), z_0 = 1.
    Series inv{{Monomial(th.terms.size(), 0), 1}};
    Series zm1 = z;
    zm1.erase(Monomial(th.terms.size(), 0));
    for (int it = 0; it < max_total; ++it) {
        Series next{{Monomial(th.terms.size(), 0), 1}};
        for (const auto& [m, c] : multiply(zm1, inv, max_total)) next[m] -= c;
        inv = next;
    }
    Oracle o;
    for (int n = 0; n <= nmax; ++n) o.moment.push_back(multiply(unnormalised_moment(th, n, max_total), inv, max_total));
    o.cumulant.resize(nmax + 1);
    for (int n = 1; n <= nmax; ++n) {
        Series k = o.moment[n];
        for (int j = 1; j < n; ++j) {
            const Fraction binom(binomial(n - 1, j - 1));
            for (const auto& [m, c] : multiply(o.cumulant[j], o.moment[n - j], max_total)) k[m] -= binom * c;
        }
        o.cumulant[n] = k;
    }
    return o;
}

Fraction diagram_sum(const Theory& th, int n, const Monomial& m, bool connected, std::size_t max_classes = 1'000'000) {
    GenerationOptions opt;
    opt.filter.connected = connected;
    opt.max_classes = max_classes;
    Fraction s = 0;
    for (const auto& d : generate_diagrams(th, n, m, opt)) s += diagram_coefficient(d, th);
    // The free (order-0) full correlator of n points is the Wick sum; it is generated like any other.
    return s;
}

void check_against_oracle(const std::string& theory, int nmin, int nmax, int max_total, bool full, bool connected,
                          int n_full_max = 100) {
    const Theory th = parse_theory(theory);
    const Oracle o = oracle(th, nmax, max_total);
    for (int n = nmin; n <= nmax; ++n)
        for (const auto& m : monomials(th.terms.size(), max_total)) {
            INFO("theory " << theory << ", n = " << n << ", vertex counts " << Catch::Detail::stringify(m));
            auto at = [&](const Series& s) { return s.count(m) ? s.at(m) : Fraction(0); };
            if (full && n <= n_full_max) CHECK(diagram_sum(th, n, m, false) == at(o.moment[n]));
            if (connected) CHECK(diagram_sum(th, n, m, true) == at(o.cumulant[n]));
        }
}

}  // namespace

TEST_CASE("zero-dimensional oracle: lambda f^4 + kappa f^6, n <= 6, total order <= 4", "[diagrams][oracle]") {
    check_against_oracle("lambda*f^4 + kappa*f^6", 1, 6, 4, true, true);
}

TEST_CASE("zero-dimensional oracle: n = 8 connected to total order 4, full to order 2", "[diagrams][oracle]") {
    check_against_oracle("lambda*f^4 + kappa*f^6", 8, 8, 2, true, false);
    check_against_oracle("lambda*f^4 + kappa*f^6", 7, 8, 4, false, true);
}

TEST_CASE("zero-dimensional oracle: odd couplings g f^3 + lambda f^4 (odd n too)", "[diagrams][oracle]") {
    check_against_oracle("g*f^3 + lambda*f^4", 1, 6, 4, true, true);
}

TEST_CASE("zero-dimensional oracle: bilocal, weighted and rational-prefactor terms", "[diagrams][oracle]") {
    // In zero dimensions the weight x^2 and the second point of the bilocal evaluate like any vertex.
    check_against_oracle("lambda0*f^4 + lambda2*x^2*f^4 + lambda_nl*f(x)^2*f(y)^2", 1, 4, 3, true, true);
    check_against_oracle("h*f(x)*f(y)^3 + m/2*f^2", 1, 4, 3, true, true);
    check_against_oracle("lambda/4!*f^4 - 3/5*g*f^3", 1, 5, 3, true, true);
}

TEST_CASE("zero-dimensional oracle: full n = 8 to total order 3", "[diagrams][oracle][slow]") {
    const Theory th = parse_theory("lambda*f^4 + kappa*f^6");
    const Oracle o = oracle(th, 8, 3);
    for (const auto& m : monomials(2, 3)) {
        INFO("vertex counts " << Catch::Detail::stringify(m));
        CHECK(diagram_sum(th, 8, m, false, 20'000'000) == (o.moment[8].count(m) ? o.moment[8].at(m) : Fraction(0)));
    }
}
