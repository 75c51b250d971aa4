#include "sampler/moments.hpp"

#include "common/error.hpp"

#include <algorithm>

namespace nnft::sampler {

MomentKernel::MomentKernel(const TupleTable& table)
    : table_(&table), walk_(depth_first_walk(table)), lanes_(table.size() * kLanes, 0.0),
      prod_((static_cast<std::size_t>(table.max_n()) + 1) * kChunk, 0.0) {}

void MomentKernel::add_chunk(const double* values, const double* weights) {
    std::copy(weights, weights + kChunk, prod_.begin());
    for (const WalkStep& step : walk_) {
        const double* prev = prod_.data() + (step.depth - 1u) * kChunk;
        double* cur = prod_.data() + step.depth * kChunk;
        const double* y = values + step.point * kChunk;
        double* acc = lanes_.data() + step.slot * kLanes;
        for (std::size_t b = 0; b < kChunk; b += kLanes)
            for (std::size_t l = 0; l < kLanes; ++l) {
                const double v = prev[b + l] * y[b + l];
                cur[b + l] = v;
                acc[l] += v;
            }
    }
}

void MomentKernel::flush(std::span<double> sums) {
    NNFT_ASSERT(sums.size() == table_->size());
    for (std::size_t s = 0; s < sums.size(); ++s) {
        double* acc = lanes_.data() + s * kLanes;
        double t = 0.0;
        for (std::size_t l = 0; l < kLanes; ++l) {
            t += acc[l];
            acc[l] = 0.0;
        }
        sums[s] += t;
    }
}

}  // namespace nnft::sampler
