#pragma once
/// \file The report of `nnft check`: the PASS/FAIL list as Markdown and JSON, plus each check's plots
/// and tables, as a report::Report (a new check appears in it by returning plots/tables in its CheckResult).
#include "checks/check.hpp"
#include "report/report.hpp"

#include <nlohmann/json.hpp>
#include <vector>

namespace nnft::checks {

/// The JSON document of `nnft check --json`: {"passed", "seconds", "checks": [{"id", "name", "passed", "detail", "seconds"}]}.
nlohmann::json check_json(const std::vector<Check>& checks, const std::vector<CheckResult>& results);

/// The Markdown eft::summary of `nnft check`: one "- **PASS** name — detail (s)" line per check and a total line.
std::string check_markdown(const std::vector<CheckResult>& results);

/// The report folder's document: a eft::summary line, the PASS/FAIL list, and one section per check that
/// carries plots or tables; data = check_json.
report::Report check_report(const std::vector<Check>& checks, const std::vector<CheckResult>& results);

}  // namespace nnft::checks
