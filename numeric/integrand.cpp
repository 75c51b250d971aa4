#include "numeric/integrand.hpp"

#include <vector>

#include "numeric/detail/integration_common.hpp"
#include "numeric/detail/vector_ops.hpp"

namespace nnft::numeric {

void BatchIntegrand::weighted_sums(const PointBlock& nodes, const double* w, std::span<const NodeRange> ranges,
                                   double* sums) const {
    const std::size_t n = nodes.count, nc = components();
    thread_local std::vector<double> cache;
    const detail::Scratch scratch(cache, nc * n);
    evaluate(nodes, scratch.data());
    for (std::size_t r = 0; r < ranges.size(); ++r)
        for (std::size_t c = 0; c < nc; ++c)
            sums[r * nc + c] = detail::dot4(w + ranges[r].begin, scratch.data() + c * n + ranges[r].begin,
                                            ranges[r].end - ranges[r].begin);
}

void FunctionIntegrand::evaluate(const PointBlock& nodes, double* out) const {
    std::vector<double> y(static_cast<std::size_t>(dim_));
    for (std::size_t j = 0; j < nodes.count; ++j) {
        for (int k = 0; k < dim_; ++k) y[static_cast<std::size_t>(k)] = nodes.coords[static_cast<std::size_t>(k) * nodes.count + j];
        out[j] = f_(y);
    }
}

}  // namespace nnft::numeric
