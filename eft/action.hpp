#pragma once
/// \file The quartic coupling of the action reconstructed from exact connected 4-point functions
/// (2307.03223 at leading order: vertex = −G4_con amputated with K⁻¹) on a Gauss–Legendre grid over the
/// cutoff box [−Λ, Λ] (d_in = 1), compared with the M1 fit λ0 of 2008.08601 at the same width and cutoff.
#include "common/progress.hpp"
#include "eft/vertex_amputation.hpp"
#include "sampler/network.hpp"

#include <string>
#include <vector>

namespace nnft::eft {

/// What to reconstruct (the paper's values: study::paper_action_settings).
struct ActionSettings {
    sampler::NetworkSpec net;          ///< network (erf, relu or gauss; d_in = 1)
    double cutoff = 100.0;             ///< box [−Λ, Λ] for the grid and for the M1 vertex integral (∞: refused with a reason)
    int grid = 24;                     ///< Gauss–Legendre points (even: two panels split at 0, the ReLU kink)
    int rank = 0;                      ///< eigenmodes kept; 0: all with s_k > rank_threshold · s_1
    double rank_threshold = 1e-2;      ///< automatic rank rule (data errors are amplified by up to threshold⁻⁴)
    double max_work = 2e10;            ///< refuse jobs whose estimated exact-moment work (node·tuple products) is larger
    sampler::InputSet fit_train, fit_test;  ///< input sets of the M1 fit whose λ0 the vertex is compared with
    ProgressFn progress{};              ///< told the exact data's progress (M1 fit inputs, then each grid); empty: silent
};


/// One grid's reconstruction: the fit at the chosen rank and at the neighbouring ranks.
struct GridVertex {
    int points = 0;                    ///< grid size n
    int numerical_rank = 0;            ///< eigenvalues of W^{1/2}KW^{1/2} above 1e-12 s_1
    std::vector<double> eigenvalues;   ///< s_k / s_1, descending, the first min(n, 12)
    LocalVertexFit fit;                ///< at the chosen rank
    std::vector<LocalVertexFit> neighbours;  ///< at rank − 1 and rank + 1 where they exist
    /// The same fit after removing the product part −(1/N) Σ_3 K_ab K_cd of G4_con (sampler/exact.hpp: G4_con =
    /// (1/N) Σ_3 (σ_W⁴ E[φφφφ] − K_EFT K_EFT)), whose amputation is the exactly bilocal vertex (∫ f K⁻¹ f)²/N.
    LocalVertexFit without_product;
};

/// The reconstructed coupling, its error budget, locality measures and the M1 comparison.
struct ActionResult {
    ActionSettings settings;           ///< what was run
    bool meaningful = false;           ///< false: the grid inverse cannot determine λ (see reason)
    std::string reason;                ///< why not, or notes on the comparison
    GridVertex main, coarse;           ///< grid n and the coarser grid (≈ 3n/4) for the grid-variation error
    double lambda_action = 0.0;        ///< λ from the amputated vertex (grid n, chosen rank)
    double error_data = 0.0;           ///< bound from the exact correlators' quadrature errors (plus 1e-15 relative rounding)
    double error_rank = 0.0;           ///< max |λ(rank ± 1) − λ(rank)|
    double error_grid = 0.0;           ///< |λ(coarse grid) − λ(grid)|
    double lambda_error = 0.0;         ///< √(data² + rank² + grid²)
    double lambda0 = 0.0;              ///< M1 fit λ0 (paper train inputs, same width and cutoff, exact data)
    double lambda0_error = 0.0;        ///< its standard error
    double pull = 0.0;                 ///< (λ_action − λ0) / √(σ_action² + σ_0²)
    bool stable = false;               ///< λ_action moves by < 10 % under rank ± 1 and the coarser grid (a usable local coupling)
    std::string verdict;               ///< one sentence: what the numbers support
    double seconds = 0.0;              ///< not set by the library (the CLI times it)
};

/// Estimated work of the exact 4-point data on an n-point grid (single-neuron moment quadrature nodes × tuples;
/// closed forms for Gauss-net and ReLU count one node), the quantity limited by `max_work`.
double estimated_action_work(const ActionSettings& settings);

/// Relative size of the rank/grid variation below which λ_action counts as stable.
inline constexpr double kStableVariation = 0.1;

/// Run the reconstruction. Throws nnft::Error for bad settings (d_in ≠ 1, odd or out-of-range grid, tanh) and
/// SizeLimitError when the estimated work exceeds `max_work`; a cutoff of ∞ or a kernel of numerical rank < 1
/// returns meaningful = false with the reason and the M1 λ0 only.
ActionResult reconstruct_quartic_vertex(const ActionSettings& settings);

}  // namespace nnft::eft
