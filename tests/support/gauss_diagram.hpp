#pragma once
/// \file Test-only closed form of Gauss-net diagrams over R^d (independent of the production code).
///
/// With K_EFT(x, y) = σ_W² exp(−a|x−y|²), a = σ_W²/(2 d_in) (docs/physics-setup.md §2; numeric/kernels evaluates
/// σ_W² exp(−σ_W²|x−y|²/(2d))), the exponent of a diagram with internal points u_1..u_k is
/// −a Σ_c (u_cᵀ Q u_c − 2 b_cᵀ u_c + C_c) per coordinate c, with Q = (weighted graph Laplacian of the internal
/// lines) + diag(legs per point), b_a = Σ_{legs of a} x_c, C_c = Σ_legs x_c². Each coordinate integrates to
/// (π/a)^{k/2} det(Q)^{−1/2} exp(a (bᵀQ⁻¹b − C)), and every line (legs, internal lines, self-lines
/// L(y) = K_EFT(y, y) = σ_W²) contributes a factor σ_W².
#include <Eigen/Dense>

#include <array>
#include <cmath>
#include <vector>

namespace nnft::testing {

/// One Gauss-net diagram: legs (input indices) per internal point, self-lines per point, lines {a, b, m}.
struct GaussDiagram {
    std::vector<std::vector<int>> legs;       ///< input index of each leg, per internal point
    std::vector<int> self_lines;              ///< self-lines L(y) per internal point
    std::vector<std::array<int, 3>> lines;    ///< {a, b, multiplicity} between internal points a ≠ b
};

/// ∫_{(R^d)^k} of the diagram's integrand with K_EFT of the Gauss net; x[i] is input i (all of one length d).
inline double gauss_closed_form(const GaussDiagram& g, const std::vector<std::vector<double>>& x, double sigma_w) {
    const int k = static_cast<int>(g.legs.size());
    const int d = static_cast<int>(x.front().size());
    const double a = sigma_w * sigma_w / (2.0 * d);
    Eigen::MatrixXd q = Eigen::MatrixXd::Zero(k, k);
    int n_lines = 0;
    for (int p = 0; p < k; ++p) {
        q(p, p) += static_cast<double>(g.legs[p].size());
        n_lines += static_cast<int>(g.legs[p].size()) + g.self_lines[p];
    }
    for (const auto& [p, r, m] : g.lines) {
        q(p, p) += m;
        q(r, r) += m;
        q(p, r) -= m;
        q(r, p) -= m;
        n_lines += m;
    }
    double log_value = n_lines * std::log(sigma_w * sigma_w);
    const Eigen::MatrixXd qinv = q.inverse();
    for (int c = 0; c < d; ++c) {
        Eigen::VectorXd b = Eigen::VectorXd::Zero(k);
        double cc = 0;
        for (int p = 0; p < k; ++p)
            for (int i : g.legs[p]) {
                b(p) += x[i][c];
                cc += x[i][c] * x[i][c];
            }
        log_value += 0.5 * k * std::log(M_PI / a) - 0.5 * std::log(q.determinant()) + a * (b.dot(qinv * b) - cc);
    }
    return std::exp(log_value);
}

}  // namespace nnft::testing
