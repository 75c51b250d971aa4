/// \file The size of a generation request before the search: Wick counts, relabelling group orders, the lower
/// bound on the classes the search visits, and the refusal of requests above the limit (declared in generate.hpp).
#include "common/error.hpp"
#include "diagrams/generate.hpp"

#include <iomanip>
#include <limits>
#include <sstream>

namespace nnft::diagrams {

namespace {

constexpr int kMaxPoints = 200;  // far beyond any feasible request; guards the uint8 matrices

}  // namespace

Fraction vertex_factor(const Theory& theory, const VertexCounts& counts) {
    Fraction c(1);
    for (std::size_t t = 0; t < theory.terms.size(); ++t) {
        const Fraction factor(Count(-theory.terms[t].prefactor.num), Count(theory.terms[t].prefactor.den));
        for (int i = 0; i < counts[t]; ++i) c *= factor;
        c /= Fraction(factorial(counts[t]));
    }
    return c;
}

Fraction diagram_coefficient(const Diagram& d, const Theory& theory) {
    return Fraction(d.multiplicity) * vertex_factor(theory, d.vertex_counts);
}

Count relabelling_group_order(const Theory& theory, const VertexCounts& counts) {
    Count g = 1;
    for (std::size_t t = 0; t < theory.terms.size(); ++t) {
        g *= factorial(counts[t]);
        for (int i = 0; i < counts[t]; ++i) g *= theory.terms[t].internal_symmetry();
    }
    return g;
}

Count nonvacuum_wick_count(const Theory& theory, int n_external, const VertexCounts& counts) {
    // Full(n, v) = (H-1)!! over all H half-edges; a non-vacuum contraction splits uniquely into the part
    // reachable from the externals (vertex subset v) and an arbitrary vacuum part on the rest:
    // Full(n, m) = Σ_{v<=m} C(m, v) N(n, v) Full(0, m-v).
    const std::size_t k = counts.size();
    auto legs = [&](const VertexCounts& v) {
        int h = 0;
        for (std::size_t t = 0; t < k; ++t) h += v[t] * theory.terms[t].legs();
        return h;
    };
    auto full = [&](int n, const VertexCounts& v) {
        const int h = n + legs(v);
        return h % 2 ? Count(0) : double_factorial_odd(h);
    };
    // Enumerate sub-vectors v <= m in mixed-radix order; N is memoised by index.
    std::vector<int> radix(k);
    std::size_t total = 1;
    for (std::size_t t = 0; t < k; ++t) {
        radix[t] = counts[t] + 1;
        total *= static_cast<std::size_t>(radix[t]);
    }
    auto decode = [&](std::size_t idx) {
        VertexCounts v(k);
        for (std::size_t t = 0; t < k; ++t) {
            v[t] = static_cast<int>(idx % static_cast<std::size_t>(radix[t]));
            idx /= static_cast<std::size_t>(radix[t]);
        }
        return v;
    };
    std::vector<Count> nonvac(total);
    for (std::size_t idx = 0; idx < total; ++idx) {
        const VertexCounts m = decode(idx);
        Count value = full(n_external, m);
        for (std::size_t jdx = 0; jdx < idx; ++jdx) {
            const VertexCounts v = decode(jdx);
            bool below = true;
            Count c = 1;
            VertexCounts rest(k);
            for (std::size_t t = 0; t < k && below; ++t) {
                if (v[t] > m[t]) below = false;
                else {
                    c *= binomial(m[t], v[t]);
                    rest[t] = m[t] - v[t];
                }
            }
            if (below) value -= c * nonvac[jdx] * full(0, rest);
        }
        nonvac[idx] = value;
    }
    return nonvac[total - 1];
}

double estimate_class_count(const Theory& theory, int n_external, const VertexCounts& counts) {
    return nonvacuum_wick_count(theory, n_external, counts).convert_to<double>() /
           relabelling_group_order(theory, counts).convert_to<double>();
}

double search_size(const Theory& theory, int n_external, const VertexCounts& counts, const DiagramFilter& filter) {
    if (n_external < 0)
        throw Error("the number of external points must be non-negative, not " + std::to_string(n_external));
    if (counts.size() != theory.terms.size()) throw Error("vertex counts do not match the theory's terms");
    int points = n_external, legs = n_external, units = n_external;  // units: a vertex joins its own points
    for (std::size_t t = 0; t < counts.size(); ++t) {
        if (counts[t] < 0) throw Error("vertex counts must be non-negative");
        points += counts[t] * static_cast<int>(theory.terms[t].point_degrees.size());
        legs += counts[t] * theory.terms[t].legs();
        units += counts[t];
    }
    if (legs % 2 != 0 || n_external == 0) return 0.0;  // odd leg count: no contraction; n = 0: vacuum only
    if (filter.connected && legs / 2 < units - 1) return 0.0;  // too few lines to connect the vertices and points
    if (points > kMaxPoints) return std::numeric_limits<double>::infinity();
    return estimate_class_count(theory, n_external, counts);
}

void refuse_search_size(double estimate, std::size_t limit) {
    std::ostringstream os;
    os << "the search must visit at least ";
    if (estimate < 9e18)
        os << static_cast<long long>(estimate);
    else
        os << std::setprecision(3) << estimate;
    os << " diagram classes (all non-vacuum classes of this order, a lower bound from the Wick count), above the limit "
       << limit << "; lower the order or raise the limit with --max-classes";
    throw SizeLimitError(os.str(), estimate);
}

}  // namespace nnft::diagrams
