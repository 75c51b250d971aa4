#pragma once
/// \file Integration domains: boxes with panel breakpoints, and R^d through a centred, scaled variable map.
#include <vector>

#include "numeric/points.hpp"

namespace nnft::numeric {

/// A box [lower, upper] in R^d (with breakpoints where the integrand has kinks), or all of R^d mapped to
/// (−1, 1)^d by y_k = centre_k + scale_k t_k / (1 − t_k²), dy_k = scale_k (1 + t_k²)/(1 − t_k²)² dt_k.
class Domain {
public:
    /// The box [lower_k, upper_k]; throws nnft::Error unless lower < upper and both are finite.
    static Domain box(std::vector<double> lower, std::vector<double> upper);
    /// The cube [−cutoff, cutoff]^dim; throws nnft::Error unless 0 < cutoff < ∞ and dim ≥ 1.
    static Domain cube(int dim, double cutoff);
    /// All of R^d, mapped around `centre` with per-axis `scale` > 0 (put them on the integrand's peak).
    static Domain whole_space(std::vector<double> centre, std::vector<double> scale);
    /// The product domain a × b (dimension a.dim() + b.dim(), axes of a first, breakpoints kept); both must be
    /// boxes or both R^d, else throws nnft::Error.
    static Domain product(const Domain& a, const Domain& b);
    /// Add panel breakpoints (in y) along `axis`; points outside the domain are ignored.
    Domain& with_breakpoints(int axis, const std::vector<double>& points);
    /// Split every axis at y = 0 (the ReLU kernel's kink), where 0 lies inside.
    Domain& with_breakpoints_at_zero();
    /// Dimension.
    int dim() const { return static_cast<int>(lower_.size()); }
    /// True for R^d.
    bool infinite() const { return infinite_; }
    /// Segment edges along `axis` in the integration variable (y for boxes, t ∈ (−1, 1) for R^d), sorted.
    const std::vector<double>& segments(int axis) const { return segments_[static_cast<std::size_t>(axis)]; }
    /// Map nodes t (coordinate-major, `count` of them) to y (same layout) and multiply `jacobian` by dy/dt.
    void map(const double* t, std::size_t count, double* y, double* jacobian) const;
    /// Map one integration-variable point to y (for probes and diagnostics).
    std::vector<double> map_point(const std::vector<double>& t) const;
    /// Per-axis centre of the map (R^d) or the box midpoint.
    const std::vector<double>& centre() const { return centre_; }
    /// Per-axis scale of the map (R^d) or the box half-width.
    const std::vector<double>& scale() const { return scale_; }

private:
    Domain() = default;
    double to_variable(int axis, double y) const;
    bool infinite_ = false;
    std::vector<double> lower_, upper_, centre_, scale_;
    std::vector<std::vector<double>> segments_;
};

}  // namespace nnft::numeric
