// The "jackknife" object of the nnft sample document: the delete-one-group estimates of G4_con and G6_con.
#include <catch2/catch.hpp>

#include "common/error.hpp"
#include "numeric/stats.hpp"
#include "sampler/correlators.hpp"
#include "sampler/ensemble.hpp"

using namespace nnft::sampler;

namespace {
EnsembleConfig jk_config() {
    EnsembleConfig c;
    c.net = default_spec(Activation::Erf);
    c.net.width = 3;
    c.inputs = parse_inputs("0.2;-0.7;1.1", 1);
    c.max_n = 6;
    c.seed = 7;
    c.networks = kGroups * kBlockSize * 2;
    return c;
}
}  // namespace

TEST_CASE("the sample document carries the jackknife estimates behind every error, and they round-trip", "[sampler][jackknife]") {
    const EnsembleConfig c = jk_config();
    EnsembleState s = initial_state(c);
    run_ensemble(c, s, RunOptions{});
    const nlohmann::json doc = sample_document(c, s);
    REQUIRE(doc.contains("jackknife"));
    const auto& jk = doc["jackknife"];
    CHECK(jk["groups"] == kGroups);
    CHECK_FALSE(jk.contains("g2"));  // only the tables the fits refit
    for (const std::string name : {"g4_connected", "g6_connected"}) {
        const auto& entries = doc["correlators"][name];
        REQUIRE(jk[name].size() == entries.size());
        for (std::size_t i = 0; i < entries.size(); i += 7) {
            // The stored error is the jackknife error of the stored estimates (numeric::jackknife_error).
            const std::vector<double> v = jk[name][i].get<std::vector<double>>();
            REQUIRE(v.size() == kGroups);
            CHECK(nnft::numeric::jackknife_error(v) == entries[i]["error"].get<double>());
        }
    }
    // Parse back into tables read from the document (as nnft fit does) and compare the estimates bit for bit.
    Correlators back = correlators_from_state(c, s);
    for (auto& [name, entries] : back.tables)
        for (auto& e : entries) e.jackknife.clear();
    jackknife_from_json(jk, back, "test");
    const Correlators orig = correlators_from_state(c, s);
    CHECK(back.at("g4_connected")[3].jackknife == orig.at("g4_connected")[3].jackknife);
    CHECK(back.at("g6_connected")[5].jackknife == orig.at("g6_connected")[5].jackknife);
    CHECK(back.at("g2")[0].jackknife.empty());
    // A corrupt object is refused with the table named.
    nlohmann::json bad = jk;
    bad["g4_connected"].erase(0);
    CHECK_THROWS_WITH(jackknife_from_json(bad, back, "f.json"), Catch::Contains("jackknife.g4_connected") && Catch::Contains("corrupt"));
    bad = jk;
    bad["g6_connected"][2].erase(0);
    CHECK_THROWS_WITH(jackknife_from_json(bad, back, "f.json"), Catch::Contains("not groups = 32"));
    CHECK_THROWS_AS(jackknife_from_json(nlohmann::json::array(), back, "f.json"), nnft::Error);
}

TEST_CASE("exact tables carry no jackknife object", "[sampler][jackknife]") {
    Correlators c;
    c.tables.push_back({"g4_connected", {CorrelatorEntry{{0, 0, 0, 0}, 1.0, 0.0}}});
    CHECK(jackknife_to_json(c).is_null());
}
