// Streamed diagram lists (issue 15): every format carries the content of a DOM built independently here (the
// pre-streaming printer), the indented document has nlohmann's exact layout, counts agree with the classes,
// and canonical printing does not depend on the order GiNaC happens to store a product in.
#include "symbolic/detail/json_writer.hpp"
#include "symbolic/diagram_list.hpp"
#include "symbolic/functions.hpp"
#include "symbolic/print.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <sstream>

using namespace nnft;
using namespace nnft::symbolic;

namespace {

CorrelatorRequest request(const std::string& theory, int n, const std::string& orders, bool connected) {
    CorrelatorRequest r;
    r.theory = diagrams::parse_theory(theory);
    r.points = n;
    r.orders = {diagrams::parse_orders(orders, r.theory)};
    r.filter.connected = connected;
    return r;
}

/// The document as main's printer built it: a nlohmann DOM of every class.
nlohmann::json dom_document(const Correlator& c) {
    nlohmann::json doc;
    doc["theory"] = c.theory.str();
    doc["points"] = c.points;
    doc["diagrams"] = nlohmann::json::array();
    for (const auto& t : c.terms) {
        const auto& d = t.diagram;
        nlohmann::json j;
        std::ostringstream coef;
        coef << t.coefficient;
        j["coefficient"] = coef.str();
        j["couplings"] = t.couplings;
        j["multiplicity"] = d.multiplicity.str();
        j["symmetry_factor"] = d.symmetry_factor.str();
        j["connected"] = d.connected;
        j["one_pi"] = d.one_pi;
        j["self_energy_free"] = d.self_energy_free;
        j["loops"] = d.loop_count();
        j["external"] = nlohmann::json::array();
        for (int p = 0; p < d.n_external; ++p) j["external"].push_back(d.external_labels[p]);
        j["edges"] = nlohmann::json::array();
        for (const auto& e : d.edges) j["edges"].push_back({{"a", e.a}, {"b", e.b}, {"multiplicity", e.multiplicity}});
        std::map<int, nlohmann::json> vertices;
        for (int p = d.n_external; p < static_cast<int>(d.points.size()); ++p) {
            auto& v = vertices[d.points[p].vertex];
            v["term"] = c.theory.terms[d.points[p].term].str();
            v["coupling"] = c.theory.terms[d.points[p].term].coupling;
            v["points"].push_back(p);
        }
        j["vertices"] = nlohmann::json::array();
        for (auto& [id, v] : vertices) j["vertices"].push_back(v);
        doc["diagrams"].push_back(j);
    }
    return doc;
}

std::string streamed(const CorrelatorRequest& r, DiagramFormat format, bool spool) {
    std::ostringstream out;
    std::stringstream scratch;
    DiagramListWriter w(out, format, r.theory, r.points, spool ? &scratch : nullptr);
    for_each_term(r, [&w](CorrelatorTerm&& t) { w.add(t); }, false);
    w.finish();
    return out.str();
}

}  // namespace

TEST_CASE("streamed diagram lists carry the DOM document's content in every format", "[symbolic][stream]") {
    for (const auto& r : {request("lambda*f^4 + kappa*f^6", 4, "lambda=1,kappa=1", true),
                          request("lambda*f^4", 4, "lambda=2", false), request("g*f^3", 2, "g=2", false),
                          request("lambda_nl*f(x)^2*f(y)^2 + lambda*f^4", 4, "lambda_nl=1,lambda=1", false),
                          request("lambda*f^4", 3, "lambda=1", false)}) {
        const Correlator c = build_correlator(r);
        const nlohmann::json dom = dom_document(c);
        const std::string pretty = streamed(r, DiagramFormat::json, false);
        CHECK(pretty == dom.dump(2) + "\n");  // byte for byte: nlohmann's own layout
        CHECK(pretty == diagrams_json(c));
        const std::string compact = streamed(r, DiagramFormat::json_compact, false);
        CHECK(compact == dom.dump() + "\n");
        std::istringstream lines(streamed(r, DiagramFormat::jsonl, false));
        nlohmann::json list = nlohmann::json::array();
        for (std::string line; std::getline(lines, line);) list.push_back(nlohmann::json::parse(line));
        CHECK(list == dom["diagrams"]);
        const std::string text = streamed(r, DiagramFormat::text, true);
        CHECK(text == streamed(r, DiagramFormat::text, false));
        CHECK(text == diagrams_text(c));
        CHECK(text.rfind("# " + std::to_string(c.terms.size()) + " diagram classes", 0) == 0);
    }
}

TEST_CASE("the JSON writer lays out nested and empty containers as nlohmann does", "[symbolic][stream]") {
    const nlohmann::json j = nlohmann::json::parse(R"({"a": [], "b": {}, "c": [1, {"d": [2, 3]}, []], "e": "x"})");
    for (int indent : {-1, 2, 4}) {
        std::string s;
        detail::JsonWriter w(s, indent);
        w.begin_object();
        w.key("\"a\"");
        w.begin_array();
        w.end_array();
        w.key("\"b\"");
        w.begin_object();
        w.end_object();
        w.key("\"c\"");
        w.begin_array();
        w.value(1);
        w.begin_object();
        w.key("\"d\"");
        w.begin_array();
        w.value(2);
        w.value(3);
        w.end_array();
        w.end_object();
        w.begin_array();
        w.end_array();
        w.end_array();
        w.key("\"e\"");
        w.plain_string("x");
        w.end_object();
        CHECK(s == j.dump(indent));
    }
}

TEST_CASE("class counts agree with the classes, per coupling monomial", "[symbolic][stream]") {
    CorrelatorRequest r = request("lambda*f^4 + kappa*f^6", 4, "lambda=1", true);
    r.orders = diagrams::orders_up_to(r.theory, 2);
    const DiagramCounts counts = count_diagrams(r);
    REQUIRE(counts.per_monomial.size() == r.orders.size());
    std::size_t sum = 0;
    for (std::size_t k = 0; k < r.orders.size(); ++k) {
        CorrelatorRequest one = r;
        one.orders = {r.orders[k]};
        CHECK(counts.per_monomial[k].second == build_correlator(one).terms.size());
        sum += counts.per_monomial[k].second;
    }
    CHECK(counts.total == sum);
    CHECK(counts.total == build_correlator(r).terms.size());
    const auto j = nlohmann::json::parse(diagram_counts_json(counts, r.theory, r.points));
    CHECK(j["total"] == counts.total);
    CHECK(diagram_counts_text(counts, r.theory, r.points).find("kappa*lambda | ") != std::string::npos);
}

TEST_CASE("canonical text does not depend on the order a product was built in", "[symbolic][print]") {
    const GiNaC::ex y = internal_point("y"), z = internal_point("z");
    const GiNaC::ex lambda = coupling_symbol("lambda"), kappa = coupling_symbol("kappa");
    const GiNaC::ex body1 = K(external_point(1), y) * K(external_point(2), z) * GiNaC::pow(L(z), 2) * K(y, z);
    const GiNaC::ex body2 = K(y, z) * GiNaC::pow(L(z), 2) * K(external_point(2), z) * K(external_point(1), y);
    const GiNaC::ex a = -2160 * lambda * kappa * vertex_integral(body1, GiNaC::lst{y, z});
    const GiNaC::ex b = vertex_integral(body2, GiNaC::lst{y, z}) * kappa * (-2160) * lambda;
    CHECK(canonical_text(a) == "-2160*kappa*lambda*Int(K(x1,y)*K(x2,z)*K(y,z)*L(z)^2, {y,z})");
    CHECK(canonical_text(b) == canonical_text(a));
    CHECK(canonical_text(K(external_point(1), external_point(2))) == "K(x1,x2)");
    CHECK(canonical_text(GiNaC::numeric(3, 2) * lambda) == "3/2*lambda");
    CHECK(canonical_text(lambda - 2 * kappa) == "-2*kappa+lambda");
    CHECK(coupling_monomial_text({{"lambda", 2}, {"kappa", 1}}) == "kappa*lambda^2");
    CHECK(coupling_monomial_text({}) == "1");
}
