#pragma once
/// \file The moment kernel: Σ_samples w · Π_{i∈t} y_i for every tuple t of a TupleTable.
#include "sampler/tuples.hpp"

#include <span>
#include <vector>

namespace nnft::sampler {

/// Accumulates weighted products over all tuples, kChunk samples at a time. The depth-first walk
/// extends each prefix product by one factor (one multiply and one add per tuple and sample); the
/// tuples one step short of the longest are fused with their children (the longest tuples), whose
/// sums stay in registers over the chunk. The sums run in 8 independent lanes (sample b in lane
/// b mod 8), each a fixed sequence of IEEE multiplies and adds, so the AVX-512, AVX2 and portable
/// clones give the same bits and the result depends only on the order of the chunks, never on threads.
class MomentKernel {
public:
    /// Samples per chunk (one ensemble block): each op's set-up is spread over 32 vector iterations
    /// (−23 % time per sample against 64; the sums do not depend on it, lane l takes samples ≡ l mod 8).
    static constexpr std::size_t kChunk = 256;
    /// Independent summation lanes.
    static constexpr std::size_t kLanes = 8;
    /// A kernel for `table` (the table must outlive the kernel).
    explicit MomentKernel(const TupleTable& table);
    /// Add one chunk: values[p * kChunk + b] is y_p of sample b, weights[b] its weight (0 pads).
    void add_chunk(const double* values, const double* weights);
    /// Add the lane totals to sums[slot] (lanes summed in a fixed order) and clear the lanes.
    void flush(std::span<double> sums);

    /// One unit of the fused walk: a step of the depth-first walk (leaves = 0), or a tuple one short of
    /// the longest (`slot`, unless it is kNoSlot) together with up to kMaxLeaves of its children.
    struct Op {
        std::uint32_t slot;                ///< slot of the tuple ending at `point` (kNoSlot: already summed)
        std::uint16_t point;               ///< its last index
        std::uint16_t depth;               ///< its length
        std::uint16_t leaves;              ///< number of fused children (0: a plain step)
        std::uint16_t leaf_point[6];       ///< the children's last indices
        std::uint32_t leaf_slot[6];        ///< the children's slots
    };
    /// Most children fused into one op.
    static constexpr std::uint16_t kMaxLeaves = 6;
    /// Marks an op whose own tuple was summed by an earlier op (a split run of children).
    static constexpr std::uint32_t kNoSlot = 0xFFFFFFFFu;

private:
    const TupleTable* table_;
    std::vector<Op> ops_;
    std::vector<double> lanes_raw_, prod_raw_;  // over-allocated for 64-byte alignment
    double* lanes_;
    double* prod_;
};

}  // namespace nnft::sampler
