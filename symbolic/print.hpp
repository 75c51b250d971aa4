#pragma once
/// \file Printers of correlators and diagram lists: plain text, LaTeX, compilable C++, JSON.
#include "symbolic/correlator.hpp"

#include <map>
#include <string>
#include <vector>

namespace nnft::symbolic {

/// Options of the LaTeX printer (docs/commands/correlator.md, "LaTeX").
struct LatexOptions {
    bool group_permutations = false;  ///< print terms equal up to relabelling external points once, as a sum
    double width_pt = 345;            ///< break lines to about this width in TeX points (0: no width limit);
                                      ///< 345 pt is \textwidth of a 10 pt article
    int terms_per_line = 0;           ///< at most this many terms on a line (0: no limit)
    bool standalone = false;          ///< a complete document (article, amsmath) instead of a math fragment
};

/// GiNaC's plain syntax with the factors of every product (couplings, then propagators and weights, then
/// vertex integrals, each group by text) and the terms of every sum in a fixed order: the same bytes in every
/// run, unlike GiNaC's own printing, which orders by address-dependent hash values.
std::string canonical_text(const GiNaC::ex& e);

/// The non-numeric factors of a product in the order canonical_text prints them (the expression itself when it
/// is not a product).
std::vector<GiNaC::ex> ordered_factors(const GiNaC::ex& e);

/// A coupling monomial with the couplings in name order: "kappa^2*lambda", "1" for none.
std::string coupling_monomial_text(const std::map<std::string, int>& couplings);

/// One line per term: "coefficient * couplings * structure" in GiNaC's plain syntax.
std::string correlator_text(const Correlator& c);

/// LaTeX in the paper's style, `G^{(4)}_{\text{c}} = -24\lambda \int \mathrm{d}^{d_{\text{in}}}y\, K_{1y} K_{2y} …`:
/// the terms in the Correlator's order with the factors in canonical_text's order, labelled by the filter
/// (G^{(n)}, G^{(n)}_{\text{c}} connected, \Gamma^{(n)} 1PI), broken into the lines of an `aligned` block (of
/// `align*` in a standalone document) by an estimate of the typeset width. Throws nnft::Error for a width
/// below 100 pt (other than 0) or a negative terms_per_line.
std::string correlator_latex(const Correlator& c, const LatexOptions& options = {});

/// Refuse a line width other than 0 outside [100, 10000] pt, or a negative terms_per_line (nnft::Error).
void check_latex_options(const LatexOptions& options);

/// LaTeX of one term on one line (sign, coefficient, couplings, structure): the JSON `latex` field.
std::string term_latex(const CorrelatorTerm& t);

/// The label of a correlator in LaTeX: G^{(n)}, G^{(n)}_{\text{c}} (connected), \Gamma^{(n)} (1PI), with
/// \big|_{\text{no self-energy}} appended when self-energy insertions were dropped.
std::string correlator_label_latex(const Correlator& c);

/// A self-contained C++17 header in namespace `ns`: `correlator_terms(K, K_EFT, rule, x)` returns each term's
/// value (coefficient included, couplings excluded) and `correlator(K, K_EFT, rule, x, g)` the sum; K (free
/// propagators) and K_EFT (every line of a vertex integral) are callables double(const double*, const double*),
/// rule a quadrature rule over R^d or a box, x the n external points. Throws nnft::Error for a bad `ns`.
std::string correlator_cpp(const Correlator& c, const std::string& ns = "nnft_generated");

/// True when `name` is a C++ namespace name (identifiers joined by "::").
bool is_cpp_namespace(const std::string& name);

/// JSON document {"theory", "points", "terms": [{coefficient, couplings, structure, latex, diagram}]}.
std::string correlator_json(const Correlator& c);

/// JSON document {"theory", "points", "diagrams": [{multiplicity, symmetry_factor, couplings, edges,
/// external, connected, one_pi, self_energy_free, vertices, coefficient}]}.
std::string diagrams_json(const Correlator& c);

/// Human-readable diagram list, one line per class.
std::string diagrams_text(const Correlator& c);

}  // namespace nnft::symbolic
