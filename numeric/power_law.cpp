#include "numeric/power_law.hpp"

#include "common/error.hpp"

#include <cmath>
#include <limits>

namespace nnft::numeric {

namespace {

struct Profile {
    const std::vector<double>& x;
    const std::vector<double>& y;
    const std::vector<double>& w;  // 1/σ²
    /// The best a for exponent b, and the χ² there.
    std::pair<double, double> at(double b) const {
        double syu = 0, suu = 0;
        for (std::size_t i = 0; i < x.size(); ++i) {
            const double u = std::pow(x[i], b);
            syu += w[i] * y[i] * u;
            suu += w[i] * u * u;
        }
        const double a = syu / suu;
        double chi2 = 0;
        for (std::size_t i = 0; i < x.size(); ++i) {
            const double r = y[i] - a * std::pow(x[i], b);
            chi2 += w[i] * r * r;
        }
        return {a, chi2};
    }
    double chi2(double b) const { return at(b).second; }
};

/// Where chi2 crosses `level` between b_in (below the level) and b_out (above it), by bisection.
double crossing(const Profile& p, double b_in, double b_out, double level) {
    for (int i = 0; i < 200 && std::abs(b_out - b_in) > 1e-12 * (1 + std::abs(b_in)); ++i) {
        const double mid = 0.5 * (b_in + b_out);
        (p.chi2(mid) <= level ? b_in : b_out) = mid;
    }
    return 0.5 * (b_in + b_out);
}

}  // namespace

PowerLawFit fit_power_law(const std::vector<double>& x, const std::vector<double>& y, const std::vector<double>& error,
                          double b_min, double b_max) {
    if (x.size() != y.size() || x.size() != error.size())
        throw Error("power-law fit: x, y and errors have different lengths");
    if (x.size() < 3) throw Error("power-law fit: need at least 3 points for an exponent with an error (got " + std::to_string(x.size()) + ")");
    if (!(b_min < b_max)) throw Error("power-law fit: empty exponent range");
    std::vector<double> w(x.size());
    for (std::size_t i = 0; i < x.size(); ++i) {
        if (!(x[i] > 0) || !std::isfinite(x[i])) throw Error("power-law fit: x must be positive and finite");
        if (!std::isfinite(y[i])) throw Error("power-law fit: y must be finite");
        if (!(error[i] > 0) || !std::isfinite(error[i]))
            throw Error("power-law fit: every point needs a positive finite error (exact data: fit the log-log slope instead)");
        w[i] = 1.0 / (error[i] * error[i]);
    }
    const Profile p{x, y, w};
    // Coarse scan (the profiled χ² can have a second, spurious minimum where a·x^b flattens to ~0).
    constexpr int kScan = 600;
    double best_b = b_min, best = std::numeric_limits<double>::infinity();
    const double step = (b_max - b_min) / kScan;
    for (int k = 0; k <= kScan; ++k) {
        const double b = b_min + step * k;
        const double c = p.chi2(b);
        if (c < best) {
            best = c;
            best_b = b;
        }
    }
    // Golden-section refinement in the bracketing cells.
    double lo = std::max(b_min, best_b - step), hi = std::min(b_max, best_b + step);
    const double g = (std::sqrt(5.0) - 1) / 2;
    double c1 = hi - g * (hi - lo), c2 = lo + g * (hi - lo);
    double f1 = p.chi2(c1), f2 = p.chi2(c2);
    for (int i = 0; i < 200 && hi - lo > 1e-13 * (1 + std::abs(lo)); ++i) {
        if (f1 < f2) {
            hi = c2;
            c2 = c1;
            f2 = f1;
            c1 = hi - g * (hi - lo);
            f1 = p.chi2(c1);
        } else {
            lo = c1;
            c1 = c2;
            f1 = f2;
            c2 = lo + g * (hi - lo);
            f2 = p.chi2(c2);
        }
    }
    PowerLawFit fit;
    fit.exponent = 0.5 * (lo + hi);
    const auto [a, chi2] = p.at(fit.exponent);
    fit.amplitude = a;
    fit.chi2 = chi2;
    fit.dof = static_cast<int>(x.size()) - 2;
    const double level = chi2 + 1.0;
    // Walk outwards to bracket the χ² = min + 1 crossing on each side.
    auto side = [&](double dir) {
        double d = 1e-3;
        while (true) {
            const double b = fit.exponent + dir * d;
            if ((dir < 0 && b <= b_min) || (dir > 0 && b >= b_max)) return std::numeric_limits<double>::infinity();
            if (p.chi2(b) > level) return std::abs(crossing(p, fit.exponent, b, level) - fit.exponent);
            d *= 1.5;
        }
    };
    fit.exponent_error = 0.5 * (side(-1.0) + side(+1.0));
    return fit;
}

}  // namespace nnft::numeric
