#include "sampler/detail/moments.hpp"

#include "common/error.hpp"
#include "sampler/detail/lanes.hpp"

#include <algorithm>
#include <cstdint>
#include <utility>

namespace nnft::sampler {

namespace {
constexpr std::size_t kChunk = MomentKernel::kChunk;
constexpr std::size_t kLanes = MomentKernel::kLanes;
using Op = MomentKernel::Op;
using Kind = Op::Kind;

using lanes::aligned64;

// Sums of a two-level op with R factors and C children: C children and Σ_{j<C} (R − j) grandchildren.
constexpr int tree_sums(int range, int children) { return children + children * range - children * (children - 1) / 2; }
// Whether that op's sums and factors fit in the register budget.
constexpr bool tree_fits(int range, int children) {
    return children >= 1 && children <= range && range <= MomentKernel::kMaxRange &&
           tree_sums(range, children) + range <= MomentKernel::kTreeRegisters;
}

// Lane-wise IEEE operations on V8 only (lanes.hpp): every clone computes the same bits.
using lanes::load;
using lanes::store;
using lanes::V8;
static_assert(kLanes == lanes::kWidth, "one V8 per lane set");

// A plain step: cur = prev · y (stored unless the tuple is a longest one), lanes[slot] += cur.
__attribute__((always_inline)) inline void plain_step(const Op& op, bool leaf, const double* prev, const double* y,
                                                      double* cur, double* lanes) {
    double* acc = lanes + op.slot * kLanes;
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

// A one-level op: c = prev · y, lanes[slot] += c (when Own), and lanes[child_slot + k] += c · y_{first + k}
// for its K children, every sum held in a register over the whole chunk. The same operations, in the
// same order per lane, as K + 1 plain steps.
template <int K, bool Own>
__attribute__((always_inline)) inline void children_step(const Op& op, const double* prev, const double* y,
                                                         const double* values, double* lanes) {
    const double* ys = values + op.first * kChunk;
    double* leaves = lanes + op.child_slot * kLanes;
    V8 a[K];
#pragma GCC unroll 8
    for (int k = 0; k < K; ++k)
        a[k] = load(leaves + k * kLanes);
    V8 own{};
    if (Own)
        own = load(lanes + op.slot * kLanes);
    for (std::size_t b = 0; b < kChunk; b += 8) {
        const V8 c = load(prev + b) * load(y + b);
        if (Own)
            own += c;
#pragma GCC unroll 8
        for (int k = 0; k < K; ++k)
            a[k] += c * load(ys + k * kChunk + b);
    }
#pragma GCC unroll 8
    for (int k = 0; k < K; ++k)
        store(leaves + k * kLanes, a[k]);
    if (Own)
        store(lanes + op.slot * kLanes, own);
}

template <bool Own>
__attribute__((always_inline)) inline void children_dispatch(const Op& op, const double* prev, const double* y,
                                                             const double* values, double* lanes) {
    switch (op.count) {
    case 1: children_step<1, Own>(op, prev, y, values, lanes); break;
    case 2: children_step<2, Own>(op, prev, y, values, lanes); break;
    case 3: children_step<3, Own>(op, prev, y, values, lanes); break;
    case 4: children_step<4, Own>(op, prev, y, values, lanes); break;
    case 5: children_step<5, Own>(op, prev, y, values, lanes); break;
    default: children_step<6, Own>(op, prev, y, values, lanes); break;
    }
}
static_assert(MomentKernel::kMaxLeaves == 6, "children_dispatch covers 1..6 children");

// A two-level op (see the header): per vector of samples, the R factors y_{first..first+R−1} are loaded
// once; p = prod[depth−1] · y_point is formed, stored and summed when Own (point == first), else loaded
// from prod[depth]; then for each child j < C: c = p · y_{first+j}, child sum += c, and for r = j..R−1:
// grandchild sum += c · y_{first+r}. The same products, each summed once, in the walk's sample order.
template <int R, int C, bool Own>
__attribute__((always_inline)) inline void grandchildren_step(const Op& op, const double* values, double* prod,
                                                              double* lanes) {
    constexpr int G = tree_sums(R, C) - C;
    const double* ys = values + op.first * kChunk;
    const double* prev = prod + (op.depth - (Own ? 1u : 0u)) * kChunk;
    double* cur = prod + op.depth * kChunk;
    double* child = lanes + op.child_slot * kLanes;
    double* leaf = lanes + op.leaf_slot * kLanes;
    V8 own{};
    if (Own)
        own = load(lanes + op.slot * kLanes);
    V8 a[C], g[G];
#pragma GCC unroll 32
    for (int j = 0; j < C; ++j)
        a[j] = load(child + j * kLanes);
#pragma GCC unroll 32
    for (int k = 0; k < G; ++k)
        g[k] = load(leaf + k * kLanes);
    for (std::size_t b = 0; b < kChunk; b += 8) {
        V8 y[R];
#pragma GCC unroll 32
        for (int r = 0; r < R; ++r)
            y[r] = load(ys + r * kChunk + b);
        V8 p = load(prev + b);
        if (Own) {
            p = p * y[0];
            store(cur + b, p);
            own += p;
        }
        int k = 0;
#pragma GCC unroll 32
        for (int j = 0; j < C; ++j) {
            const V8 c = p * y[j];
            a[j] += c;
#pragma GCC unroll 32
            for (int r = j; r < R; ++r)
                g[k++] += c * y[r];
        }
    }
#pragma GCC unroll 32
    for (int j = 0; j < C; ++j)
        store(child + j * kLanes, a[j]);
#pragma GCC unroll 32
    for (int k = 0; k < G; ++k)
        store(leaf + k * kLanes, g[k]);
    if (Own)
        store(lanes + op.slot * kLanes, own);
}

// Calls grandchildren_step<R, C, Own> for the op's R = range and C = count (those that tree_fits).
template <int R, int C>
__attribute__((always_inline)) inline void grandchildren_children(const Op& op, const double* values, double* prod,
                                                                  double* lanes) {
    if constexpr (tree_fits(R, C)) {
        if (op.count != C)
            return grandchildren_children<R, C + 1>(op, values, prod, lanes);
        if (op.slot != MomentKernel::kNoSlot)
            grandchildren_step<R, C, true>(op, values, prod, lanes);
        else
            grandchildren_step<R, C, false>(op, values, prod, lanes);
    }
}

template <int R>
__attribute__((always_inline)) inline void grandchildren_dispatch(const Op& op, const double* values, double* prod,
                                                                  double* lanes) {
    if constexpr (R <= MomentKernel::kMaxRange) {
        if (op.range == R)
            grandchildren_children<R, 1>(op, values, prod, lanes);
        else
            grandchildren_dispatch<R + 1>(op, values, prod, lanes);
    }
}

// One op of the walk. Two-level ops exist only in the AVX-512 walk (Trees): with 16 or fewer vector
// registers their sums would be spilled, and the kernel gives those CPUs one-level ops instead.
template <bool Trees>
__attribute__((always_inline)) inline void walk_op(const Op& op, std::uint16_t leaf, const double* values,
                                                   double* prod, double* lanes) {
    const double* prev = prod + (op.depth - 1u) * kChunk;
    const double* y = values + op.point * kChunk;
    switch (op.kind) {
    case Kind::Step: plain_step(op, op.depth == leaf, prev, y, prod + op.depth * kChunk, lanes); break;
    case Kind::Children:
        if (op.slot != MomentKernel::kNoSlot)
            children_dispatch<true>(op, prev, y, values, lanes);
        else
            children_dispatch<false>(op, prev, y, values, lanes);
        break;
    case Kind::Grandchildren:
        if constexpr (Trees)
            grandchildren_dispatch<1>(op, values, prod, lanes);
        break;
    }
}

// The hot loop with one-level ops, compiled for AVX-512, AVX2 and the baseline ISA and picked at load
// time (GCC target_clones); bit-identical clones (see V8).
NNFT_LANE_CLONES void walk_chunk(const Op* ops, std::size_t count,
                                                                              std::uint16_t leaf, const double* values,
                                                                              double* prod, double* lanes) {
    for (std::size_t k = 0; k < count; ++k)
        walk_op<false>(ops[k], leaf, values, prod, lanes);
}

// The hot loop with two-level ops, for CPUs with AVX-512 (32 vector registers, one V8 each); the same
// lane-wise IEEE operations as walk_chunk, so the same bits.
__attribute__((target("avx512f"))) void walk_chunk_trees(const Op* ops, std::size_t count, std::uint16_t leaf,
                                                         const double* values, double* prod, double* lanes) {
    for (std::size_t k = 0; k < count; ++k)
        walk_op<true>(ops[k], leaf, values, prod, lanes);
}

// Lane l of the eight slots' accumulators rows[0..7] (rows[i] = the lanes of slot s + i): an 8×8
// transpose in three rounds of exact two-vector shuffles (pairs, then 2×2 blocks, then 4×4 blocks).
typedef std::int64_t Mask8 __attribute__((__vector_size__(64)));
__attribute__((always_inline)) inline void transpose8(V8 (&r)[8]) {
    V8 t[8];
    for (int i = 0; i < 8; i += 2) {
        t[i] = NNFT_SHUFFLE(Mask8, r[i], r[i + 1], 0, 8, 2, 10, 4, 12, 6, 14);
        t[i + 1] = NNFT_SHUFFLE(Mask8, r[i], r[i + 1], 1, 9, 3, 11, 5, 13, 7, 15);
    }
    for (int i : {0, 1, 4, 5}) {
        r[i] = NNFT_SHUFFLE(Mask8, t[i], t[i + 2], 0, 1, 8, 9, 4, 5, 12, 13);
        r[i + 2] = NNFT_SHUFFLE(Mask8, t[i], t[i + 2], 2, 3, 10, 11, 6, 7, 14, 15);
    }
    for (int i = 0; i < 4; ++i) {
        t[i] = NNFT_SHUFFLE(Mask8, r[i], r[i + 4], 0, 1, 2, 3, 8, 9, 10, 11);
        t[i + 4] = NNFT_SHUFFLE(Mask8, r[i], r[i + 4], 4, 5, 6, 7, 12, 13, 14, 15);
    }
    for (int i = 0; i < 8; ++i)
        r[i] = t[i];
}

// sums[s] += ((0 + lane 0) + lane 1) + … + lane 7 for every slot, and clear the lanes: eight slots per
// vector after a transpose (the same adds in the same order per slot), the last slots one by one.
NNFT_LANE_CLONES void flush_lanes(double* lanes, double* sums,
                                                                               std::size_t slots) {
    std::size_t s = 0;
    for (; s + 8 <= slots; s += 8) {
        double* acc = lanes + s * kLanes;
        V8 r[8];
        for (std::size_t i = 0; i < 8; ++i) {
            r[i] = load(acc + i * kLanes);
            store(acc + i * kLanes, V8{});
        }
        transpose8(r);
        V8 t{};
        for (const V8& lane : r)
            t += lane;
        store(sums + s, load(sums + s) + t);
    }
    for (; s < slots; ++s) {
        double* acc = lanes + s * kLanes;
        double t = 0.0;
        for (std::size_t l = 0; l < kLanes; ++l) {
            t += acc[l];
            acc[l] = 0.0;
        }
        sums[s] += t;
    }
}

// The end of the subtree of walk[i]: the steps after it that are deeper.
std::size_t subtree_end(const std::vector<WalkStep>& walk, std::size_t i) {
    std::size_t end = i + 1;
    while (end < walk.size() && walk[end].depth > walk[i].depth)
        ++end;
    return end;
}

// The first slot and the number of the steps at `depth` in walk[begin, end), asserted to be consecutive
// slots: the fused ops address their tuples as a base slot plus an offset.
std::pair<std::uint32_t, std::size_t> consecutive_slots(const std::vector<WalkStep>& walk, std::size_t begin,
                                                        std::size_t end, std::uint16_t depth) {
    std::uint32_t first = 0;
    std::size_t count = 0;
    for (std::size_t k = begin; k < end; ++k) {
        if (walk[k].depth != depth)
            continue;
        if (count == 0)
            first = walk[k].slot;
        NNFT_ASSERT(walk[k].slot == first + count);
        ++count;
    }
    return {first, count};
}

// Two-level ops for the tuple walk[i] (two short of the longest, last index a) and its subtree walk[i+1,
// end) — children ending at a … M−1 and their children — in runs of children as long as their sums and
// factors fit the registers.
void push_grandchildren(const std::vector<WalkStep>& walk, std::size_t i, std::size_t end, std::size_t points,
                        std::vector<Op>& ops) {
    const WalkStep& s = walk[i];
    const int all = static_cast<int>(points - s.point);
    auto [child, children_count] = consecutive_slots(walk, i + 1, end, static_cast<std::uint16_t>(s.depth + 1));
    auto [leaf, leaves_count] = consecutive_slots(walk, i + 1, end, static_cast<std::uint16_t>(s.depth + 2));
    NNFT_ASSERT(children_count == static_cast<std::size_t>(all) &&
                leaves_count == static_cast<std::size_t>(tree_sums(all, all) - all));
    for (std::size_t first = s.point; first < points;) {
        const int range = static_cast<int>(points - first);
        int children = 1;
        while (children < range && tree_fits(range, children + 1))
            ++children;
        NNFT_ASSERT(tree_fits(range, children));
        ops.push_back({first == s.point ? s.slot : MomentKernel::kNoSlot, child, leaf, s.point, s.depth,
                       static_cast<std::uint16_t>(first), Kind::Grandchildren, static_cast<std::uint8_t>(children),
                       static_cast<std::uint8_t>(range)});
        child += static_cast<std::uint32_t>(children);
        leaf += static_cast<std::uint32_t>(tree_sums(range, children) - children);
        first += static_cast<std::size_t>(children);
    }
}

// The fused walk: depth_first_walk with each tuple of length max_n − 2 merged with its subtree (two-level
// ops, when `two_level` and its factors fit), and each other tuple of length max_n − 1 merged with its
// children (which follow it in the walk), in runs of at most kMaxLeaves.
std::vector<Op> fused_walk(const TupleTable& table, bool two_level) {
    const std::vector<WalkStep> walk = depth_first_walk(table);
    const auto leaf = static_cast<std::uint16_t>(table.max_n());
    const std::size_t points = table.points();
    std::vector<Op> ops;
    for (std::size_t i = 0; i < walk.size();) {
        const WalkStep& s = walk[i];
        if (two_level && leaf >= 3 && s.depth == leaf - 2 && points - s.point <= MomentKernel::kMaxRange) {
            const std::size_t end = subtree_end(walk, i);
            push_grandchildren(walk, i, end, points, ops);
            i = end;
            continue;
        }
        ++i;
        Op op{s.slot, 0, 0, s.point, s.depth, 0, Kind::Step, 0, 0};
        if (leaf < 2 || s.depth != leaf - 1) {
            ops.push_back(op);
            continue;
        }
        const std::size_t end = subtree_end(walk, i - 1);
        NNFT_ASSERT(consecutive_slots(walk, i, end, leaf).second == points - s.point);
        do {  // at least one op, also for a tuple without children (there is none: its last index has one)
            op.kind = Kind::Children;
            op.child_slot = walk[i].slot;
            op.first = walk[i].point;
            op.count = 0;
            while (i < end && op.count < MomentKernel::kMaxLeaves) {
                ++op.count;
                ++i;
            }
            ops.push_back(op);
            op.slot = MomentKernel::kNoSlot;
        } while (i < end);
    }
    return ops;
}

// Whether walk_chunk_trees may run: the condition under which target_clones picks walk_chunk's AVX-512 clone.
bool cpu_has_avx512f() { return __builtin_cpu_supports("avx512f"); }
}  // namespace

MomentKernel::MomentKernel(const TupleTable& table, Fusion fusion)
    : table_(&table),
      two_level_(table.max_n() >= 3 && fusion == Fusion::Auto && cpu_has_avx512f()),
      ops_(fused_walk(table, two_level_)) {
    lanes_ = aligned64(lanes_raw_, table.size() * kLanes);
    prod_ = aligned64(prod_raw_, (static_cast<std::size_t>(table.max_n()) + 1) * kChunk);
}

void MomentKernel::add_chunk(const double* values, const double* weights) {
    std::copy(weights, weights + kChunk, prod_);
    const auto leaf = static_cast<std::uint16_t>(table_->max_n());
    if (two_level_)
        walk_chunk_trees(ops_.data(), ops_.size(), leaf, values, prod_, lanes_);
    else
        walk_chunk(ops_.data(), ops_.size(), leaf, values, prod_, lanes_);
}

void MomentKernel::flush(std::span<double> sums) {
    NNFT_ASSERT(sums.size() == table_->size());
    flush_lanes(lanes_, sums.data(), sums.size());
}

}  // namespace nnft::sampler
