#include "checks/registry.hpp"

#include "common/error.hpp"

#include <algorithm>

namespace nnft::checks {

namespace {

/// Constructed on first use, so that registrations from any translation unit's static initialisers
/// find it (no initialisation-order dependence).
std::vector<CheckGroup>& registry() {
    static std::vector<CheckGroup> groups;
    return groups;
}

}  // namespace

bool register_check_group(CheckGroup group) {
    registry().push_back(std::move(group));
    return true;
}

std::vector<CheckGroup> check_groups() {
    std::vector<CheckGroup> groups = registry();
    std::sort(groups.begin(), groups.end(), [](const CheckGroup& a, const CheckGroup& b) {
        return a.order != b.order ? a.order < b.order : a.name < b.name;
    });
    return groups;
}

std::vector<Check> registered_checks(const EnsembleCheckSettings& settings) {
    std::vector<Check> checks;
    for (const CheckGroup& g : check_groups())
        for (Check& c : g.make(settings)) checks.push_back(std::move(c));
    return checks;
}

std::vector<Check> select_checks(const std::vector<Check>& checks, const std::string& prefix) {
    if (prefix.empty()) return checks;
    std::vector<Check> keep;
    for (const auto& c : checks)
        if (c.name.rfind(prefix, 0) == 0) keep.push_back(c);
    if (keep.empty()) {
        std::string groups;
        for (const CheckGroup& g : check_groups()) groups += (groups.empty() ? "" : ", ") + g.name + ".";
        throw Error("--only '" + prefix + "' matches no check; names start with one of " + groups);
    }
    return keep;
}

CheckRun run_checks(const EnsembleCheckSettings& settings, const std::string& only,
                    const std::function<void(const Check&, const CheckResult&)>& after_each, const ProgressFn& progress) {
    if (!(settings.networks_scale > 0 && settings.networks_scale <= 1000)) throw Error("--scale must lie in (0, 1000]");
    CheckRun run;
    run.checks = select_checks(registered_checks(settings), only);
    for (const auto& c : run.checks) {
        run.results.push_back(run_check(c));
        run.passed = run.passed && run.results.back().passed;
        if (after_each) after_each(c, run.results.back());
        report_progress(progress, run.results.size(), run.checks.size(), "checks");
    }
    return run;
}

}  // namespace nnft::checks
