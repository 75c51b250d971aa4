#include "symbolic/print.hpp"

#include "symbolic/diagram_list.hpp"
#include "symbolic/functions.hpp"

#include <nlohmann/json.hpp>

#include <sstream>

namespace nnft::symbolic {

namespace {

nlohmann::json header(const Correlator& c) {
    nlohmann::json j;
    j["theory"] = c.theory.str();
    j["points"] = c.points;
    return j;
}

/// The class of a term as a JSON value (the text of diagram_class_json parsed back: one writer for both).
nlohmann::json diagram_json(const CorrelatorTerm& t, const diagrams::Theory& theory) {
    return nlohmann::json::parse(diagram_class_json(t, theory));
}

}  // namespace

std::string correlator_json(const Correlator& c) {
    nlohmann::json j = header(c);
    nlohmann::json terms = nlohmann::json::array();
    for (const auto& t : c.terms) {
        nlohmann::json tj;
        tj["coefficient"] = canonical_text(t.coefficient);
        tj["couplings"] = t.couplings;
        tj["structure"] = canonical_text(t.structure);
        tj["latex"] = term_latex(t);
        tj["diagram"] = diagram_json(t, c.theory);
        terms.push_back(tj);
    }
    j["terms"] = terms;
    return j.dump(2) + "\n";
}

std::string diagrams_json(const Correlator& c) {
    std::ostringstream os;
    DiagramListWriter w(os, DiagramFormat::json, c.theory, c.points);
    for (const auto& t : c.terms) w.add(t);
    w.finish();
    return os.str();
}

}  // namespace nnft::symbolic
