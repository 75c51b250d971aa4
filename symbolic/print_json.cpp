#include "symbolic/print.hpp"

#include "symbolic/functions.hpp"

#include <nlohmann/json.hpp>

#include <sstream>

namespace nnft::symbolic {

namespace {

std::string ex_string(const GiNaC::ex& e) {
    std::ostringstream os;
    os << e;
    return os.str();
}

nlohmann::json header(const Correlator& c) {
    nlohmann::json j;
    j["theory"] = c.theory.str();
    j["points"] = c.points;
    return j;
}

nlohmann::json diagram_json(const CorrelatorTerm& t, const diagrams::Theory& theory) {
    const auto& d = t.diagram;
    nlohmann::json j;
    j["coefficient"] = ex_string(t.coefficient);
    j["couplings"] = t.couplings;
    j["multiplicity"] = d.multiplicity.str();
    j["symmetry_factor"] = d.symmetry_factor.str();
    j["connected"] = d.connected;
    j["one_pi"] = d.one_pi;
    j["self_energy_free"] = d.self_energy_free;
    j["loops"] = d.loop_count();
    nlohmann::json ext = nlohmann::json::array();
    for (int p = 0; p < d.n_external; ++p) ext.push_back(d.external_labels.empty() ? p : d.external_labels[p]);
    j["external"] = ext;
    nlohmann::json edges = nlohmann::json::array();
    for (const auto& e : d.edges) edges.push_back({{"a", e.a}, {"b", e.b}, {"multiplicity", e.multiplicity}});
    j["edges"] = edges;
    // Interaction vertices with their points (bilocal vertices have two).
    std::map<int, nlohmann::json> vertices;
    for (int p = d.n_external; p < static_cast<int>(d.points.size()); ++p) {
        const auto& pt = d.points[p];
        auto& v = vertices[pt.vertex];
        v["term"] = theory.terms[pt.term].str();
        v["coupling"] = theory.terms[pt.term].coupling;
        v["points"].push_back(p);
    }
    nlohmann::json vlist = nlohmann::json::array();
    for (auto& [id, v] : vertices) vlist.push_back(v);
    j["vertices"] = vlist;
    return j;
}

}  // namespace

std::string correlator_json(const Correlator& c) {
    nlohmann::json j = header(c);
    nlohmann::json terms = nlohmann::json::array();
    for (const auto& t : c.terms) {
        nlohmann::json tj;
        tj["coefficient"] = ex_string(t.coefficient);
        tj["couplings"] = t.couplings;
        tj["structure"] = ex_string(t.structure);
        tj["latex"] = term_latex(t);
        tj["diagram"] = diagram_json(t, c.theory);
        terms.push_back(tj);
    }
    j["terms"] = terms;
    return j.dump(2) + "\n";
}

std::string diagrams_json(const Correlator& c) {
    nlohmann::json j = header(c);
    nlohmann::json list = nlohmann::json::array();
    for (const auto& t : c.terms) list.push_back(diagram_json(t, c.theory));
    j["diagrams"] = list;
    return j.dump(2) + "\n";
}

}  // namespace nnft::symbolic
