#include "numeric/domain.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "common/error.hpp"

namespace nnft::numeric {

Domain Domain::box(std::vector<double> lower, std::vector<double> upper) {
    if (lower.empty() || lower.size() != upper.size())
        throw Error("box domain needs lower and upper corners of the same dimension >= 1");
    for (std::size_t k = 0; k < lower.size(); ++k)
        if (!std::isfinite(lower[k]) || !std::isfinite(upper[k]) || !(lower[k] < upper[k]))
            throw Error("box domain axis " + std::to_string(k) + " is [" + std::to_string(lower[k]) + ", " +
                        std::to_string(upper[k]) + "]: give finite bounds with lower < upper (use whole_space for R^d)");
    Domain d;
    d.lower_ = std::move(lower);
    d.upper_ = std::move(upper);
    for (std::size_t k = 0; k < d.lower_.size(); ++k) {
        d.centre_.push_back(0.5 * (d.lower_[k] + d.upper_[k]));
        d.scale_.push_back(0.5 * (d.upper_[k] - d.lower_[k]));
        d.segments_.push_back({d.lower_[k], d.upper_[k]});
    }
    return d;
}

Domain Domain::cube(int dim, double cutoff) {
    if (dim < 1) throw Error("cube domain needs dimension >= 1, got " + std::to_string(dim));
    if (!(cutoff > 0.0) || !std::isfinite(cutoff))
        throw Error("cutoff Lambda = " + std::to_string(cutoff) +
                    " is invalid: give 0 < Lambda < infinity, or use Domain::whole_space for Lambda = infinity");
    return box(std::vector<double>(static_cast<std::size_t>(dim), -cutoff),
               std::vector<double>(static_cast<std::size_t>(dim), cutoff));
}

Domain Domain::whole_space(std::vector<double> centre, std::vector<double> scale) {
    if (centre.empty() || centre.size() != scale.size())
        throw Error("whole-space domain needs centre and scale vectors of the same dimension >= 1");
    for (std::size_t k = 0; k < centre.size(); ++k)
        if (!std::isfinite(centre[k]) || !std::isfinite(scale[k]) || !(scale[k] > 0.0))
            throw Error("whole-space domain axis " + std::to_string(k) + ": give a finite centre and a scale > 0");
    Domain d;
    d.infinite_ = true;
    d.lower_.assign(centre.size(), -1.0);
    d.upper_.assign(centre.size(), 1.0);
    d.centre_ = std::move(centre);
    d.scale_ = std::move(scale);
    d.segments_.assign(d.centre_.size(), {-1.0, 1.0});
    return d;
}

Domain Domain::product(const Domain& a, const Domain& b) {
    if (a.infinite_ != b.infinite_)
        throw Error("product domain needs two boxes or two whole spaces: map both factors the same way");
    Domain d = a;
    auto append = [](std::vector<double>& to, const std::vector<double>& from) { to.insert(to.end(), from.begin(), from.end()); };
    append(d.lower_, b.lower_);
    append(d.upper_, b.upper_);
    append(d.centre_, b.centre_);
    append(d.scale_, b.scale_);
    d.segments_.insert(d.segments_.end(), b.segments_.begin(), b.segments_.end());
    return d;
}

double Domain::to_variable(int axis, double y) const {
    if (!infinite_) return y;
    const auto k = static_cast<std::size_t>(axis);
    const double u = (y - centre_[k]) / scale_[k];  // u = t / (1 − t²)  ⇒  t = 2u / (1 + sqrt(1 + 4u²))
    return 2.0 * u / (1.0 + std::sqrt(1.0 + 4.0 * u * u));
}

Domain& Domain::with_breakpoints(int axis, const std::vector<double>& points) {
    if (axis < 0 || axis >= dim()) throw Error("breakpoint axis " + std::to_string(axis) + " is outside the domain");
    auto& seg = segments_[static_cast<std::size_t>(axis)];
    const double lower = seg.front(), upper = seg.back();  // seg is sorted: its ends are the domain's
    for (double p : points) {
        if (!std::isfinite(p)) continue;
        const double t = to_variable(axis, p);
        if (t > lower && t < upper) seg.push_back(t);
    }
    std::sort(seg.begin(), seg.end());
    seg.erase(std::unique(seg.begin(), seg.end()), seg.end());
    return *this;
}

Domain& Domain::with_breakpoints_at_zero() {
    for (int k = 0; k < dim(); ++k) with_breakpoints(k, {0.0});
    return *this;
}

void Domain::map(const double* t, std::size_t count, double* y, double* jacobian) const {
    const auto d = static_cast<std::size_t>(dim());
    if (!infinite_) {
        std::copy(t, t + d * count, y);
        return;
    }
    for (std::size_t k = 0; k < d; ++k) {
        const double c = centre_[k], s = scale_[k];
        for (std::size_t j = 0; j < count; ++j) {
            const double tk = t[k * count + j];
            const double q = 1.0 - tk * tk;
            if (q <= 0.0) {  // the boundary t = ±1 is y = ±∞: measure zero, weight it 0
                y[k * count + j] = c;
                jacobian[j] = 0.0;
                continue;
            }
            y[k * count + j] = c + s * tk / q;
            jacobian[j] *= s * (1.0 + tk * tk) / (q * q);
        }
    }
}

std::vector<double> Domain::map_point(const std::vector<double>& t) const {
    std::vector<double> y(t.size());
    double jac = 1.0;
    map(t.data(), 1, y.data(), &jac);
    return y;
}

}  // namespace nnft::numeric
