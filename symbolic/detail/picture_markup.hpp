#pragma once
/// \file Text pieces shared by the picture printers: couplings and coefficients as SVG, Graphviz HTML-like labels
/// or LaTeX, escaping, number formatting.
#include "symbolic/correlator.hpp"

#include <string>
#include <vector>

namespace nnft::symbolic::detail {

/// How sub- and superscripts are written in a markup language.
struct Markup {
    const char* sub_open;   ///< opens a subscript
    const char* sub_close;  ///< closes it
    const char* sup_open;   ///< opens a superscript
    const char* sup_close;  ///< closes it
};

/// SVG tspans with baseline shifts.
extern const Markup kSvgMarkup;
/// Graphviz HTML-like labels (<SUB>, <SUP>).
extern const Markup kDotMarkup;

/// A coupling name with a Greek base as its letter and the suffix after '_' (or trailing digits) as a subscript:
/// lambda_nl -> λ<sub>nl</sub>, lambda2 -> λ<sub>2</sub>. The parts are XML-escaped.
std::string coupling_markup(const std::string& name, const Markup& m);

/// The label of a vertex of `term`: its coupling, and x^p for a position weight.
std::string vertex_label_markup(const diagrams::InteractionTerm& term, const Markup& m);

/// The class's contribution: coefficient (Unicode minus) times its coupling monomial, e.g. "−24 λ<sup>2</sup>".
std::string contribution_markup(const CorrelatorTerm& t, const Markup& m);

/// "multiplicity M, S = s".
std::string counts_text(const CorrelatorTerm& t);

/// The same contribution in LaTeX math (without $): "-24\,\lambda^{2}".
std::string contribution_latex(const CorrelatorTerm& t);

/// The vertex label in LaTeX math (without $).
std::string vertex_label_latex(const diagrams::InteractionTerm& term);

/// Escapes &, <, >, " for XML text and attributes.
std::string xml_escape(const std::string& s);

/// Escapes LaTeX's special characters in text mode.
std::string latex_escape(const std::string& s);

/// A coordinate with at most 3 decimals and no trailing zeros ("1.25", "-0.5", "0").
std::string coordinate(double v);

/// The title of a list of classes: "4 diagram classes of G4 for dS = lambda*f^4".
std::string list_title(std::size_t classes, int points, const diagrams::Theory& theory);

/// Every class on one SVG sheet (diagrams_picture_document's SVG).
std::string diagrams_svg_sheet(const std::vector<CorrelatorTerm>& terms, const diagrams::Theory& theory, int points);

/// Every class in one compilable LaTeX document (diagrams_picture_document's TikZ), numbered from `first`, under
/// `title` (list_title when empty).
std::string diagrams_tikz_document(const std::vector<CorrelatorTerm>& terms, const diagrams::Theory& theory, int points,
                                   std::size_t first = 1, const std::string& title = "");

}  // namespace nnft::symbolic::detail
