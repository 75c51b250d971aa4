#pragma once
/// \file Correlators as exact GiNaC expressions built from diagram classes.
#include "diagrams/diagram.hpp"
#include "diagrams/generate.hpp"
#include "diagrams/theory.hpp"
#include "common/progress.hpp"

#include <ginac/ginac.h>

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace nnft::symbolic {

/// One term of a correlator: coefficient × coupling monomial × structure, from one diagram class.
struct CorrelatorTerm {
    GiNaC::ex coefficient;                  ///< exact rational coefficient, e.g. −24
    std::map<std::string, int> couplings;   ///< coupling powers, e.g. {lambda: 1}
    GiNaC::ex structure;                    ///< product over components of K(x_a, x_b) or vertex_integral(...)
    diagrams::Diagram diagram;              ///< the diagram class the term comes from
};

/// What to compute: the n-point function of a theory at some coupling monomials.
struct CorrelatorRequest {
    diagrams::Theory theory;                          ///< interaction terms
    int points = 4;                                   ///< number of external points n
    std::vector<diagrams::CouplingOrders> orders;     ///< coupling monomials to include (each exactly)
    diagrams::DiagramFilter filter;                   ///< connected / 1PI / no self-energy
    std::size_t max_classes = 1'000'000;              ///< size limit per monomial
    int threads = 1;                                  ///< generation threads (the terms do not depend on it)
    ProgressFn progress{}; ///< told the classes generated so far ("diagram classes", total unknown); empty: silent
};

/// A correlator: its terms in a deterministic order.
struct Correlator {
    diagrams::Theory theory;            ///< the theory it was computed for
    int points = 0;                     ///< number of external points
    std::vector<CorrelatorTerm> terms;  ///< one term per diagram class
    diagrams::DiagramFilter filter;     ///< the filter the classes passed (connected, 1PI, no self-energy)
    std::vector<diagrams::CouplingOrders> orders;  ///< the requested coupling monomials (empty: not recorded)

    /// Σ coefficient × couplings × structure.
    GiNaC::ex expression() const;
};

/// Build the correlator from the diagram classes of every requested monomial.
Correlator build_correlator(const CorrelatorRequest& request);

/// Receives the terms of a correlator one at a time.
using TermSink = std::function<void(CorrelatorTerm&&)>;

/// The terms of build_correlator(request), in the same order, each handed to `sink` as soon as its class is
/// generated and never held. Without `with_structure` the structure stays 1: a diagram list needs none, and
/// building it is most of the time per class. Throws like build_correlator (possibly after some terms).
void for_each_term(const CorrelatorRequest& request, const TermSink& sink, bool with_structure = true);

/// The coupling monomial Π g^p as a GiNaC expression.
GiNaC::ex coupling_monomial(const std::map<std::string, int>& couplings);

/// Structure of a diagram: product over its components; each component with internal points becomes
/// vertex_integral(Π K · Π L · Π radius^p, {y, z, …}) with internal points named canonically, so that
/// equal components give identical expressions.
GiNaC::ex diagram_structure(const diagrams::Diagram& d, const diagrams::Theory& theory);

/// The connected correlator obtained from full correlators by the moment–cumulant relation
/// κ(1..n) = Σ_π (−1)^{|π|−1} (|π|−1)! Π_{B∈π} G(B), truncated to the requested monomials.
GiNaC::ex connected_from_full(const diagrams::Theory& theory, int points,
                              const std::vector<diagrams::CouplingOrders>& orders, std::size_t max_classes = 1'000'000);

}  // namespace nnft::symbolic
