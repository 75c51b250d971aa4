#pragma once
/// \file Linear least squares with standard errors, covariance and rank detection (Eigen).
#include <Eigen/Dense>

#include <string>
#include <vector>

namespace nnft::numeric {

/// Result of fitting b ≈ A c.
struct LinearFit {
    Eigen::VectorXd coefficients;     ///< c
    Eigen::VectorXd standard_errors;  ///< sqrt(diag(covariance))
    Eigen::MatrixXd covariance;       ///< covariance of c (see least_squares)
    double rss = 0.0;                 ///< Σ residual² (weighted when weights are given)
    int dof = 0;                      ///< rows − columns
    std::string error_method = "independent points";  ///< how covariance was estimated (see apply_jackknife)
    Eigen::VectorXd independent_errors{};  ///< after apply_jackknife: the errors treating the points as independent
    Eigen::MatrixXd jackknife_coefficients{};  ///< after apply_jackknife: the refitted coefficients, p × G
};

/// Minimise Σ_i w_i (b_i − (A c)_i)² (w = 1 when `weights` is empty). Columns are scaled to unit norm
/// and the rank is found from the singular values (relative threshold 1e-10); a rank-deficient A throws
/// nnft::Error naming the undetermined combination of `names` (never solved silently). Covariance:
/// σ̂² (AᵀWA)⁻¹ with σ̂² = RSS/dof for unit weights (the scatter of the data about the fit), and
/// (AᵀWA)⁻¹ for weights 1/error² (absolute errors).
LinearFit least_squares(const Eigen::MatrixXd& a, const Eigen::VectorXd& b, const std::vector<std::string>& names,
                        const Eigen::VectorXd& weights = Eigen::VectorXd());

/// The delete-one-group jackknife covariance (G−1)/G Σ_g (c_g − c̄)(c_g − c̄)ᵀ of leave-one-group-out
/// estimates c_g (the columns of `leave_one_out`, p × G); throws nnft::Error for G < 2.
Eigen::MatrixXd jackknife_covariance(const Eigen::MatrixXd& leave_one_out);

/// Jackknife errors for a fit of correlated data: refit every column of `replicas` (rows × G, the data
/// without jackknife group g) with the same design `a` and `weights` as `fit`, and replace fit.covariance
/// and fit.standard_errors by the jackknife ones (the previous errors move to fit.independent_errors,
/// fit.error_method becomes "jackknife(G groups)", the refits go to fit.jackknife_coefficients).
void apply_jackknife(LinearFit& fit, const Eigen::MatrixXd& a, const Eigen::MatrixXd& replicas,
                                const std::vector<std::string>& names, const Eigen::VectorXd& weights = Eigen::VectorXd());

}  // namespace nnft::numeric
