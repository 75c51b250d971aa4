#include "symbolic/detail/picture_markup.hpp"

#include "symbolic/functions.hpp"
#include "symbolic/print.hpp"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <utility>

namespace nnft::symbolic::detail {

const Markup kSvgMarkup{"<tspan baseline-shift=\"sub\" font-size=\"70%\">", "</tspan>",
                        "<tspan baseline-shift=\"super\" font-size=\"70%\">", "</tspan>"};
const Markup kDotMarkup{"<SUB>", "</SUB>", "<SUP>", "</SUP>"};

namespace {

/// Base and subscript of a coupling name, split as coupling_symbol splits it for LaTeX.
std::pair<std::string, std::string> split_name(const std::string& name) {
    if (const auto us = name.find('_'); us != std::string::npos) return {name.substr(0, us), name.substr(us + 1)};
    std::size_t k = name.size();
    while (k > 0 && std::isdigit(static_cast<unsigned char>(name[k - 1]))) --k;
    if (k > 0 && k < name.size()) return {name.substr(0, k), name.substr(k)};
    return {name, ""};
}

/// The Greek letter (UTF-8) of a spelled-out name, or the name itself.
std::string greek_letter(const std::string& base) {
    static const std::pair<const char*, const char*> letters[] = {
        {"alpha", "α"}, {"beta", "β"},   {"gamma", "γ"}, {"delta", "δ"},   {"epsilon", "ε"}, {"zeta", "ζ"},
        {"eta", "η"},   {"theta", "θ"},  {"iota", "ι"},  {"kappa", "κ"},   {"lambda", "λ"},  {"mu", "μ"},
        {"nu", "ν"},    {"xi", "ξ"},     {"pi", "π"},    {"rho", "ρ"},     {"sigma", "σ"},   {"tau", "τ"},
        {"upsilon", "υ"}, {"phi", "φ"},  {"chi", "χ"},   {"psi", "ψ"},     {"omega", "ω"}};
    for (const auto& [name, letter] : letters)
        if (base == name) return letter;
    return base;
}

std::string unicode_minus(const std::string& s) { return !s.empty() && s[0] == '-' ? "−" + s.substr(1) : s; }

}  // namespace

std::string xml_escape(const std::string& s) {
    std::string out;
    for (char c : s) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        default: out += c;
        }
    }
    return out;
}

std::string latex_escape(const std::string& s) {
    std::string out;
    for (char c : s) {
        if (c == '_' || c == '&' || c == '%' || c == '#' || c == '$' || c == '{' || c == '}') out += '\\';
        if (c == '^') { out += "\\textasciicircum{}"; continue; }
        if (c == '\\') { out += "\\textbackslash{}"; continue; }
        out += c;
    }
    return out;
}

std::string coupling_markup(const std::string& name, const Markup& m) {
    const auto [base, sub] = split_name(name);
    std::string out = xml_escape(greek_letter(base));
    if (!sub.empty()) out += m.sub_open + xml_escape(sub) + m.sub_close;
    return out;
}

std::string vertex_label_markup(const diagrams::InteractionTerm& term, const Markup& m) {
    std::string out = coupling_markup(term.coupling, m);
    if (term.weight_power) out += " x" + std::string(m.sup_open) + std::to_string(term.weight_power) + m.sup_close;
    return out;
}

std::string contribution_markup(const CorrelatorTerm& t, const Markup& m) {
    std::string coefficient = canonical_text(t.coefficient);
    std::string monomial;
    for (const auto& [name, power] : t.couplings) {
        if (power == 0) continue;
        if (!monomial.empty()) monomial += " ";
        monomial += coupling_markup(name, m);
        if (power > 1) monomial += m.sup_open + std::to_string(power) + m.sup_close;
    }
    if (monomial.empty()) return xml_escape(unicode_minus(coefficient));
    if (coefficient == "1") return monomial;
    if (coefficient == "-1") return "−" + monomial;
    return xml_escape(unicode_minus(coefficient)) + " " + monomial;
}

std::string counts_text(const CorrelatorTerm& t) {
    return "multiplicity " + t.diagram.multiplicity.str() + ", S = " + t.diagram.symmetry_factor.str();
}

std::string contribution_latex(const CorrelatorTerm& t) {
    std::string c = canonical_text(t.coefficient);
    const bool negative = !c.empty() && c[0] == '-';
    if (negative) c = c.substr(1);
    if (const auto slash = c.find('/'); slash != std::string::npos)
        c = "\\frac{" + c.substr(0, slash) + "}{" + c.substr(slash + 1) + "}";
    std::string monomial;
    for (const auto& [name, power] : t.couplings) {
        if (power == 0) continue;
        monomial += (monomial.empty() ? "" : "\\,") + coupling_symbol(name).get_TeX_name();
        if (power > 1) monomial += "^{" + std::to_string(power) + "}";
    }
    std::string out = negative ? "-" : "";
    if (monomial.empty()) return out + c;
    return out + (c == "1" ? "" : c + "\\,") + monomial;
}

std::string vertex_label_latex(const diagrams::InteractionTerm& term) {
    std::string out = coupling_symbol(term.coupling).get_TeX_name();
    if (term.weight_power) out += "\\,x^{" + std::to_string(term.weight_power) + "}";
    return out;
}

std::string coordinate(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3f", std::abs(v) < 5e-4 ? 0.0 : v);
    std::string s = buf;
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
    return s;
}

std::string list_title(std::size_t classes, int points, const diagrams::Theory& theory) {
    return std::to_string(classes) + (classes == 1 ? " diagram class" : " diagram classes") + " of G" +
           std::to_string(points) + " for dS = " + theory.str();
}

}  // namespace nnft::symbolic::detail
