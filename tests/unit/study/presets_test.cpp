// The paper's settings (study/presets.hpp): the built-in input sets of docs/physics-setup.md §4.2.
#include "common/error.hpp"
#include "sampler/network.hpp"
#include "study/presets.hpp"

#include <catch2/catch.hpp>

using nnft::sampler::parse_inputs;
using nnft::study::input_set;

TEST_CASE("paper input sets: sizes, and the typed decimals bit for bit", "[study][presets]") {
    CHECK(input_set("paper:erf", 1).count() == 6);
    CHECK(input_set("paper:gauss", 2).count() == 4);
    // Fits compare input sets exactly, so the built-in sets must equal the typed decimals.
    CHECK(input_set("paper:relu", 1).x == parse_inputs("0.2;0.4;0.6;0.8;1.0;1.2", 1).x);
    CHECK(input_set("paper:erf", 1).x == parse_inputs("0.002;0.004;0.006;0.008;0.01;0.012", 1).x);
    CHECK(input_set("paper:gauss", 1).x == parse_inputs("-0.01;-0.006;-0.002;0.002;0.006;0.01", 1).x);
    CHECK(input_set(" paper:relu ", 1).x == input_set("paper:relu", 1).x);
    CHECK(input_set("0.5;1", 1).x == parse_inputs("0.5;1", 1).x);  // anything else is parsed as points
    CHECK_THROWS_AS(input_set("paper:foo", 1), nnft::Error);
    CHECK_THROWS_AS(input_set("paper:erf", 3), nnft::Error);
}
