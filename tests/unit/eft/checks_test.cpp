// The cross-checks behind `nnft check` pass on their embedded defaults (each compares two independent
// routes; see eft/*_checks.cpp for the provenance of every reference), and a failing check is reported
// as a FAIL rather than an exception.
#include "eft/checks.hpp"

#include <catch2/catch.hpp>

#include <stdexcept>

using namespace nnft::eft;

namespace {

/// Run every check and expect a PASS, printing the check's numbers on failure.
void expect_all_pass(const std::vector<Check>& checks) {
    for (const auto& c : checks) {
        const CheckResult r = run_check(c);
        INFO(c.name << ": " << r.detail);
        CHECK(r.passed);
    }
}

}  // namespace

TEST_CASE("diagram and integral cross-checks pass", "[eft]") {
    std::vector<Check> checks = diagram_checks();
    for (auto& c : integral_checks()) checks.push_back(c);
    expect_all_pass(checks);
}

TEST_CASE("EFT cross-checks (fits, running couplings) pass", "[eft]") {
    EnsembleCheckSettings st;
    st.threads = 2;
    expect_all_pass(eft_checks(st));
}

TEST_CASE("ensemble cross-checks pass at 2% of the default size", "[eft]") {
    EnsembleCheckSettings st;
    st.threads = 2;
    st.networks_scale = 0.02;
    expect_all_pass(ensemble_checks(st));
}

TEST_CASE("a check that throws becomes a FAIL with the message", "[eft]") {
    const Check broken{"broken", []() -> CheckResult { throw std::runtime_error("no data"); }};
    const CheckResult r = run_check(broken);
    CHECK_FALSE(r.passed);
    CHECK(r.detail.find("no data") != std::string::npos);
}
