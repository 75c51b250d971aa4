#pragma once
/// \file Point sets in R^d stored structure-of-arrays (coordinate-major), as the SIMD kernels want them.
#include <cstddef>
#include <span>
#include <string_view>
#include <vector>

namespace nnft::numeric {

/// Non-owning view of `count` points in R^dim: coordinate k of point j is coords[k * count + j].
struct PointBlock {
    int dim = 0;                     ///< dimension of each point
    std::size_t count = 0;           ///< number of points
    const double* coords = nullptr;  ///< dim * count values, coordinate-major
};

/// Owning set of points in R^d, coordinate-major.
class PointSet {
public:
    /// An empty set of points in R^dim.
    explicit PointSet(int dim = 1) : dim_(dim) {}
    /// Build from points given one per row, e.g. {{0.2}, {0.4}} or {{-1, 1}, {1, 1}}; rows must share a length.
    static PointSet from_rows(const std::vector<std::vector<double>>& rows);
    /// Build from a flat coordinate-major array of dim * count values.
    static PointSet from_coordinate_major(int dim, std::vector<double> coords);
    /// Dimension of each point.
    int dim() const { return dim_; }
    /// Number of points.
    std::size_t size() const { return dim_ > 0 ? coords_.size() / static_cast<std::size_t>(dim_) : 0; }
    /// Coordinate k of point j.
    double at(std::size_t j, int k) const { return coords_[static_cast<std::size_t>(k) * size() + j]; }
    /// Point j copied into a row vector.
    std::vector<double> point(std::size_t j) const;
    /// The coordinate-major storage.
    const std::vector<double>& coords() const { return coords_; }
    /// A non-owning view of all points.
    PointBlock view() const { return PointBlock{dim_, size(), coords_.data()}; }

private:
    int dim_;
    std::vector<double> coords_;
};

/// Throw nnft::Error unless every point has dimension `d_in` and finite coordinates; `what` names the set.
void validate_points(const PointSet& points, int d_in, std::string_view what);

/// Throw nnft::Error unless `x` has length `d_in` and finite entries; `what` names the point.
void validate_point(std::span<const double> x, int d_in, std::string_view what);

}  // namespace nnft::numeric
