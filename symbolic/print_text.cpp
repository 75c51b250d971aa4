#include "symbolic/print.hpp"

#include "symbolic/diagram_list.hpp"
#include "symbolic/functions.hpp"

#include <sstream>

namespace nnft::symbolic {

std::string correlator_text(const Correlator& c) {
    std::ostringstream os;
    os << "# G" << c.points << " for dS = " << c.theory.str() << " (" << c.terms.size() << " terms)\n";
    for (const auto& t : c.terms) os << canonical_text(t.coefficient * coupling_monomial(t.couplings) * t.structure) << "\n";
    if (c.terms.empty()) os << "0\n";
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
