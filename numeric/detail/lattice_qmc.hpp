#pragma once
/// \file Randomly shifted rank-1 lattice rules with a component-by-component (CBC) generating vector.
#include <cstdint>
#include <span>
#include <vector>

#include "numeric/domain.hpp"
#include "numeric/integrand.hpp"
#include "numeric/integration_result.hpp"
#include "numeric/integrator_options.hpp"

namespace nnft::numeric {

/// The largest prime ≤ n (n ≥ 2).
std::uint64_t previous_prime(std::uint64_t n);

/// CBC generating vector z for an n-point rank-1 lattice {k z / n} in [0,1)^dim, minimising the worst-case
/// error in the weighted Korobov space of smoothness α = 2 with product weights gamma[j] (Sloan, Kuo & Joe
/// 2002): e²(z) = −1 + (1/n) Σ_k Π_j (1 + γ_j 2π² B₂({k z_j / n})). n must be prime. Full search over
/// z_j ∈ {1..(n−1)/2} when n·n/2 ≤ 2^25, else over a fixed pseudo-random subset of candidates (cost ≤ ~2^25
/// per dimension). Deterministic. Throws nnft::Error if n is not prime or gamma has fewer than dim entries.
std::vector<std::uint64_t> cbc_generating_vector(std::uint64_t n, int dim, std::span<const double> gamma);

/// The squared worst-case error e²(z) of the lattice above (for tests of the construction).
double lattice_worst_case_error_squared(std::uint64_t n, std::span<const std::uint64_t> z, std::span<const double> gamma);

/// Integration-variable nodes (coordinate-major, stride `count`) of lattice points k = start … start + count − 1:
/// u = frac(k z / n + shift), tent-periodised u → 1 − |2u − 1|, scaled onto the domain's integration box.
void lattice_nodes(const Domain& domain, std::uint64_t n, std::span<const std::uint64_t> z, std::span<const double> shift,
                   std::uint64_t start, std::size_t count, double* t);

/// Volume of the domain's integration box (in the integration variable).
double integration_box_volume(const Domain& domain);

/// Randomly shifted lattice rule, tent-periodised (u → 1 − |2u − 1|), over the domain's integration box.
/// `qmc_shifts` independent uniform shifts (seeded by `seed`); value = mean, error = the standard error of
/// the mean over shifts (one sigma). n starts at `qmc_min_points` (prime) and doubles until every component
/// meets its tolerance or the budget is spent. Product weights γ_j = 1/j² (j = 1..d).
std::vector<IntegrationResult> integrate_lattice_qmc(const BatchIntegrand& f, const Domain& domain,
                                                     const IntegratorOptions& options);

}  // namespace nnft::numeric
