#include "diagrams/generate.hpp"
#include "checks/registry.hpp"
#include "symbolic/correlator.hpp"

#include <map>
#include <sstream>

namespace nnft::checks {

namespace {

/// The paper's first-order coefficients (2008.08601 eqs. 3.17–3.19 as shown in the talk): class
/// coefficients summed per (n, coupling) give G2 ⊃ −12λ, −90κ; G4 ⊃ −24λ−72λ, −360κ−540κ;
/// G6 ⊃ −360λ−540λ, −720κ−5400κ−4050κ.
CheckResult paper_coefficients() {
    CheckResult r{"paper first-order Feynman rules (eqs. 3.17-3.19)", true, "", 0};
    const auto th = diagrams::parse_theory("lambda*f^4 + kappa*f^6");
    const std::map<std::pair<int, int>, long long> expected = {{{2, 0}, -12},         {{2, 1}, -90},
                                                               {{4, 0}, -24 - 72},    {{4, 1}, -360 - 540},
                                                               {{6, 0}, -360 - 540},  {{6, 1}, -720 - 5400 - 4050}};
    std::ostringstream detail;
    for (const auto& [key, want] : expected) {
        const diagrams::VertexCounts m{key.second == 0 ? 1 : 0, key.second == 1 ? 1 : 0};
        diagrams::Fraction sum = 0;
        for (const auto& d : diagrams::generate_diagrams(th, key.first, m, {})) sum += diagrams::diagram_coefficient(d, th);
        const bool ok = sum == want;
        r.passed = r.passed && ok;
        detail << "G" << key.first << "/" << (key.second ? "kappa" : "lambda") << " " << sum
               << (ok ? "" : " (want " + std::to_string(want) + ")") << "; ";
    }
    r.detail = detail.str();
    return r;
}

/// Σ class multiplicities = number of non-vacuum Wick contractions (an independent exact recursion).
CheckResult wick_totals() {
    CheckResult r{"class multiplicities sum to the Wick count", true, "", 0};
    const auto th = diagrams::parse_theory("lambda*f^4 + kappa*f^6 + g*f^3");
    std::ostringstream detail;
    int cases = 0;
    for (int n = 1; n <= 6; ++n)
        for (const diagrams::VertexCounts& m :
             {diagrams::VertexCounts{2, 1, 0}, diagrams::VertexCounts{1, 0, 2}, diagrams::VertexCounts{3, 0, 0},
              diagrams::VertexCounts{0, 1, 1}}) {
            diagrams::Count total = 0;
            for (const auto& d : diagrams::generate_diagrams(th, n, m, {})) total += d.multiplicity;
            const auto want = diagrams::nonvacuum_wick_count(th, n, m);
            ++cases;
            if (total != want) {
                r.passed = false;
                detail << "n=" << n << ": " << total << " != " << want << "; ";
            }
        }
    detail << cases << " (n, order) cases";
    r.detail = detail.str();
    return r;
}

/// Connected correlators from connected classes = cumulants of the full correlators, identically.
CheckResult cumulants() {
    CheckResult r{"connected G4, G6 = cumulants of full correlators (GiNaC identity)", true, "", 0};
    const auto th = diagrams::parse_theory("lambda*f^4 + kappa*f^6");
    for (int n : {4, 6}) {
        symbolic::CorrelatorRequest req;
        req.theory = th;
        req.points = n;
        req.orders = {{{"lambda", 1}}, {{"kappa", 1}}};
        if (n == 4) req.orders.push_back({{"lambda", 2}});
        req.filter.connected = true;
        const GiNaC::ex direct = symbolic::build_correlator(req).expression();
        if (!(direct - symbolic::connected_from_full(th, n, req.orders)).expand().is_zero()) {
            r.passed = false;
            r.detail += "G" + std::to_string(n) + " differs; ";
        }
    }
    if (r.passed) r.detail = "G4 to lambda^2 and G6 at first order agree identically";
    return r;
}

}  // namespace

std::vector<Check> diagram_checks() {
    return {{"diagrams.paper", paper_coefficients}, {"diagrams.wick", wick_totals}, {"diagrams.cumulants", cumulants}};
}

namespace {
const bool kRegistered = register_check_group({10, "diagrams", [](const EnsembleCheckSettings&) { return diagram_checks(); }});
}  // namespace

}  // namespace nnft::checks
