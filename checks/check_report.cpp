#include "checks/check_report.hpp"

#include <iomanip>
#include <sstream>

namespace nnft::checks {

namespace {

bool all_passed(const std::vector<CheckResult>& results) {
    for (const auto& r : results)
        if (!r.passed) return false;
    return true;
}

double total_seconds(const std::vector<CheckResult>& results) {
    double t = 0;
    for (const auto& r : results) t += r.seconds;
    return t;
}

std::string summary_line(const std::vector<CheckResult>& results) {
    return all_passed(results) ? "ALL " + std::to_string(results.size()) + " CHECKS PASSED" : "SOME CHECKS FAILED";
}

}  // namespace

nlohmann::json check_json(const std::vector<Check>& checks, const std::vector<CheckResult>& results) {
    nlohmann::json j;
    j["passed"] = all_passed(results);
    j["seconds"] = total_seconds(results);
    j["checks"] = nlohmann::json::array();
    for (std::size_t i = 0; i < results.size(); ++i)
        j["checks"].push_back({{"id", checks[i].name}, {"name", results[i].name}, {"passed", results[i].passed},
                               {"detail", results[i].detail}, {"seconds", results[i].seconds}});
    return j;
}

std::string check_markdown(const std::vector<CheckResult>& results) {
    std::ostringstream doc;
    for (const auto& r : results)
        doc << "- **" << (r.passed ? "PASS" : "FAIL") << "** " << r.name << " — " << r.detail << " (" << std::fixed
            << std::setprecision(2) << r.seconds << std::defaultfloat << " s)\n";
    doc << "\n" << summary_line(results) << " in " << total_seconds(results) << " s\n";
    return doc.str();
}

report::Report check_report(const std::vector<Check>& checks, const std::vector<CheckResult>& results) {
    report::Report rep("nnft check");
    rep.set_summary(summary_line(results));
    rep.section("Cross-checks").text = check_markdown(results);
    for (std::size_t i = 0; i < results.size(); ++i) {
        const CheckResult& r = results[i];
        if (r.plots.empty() && r.tables.empty()) continue;
        const std::string title = std::string(r.passed ? "PASS" : "FAIL") + " " + checks[i].name;
        report::Section& s = rep.section(title);
        s.text = r.name + ".\n\n" + r.detail;
        s.tables = r.tables;
        for (const auto& p : r.plots) rep.add_plot(title, p);
    }
    rep.data() = check_json(checks, results);
    return rep;
}

}  // namespace nnft::checks
