#include <catch2/catch.hpp>
#include "sampler/tuples.hpp"
TEST_CASE("placeholder", "[sampler]") { REQUIRE(true); }
