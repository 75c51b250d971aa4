#include "numeric/points.hpp"

#include <cmath>
#include <string>

#include "common/error.hpp"

namespace nnft::numeric {

PointSet PointSet::from_rows(const std::vector<std::vector<double>>& rows) {
    if (rows.empty()) throw Error("point set is empty: give at least one point");
    const std::size_t d = rows.front().size();
    if (d == 0) throw Error("point set has points of dimension 0: give at least one coordinate per point");
    PointSet set(static_cast<int>(d));
    set.coords_.assign(d * rows.size(), 0.0);
    for (std::size_t j = 0; j < rows.size(); ++j) {
        if (rows[j].size() != d)
            throw Error("point " + std::to_string(j) + " has " + std::to_string(rows[j].size()) +
                        " coordinates but point 0 has " + std::to_string(d) + ": give every point the same d_in");
        for (std::size_t k = 0; k < d; ++k) set.coords_[k * rows.size() + j] = rows[j][k];
    }
    return set;
}

PointSet PointSet::from_coordinate_major(int dim, std::vector<double> coords) {
    if (dim < 1 || coords.size() % static_cast<std::size_t>(dim) != 0)
        throw Error("coordinate-major point array of " + std::to_string(coords.size()) +
                    " values does not split into points of dimension " + std::to_string(dim) +
                    ": pass dim >= 1 and dim * count values");
    PointSet set(dim);
    set.coords_ = std::move(coords);
    return set;
}

std::vector<double> PointSet::point(std::size_t j) const {
    std::vector<double> x(static_cast<std::size_t>(dim_));
    for (int k = 0; k < dim_; ++k) x[static_cast<std::size_t>(k)] = at(j, k);
    return x;
}

void validate_points(const PointSet& points, int d_in, std::string_view what) {
    if (points.dim() != d_in)
        throw Error(std::string(what) + " have dimension " + std::to_string(points.dim()) + " but the kernel has d_in = " +
                    std::to_string(d_in) + ": give " + std::to_string(d_in) + " coordinates per point");
    for (std::size_t j = 0; j < points.size(); ++j)
        for (int k = 0; k < points.dim(); ++k)
            if (!std::isfinite(points.at(j, k)))
                throw Error(std::string(what) + ": point " + std::to_string(j) + " coordinate " + std::to_string(k) +
                            " is not finite: give finite coordinates");
}

void validate_point(std::span<const double> x, int d_in, std::string_view what) {
    if (x.size() != static_cast<std::size_t>(d_in))
        throw Error(std::string(what) + " has " + std::to_string(x.size()) + " coordinates but the kernel has d_in = " +
                    std::to_string(d_in) + ": give " + std::to_string(d_in) + " coordinates");
    for (std::size_t k = 0; k < x.size(); ++k)
        if (!std::isfinite(x[k]))
            throw Error(std::string(what) + " coordinate " + std::to_string(k) + " is not finite: give finite coordinates");
}

}  // namespace nnft::numeric
