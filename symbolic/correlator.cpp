#include "symbolic/correlator.hpp"

#include "common/error.hpp"
#include "diagrams/topology.hpp"
#include "symbolic/functions.hpp"

#include <algorithm>
#include <functional>
#include <limits>

namespace nnft::symbolic {

namespace dg = nnft::diagrams;

GiNaC::ex coupling_monomial(const std::map<std::string, int>& couplings) {
    GiNaC::ex m = 1;
    for (const auto& [name, power] : couplings) m *= GiNaC::pow(coupling_symbol(name), power);
    return m;
}

GiNaC::ex Correlator::expression() const {
    GiNaC::ex sum = 0;
    for (const auto& t : terms) sum += t.coefficient * coupling_monomial(t.couplings) * t.structure;
    return sum;
}

namespace {

/// Structure of one connected component already in canonical form.
GiNaC::ex component_structure(const dg::Diagram& c, const dg::Theory& theory) {
    const int n = static_cast<int>(c.points.size());
    const int m = c.internal_point_count();
    std::vector<GiNaC::ex> sym(n);
    for (int p = 0; p < c.n_external; ++p) sym[p] = external_point(c.external_labels[p] + 1);
    GiNaC::lst vars;
    for (int j = 0; j < m; ++j) {
        sym[c.n_external + j] = internal_point(internal_point_name(j, m));
        vars.append(sym[c.n_external + j]);
    }
    GiNaC::ex body = 1;
    for (const auto& e : c.edges)
        body *= GiNaC::pow(e.a == e.b ? L(sym[e.a]) : K(sym[e.a], sym[e.b]), e.multiplicity);
    for (int p = c.n_external; p < n; ++p) {
        const int w = theory.terms[c.points[p].term].weight_power;
        if (w != 0) body *= GiNaC::pow(radius(sym[p]), w);
    }
    return m == 0 ? body : vertex_integral(body, vars);
}

}  // namespace

GiNaC::ex diagram_structure(const dg::Diagram& d, const dg::Theory& theory) {
    GiNaC::ex s = 1;
    for (const auto& part : dg::split_components(d)) s *= component_structure(dg::canonical_diagram(part, theory), theory);
    return s;
}

namespace {

/// An exact integer as a GiNaC number (through a machine word when it fits: the common case, and 50× faster than
/// through its decimal string).
GiNaC::numeric to_numeric(const dg::Count& n) {
    if (n >= std::numeric_limits<long>::min() && n <= std::numeric_limits<long>::max())
        return GiNaC::numeric(n.convert_to<long>());
    return GiNaC::numeric(n.str().c_str());
}

// The whole request's search, refused before any class is generated when it exceeds the class limit (the sum
// over the coupling monomials: each may be below the limit while together they are far above it).
void check_search_size(const CorrelatorRequest& request) {
    double total = 0.0;
    for (const auto& orders : request.orders) {
        for (const auto& counts : dg::vertex_counts_for(request.theory, orders))
            total += dg::search_size(request.theory, request.points, counts, request.filter);
        // Orders come in increasing total degree: refuse as soon as the limit is passed.
        if (total > static_cast<double>(request.max_classes)) dg::refuse_search_size(total, request.max_classes);
    }
}

}  // namespace

void for_each_term(const CorrelatorRequest& request, const TermSink& sink, bool with_structure) {
    if (request.points < 0)
        throw Error("the number of points must be non-negative, not " + std::to_string(request.points));
    check_search_size(request);
    dg::GenerationOptions opt;
    opt.filter = request.filter;
    opt.threads = request.threads;
    std::size_t emitted = 0;
    for (const auto& orders : request.orders) {
        for (const auto& counts : dg::vertex_counts_for(request.theory, orders)) {
            // The class limit applies to the whole request, not to each monomial separately.
            opt.max_classes = request.max_classes - std::min(request.max_classes, emitted);
            std::map<std::string, int> couplings;
            for (std::size_t k = 0; k < counts.size(); ++k)
                if (counts[k] > 0) couplings[request.theory.terms[k].coupling] += counts[k];
            // diagram_coefficient = multiplicity · vertex_factor, the factor computed once per monomial.
            const dg::Fraction f = dg::vertex_factor(request.theory, counts);
            const GiNaC::numeric factor = to_numeric(numerator(f)) / to_numeric(denominator(f));
            dg::for_each_diagram(request.theory, request.points, counts, opt, [&](dg::Diagram&& d) {
                CorrelatorTerm t;
                t.coefficient = factor * to_numeric(d.multiplicity);
                t.couplings = couplings;
                t.structure = with_structure ? diagram_structure(d, request.theory) : GiNaC::ex(1);
                t.diagram = std::move(d);
                ++emitted;
                sink(std::move(t));
                report_progress(request.progress, emitted, 0, "diagram classes");
            });
        }
    }
}

Correlator build_correlator(const CorrelatorRequest& request) {
    Correlator c;
    c.theory = request.theory;
    c.points = request.points;
    c.filter = request.filter;
    c.orders = request.orders;
    for_each_term(request, [&c](CorrelatorTerm&& t) { c.terms.push_back(std::move(t)); });
    return c;
}

namespace {

/// All coupling monomials componentwise below `top` (including zero).
std::vector<dg::CouplingOrders> monomials_below(const dg::CouplingOrders& top) {
    std::vector<dg::CouplingOrders> out{dg::CouplingOrders{}};
    for (const auto& [name, power] : top) {
        std::vector<dg::CouplingOrders> next;
        for (const auto& o : out)
            for (int p = 0; p <= power; ++p) {
                auto oo = o;
                if (p > 0) oo[name] = p;
                next.push_back(oo);
            }
        out = next;
    }
    return out;
}

/// Coefficient of the monomial `o` in a polynomial in the couplings (other couplings set to zero).
GiNaC::ex coefficient_of(const GiNaC::ex& e, const dg::CouplingOrders& o, const std::vector<std::string>& all) {
    GiNaC::ex r = e.expand();
    for (const auto& name : all) {
        const auto it = o.find(name);
        r = r.coeff(coupling_symbol(name), it == o.end() ? 0 : it->second);
    }
    return r;
}

}  // namespace

GiNaC::ex connected_from_full(const dg::Theory& theory, int points, const std::vector<dg::CouplingOrders>& orders,
                              std::size_t max_classes) {
    // Full correlators G(1..k) for k <= points at every monomial below a requested one.
    std::vector<dg::CouplingOrders> lower;
    for (const auto& o : orders)
        for (const auto& b : monomials_below(o))
            if (std::find(lower.begin(), lower.end(), b) == lower.end()) lower.push_back(b);
    std::vector<GiNaC::ex> full(points + 1, 0);
    for (int k = 1; k <= points; ++k) {
        CorrelatorRequest r;
        r.theory = theory;
        r.points = k;
        r.orders = lower;
        r.max_classes = max_classes;
        full[k] = build_correlator(r).expression();
    }
    // Sum over set partitions of {1..points}; each block B = {b_1 < … < b_k} relabels x_i → x_{b_i}.
    GiNaC::ex sum = 0;
    std::vector<std::vector<int>> blocks;
    std::function<void(int)> rec = [&](int next) {
        if (next > points) {
            GiNaC::ex prod = 1;
            for (const auto& b : blocks) {
                GiNaC::exmap relabel;
                for (std::size_t i = 0; i < b.size(); ++i)
                    if (static_cast<int>(i) + 1 != b[i]) relabel[external_point(static_cast<int>(i) + 1)] = external_point(b[i]);
                prod *= full[b.size()].subs(relabel, GiNaC::subs_options::no_pattern);
            }
            const int nb = static_cast<int>(blocks.size());
            const GiNaC::ex sign_factorial = GiNaC::factorial(nb - 1) * ((nb - 1) % 2 ? -1 : 1);
            sum += sign_factorial * prod;
            return;
        }
        for (std::size_t i = 0; i < blocks.size(); ++i) {  // by index: the recursion appends blocks
            blocks[i].push_back(next);
            rec(next + 1);
            blocks[i].pop_back();
        }
        blocks.push_back({next});
        rec(next + 1);
        blocks.pop_back();
    };
    rec(1);
    const auto names = theory.couplings();
    GiNaC::ex result = 0;
    for (const auto& o : orders) {
        GiNaC::ex mono = 1;
        for (const auto& [name, p] : o) mono *= GiNaC::pow(coupling_symbol(name), p);
        result += coefficient_of(sum, o, names) * mono;
    }
    return result;
}

}  // namespace nnft::symbolic
