#include "symbolic/diagram_list.hpp"
#include "symbolic/print.hpp"

#include <nlohmann/json.hpp>

#include <sstream>

namespace nnft::symbolic {

namespace {

/// The monomial without zero powers (as the terms carry it).
diagrams::CouplingOrders nonzero(const diagrams::CouplingOrders& o) {
    diagrams::CouplingOrders out;
    for (const auto& [name, power] : o)
        if (power != 0) out[name] = power;
    return out;
}

}  // namespace

DiagramCounts count_diagrams(const CorrelatorRequest& request) {
    DiagramCounts counts;
    std::map<diagrams::CouplingOrders, std::size_t> index;
    for (const auto& o : request.orders) {
        const auto key = nonzero(o);
        if (index.emplace(key, counts.per_monomial.size()).second) counts.per_monomial.emplace_back(key, 0);
    }
    for_each_term(request, [&](CorrelatorTerm&& t) {
        ++counts.per_monomial[index.at(nonzero(t.couplings))].second;
        ++counts.total;
    }, false);
    return counts;
}

std::string diagram_counts_text(const DiagramCounts& counts, const diagrams::Theory& theory, int points) {
    std::ostringstream os;
    os << "# diagram classes of G" << points << " for dS = " << theory.str() << "\n# couplings | classes\n";
    for (const auto& [orders, n] : counts.per_monomial) os << coupling_monomial_text(orders) << " | " << n << "\n";
    os << "total | " << counts.total << "\n";
    return os.str();
}

std::string diagram_counts_json(const DiagramCounts& counts, const diagrams::Theory& theory, int points) {
    nlohmann::json j;
    j["theory"] = theory.str();
    j["points"] = points;
    j["total"] = counts.total;
    j["counts"] = nlohmann::json::array();
    for (const auto& [orders, n] : counts.per_monomial) j["counts"].push_back({{"couplings", orders}, {"classes", n}});
    return j.dump(2) + "\n";
}

}  // namespace nnft::symbolic
