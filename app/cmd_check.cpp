/// `nnft check`: the end-to-end cross-checks of eft/ on embedded defaults, one PASS/FAIL line each, as a
/// Markdown (default) or JSON report; the exit code is 1 when any check fails.
#include "app/command.hpp"
#include "common/error.hpp"
#include "eft/checks.hpp"

#include <nlohmann/json.hpp>

#include <iomanip>
#include <iostream>
#include <sstream>
#include <thread>

namespace nnft::app {

namespace {

struct CheckOptions {
    bool json = false;
    std::string out = "-";
    unsigned threads = 0;
    double scale = 1.0;
    std::string only;
};

void run_check_command(const CheckOptions& opt) {
    if (!(opt.scale > 0 && opt.scale <= 1000)) throw Error("--scale must lie in (0, 1000]");
    eft::EnsembleCheckSettings st;
    st.threads = opt.threads ? opt.threads : std::max(1u, std::thread::hardware_concurrency());
    st.networks_scale = opt.scale;
    std::vector<eft::Check> checks = eft::diagram_checks();
    for (auto& c : eft::integral_checks()) checks.push_back(c);
    for (auto& c : eft::ensemble_checks(st)) checks.push_back(c);
    for (auto& c : eft::eft_checks()) checks.push_back(c);
    for (auto& c : eft::six_point_checks()) checks.push_back(c);
    if (!opt.only.empty()) {
        std::vector<eft::Check> keep;
        for (const auto& c : checks)
            if (c.name.rfind(opt.only, 0) == 0) keep.push_back(c);
        if (keep.empty()) throw Error("--only '" + opt.only + "' matches no check; names start with diagrams., integrals., ensemble. or eft.");
        checks = keep;
    }
    std::vector<eft::CheckResult> results;
    bool all = true;
    double total = 0;
    for (const auto& c : checks) {
        eft::CheckResult r = eft::run_check(c);
        all = all && r.passed;
        total += r.seconds;
        // Progress on stderr so that long runs show life; the report itself goes to --out or stdout.
        std::cerr << (r.passed ? "PASS " : "FAIL ") << c.name << " (" << static_cast<int>(r.seconds * 10) / 10.0 << " s)\n";
        results.push_back(r);
    }
    std::ostringstream doc;
    if (opt.json) {
        nlohmann::json j;
        j["passed"] = all;
        j["seconds"] = total;
        j["checks"] = nlohmann::json::array();
        for (std::size_t i = 0; i < results.size(); ++i)
            j["checks"].push_back({{"id", checks[i].name}, {"name", results[i].name}, {"passed", results[i].passed},
                                   {"detail", results[i].detail}, {"seconds", results[i].seconds}});
        doc << j.dump(2) << "\n";
    } else {
        doc << "# nnft check\n\n";
        for (const auto& r : results)
            doc << "- **" << (r.passed ? "PASS" : "FAIL") << "** " << r.name << " — " << r.detail << " ("
                << std::fixed << std::setprecision(2) << r.seconds << std::defaultfloat << " s)\n";
        doc << "\n" << (all ? "ALL " + std::to_string(results.size()) + " CHECKS PASSED" : "SOME CHECKS FAILED") << " in "
            << total << " s\n";
    }
    write_output(opt.out, doc.str());
    if (!all) throw CommandExit{kExitCheckFailed};
}

}  // namespace

void setup_check(CLI::App& app) {
    auto opt = std::make_shared<CheckOptions>();
    auto* sub = app.add_subcommand("check", "Run the end-to-end cross-checks on embedded defaults");
    sub->add_flag("--json", opt->json, "Print one JSON document");
    sub->add_option("--out,-o", opt->out, "Write the report to this file (atomically)");
    sub->add_option("--threads", opt->threads, "Sampling threads (default: all cores)");
    sub->add_option("--scale", opt->scale, "Multiply the ensemble sizes (1 = about a minute on 2 cores)")->capture_default_str();
    sub->add_option("--only", opt->only, "Run only checks whose id starts with this, e.g. diagrams. or ensemble.erf5");
    sub->callback([opt] { run_check_command(*opt); });
}

}  // namespace nnft::app
