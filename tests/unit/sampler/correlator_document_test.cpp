#include <catch2/catch.hpp>

#include "common/error.hpp"
#include "sampler/correlators.hpp"

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
    doc = small_document(c);
    doc["correlators"]["g2"][0].erase("value");
    CHECK_THROWS_WITH(read_correlator_document(doc, "x"),
                      Catch::StartsWith("x: correlators.g2[0] must be an entry with a numeric \"value\" and \"error\""));
    // A wrong type anywhere is an nnft::Error naming the field, never a raw JSON exception (issue 16).
    doc = small_document(c);
    doc["correlators"]["g2"][0]["indices"][0] = "a";
    CHECK_THROWS_WITH(read_correlator_document(doc, "x"),
                      Catch::StartsWith("x: correlators.g2[0] must be an entry whose indices are input numbers"));
    doc = small_document(c);
    doc["correlators"]["g2"] = 3;
    CHECK_THROWS_WITH(read_correlator_document(doc, "x"), "x: correlators.g2 must be an array of entries");
    doc = small_document(c);
    doc["config"] = 7;
    CHECK_THROWS_WITH(read_correlator_document(doc, "x"), Catch::StartsWith("x: \"config\" and \"correlators\" must be JSON objects"));
    doc = small_document(c);
    doc["jackknife"]["g4_connected"][0] = "x";
    CHECK_THROWS_WITH(read_correlator_document(doc, "x"), Catch::StartsWith("x: jackknife.g4_connected[0] must be an array of numbers"));
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
