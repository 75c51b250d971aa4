#pragma once
/// \file The local vertex integrand w(y) Π_i K(x_{t_i}, y), batched over tuples and nodes.
#include <functional>
#include <vector>

#include "numeric/integrand.hpp"
#include "numeric/kernels.hpp"
#include "numeric/tuples.hpp"

namespace nnft::numeric {

/// A weight w(y) on a block of nodes: w[j] = w(node j). An empty function means w = 1.
using VertexWeight = std::function<void(const PointBlock&, double*)>;

/// w(y) = |y|² (the λ2 ∫ x² f⁴ operator of the paper's fits; y² for d_in = 1).
VertexWeight weight_norm_squared();

/// w(y) = K(y, y)^power (self-energy insertions L(y) = K(y, y), e.g. ∫ K1y L(y) Ky2).
VertexWeight weight_kernel_diagonal_power(const Kernel& kernel, int power);

/// Components: one per tuple t, f_t(y) = w(y) Π_i K(x_{t_i}, y). The kernel rows K(x_m, y) are computed
/// once per node block and shared by every tuple (prefix products reused between lexicographic neighbours).
class VertexIntegrand : public BatchIntegrand {
public:
    /// Validates the inputs against the kernel's d_in and the tuples' indices (throws nnft::Error).
    VertexIntegrand(const Kernel& kernel, PointSet inputs, const std::vector<Tuple>& tuples, VertexWeight weight = {});
    /// The same from tuples stored flat (one component per tuple, in order); same checks.
    VertexIntegrand(const Kernel& kernel, PointSet inputs, FlatTuples tuples, VertexWeight weight = {});
    /// d_in.
    int dim() const override { return kernel_.spec().d_in; }
    /// Number of tuples.
    std::size_t components() const override { return tuples_.size(); }
    /// out[c * n + j] = w(y_j) Π_i K(x_{t_c,i}, y_j).
    void evaluate(const PointBlock& nodes, double* out) const override;
    /// Fused: the last leg's product goes straight into the weighted sum (no per-node output); same bits as
    /// evaluate followed by the sums.
    void weighted_sums(const PointBlock& nodes, const double* w, std::span<const NodeRange> ranges, double* sums) const override;
    /// Kernel rows, prefix products and weights: inputs + legs + 1 doubles per node (not one per tuple).
    std::size_t sum_scratch_per_node() const override { return inputs_.size() + tuples_.legs + 1; }

private:
    // Kernel rows and prefix products on `nodes`; calls last(c, p, k, simd) per tuple c with p = w Π of all legs
    // but the last (nullptr for one leg without weight), k = the last leg's kernel row, simd = use AVX2 loops.
    template <class Last>
    void traverse(const PointBlock& nodes, Last&& last) const;

    Kernel kernel_;
    PointSet inputs_;
    FlatTuples tuples_;
    std::vector<std::size_t> order_;  // lexicographic evaluation order
    VertexWeight weight_;
};

}  // namespace nnft::numeric
