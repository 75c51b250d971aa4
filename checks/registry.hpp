#pragma once
/// \file The one registry of cross-checks behind `nnft check`. A group file (checks/*_checks.cpp) defines
/// its checks and registers them with one static line, so adding a check is one file:
///     const bool kRegistered = register_check_group({45, "eft.example", [](const auto&) { return example(); }});
/// nnft::checks is linked whole-archive (CMake), so a group's registration is never dropped by the linker.
#include "checks/check.hpp"
#include "common/progress.hpp"

#include <functional>
#include <string>
#include <vector>

namespace nnft::checks {

/// A group of checks made from the run's settings.
struct CheckGroup {
    int order = 0;     ///< position in the report: groups run in increasing order
    std::string name;  ///< the group's id prefix, e.g. "diagrams"
    std::function<std::vector<Check>(const EnsembleCheckSettings&)> make;  ///< builds the group's checks
};

/// Adds a group to the registry (from a static initialiser in the group's file); returns true.
bool register_check_group(CheckGroup group);

/// The registered groups in report order (increasing `order`, then name).
std::vector<CheckGroup> check_groups();

/// Every registered check, in report order, for these settings.
std::vector<Check> registered_checks(const EnsembleCheckSettings& settings);

/// The checks whose id starts with `prefix` (all when it is empty); throws nnft::Error naming the id
/// prefixes when none matches.
std::vector<Check> select_checks(const std::vector<Check>& checks, const std::string& prefix);

/// A run of checks: the checks run, their results in the same order, and whether all passed.
struct CheckRun {
    std::vector<Check> checks;          ///< the selected checks, in report order
    std::vector<CheckResult> results;   ///< their results
    bool passed = true;                 ///< every check passed
};

/// Run the registered checks whose id starts with `only` (all when empty) in report order, calling `after_each`
/// (when set) after each one, e.g. for a PASS line, then `progress` ("checks" done of those selected); throws
/// nnft::Error for a scale outside (0, 1000] or an `only` that selects nothing (the messages of `nnft check
/// --scale/--only`).
CheckRun run_checks(const EnsembleCheckSettings& settings, const std::string& only,
                    const std::function<void(const Check&, const CheckResult&)>& after_each = {},
                    const ProgressFn& progress = {});

}  // namespace nnft::checks
