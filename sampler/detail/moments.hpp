#pragma once
/// \file The moment kernel: Σ_samples w · Π_{i∈t} y_i for every tuple t of a TupleTable.
#include "sampler/tuples.hpp"

#include <cstdint>
#include <span>
#include <vector>

namespace nnft::sampler {

/// Accumulates weighted products over all tuples, kChunk samples at a time. The depth-first walk
/// extends each prefix product by one factor (one multiply and one add per tuple and sample). The
/// walk's last levels are fused so that their sums stay in registers over the whole chunk:
///  - one-level ops (Op::Kind::Children): a tuple one step short of the longest, together with up to
///    kMaxLeaves of its children (the longest tuples): c = prev·y_p, own += c, leaf_q += c·y_q;
///  - two-level ops (Op::Kind::Grandchildren): a tuple P two steps short of the longest (last index a),
///    its children P·q for q in a run [q0, q0+C) and all their children P·q·r (r ≥ q), with the
///    factors y_{q0}, …, y_{M−1} (R = M − q0 of them) loaded once per vector and held in registers,
///    so each of the C + C·R − C(C−1)/2 sums costs one multiply and one add and no load. The run is
///    cut where the sums and the y's would no longer fit in the registers (kTreeRegisters); P itself
///    is computed (and stored for the later runs) by its first run. Only CPUs with AVX-512 get these
///    ops (walked by an AVX-512 function); with 16 registers the sums would spill, and the cloned
///    AVX2 and baseline walks see one-level ops only. Parents with M − a > kMaxRange stay one-level.
/// Every op adds each of its tuples' products, formed prefix by prefix as in the plain walk, into its
/// own sum, so the fusion changes no bit. The sums run in 8 independent lanes (sample b in lane b mod
/// 8), each a fixed sequence of IEEE multiplies and adds, so the AVX-512, AVX2 and portable clones
/// give the same bits and the result depends only on the order of the chunks, never on threads.
class MomentKernel {
public:
    /// Samples per chunk (one ensemble block): each op's set-up is spread over 32 vector iterations
    /// (−23 % time per sample against 64; the sums do not depend on it, lane l takes samples ≡ l mod 8).
    static constexpr std::size_t kChunk = 256;
    /// Independent summation lanes.
    static constexpr std::size_t kLanes = 8;
    /// Which levels of the walk are fused (the sums are the same bits for every choice).
    enum class Fusion {
        Auto,      ///< two-level ops (max_n ≥ 3) where the CPU has AVX-512 (32 vector registers), else one level
        OneLevel,  ///< one-level ops only (the layout of CPUs without AVX-512)
    };
    /// A kernel for `table` (the table must outlive the kernel).
    explicit MomentKernel(const TupleTable& table, Fusion fusion = Fusion::Auto);
    /// Add one chunk: values[p * kChunk + b] is y_p of sample b, weights[b] its weight (0 pads).
    void add_chunk(const double* values, const double* weights);
    /// Add the lane totals to sums[slot] (lanes summed in a fixed order) and clear the lanes.
    void flush(std::span<double> sums);
    /// Whether this kernel runs two-level ops (Fusion::Auto, max_n ≥ 3, a CPU with AVX-512).
    bool two_level() const { return two_level_; }

    /// One unit of the fused walk. The fused tuples' slots are consecutive (the table is lexicographic).
    struct Op {
        /// What the op computes.
        enum class Kind : std::uint8_t {
            Step,          ///< prod[depth] = prod[depth−1]·y_point (not stored at max_n), sum into `slot`
            Children,      ///< c = prod[depth−1]·y_point into `slot`; c·y_q into child_slot + q − first
            Grandchildren  ///< see the class comment: P = the tuple (`slot`, `point`, `depth`)
        };
        std::uint32_t slot;        ///< slot of the tuple ending at `point` (kNoSlot: summed by an earlier op)
        std::uint32_t child_slot;  ///< slot of the first fused child (the child ending at `first`)
        std::uint32_t leaf_slot;   ///< Grandchildren: slot of the first grandchild (ending at first, first)
        std::uint16_t point;       ///< the tuple's last index
        std::uint16_t depth;       ///< its length
        std::uint16_t first;       ///< last index of the first fused child
        Kind kind;                 ///< Step, Children or Grandchildren
        std::uint8_t count;        ///< fused children (Children: ≤ kMaxLeaves; Grandchildren: C ≤ range)
        std::uint8_t range;        ///< Grandchildren: R = points − first, the factors held in registers
    };
    /// Most children fused into one one-level op.
    static constexpr std::uint16_t kMaxLeaves = 6;
    /// Most factors held in registers by one two-level op (parents with M − a > kMaxRange use one level).
    static constexpr int kMaxRange = 8;
    /// Vector registers a two-level op may fill with sums and factors (AVX-512 has 32; 3 stay for temporaries).
    static constexpr int kTreeRegisters = 28;
    /// Marks an op whose own tuple was summed by an earlier op (a split run of children).
    static constexpr std::uint32_t kNoSlot = 0xFFFFFFFFu;

private:
    const TupleTable* table_;
    bool two_level_;
    std::vector<Op> ops_;
    std::vector<double> lanes_raw_, prod_raw_;  // over-allocated for 64-byte alignment
    double* lanes_;
    double* prod_;
};

}  // namespace nnft::sampler
