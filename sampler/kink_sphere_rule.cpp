// A rule on the unit sphere split at great circles: the rank-3 moments of piecewise-linear σ (detail::kink_sphere_rule).
#include "sampler/detail/neuron_factor.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>

namespace nnft::sampler::detail {

namespace {

using Vec3 = std::array<double, 3>;

double dot(const Vec3& a, const Vec3& b) { return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]; }
Vec3 cross(const Vec3& a, const Vec3& b) {
    return {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
}
Vec3 unit(Vec3 v) {
    const double n = std::sqrt(dot(v, v));
    for (double& x : v) x /= n;
    return v;
}

/// The pole of the spherical coordinates: of 13 fixed directions, the one farthest from every great circle (largest
/// min_i |â_i·p|), so every circle's polar angle θ*(φ) is a smooth function of the azimuth.
Vec3 pole_away_from(const std::vector<Vec3>& normals) {
    const std::vector<Vec3> candidates = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {1, 1, 0}, {1, -1, 0}, {1, 0, 1}, {1, 0, -1},
                                          {0, 1, 1}, {0, 1, -1}, {1, 1, 1}, {1, 1, -1}, {1, -1, 1}, {-1, 1, 1}};
    Vec3 best = {0, 0, 1};
    double best_margin = -1.0;
    for (const Vec3& c : candidates) {
        const Vec3 p = unit(c);
        double margin = 1.0;
        for (const Vec3& a : normals) margin = std::min(margin, std::abs(dot(a, p)));
        if (margin > best_margin) {
            best_margin = margin;
            best = p;
        }
    }
    return best;
}

}  // namespace

std::vector<SphereNode> kink_sphere_rule(const Eigen::MatrixXd& directions, int order) {
    constexpr double pi = std::numbers::pi;
    std::vector<Vec3> normals;
    for (Eigen::Index i = 0; i < directions.rows(); ++i) {
        const Vec3 a = {directions(i, 0), directions(i, 1), directions(i, 2)};
        if (dot(a, a) > 0.0) normals.push_back(unit(a));
    }
    const Vec3 p = pole_away_from(normals);
    const Vec3 e1 = unit(cross(std::abs(p[0]) < 0.9 ? Vec3{1, 0, 0} : Vec3{0, 1, 0}, p)), e2 = cross(p, e1);
    // Azimuths where two circles cross (±(a_i × a_j)): there the order of the circles' polar angles changes.
    std::vector<double> cuts = {0.0, 2.0 * pi};
    for (std::size_t i = 0; i < normals.size(); ++i)
        for (std::size_t j = i + 1; j < normals.size(); ++j) {
            const Vec3 v = cross(normals[i], normals[j]);
            if (dot(v, v) < 1e-24) continue;  // the same circle
            for (double s : {1.0, -1.0}) {
                const double phi = std::atan2(s * dot(v, e2), s * dot(v, e1));
                cuts.push_back(phi < 0.0 ? phi + 2.0 * pi : phi);
            }
        }
    std::sort(cuts.begin(), cuts.end());
    const auto& gl = numeric::cached_gauss_legendre_rule(order);
    std::vector<SphereNode> nodes;
    std::vector<double> breaks;
    for (std::size_t c = 0; c + 1 < cuts.size(); ++c)
        legendre_pieces(cuts[c], cuts[c + 1], pi / 8.0, gl, [&](double phi, double w_phi) {
            const double cp = std::cos(phi), sp = std::sin(phi);
            breaks.assign({0.0, pi});
            for (const Vec3& a : normals) {  // a·ω = 0 ⇔ sin θ (A cos φ + B sin φ) + C cos θ = 0, |C| > 0
                const double along = dot(a, e1) * cp + dot(a, e2) * sp, polar = dot(a, p);
                breaks.push_back(std::atan2(std::abs(polar), polar > 0.0 ? -along : along));
            }
            std::sort(breaks.begin(), breaks.end());
            for (std::size_t q = 0; q + 1 < breaks.size(); ++q)
                legendre_pieces(breaks[q], breaks[q + 1], pi / 4.0, gl, [&](double theta, double w_theta) {
                    const double st = std::sin(theta), ct = std::cos(theta);
                    SphereNode n{};
                    for (int d = 0; d < 3; ++d) n.u[d] = st * (cp * e1[d] + sp * e2[d]) + ct * p[d];
                    n.w = w_phi * w_theta * st / (4.0 * pi);
                    nodes.push_back(n);
                });
        });
    return nodes;
}

}  // namespace nnft::sampler::detail
