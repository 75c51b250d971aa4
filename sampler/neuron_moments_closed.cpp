#include "sampler/detail/neuron_factor.hpp"

#include <algorithm>
#include <cmath>
#include <complex>
#include <numbers>

#include "numeric/gauss_legendre.hpp"

namespace nnft::sampler::detail {

// Gauss-net in closed form: φ_i = exp(z_i − μ_b − c_ii), so E[Π_{i∈t} φ_i] = exp(½ Σ_{i,j∈t} c_ij − Σ_{i∈t} c_ii).
std::vector<double> gauss_moments(const NeuronFactor& f, const TupleTable& table) {
    std::vector<double> out(table.size());
    for (std::size_t s = 0; s < table.size(); ++s) {
        const auto t = table.tuple(s);
        double e = 0.0;
        for (auto i : t) {
            e -= f.c(i, i);
            for (auto j : t)
                e += 0.5 * f.c(i, j);
        }
        out[s] = std::exp(e);
    }
    return out;
}

// A piecewise-linear σ(z) = c₊ z (z > 0), c₋ z (z < 0) (ReLU: c₊ = 1, c₋ = 0) with zero-mean pre-activations of
// rank ≤ 2: z_i = ρ A_i cos(θ − α_i) with u = ρ(cos θ, sin θ), ρ ~ χ₂ and θ uniform, independent. On each piece
// between kinks (α_i ± π/2) every sign is fixed, so the product of n σ's is Π c_{sign_i} · ρⁿ Π A_i cos(θ − α_i),
// and E = E[ρⁿ] (1/2π) Σ_pieces Π c_{sign_i} ∫_piece Π A_i cos(θ − α_i) dθ with E[ρⁿ] = 2^{n/2} Γ(1 + n/2). The
// integrand is a trigonometric polynomial of degree n on each piece: expanded in Fourier modes and integrated
// exactly (kink-aware, no quadrature).
namespace {
constexpr double two_pi = 2.0 * std::numbers::pi;

// z_i = ρ amp_i cos(θ − phase_i) for a factor of rank ≤ 2 (u = ρ(cos θ, sin θ)).
struct PolarForm {
    std::vector<double> amp, phase;
};

PolarForm polar_form(const NeuronFactor& f) {
    const auto m = static_cast<std::size_t>(f.c.rows());
    PolarForm p{std::vector<double>(m, 0.0), std::vector<double>(m, 0.0)};
    for (std::size_t i = 0; i < m; ++i) {
        const double a = f.l.cols() > 0 ? f.l(static_cast<Eigen::Index>(i), 0) : 0.0;
        const double b = f.l.cols() > 1 ? f.l(static_cast<Eigen::Index>(i), 1) : 0.0;
        p.amp[i] = std::hypot(a, b);
        p.phase[i] = std::atan2(b, a);
    }
    return p;
}

// The kink angles phase_i ± π/2 (z_i = 0) of the inputs `of` with amp_i > 0 in [0, 2π), with 0 and 2π, sorted.
std::vector<double> kink_angles(const PolarForm& p, const std::vector<std::size_t>& of) {
    std::vector<double> cuts = {0.0, two_pi};
    for (auto i : of)
        for (double d : {-0.5, 0.5}) {
            if (p.amp[i] == 0.0) continue;
            double c = std::fmod(p.phase[i] + d * std::numbers::pi, two_pi);
            if (c < 0.0) c += two_pi;
            cuts.push_back(c);
        }
    std::sort(cuts.begin(), cuts.end());
    return cuts;
}
}  // namespace

std::vector<double> kinked_linear_moments(const NeuronFactor& f, const TupleTable& table, const numeric::KinkSlopes& slopes) {
    const PolarForm polar = polar_form(f);
    const std::vector<double>& amp = polar.amp;
    const std::vector<double>& phase = polar.phase;
    std::vector<double> out(table.size());
    for (std::size_t s = 0; s < table.size(); ++s) {
        const auto t = table.tuple(s);
        const int n = static_cast<int>(t.size());
        double scale = 1.0;
        for (auto i : t)
            scale *= amp[i];
        if (scale == 0.0) {
            out[s] = 0.0;
            continue;
        }
        // Fourier coefficients c_k, k = −n..n, of Π cos(θ − α_i).
        std::vector<std::complex<double>> coef(static_cast<std::size_t>(2 * n + 1), 0.0);
        coef[static_cast<std::size_t>(n)] = 1.0;
        for (auto i : t) {
            std::vector<std::complex<double>> next(coef.size(), 0.0);
            const std::complex<double> e = std::polar(0.5, -phase[i]);
            for (std::size_t k = 0; k + 1 < coef.size(); ++k) {
                next[k + 1] += coef[k] * e;        // × ½ e^{i(θ−α)}
                next[k] += coef[k + 1] * std::conj(e);  // × ½ e^{−i(θ−α)}
            }
            coef = std::move(next);
        }
        // Kinks on [0, 2π), then integrate piece by piece, each weighted by its slopes.
        const std::vector<double> cuts = kink_angles(polar, std::vector<std::size_t>(t.begin(), t.end()));
        double integral = 0.0;
        for (std::size_t k = 0; k + 1 < cuts.size(); ++k) {
            const double a = cuts[k], b = cuts[k + 1];
            if (b - a <= 0.0)
                continue;
            const double mid = 0.5 * (a + b);
            double weight = 1.0;  // Π c_{sign_i} on this piece
            for (auto i : t)
                weight *= std::cos(mid - phase[i]) > 0.0 ? slopes.positive : slopes.negative;
            if (weight == 0.0)
                continue;
            std::complex<double> piece = coef[static_cast<std::size_t>(n)] * (b - a);
            for (int q = 1; q <= n; ++q) {
                const std::complex<double> iq(0.0, q);
                const std::complex<double> up = (std::exp(iq * b) - std::exp(iq * a)) / iq;
                piece += coef[static_cast<std::size_t>(n + q)] * up + coef[static_cast<std::size_t>(n - q)] * std::conj(up);
            }
            integral += weight * piece.real();
        }
        const double rho_n = std::pow(2.0, 0.5 * n) * std::tgamma(1.0 + 0.5 * n);
        out[s] = scale * rho_n * integral / two_pi;
    }
    return out;
}

std::vector<PolarNode> kink_split_polar_rule(const NeuronFactor& f, int order, double radius) {
    const PolarForm polar = polar_form(f);
    std::vector<std::size_t> all(polar.amp.size());
    for (std::size_t i = 0; i < all.size(); ++i) all[i] = i;
    const std::vector<double> cuts = kink_angles(polar, all);
    const double smax = std::max(1e-3, *std::max_element(polar.amp.begin(), polar.amp.end()));
    // Panels of 2/s in ρ and 2/(ρ₁ s) in θ (ρ₁ the panel's outer radius) keep tanh's poles (z = ±iπ/2) π/2 half-widths
    // away (Gauss–Legendre error ~3.4^{-2·order}: 1e-17 at 16 points, 1e-13 at 12); the resolution s is capped so that
    // the rule has at most ~2·10⁶ nodes at 16 points (24 bytes each).
    const double s = std::min(smax, 8.0 * 13.0 / radius);
    const double dr = std::min(2.0, 2.0 / s);
    const auto& gl = numeric::cached_gauss_legendre_rule(order);
    std::vector<PolarNode> nodes;
    const auto radial_panels = static_cast<int>(std::ceil(radius / dr));
    for (int pr = 0; pr < radial_panels; ++pr) {
        const double r0 = pr * dr, r1 = std::min(radius, r0 + dr), dtheta = std::min(1.0, 2.0 / (r1 * s));
        for_each_angle_node(cuts, dtheta, gl, [&](double theta, double w_theta) {
            for (std::size_t j = 0; j < gl.nodes.size(); ++j) {
                const double rho = r0 + 0.5 * (r1 - r0) * (gl.nodes[j] + 1.0);
                const double w_rho = 0.5 * (r1 - r0) * gl.weights[j] * rho * std::exp(-0.5 * rho * rho);
                nodes.push_back({rho * std::cos(theta), rho * std::sin(theta), w_rho * w_theta});
            }
        });
    }
    return nodes;
}

}  // namespace nnft::sampler::detail
