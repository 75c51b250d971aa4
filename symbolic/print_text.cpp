#include "symbolic/print.hpp"

#include "diagrams/generate.hpp"
#include "symbolic/diagram_list.hpp"
#include "symbolic/functions.hpp"

#include <map>
#include <sstream>

namespace nnft::symbolic {

std::string correlator_text(const Correlator& c) {
    std::ostringstream os;
    os << "# G" << c.points << " for dS = " << c.theory.str() << " (" << c.terms.size() << " terms)\n";
    for (const auto& t : c.terms) os << canonical_text(t.coefficient * coupling_monomial(t.couplings) * t.structure) << "\n";
    if (c.terms.empty()) os << "0\n";
    return os.str();
}

std::string term_latex(const CorrelatorTerm& t) {
    std::ostringstream os;
    os << GiNaC::latex;
    const GiNaC::ex& coef = t.coefficient;
    const GiNaC::ex mono = coupling_monomial(t.couplings);
    if (coef == -1 && mono != 1) os << "-";
    else if (coef != 1 || mono == 1) os << coef;
    // Couplings in name order, each printed by GiNaC (GiNaC's order of a product changes between runs).
    bool first = true;
    for (const auto& [name, power] : t.couplings) {
        if (power == 0) continue;
        os << (first ? "" : " ") << GiNaC::pow(coupling_symbol(name), power);
        first = false;
    }
    if (t.structure != 1) {
        if (coef != 1 || mono != 1) os << "\\, ";
        os << sorted_product_latex(t.structure);
    }
    return os.str();
}

std::string correlator_latex(const Correlator& c, const LatexOptions& options) {
    std::ostringstream os;
    os << "G^{(" << c.points << ")} = ";
    if (c.terms.empty()) {
        os << "0\n";
        return os.str();
    }
    // Groups of terms equal up to a relabelling of the external points (same coefficient and couplings).
    std::vector<std::pair<const CorrelatorTerm*, int>> groups;
    if (options.group_permutations) {
        std::map<std::string, std::size_t> index;
        for (const auto& t : c.terms) {
            std::ostringstream key;
            key << t.coefficient << "|" << coupling_monomial_text(t.couplings) << "|"
                << diagrams::topology_key(t.diagram, c.theory);
            const auto [it, inserted] = index.emplace(key.str(), groups.size());
            if (inserted) groups.emplace_back(&t, 1);
            else ++groups[it->second].second;
        }
    } else {
        for (const auto& t : c.terms) groups.emplace_back(&t, 1);
    }
    bool first = true;
    for (const auto& [t, count] : groups) {
        std::string s = term_latex(*t);
        const bool negative = !s.empty() && s[0] == '-';
        if (negative) s = s.substr(1);
        if (first) os << (negative ? "-" : "");
        else os << (negative ? "\n  - " : "\n  + ");
        first = false;
        if (count > 1) os << "\\sum_{\\text{" << count << " perms}} \\left[" << s << "\\right]";
        else os << s;
    }
    os << "\n";
    return os.str();
}

std::string diagrams_text(const Correlator& c) {
    std::ostringstream os;
    DiagramListWriter w(os, DiagramFormat::text, c.theory, c.points);
    for (const auto& t : c.terms) w.add(t);
    w.finish();
    return os.str();
}

}  // namespace nnft::symbolic
