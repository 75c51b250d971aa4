#pragma once
/// \file Linear least squares with standard errors, covariance and rank detection (Eigen).
#include <Eigen/Dense>

#include <string>
#include <vector>

namespace nnft::eft {

/// Result of fitting b ≈ A c.
struct LinearFit {
    Eigen::VectorXd coefficients;     ///< c
    Eigen::VectorXd standard_errors;  ///< sqrt(diag(covariance))
    Eigen::MatrixXd covariance;       ///< covariance of c (see least_squares)
    double rss = 0.0;                 ///< Σ residual² (weighted when weights are given)
    int dof = 0;                      ///< rows − columns
};

/// Minimise Σ_i w_i (b_i − (A c)_i)² (w = 1 when `weights` is empty). Columns are scaled to unit norm
/// and the rank is found from the singular values (relative threshold 1e-10); a rank-deficient A throws
/// nnft::Error naming the undetermined combination of `names` (never solved silently). Covariance:
/// σ̂² (AᵀWA)⁻¹ with σ̂² = RSS/dof for unit weights (the scatter of the data about the fit), and
/// (AᵀWA)⁻¹ for weights 1/error² (absolute errors).
LinearFit least_squares(const Eigen::MatrixXd& a, const Eigen::VectorXd& b, const std::vector<std::string>& names,
                        const Eigen::VectorXd& weights = Eigen::VectorXd());

}  // namespace nnft::eft
