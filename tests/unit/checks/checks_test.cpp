// The cross-checks behind `nnft check` pass on their embedded defaults (each compares two independent
// routes; see checks/*_checks.cpp for the provenance of every reference), and a failing check is reported
// as a FAIL rather than an exception.
#include "checks/registry.hpp"

#include <catch2/catch.hpp>

#include <stdexcept>

using namespace nnft::checks;

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

TEST_CASE("diagram and integral cross-checks pass", "[checks]") {
    std::vector<Check> checks = diagram_checks();
    for (auto& c : integral_checks()) checks.push_back(c);
    expect_all_pass(checks);
}

TEST_CASE("EFT cross-checks (fits, running couplings) pass", "[checks]") {
    EnsembleCheckSettings st;
    st.threads = 2;
    expect_all_pass(eft_checks(st));
}

TEST_CASE("ensemble cross-checks pass at 2% of the default size", "[checks]") {
    EnsembleCheckSettings st;
    st.threads = 2;
    st.networks_scale = 0.02;
    expect_all_pass(ensemble_checks(st));
}

TEST_CASE("a check that throws becomes a FAIL with the message", "[checks]") {
    const Check broken{"broken", []() -> CheckResult { throw std::runtime_error("no data"); }};
    const CheckResult r = run_check(broken);
    CHECK_FALSE(r.passed);
    CHECK(r.detail.find("no data") != std::string::npos);
}

TEST_CASE("the action check passes", "[checks][action]") {
    for (const auto& c : action_checks()) {
        const CheckResult r = run_check(c);
        INFO(c.name << ": " << r.detail);
        CHECK(r.passed);
    }
}

TEST_CASE("the six-point cross-checks of nnft check pass", "[checks][six_point]") {
    for (const auto& c : six_point_checks()) {
        const CheckResult r = run_check(c);
        INFO(c.name << ": " << r.detail);
        CHECK(r.passed);
    }
}

TEST_CASE("the kernel checks of new activations pass", "[checks][kernels]") {
    for (const auto& c : kernel_checks()) {
        const CheckResult r = run_check(c);
        INFO(c.name << ": " << r.detail);
        CHECK(r.passed);
    }
}

TEST_CASE("nnft check registers the symmetry checks; the translation check passes", "[checks][symmetry]") {
    EnsembleCheckSettings st;
    st.threads = 2;
    const auto checks = symmetry_checks(st);
    REQUIRE(checks.size() == 3);
    CHECK(checks[0].name == "symmetry.so_dout");
    const CheckResult r = run_check(checks[2]);
    INFO(r.detail);
    CHECK(r.passed);
}

TEST_CASE("the registry holds every check group once, in report order", "[checks][registry]") {
    // The groups' own lists, concatenated in the order `nnft check` has always reported them; a group file
    // dropped by the linker (no whole-archive link) or registered twice changes this list.
    EnsembleCheckSettings st;
    std::vector<Check> expected = diagram_checks();
    for (const auto& group : {integral_checks(), kernel_checks(), ensemble_checks(st), law_checks(st), deep_checks(st), eft_checks(st), action_checks(),
                              symmetry_checks(st), six_point_checks()})
        expected.insert(expected.end(), group.begin(), group.end());
    const std::vector<Check> registered = registered_checks(st);
    REQUIRE(registered.size() == expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) CHECK(registered[i].name == expected[i].name);
    CHECK(check_groups().size() == 10);
}

TEST_CASE("select_checks keeps an id prefix and refuses one that matches nothing", "[checks][registry]") {
    const std::vector<Check> all = registered_checks(EnsembleCheckSettings{});
    CHECK(select_checks(all, "").size() == all.size());
    const auto diagrams = select_checks(all, "diagrams.");
    REQUIRE(diagrams.size() == 3);
    CHECK(diagrams[0].name == "diagrams.paper");
    CHECK_THROWS_WITH(select_checks(all, "nope"), Catch::Contains("--only 'nope' matches no check"));
}

TEST_CASE("the parameter-law checks pass at a tenth of their size", "[checks][laws]") {
    EnsembleCheckSettings st;
    st.threads = 2;
    st.networks_scale = 0.1;
    for (const auto& c : law_checks(st)) {
        const CheckResult r = run_check(c);
        INFO(c.name << ": " << r.detail);
        CHECK(r.passed);
    }
}

TEST_CASE("the deep-network checks pass at 0.3 of their size", "[checks][deep]") {
    EnsembleCheckSettings st;
    st.networks_scale = 0.3;
    for (const Check& c : deep_checks(st)) {
        const CheckResult r = run_check(c);
        INFO(c.name << ": " << r.detail);
        CHECK(r.passed);
    }
}
