#include <catch2/catch.hpp>

#include "common/error.hpp"
#include "sampler/correlators.hpp"

#include <functional>
#include <string>

using namespace nnft::sampler;

namespace {

/// Two small tables, the connected one with jackknife estimates (3 groups).
Correlators small_tables() {
    Correlators c;
    c.tables.push_back({"g2", {CorrelatorEntry{{0, 0}, 1.5, 0.1}, CorrelatorEntry{{0, 1}, 0.25, 0.01}}});
    c.tables.push_back({"g4_connected",
                        {CorrelatorEntry{{0, 0, 0, 0}, -2.0, 0.2, {-2.1, -1.9, -2.0}},
                         CorrelatorEntry{{0, 0, 1, 1}, 0.125, 0.05, {0.1, 0.15, 0.125}}}});
    return c;
}

nlohmann::json small_document(const Correlators& c) {
    return {{"config", {{"net", "relu"}}}, {"networks", 3}, {"correlators", correlators_to_json(c)}, {"jackknife", jackknife_to_json(c)}};
}

void check_same(const Correlators& a, const Correlators& b) {
    REQUIRE(a.tables.size() == b.tables.size());
    for (const auto& [name, entries] : a.tables) {
        const auto& other = b.at(name);
        REQUIRE(other.size() == entries.size());
        for (std::size_t i = 0; i < entries.size(); ++i) {
            CHECK(other[i].indices == entries[i].indices);
            CHECK(other[i].value == entries[i].value);
            CHECK(other[i].error == entries[i].error);
            CHECK(other[i].jackknife == entries[i].jackknife);
        }
    }
}

}  // namespace

TEST_CASE("a correlator document written by the sampler reads back to the same tables", "[sampler][document]") {
    const Correlators c = small_tables();
    check_same(c, read_correlator_document(small_document(c), "test"));
    // From the text of a file, as nnft fit reads it.
    const nlohmann::json doc = parse_correlator_document(small_document(c).dump(1), "data file 'x.json'");
    CHECK(doc["networks"] == 3);
    check_same(c, read_correlator_document(doc, "data file 'x.json'"));
    // Read like a stream: what follows the first JSON value is not looked at.
    CHECK(parse_correlator_document(small_document(c).dump() + "\ntrailing", "x")["networks"] == 3);
}

TEST_CASE("bad correlator documents are refused with the messages of nnft fit", "[sampler][document]") {
    const Correlators c = small_tables();
    nlohmann::json doc = small_document(c);
    doc.erase("config");
    CHECK_THROWS_WITH(read_correlator_document(doc, "data file 'x.json'"),
                      "data file 'x.json' lacks config/correlators: give the output of nnft sample or nnft exact");
    doc = small_document(c);
    doc["jackknife"]["g4_connected"].erase(0);
    CHECK_THROWS_WITH(read_correlator_document(doc, "data file 'x.json'"),
                      Catch::StartsWith("data file 'x.json': jackknife.g4_connected has 1 entries"));
    // A wrong type anywhere is a user error naming the table and field (was a raw nlohmann exception, exit 3; an
    // index 1e300 was undefined behaviour: fuzz_data_document).
    const auto refusal = [&](const std::function<void(nlohmann::json&)>& spoil) {
        nlohmann::json bad = small_document(c);
        spoil(bad);
        try {
            (void)read_correlator_document(bad, "data file 'x.json'");
        } catch (const nnft::Error& e) {
            return std::string(e.what());
        }
        return std::string("accepted");
    };
    CHECK(refusal([](nlohmann::json& d) { d["correlators"]["g2"][0].erase("value"); }) ==
          "data file 'x.json': an entry of correlators.g2 has no number \"value\": the file is corrupt; give the output of "
          "nnft sample or nnft exact");
    CHECK_THAT(refusal([](nlohmann::json& d) { d["correlators"]["g2"][0]["error"] = nullptr; }), Catch::Contains("no number \"error\""));
    CHECK_THAT(refusal([](nlohmann::json& d) { d["correlators"]["g2"][0]["indices"][0] = "0"; }),
               Catch::Contains("an index that is not a whole number >= 0 (\"0\")"));
    CHECK_THAT(refusal([](nlohmann::json& d) { d["correlators"]["g2"][0]["indices"][0] = 1e300; }), Catch::Contains("(1e+300)"));
    CHECK_THAT(refusal([](nlohmann::json& d) { d["correlators"]["g2"][0]["indices"][0] = -1; }), Catch::Contains("(-1)"));
    CHECK_THAT(refusal([](nlohmann::json& d) { d["correlators"]["g2"][0] = 7; }), Catch::Contains("no \"indices\" list"));
    CHECK_THAT(refusal([](nlohmann::json& d) { d["correlators"]["g2"] = 7; }), Catch::Contains("correlators.g2 is not a list"));
    CHECK_THAT(refusal([](nlohmann::json& d) { d["correlators"] = 7; }), Catch::Contains("\"correlators\" is not an object"));
    CHECK_THAT(refusal([](nlohmann::json& d) { d["jackknife"]["g4_connected"][0] = "x"; }),
               Catch::Contains("jackknife.g4_connected entry 0 is not a list of numbers"));
    CHECK(refusal([](nlohmann::json&) {}) == "accepted");
    CHECK_THROWS_WITH(parse_correlator_document("{not json", "data file 'x.json'"),
                      Catch::StartsWith("data file 'x.json' is not valid JSON (") &&
                          Catch::EndsWith("): give the output of nnft sample or nnft exact"));
    CHECK_THROWS_WITH(parse_correlator_document("{}", "data file 'x.json'"),
                      "data file 'x.json' lacks config/correlators: give the output of nnft sample or nnft exact");
}

TEST_CASE("part documents of a sharded run are refused with the messages of nnft merge", "[sampler][document]") {
    CHECK_THROWS_WITH(parse_shard_document("[1, 2", "p.json"),
                      Catch::StartsWith("part 'p.json' is corrupt (") && Catch::EndsWith("): rerun that shard"));
    CHECK_THROWS_WITH(parse_shard_document(R"({"config": {"net": "relu"}, "state": {}})", "p.json"),
                      "'p.json' is not a shard of nnft sample (run with --shard i/n): pass the part files");
    CHECK(parse_shard_document(R"({"config": {"shard": [0, 2]}, "state": {"x": 1}})", "p.json")["state"]["x"] == 1);
}
