#include "numeric/law_kernel.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <sstream>
#include <tuple>
#include <utility>

#include "common/error.hpp"
#include "numeric/gauss_hermite.hpp"
#include "numeric/gauss_legendre.hpp"
#include "numeric/shifted_relu.hpp"

namespace nnft::numeric {

namespace {

bool continuous(const ParameterLaw& law) {
    return law.sd() > 0.0 && law.kind() != LawKind::rademacher && law.kind() != LawKind::zero;
}

using RowMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// Features √ω_q σ(W_q·x_p + b_q) of the points first … first + count − 1 of `points`, one row per point.
RowMatrix features(const ParameterRule& rule, const Activation& a, const PointBlock& points, std::size_t first,
                   std::size_t count) {
    const std::size_t q_count = rule.size();
    RowMatrix f(static_cast<Eigen::Index>(count), static_cast<Eigen::Index>(q_count));
    for (std::size_t p = 0; p < count; ++p) {
        double* row = f.data() + p * q_count;
        std::copy(rule.biases.begin(), rule.biases.end(), row);
        for (int k = 0; k < rule.d_in; ++k) {
            const double xk = points.coords[static_cast<std::size_t>(k) * points.count + first + p];
            const double* w = rule.weights.data() + static_cast<std::size_t>(k) * q_count;
            for (std::size_t q = 0; q < q_count; ++q) row[q] += w[q] * xk;
        }
    }
    a.apply(f.data(), count * q_count);
    for (std::size_t p = 0; p < count; ++p) {
        double* row = f.data() + p * q_count;
        for (std::size_t q = 0; q < q_count; ++q) row[q] *= rule.root_weight[q];
    }
    return f;
}

}  // namespace

AxisRule axis_rule(const ParameterLaw& law, int points) {
    AxisRule r;
    const double mean = law.mean(), sd = law.sd();
    if (!(sd > 0.0) || law.kind() == LawKind::zero) return {{mean}, {1.0}};
    if (law.kind() == LawKind::rademacher) return {{mean - sd, mean + sd}, {0.5, 0.5}};
    if (law.kind() == LawKind::uniform) {  // Gauss–Legendre on [mean − √3 sd, mean + √3 sd]
        const GaussLegendreRule& gl = cached_gauss_legendre_rule(points);
        const double half = std::sqrt(3.0) * sd;
        for (std::size_t i = 0; i < gl.nodes.size(); ++i) {
            r.values.push_back(mean + half * gl.nodes[i]);
            r.weights.push_back(0.5 * gl.weights[i]);
        }
        return r;
    }
    // Normal and Student-t: the trapezoidal rule in the Gaussian variate u the parameter is drawn from (exponentially
    // convergent for integrands analytic in a strip, far better than Gauss–Hermite for tanh-like poles; |u| ≤ 9
    // leaves out 2·10⁻¹⁹ of the weight).
    constexpr double kHalfWidth = 9.0;
    const GaussHermiteRule tr = gaussian_trapezoid(2.0 * kHalfWidth / (points - 1), kHalfWidth);
    double total = 0.0;
    for (double w : tr.weights) total += w;
    for (std::size_t i = 0; i < tr.nodes.size(); ++i) {
        r.values.push_back(mean + sd * law.standardised(tr.nodes[i]));
        r.weights.push_back(tr.weights[i] / total);
    }
    return r;
}

AxisRule bias_rule(const ParameterLaw& law, BiasRule rule, double& gaussian_variance) {
    gaussian_variance = 0.0;
    if (law.is_gaussian()) {  // normal(μ, s): the variance joins the Gaussian part, one node at μ
        gaussian_variance = law.sd() * law.sd();
        return {{law.mean()}, {1.0}};
    }
    const bool fine = rule == BiasRule::fine, heavy = law.kind() == LawKind::student_t;
    return axis_rule(law, heavy ? (fine ? 48 : 32) : (fine ? 24 : 16));
}

GradedRules graded_uniform_rules(const ParameterLaw& law, double mx, double my, double variance) {
    const double half = std::sqrt(3.0) * law.sd(), lo = law.mean() - half, hi = law.mean() + half;
    const double w0 = std::max(std::sqrt(std::max(variance, 0.0)), 1e-3 * (hi - lo)), wmax = (hi - lo) / 8;
    std::vector<double> edges = graded_edges(-mx, w0, wmax, lo, hi);
    if (my != mx) {
        const std::vector<double> more = graded_edges(-my, w0, wmax, lo, hi);
        edges.insert(edges.end(), more.begin(), more.end());
        std::sort(edges.begin(), edges.end());
        edges.erase(std::unique(edges.begin(), edges.end(), [&](double a, double b) { return b - a < 1e-12 * (hi - lo); }),
                    edges.end());
    }
    GradedRules r;
    for (auto [rule, order] : {std::pair{&r.fine, 12}, {&r.coarse, 8}}) {
        const GaussLegendreRule& gl = cached_gauss_legendre_rule(order);
        for (std::size_t p = 0; p + 1 < edges.size(); ++p) {
            const double mid = 0.5 * (edges[p] + edges[p + 1]), h = 0.5 * (edges[p + 1] - edges[p]);
            for (std::size_t i = 0; i < gl.nodes.size(); ++i) {
                rule->values.push_back(mid + h * gl.nodes[i]);
                rule->weights.push_back(h * gl.weights[i] / (hi - lo));
            }
        }
    }
    return r;
}

int law_kernel_points(int continuous_parameters) {
    if (continuous_parameters <= 0) return 1;
    const double n = std::floor(std::pow(kLawKernelBudget, 1.0 / continuous_parameters) + 1e-9);
    return static_cast<int>(std::clamp(n, 4.0, 128.0));
}

ParameterRule parameter_rule(const FirstLayerLaws& laws, int d_in, int points) {
    const AxisRule w = axis_rule(laws.weights, points), b = axis_rule(laws.biases, points);
    const double mean = laws.weights.mean(), inv_root_d = 1.0 / std::sqrt(static_cast<double>(d_in));
    std::size_t total = b.values.size();
    for (int k = 0; k < d_in; ++k) total *= w.values.size();
    ParameterRule r;
    r.d_in = d_in;
    r.weights.resize(total * static_cast<std::size_t>(d_in));
    r.biases.resize(total);
    r.root_weight.resize(total);
    for (std::size_t q = 0; q < total; ++q) {  // mixed radix: b fastest, then w_1 … w_d
        std::size_t rest = q;
        const std::size_t ib = rest % b.values.size();
        rest /= b.values.size();
        double weight = b.weights[ib];
        r.biases[q] = b.values[ib];
        for (int k = 0; k < d_in; ++k) {
            const std::size_t iw = rest % w.values.size();
            rest /= w.values.size();
            weight *= w.weights[iw];
            r.weights[static_cast<std::size_t>(k) * total + q] = mean + (w.values[iw] - mean) * inv_root_d;
        }
        r.root_weight[q] = std::sqrt(weight);
    }
    return r;
}

void require_kernel_moments(const KernelSpec& spec) {
    for (const auto* law : {&spec.first_layer->weights, &spec.first_layer->biases}) {  // E[σ²] needs order 2p (σ ~ |z|^p)
        const double p = growth_power(spec.activation);
        if (law->kind() != LawKind::student_t || !(law->sd() > 0.0) || law->degrees_of_freedom() > 2.0 * p) continue;
        std::ostringstream os;
        os << "the first-layer law " << law->text() << " has too heavy tails for " << spec.activation.name();
        if (std::isinf(p))
            os << " (which grows exponentially): E[sigma(z)^2] diverges, so the GP kernel does not exist; use a normal, "
                  "uniform or Rademacher law";
        else
            os << " (which grows like |z|^" << p << "): E[sigma(z)^2] diverges, so the GP kernel does not exist; use nu > "
               << 2.0 * p << " or a bounded activation";
        throw Error(os.str());
    }
}

LawKernel::LawKernel(const KernelSpec& spec) : spec_(spec) {
    if (!spec.first_layer) throw InternalError("LawKernel needs first-layer laws");
    require_kernel_moments(spec);
    if (const auto slopes = spec.activation.kink_slopes(); slopes && spec.first_layer->weights.is_gaussian()) {
        kink_ = *slopes;  // W·x is normal: only the bias law needs a rule
        kink_fine_ = bias_rule(spec.first_layer->biases, BiasRule::fine, kink_bias_variance_);
        kink_coarse_ = bias_rule(spec.first_layer->biases, BiasRule::coarse, kink_bias_variance_);
        return;
    }
    const int count = spec.d_in * static_cast<int>(continuous(spec.first_layer->weights)) +
                      static_cast<int>(continuous(spec.first_layer->biases));
    const int n = law_kernel_points(count);
    fine_ = parameter_rule(*spec.first_layer, spec.d_in, n);
    // The coarse rule: two thirds of the points for a smooth σ (exponential convergence: the difference bounds the fine
    // rule's error generously); half of them where σ may have kinks (an O(h²) error that oscillates with the kinks'
    // positions, so closer steps could agree by chance).
    const std::vector<double>* kinks = spec.activation.kink_points();
    const bool smooth = kinks != nullptr && kinks->empty();
    coarse_ = parameter_rule(*spec.first_layer, spec.d_in, std::max(3, smooth ? (2 * n) / 3 : n / 2));
}

// W ~ N(μ, σ²/d) per coordinate: z(x) = b + μ Σ_k x_k + u(x), u normal with Cov = σ² x·y/d (+ a normal bias's
// variance); E[σ(z(x)) σ(z(y))] = Σ_q ω_q E[σ(b_q + m_x + u) σ(b_q + m_y + v)] in closed form.
LawExpectations LawKernel::kink_expectations(const PointSet& xs, const PointBlock& ys) const {
    const double mu = spec_.first_layer->weights.mean(), sd = spec_.first_layer->weights.sd();
    const double scale = sd * sd / spec_.d_in, sb2 = kink_bias_variance_;
    const PointBlock xv = xs.view();
    const std::size_t n = ys.count, m_count = xv.count, d = static_cast<std::size_t>(spec_.d_in);
    auto moments = [&](const PointBlock& p, std::size_t i, std::vector<double>& sum, std::vector<double>& norm2) {
        for (std::size_t k = 0; k < d; ++k) {
            const double c = p.coords[k * p.count + i];
            sum[i] += c;
            norm2[i] += c * c;
        }
    };
    std::vector<double> sx(m_count), xx(m_count), sy(n), yy(n);
    for (std::size_t i = 0; i < m_count; ++i) moments(xv, i, sx, xx);
    for (std::size_t j = 0; j < n; ++j) moments(ys, j, sy, yy);
    auto expectation = [&](const AxisRule& r, double mx, double my, double vx, double vy, double c) {
        double e = 0.0;
        for (std::size_t q = 0; q < r.values.size(); ++q)
            e += r.weights[q] * shifted_kink_pair(*kink_, r.values[q] + mx, r.values[q] + my, vx, vy, c);
        return e;
    };
    // Both rules' E at one pair: the fixed rules over the bias law, or for a uniform law panels graded per pair.
    auto both = [&](double mx, double my, double vx, double vy, double c) -> std::pair<double, double> {
        if (spec_.first_layer->biases.kind() != LawKind::uniform) {
            const double fine = expectation(kink_fine_, mx, my, vx, vy, c);
            const bool same = kink_coarse_.values == kink_fine_.values;  // normal, Rademacher: one rule
            return {fine, same ? fine : expectation(kink_coarse_, mx, my, vx, vy, c)};
        }
        const GradedRules r = graded_uniform_rules(spec_.first_layer->biases, mx, my, std::min(vx, vy));
        return {expectation(r.fine, mx, my, vx, vy, c), expectation(r.coarse, mx, my, vx, vy, c)};
    };
    LawExpectations e;
    e.fine.resize(m_count * n);
    e.coarse.resize(m_count * n);
    for (std::size_t i = 0; i < m_count; ++i) {
        const double v = sb2 + scale * xx[i], m = mu * sx[i];
        const auto [fine, coarse] = both(m, m, v, v, v);
        e.x_fine.push_back(fine);
        e.x_coarse.push_back(coarse);
    }
    for (std::size_t j = 0; j < n; ++j) {
        const double v = sb2 + scale * yy[j], m = mu * sy[j];
        const auto [fine, coarse] = both(m, m, v, v, v);
        e.y_fine.push_back(fine);
        e.y_coarse.push_back(coarse);
    }
    for (std::size_t i = 0; i < m_count; ++i)
        for (std::size_t j = 0; j < n; ++j) {
            double dot = 0.0;
            for (std::size_t k = 0; k < d; ++k) dot += xv.coords[k * m_count + i] * ys.coords[k * n + j];
            const double vx = sb2 + scale * xx[i], vy = sb2 + scale * yy[j], c = sb2 + scale * dot;
            std::tie(e.fine[i * n + j], e.coarse[i * n + j]) = both(mu * sx[i], mu * sy[j], vx, vy, c);
        }
    return e;
}

LawExpectations LawKernel::expectations(const PointSet& xs, const PointBlock& ys) const {
    if (kink_) return kink_expectations(xs, ys);
    constexpr std::size_t kBlock = 32;  // points per feature block: 32 × 131072 doubles = 32 MB at most (four live)
    const PointBlock xv = xs.view();
    const std::size_t n = ys.count, m_count = xv.count;
    LawExpectations e;
    e.fine.resize(m_count * n);
    e.coarse.resize(m_count * n);
    e.x_fine.resize(m_count);
    e.x_coarse.resize(m_count);
    e.y_fine.resize(n);
    e.y_coarse.resize(n);
    for (std::size_t m0 = 0; m0 < m_count; m0 += kBlock) {
        const std::size_t mlen = std::min(kBlock, m_count - m0);
        const RowMatrix fx = features(fine_, spec_.activation, xv, m0, mlen);
        const RowMatrix cx = features(coarse_, spec_.activation, xv, m0, mlen);
        Eigen::Map<Eigen::VectorXd>(e.x_fine.data() + m0, static_cast<Eigen::Index>(mlen)) = fx.rowwise().squaredNorm();
        Eigen::Map<Eigen::VectorXd>(e.x_coarse.data() + m0, static_cast<Eigen::Index>(mlen)) = cx.rowwise().squaredNorm();
        for (std::size_t j0 = 0; j0 < n; j0 += kBlock) {
            const std::size_t len = std::min(kBlock, n - j0);
            const RowMatrix fy = features(fine_, spec_.activation, ys, j0, len);
            const RowMatrix cy = features(coarse_, spec_.activation, ys, j0, len);
            if (m0 == 0) {
                Eigen::Map<Eigen::VectorXd>(e.y_fine.data() + j0, static_cast<Eigen::Index>(len)) = fy.rowwise().squaredNorm();
                Eigen::Map<Eigen::VectorXd>(e.y_coarse.data() + j0, static_cast<Eigen::Index>(len)) = cy.rowwise().squaredNorm();
            }
            const RowMatrix g = fx * fy.transpose(), gc = cx * cy.transpose();
            for (std::size_t m = 0; m < mlen; ++m)
                for (std::size_t j = 0; j < len; ++j) {
                    const auto mi = static_cast<Eigen::Index>(m), ji = static_cast<Eigen::Index>(j);
                    e.fine[(m0 + m) * n + j0 + j] = g(mi, ji);
                    e.coarse[(m0 + m) * n + j0 + j] = gc(mi, ji);
                }
        }
    }
    return e;
}

double LawKernel::rows(const PointSet& xs, const PointBlock& ys, double* out) const {
    const double cw = output_weight_variance(spec_), cb = output_bias_variance(spec_), base = spec_.eft ? 0.0 : cb;
    const LawExpectations e = expectations(xs, ys);
    const std::size_t n = ys.count;
    double worst = 0.0;
    for (std::size_t m = 0; m < e.x_fine.size(); ++m)
        for (std::size_t j = 0; j < n; ++j) {
            const double g = e.fine[m * n + j];
            out[m * n + j] = base + cw * g;
            const double scale = cb + cw * std::sqrt(e.x_fine[m] * e.y_fine[j]);
            worst = std::max(worst, cw * std::abs(g - e.coarse[m * n + j]) / (scale + 1e-300));
        }
    return worst;
}

}  // namespace nnft::numeric
