#pragma once
/// \file Interaction terms of an NN-FT action and the parser of their text form.
///
/// Convention (2008.08601, the talk): ΔS = Σ_terms c · g ∫ d^{d_in}x [weight] f^k, couplings carry no
/// 1/k!, so a vertex of term (c, g, f^k) contributes the factor −c·g·k! (e.g. −24λ for λ f⁴).
#include "diagrams/count.hpp"

#include <map>
#include <string>
#include <vector>

namespace nnft::diagrams {

/// Exact rational number num/den (den > 0, reduced), with arbitrary-precision integers.
struct Rational {
    Count num = 0;  ///< numerator
    Count den = 1;  ///< denominator, always positive
    /// Reduced fraction num/den; throws nnft::InternalError if den == 0 (the parser refuses '/0' first).
    static Rational make(const Count& num, const Count& den);
    /// "p/q" or "p" when q == 1.
    std::string str() const;
    /// Exact equality of reduced fractions.
    bool operator==(const Rational& o) const { return num == o.num && den == o.den; }
};

/// One interaction term c·g·∫ w(x) f(x)^{a} [f(y)^{b}]: local (one point) or bilocal (two points).
struct InteractionTerm {
    std::string coupling;           ///< coupling name, e.g. "lambda"
    Rational prefactor{1, 1};       ///< rational factor c in front of the coupling (sign included)
    std::vector<int> point_degrees; ///< {k} for f^k; {a, b} for the bilocal f(x)^a f(y)^b
    int weight_power = 0;           ///< p in the position weight |x|^p (local terms only)

    /// True for the bilocal f(x)^a f(y)^b term.
    bool bilocal() const { return point_degrees.size() == 2; }
    /// Total number of legs (half-edges) of one vertex.
    int legs() const;
    /// Order of the group of leg permutations that leave the term invariant: k!, or a!b!(2 if a==b).
    Count internal_symmetry() const;
    /// Readable text form, e.g. "lambda2*x^2*f^4" or "lambda_nl*f(x)^2*f(y)^2".
    std::string str() const;
};

/// A theory: the interaction part ΔS as a list of distinct terms.
struct Theory {
    std::vector<InteractionTerm> terms;  ///< distinct terms (equal terms are merged by the parser)

    /// Names of the couplings in order of first appearance.
    std::vector<std::string> couplings() const;
    /// Text form that parse_theory reads back to an equal theory.
    std::string str() const;
};

/// Parse e.g. "lambda*f^4 + kappa*f^6", "g*f^3", "lambda2*x^2*f^4", "lambda_nl*f(x)^2*f(y)^2",
/// "lambda/4!*f^4". Throws nnft::Error naming the offending position on malformed text.
Theory parse_theory(const std::string& text);

/// Orders of the couplings: coupling name -> power (absent = 0).
using CouplingOrders = std::map<std::string, int>;

/// Parse "lambda=2,kappa=1" against a theory; unknown names, negative or malformed orders throw.
CouplingOrders parse_orders(const std::string& text, const Theory& theory);

/// All coupling-order monomials of total degree <= max_order, in order of increasing total degree.
std::vector<CouplingOrders> orders_up_to(const Theory& theory, int max_order);

/// Number of vertices of each term: entry t is how many vertices of theory.terms[t] a diagram has.
using VertexCounts = std::vector<int>;

/// All ways to split coupling orders over the theory's terms (a coupling may appear in several terms).
std::vector<VertexCounts> vertex_counts_for(const Theory& theory, const CouplingOrders& orders);

}  // namespace nnft::diagrams
