#include "numeric/gaussian_pair.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>

#include "common/error.hpp"
#include "numeric/gauss_hermite.hpp"
#include "numeric/gauss_legendre.hpp"

namespace nnft::numeric {

namespace {

constexpr int kFineOrder = 16;     // Gauss–Legendre points per panel, finer rule
constexpr int kCoarseOrder = 11;   // … coarser rule on the same panels (the error estimate)
constexpr double kBaseHalfWidth = 12.0;  // |z| ≤ 12: the Gaussian weight times h_k(z), k ≤ 64, is < 1e-15
constexpr int kMaxRefinements = 5;
constexpr double kMaxPanelWidth = 0.5;   // resolves h_k, k ≤ 64, with 16 points per panel
constexpr double kPlainPanelWidth = 1.0; // products of two activations without h_k (the direct rules)
constexpr int kPolarFine = 12, kPolarCoarse = 10;  // the polar 2-d rule's orders (cost ∝ order²)
constexpr int kNestedLevels = 3;   // refinements of the nested rule before the polar rule takes over
constexpr int kNestedFine = 12, kNestedCoarse = 8;  // the nested rule's outer orders per panel
constexpr double kNestedWidest = 2.0;    // its widest outer panel (the Gaussian weight alone is smooth)
constexpr double kNestedHalfWidth = 9.0; // its ranges (φ(9) ≈ 1e-18; no Hermite polynomials to carry) …
constexpr double kNestedTail = 3e-8;     // … widened until σ(±sL)² e^{−L²/2} ≤ 1e-15 norm (a product of two σ)

// Nodes and weights (Gaussian density included) of a composite rule.
struct NodeRule {
    std::vector<double> z, w;
};

// σ(u + shift): the activation seen by a layer whose bias node sits at `shift` (shift 0: σ itself, bit for bit), with
// the arguments u where it may have kinks (σ's kink points minus the shift).
struct Sigma {
    const Activation* activation = nullptr;
    double shift = 0.0;
    const std::vector<double>* kinks = nullptr;
    void apply(double* v, std::size_t n) const {
        if (shift != 0.0)
            for (std::size_t i = 0; i < n; ++i) v[i] += shift;
        activation->apply(v, n);
    }
    std::string name() const { return activation->name(); }
};

Sigma sigma_of(const GaussianPairExpectation& g) { return {&g.activation(), g.shift(), &g.kink_arguments()}; }

// `edges` (sorted) with the kinks' positions kink / scale inside (lo, hi) added: panels then never straddle a kink.
void add_breaks(std::vector<double>& edges, const std::vector<double>& kinks, double scale) {
    if (scale == 0.0) return;
    const double lo = edges.front(), hi = edges.back();
    for (double k : kinks) {
        const double z = k / scale;
        if (z > lo && z < hi && std::find(edges.begin(), edges.end(), z) == edges.end())
            edges.insert(std::upper_bound(edges.begin(), edges.end(), z), z);
    }
}

// Gauss–Legendre of `order` points on each panel, weights times the standard normal density.
void fill_rule(const std::vector<double>& edges, int order, NodeRule& out) {
    const GaussLegendreRule& gl = cached_gauss_legendre_rule(order);
    const double norm = 1.0 / std::sqrt(2.0 * std::numbers::pi);
    out.z.clear();
    out.w.clear();
    for (std::size_t p = 0; p + 1 < edges.size(); ++p) {
        const double mid = 0.5 * (edges[p] + edges[p + 1]), half = 0.5 * (edges[p + 1] - edges[p]);
        for (std::size_t i = 0; i < gl.nodes.size(); ++i) {
            const double z = mid + half * gl.nodes[i];
            out.z.push_back(z);
            out.w.push_back(half * gl.weights[i] * norm * std::exp(-0.5 * z * z));
        }
    }
}

// σ(scale · z_i) on the rule's nodes; throws when σ is not finite there.
void activation_values(const Sigma& a, const NodeRule& r, double scale, std::vector<double>& out) {
    out.resize(r.z.size());
    for (std::size_t i = 0; i < r.z.size(); ++i) out[i] = scale * r.z[i];
    a.apply(out.data(), out.size());
    for (std::size_t i = 0; i < out.size(); ++i)
        if (!std::isfinite(out[i]))
            throw Error("the activation " + a.name() + " is not finite at x = " + std::to_string(scale * r.z[i] + a.shift) +
                        ": its GP kernel does not exist; use an activation that is finite on the whole real line");
}

// Σ_i f_i g_i with four partial sums (a vectorisable reduction without reassociation flags).
double dot(const double* f, const double* g, std::size_t n) {
    double s[4] = {0.0, 0.0, 0.0, 0.0};
    std::size_t i = 0;
    for (; i + 4 <= n; i += 4)
        for (std::size_t j = 0; j < 4; ++j) s[j] += f[i + j] * g[i + j];
    for (; i < n; ++i) s[0] += f[i] * g[i];
    return (s[0] + s[1]) + (s[2] + s[3]);
}

// a_k = Σ_i w_i σ_i h_k(z_i), k ≤ K, by the normalised Hermite recurrence h_{k+1} = (z h_k − √k h_{k−1})/√(k+1).
std::vector<double> hermite_coefficients(const NodeRule& r, const std::vector<double>& sigma, double& norm) {
    const std::size_t n = r.z.size();
    std::vector<double> f(n), hprev(n, 1.0), hcur(r.z), a(GaussianPairExpectation::kTerms + 1, 0.0);
    norm = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        f[i] = r.w[i] * sigma[i];
        a[0] += f[i];
        a[1] += f[i] * r.z[i];
        norm += f[i] * sigma[i];
    }
    for (int k = 1; k < GaussianPairExpectation::kTerms; ++k) {
        const double c1 = 1.0 / std::sqrt(k + 1.0), c0 = std::sqrt(static_cast<double>(k)) * c1;
        for (std::size_t i = 0; i < n; ++i) {  // two passes, so that the compiler vectorises both
            const double next = c1 * r.z[i] * hcur[i] - c0 * hprev[i];
            hprev[i] = hcur[i];
            hcur[i] = next;
        }
        a[static_cast<std::size_t>(k) + 1] = dot(f.data(), hcur.data(), n);
    }
    return a;
}

// Σ_i w_i f(z_i) g(z_i) for two value arrays on one rule.
double weighted_dot(const NodeRule& r, const std::vector<double>& f, const std::vector<double>& g) {
    double s = 0.0;
    for (std::size_t i = 0; i < r.z.size(); ++i) s += r.w[i] * f[i] * g[i];
    return s;
}

// The half-width needed at standard deviation s: the integrand at ±L must be negligible (σ(±sL) e^{−L²/4}
// ≤ tolerance · √norm; the default 1e-15 for the Hermite coefficients, whose h_k(z) grow like e^{z²/4}),
// starting from `base` (+ margin · s). Grows L in steps of 6 up to a cap; throws when E[σ(u)²] does not exist.
double half_width(const Sigma& a, double s, double margin, double norm_guess, double base = kBaseHalfWidth,
                  double tolerance = 1e-15) {
    const double cap = kBaseHalfWidth + 12.0 * s + 60.0;
    for (double L = base + margin * s; L <= cap; L += 6.0) {
        double v[2] = {s * L, -s * L};
        a.apply(v, 2);
        const double damp = std::exp(-0.25 * L * L);
        if (std::isfinite(v[0]) && std::isfinite(v[1]) && std::max(std::abs(v[0]), std::abs(v[1])) * damp <= tolerance * std::sqrt(norm_guess) + 1e-300)
            return L;
    }
    throw Error("the activation " + a.name() + " grows so fast that E[sigma(u)^2] does not exist at pre-activation sd " +
                std::to_string(s) + ": its GP kernel diverges; use an activation that grows at most like exp(c|x|)");
}

}  // namespace

HermitePoint GaussianPairExpectation::expand(double variance) const {
    const Sigma sigma = sigma_of(*this);
    HermitePoint p;
    p.sd = std::sqrt(std::max(0.0, variance));
    if (p.sd == 0.0) {
        double v = 0.0;
        sigma.apply(&v, 1);
        p.a.assign(kTerms + 1, 0.0);
        p.a[0] = v;
        p.a_coarse = p.a;
        p.norm = v * v;
        return p;
    }
    double norm_guess = 1.0;
    {
        double v[2] = {p.sd, -p.sd};
        sigma.apply(v, 2);
        norm_guess = 0.5 * (v[0] * v[0] + v[1] * v[1]) + 1e-300;
    }
    const double L = half_width(sigma, p.sd, growth_margin_, norm_guess);
    NodeRule fine, coarse;
    std::vector<double> values;
    for (int level = 0; level <= kMaxRefinements; ++level) {
        const double shrink = std::ldexp(1.0, -level);
        auto edges = graded_edges(0.0, std::min(kMaxPanelWidth, 1.0 / p.sd) * shrink, kMaxPanelWidth * shrink, -L, L);
        add_breaks(edges, *sigma.kinks, p.sd);
        fill_rule(edges, kFineOrder, fine);
        fill_rule(edges, kCoarseOrder, coarse);
        activation_values(sigma, fine, p.sd, values);
        p.a = hermite_coefficients(fine, values, p.norm);
        activation_values(sigma, coarse, p.sd, values);
        double norm_coarse = 0.0;
        p.a_coarse = hermite_coefficients(coarse, values, norm_coarse);
        p.error = std::abs(p.norm - norm_coarse) / (2.0 * std::sqrt(p.norm) + 1e-300);
        for (int k = 0; k <= kTerms; ++k) p.error = std::max(p.error, std::abs(p.a[k] - p.a_coarse[k]));
        if (p.error <= 0.1 * kTolerance * std::sqrt(p.norm)) break;
    }
    double kept = 0.0;
    for (double c : p.a) kept += c * c;
    p.tail = std::max(0.0, p.norm - kept);
    return p;
}

namespace {

// Panel widths of the direct rules at refinement `level`: the first panel at the centre resolves features of
// width ~1/s (a steep tanh, a kink), the widest resolves the Gaussian weight; each level halves both, for
// activations whose features are not at 0 (sin, cos).
struct Widths {
    double first, widest;
};
Widths plain_widths(double s, int level) {
    const double shrink = std::ldexp(1.0, -level);
    return {std::min(kPlainPanelWidth, 1.0 / s) * shrink, kPlainPanelWidth * shrink};
}

// E[σ(sx z) σ(±sy z)] (|ρ| = 1) on one 1-d rule at the larger scale.
double perfectly_correlated(const Sigma& a, double sx, double sy, double sign, double L, int order, int level) {
    const Widths w = plain_widths(std::max(sx, sy), level);
    NodeRule r;
    std::vector<double> edges = graded_edges(0.0, w.first, w.widest, -L, L);
    add_breaks(edges, *a.kinks, sx);
    add_breaks(edges, *a.kinks, sign * sy);
    fill_rule(edges, order, r);
    std::vector<double> f, g;
    activation_values(a, r, sx, f);
    activation_values(a, r, sign * sy, g);
    return weighted_dot(r, f, g);
}

// Gauss–Legendre nodes on [lo, hi] graded towards both ends (where the arcs meet σ's kink lines), appended.
void append_arc(double lo, double hi, double w0, double widest, int order, NodeRule& out) {
    const GaussLegendreRule& gl = cached_gauss_legendre_rule(order);
    const double mid = 0.5 * (lo + hi);
    std::vector<double> edges = graded_edges(lo, std::min(w0, mid - lo), widest, lo, mid);
    const std::vector<double> upper = graded_edges(hi, std::min(w0, hi - mid), widest, mid, hi);
    edges.insert(edges.end(), upper.begin() + 1, upper.end());
    for (std::size_t p = 0; p + 1 < edges.size(); ++p) {
        const double m = 0.5 * (edges[p] + edges[p + 1]), h = 0.5 * (edges[p + 1] - edges[p]);
        for (std::size_t i = 0; i < gl.nodes.size(); ++i) {
            out.z.push_back(m + h * gl.nodes[i]);
            out.w.push_back(h * gl.weights[i]);
        }
    }
}

// The angles θ in [0, 2π) where u = sx R cos θ or v = sy R cos(θ − φ) meets one of σ's kinks k (cos = k / (s R)),
// sorted, the first repeated at +2π; the two halves of the circle when no kink is met at this radius.
std::vector<double> kink_angles(const std::vector<double>& kinks, double sx, double sy, double phi, double R) {
    const double pi = std::numbers::pi;
    std::vector<double> rays;
    auto add = [&](double k, double s, double offset) {
        if (k == 0.0) {  // the rays of a kink at 0: θ = offset ± π/2
            rays.push_back(std::fmod(offset + 0.5 * pi, 2 * pi));
            rays.push_back(std::fmod(offset + 1.5 * pi, 2 * pi));
        } else if (const double c = k / (s * R); std::abs(c) < 1.0) {
            rays.push_back(std::fmod(offset + std::acos(c), 2 * pi));
            rays.push_back(std::fmod(offset + 2 * pi - std::acos(c), 2 * pi));
        }
    };
    for (double k : kinks) {
        add(k, sx, 0.0);
        add(k, sy, phi);
    }
    if (rays.empty()) rays = {0.0, pi};
    std::sort(rays.begin(), rays.end());
    rays.push_back(rays.front() + 2 * pi);
    return rays;
}

// E[σ(sx z1) σ(sy(ρ z1 + r z2))] in polar coordinates z = R(cos θ, sin θ): u = sx R cos θ, v = sy R cos(θ − φ),
// φ = atan2(r, ρ). At fixed R the angular integrand is smooth on the arcs between the angles where u or v meets a
// kink of σ (kink_angles: four rays θ = ±π/2, φ ± π/2 for a kink at 0); arcs are graded towards their ends on the
// scale 1/(s R) of a steep σ. Radial panels are graded from 0 like the 1-d rules and break where a kink k ≠ 0 first
// meets the circle (R = |k|/sx, |k|/sy).
double polar_rule(const Sigma& a, double sx, double sy, double rho, double L, int order, int level) {
    const double pi = std::numbers::pi, phi = std::atan2(std::sqrt(std::max(0.0, 1.0 - rho * rho)), rho);
    const double s = std::max(sx, sy);
    const Widths wr = plain_widths(s, level);
    const GaussLegendreRule& gl = cached_gauss_legendre_rule(order);
    std::vector<double> radial = graded_edges(0.0, wr.first, wr.widest, 0.0, L), radii;
    for (double k : *a.kinks) radii.push_back(std::abs(k));
    add_breaks(radial, radii, sx);
    add_breaks(radial, radii, sy);
    NodeRule angles;
    std::vector<double> fu, fv;
    double total = 0.0;
    for (std::size_t p = 0; p + 1 < radial.size(); ++p) {
        const double m = 0.5 * (radial[p] + radial[p + 1]), h = 0.5 * (radial[p + 1] - radial[p]);
        for (std::size_t i = 0; i < gl.nodes.size(); ++i) {
            const double R = m + h * gl.nodes[i];
            const double weight = h * gl.weights[i] * R * std::exp(-0.5 * R * R) / (2 * pi);
            angles.z.clear();
            angles.w.clear();
            const double w0 = std::min(0.5, 1.0 / (s * R)) * std::ldexp(1.0, -level);
            const std::vector<double> rays = kink_angles(*a.kinks, sx, sy, phi, R);
            for (std::size_t k = 0; k + 1 < rays.size(); ++k)
                if (rays[k + 1] > rays[k]) append_arc(rays[k], rays[k + 1], w0, 0.5 * std::ldexp(1.0, -level), order, angles);
            fu.resize(angles.z.size());
            fv.resize(angles.z.size());
            for (std::size_t j = 0; j < angles.z.size(); ++j) {
                fu[j] = sx * R * std::cos(angles.z[j]);
                fv[j] = sy * R * std::cos(angles.z[j] - phi);
            }
            a.apply(fu.data(), fu.size());
            a.apply(fv.data(), fv.size());
            double arc = 0.0;
            for (std::size_t j = 0; j < angles.z.size(); ++j) arc += angles.w[j] * fu[j] * fv[j];
            if (!std::isfinite(arc))
                throw Error("the activation " + a.name() + " is not finite on the quadrature nodes at radius " + std::to_string(R) +
                            ": its GP kernel does not exist");
            total += weight * arc;
        }
    }
    return total;
}

// E[σ(S z1) σ(s(ρ z1 + r z2))], r = √(1−ρ²), S ≥ s the two sds, for a smooth σ (docs/methods/kernels.md, "Near
// |ρ| = 1"): z1 outside on graded Gauss–Legendre panels (12 and 8 points), z2 inside by the trapezoidal rule of
// the Gaussian weight, which converges like exp(−2πδ/(hΔ)) for σ analytic in |Im| < δ; the conditional sd h = s r
// is small near |ρ| = 1, so few inner nodes serve. Value: fine outer, inner step Δ/2; error: |that − the same at
// step Δ| (the inner error of step Δ bounds that of Δ/2) + |fine − coarse outer at step Δ|.
struct HalfWidths {
    double outer, inner;  // of the z1 and the z2 ranges
};
Estimate nested_rule(const Sigma& a, double sx, double sy, double rho, HalfWidths widths, int level) {
    const double big = std::max(sx, sy), small = std::min(sx, sy);
    const double h = small * std::sqrt(std::max(0.0, 1.0 - rho * rho));
    const double shrink = std::ldexp(1.0, -level);
    const double step = std::min(0.7, 0.35 / std::max(h, 1e-300)) * shrink;
    const GaussHermiteRule inner = gaussian_trapezoid(0.5 * step, widths.inner);  // the Δ/2 nodes; even offsets: Δ
    const std::size_t ni = inner.nodes.size(), middle = ni / 2;                        // nodes[middle] = 0
    const double L = widths.outer;
    const auto edges = graded_edges(0.0, std::min(kPlainPanelWidth, 1.0 / big) * shrink, kNestedWidest * shrink, -L, L);
    double value[2] = {0.0, 0.0}, coarse = 0.0;  // fine outer at steps Δ/2 and Δ; coarse outer at Δ
    std::vector<double> f, args;
    for (int order : {kNestedFine, kNestedCoarse}) {
        NodeRule outer;
        fill_rule(edges, order, outer);
        activation_values(a, outer, big, f);
        const std::size_t stride = order == kNestedFine ? 1 : 2, first = middle % 2 == 0 || stride == 1 ? 0 : 1;
        std::vector<std::size_t> ks;
        for (std::size_t k = first; k < ni; k += stride) ks.push_back(k);
        args.resize(outer.z.size() * ks.size());
        for (std::size_t i = 0; i < outer.z.size(); ++i)
            for (std::size_t q = 0; q < ks.size(); ++q) args[i * ks.size() + q] = small * rho * outer.z[i] + h * inner.nodes[ks[q]];
        a.apply(args.data(), args.size());
        for (std::size_t i = 0; i < outer.z.size(); ++i) {
            double g_half = 0.0, g_full = 0.0;
            for (std::size_t q = 0; q < ks.size(); ++q) {
                const double t = inner.weights[ks[q]] * args[i * ks.size() + q];
                g_half += t;
                if ((ks[q] + middle) % 2 == 0) g_full += 2.0 * t;
            }
            if (order == kNestedFine) {
                value[0] += outer.w[i] * f[i] * g_half;
                value[1] += outer.w[i] * f[i] * g_full;
            } else {
                coarse += outer.w[i] * f[i] * g_full;
            }
        }
    }
    if (!std::isfinite(value[0]) || !std::isfinite(value[1]) || !std::isfinite(coarse))
        throw Error("the activation " + a.name() + " is not finite on the quadrature nodes: its GP kernel does not exist");
    return {value[0], std::abs(value[0] - value[1]) + std::abs(value[1] - coarse)};
}

// The nested rule refined (outer panels and inner step halved per level) until its error is within `target`.
Estimate refined_nested(const Sigma& a, double sx, double sy, double rho, double margin, double scale, double target) {
    const double h = std::min(sx, sy) * std::sqrt(std::max(0.0, 1.0 - rho * rho));
    const HalfWidths widths{half_width(a, std::max(sx, sy), margin, scale, kNestedHalfWidth, kNestedTail),
                            half_width(a, h, margin, scale, kNestedHalfWidth, kNestedTail)};
    Estimate e;
    for (int level = 0; level <= kNestedLevels; ++level)
        if ((e = nested_rule(a, sx, sy, rho, widths, level)).error <= target) break;
    return e;
}

// Whether the nested rule meets the target on probe pairs near |ρ| = ±1 (sds 1, 3, 10; conditional sds 0.14–1.4):
// false for kinks (the inner trapezoid converges like Δ² there), even where the expression's smooth function is
// written with step or abs (softplus's overflow-free form passes). Kinked σ then skip the nested rule.
bool nested_rule_converges(const Sigma& a, double margin) {
    try {
        for (const auto& [s, rho] : {std::pair{1.0, 0.99}, {3.0, 0.995}, {3.0, -0.98}, {10.0, 0.999}}) {
            const double L = half_width(a, s, margin, 1.0);
            const double scale = std::abs(perfectly_correlated(a, s, s, 1.0, L, kFineOrder, 0)) + 1e-300;
            if (!(refined_nested(a, s, s, rho, margin, scale, GaussianPairExpectation::kTolerance * scale).error <=
                  GaussianPairExpectation::kTolerance * scale))
                return false;
        }
        return true;
    } catch (const Error&) {  // not finite or growing too fast on the probes: leave it to the other rules
        return false;
    }
}

// A direct rule (fine, coarse orders) refined until the two agree within `target` or `max_level` is reached.
template <class Rule>
Estimate refined(const Rule& rule, int fine_order, int coarse_order, int max_level, double target) {
    Estimate e;
    for (int level = 0; level <= max_level; ++level) {
        e.value = rule(fine_order, level);
        e.error = std::abs(e.value - rule(coarse_order, level));
        if (e.error <= target) break;
    }
    return e;
}

}  // namespace

GaussianPairExpectation::GaussianPairExpectation(Activation activation, double shift)
    : activation_(std::move(activation)), shift_(shift) {
    if (activation_.kind() == ActivationKind::expression && !activation_.program())
        throw Error("the activation '" + activation_.name() + "' has no program (it was read back from a document): "
                    "give it again with --activation");
    if (!std::isfinite(shift_)) throw InternalError("GaussianPairExpectation: the shift must be finite");
    // Where σ(u + shift) may kink; a smooth σ or unknown kinks keep the rays at 0 (harmless where smooth).
    const std::vector<double>* known = activation_.kink_points();
    kinks_ = known != nullptr && !known->empty() ? *known : std::vector<double>{0.0};
    for (double& k : kinks_) k -= shift_;
    growth_margin_ = grows_exponentially(activation_) ? 3.0 : 0.0;
    smooth_ = nested_rule_converges(sigma_of(*this), growth_margin_);
}

Estimate GaussianPairExpectation::pair(const HermitePoint& x, const HermitePoint& y, double covariance) const {
    if (x.sd == 0.0 || y.sd == 0.0)
        return {x.a[0] * y.a[0], x.error * std::abs(y.a[0]) + y.error * std::abs(x.a[0])};
    const double rho = std::clamp(covariance / (x.sd * y.sd), -1.0, 1.0);
    const double scale = std::sqrt(x.norm * y.norm);
    double sum = 0.0, sum_coarse = 0.0, power = 1.0;
    for (int k = 0; k <= kTerms; ++k, power *= rho) {
        sum += power * x.a[k] * y.a[k];
        sum_coarse += power * x.a_coarse[k] * y.a_coarse[k];
    }
    const double truncation = std::abs(power) * std::sqrt(x.tail * y.tail);
    const double rounding = 1e-16 * (kTerms + 1) * scale;
    if (truncation <= kTolerance * scale) return {sum, truncation + std::abs(sum - sum_coarse) + rounding};
    const Sigma sigma = sigma_of(*this);
    const double L = half_width(sigma, std::max(x.sd, y.sd), growth_margin_, scale + 1e-300);
    Estimate e;
    if (1.0 - std::abs(rho) <= 1e-15) {
        const double sign = rho > 0 ? 1.0 : -1.0;
        e = refined([&](int order, int level) { return perfectly_correlated(sigma, x.sd, y.sd, sign, L, order, level); },
                    kFineOrder, kCoarseOrder, kMaxRefinements, kTolerance * scale);
    } else {  // smooth σ: the nested rule; the polar rule for kinks and where the nested one misses the target
        const double target = kTolerance * scale;
        if (smooth_) e = refined_nested(sigma, x.sd, y.sd, rho, growth_margin_, scale, target);
        if (!smooth_ || e.error > target) {
            const Estimate polar = refined([&](int order, int level) { return polar_rule(sigma, x.sd, y.sd, rho, L, order, level); },
                                           kPolarFine, kPolarCoarse, 3, target);
            if (!smooth_ || polar.error < e.error) e = polar;
        }
    }
    e.error += rounding;
    return e;
}

double covariance_slope(const HermitePoint& x, const HermitePoint& y) {
    if (x.sd == 0.0 || y.sd == 0.0) return 0.0;
    double s = 0.0;
    for (std::size_t k = 1; k < x.a.size(); ++k) s += static_cast<double>(k) * std::abs(x.a[k] * y.a[k]);
    return s / (x.sd * y.sd);
}

}  // namespace nnft::numeric
