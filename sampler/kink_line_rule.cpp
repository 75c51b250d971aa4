// A polar rule for rank ≤ 2 Gaussian pre-activations whose σ has kinks anywhere (detail::kink_line_polar_rule).
#include "sampler/detail/neuron_factor.hpp"

#include "numeric/gauss_legendre.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace nnft::sampler::detail {

namespace {

constexpr double two_pi = 2.0 * std::numbers::pi;

/// The kink line a·u = o of one input and one kink point: z_i = mean_i + a·u crosses the kink c where a·u = c − mean_i.
struct KinkLine {
    double ax, ay, o;
};

std::vector<KinkLine> kink_lines(const NeuronFactor& f, const std::vector<double>& kinks) {
    std::vector<KinkLine> lines;
    for (Eigen::Index i = 0; i < f.l.rows(); ++i) {
        const double ax = f.l.cols() > 0 ? f.l(i, 0) : 0.0, ay = f.l.cols() > 1 ? f.l(i, 1) : 0.0;
        if (ax == 0.0 && ay == 0.0) continue;  // a constant pre-activation: σ is a constant there
        for (double c : kinks) lines.push_back({ax, ay, c - f.mean(i)});
    }
    return lines;
}

/// The angles where the integrand, integrated over ρ with splits at the kink lines, is not smooth in θ: the rays of
/// lines through the origin, the crossings of two lines and where a line leaves the disc; with 0 and 2π, sorted.
std::vector<double> angular_cuts(const std::vector<KinkLine>& lines, double radius) {
    std::vector<double> cuts = {0.0, two_pi};
    const auto add = [&cuts](double t) {
        t = std::fmod(t, two_pi);
        cuts.push_back(t < 0.0 ? t + two_pi : t);
    };
    for (const auto& l : lines) {
        const double amp = std::hypot(l.ax, l.ay), normal = std::atan2(l.ay, l.ax);
        if (l.o == 0.0) {
            add(normal + 0.5 * std::numbers::pi);
            add(normal - 0.5 * std::numbers::pi);
        } else if (std::abs(l.o) < amp * radius) {
            const double psi = normal + (l.o < 0.0 ? std::numbers::pi : 0.0), half = std::acos(std::abs(l.o) / (amp * radius));
            add(psi + half);
            add(psi - half);
        }
    }
    for (std::size_t j = 0; j < lines.size(); ++j)
        for (std::size_t k = j + 1; k < lines.size(); ++k) {
            const KinkLine &p = lines[j], &q = lines[k];
            const double det = p.ax * q.ay - p.ay * q.ax;
            if (std::abs(det) <= 1e-12 * std::hypot(p.ax, p.ay) * std::hypot(q.ax, q.ay)) continue;  // parallel
            const double ux = (p.o * q.ay - q.o * p.ay) / det, uy = (p.ax * q.o - q.ax * p.o) / det;
            if (std::hypot(ux, uy) < radius) add(std::atan2(uy, ux));
        }
    std::sort(cuts.begin(), cuts.end());
    return cuts;
}

/// The radii in (0, radius) where the ray at angle θ crosses a kink line not through the origin, with 0 and radius,
/// sorted.
std::vector<double> radial_breaks(const std::vector<KinkLine>& lines, double theta, double radius) {
    std::vector<double> breaks = {0.0, radius};
    const double c = std::cos(theta), s = std::sin(theta);
    for (const auto& l : lines) {
        if (l.o == 0.0) continue;
        const double rho = l.o / (l.ax * c + l.ay * s);
        if (rho > 0.0 && rho < radius) breaks.push_back(rho);
    }
    std::sort(breaks.begin(), breaks.end());
    return breaks;
}

}  // namespace

std::vector<PolarNode> kink_line_polar_rule(const NeuronFactor& f, int order, double radius,
                                            const std::vector<double>& kinks, std::size_t max_nodes) {
    const std::vector<KinkLine> lines = kink_lines(f, kinks);
    const std::vector<double> cuts = angular_cuts(lines, radius);
    double smax = 1e-3;
    for (const auto& l : lines) smax = std::max(smax, std::hypot(l.ax, l.ay));
    for (Eigen::Index i = 0; i < f.c.rows(); ++i) smax = std::max(smax, std::sqrt(std::max(0.0, f.c(i, i))));
    // As kink_split_polar_rule: panels of 2/s in ρ and, since every θ node carries the whole ray, 2/(radius·s) in θ.
    const double s = std::min(smax, 8.0 * 13.0 / radius);
    const double dr = std::min(2.0, 2.0 / s), dtheta = std::min(1.0, 2.0 / (radius * s));
    const auto& gl = numeric::cached_gauss_legendre_rule(order);
    const auto n = static_cast<std::size_t>(order);
    // Size first: at most (panels + lines) radial panels per θ node.
    std::size_t theta_nodes = 0;
    for (std::size_t c = 0; c + 1 < cuts.size(); ++c)
        if (cuts[c + 1] > cuts[c]) theta_nodes += n * static_cast<std::size_t>(std::ceil((cuts[c + 1] - cuts[c]) / dtheta));
    const std::size_t radial_bound = n * (static_cast<std::size_t>(std::ceil(radius / dr)) + lines.size() + 1);
    if (theta_nodes * radial_bound > max_nodes) return {};
    std::vector<PolarNode> nodes;
    for_each_angle_node(cuts, dtheta, gl, [&](double theta, double w_theta) {
        const double ct = std::cos(theta), st = std::sin(theta);
        const std::vector<double> breaks = radial_breaks(lines, theta, radius);
        for (std::size_t q = 0; q + 1 < breaks.size(); ++q)
            legendre_pieces(breaks[q], breaks[q + 1], dr, gl, [&](double rho, double w_rho) {
                nodes.push_back({rho * ct, rho * st, w_rho * rho * std::exp(-0.5 * rho * rho) * w_theta});
            });
    });
    return nodes;
}

}  // namespace nnft::sampler::detail
