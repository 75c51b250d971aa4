#pragma once
/// \file External index tuples of a correlator and their reduction to distinct multisets.
#include <cstddef>
#include <vector>

namespace nnft::numeric {

/// Indices into the input points, one per leg (e.g. {0, 0, 2, 5} for G4(x0, x0, x2, x5)).
using Tuple = std::vector<int>;

/// All inputs^legs ordered tuples, lexicographic (6 inputs, 4 legs: 1296).
std::vector<Tuple> all_tuples(int inputs, int legs);

/// All non-decreasing tuples, lexicographic (6 inputs, 4 legs: 126).
std::vector<Tuple> sorted_tuples(int inputs, int legs);

/// Tuples of one length stored contiguously: tuple i is indices[i * legs, (i + 1) * legs). The batched vertex
/// integrand works on this form (one allocation for all tuples instead of one per tuple).
struct FlatTuples {
    std::size_t legs = 0;      ///< indices per tuple
    std::vector<int> indices;  ///< size() * legs input indices
    /// Number of tuples.
    std::size_t size() const { return legs == 0 ? 0 : indices.size() / legs; }
    /// Pointer to tuple i's `legs` indices.
    const int* operator[](std::size_t i) const { return indices.data() + i * legs; }
};

/// Distinct multisets of a tuple list: a local vertex ∫ w Π K(x_{t_i}, y) depends only on the multiset.
struct TupleIndex {
    FlatTuples unique;                      ///< sorted tuples, each once, in first-seen order
    std::vector<std::size_t> component_of;  ///< for each input tuple, its index in `unique`
    bool identity = false;                  ///< true when component_of[i] == i for all i (no duplicates)
};

/// Throws nnft::Error for an empty list, an empty tuple, tuples of different lengths, or an index outside
/// 0..inputs−1 (the checks of canonical_tuples, without building the index).
void validate_tuples(const std::vector<Tuple>& tuples, int inputs);

/// Reduce `tuples` to distinct sorted multisets; throws nnft::Error for an empty list, tuples of
/// different lengths, or an index outside 0..inputs−1. A list already sorted tuple by tuple and strictly
/// increasing (e.g. from sorted_tuples) is taken as it is; otherwise duplicates are found with a hash table.
TupleIndex canonical_tuples(const std::vector<Tuple>& tuples, int inputs);

}  // namespace nnft::numeric
