/// `nnft check`: end-to-end cross-checks on embedded defaults, one PASS/FAIL line each. Later modules
/// (integrals, sampled ensembles, fits) add their checks here; the exit code is non-zero on any FAIL.
#include "app/command.hpp"
#include "diagrams/generate.hpp"
#include "symbolic/correlator.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <functional>
#include <iostream>
#include <map>
#include <sstream>

namespace nnft::app {

namespace {

struct CheckOptions {
    bool json = false;
    std::string out = "-";
};

struct CheckResult {
    std::string name;
    bool passed = false;
    std::string detail;
    double seconds = 0;
};

/// The paper's first-order coefficients (2008.08601 eqs. 3.17–3.19 as shown in the talk): class
/// coefficients summed per (n, coupling) must give G2 ⊃ −12λ, −90κ; G4 ⊃ −24λ−72λ, −360κ−540κ;
/// G6 ⊃ −360λ−540λ, −720κ−5400κ−4050κ.
CheckResult check_paper_coefficients() {
    CheckResult r{"paper first-order Feynman rules (eqs. 3.17-3.19)", true, "", 0};
    const auto th = diagrams::parse_theory("lambda*f^4 + kappa*f^6");
    const std::map<std::pair<int, int>, long long> expected = {
        {{2, 0}, -12}, {{2, 1}, -90}, {{4, 0}, -24 - 72}, {{4, 1}, -360 - 540},
        {{6, 0}, -360 - 540}, {{6, 1}, -720 - 5400 - 4050}};
    std::ostringstream detail;
    for (const auto& [key, want] : expected) {
        diagrams::VertexCounts m{key.second == 0 ? 1 : 0, key.second == 1 ? 1 : 0};
        diagrams::Fraction sum = 0;
        for (const auto& d : diagrams::generate_diagrams(th, key.first, m, {})) sum += diagrams::diagram_coefficient(d, th);
        const bool ok = sum == want;
        r.passed = r.passed && ok;
        detail << "G" << key.first << " " << (key.second ? "kappa" : "lambda") << ": " << sum << (ok ? "" : " (want " + std::to_string(want) + ")") << "; ";
    }
    r.detail = detail.str();
    return r;
}

/// Σ class multiplicities = number of non-vacuum Wick contractions (an independent recursion).
CheckResult check_wick_totals() {
    CheckResult r{"class multiplicities sum to the Wick count", true, "", 0};
    const auto th = diagrams::parse_theory("lambda*f^4 + kappa*f^6 + g*f^3");
    std::ostringstream detail;
    int cases = 0;
    for (int n = 1; n <= 6; ++n)
        for (const diagrams::VertexCounts& m : {diagrams::VertexCounts{2, 1, 0}, {1, 0, 2}, {3, 0, 0}, {0, 1, 1}}) {
            diagrams::Count total = 0;
            for (const auto& d : diagrams::generate_diagrams(th, n, m, {})) total += d.multiplicity;
            const auto want = diagrams::nonvacuum_wick_count(th, n, m);
            ++cases;
            if (total != want) {
                r.passed = false;
                detail << "n=" << n << ": " << total << " != " << want << "; ";
            }
        }
    detail << cases << " cases";
    r.detail = detail.str();
    return r;
}

/// Connected correlators from connected classes = cumulants of full correlators (identically).
CheckResult check_cumulants() {
    CheckResult r{"connected G4, G6 = cumulants of full correlators", true, "", 0};
    const auto th = diagrams::parse_theory("lambda*f^4 + kappa*f^6");
    for (int n : {4, 6}) {
        symbolic::CorrelatorRequest req;
        req.theory = th;
        req.points = n;
        req.orders = {{{"lambda", 1}}, {{"kappa", 1}}};
        if (n == 4) req.orders.push_back({{"lambda", 2}});
        req.filter.connected = true;
        const GiNaC::ex direct = symbolic::build_correlator(req).expression();
        const GiNaC::ex via = symbolic::connected_from_full(th, n, req.orders);
        if (!(direct - via).expand().is_zero()) {
            r.passed = false;
            r.detail += "G" + std::to_string(n) + " differs; ";
        }
    }
    if (r.passed) r.detail = "G4 to lambda^2, G6 to first order: identical";
    return r;
}

void run_check(const CheckOptions& opt) {
    const std::vector<std::function<CheckResult()>> checks = {check_paper_coefficients, check_wick_totals, check_cumulants};
    std::vector<CheckResult> results;
    bool all = true;
    for (const auto& c : checks) {
        const auto t0 = std::chrono::steady_clock::now();
        CheckResult r = c();
        r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        all = all && r.passed;
        if (opt.out != "-") std::cerr << (r.passed ? "PASS " : "FAIL ") << r.name << " -- " << r.detail << "\n";
        results.push_back(r);
    }
    std::ostringstream doc;
    if (opt.json) {
        nlohmann::json j;
        j["passed"] = all;
        for (const auto& r : results)
            j["checks"].push_back({{"name", r.name}, {"passed", r.passed}, {"detail", r.detail}, {"seconds", r.seconds}});
        doc << j.dump(2) << "\n";
    } else {
        doc << "# nnft check\n\n";
        for (const auto& r : results) doc << "- " << (r.passed ? "PASS" : "FAIL") << " " << r.name << ": " << r.detail << "\n";
        doc << "\n" << (all ? "ALL PASSED" : "SOME CHECKS FAILED") << "\n";
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
    sub->callback([opt] { run_check(*opt); });
}

}  // namespace nnft::app
