#pragma once
/// \file Power-law fits y ≈ a·x^b to data with errors, done in linear space (no logarithm of noisy data):
/// the width scaling G4_con ∝ N^-1, G6_con ∝ N^-2 from sampled amplitudes, some of which may be
/// insignificant or negative at large N where the log of the data would be biased or undefined.
#include <vector>

namespace nnft::numeric {

/// Result of fit_power_law.
struct PowerLawFit {
    double exponent = 0.0;        ///< b
    double exponent_error = 0.0;  ///< half-width of the profile-likelihood interval χ² ≤ χ²_min + 1
    double amplitude = 0.0;       ///< a at the best b
    double chi2 = 0.0;            ///< χ² at the minimum
    int dof = 0;                  ///< points − 2
};

/// Weighted least squares for y_i ≈ a·x_i^b with absolute errors σ_i (χ² = Σ (y_i − a x_i^b)²/σ_i²):
/// a is profiled out in closed form, b found by a scan plus golden-section refinement in
/// [b_min, b_max], and its error from where the profiled χ² rises by 1 (an infinite error when it never
/// does inside the range: the data do not determine b). Throws nnft::Error for fewer than 3 points,
/// non-positive x, non-positive or non-finite errors, or mismatched lengths.
PowerLawFit fit_power_law(const std::vector<double>& x, const std::vector<double>& y, const std::vector<double>& error,
                          double b_min = -8.0, double b_max = 4.0);

}  // namespace nnft::numeric
