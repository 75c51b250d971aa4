#include "sampler/moments.hpp"

#include "common/error.hpp"

#include <algorithm>

namespace nnft::sampler {

MomentKernel::MomentKernel(const TupleTable& table)
    : table_(&table), walk_(depth_first_walk(table)), lanes_(table.size() * kLanes, 0.0),
      prod_((static_cast<std::size_t>(table.max_n()) + 1) * kChunk, 0.0) {}

namespace {
// The hot loop, compiled for AVX2 and for the baseline ISA and picked at load time (GCC target_clones).
// Only IEEE multiplies and adds in a fixed order, and neither clone enables FMA (GCC 12 would contract
// a * b + c even in ISO C++ mode: an "avx512f" or "arch=haswell" clone would need -ffp-contract=off),
// so every clone gives bit-identical sums.
__attribute__((target_clones("avx2", "default"))) void walk_chunk(const WalkStep* steps, std::size_t count,
                                                                   std::uint16_t leaf, const double* values,
                                                                   double* prod, double* lanes) {
    constexpr std::size_t chunk = MomentKernel::kChunk, nl = MomentKernel::kLanes;
    for (std::size_t k = 0; k < count; ++k) {
        const WalkStep step = steps[k];
        const double* __restrict prev = prod + (step.depth - 1u) * chunk;
        double* __restrict cur = prod + step.depth * chunk;
        const double* __restrict y = values + step.point * chunk;
        double* __restrict acc = lanes + step.slot * nl;
        double a[nl];
        for (std::size_t l = 0; l < nl; ++l)
            a[l] = acc[l];
        if (step.depth == leaf) {  // longest tuples: no extension follows, skip the store
            for (std::size_t b = 0; b < chunk; b += nl)
                for (std::size_t l = 0; l < nl; ++l)
                    a[l] += prev[b + l] * y[b + l];
        } else {
            for (std::size_t b = 0; b < chunk; b += nl)
                for (std::size_t l = 0; l < nl; ++l) {
                    const double v = prev[b + l] * y[b + l];
                    cur[b + l] = v;
                    a[l] += v;
                }
        }
        for (std::size_t l = 0; l < nl; ++l)
            acc[l] = a[l];
    }
}
}  // namespace

void MomentKernel::add_chunk(const double* values, const double* weights) {
    std::copy(weights, weights + kChunk, prod_.begin());
    walk_chunk(walk_.data(), walk_.size(), static_cast<std::uint16_t>(table_->max_n()), values, prod_.data(),
               lanes_.data());
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
