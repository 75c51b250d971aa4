#include "numeric/linear_fit.hpp"

#include "common/error.hpp"

#include <cmath>
#include <sstream>

namespace nnft::numeric {

LinearFit least_squares(const Eigen::MatrixXd& a, const Eigen::VectorXd& b, const std::vector<std::string>& names,
                        const Eigen::VectorXd& weights) {
    const Eigen::Index n = a.rows(), p = a.cols();
    if (b.size() != n) throw Error("least squares: the data has " + std::to_string(b.size()) + " values but the design matrix " + std::to_string(n) + " rows");
    if (static_cast<Eigen::Index>(names.size()) != p) throw InternalError("least squares: one name per column required");
    if (p == 0) throw Error("least squares: no operators to fit");
    if (n < p)
        throw Error("the fit is under-determined: " + std::to_string(n) + " data points for " + std::to_string(p) +
                    " couplings; add inputs or drop operators");
    if (!a.allFinite() || !b.allFinite()) throw Error("least squares: the data or the operator integrals contain NaN or infinity");
    Eigen::VectorXd sw = Eigen::VectorXd::Ones(n);
    if (weights.size() > 0) {
        if (weights.size() != n || (weights.array() <= 0).any() || !weights.allFinite())
            throw Error("fit weights must be positive and finite, one per data point (errors of zero are not allowed)");
        sw = weights.array().sqrt();
    }
    const Eigen::MatrixXd aw = sw.asDiagonal() * a;
    const Eigen::VectorXd bw = sw.asDiagonal() * b;
    Eigen::VectorXd scale = aw.colwise().norm().transpose();
    for (Eigen::Index j = 0; j < p; ++j)
        if (!(scale(j) > 0)) throw Error("operator '" + names[static_cast<std::size_t>(j)] + "' is zero on every data point: it cannot be fitted");
    const Eigen::MatrixXd as = aw * scale.cwiseInverse().asDiagonal();
    Eigen::JacobiSVD<Eigen::MatrixXd> svd(as, Eigen::ComputeThinU | Eigen::ComputeThinV);
    const Eigen::VectorXd sv = svd.singularValues();
    const double tol = 1e-10 * (sv.size() > 0 ? sv.maxCoeff() : 0.0);
    for (Eigen::Index k = 0; k < sv.size(); ++k) {
        if (sv(k) > tol) continue;
        // Null direction in the original couplings: v / scale.
        Eigen::VectorXd v = svd.matrixV().col(k).cwiseQuotient(scale);
        v /= v.cwiseAbs().maxCoeff();
        std::ostringstream os;
        os << "the operators are degenerate on these data (rank " << (sv.array() > tol).count() << " of " << p
           << "): the combination ";
        bool first = true;
        for (Eigen::Index j = 0; j < p; ++j) {
            if (std::abs(v(j)) < 1e-8) continue;
            os << (first ? "" : " + ") << v(j) << "*" << names[static_cast<std::size_t>(j)];
            first = false;
        }
        os << " is not determined; drop one of these operators or add inputs that separate them";
        throw Error(os.str());
    }
    LinearFit fit;
    const Eigen::VectorXd cs = svd.solve(bw);
    fit.coefficients = cs.cwiseQuotient(scale);
    const Eigen::VectorXd resid = bw - as * cs;
    fit.rss = resid.squaredNorm();
    fit.dof = static_cast<int>(n - p);
    // (AsᵀAs)⁻¹ = V Σ⁻² Vᵀ, then undo the column scaling.
    const Eigen::MatrixXd vinv = svd.matrixV() * sv.cwiseInverse().cwiseAbs2().asDiagonal() * svd.matrixV().transpose();
    Eigen::MatrixXd cov = scale.cwiseInverse().asDiagonal() * vinv * scale.cwiseInverse().asDiagonal();
    if (weights.size() == 0) cov *= fit.dof > 0 ? fit.rss / fit.dof : 0.0;
    fit.error_method = weights.size() == 0 ? "independent points (residual scatter)" : "independent points (1/error^2 weights)";
    fit.covariance = cov;
    fit.standard_errors = cov.diagonal().cwiseMax(0.0).cwiseSqrt();
    return fit;
}

Eigen::MatrixXd jackknife_covariance(const Eigen::MatrixXd& c) {
    const Eigen::Index g = c.cols();
    if (g < 2) throw Error("a jackknife needs at least 2 groups, got " + std::to_string(g) + ": sample more networks");
    const Eigen::MatrixXd d = c.colwise() - c.rowwise().mean();
    return (static_cast<double>(g - 1) / static_cast<double>(g)) * (d * d.transpose());
}

void apply_jackknife(LinearFit& fit, const Eigen::MatrixXd& a, const Eigen::MatrixXd& replicas,
                                const std::vector<std::string>& names, const Eigen::VectorXd& weights) {
    if (replicas.rows() != a.rows())
        throw InternalError("jackknife: " + std::to_string(replicas.rows()) + " replica rows for " + std::to_string(a.rows()) + " data points");
    Eigen::MatrixXd c(a.cols(), replicas.cols());
    for (Eigen::Index g = 0; g < replicas.cols(); ++g) c.col(g) = least_squares(a, replicas.col(g), names, weights).coefficients;
    fit.covariance = jackknife_covariance(c);
    fit.independent_errors = fit.standard_errors;
    fit.standard_errors = fit.covariance.diagonal().cwiseMax(0.0).cwiseSqrt();
    fit.error_method = "jackknife(" + std::to_string(replicas.cols()) + " groups)";
    fit.jackknife_coefficients = std::move(c);
}

}  // namespace nnft::numeric
