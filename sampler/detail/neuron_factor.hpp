#pragma once
/// \file Internal: the first-layer pre-activations of one neuron on M inputs as a function of independent
/// standardised variables, for the single-neuron moments of `nnft exact` (sampler/neuron_moments.cpp).
#include "sampler/network.hpp"
#include "sampler/tuples.hpp"

#include "numeric/gauss_legendre.hpp"

#include <Eigen/Dense>
#include <cmath>
#include <numbers>
#include <vector>

namespace nnft::sampler::detail {

/// A first-layer parameter with a non-Gaussian law, entering z_i as coef_i · t with t its standardised value.
struct NonGaussianDirection {
    numeric::ParameterLaw law;  ///< the parameter's law (t = law.standardised(u), u ~ N(0, 1))
    Eigen::VectorXd coef;       ///< per input: the parameter's sd times its multiplier (x_ik/√d_in, or 1 for the bias)
};

/// z_i = mean_i + Σ_k L_ik u_k + Σ_v coef_vi t_v: the Gaussian parameters' covariance c (factorised by
/// eigen-decomposition, eigenvalues above 1e-14 of the largest kept) and the non-Gaussian directions.
struct NeuronFactor {
    Eigen::MatrixXd c;                         ///< M × M covariance of the Gaussian part
    Eigen::MatrixXd l;                         ///< M × r factor of c
    Eigen::VectorXd mean;                      ///< per input: E[z_i]
    std::vector<NonGaussianDirection> extra;   ///< the non-Gaussian parameters
    /// Number of integration dimensions: r + the non-Gaussian parameters.
    int dimensions() const { return static_cast<int>(l.cols() + static_cast<Eigen::Index>(extra.size())); }
};

/// The factor of the first layer of `spec` on `inputs`.
NeuronFactor factorise(const NetworkSpec& spec, const InputSet& inputs);

/// Gauss-net in closed form (Gaussian first layer): E[Π_{i∈t} φ_i] = exp(½ Σ_{i,j∈t} c_ij − Σ_{i∈t} c_ii).
std::vector<double> gauss_moments(const NeuronFactor& f, const TupleTable& table);

/// A piecewise-linear σ with its kink at 0 (σ(z) = slopes.positive·z for z > 0, slopes.negative·z for z < 0; ReLU is
/// {1, 0}) with zero-mean Gaussian pre-activations of rank ≤ 2, exactly (kink-aware Fourier integration).
std::vector<double> kinked_linear_moments(const NeuronFactor& f, const TupleTable& table,
                                          const numeric::KinkSlopes& slopes);

/// A node of a rule for E[g(u₁, u₂)], u ~ N(0, I₂).
struct PolarNode {
    double u1, u2, w;  ///< the point and its weight (the weights sum to 1 up to the truncation at the radius)
};

/// A node of a rule for the mean over the unit sphere in R³.
struct SphereNode {
    double u[3];  ///< the point ω
    double w;     ///< its weight (the weights sum to 1)
};

/// A rule for (1/4π)∫ g(ω) dω over the unit sphere, for g smooth except on the great circles a_i·ω = 0 (the rows of
/// `directions`, M × 3): in spherical coordinates about a pole far from every circle, Gauss–Legendre of `order` points
/// in the azimuth φ between the azimuths where two circles cross, and in the polar angle θ between the circles' θ*(φ).
/// A piecewise-linear σ with its kink at 0 makes Π σ(a_i·ω) a trigonometric polynomial on every panel: the rank-3
/// moments E[Π σ(z_i)] = E[ρⁿ] (1/4π)∫ Π σ(a_i·ω) dω converge exponentially in `order`.
std::vector<SphereNode> kink_sphere_rule(const Eigen::MatrixXd& directions, int order);

/// Splits [a, b] into equal pieces at most `width` wide and calls visit(x, w) at the Gauss–Legendre nodes of `gl` on
/// each (the weights sum to b − a; nothing when b ≤ a).
template <class Visit>
void legendre_pieces(double a, double b, double width, const numeric::GaussLegendreRule& gl, Visit&& visit) {
    if (!(b > a)) return;
    const int pieces = static_cast<int>(std::ceil((b - a) / width));
    const double h = (b - a) / pieces;
    for (int p = 0; p < pieces; ++p)
        for (std::size_t k = 0; k < gl.nodes.size(); ++k) visit(a + h * (p + 0.5 * (gl.nodes[k] + 1.0)), 0.5 * h * gl.weights[k]);
}

/// legendre_pieces between consecutive angles of the sorted `cuts`, pieces at most `dtheta` wide, each weight divided
/// by 2π (the node's share of the full angle).
template <class Visit>
void for_each_angle_node(const std::vector<double>& cuts, double dtheta, const numeric::GaussLegendreRule& gl, Visit&& visit) {
    constexpr double two_pi = 2.0 * std::numbers::pi;
    for (std::size_t c = 0; c + 1 < cuts.size(); ++c)
        legendre_pieces(cuts[c], cuts[c + 1], dtheta, gl, [&](double theta, double w) { visit(theta, w / two_pi); });
}

/// A rule for zero-mean Gaussian pre-activations of rank ≤ 2 split at every input's kink angle (z_i = 0): in polar
/// coordinates u = ρ(cos θ, sin θ), Gauss–Legendre of `order` points on panels of ρ ∈ [0, radius] and, within each
/// piece between kink angles, of θ. A σ smooth on each side of 0 gives an analytic integrand on every panel, so the
/// rule converges exponentially in `order` (unlike a grid crossed by the kinks, whose O(h²) error oscillates).
std::vector<PolarNode> kink_split_polar_rule(const NeuronFactor& f, int order, double radius);

/// A rule for Gaussian pre-activations of rank ≤ 2 (any mean) and a σ whose kinks lie at the points `kinks`: each
/// input's kink z_i = c is a line in the plane of u. Gauss–Legendre of `order` points in θ on the pieces between the
/// angles where the radial integral is not smooth (rays of lines through the origin, crossings of two lines, where a
/// line leaves the disc), and in ρ ∈ [0, radius] on panels split where the ray crosses a line: the integrand is
/// analytic on every panel, so the rule converges exponentially in `order`. Empty when it would need more than
/// `max_nodes` nodes.
std::vector<PolarNode> kink_line_polar_rule(const NeuronFactor& f, int order, double radius,
                                            const std::vector<double>& kinks, std::size_t max_nodes);

}  // namespace nnft::sampler::detail
