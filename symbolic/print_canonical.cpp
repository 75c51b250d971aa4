/// Printing GiNaC expressions in a fixed order: GiNaC orders the factors of a product and the terms of a sum
/// by hash values that depend on addresses, so its own output changes between runs (issue 15, item 6).
#include "symbolic/print.hpp"

#include "symbolic/functions.hpp"

#include <algorithm>
#include <sstream>

namespace nnft::symbolic {

namespace {

std::string plain(const GiNaC::ex& e) {
    std::ostringstream os;
    os << e;
    return os.str();
}

/// Place of a factor in a printed product: couplings (symbols and their powers) first, then propagators and
/// weights, then vertex integrals; within a rank by text.
int factor_rank(const GiNaC::ex& f) {
    const GiNaC::ex base = GiNaC::is_a<GiNaC::power>(f) ? f.op(0) : f;
    if (GiNaC::is_a<GiNaC::symbol>(base)) return 0;
    if (is_ex_the_function(base, vertex_integral)) return 2;
    return 1;
}

/// Sorts (rank, text, factor) triples; the text decides among factors of equal rank.
struct RankedFactor {
    int rank;
    std::string text;
    GiNaC::ex factor;
    bool operator<(const RankedFactor& o) const { return rank != o.rank ? rank < o.rank : text < o.text; }
};

std::vector<RankedFactor> ranked_factors(const GiNaC::ex& e) {
    std::vector<RankedFactor> out;
    const auto add = [&out](const GiNaC::ex& f) { out.push_back({factor_rank(f), canonical_text(f), f}); };
    if (GiNaC::is_a<GiNaC::mul>(e)) {
        for (std::size_t i = 0; i < e.nops(); ++i)
            if (!GiNaC::is_a<GiNaC::numeric>(e.op(i))) add(e.op(i));
    } else {
        add(e);
    }
    std::sort(out.begin(), out.end());
    return out;
}

/// The numeric factor of a product (1 when there is none).
GiNaC::ex numeric_factor(const GiNaC::ex& e) {
    if (!GiNaC::is_a<GiNaC::mul>(e)) return 1;
    GiNaC::ex c = 1;
    for (std::size_t i = 0; i < e.nops(); ++i)
        if (GiNaC::is_a<GiNaC::numeric>(e.op(i))) c *= e.op(i);
    return c;
}

std::string product_text(const GiNaC::ex& e) {
    const GiNaC::ex c = numeric_factor(e);
    std::string s = c == 1 ? "" : c == -1 ? "-" : plain(c) + "*";
    bool first = true;
    for (const auto& f : ranked_factors(e)) {
        const bool wrap = GiNaC::is_a<GiNaC::add>(f.factor);
        s += (first ? "" : "*") + (wrap ? "(" + f.text + ")" : f.text);
        first = false;
    }
    return s;
}

std::string sum_text(const GiNaC::ex& e) {
    std::vector<std::string> terms;
    for (std::size_t i = 0; i < e.nops(); ++i) terms.push_back(canonical_text(e.op(i)));
    std::sort(terms.begin(), terms.end());
    std::string s;
    for (const auto& t : terms) s += (s.empty() || t[0] == '-') ? t : "+" + t;
    return s;
}

}  // namespace

std::vector<GiNaC::ex> ordered_factors(const GiNaC::ex& e) {
    std::vector<GiNaC::ex> out;
    for (const auto& f : ranked_factors(e)) out.push_back(f.factor);
    return out;
}

std::string canonical_text(const GiNaC::ex& e) {
    if (GiNaC::is_a<GiNaC::add>(e)) return sum_text(e);
    if (GiNaC::is_a<GiNaC::mul>(e)) return product_text(e);
    if (GiNaC::is_a<GiNaC::power>(e)) {
        const GiNaC::ex base = e.op(0);
        const bool wrap = GiNaC::is_a<GiNaC::add>(base) || GiNaC::is_a<GiNaC::mul>(base) ||
                          (GiNaC::is_a<GiNaC::numeric>(base) && !base.info(GiNaC::info_flags::posint));
        const std::string b = canonical_text(base);
        const GiNaC::ex x = e.op(1);
        const bool wrap_exp = !(GiNaC::is_a<GiNaC::numeric>(x) && x.info(GiNaC::info_flags::nonnegint)) &&
                              !GiNaC::is_a<GiNaC::symbol>(x);
        return (wrap ? "(" + b + ")" : b) + "^" + (wrap_exp ? "(" + canonical_text(x) + ")" : canonical_text(x));
    }
    if (is_ex_the_function(e, vertex_integral)) return "Int(" + canonical_text(e.op(0)) + ", " + plain(e.op(1)) + ")";
    return plain(e);
}

std::string coupling_monomial_text(const std::map<std::string, int>& couplings) {
    std::string s;
    for (const auto& [name, power] : couplings) {
        if (power == 0) continue;
        s += (s.empty() ? "" : "*") + name + (power == 1 ? "" : "^" + std::to_string(power));
    }
    return s.empty() ? "1" : s;
}

}  // namespace nnft::symbolic
