// The "6-point prediction vs cutoff" report section: one plot per net with a point per cutoff, and the
// ReLU ratios independent of Λ (σ_b = 0 makes every vertex integral homogeneous in Λ and the refitted
// λ0 ∝ Λ⁻⁵, κ ∝ Λ⁻⁷ absorb it exactly — nnft beta: −5λ, −7κ at d_in = 1).
#include "study/six_point_report.hpp"

#include <catch2/catch.hpp>

using namespace nnft;

TEST_CASE("6-point prediction section: ReLU ratios do not depend on the cutoff", "[eft][six_point]") {
    report::Report rep("test");
    study::add_six_point_section(rep, {"relu"});
    const auto& data = rep.data()["six_point_predictions"];
    REQUIRE(data.size() == 3);
    for (const auto& row : data) {
        CHECK(row["connected_all"].get<double>() == Approx(data[0]["connected_all"].get<double>()).epsilon(1e-6));
        CHECK(row["nongaussian_all"].get<double>() == Approx(data[0]["nongaussian_all"].get<double>()).epsilon(1e-6));
    }
    CHECK(rep.markdown().find("g6_prediction_ratio_relu") != std::string::npos);
}
