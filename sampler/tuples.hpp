#pragma once
/// \file Non-decreasing index tuples (multisets) of P points, their ranks, and set partitions.
#include "numeric/tuples.hpp"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace nnft::sampler {

/// All non-decreasing tuples (i1 ≤ … ≤ in) over `points` indices for 1 ≤ n ≤ max_n, stored in one flat
/// table ordered by length, then lexicographically. Slot s of the table holds one tuple.
/// Inside the sampler tuples stay compact (std::uint16_t indices): the per-network moment kernels walk every
/// slot for every network (tens of thousands of slots), and half-width indices keep those tables in cache. Tuples handed to
/// other modules (correlator entries) are numeric::Tuple, see numeric_tuple().
class TupleTable {
public:
    /// The table over `points` indices for lengths 1..max_n (1 ≤ max_n ≤ 6).
    TupleTable(std::size_t points, int max_n);
    /// Number of points P.
    std::size_t points() const { return points_; }
    /// Largest tuple length.
    int max_n() const { return max_n_; }
    /// Total number of slots (tuples of all lengths 1..max_n).
    std::size_t size() const { return offset_.back(); }
    /// First slot of the tuples of length n (n = 1..max_n+1; n = max_n+1 gives size()).
    std::size_t offset(int n) const { return offset_[static_cast<std::size_t>(n - 1)]; }
    /// Number of tuples of length n.
    std::size_t count(int n) const { return offset(n + 1) - offset(n); }
    /// The slot of a non-decreasing tuple (length 1..max_n).
    std::size_t slot(const std::uint16_t* tuple, int n) const;
    /// The tuple stored in slot s (its length is tuple_length(s)).
    std::vector<std::uint16_t> tuple(std::size_t s) const;
    /// The tuple stored in slot s as the tuple type shared by the modules (numeric::Tuple).
    numeric::Tuple numeric_tuple(std::size_t s) const;
    /// Length of the tuple in slot s.
    int tuple_length(std::size_t s) const;

    /// Number of non-decreasing tuples of length n over P points: C(P+n−1, n), or +inf-safe double.
    static double count_tuples(double points, int n);

private:
    std::size_t points_;
    int max_n_;
    std::vector<std::size_t> offset_;               // size max_n + 1
    std::vector<std::vector<std::size_t>> multi_;   // multi_[len][p]: tuples of length len, entries ≥ p
};

/// One step of the depth-first walk that visits every tuple as a prefix extension: the running product
/// at `depth` is the product at depth−1 times the value of `point`, and is summed into `slot`.
struct WalkStep {
    std::uint32_t slot;   ///< table slot of the tuple ending here
    std::uint16_t point;  ///< the last index of the tuple
    std::uint16_t depth;  ///< the tuple length (1..max_n)
};

/// The depth-first walk over all tuples of the table (size() steps, prefixes before extensions).
std::vector<WalkStep> depth_first_walk(const TupleTable& table);

/// A set partition of {0..n−1}: block[i] is the block label of element i, labels 0..blocks−1.
struct SetPartition {
    std::vector<std::uint8_t> block;  ///< block label per element
    int blocks = 0;                   ///< number of blocks
};

/// All set partitions of {0..n−1} (Bell(n) of them), 0 ≤ n ≤ 6.
const std::vector<SetPartition>& set_partitions(int n);

}  // namespace nnft::sampler
