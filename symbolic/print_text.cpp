#include "symbolic/print.hpp"

#include "diagrams/generate.hpp"
#include "symbolic/functions.hpp"

#include <map>
#include <sstream>

namespace nnft::symbolic {

std::string correlator_text(const Correlator& c) {
    std::ostringstream os;
    os << "# G" << c.points << " for dS = " << c.theory.str() << " (" << c.terms.size() << " terms)\n";
    for (const auto& t : c.terms) os << t.coefficient * coupling_monomial(t.couplings) * t.structure << "\n";
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
    if (mono != 1) os << mono;
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
            key << t.coefficient << "|" << coupling_monomial(t.couplings) << "|"
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
    os << "# " << c.terms.size() << " diagram classes of G" << c.points << " for dS = " << c.theory.str() << "\n";
    os << "# coefficient | couplings | multiplicity | symmetry factor | flags | lines (points: 1..n external, then internal)\n";
    for (const auto& t : c.terms) {
        const auto& d = t.diagram;
        os << t.coefficient << " | " << coupling_monomial(t.couplings) << " | " << d.multiplicity << " | "
           << d.symmetry_factor << " | " << (d.connected ? "C" : "-") << (d.one_pi ? "1PI" : "") << (d.self_energy_free ? "" : " SE")
           << " |";
        for (const auto& e : d.edges) {
            os << " " << e.a + 1 << "-" << e.b + 1;
            if (e.multiplicity > 1) os << "^" << e.multiplicity;
        }
        os << "\n";
    }
    return os.str();
}

}  // namespace nnft::symbolic
