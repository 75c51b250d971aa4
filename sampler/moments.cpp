#include "sampler/moments.hpp"

#include "common/error.hpp"
#include "sampler/lanes.hpp"

#include <algorithm>
#include <cstdint>

namespace nnft::sampler {

namespace {
constexpr std::size_t kChunk = MomentKernel::kChunk;
using Op = MomentKernel::Op;

// A 64-byte-aligned view into an over-allocated vector.
double* aligned64(std::vector<double>& raw, std::size_t n) {
    raw.assign(n + 8, 0.0);
    const auto address = reinterpret_cast<std::uintptr_t>(raw.data());
    return raw.data() + ((64 - address % 64) % 64) / sizeof(double);
}

// Lane-wise IEEE operations on V8 only (lanes.hpp): every clone computes the same bits.
using lanes::load;
using lanes::store;
using lanes::V8;
static_assert(MomentKernel::kLanes == lanes::kWidth, "one V8 per lane set");

// A plain step: cur = prev · y (stored unless the tuple is a longest one), lanes[slot] += cur.
__attribute__((always_inline)) inline void plain_step(const Op& op, bool leaf, const double* prev, const double* y,
                                                      double* cur, double* lanes) {
    double* acc = lanes + op.slot * MomentKernel::kLanes;
    V8 a = load(acc);
    if (leaf) {
        for (std::size_t b = 0; b < kChunk; b += 8)
            a += load(prev + b) * load(y + b);
    } else {
        for (std::size_t b = 0; b < kChunk; b += 8) {
            const V8 v = load(prev + b) * load(y + b);
            store(cur + b, v);
            a += v;
        }
    }
    store(acc, a);
}

// A fused op: c = prev · y, lanes[slot] += c (when Own), and lanes[leaf_slot[k]] += c · y_{leaf_point[k]}
// for its K children, every sum held in a register over the whole chunk. The same operations, in the
// same order per lane, as K + 1 plain steps.
template <int K, bool Own>
__attribute__((always_inline)) inline void fused_step(const Op& op, const double* prev, const double* y,
                                                      const double* values, double* lanes) {
    const double* ys[K > 0 ? K : 1];
    V8 a[K > 0 ? K : 1];
    for (int k = 0; k < K; ++k) {
        ys[k] = values + op.leaf_point[k] * kChunk;
        a[k] = load(lanes + op.leaf_slot[k] * MomentKernel::kLanes);
    }
    V8 own{};
    if (Own)
        own = load(lanes + op.slot * MomentKernel::kLanes);
    for (std::size_t b = 0; b < kChunk; b += 8) {
        const V8 c = load(prev + b) * load(y + b);
        if (Own)
            own += c;
        for (int k = 0; k < K; ++k)
            a[k] += c * load(ys[k] + b);
    }
    for (int k = 0; k < K; ++k)
        store(lanes + op.leaf_slot[k] * MomentKernel::kLanes, a[k]);
    if (Own)
        store(lanes + op.slot * MomentKernel::kLanes, own);
}

template <bool Own>
__attribute__((always_inline)) inline void fused_dispatch(const Op& op, const double* prev, const double* y,
                                                          const double* values, double* lanes) {
    switch (op.leaves) {
    case 1: fused_step<1, Own>(op, prev, y, values, lanes); break;
    case 2: fused_step<2, Own>(op, prev, y, values, lanes); break;
    case 3: fused_step<3, Own>(op, prev, y, values, lanes); break;
    case 4: fused_step<4, Own>(op, prev, y, values, lanes); break;
    case 5: fused_step<5, Own>(op, prev, y, values, lanes); break;
    default: fused_step<6, Own>(op, prev, y, values, lanes); break;
    }
}

// The hot loop, compiled for AVX-512, AVX2 and the baseline ISA and picked at load time (GCC
// target_clones); bit-identical clones (see V8).
__attribute__((target_clones("avx512f", "avx2", "default"))) void walk_chunk(const Op* ops, std::size_t count,
                                                                              std::uint16_t leaf, const double* values,
                                                                              double* prod, double* lanes) {
    for (std::size_t k = 0; k < count; ++k) {
        const Op& op = ops[k];
        const double* prev = prod + (op.depth - 1u) * kChunk;
        const double* y = values + op.point * kChunk;
        if (op.leaves == 0)
            plain_step(op, op.depth == leaf, prev, y, prod + op.depth * kChunk, lanes);
        else if (op.slot != MomentKernel::kNoSlot)
            fused_dispatch<true>(op, prev, y, values, lanes);
        else
            fused_dispatch<false>(op, prev, y, values, lanes);
    }
}

// The fused walk: depth_first_walk with each tuple of length max_n − 1 merged with its children (which
// follow it in the walk), in runs of at most kMaxLeaves.
std::vector<Op> fused_walk(const TupleTable& table) {
    const std::vector<WalkStep> walk = depth_first_walk(table);
    const auto leaf = static_cast<std::uint16_t>(table.max_n());
    std::vector<Op> ops;
    for (std::size_t i = 0; i < walk.size();) {
        const WalkStep& s = walk[i++];
        Op op{s.slot, s.point, s.depth, 0, {}, {}};
        if (leaf < 2 || s.depth != leaf - 1) {
            ops.push_back(op);
            continue;
        }
        do {  // at least one op, also for a tuple without children (there is none: its last index has one)
            op.leaves = 0;
            while (i < walk.size() && walk[i].depth == leaf && op.leaves < MomentKernel::kMaxLeaves) {
                op.leaf_point[op.leaves] = walk[i].point;
                op.leaf_slot[op.leaves] = walk[i].slot;
                ++op.leaves;
                ++i;
            }
            ops.push_back(op);
            op.slot = MomentKernel::kNoSlot;
        } while (i < walk.size() && walk[i].depth == leaf);
    }
    return ops;
}
}  // namespace

MomentKernel::MomentKernel(const TupleTable& table) : table_(&table), ops_(fused_walk(table)) {
    lanes_ = aligned64(lanes_raw_, table.size() * kLanes);
    prod_ = aligned64(prod_raw_, (static_cast<std::size_t>(table.max_n()) + 1) * kChunk);
}

void MomentKernel::add_chunk(const double* values, const double* weights) {
    std::copy(weights, weights + kChunk, prod_);
    walk_chunk(ops_.data(), ops_.size(), static_cast<std::uint16_t>(table_->max_n()), values, prod_, lanes_);
}

void MomentKernel::flush(std::span<double> sums) {
    NNFT_ASSERT(sums.size() == table_->size());
    for (std::size_t s = 0; s < sums.size(); ++s) {
        double* acc = lanes_ + s * kLanes;
        double t = 0.0;
        for (std::size_t l = 0; l < kLanes; ++l) {
            t += acc[l];
            acc[l] = 0.0;
        }
        sums[s] += t;
    }
}

}  // namespace nnft::sampler
