#include "numeric/integrand.hpp"

#include <vector>

namespace nnft::numeric {

void FunctionIntegrand::evaluate(const PointBlock& nodes, double* out) const {
    std::vector<double> y(static_cast<std::size_t>(dim_));
    for (std::size_t j = 0; j < nodes.count; ++j) {
        for (int k = 0; k < dim_; ++k) y[static_cast<std::size_t>(k)] = nodes.coords[static_cast<std::size_t>(k) * nodes.count + j];
        out[j] = f_(y);
    }
}

}  // namespace nnft::numeric
