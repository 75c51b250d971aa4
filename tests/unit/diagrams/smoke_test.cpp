#include <catch2/catch.hpp>
TEST_CASE("build smoke test", "[diagrams]") { REQUIRE(1 + 1 == 2); }
