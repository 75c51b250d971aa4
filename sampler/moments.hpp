#pragma once
/// \file The moment kernel: Σ_samples w · Π_{i∈t} y_i for every tuple t of a TupleTable.
#include "sampler/tuples.hpp"

#include <span>
#include <vector>

namespace nnft::sampler {

/// Accumulates weighted products over all tuples, kChunk samples at a time. The depth-first walk
/// extends each prefix product by one factor (one multiply and one add per tuple and sample), and the
/// sums run in 8 independent lanes so that the inner loops vectorise without reassociation; the
/// result depends only on the order of the chunks, never on threads.
class MomentKernel {
public:
    /// Samples per chunk.
    static constexpr std::size_t kChunk = 64;
    /// Independent summation lanes.
    static constexpr std::size_t kLanes = 8;
    /// A kernel for `table` (the table must outlive the kernel).
    explicit MomentKernel(const TupleTable& table);
    /// Add one chunk: values[p * kChunk + b] is y_p of sample b, weights[b] its weight (0 pads).
    void add_chunk(const double* values, const double* weights);
    /// Add the lane totals to sums[slot] (lanes summed in a fixed order) and clear the lanes.
    void flush(std::span<double> sums);

private:
    const TupleTable* table_;
    std::vector<WalkStep> walk_;
    std::vector<double> lanes_;
    std::vector<double> prod_;
};

}  // namespace nnft::sampler
