#include <catch2/catch.hpp>

#include "common/error.hpp"
#include "sampler/correlators.hpp"

using namespace nnft::sampler;

TEST_CASE("a correlator table finds entries by tuple in any index order", "[sampler][table]") {
    Correlators c;
    c.tables.push_back({"g2", {CorrelatorEntry{{0, 0}, 1.5, 0.1}, CorrelatorEntry{{0, 1}, 0.25, 0.01}}});
    c.tables.push_back({"g4_connected",
                        {CorrelatorEntry{{0, 0, 0, 0}, -2.0, 0.2, {-2.1, -1.9, -2.0}}, CorrelatorEntry{{0, 0, 1, 1}, 0.125, 0.05}}});
    const CorrelatorTable t = c.table("g4_connected");
    REQUIRE(t.size() == 2);
    REQUIRE(t.find({0, 0, 1, 1}) != nullptr);
    CHECK(t.find({1, 0, 1, 0})->value == 0.125);  // any order: sorted first
    CHECK(t.at({0, 0, 0, 0}).value == -2.0);
    CHECK(t.find({0, 1, 1, 1}) == nullptr);
    CHECK(t.find({0, 0}) == nullptr);
    CHECK_THROWS_AS(t.at({2, 2, 2, 2}), nnft::InternalError);
    CHECK(t.jackknife_groups() == 3);
    CHECK(c.table("g2").jackknife_groups() == 0);
    CHECK(c.table("g6").empty());
    // A later entry with the same tuple replaces the earlier one, in place.
    CorrelatorTable u(c.at("g2"));
    u.insert_or_assign({{0, 0}, 9.0, 0.5});
    CHECK(u.size() == 2);
    CHECK(u.entries()[0].value == 9.0);
    CHECK(u.at({0, 0}).error == 0.5);
    u.insert_or_assign({{1, 1}, 3.0, 0.0});
    CHECK(u.size() == 3);
    CHECK(u.find({1, 1})->value == 3.0);
}
