#pragma once
/// \file Closed-form reference values used by cross-checks (provenance in each comment).
#include <vector>

namespace nnft::numeric {

/// ∫_{R^d} Π_{i=1..n} K_EFT(x_i, y) d^d y for the Gauss net, K_EFT(x, y) = σ_W² exp(−σ_W²|x−y|²/(2d)):
/// a Gaussian integral, σ_W^{2n} (π/(n a))^{d/2} exp(−a [Σ|x_i|² − |Σ x_i|²/n]) with a = σ_W²/(2d).
double gauss_vertex_closed_form(const std::vector<std::vector<double>>& legs, double sigma_w);

}  // namespace nnft::numeric
