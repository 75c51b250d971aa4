#include "sampler/detail/neuron_factor.hpp"

#include <algorithm>
#include <cmath>
#include <complex>
#include <numbers>

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
std::vector<double> kinked_linear_moments(const NeuronFactor& f, const TupleTable& table, const numeric::KinkSlopes& slopes) {
    const auto m = static_cast<std::size_t>(f.c.rows());
    std::vector<double> amp(m, 0.0), phase(m, 0.0);
    for (std::size_t i = 0; i < m; ++i) {
        const double a = f.l.cols() > 0 ? f.l(static_cast<Eigen::Index>(i), 0) : 0.0;
        const double b = f.l.cols() > 1 ? f.l(static_cast<Eigen::Index>(i), 1) : 0.0;
        amp[i] = std::hypot(a, b);
        phase[i] = std::atan2(b, a);
    }
    const double two_pi = 2.0 * std::numbers::pi;
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
        std::vector<double> cuts = {0.0, two_pi};
        for (auto i : t)
            for (double d : {-0.5, 0.5}) {
                double c = std::fmod(phase[i] + d * std::numbers::pi, two_pi);
                if (c < 0.0)
                    c += two_pi;
                cuts.push_back(c);
            }
        std::sort(cuts.begin(), cuts.end());
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

}  // namespace nnft::sampler::detail
