#pragma once
/// \file Dense tensor networks contracted by variable elimination: each step multiplies the factors that
/// carry one summed label and sums it out with a (batched) Eigen matrix product, so chains and trees cost
/// O(n²) per eliminated label and a loop O(n³), never n^k.
#include <cstddef>
#include <vector>

namespace nnft::numeric {

/// A dense tensor: `labels[i]` names axis i (labels are unique), `dims[i]` its size; row-major (last fastest).
struct Tensor {
    std::vector<int> labels;          ///< axis labels
    std::vector<std::size_t> dims;    ///< axis sizes
    std::vector<double> data;         ///< Π dims values, row-major
    /// Number of entries Π dims (1 for a scalar).
    std::size_t size() const;
};

/// An elimination order with its cost: flops (multiply-adds) and the largest intermediate (entries).
struct EliminationPlan {
    std::vector<int> order;        ///< labels in the order they are summed out
    double flops = 0.0;            ///< multiply-adds of all steps (product and contraction)
    double peak_entries = 0.0;     ///< largest tensor: an input factor or one any step creates
};

/// Greedy elimination order for summing the labels `eliminate` out of factors with labels `factor_labels`
/// (label sizes in `label_size`, indexed by label): at each step the label whose elimination creates the
/// smallest tensor (ties: fewer flops). Pure bookkeeping, so a caller can refuse a job before allocating.
EliminationPlan plan_elimination(const std::vector<std::vector<int>>& factor_labels,
                                 const std::vector<std::size_t>& label_size, const std::vector<int>& eliminate);

/// Contract the network: sum out plan.order's labels, then multiply what is left (outer product). The result's
/// labels are the remaining ones in increasing order (a scalar when none remain). Throws nnft::Error when a
/// label has two sizes or appears twice in one factor.
Tensor contract_network(std::vector<Tensor> factors, const EliminationPlan& plan);

namespace detail {
/// The elementwise product of a and b, broadcast over the union of their labels (a's labels first).
Tensor broadcast_product(const Tensor& a, const Tensor& b);
/// Σ_label a·b (label in both): a batched matrix product over the labels a and b share.
Tensor contract_pair(const Tensor& a, const Tensor& b, int label);
/// t with its axes reordered to `labels` (a permutation of t.labels).
Tensor permuted(const Tensor& t, const std::vector<int>& labels);
}  // namespace detail

}  // namespace nnft::numeric
