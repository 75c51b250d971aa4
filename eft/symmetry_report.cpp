/// Text and JSON forms of the symmetry tests.
#include "eft/symmetry.hpp"

#include <sstream>

namespace nnft::eft {

std::string summary(const SymmetryTest& t) {
    std::ostringstream os;
    os.precision(3);
    os << (t.passed() ? "PASS " : "FAIL ") << t.id << ": " << t.description;
    if (t.networks) os << " [" << t.networks << " networks]";
    os << "\n";
    for (const auto& s : t.sampled)
        os << "    " << s.name << ": " << s.components << " components, chi2/dof " << s.chi2_per_dof << " (nu_eff "
           << s.effective_dof << ", p " << s.p_value << ", " << s.significance << " sigma), max|pull| " << s.max_pull
           << " (threshold " << s.max_pull_threshold << "), |D|/|T| " << s.relative_size << " (resolution "
           << s.relative_error << ") -> " << (s.consistent_with_zero ? "consistent with zero" : "DEVIATION DETECTED")
           << (s.as_expected() ? " as predicted" : " -- NOT AS PREDICTED") << "\n";
    for (const auto& e : t.exact)
        os << "    " << e.name << " (exact): max|D| " << e.max_abs << ", max|D|/max|T| " << e.max_relative
           << ", quadrature error " << e.max_error << " -> " << (e.expect_zero ? "invariant" : "broken")
           << (e.passed ? " as predicted" : " -- NOT AS PREDICTED") << "\n";
    return os.str();
}

nlohmann::json to_json(const SymmetryTest& t) {
    nlohmann::json j{{"id", t.id}, {"description", t.description}, {"networks", t.networks}, {"passed", t.passed()}};
    j["tables"] = nlohmann::json::array();
    for (const auto& s : t.sampled)
        j["tables"].push_back({{"table", s.name},
                               {"expect_zero", s.expect_zero},
                               {"components", s.components},
                               {"chi2_per_dof", s.chi2_per_dof},
                               {"effective_dof", s.effective_dof},
                               {"p_value", s.p_value},
                               {"significance", s.significance},
                               {"max_pull", s.max_pull},
                               {"max_pull_at", s.max_pull_at},
                               {"max_pull_threshold", s.max_pull_threshold},
                               {"relative_size", s.relative_size},
                               {"relative_error", s.relative_error},
                               {"consistent_with_zero", s.consistent_with_zero},
                               {"as_expected", s.as_expected()}});
    j["exact"] = nlohmann::json::array();
    for (const auto& e : t.exact)
        j["exact"].push_back({{"table", e.name},
                              {"expect_zero", e.expect_zero},
                              {"max_abs", e.max_abs},
                              {"max_relative", e.max_relative},
                              {"max_error", e.max_error},
                              {"passed", e.passed}});
    return j;
}

}  // namespace nnft::eft
