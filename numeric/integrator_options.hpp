#pragma once
/// \file Options shared by the integrators (one struct so a CLI can fill it from flags).
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace nnft::numeric {

/// The integration rules nnft implements.
enum class Method {
    gauss_legendre,  ///< tensor-product Gauss–Legendre on panels, refined by ×1.5 panels
    adaptive,        ///< adaptive cubature: Genz–Malik 7/5 (d ≥ 2) or Gauss–Kronrod 7/15 (d = 1), bisection
    lattice_qmc      ///< randomly shifted rank-1 lattice (own CBC vector), tent-periodised
};

/// The name of a method ("gauss_legendre", "adaptive", "lattice_qmc").
std::string to_string(Method method);

/// Parse a method name as printed by to_string; throws nnft::Error listing the names otherwise.
Method parse_method(std::string_view name);

/// Tolerances, budget and per-method settings. Converged means error ≤ max(abs_tol, rel_tol |value|) for
/// every component.
struct IntegratorOptions {
    Method method = Method::gauss_legendre;  ///< which rule `integrate` runs
    double rel_tol = 1e-10;                  ///< relative tolerance per component
    double abs_tol = 0.0;                    ///< absolute tolerance per component
    long long max_evaluations = 100'000'000; ///< node budget for one integration (all components share nodes)
    int gl_order = 10;                       ///< Gauss–Legendre points per panel and axis
    int adaptive_batch = 32;                 ///< regions bisected per integrand call in the adaptive rule
    int qmc_shifts = 16;                     ///< random shifts of the lattice (≥ 2; the error bar is their spread)
    std::uint64_t qmc_min_points = 1021;     ///< first lattice size (rounded down to a prime); doubled until converged
    std::uint64_t seed = 20261128;           ///< seed of the lattice shifts
    /// Called between steps of a long integration (node blocks, refinement batches, grid levels; never inside
    /// an integrand call), e.g. to report progress or to leave the run by throwing; empty: none.
    std::function<void()> heartbeat{};
};

/// Call `options.heartbeat` when it is set.
inline void beat(const IntegratorOptions& options) {
    if (options.heartbeat) options.heartbeat();
}

}  // namespace nnft::numeric
