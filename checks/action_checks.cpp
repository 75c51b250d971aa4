#include "eft/action.hpp"
#include "study/presets.hpp"
#include "checks/registry.hpp"

#include <cmath>
#include <sstream>

namespace nnft::checks {

namespace {

/// ReLU N=20, Λ=100 (σ_b = 0, d_in = 1): K_EFT = ½(x₊y₊ + x₋y₋) has rank 2 with one eigenvalue pair s = Λ³/6
/// and eigenfunctions u± = x± / √(Λ³/3). Derived here from the exact moments E[relu(w)⁴] = 3/2, E[relu(w)²] = 1/2:
/// G4_con = 3.75 Πx / N on one sign, so M1 gives λ0 = −12.5/(NΛ⁵) and Γ̂(±±±±) = 540/(NΛ⁶); on mixed signs
/// φ₊φ₋ = 0 leaves G4_con = −K_ab K_cd / N, Γ̂(++−−) = −1/(N s²) = −36/(NΛ⁶) in each of 6 index orders — a
/// bilocal (∫ f K⁻¹ f)² vertex that no local λ can produce. Hence λ_action = λ0 exactly and the locality
/// residual is √(6·36² / (2·540² + 6·36²)) = 0.11471 (independent of N and Λ).
CheckResult relu_action() {
    CheckResult r{"action from correlators: ReLU N=20 amputated vertex vs M1 lambda0 and the closed-form non-local part", false, "", 0};
    eft::ActionSettings s = study::paper_action_settings("relu");
    s.grid = 12;
    const eft::ActionResult a = eft::reconstruct_quartic_vertex(s);
    const double n = static_cast<double>(s.net.width), cut = s.cutoff;
    const double lambda_closed = -12.5 / (n * std::pow(cut, 5));
    const double residual_closed = std::sqrt(6.0 * 36.0 * 36.0 / (2.0 * 540.0 * 540.0 + 6.0 * 36.0 * 36.0));
    // Round-off floor: the amputation divides by s⁴ and the data are closed forms (relative rounding ~1e-15).
    const double tol = std::max(3.0 * std::hypot(a.lambda_error, a.lambda0_error), 1e-12 * std::abs(lambda_closed));
    r.passed = a.meaningful && a.main.numerical_rank == 2 && a.main.fit.rank == 2 && std::abs(a.lambda_action - a.lambda0) <= tol &&
               std::abs(a.lambda0 - lambda_closed) <= 1e-12 * std::abs(lambda_closed) &&
               std::abs(a.main.fit.residual - residual_closed) <= 1e-9;
    std::ostringstream os;
    os.precision(10);
    os << "rank " << a.main.fit.rank << " (numerical rank " << a.main.numerical_rank << "); lambda_action " << a.lambda_action << " +- "
       << a.lambda_error << " vs M1 lambda0 " << a.lambda0 << " +- " << a.lambda0_error << " (closed form -12.5/(N L^5) = " << lambda_closed
       << ", tolerance " << tol << "); locality residual " << a.main.fit.residual << " vs closed form " << residual_closed
       << " (mixed-sign -K_ab K_cd/N part of G4_con: non-local)";
    r.detail = os.str();
    return r;
}

}  // namespace

std::vector<Check> action_checks() { return {{"eft.action_relu", [] { return relu_action(); }}}; }

namespace {
const bool kRegistered = register_check_group({50, "eft.action", [](const EnsembleCheckSettings&) { return action_checks(); }});
}  // namespace

}  // namespace nnft::checks
