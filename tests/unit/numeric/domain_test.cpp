// Integration domains (numeric/domain.hpp): panel breakpoints.
#include "numeric/domain.hpp"

#include <catch2/catch.hpp>

using namespace nnft::numeric;

TEST_CASE("breakpoints: every point inside the box is kept, in any order, once", "[numeric][domain]") {
    // Unsorted points (the first one once became the upper bound for the rest), duplicates, points on and
    // outside the boundary, and a non-finite one.
    Domain box = Domain::cube(1, 2.0);
    box.with_breakpoints(0, {0.1, -0.3, 0.45, 0.2, 0.1, 2.0, -5.0, 1.0 / 0.0});
    CHECK(box.segments(0) == std::vector<double>{-2.0, -0.3, 0.1, 0.2, 0.45, 2.0});
    box.with_breakpoints_at_zero();
    CHECK(box.segments(0) == std::vector<double>{-2.0, -0.3, 0.0, 0.1, 0.2, 0.45, 2.0});
}
