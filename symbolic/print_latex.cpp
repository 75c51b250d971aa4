/// The LaTeX printer: terms in the paper's notation, labels by filter, lines broken by an estimate of the
/// typeset width, an optional standalone document (docs/commands/correlator.md, "LaTeX").
#include "symbolic/print.hpp"

#include "common/error.hpp"
#include "diagrams/generate.hpp"
#include "symbolic/detail/latex_width.hpp"
#include "symbolic/functions.hpp"

#include <limits>
#include <map>
#include <sstream>

namespace nnft::symbolic {

namespace {

/// A piece of a term: a line may break after it unless `keep_with_next` (a coefficient or an integral's
/// measure stays with what follows it when there is room for both on a line).
struct Piece {
    std::string text;
    bool keep_with_next = false;
};

/// One term as the pieces between which a line may break; the sign is kept apart, since it becomes the
/// operator between terms.
struct LatexTerm {
    bool negative = false;
    std::vector<Piece> pieces;
};

std::string latex_of(const GiNaC::ex& e) {
    std::ostringstream os;
    os << GiNaC::latex << e;
    return os.str();
}

std::string joined(const std::vector<Piece>& pieces) {
    std::string s;
    for (const auto& p : pieces) s += (s.empty() ? "" : " ") + p.text;
    return s;
}

/// The structure's factors in canonical_text's order; a vertex integral contributes its measure (kept with
/// the next piece), then each factor of its body. In a product (an integral followed by another factor, or two
/// integrals) each integral is bracketed, \biggl( … \biggr), so no factor reads as part of an integrand.
std::vector<Piece> structure_pieces(const GiNaC::ex& structure) {
    std::vector<Piece> out;
    if (structure == 1) return out;
    const std::vector<GiNaC::ex> factors = ordered_factors(structure);
    std::size_t integrals = 0;
    for (const auto& f : factors) integrals += is_ex_the_function(f, vertex_integral) ? 1 : 0;
    for (std::size_t k = 0; k < factors.size(); ++k) {
        const GiNaC::ex& f = factors[k];
        if (!is_ex_the_function(f, vertex_integral)) {
            out.push_back({latex_of(f)});
            continue;
        }
        const bool bracket = integrals > 1 || k + 1 < factors.size();
        out.push_back({(bracket ? "\\biggl(" : "") + vertex_measure_latex(f.op(1)), true});
        for (const auto& g : ordered_factors(f.op(0))) out.push_back({latex_of(g)});
        if (bracket) out.back().text += "\\biggr)";
    }
    return out;
}

/// The coupling monomial Π g^p in name order, e.g. "\\kappa \\lambda^{2}" ("" for the empty monomial).
std::string couplings_latex(const std::map<std::string, int>& couplings) {
    std::string out;
    for (const auto& [name, power] : couplings)
        if (power != 0) out += (out.empty() ? "" : " ") + latex_of(GiNaC::pow(coupling_symbol(name), power));
    return out;
}

/// Sign, then |coefficient| (left out when it is 1 and something follows), couplings in name order, structure.
LatexTerm make_term(const CorrelatorTerm& t) {
    LatexTerm out;
    const GiNaC::numeric coef = GiNaC::ex_to<GiNaC::numeric>(t.coefficient);
    out.negative = coef.is_negative();
    const std::vector<Piece> structure = structure_pieces(t.structure);
    std::string prefix = couplings_latex(t.couplings);
    const GiNaC::numeric magnitude = GiNaC::abs(coef);
    if (magnitude != 1 || (prefix.empty() && structure.empty()))
        prefix = latex_of(magnitude) + prefix;  // 24\lambda, 24g: no space is needed after a number
    if (!prefix.empty()) out.pieces.push_back({prefix, !structure.empty()});
    out.pieces.insert(out.pieces.end(), structure.begin(), structure.end());
    return out;
}

/// The terms to print: one per term, or with `group` one per class of terms equal up to relabelling the
/// external points (same coefficient and couplings), written \sum_{\text{k perms}} \bigl[…\bigr] when k > 1.
std::vector<LatexTerm> latex_terms(const Correlator& c, bool group) {
    std::vector<std::pair<const CorrelatorTerm*, int>> groups;
    std::map<std::string, std::size_t> index;
    for (const auto& t : c.terms) {
        if (!group) {
            groups.emplace_back(&t, 1);
            continue;
        }
        const std::string key = canonical_text(t.coefficient) + "|" + coupling_monomial_text(t.couplings) + "|" +
                                diagrams::topology_key(t.diagram, c.theory);
        const auto [it, inserted] = index.emplace(key, groups.size());
        if (inserted) groups.emplace_back(&t, 1);
        else ++groups[it->second].second;
    }
    std::vector<LatexTerm> out;
    for (const auto& [t, count] : groups) {
        LatexTerm lt = make_term(*t);
        if (count > 1) {
            lt.pieces.front().text = "\\sum_{\\text{" + std::to_string(count) + " perms}} \\bigl[" + lt.pieces.front().text;
            lt.pieces.back().text += "\\bigr]";
        }
        out.push_back(std::move(lt));
    }
    return out;
}

/// Lines of the right-hand side: the first follows "label =", each later one starts with its lead (\quad
/// before a new term, \qquad {}\times inside a term that did not fit on one line).
class LineBreaker {
public:
    LineBreaker(const std::string& label, const LatexOptions& o)
        : indent_(detail::latex_width_pt(label)), used_(indent_ + detail::latex_width_pt("=")),
          limit_(o.width_pt > 0 ? o.width_pt : std::numeric_limits<double>::infinity()),
          per_line_(o.terms_per_line) {}

    void add(const LatexTerm& t) {
        const bool first = lines_.empty() && row_.empty();
        const std::string sign = t.negative ? "-" : "+";
        const bool full = per_line_ > 0 && terms_on_row_ >= per_line_;
        if (!first && (full || used_ + width(" " + sign + " " + joined(t.pieces)) > limit_)) new_row("\\quad {}");
        std::vector<std::string> texts;
        for (const auto& piece : t.pieces) texts.push_back(piece.text);
        texts[0] = (first ? (t.negative ? "-" : "") : sign + " ") + texts[0];
        for (std::size_t p = 0; p < texts.size(); ++p) {
            // The run of pieces kept together from p; break before it when it does not fit on this row.
            double run = 0;
            for (std::size_t q = p; q < texts.size(); ++q) {
                run += width(" " + texts[q]);
                if (!t.pieces[q].keep_with_next) break;
            }
            if (!fresh_ && used_ + run > limit_) new_row("\\qquad {}\\times ");
            append(texts[p]);
        }
        ++terms_on_row_;
    }

    /// The rows, the last one included.
    std::vector<std::string> finish() {
        lines_.push_back(row_);
        return lines_;
    }

private:
    static double width(const std::string& s) { return detail::latex_width_pt(s); }

    void new_row(const std::string& lead) {
        lines_.push_back(row_);
        row_ = lead;
        fresh_ = true;
        used_ = indent_ + width(lead);
        terms_on_row_ = 0;
    }

    void append(const std::string& piece) {
        row_ += (fresh_ ? "" : " ") + piece;
        fresh_ = false;
        used_ += width(" " + piece);
    }

    double indent_, used_, limit_;
    int per_line_, terms_on_row_ = 0;
    bool fresh_ = true;  ///< nothing but the lead on the row yet
    std::vector<std::string> lines_;
    std::string row_;
};

/// The rows as the body of an alignment: "label &= row0 \\", then "  &rowK \\" (no \\ after the last).
std::string aligned_body(const std::string& label, const std::vector<std::string>& rows) {
    std::string s;
    for (std::size_t k = 0; k < rows.size(); ++k)
        s += (k == 0 ? label + " &= " : "  &") + rows[k] + (k + 1 < rows.size() ? " \\\\\n" : "\n");
    return s;
}

std::string standalone_document(const Correlator& c, const std::string& body, double width_pt) {
    std::ostringstream os;
    os << "% G" << c.points << " for dS = " << c.theory.str() << " (" << c.terms.size()
       << " terms), written by nnft correlator --format latex --standalone\n"
       << "\\documentclass{article}\n\\usepackage{amsmath}\n";
    if (width_pt > 0 && width_pt != 345) os << "\\usepackage[textwidth=" << width_pt << "pt]{geometry}\n";
    os << "\\allowdisplaybreaks\n\\begin{document}\n\\begin{align*}\n" << body << "\\end{align*}\n\\end{document}\n";
    return os.str();
}

}  // namespace

void check_latex_options(const LatexOptions& o) {
    if (!(o.width_pt == 0 || (o.width_pt >= 100 && o.width_pt <= 10000))) {
        std::ostringstream w;
        w << o.width_pt;
        throw Error("the LaTeX line width (--latex-width, Python width=) " + w.str() + " pt is out of range: give 100 to 10000 "
                    "(points; 345 is a 10 pt article's text width) or 0 for no line breaking by width");
    }
    if (o.terms_per_line < 0)
        throw Error("the LaTeX terms per line (--terms-per-line, Python terms_per_line=) must be 0 (no limit) or "
                    "positive, not " + std::to_string(o.terms_per_line));
}

std::string term_latex(const CorrelatorTerm& t) {
    const LatexTerm lt = make_term(t);
    return (lt.negative ? "-" : "") + joined(lt.pieces);
}

/// The order of a correlator requested at one non-trivial coupling monomial, e.g. \mathcal{O}(\lambda^{2}) (""
/// otherwise: several monomials, or the free correlator alone).
std::string single_order_latex(const Correlator& c) {
    if (c.orders.size() != 1) return "";
    const std::string monomial = couplings_latex(c.orders.front());
    return monomial.empty() ? "" : "\\mathcal{O}(" + monomial + ")";
}

std::string correlator_label_latex(const Correlator& c) {
    const std::string n = "^{(" + std::to_string(c.points) + ")}";
    std::string label = c.filter.one_pi ? "\\Gamma" + n : c.filter.connected ? "G" + n + "_{\\text{c}}" : "G" + n;
    std::string qualifiers = single_order_latex(c);
    if (c.filter.no_self_energy) qualifiers += (qualifiers.empty() ? "" : ",\\ ") + std::string("\\text{no self-energy}");
    if (!qualifiers.empty()) label += "\\big|_{" + qualifiers + "}";
    return label;
}

std::string correlator_latex(const Correlator& c, const LatexOptions& options) {
    check_latex_options(options);
    const std::string label = correlator_label_latex(c);
    std::vector<std::string> rows{"0"};
    if (!c.terms.empty()) {
        LineBreaker breaker(label, options);
        for (const auto& t : latex_terms(c, options.group_permutations)) breaker.add(t);
        rows = breaker.finish();
    }
    if (options.standalone) return standalone_document(c, aligned_body(label, rows), options.width_pt);
    if (rows.size() == 1) return label + " = " + rows[0] + "\n";
    return "\\begin{aligned}\n" + aligned_body(label, rows) + "\\end{aligned}\n";
}

}  // namespace nnft::symbolic
